import { keccak256 } from "ethers";
import { governanceOf, GOVERNANCE_NAMES, type GovernanceName, type Manifest } from "../../manifest";
import { MAX_BLOCK_RANGE } from "../config";
import type { Chain } from "../rpc/chain";
import type { Sql } from "../store/sql";
import { storedLedgerHead, type LedgerHead } from "./ledger-heads";

/** One governance contract's log: folded from the stored events and from the node's logs, which must agree. */
export interface LogCheck {
  contract: GovernanceName;
  stored: LedgerHead;
  chain: LedgerHead;
  ok: boolean;
}

/** The ledger-head fold of raw logs (docs/events.md), for logs read from the node. */
function foldLogs(logs: { topics: string[]; data: string }[]): LedgerHead {
  let head = Buffer.alloc(24);
  for (const log of logs) {
    const bytes = Buffer.concat([
      ...log.topics.map((t) => Buffer.from(t.slice(2), "hex")),
      Buffer.from(log.data.slice(2), "hex"),
    ]);
    const entry = Buffer.from(keccak256(bytes).slice(2), "hex");
    head = Buffer.from(keccak256(Buffer.concat([head, entry])).slice(2, 50), "hex");
  }
  return { head: "0x" + head.toString("hex"), count: logs.length };
}

/**
 * The governor and the timelock are OpenZeppelin's and keep no ledger head: their stored events are checked against
 * the logs the node returns for them up to the checkpoint, folded the same way. This proves the replay missed and
 * added nothing of what the node holds; unlike a ledger head it does not prove the node's own answer complete.
 */
export async function compareGovernanceLogs(
  chain: Chain,
  sql: Sql,
  manifest: Manifest,
  toBlock: number,
): Promise<LogCheck[]> {
  const governance = governanceOf(manifest);
  if (!governance) return [];
  const checks: LogCheck[] = [];
  for (const contract of GOVERNANCE_NAMES) {
    const { address, blockNumber } = governance[contract];
    const logs: { topics: string[]; data: string }[] = [];
    for (let from = blockNumber; from <= toBlock; from += MAX_BLOCK_RANGE) {
      logs.push(...(await chain.getLogs([address], from, Math.min(from + MAX_BLOCK_RANGE - 1, toBlock))));
    }
    const stored = storedLedgerHead(sql, address, toBlock);
    const onChain = foldLogs(logs);
    checks.push({
      contract,
      stored,
      chain: onChain,
      ok: stored.head === onChain.head && stored.count === onChain.count,
    });
  }
  return checks;
}
