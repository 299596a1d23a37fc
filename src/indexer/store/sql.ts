import type { Database, RunResult, Statement } from "better-sqlite3";
import { createDeviceKeys, type DeviceKeys } from "./device-keys";

/** Prepared statements cached by their SQL text: handlers write plain SQL and pay for preparing it once. */
export interface Sql {
  readonly db: Database;
  /** Device row keys by device id (see device-keys.ts). */
  readonly deviceKeys: DeviceKeys;
  run(sql: string, ...params: unknown[]): RunResult;
  get<T>(sql: string, ...params: unknown[]): T | undefined;
  all<T>(sql: string, ...params: unknown[]): T[];
}

export function createSql(db: Database): Sql {
  const cache = new Map<string, Statement<unknown[]>>();
  const prepared = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare<unknown[]>(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  return {
    db,
    deviceKeys: createDeviceKeys(db),
    run: (sql, ...params) => prepared(sql).run(...params),
    get: <T>(sql: string, ...params: unknown[]) => prepared(sql).get(...params) as T | undefined,
    all: <T>(sql: string, ...params: unknown[]) => prepared(sql).all(...params) as T[],
  };
}
