import { Option, type Command } from "commander";
import { InvalidArgumentError } from "../../indexer/errors";
import { isPostgresUrl, postgresTarget, withSchema } from "../../indexer/store/postgres/target";

/** The environment variable standing for `--db` when the command line has none. */
export const DB_VARIABLE = "UDI_DB";

const DB_FLAGS = "--db <file-or-url>";
const SCHEMA_FLAGS = "--schema <name>";

/**
 * Adds `--db` (or $UDI_DB) and `--schema` to a command that reads or writes the index. Before its action runs, the
 * schema is folded into the URL (`withSchema`), so the action gets one `db` string that locates the whole index; a
 * missing database, a schema on an SQLite file, a malformed URL or schema name are usage errors naming the option,
 * raised before anything connects (the URL shown with its password redacted).
 */
export function addDatabaseOptions(command: Command, note = "the index"): Command {
  return command
    .addOption(new Option(DB_FLAGS, `${note}: SQLite file, or postgres:// / postgresql:// URL`).env(DB_VARIABLE))
    .addOption(new Option(SCHEMA_FLAGS, "PostgreSQL schema holding the index (default: the server's, public)"))
    .hook("preAction", (self) => {
      const { db, schema } = self.opts<{ db?: string; schema?: string }>();
      if (!db) return self.error(`error: required option '${DB_FLAGS}' not specified, and $${DB_VARIABLE} is not set`);
      if (schema !== undefined && !isPostgresUrl(db))
        return self.error(`error: --schema "${schema}": names a PostgreSQL schema, and --db "${db}" is an SQLite file`);
      try {
        const located = schema === undefined ? db : withSchema(db, schema);
        if (isPostgresUrl(located)) postgresTarget(located);
        self.setOptionValue("db", located);
      } catch (error) {
        if (!(error instanceof InvalidArgumentError)) throw error;
        self.error(`error: --${error.field} "${error.value}": ${error.reason}`);
      }
    });
}
