import { hexlify } from "ethers";
import { DuplicateRecordError, RecordInputError } from "./errors";
import type { Keccak } from "./keccak";
import { createLeafEncoder, TARGET_KINDS, type LeafValue, type RecordTarget } from "./leaf";

/**
 * A Merkle tree over a batch of records, node for node the tree `StandardMerkleTree.of(values, LEAF_ENCODING)` of
 * `@openzeppelin/merkle-tree` builds (leaves sorted by hash, laid out as its complete binary tree in one array,
 * sorted-pair keccak256 nodes), held in flat buffers: 32 bytes a node, 2n − 1 nodes, plus 44 bytes of bookkeeping a
 * record. StandardMerkleTree holds each node and value as JS strings and objects: measured here at 100,000 leaves it
 * took 25 s and 370 MB, so a million would take minutes and several GB (docs/records.md).
 */
export interface RecordTree {
  readonly target: RecordTarget;
  /** Records in the tree, in input order (index i is the i-th record added). */
  readonly count: number;
  readonly root: string;
  /** The first and last record time, unix seconds. */
  readonly window: { start: number; end: number };
  /** The leaf values of record i, as StandardMerkleTree takes them. */
  leafValue(i: number): LeafValue;
  /** Where record i's leaf sits in the tree array (StandardMerkleTree's `treeIndex`). */
  treeIndex(i: number): number;
  /** The tree array's node at `index` (0 is the root), lowercase hex. */
  node(index: number): string;
  /** Number of nodes, 2 × count − 1. */
  readonly nodeCount: number;
  /** The proof of record i: sibling hashes from the leaf up, as StandardMerkleTree.getProof gives them. */
  proof(i: number): string[];
  /** The input line record i came from (0 when it did not come from a file). */
  line(i: number): number;
  /** The index of the record with this hash and time, or -1. */
  find(recordHash: string, time?: number): number;
}

/** Adds records one at a time (memory grows by 76 bytes a record), then builds the tree once. */
export interface TreeBuilder {
  add(recordHash: Uint8Array, time: number, line?: number): void;
  readonly count: number;
  finish(): RecordTree;
}

/** Creates a tree builder for one target; `keccak` is the hash function (see keccak.ts). */
export function createTreeBuilder(target: RecordTarget, keccak: Keccak): TreeBuilder {
  const encode = createLeafEncoder(target);
  let capacity = 1024;
  let count = 0;
  let hashes = new Uint8Array(capacity * 32);
  let leaves = new Uint8Array(capacity * 32);
  let times = new Float64Array(capacity);
  let lines = new Uint32Array(capacity);
  const grow = () => {
    capacity *= 2;
    const more = <T extends Uint8Array | Float64Array | Uint32Array>(old: T, make: (n: number) => T, per: number) => {
      const next = make(capacity * per);
      next.set(old);
      return next;
    };
    hashes = more(hashes, (n) => new Uint8Array(n), 32);
    leaves = more(leaves, (n) => new Uint8Array(n), 32);
    times = more(times, (n) => new Float64Array(n), 1);
    lines = more(lines, (n) => new Uint32Array(n), 1);
  };
  return {
    get count() {
      return count;
    },
    add(recordHash, time, line = 0) {
      if (recordHash.length !== 32) throw new RecordInputError("recordHash", line, "must be 32 bytes");
      if (count >= 2 ** 32 - 1) throw new RecordInputError("records", line, "more than a uint32 count");
      if (count === capacity) grow();
      hashes.set(recordHash, count * 32);
      leaves.set(keccak(keccak(encode(time, recordHash))), count * 32);
      times[count] = time;
      lines[count] = line;
      count++;
    },
    finish() {
      if (count === 0) throw new RecordInputError("records", 0, "holds no records: nothing to anchor");
      return layTree(target, keccak, {
        count,
        hashes: hashes.subarray(0, count * 32),
        leaves: leaves.subarray(0, count * 32),
        times: times.subarray(0, count),
        lines: lines.subarray(0, count),
      });
    },
  };
}

interface Columns {
  count: number;
  hashes: Uint8Array;
  leaves: Uint8Array;
  times: Float64Array;
  lines: Uint32Array;
}

/** Sorts the leaves (refusing duplicates), lays them out as StandardMerkleTree does and hashes the inner nodes. */
function layTree(target: RecordTarget, keccak: Keccak, c: Columns): RecordTree {
  const { count, leaves } = c;
  const leafAt = (i: number) => leaves.subarray(i * 32, i * 32 + 32);
  const view = new DataView(leaves.buffer, leaves.byteOffset, leaves.byteLength);
  const order = new Uint32Array(count);
  const head = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    order[i] = i;
    head[i] = view.getUint32(i * 32);
  }
  order.sort((a, b) => head[a] - head[b] || Buffer.compare(leafAt(a), leafAt(b)));
  for (let r = 1; r < count; r++) {
    if (head[order[r]] === head[order[r - 1]] && Buffer.compare(leafAt(order[r]), leafAt(order[r - 1])) === 0) {
      const [a, b] = [order[r - 1], order[r]].sort((x, y) => c.lines[x] - c.lines[y] || x - y);
      throw new DuplicateRecordError(hexlify(c.hashes.subarray(a * 32, a * 32 + 32)), [c.lines[a], c.lines[b]]);
    }
  }
  const nodeCount = 2 * count - 1;
  const nodes = new Uint8Array(nodeCount * 32);
  const rank = new Uint32Array(count);
  for (let r = 0; r < count; r++) {
    nodes.set(leafAt(order[r]), (nodeCount - 1 - r) * 32);
    rank[order[r]] = r;
  }
  for (let i = nodeCount - 1 - count; i >= 0; i--) {
    const left = nodes.subarray((2 * i + 1) * 32, (2 * i + 2) * 32);
    const right = nodes.subarray((2 * i + 2) * 32, (2 * i + 3) * 32);
    nodes.set(Buffer.compare(left, right) <= 0 ? keccak(left, right) : keccak(right, left), i * 32);
  }
  let start = Infinity;
  let end = -Infinity;
  for (const t of c.times) {
    if (t < start) start = t;
    if (t > end) end = t;
  }
  const hex = (bytes: Uint8Array, index: number) =>
    "0x" + Buffer.from(bytes.buffer, bytes.byteOffset + index * 32, 32).toString("hex");
  const treeIndex = (i: number) => nodeCount - 1 - rank[i];
  let lookup: Map<string, number[]> | undefined;
  return {
    target,
    count,
    nodeCount,
    root: hex(nodes, 0),
    window: { start, end },
    leafValue: (i) => [TARGET_KINDS[target.kind], target.id, c.times[i], hex(c.hashes, i)],
    treeIndex,
    node: (index) => hex(nodes, index),
    line: (i) => c.lines[i],
    proof(i) {
      const proof: string[] = [];
      for (let index = treeIndex(i); index > 0; index = Math.floor((index - 1) / 2)) {
        proof.push(hex(nodes, index % 2 === 1 ? index + 1 : index - 1));
      }
      return proof;
    },
    find(recordHash, time) {
      if (lookup === undefined) {
        lookup = new Map();
        for (let i = 0; i < count; i++) {
          const key = hex(c.hashes, i);
          lookup.set(key, [...(lookup.get(key) ?? []), i]);
        }
      }
      const found = lookup.get(recordHash.toLowerCase()) ?? [];
      return found.find((i) => time === undefined || c.times[i] === time) ?? -1;
    },
  };
}
