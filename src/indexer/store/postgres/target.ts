import { InvalidArgumentError } from "../../errors";

/** A PostgreSQL database to open: its URL (as given, password included) and the schema holding the index. */
export interface PostgresTarget {
  url: string;
  /** The URL with its password replaced by `***`: the only form that goes into logs and messages. */
  redacted: string;
  /** Null: the server's default search path (`public`). */
  schema: string | null;
}

/** A `--db` value that names PostgreSQL rather than an SQLite file. */
export const isPostgresUrl = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db);

/** `url` with any password replaced by `***` (also in a query string's `password=`). */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/i, "$1:***@").replace(/([?&]password=)[^&]*/gi, "$1***");
}

/** Schema names udi-ledger accepts: an unquoted SQL identifier, so no name can carry SQL. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

const SCHEMA_RULE =
  "is not a schema name udi-ledger accepts (letters, digits and _, not starting with a digit, at most 63)";

/**
 * The `--db` value naming `schema` in the database of `url` (`schema=` in its query, which udi-ledger reads and does
 * not pass on): one string carries the whole location through the code.
 */
export function withSchema(url: string, schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new InvalidArgumentError("schema", schema, SCHEMA_RULE);
  const [base, query = ""] = url.split("?", 2);
  const params = new URLSearchParams(query);
  params.set("schema", schema);
  return `${base}?${params.toString()}`;
}

/** Checks a PostgreSQL URL and its schema before anything connects; errors name the field and redact the password. */
export function postgresTarget(db: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(db);
  } catch {
    throw new InvalidArgumentError(
      "db",
      redactUrl(db),
      "is not a valid PostgreSQL URL (postgres://user@host:port/database)",
    );
  }
  const schema = parsed.searchParams.get("schema") ?? undefined;
  parsed.searchParams.delete("schema");
  const url = parsed.toString();
  const redacted = redactUrl(url);
  if (!parsed.hostname && !parsed.searchParams.get("host"))
    throw new InvalidArgumentError("db", redacted, "names no host (postgres://user@host:port/database)");
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new InvalidArgumentError("schema", schema, SCHEMA_RULE);
  return { url, redacted, schema: schema?.toLowerCase() ?? null };
}
