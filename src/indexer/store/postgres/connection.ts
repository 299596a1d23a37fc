import { types, type ClientBase, type ClientConfig } from "pg";
import type { Statement, StatementResult } from "./bridge";

/** What a failed statement or connection says: SQLSTATE (or Node.js code), detail, and whether the session is gone. */
export interface Fault {
  message: string;
  code: string | null;
  detail: string | null;
  /** A connection fault (refused, reset, timed out, the server shutting down): no usable session is left. */
  lost: boolean;
}

export function faultOf(error: unknown): Fault {
  const e = error as Error & { code?: string; detail?: string };
  const lost =
    /^(57P0[123]|08\d\d\d|E[A-Z]+)$/.test(e.code ?? "") ||
    /Connection terminated|not queryable|timeout/i.test(e.message);
  return { message: e.message, code: e.code ?? null, detail: e.detail ?? null, lost };
}

// Rows read as better-sqlite3 reads them: integers and sums as numbers (ids are below 2^53), booleans as 1 / 0.
const asNumber = (text: string) => Number(text);
const parsers: Record<number, (text: string) => unknown> = {
  [types.builtins.INT8]: asNumber,
  [types.builtins.NUMERIC]: asNumber,
  [types.builtins.BOOL]: (text: string) => (text === "t" ? 1 : 0),
};
const typeParsers = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    parsers[oid] ?? types.getTypeParser(oid, format ?? "text")) as typeof types.getTypeParser,
};

const CONNECT_TIMEOUT_MS = 10_000;
/** Longer than any statement udi-ledger sends (a large range's flush, a rebuild's inserts). */
const QUERY_TIMEOUT_MS = 5 * 60_000;

/** How udi-ledger connects: the schema set at the session's start, numbers parsed, and no wait without end. */
export function connectionSettings(url: string, schema: string | null, applicationName: string): ClientConfig {
  return {
    connectionString: url,
    application_name: applicationName,
    types: typeParsers,
    // The name is an identifier (target.ts checked it): no quoting needed, none possible to abuse.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    // A server that does not answer must not hold a caller: give up, the next request connects again.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    keepAlive: true,
  };
}

/** Names of the server-side prepared statements, by text: a statement run again skips parsing and planning. */
const names = new Map<string, string>();
const PREPARED_MAX_TEXT = 4_000;

/** Runs one statement on a connection, prepared when it has parameters (node-postgres prepares once per session). */
export async function runStatement(statement: Statement, c: ClientBase): Promise<StatementResult> {
  let name: string | undefined;
  if (statement.params && statement.params.length > 0 && statement.text.length <= PREPARED_MAX_TEXT) {
    name = names.get(statement.text);
    if (!name) names.set(statement.text, (name = `udi_${names.size}`));
  }
  const config = { name, text: statement.text, values: statement.params };
  const answer = statement.rowMode ? await c.query({ ...config, rowMode: "array" }) : await c.query(config);
  // A script of several statements answers one result each: the last one is the script's.
  const result = Array.isArray(answer) ? (answer.at(-1) as typeof answer) : answer;
  return {
    rows: result.rows,
    columns: result.fields.map((f) => f.name),
    binary: result.fields.flatMap((f, i) => (f.dataTypeID === types.builtins.BYTEA ? [i] : [])),
    rowCount: result.rowCount ?? 0,
  };
}
