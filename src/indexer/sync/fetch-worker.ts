import { parentPort, workerData } from "node:worker_threads";
import type { Manifest } from "../../manifest";
import { contractsByAddress } from "../config";
import { createEventDecoder } from "../decode/decoder";
import { isRetryable } from "../../errors";
import { RangeTooLargeError } from "../errors";
import { createChain } from "../rpc/chain";
import { createRpcClient } from "../rpc/client";
import { fetchRange } from "./fetch-range";
import { packRange } from "./packed-range";

/** What the thread is started with. */
export interface FetchWorkerData {
  rpcUrl: string;
  timeoutMs: number;
  manifest: Manifest;
}

/** A request: fetch [from, to]. */
export interface FetchRequest {
  id: number;
  from: number;
  to: number;
}

/** An error crossing the thread boundary, enough to rebuild its class and retry decision. */
export interface FetchFailure {
  name: string;
  message: string;
  retryable: boolean;
  suggestedToBlock?: number;
}

/**
 * The fetch stage on its own thread: `eth_getLogs`, `JSON.parse`, decoding and preparing rows happen here while the
 * main thread writes the previous range to SQLite; ranges cross packed (packed-range.ts). Retries stay with the main
 * thread (one policy, one count).
 */
if (parentPort) {
  const port = parentPort;
  const data = workerData as FetchWorkerData;
  const decoder = createEventDecoder();
  const chain = createChain(createRpcClient({ url: data.rpcUrl, timeoutMs: data.timeoutMs, retry: { attempts: 1 } }));
  const contracts = contractsByAddress(data.manifest);
  const failureOf = (error: unknown): FetchFailure => ({
    name: error instanceof Error ? error.name : "Error",
    message: error instanceof Error ? error.message : String(error),
    retryable: isRetryable(error),
    suggestedToBlock: error instanceof RangeTooLargeError ? error.suggestedToBlock : undefined,
  });
  port.on("message", (request: FetchRequest) => {
    fetchRange(chain, decoder, contracts, request.from, request.to, () =>
      port.postMessage({ id: request.id, onTheWire: true }),
    )
      .then((range) => {
        const { packed, transfer } = packRange(range);
        port.postMessage({ id: request.id, packed }, transfer);
      })
      .catch((error: unknown) => port.postMessage({ id: request.id, failure: failureOf(error) }));
  });
}
