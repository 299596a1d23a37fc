import { expect } from "chai";
import { CONTRACT_NAMES, type Manifest } from "../../../src/manifest";
import { startBlockOf } from "../../../src/indexer/config";
import { verifyDatabase, type VerifyReport } from "../../../src/indexer/verify/verify";
import { rpcCall } from "./net";
import { readDb } from "./read-db";

interface Log {
  blockHash: string;
  logIndex: string;
  topics: string[];
  data: string;
}

const keyOf = (blockHash: string, logIndex: number, topics: string, data: string) =>
  `${blockHash}#${logIndex}#${topics}#${data}`;

/** The stored events as keys (block hash, log index, topics, data), in chain order (SQLite or PostgreSQL). */
export function storedKeys(db: string): { keys: string[]; checkpoint: number } {
  return readDb(db, (sql) => {
    const rows = sql.all<{ block_hash: string; log_index: number; topics: Buffer; data: Buffer }>(
      "SELECT block_hash, log_index, topics, data FROM events ORDER BY block_number, log_index",
    );
    const checkpoint = sql.get<{ block_number: number }>("SELECT block_number FROM checkpoint")!.block_number;
    return {
      keys: rows.map((r) => keyOf(r.block_hash, r.log_index, r.topics.toString("hex"), r.data.toString("hex"))),
      checkpoint,
    };
  });
}

/** A fresh full `eth_getLogs` replay of the manifest's contracts up to `toBlock`, as keys. */
export async function replayKeys(url: string, manifest: Manifest, toBlock: number): Promise<string[]> {
  const logs = await rpcCall<Log[]>(url, "eth_getLogs", [
    {
      address: CONTRACT_NAMES.map((n) => manifest.contracts[n].address),
      fromBlock: "0x" + startBlockOf(manifest).toString(16),
      toBlock: "0x" + toBlock.toString(16),
    },
  ]);
  return logs.map((l) =>
    keyOf(
      l.blockHash,
      Number.parseInt(l.logIndex, 16),
      l.topics.map((t) => t.substring(2)).join(""),
      l.data.substring(2),
    ),
  );
}

/** Counts for the fault-test reports. */
export interface OracleResult {
  events: number;
  lost: number;
  duplicated: number;
  verify: VerifyReport;
}

/**
 * The oracle run after every scenario: the stored events equal a fresh full replay (same block hash + log index +
 * data, same order), nothing is lost or duplicated, and `verify` passes (ledger heads, rebuild, on-chain views).
 */
export async function expectOracle(url: string, manifest: Manifest, dbPath: string): Promise<OracleResult> {
  const { keys, checkpoint } = storedKeys(dbPath);
  const expected = await replayKeys(url, manifest, checkpoint);
  const stored = new Set(keys);
  const lost = expected.filter((k) => !stored.has(k)).length;
  const duplicated = keys.length - stored.size;
  expect({ lost, duplicated }).to.deep.equal({ lost: 0, duplicated: 0 });
  expect(keys).to.deep.equal(expected);
  const verify = await verifyDatabase({ rpcUrl: url, manifest, dbPath });
  expect(verify.events.differences).to.deep.equal([]);
  expect(verify.rebuild.differences).to.deep.equal([]);
  expect(verify.views.differences).to.deep.equal([]);
  expect(verify.heads.filter((h) => !h.ok)).to.deep.equal([]);
  expect(verify.ok).to.equal(true);
  return { events: keys.length, lost, duplicated, verify };
}
