import type { Database, Statement } from "better-sqlite3";
import { createDeviceKeys, type DeviceKeys } from "./device-keys";

/**
 * The one way the indexer, its queries and the service talk to a database: plain SQL with `?` parameters, written so
 * that SQLite and PostgreSQL both run it (sqlite-sql.ts, postgres/pg-sql.ts). Synchronous, as better-sqlite3 is:
 * the PostgreSQL implementation waits on a worker thread (postgres/bridge.ts).
 */
export interface Sql {
  readonly dialect: "sqlite" | "postgres";
  /** Device row keys by device id (see device-keys.ts). */
  readonly deviceKeys: DeviceKeys;
  run(sql: string, ...params: unknown[]): { changes: number; lastInsertRowid?: number | bigint };
  get<T>(sql: string, ...params: unknown[]): T | undefined;
  all<T>(sql: string, ...params: unknown[]): T[];
  /** Rows as arrays of values in column order, with the column names (wide joins: no object built per row). */
  rows(sql: string, ...params: unknown[]): { columns: string[]; rows: unknown[][] };
  /**
   * `rows`, answered later: a read that does not hold the caller's thread while the database works (PostgreSQL: on a
   * pool of its own; SQLite, in-process, answers at once). For one-statement reads on a hot path (the point-of-use
   * check), where the service overlaps one request's wait with the others' work.
   */
  rowsAsync(sql: string, ...params: unknown[]): Promise<{ columns: string[]; rows: unknown[][] }>;
  /** Runs a script of statements without parameters (DDL). */
  exec(script: string): void;
  /** Runs `fn` in one transaction, or in the caller's when one is open; rolls back when it throws. */
  transaction<T>(fn: () => T): T;
  /** Runs `fn` on one consistent snapshot of the database (reads only). */
  snapshot<T>(fn: () => T): T;
}

/** Prepared statements cached by their SQL text: handlers write plain SQL and pay for preparing it once. */
export function createSql(db: Database): Sql {
  const cache = new Map<string, Statement<unknown[]>>();
  const prepared = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare<unknown[]>(sqliteText(sql));
      cache.set(sql, statement);
    }
    return statement;
  };
  const raw = new Map<string, { statement: Statement<unknown[]>; columns: string[] }>();
  const transaction = <T>(fn: () => T): T => (db.inTransaction ? fn() : db.transaction(fn)());
  const rows = (text: string, ...params: unknown[]) => {
    let entry = raw.get(text);
    if (!entry) {
      const statement = db.prepare<unknown[]>(sqliteText(text)).raw(true);
      entry = { statement, columns: statement.columns().map((c) => c.name) };
      raw.set(text, entry);
    }
    return { columns: entry.columns, rows: entry.statement.all(...params) as unknown[][] };
  };
  const sql: Sql = {
    dialect: "sqlite",
    deviceKeys: createDeviceKeys(() => sql),
    run: (text, ...params) => prepared(text).run(...params),
    get: <T>(text: string, ...params: unknown[]) => prepared(text).get(...params) as T | undefined,
    all: <T>(text: string, ...params: unknown[]) => prepared(text).all(...params) as T[],
    rows,
    rowsAsync: async (text, ...params) => rows(text, ...params),
    exec: (script) => void db.exec(script),
    transaction,
    // A read transaction: SQLite's WAL keeps its snapshot while another connection commits.
    snapshot: transaction,
  };
  return sql;
}

/** SQLite has one writer at a time, so the row locks PostgreSQL readers claim work with are moot: left out. */
const sqliteText = (sql: string): string => sql.replace(/\s+FOR UPDATE SKIP LOCKED/gi, "");
