// The pinned @openzeppelin/merkle-tree (exact version) has no "exports" map: these are the functions its
// StandardMerkleTree.verify is made of, called directly so the leaf is hashed once, not twice.
import { processProof } from "@openzeppelin/merkle-tree/dist/core";
import { standardLeafHash } from "@openzeppelin/merkle-tree/dist/hashes";
import { recordHash, recordTime } from "./canonical";
import { ReceiptRefusedError, type ReceiptCheck } from "./errors";
import { LEAF_ENCODING, TARGET_KINDS, type LeafValue, type RecordTarget } from "./leaf";
import type { RecordTree } from "./record-tree";

/** Where and how a root was anchored: enough to find the anchoring event on the chain. */
export interface AnchorRef {
  type: "evm";
  chainId: string;
  registry: string;
  anchorId: string;
  txHash: string;
  blockNumber: number;
  logIndex: number;
}

/**
 * A standalone receipt for one record, shaped after Chainpoint's (the hash, the path to a root, the anchors of
 * the root), documented by `receipt.schema.json` and docs/records.md.
 */
export interface RecordReceipt {
  type: "UdiLedgerRecordReceipt";
  version: 1;
  /** keccak256 of the record's RFC 8785 canonical JSON. */
  hash: string;
  hashType: "keccak256-rfc8785";
  /** The record member its time was read from. */
  timeField: string;
  target: RecordTarget;
  leaf: { encoding: string[]; value: LeafValue; hash: string };
  /** Sibling hashes from the leaf up; pairs are sorted before hashing (OpenZeppelin MerkleProof). */
  proof: string[];
  root: string;
  anchor: AnchorRef;
}

/** The receipt of record i of an anchored tree. */
export function receiptOf(tree: RecordTree, i: number, timeField: string, anchor: AnchorRef): RecordReceipt {
  const value = tree.leafValue(i);
  return {
    type: "UdiLedgerRecordReceipt",
    version: 1,
    hash: value[3],
    hashType: "keccak256-rfc8785",
    timeField,
    target: tree.target,
    leaf: { encoding: [...LEAF_ENCODING], value, hash: tree.node(tree.treeIndex(i)) },
    proof: tree.proof(i),
    root: tree.root,
    anchor,
  };
}

/** The outcome of checking a receipt: every check passed, or the first that failed and why. */
export type ReceiptVerdict = { ok: true } | { ok: false; check: ReceiptCheck; reason: string };

const HASH = /^0x[0-9a-f]{64}$/;
const isHash = (v: unknown): v is string => typeof v === "string" && HASH.test(v);
const refuse = (check: ReceiptCheck, reason: string): ReceiptVerdict => ({ ok: false, check, reason });

/** Checks the receipt's shape (what the JSON schema says, without a schema validator at run time). */
function checkFormat(r: RecordReceipt): string | undefined {
  if (typeof r !== "object" || r === null) return "is not a JSON object";
  if (r.type !== "UdiLedgerRecordReceipt" || r.version !== 1) return "is not a UdiLedgerRecordReceipt version 1";
  if (r.hashType !== "keccak256-rfc8785") return `hashType ${JSON.stringify(r.hashType)} is not keccak256-rfc8785`;
  if (!isHash(r.hash) || !isHash(r.root)) return "hash and root must be 0x + 64 lowercase hex";
  if (typeof r.timeField !== "string") return "timeField must be a string";
  if (!r.target || !(r.target.kind in TARGET_KINDS) || !isHash(r.target.id)) return "target is malformed";
  if (!r.leaf || JSON.stringify(r.leaf.encoding) !== JSON.stringify(LEAF_ENCODING)) {
    return `leaf.encoding must be ${JSON.stringify(LEAF_ENCODING)}`;
  }
  const v = r.leaf.value;
  if (!Array.isArray(v) || v.length !== 4 || !Number.isSafeInteger(v[0]) || !isHash(v[1]))
    return "leaf.value is malformed";
  if (!Number.isSafeInteger(v[2]) || v[2] < 0 || !isHash(v[3]) || !isHash(r.leaf.hash))
    return "leaf.value is malformed";
  if (!Array.isArray(r.proof) || !r.proof.every(isHash)) return "proof must be a list of 0x + 64 hex";
  const a = r.anchor;
  if (!a || a.type !== "evm" || !/^\d+$/.test(a.chainId ?? "") || !/^\d+$/.test(a.anchorId ?? "")) {
    return "anchor must name an evm chainId and anchorId (decimal strings)";
  }
  if (!/^0x[0-9a-fA-F]{40}$/.test(a.registry ?? "") || !isHash(a.txHash)) return "anchor registry or txHash malformed";
  if (!Number.isSafeInteger(a.blockNumber) || !Number.isSafeInteger(a.logIndex)) return "anchor block/log malformed";
  return undefined;
}

/**
 * Checks a receipt offline: its shape, that its leaf is the record's (the record's canonical hash and time, when
 * the record is given), that the leaf hash is the standard leaf of its value, and that the proof leads from the leaf
 * to the root (OpenZeppelin's `standardLeafHash` and `processProof`, of which `StandardMerkleTree.verify` is made: the
 * reference implementation, independent of the builder's fast path).
 */
export function checkReceiptOffline(receipt: RecordReceipt, record?: unknown): ReceiptVerdict {
  const format = checkFormat(receipt);
  if (format !== undefined) return refuse("format", format);
  const [kind, targetId, time, hash] = receipt.leaf.value;
  if (record !== undefined) {
    let actual: string;
    let actualTime: number;
    try {
      actual = recordHash(record);
      actualTime = recordTime(record, receipt.timeField);
    } catch (error) {
      return refuse("record", (error as Error).message);
    }
    if (actual !== receipt.hash) return refuse("record", `its canonical hash ${actual} is not the receipt's`);
    if (actualTime !== time) return refuse("record", `its time ${actualTime} is not the leaf's ${time}`);
  }
  if (hash !== receipt.hash) return refuse("leaf", `leaf record hash ${hash} is not the receipt's hash`);
  if (kind !== TARGET_KINDS[receipt.target.kind] || targetId !== receipt.target.id) {
    return refuse("leaf", `leaf target (${kind}, ${targetId}) is not the receipt's target`);
  }
  const leaf = standardLeafHash([...LEAF_ENCODING], receipt.leaf.value);
  if (leaf !== receipt.leaf.hash) return refuse("leaf", "leaf.hash is not the standard leaf hash of leaf.value");
  if (processProof(leaf, receipt.proof) !== receipt.root) {
    const reason = `the proof (${receipt.proof.length} hashes) does not lead from the leaf to root ${receipt.root}`;
    return refuse("proof", reason);
  }
  return { ok: true };
}

/** Throws a {@link ReceiptRefusedError} naming the failed check unless the verdict is ok. */
export function assertVerdict(receipt: RecordReceipt, verdict: ReceiptVerdict): void {
  if (!verdict.ok) throw new ReceiptRefusedError(String(receipt?.hash), verdict.check, verdict.reason);
}
