import { contractsByAddress, startBlockOf, type IndexerConfig } from "../config";
import { createEventDecoder } from "../decode/decoder";
import { IndexerConfigError, RangeTooLargeError, StaleHeadError, StoreUnavailableError } from "../errors";
import { createChain, type Chain } from "../rpc/chain";
import { createRpcClient, type RpcStats } from "../rpc/client";
import { backoffDelay, DEFAULT_RETRY, sleep, withRetry, type RetryPolicy } from "../rpc/retry";
import { openStore, type Checkpoint, type Store } from "../store/store";
import type { FetchedRange } from "./fetch-range";
import { inlineFetchStage, threadFetchStage, type FetchStage } from "./fetch-stage";
import { createRangeSizer } from "./range-sizer";
import { checkpointStatus, rememberedHashChanged, rollBackToCommonAncestor, type ReorgOutcome } from "./reorg";

const ZERO_HASH = "0x" + "0".repeat(64);
/** WAL size past which a checkpoint runs between two ranges (it fsyncs: rare during a replay, at every idle). */
const WAL_CHECKPOINT_BYTES = 512 * 2 ** 20;
/** Logs in one range from which ("auto") the fetch stage moves to a worker thread: starting it pays off. */
const THREAD_MIN_LOGS = 2_000;
/** Consecutive stale-head readings tolerated before a one-shot run gives up. */
const STALE_LIMIT = 20;

/** What a sync run did, for progress lines, the CLI summary and the fault tests. */
export interface SyncReport {
  checkpoint: Checkpoint;
  head: number;
  events: number;
  ranges: number;
  reorgs: number;
  maxReorgDepth: number;
  eventsRolledBack: number;
  staleHeads: number;
  rangeShrinks: number;
  /** Times the database was unavailable (a PostgreSQL restart) and the run waited for it. */
  storeRetries: number;
  rpc: RpcStats;
}

export type ProgressEvent =
  | { kind: "range"; from: number; to: number; events: number; report: SyncReport }
  | { kind: "reorg"; outcome: ReorgOutcome }
  | { kind: "stale"; head: number; checkpoint: number }
  | { kind: "idle"; report: SyncReport };

export interface Indexer {
  /** Indexes to the head (and keeps following with `follow`); resolves when done or stopped. */
  run(): Promise<SyncReport>;
  /** Asks a running `run` to stop after the range in progress. */
  stop(): void;
  readonly store: Store;
}

