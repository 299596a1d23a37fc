import { deployedNames, type DeployedName, type Manifest } from "../manifest";
import { IndexerConfigError } from "./errors";
import type { RetryPolicy } from "./rpc/retry";

/** Besu's default cap on an `eth_getLogs` block range; the indexer never asks for more. */
export const MAX_BLOCK_RANGE = 5_000;

/** Everything the indexer needs to know, checked once: config → sync → handlers → store. */
export interface IndexerConfig {
  rpcUrl: string;
  manifest: Manifest;
  dbPath: string;
  /** Keep following new blocks instead of stopping at the head. */
  follow: boolean;
  /** Blocks below the head left unindexed (0 for QBFT's instant finality). */
  confirmations: number;
  /** Deepest reorg handled; block hashes are kept this far back and deeper rollbacks are refused. */
  reorgWindow: number;
  initialRange: number;
  maxRange: number;
  /** Logs per `eth_getLogs` response the range sizing aims at. */
  targetLogsPerRange: number;
  timeoutMs: number;
  pollIntervalMs: number;
  retry: Partial<RetryPolicy>;
  /** Where fetch + JSON.parse + decode run: this thread ("never", the default: measured faster on 2 busy cores),
   * a worker thread once a range holds 2,000 logs ("auto"), or a worker thread from the start ("always"). */
  fetchThread: "auto" | "always" | "never";
}

export type IndexerOptions = Pick<IndexerConfig, "rpcUrl" | "manifest" | "dbPath"> & Partial<IndexerConfig>;

const DEFAULTS = {
  follow: false,
  confirmations: 0,
  reorgWindow: 128,
  initialRange: 100,
  maxRange: MAX_BLOCK_RANGE,
  targetLogsPerRange: 5_000,
  timeoutMs: 15_000,
  pollIntervalMs: 1_000,
  retry: {},
  fetchThread: "never" as const,
};

function requireInt(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new IndexerConfigError(field, String(value), `must be an integer in [${min}, ${max}]`);
  }
  return value;
}

/** Fills defaults and checks every setting; errors name the setting and the value. */
export function createConfig(options: IndexerOptions): IndexerConfig {
  const config: IndexerConfig = { ...DEFAULTS, ...options };
  if (!/^https?:\/\//.test(config.rpcUrl)) {
    throw new IndexerConfigError("rpcUrl", config.rpcUrl, "must be an http(s) URL");
  }
  requireInt("confirmations", config.confirmations, 0);
  requireInt("reorgWindow", config.reorgWindow, 1);
  requireInt("maxRange", config.maxRange, 1, MAX_BLOCK_RANGE);
  requireInt("initialRange", config.initialRange, 1);
  config.initialRange = Math.min(config.initialRange, config.maxRange);
  requireInt("targetLogsPerRange", config.targetLogsPerRange, 1);
  requireInt("timeoutMs", config.timeoutMs, 1);
  requireInt("pollIntervalMs", config.pollIntervalMs, 1);
  return config;
}

/** Contract name by lower-case address, for routing logs to handlers. */
export function contractsByAddress(manifest: Manifest): Map<string, DeployedName> {
  return new Map(deployedNames(manifest).map((name) => [manifest.contracts[name]!.address.toLowerCase(), name]));
}

/** The first block to index: the earliest deployment block of the manifest. */
export const startBlockOf = (manifest: Manifest): number =>
  Math.min(...deployedNames(manifest).map((name) => manifest.contracts[name]!.blockNumber));
