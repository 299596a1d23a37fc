import { keccak256 } from "ethers";
import { CONTRACT_NAMES, type ContractName, type Manifest } from "../../manifest";
import type { Sql } from "../store/sql";

/** A ledger head and its event count. */
export interface LedgerHead {
  head: string;
  count: number;
}

const PAGE = 10_000;

/**
 * Folds the stored raw logs of one contract in chain order (event id order; verify checks each id is its position),
 * exactly as docs/events.md says:
 * head := first 24 bytes of keccak256(head ‖ keccak256(topic0 ‖ topic1 ‖ … ‖ data)).
 */
export function storedLedgerHead(sql: Sql, address: string, toBlock: number): LedgerHead {
  let head = Buffer.alloc(24);
  let count = 0;
  let after = -1;
  for (;;) {
    const rows = sql.all<{ id: number; topics: Buffer; data: Buffer }>(
      `SELECT id, topics, data FROM events WHERE id > ? AND address = ? AND block_number <= ? ORDER BY id LIMIT ${PAGE}`,
      after,
      address.toLowerCase(),
      toBlock,
    );
    for (const row of rows) {
      const entry = Buffer.from(keccak256(Buffer.concat([row.topics, row.data])).substring(2), "hex");
      head = Buffer.from(keccak256(Buffer.concat([head, entry])).substring(2, 50), "hex");
    }
    count += rows.length;
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1].id;
  }
  return { head: "0x" + head.toString("hex"), count };
}

/** Ledger heads of every contract of the manifest, recomputed from the stored events up to `toBlock`. */
export function storedLedgerHeads(sql: Sql, manifest: Manifest, toBlock: number): Record<ContractName, LedgerHead> {
  const out = {} as Record<ContractName, LedgerHead>;
  for (const name of CONTRACT_NAMES) out[name] = storedLedgerHead(sql, manifest.contracts[name].address, toBlock);
  return out;
}
