import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { ContractName } from "../../manifest";
import type { IndexerConfig } from "../config";
import type { EventDecoder } from "../decode/decoder";
import { IndexerError, RangeTooLargeError, RpcTransportError } from "../errors";
import type { Chain } from "../rpc/chain";
import { fetchRange, type FetchedRange } from "./fetch-range";
import type { FetchFailure, FetchWorkerData } from "./fetch-worker";

/** Fetches one block range (one attempt; the caller retries), on this thread or on a worker thread. */
export interface FetchStage {
  fetch(from: number, to: number, onLogsRequested?: () => void): Promise<FetchedRange>;
  close(): Promise<void>;
}

/** The fetch stage on the calling thread. */
export function inlineFetchStage(
  chain: Chain,
  decoder: EventDecoder,
  contracts: Map<string, ContractName>,
): FetchStage {
  return {
    fetch: (from, to, onLogsRequested) => fetchRange(chain, decoder, contracts, from, to, onLogsRequested),
    close: async () => undefined,
  };
}

function errorOf(failure: FetchFailure, from: number, to: number): IndexerError {
  if (failure.name === "RangeTooLargeError")
    return new RangeTooLargeError(from, to, failure.message, failure.suggestedToBlock);
  if (failure.retryable) return new RpcTransportError("fetch", failure.message);
  return new IndexerError(failure.message, false);
}

/** Buffers arrive as plain Uint8Arrays after the structured clone: view them as Buffers again (no copy). */
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * The fetch stage on a worker thread: fetch, `JSON.parse` and decoding run there while this thread writes SQLite.
 * Under ts-node (tests, the `udi-ledger` bin) the worker registers ts-node itself.
 */
export function threadFetchStage(config: IndexerConfig): FetchStage {
  const script = join(__dirname, `fetch-worker${__filename.endsWith(".ts") ? ".ts" : ".js"}`);
  const bootstrap = __filename.endsWith(".ts")
    ? `require("ts-node").register({ transpileOnly: true, project: ${JSON.stringify(join(__dirname, "..", "..", "..", "tsconfig.json"))} });`
    : "";
  const data: FetchWorkerData = { rpcUrl: config.rpcUrl, timeoutMs: config.timeoutMs, manifest: config.manifest };
  const worker = new Worker(`${bootstrap} require(${JSON.stringify(script)});`, { eval: true, workerData: data });
  interface Waiting {
    from: number;
    to: number;
    resolve(range: FetchedRange): void;
    reject(error: unknown): void;
    onTheWire?: () => void;
  }
  const waiting = new Map<number, Waiting>();
  let nextId = 1;
  worker.on("message", (message: { id: number; onTheWire?: boolean; range?: FetchedRange; failure?: FetchFailure }) => {
    const entry = waiting.get(message.id);
    if (!entry) return;
    if (message.onTheWire) return entry.onTheWire?.();
    waiting.delete(message.id);
    if (message.failure) return entry.reject(errorOf(message.failure, entry.from, entry.to));
    const range = message.range!;
    for (const log of range.batch.logs) {
      log.topics = asBuffer(log.topics);
      log.data = asBuffer(log.data);
    }
    entry.resolve(range);
  });
  worker.on("error", (error) => {
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  });
  return {
    fetch: (from, to, onTheWire) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { from, to, resolve, reject, onTheWire });
        worker.postMessage({ id, from, to });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
