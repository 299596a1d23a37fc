import { workerData } from "node:worker_threads";
import { Client, types } from "pg";
import type { BridgeData, BridgeRequest, BridgeResponse, Statement } from "./bridge";

/**
 * The PostgreSQL connection of one bridge (bridge.ts), on its own thread: node-postgres is asynchronous, the store's
 * callers are not. One client, one session (so a session advisory lock and an open transaction live here), used by
 * one caller at a time. A connection that fails is dropped; the next request connects again.
 */
const { port, signal, url, schema, applicationName } = workerData as BridgeData;

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

let client: Client | null = null;
const CONNECT_TIMEOUT_MS = 10_000;
/** Longer than any statement udi-ledger sends (a large range's flush, a rebuild's inserts). */
const QUERY_TIMEOUT_MS = 5 * 60_000;

async function connected(): Promise<Client> {
  if (client) return client;
  const fresh = new Client({
    connectionString: url,
    application_name: applicationName,
    types: typeParsers,
    // A server that does not answer must not hold the caller's thread: give up, the next request connects again.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    keepAlive: true,
  });
  // A connection that dies (a server restart, a reset) emits 'error' or 'end': forget it, the next request reconnects.
  const forget = () => {
    if (client === fresh) client = null;
  };
  fresh.on("error", forget);
  fresh.on("end", forget);
  await fresh.connect();
  if (schema) await fresh.query(`SET search_path TO "${schema}"`);
  client = fresh;
  return fresh;
}

/** Names of the server-side prepared statements, by text: a statement run again skips parsing and planning. */
const names = new Map<string, string>();
const PREPARED_MAX_TEXT = 4_000;

async function run(statement: Statement) {
  const c = await connected();
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

async function handle(request: BridgeRequest): Promise<BridgeResponse> {
  try {
    switch (request.op) {
      case "query":
        return { ok: true, results: [await run(request.statements[0])] };
      case "batch": {
        // Several statements in one request (one wake-up of the caller): a range's writes, BEGIN to COMMIT.
        const results = [];
        try {
          for (const statement of request.statements) results.push(await run(statement));
        } catch (error) {
          if (client) await client.query("ROLLBACK").catch(() => undefined);
          throw error;
        }
        return { ok: true, results };
      }
      case "close":
        await client?.end().catch(() => undefined);
        client = null;
        return { ok: true, results: [] };
    }
  } catch (error) {
    const e = error as Error & { code?: string; detail?: string; severity?: string };
    // A connection fault (refused, reset, timed out, the server shutting down) leaves no usable session.
    const lost =
      /^(57P0[123]|08\d\d\d|E[A-Z]+)$/.test(e.code ?? "") ||
      /Connection terminated|not queryable|timeout/i.test(e.message);
    if (lost) {
      const dead = client;
      client = null;
      await dead?.end().catch(() => undefined);
    }
    return { ok: false, error: { message: e.message, code: e.code ?? null, detail: e.detail ?? null, lost } };
  }
}

port.on("message", (request: BridgeRequest) => {
  void handle(request).then((response) => {
    port.postMessage(response);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
});
