import { workerCode } from "../../worker-code";
import { Worker } from "node:worker_threads";
import type { DeployedName } from "../../manifest";
import type { IndexerConfig } from "../config";
import type { EventDecoder } from "../decode/decoder";
import { FetchWorkerError, RangeTooLargeError, RpcTransportError, type IndexerError } from "../errors";
import type { Chain } from "../rpc/chain";
import { fetchRange, type FetchedRange } from "./fetch-range";
import type { FetchFailure, FetchWorkerData } from "./fetch-worker";
import { unpackRange, type PackedRange } from "./packed-range";

/** Fetches one block range (one attempt; the caller retries), on this thread or on a worker thread. */
export interface FetchStage {
  fetch(from: number, to: number, onLogsRequested?: () => void): Promise<FetchedRange>;
  close(): Promise<void>;
}

/** The fetch stage on the calling thread. */
export function inlineFetchStage(
  chain: Chain,
  decoder: EventDecoder,
  contracts: Map<string, DeployedName>,
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
  return new FetchWorkerError(failure.message);
}

/** The fetch stage on a worker thread: fetch, `JSON.parse` and decoding run there while this thread writes SQLite. */
export function threadFetchStage(config: IndexerConfig): FetchStage {
  const data: FetchWorkerData = { rpcUrl: config.rpcUrl, timeoutMs: config.timeoutMs, manifest: config.manifest };
  const { code, eval: isCode } = workerCode(__dirname, "fetch-worker");
  // No inherited preloads: under `hardhat run` they would load Hardhat and its config into the worker too.
  const worker = new Worker(code, { eval: isCode, workerData: data, execArgv: [] });
  interface Waiting {
    from: number;
    to: number;
    resolve(range: FetchedRange): void;
    reject(error: unknown): void;
    onTheWire?: () => void;
  }
  const waiting = new Map<number, Waiting>();
  let nextId = 1;
  /** Set once the worker failed or exited: every fetch waiting or asked for afterwards rejects with it. */
  let gone: Error | undefined;
  const fail = (error: Error): void => {
    gone ??= error;
    for (const entry of waiting.values()) entry.reject(gone);
    waiting.clear();
  };
  worker.on("message", (message: { id: number; onTheWire?: boolean; packed?: PackedRange; failure?: FetchFailure }) => {
    const entry = waiting.get(message.id);
    if (!entry) return;
    if (message.onTheWire) return entry.onTheWire?.();
    waiting.delete(message.id);
    if (message.failure) return entry.reject(errorOf(message.failure, entry.from, entry.to));
    try {
      entry.resolve(unpackRange(message.packed!));
    } catch (error) {
      entry.reject(error);
    }
  });
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new FetchWorkerError(`the fetch worker exited (code ${code})`)));
  return {
    fetch: (from, to, onTheWire) =>
      new Promise((resolve, reject) => {
        if (gone) return reject(gone);
        const id = nextId++;
        waiting.set(id, { from, to, resolve, reject, onTheWire });
        worker.postMessage({ id, from, to });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
