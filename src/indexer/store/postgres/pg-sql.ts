import { StoreError, StoreUnavailableError } from "../../errors";
import { createDeviceKeys } from "../device-keys";
import type { Sql } from "../sql";
import { Pool } from "pg";
import { BridgeFailure, openBridge, type Bridge, type Statement, type StatementResult } from "./bridge";
import { connectionSettings, faultOf, runStatement } from "./connection";
import { parameters, translate, type Translated } from "./dialect";
import type { PostgresTarget } from "./target";

/** A PostgreSQL connection as the shared code sees every database, plus what only the PostgreSQL store needs. */
export interface PgSql extends Sql {
  readonly target: PostgresTarget;
  /** Runs prepared statements ($n parameters, no translation) in one round trip. */
  batch(statements: Statement[]): StatementResult[];
  /** `batch` without waiting (bridge.ts `send`): call the function returned for the results. */
  send(statements: Statement[]): () => StatementResult[];
  close(): void;
}

/** A BridgeFailure as the indexer's typed errors, naming the database (password redacted). */
export function storeError(target: PostgresTarget, error: unknown): Error {
  if (!(error instanceof BridgeFailure)) return error as Error;
  const reason = error.detail ? `${error.message} (${error.detail})` : error.message;
  return error.lost && !/^(28|3D|42)/.test(error.code ?? "")
    ? new StoreUnavailableError(target.redacted, reason)
    : new StoreError(target.redacted, reason, error.code);
}

/**
 * Connections of a store's reads that do not hold the thread (`rowsAsync`). Their one reader, the service's check,
 * has one statement out at a time (device-check.ts): one connection, replaced when it dies.
 */
const READ_POOL = 1;

/** A fault of the async pool as the bridge reports its own. */
const failure = (error: unknown): BridgeFailure => {
  const fault = faultOf(error);
  return new BridgeFailure(fault.message, fault.code, fault.detail, fault.lost);
};

export function openPgSql(target: PostgresTarget, applicationName = "udi-ledger"): PgSql {
  const bridge: Bridge = openBridge({ url: target.url, schema: target.schema, applicationName });
  let pool: Pool | undefined;
  const translations = new Map<string, Translated>();
  const statement = (text: string, params: unknown[], rowMode?: "array"): Statement => {
    let translated = translations.get(text);
    if (!translated) {
      translated = translate(text);
      translations.set(text, translated);
    }
    return { text: translated.text, params: parameters(translated, params), rowMode };
  };
  const guarded = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw storeError(target, error);
    }
  };
  const query = (s: Statement) => guarded(() => bridge.query(s));
  let depth = 0;
  const inTransaction = <T>(begin: string, fn: () => T): T => {
    if (depth > 0) return fn();
    query({ text: begin });
    depth++;
    try {
      const result = fn();
      query({ text: "COMMIT" });
      return result;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) query({ text: "ROLLBACK" });
      throw error;
    } finally {
      depth--;
    }
  };
  const sql: PgSql = {
    dialect: "postgres",
    target,
    deviceKeys: createDeviceKeys(() => sql),
    run: (text, ...params) => ({ changes: query(statement(text, params)).rowCount }),
    get: <T>(text: string, ...params: unknown[]) => query(statement(text, params)).rows[0] as T | undefined,
    all: <T>(text: string, ...params: unknown[]) => query(statement(text, params)).rows as T[],
    rows(text, ...params) {
      const result = query(statement(text, params, "array"));
      return { columns: result.columns, rows: result.rows as unknown[][] };
    },
    async rowsAsync(text, ...params) {
      // On this thread's own pool, not the bridge: several reads wait on the server at once, the thread goes on.
      if (!pool) {
        pool = new Pool({ ...connectionSettings(target.url, target.schema, applicationName), max: READ_POOL });
        pool.on("error", () => undefined); // an idle connection that died: the pool drops it
        // A connection that dies while checked out emits 'error' as well as failing its query: the query's rejection
        // reports it, and an 'error' without a listener would end the process.
        pool.on("connect", (client) => client.on("error", () => undefined));
      }
      const c = await pool.connect().catch((error: unknown) => {
        throw storeError(target, failure(error));
      });
      try {
        const result = await runStatement(statement(text, params, "array"), c);
        c.release();
        return { columns: result.columns, rows: result.rows as unknown[][] };
      } catch (error) {
        const fault = failure(error);
        c.release(fault.lost ? (error as Error) : undefined); // a broken connection is not reused
        throw storeError(target, fault);
      }
    },
    exec: (script) => void query({ text: script }),
    transaction: (fn) => inTransaction("BEGIN", fn),
    // REPEATABLE READ: every statement of `fn` sees the database as of its first one.
    snapshot: (fn) => inTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn),
    batch: (statements) => guarded(() => bridge.batch(statements)),
    send(statements) {
      const results = guarded(() => bridge.send(statements));
      return () => guarded(results);
    },
    close() {
      void pool?.end().catch(() => undefined);
      guarded(() => bridge.close());
    },
  };
  return sql;
}