/** Creates the indexer for a configuration: opens the store, builds the decoder table, creates the RPC client. */
export function createIndexer(config: IndexerConfig, onProgress?: (event: ProgressEvent) => void): Indexer {
  const decoder = createEventDecoder();
  const store = openStore(config.dbPath, { decoder, reorgWindow: config.reorgWindow });
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...config.retry };
  const rpc = createRpcClient({ url: config.rpcUrl, timeoutMs: config.timeoutMs, retry: policy });
  const chain: Chain = createChain(rpc);
  const contracts = contractsByAddress(config.manifest);
  const sizer = createRangeSizer({
    initial: config.initialRange,
    max: config.maxRange,
    targetLogs: config.targetLogsPerRange,
  });
  let stopped = false;
  let stage: FetchStage = inlineFetchStage(chain, decoder, contracts);
  let threaded = false;
  const useThread = (): void => {
    if (threaded || config.fetchThread === "never") return;
    threaded = true;
    stage = threadFetchStage(config);
  };
  const countRetry = (error: unknown): void => {
    rpc.stats.retries++;
    const kind = error instanceof Error ? error.name : "other";
    rpc.stats.faults[kind] = (rpc.stats.faults[kind] ?? 0) + 1;
  };
  const report: SyncReport = {
    checkpoint: { number: -1, hash: ZERO_HASH, time: 0 },
    head: -1,
    events: 0,
    ranges: 0,
    reorgs: 0,
    maxReorgDepth: 0,
    eventsRolledBack: 0,
    staleHeads: 0,
    rangeShrinks: 0,
    storeRetries: 0,
    rpc: rpc.stats,
  };

  async function init(): Promise<void> {
    // Before anything is fetched: a replica that does not hold the writer lock has nothing to index.
    store.acquireWriter();
    const chainId = await chain.chainId();
    if (chainId !== config.manifest.chainId) {
      throw new IndexerConfigError(
        "chainId",
        String(chainId),
        `node serves chain ${chainId}, manifest says ${config.manifest.chainId}`,
      );
    }
    const identity = JSON.stringify({
      chainId,
      deploymentId: config.manifest.deploymentId,
      contracts: [...contracts.keys()],
    });
    const stored = store.meta("identity");
    if (stored !== undefined && stored !== identity) {
      throw new IndexerConfigError("db", store.name, `indexes another deployment (${stored})`);
    }
    store.setMeta("identity", identity);
    store.setMeta("manifest", JSON.stringify(config.manifest));
    if (!store.checkpoint()) {
      const start = startBlockOf(config.manifest);
      const parent = start > 0 ? await chain.header(start - 1) : null;
      if (start > 0 && !parent) throw new StaleHeadError(-1, start - 1);
      store.initCheckpoint(
        parent
          ? { number: parent.number, hash: parent.hash, time: parent.timestamp }
          : { number: -1, hash: ZERO_HASH, time: 0 },
      );
    }
  }

  /** Fetches [from, ≤ target], shrinking the range on "too large" and retrying ranges that changed mid-fetch. */
  async function fetchAdaptive(from: number, target: number, onLogsRequested?: () => void): Promise<FetchedRange> {
    for (;;) {
      const to = Math.min(target, from + sizer.size() - 1);
      try {
        const fetched = await withRetry(() => stage.fetch(from, to, onLogsRequested), policy, countRetry);
        sizer.success(to - from + 1, fetched.batch.logs.length);
        if (config.fetchThread === "auto" && fetched.batch.logs.length >= THREAD_MIN_LOGS) useThread();
        return fetched;
      } catch (error) {
        if (!(error instanceof RangeTooLargeError) || to === from) throw error;
        report.rangeShrinks++;
        sizer.tooLarge(
          to - from + 1,
          error.suggestedToBlock === undefined ? undefined : error.suggestedToBlock - from + 1,
        );
      }
    }
  }

  async function handleReorg(): Promise<void> {
    const outcome = await rollBackToCommonAncestor(chain, store, config.reorgWindow);
    if (outcome.depth > 0) {
      report.reorgs++;
      report.maxReorgDepth = Math.max(report.maxReorgDepth, outcome.depth);
      report.eventsRolledBack += outcome.eventsRolledBack;
    }
    onProgress?.({ kind: "reorg", outcome });
  }

  /** Indexes (checkpoint, target], one transaction per range, fetching the next range while storing this one. */
  async function catchUp(target: number): Promise<void> {
    let pending: Promise<FetchedRange> | null = null;
    // The checkpoint as this loop moves it, read from the store again only after a reorg: a PostgreSQL store is still
    // writing the range it was given last, and reading its checkpoint would wait for that.
    let checkpoint = store.checkpoint()!;
    while (!stopped) {
      if (checkpoint.number >= target) return;
      const from = checkpoint.number + 1;
      const fetched: FetchedRange = await (pending ?? fetchAdaptive(from, target));
      pending = null;
      if (fetched.from !== from) continue;
      if (fetched.fromHeader.parentHash !== checkpoint.hash) {
        await handleReorg();
        checkpoint = store.checkpoint()!;
        continue;
      }
      if (fetched.to < target) {
        // Prefetch the next range: wait until its eth_getLogs is on the wire (the node builds the response while
        // this range is stored), but no longer than a moment, then store this one.
        let requested = (): void => undefined;
        const onTheWire = new Promise<void>((resolve) => (requested = resolve));
        pending = fetchAdaptive(fetched.to + 1, target, () => requested());
        pending.catch(() => undefined); // awaited (and rethrown) on the next turn; silence "unhandled" meanwhile
        await Promise.race([onTheWire.then(() => new Promise((resolve) => setImmediate(resolve))), sleep(50)]);
      }
      store.applyRange(fetched.batch);
      checkpoint = fetched.batch.checkpoint;
      store.flushWal(WAL_CHECKPOINT_BYTES);
      report.ranges++;
      report.events += fetched.batch.logs.length;
      report.checkpoint = fetched.batch.checkpoint;
      onProgress?.({ kind: "range", from: fetched.from, to: fetched.to, events: fetched.batch.logs.length, report });
    }
  }

  async function run(): Promise<SyncReport> {
    try {
      return await waitingForStore();
    } finally {
      await stage.close();
    }
  }

  /**
   * Runs the sync loop again after the database went away (a PostgreSQL restart or failover cuts the session), with
   * the RPC's backoff: nothing is lost by starting over, since every range is one transaction and the loop reads the
   * committed checkpoint again (the PostgreSQL store refills its write-behind mirror from what PostgreSQL holds after
   * a failed range). Only consecutive failures count against the policy's attempts: a range committed resets them.
   */
  async function waitingForStore(): Promise<SyncReport> {
    for (let failures = 0; ;) {
      const ranges = report.ranges;
      try {
        return await runLoop();
      } catch (error) {
        if (report.ranges > ranges) failures = 0;
        if (!(error instanceof StoreUnavailableError) || stopped || ++failures >= policy.attempts) throw error;
        report.storeRetries++;
        await sleep(backoffDelay(policy, failures));
      }
    }
  }

  async function runLoop(): Promise<SyncReport> {
    await init();
    if (config.fetchThread === "always") useThread();
    let staleStreak = 0;
    while (!stopped) {
      const head = await chain.blockNumber();
      report.head = head;
      const target = head - config.confirmations;
      const checkpoint = store.checkpoint()!;
      if (target < checkpoint.number) {
        // The head went backwards: a reorg only if a block we hold changed hash; otherwise a lagging node.
        if (await rememberedHashChanged(chain, store, Math.min(head, checkpoint.number), config.reorgWindow)) {
          await handleReorg();
          continue;
        }
        report.staleHeads++;
        onProgress?.({ kind: "stale", head, checkpoint: checkpoint.number });
        if (!config.follow && ++staleStreak > STALE_LIMIT) throw new StaleHeadError(head, checkpoint.number);
        await sleep(Math.max(config.pollIntervalMs, backoffDelay(policy, Math.min(staleStreak, 8))));
        continue;
      }
      staleStreak = 0;
      if (target > checkpoint.number) {
        await catchUp(target);
        continue;
      }
      // At the head: make sure the tip we hold is still the node's tip before idling or stopping.
      if ((await checkpointStatus(chain, checkpoint)) === "changed") {
        await handleReorg();
        continue;
      }
      report.checkpoint = checkpoint;
      if (config.follow) store.flushWal(0);
      onProgress?.({ kind: "idle", report });
      if (!config.follow) break;
      await sleep(config.pollIntervalMs);
    }
    report.checkpoint = store.checkpoint()!;
    return report;
  }

  return {
    store,
    run,
    stop: () => {
      stopped = true;
    },
  };
}
