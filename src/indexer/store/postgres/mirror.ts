import Database from "better-sqlite3";
import { projectionDdl } from "../schema";
import { createSql, type Sql } from "../sql";
import type { Checkpoint } from "../store";
import type { Statement } from "./bridge";
import type { TableShape } from "./ddl";

/**
 * The indexing leader's write-behind copy of the projections: a scratch SQLite database (a temporary file, paged to
 * disk as it grows) that the event handlers update exactly as they update an SQLite store, event by event, with no
 * round trip. Triggers note every key a range touches; `changes()` turns them into a few set-based statements per
 * table (delete the keys that are gone, upsert the rows that are there), sent to PostgreSQL with the range.
 */
export interface Mirror {
  readonly sql: Sql;
  /** The checkpoint of PostgreSQL that the mirror's rows equal. */
  checkpoint: Checkpoint;
  /** Statements bringing PostgreSQL's projections to the mirror's, for the keys touched since the last call. */
  changes(): Statement[];
  /** Statements replacing every projection row in PostgreSQL with the mirror's (after a rebuild). */
  everything(): Statement[];
  /** Starts noting changed keys (after the mirror was filled). */
  track(): void;
  close(): void;
}

export function openMirror(shapes: TableShape[], checkpoint: Checkpoint): Mirror {
  const db = new Database("");
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -65536");
  db.exec(projectionDdl());
  const sql = createSql(db);
  const keysOf = (shape: TableShape, row: "NEW" | "OLD") => shape.primaryKey.map((k) => `${row}.${k}`).join(", ");
  const touched = new Map(
    shapes.map((shape) => {
      const keys = shape.primaryKey.join(", ");
      const match = shape.primaryKey.map((k) => `t.${k} = c.${k}`).join(" AND ");
      return [
        shape.name,
        {
          present: `SELECT t.* FROM ${shape.name} t JOIN changed_${shape.name} c ON ${match}`,
          gone: `SELECT ${keys} FROM changed_${shape.name} c WHERE NOT EXISTS (SELECT 1 FROM ${shape.name} t WHERE ${match})`,
        },
      ];
    }),
  );
  return {
    sql,
    checkpoint,
    changes() {
      const statements: Statement[] = [];
      for (const shape of shapes) {
        const { present, gone } = touched.get(shape.name)!;
        const deleted = sql.rows(gone).rows;
        if (deleted.length > 0) statements.push(deleteRows(shape, deleted));
        const rows = sql.rows(present).rows;
        if (rows.length > 0) statements.push(insertRows(shape, rows));
        if (deleted.length + rows.length > 0) sql.exec(`DELETE FROM changed_${shape.name}`);
      }
      return statements;
    },
    everything() {
      const statements: Statement[] = [{ text: `TRUNCATE ${shapes.map((s) => s.name).join(", ")}` }];
      for (const shape of shapes) {
        const rows = sql.rows(`SELECT * FROM ${shape.name}`).rows;
        if (rows.length > 0) statements.push(insertRows(shape, rows));
      }
      return statements;
    },
    track() {
      for (const shape of shapes) {
        const t = shape.name;
        const keys = shape.primaryKey.join(", ");
        db.exec(`CREATE TABLE changed_${t} (${keys}, PRIMARY KEY (${keys})) WITHOUT ROWID;
          CREATE TRIGGER ${t}_inserted AFTER INSERT ON ${t} BEGIN
            INSERT OR IGNORE INTO changed_${t} VALUES (${keysOf(shape, "NEW")}); END;
          CREATE TRIGGER ${t}_updated AFTER UPDATE ON ${t} BEGIN
            INSERT OR IGNORE INTO changed_${t} VALUES (${keysOf(shape, "OLD")});
            INSERT OR IGNORE INTO changed_${t} VALUES (${keysOf(shape, "NEW")}); END;
          CREATE TRIGGER ${t}_deleted AFTER DELETE ON ${t} BEGIN
            INSERT OR IGNORE INTO changed_${t} VALUES (${keysOf(shape, "OLD")}); END;`);
      }
    },
    close: () => db.close(),
  };
}

/** Column values as one array per column: `unnest($1::t1[], $2::t2[] …)` makes rows of them in one statement. */
function columnArrays(shape: TableShape, rows: unknown[][]): { from: string; params: unknown[][] } {
  return {
    from: `unnest(${shape.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ")})`,
    params: shape.columns.map((_, i) => rows.map((row) => row[i] ?? null)),
  };
}

/**
 * One statement inserting `rows` (values of `shape`'s columns, in order); by default a row whose key is there
 * replaces it, else `conflict` says what happens ("": an error).
 */
export function insertRows(shape: TableShape, rows: unknown[][], conflict?: string): Statement {
  const { from, params } = columnArrays(shape, rows);
  const others = shape.columns.filter((c) => !shape.primaryKey.includes(c.name));
  const upsert = others.length
    ? `DO UPDATE SET ${others.map((c) => `${c.name} = EXCLUDED.${c.name}`).join(", ")}`
    : "DO NOTHING";
  return {
    text: `INSERT INTO ${shape.name} (${shape.columns.map((c) => c.name).join(", ")}) SELECT * FROM ${from}
      ${conflict ?? `ON CONFLICT (${shape.primaryKey.join(", ")}) ${upsert}`}`,
    params,
  };
}

/** One statement deleting the rows with these keys (values in primary-key order). */
function deleteRows(shape: TableShape, keys: unknown[][]): Statement {
  const keyShape: TableShape = {
    ...shape,
    columns: shape.primaryKey.map((k) => shape.columns.find((c) => c.name === k)!),
  };
  const { from, params } = columnArrays(keyShape, keys);
  return {
    text: `DELETE FROM ${shape.name} WHERE (${shape.primaryKey.join(", ")}) IN (SELECT * FROM ${from})`,
    params,
  };
}
