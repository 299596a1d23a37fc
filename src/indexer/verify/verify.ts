import { Interface } from "ethers";
import { CONTRACT_NAMES, type ContractName, type Manifest } from "../../manifest";
import { CONTRACT_ABIS } from "../decode/abi-table";
import { createChain } from "../rpc/chain";
import { createRpcClient } from "../rpc/client";
import { LOGS_PER_BLOCK } from "../store/schema";
import { openQueryContext } from "../queries/context";
import type { Checkpoint } from "../store/store";
import { compareWithChain, type ViewComparison } from "./chain-views";
import { storedLedgerHeads } from "./ledger-heads";
import { compareWithRebuild, type RebuildComparison } from "./rebuild-check";
import { compareGovernanceLogs, type LogCheck } from "./governance-logs";

/** One contract's ledger head: recomputed from the stored logs and read on-chain at the indexed block. */
export interface HeadCheck {
  contract: ContractName;
  storedHead: string;
  storedCount: number;
  chainHead: string;
  chainCount: number;
  ok: boolean;
}

/** Everything `verify` checked; `ok` only when every list of differences is empty and every head matches. */
export interface VerifyReport {
  ok: boolean;
  checkpoint: Checkpoint;
  heads: HeadCheck[];
  /** The governor's and timelock's stored events against the node's logs (they keep no ledger head); empty without. */
  governanceLogs: LogCheck[];
  /** Stored events and checkpoint on blocks the node no longer has at that height, events past the checkpoint. */
  events: { blocks: number; differences: string[] };
  rebuild: RebuildComparison;
  views: ViewComparison;
}

export interface VerifyOptions {
  rpcUrl: string;
  manifest: Manifest;
  dbPath: string;
  timeoutMs?: number;
}

/**
 * Proves a database complete and faithful: each contract's ledger head recomputed from the stored raw logs equals
 * `ledgerHead()` at the indexed block; the stored blocks are the chain's; the projections equal a rebuild from the
 * events and the chain's view state for every device, container, shipment, lot, product, recall and organisation.
 */
export async function verifyDatabase(options: VerifyOptions): Promise<VerifyReport> {
  // Read-only, and refused naming the database (password redacted) when it does not exist or holds no index.
  const { store, decoder } = openQueryContext(options.dbPath);
  const chain = createChain(createRpcClient({ url: options.rpcUrl, timeoutMs: options.timeoutMs ?? 30_000 }));
  try {
    const checkpoint = store.checkpoint()!;
    const { manifest } = options;

    const stored = storedLedgerHeads(store.sql, manifest, checkpoint.number);
    const heads: HeadCheck[] = [];
    for (const contract of CONTRACT_NAMES) {
      const iface = new Interface(CONTRACT_ABIS[contract] as never);
      const raw = await chain.call(
        manifest.contracts[contract].address,
        iface.encodeFunctionData("ledgerHead"),
        checkpoint.number,
      );
      const [chainHead, chainCount] = iface.decodeFunctionResult("ledgerHead", raw);
      const s = stored[contract];
      const ok = s.head === (chainHead as string).toLowerCase() && BigInt(s.count) === chainCount;
      heads.push({ contract, storedHead: s.head, storedCount: s.count, chainHead, chainCount: Number(chainCount), ok });
    }

    const eventDifferences: string[] = [];
    const blocks = store.sql.all<{ number: number; hash: string }>(
      "SELECT DISTINCT block_number AS number, block_hash AS hash FROM events ORDER BY 1",
    );
    if (checkpoint.number >= 0) blocks.push({ number: checkpoint.number, hash: checkpoint.hash });
    const headers = await chain.headers(blocks.map((b) => b.number));
    blocks.forEach((b, i) => {
      if (headers[i]?.hash !== b.hash) {
        eventDifferences.push(`block ${b.number}: stored hash ${b.hash}, chain ${headers[i]?.hash ?? "(unknown)"}`);
      }
    });
    const beyond = store.sql.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM events WHERE block_number > ?",
      checkpoint.number,
    )!.n;
    if (beyond > 0) eventDifferences.push(`${beyond} events stored above the checkpoint block ${checkpoint.number}`);
    const misplaced = store.sql.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM events WHERE id <> block_number * ${LOGS_PER_BLOCK} + log_index`,
    )!.n;
    if (misplaced > 0)
      eventDifferences.push(`${misplaced} events whose id is not their chain position (reordered rows)`);
    const duplicates = store.sql.get<{ n: number }>(
      "SELECT COUNT(*) - COUNT(DISTINCT block_hash || ':' || log_index) AS n FROM events",
    )!.n;
    if (duplicates > 0) eventDifferences.push(`${duplicates} events stored twice (same block hash and log index)`);

    const governanceLogs = await compareGovernanceLogs(chain, store.sql, manifest, checkpoint.number);
    const rebuild = compareWithRebuild(store.sql, decoder);
    const views = await compareWithChain(chain, store.sql, manifest, checkpoint.number, checkpoint.time);
    const ok =
      heads.every((h) => h.ok) &&
      governanceLogs.every((g) => g.ok) &&
      eventDifferences.length === 0 &&
      rebuild.differences.length === 0 &&
      views.differences.length === 0;
    return {
      ok,
      checkpoint,
      heads,
      governanceLogs,
      events: { blocks: blocks.length, differences: eventDifferences },
      rebuild,
      views,
    };
  } finally {
    store.close();
  }
}
