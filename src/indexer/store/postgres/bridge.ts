import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { workerCode } from "../../../worker-code";
import type { Fault } from "./connection";

/** One SQL statement as PostgreSQL takes it ($1, $2 … parameters). */
export interface Statement {
  text: string;
  params?: unknown[];
  /** "array": rows as arrays of values in column order. */
  rowMode?: "array";
}

export interface StatementResult {
  rows: unknown[];
  columns: string[];
  /** The indexes of bytea columns: posted across threads as Uint8Array, handed out as Buffer (as SQLite gives BLOBs). */
  binary: number[];
  rowCount: number;
}

export type BridgeRequest = { op: "query" | "batch"; statements: Statement[] } | { op: "close"; statements?: never };

export type BridgeResponse = { ok: true; results: StatementResult[] } | { ok: false; error: Fault };

export interface BridgeData {
  port: MessagePort;
  signal: Int32Array;
  url: string;
  schema: string | null;
  applicationName: string;
}

/** What PostgreSQL (or the way to it) answered when a request failed. */
export class BridgeFailure extends Error {
  constructor(
    message: string,
    /** SQLSTATE, or a Node.js error code (ECONNREFUSED …). */
    readonly code: string | null,
    readonly detail: string | null,
    /** The connection is gone (a new one is made by the next request): any open transaction was lost. */
    readonly lost: boolean,
  ) {
    super(message);
  }
}

/**
 * A synchronous PostgreSQL connection: requests go to a worker thread holding a node-postgres client (worker.ts), and
 * the caller waits on a shared word until the answer is posted back. Synchronous like better-sqlite3, so the indexer,
 * the queries and the service run one code path on either store; each request blocks this thread for its round trip,
 * as each SQLite statement does for its disk read.
 */
export interface Bridge {
  query(statement: Statement): StatementResult;
  /** Runs the statements in order in one request; a failure rolls back an open transaction. */
  batch(statements: Statement[]): StatementResult[];
  /**
   * `batch` without waiting: the statements go to the server while the caller goes on; the function returned waits
   * for their results (or throws their failure). A later request waits for them first, so the session's order holds.
   */
  send(statements: Statement[]): () => StatementResult[];
  close(): void;
}

/** How long one request may take before the caller gives up (a flush of a large range, a slow rebuild). */
const REQUEST_TIMEOUT_MS = 10 * 60_000;

export function openBridge(options: { url: string; schema: string | null; applicationName: string }): Bridge {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const { code, eval: isCode } = workerCode(__dirname, "worker");
  const data: BridgeData = { port: port2, signal, ...options };
  const worker = new Worker(code, { eval: isCode, workerData: data, transferList: [port2], execArgv: [] });
  worker.unref();
  let closed = false;

  /** The request posted and not yet answered (one at most: a new one waits for it first), and later its answer. */
  let inFlight: { response?: BridgeResponse } | null = null;
  const awaitAnswer = (): void => {
    const request = inFlight!;
    inFlight = null;
    if (Atomics.wait(signal, 0, 0, REQUEST_TIMEOUT_MS) === "timed-out") {
      closed = true; // an answer may still come: this connection can no longer tell whose it is
      const message = `no answer from PostgreSQL in ${REQUEST_TIMEOUT_MS / 1000} s`;
      request.response = { ok: false, error: { message, code: null, detail: null, lost: true } };
    } else request.response = receiveMessageOnPort(port1)!.message as BridgeResponse;
  };
  const post = (message: BridgeRequest) => {
    if (inFlight) awaitAnswer();
    if (closed) throw new BridgeFailure("the PostgreSQL connection is closed", null, null, true);
    Atomics.store(signal, 0, 0);
    port1.postMessage(message);
    return (inFlight = {});
  };
  const collect = (request: { response?: BridgeResponse }): StatementResult[] => {
    if (inFlight === request) awaitAnswer();
    const response = request.response!;
    if (!response.ok) {
      const { message: text, code: sqlState, detail, lost } = response.error;
      throw new BridgeFailure(text, sqlState, detail, lost);
    }
    for (const result of response.results) if (result.binary.length > 0) asBuffers(result);
    return response.results;
  };
  const request = (message: BridgeRequest): StatementResult[] => collect(post(message));

  return {
    query: (statement) => request({ op: "query", statements: [statement] })[0],
    batch: (statements) => request({ op: "batch", statements }),
    send(statements) {
      const posted = post({ op: "batch", statements });
      return () => collect(posted);
    },
    close() {
      if (closed) return;
      request({ op: "close" });
      closed = true;
      port1.close();
      void worker.terminate();
    },
  };
}

/** Turns the bytea values of a result (Uint8Array after the copy between threads) back into Buffers. */
function asBuffers(result: StatementResult): void {
  const buffer = (value: unknown) =>
    value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
  const names = result.binary.map((i) => result.columns[i]);
  for (const row of result.rows)
    if (Array.isArray(row)) for (const i of result.binary) row[i] = buffer(row[i]);
    else
      for (const name of names) (row as Record<string, unknown>)[name] = buffer((row as Record<string, unknown>)[name]);
}
