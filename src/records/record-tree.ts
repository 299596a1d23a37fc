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
      const inner = keccak(encode(time, recordHash));
      leaves.set(keccak(inner), count * 32);
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
  const order = sortLeaves(leaves, count);
  for (let r = 1; r < count; r++) {
    if (compareLeaves(leaves, order[r] * 32, leaves, order[r - 1] * 32) === 0) {
      const [a, b] = [order[r - 1], order[r]].sort((x, y) => c.lines[x] - c.lines[y] || x - y);
      throw new DuplicateRecordError(hexlify(c.hashes.subarray(a * 32, a * 32 + 32)), [c.lines[a], c.lines[b]]);
    }
  }
  const nodeCount = 2 * count - 1;
  const nodes = new Uint8Array(nodeCount * 32);
  const nodeWords = new Uint32Array(nodes.buffer);
  const leafWords = new Uint32Array(leaves.buffer, leaves.byteOffset, count * 8);
  const rank = new Uint32Array(count);
  for (let r = 0; r < count; r++) {
    const from = order[r] * 8;
    const to = (nodeCount - 1 - r) * 8;
    for (let w = 0; w < 8; w++) nodeWords[to + w] = leafWords[from + w];
    rank[order[r]] = r;
  }
  // Node i hashes its children 2i + 1 and 2i + 2, which sit side by side: in order, they are hashed where they lie.
  const swapped = new Uint8Array(64);
  for (let i = nodeCount - 1 - count; i >= 0; i--) {
    const left = (2 * i + 1) * 32;
    if (compareLeaves(nodes, left, nodes, left + 32) <= 0) {
      nodes.set(keccak(nodes.subarray(left, left + 64)), i * 32);
    } else {
      for (let k = 0; k < 32; k++) {
        swapped[k] = nodes[left + 32 + k];
        swapped[32 + k] = nodes[left + k];
      }
      nodes.set(keccak(swapped), i * 32);
    }
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

/** Compares the 32-byte words at `a[i…]` and `b[j…]` as unsigned big-endian numbers (Buffer.compare's order). */
function compareLeaves(a: Uint8Array, i: number, b: Uint8Array, j: number): number {
  for (let k = 0; k < 32; k++) {
    const d = a[i + k] - b[j + k];
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The leaf indices in ascending order of their hashes (StandardMerkleTree's order): a stable radix sort on each
 * leaf's first four bytes (two passes of 16 bits), then runs of equal first words (a few dozen in a million random
 * hashes) ordered by their whole hash. Linear, where a comparator sort of a million indices took seconds.
 */
function sortLeaves(leaves: Uint8Array, count: number): Uint32Array {
  const head = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const at = i * 32;
    head[i] = ((leaves[at] << 24) | (leaves[at + 1] << 16) | (leaves[at + 2] << 8) | leaves[at + 3]) >>> 0;
  }
  let from = new Uint32Array(count);
  let to = new Uint32Array(count);
  for (let i = 0; i < count; i++) from[i] = i;
  const counts = new Uint32Array(65537);
  for (const shift of [0, 16]) {
    counts.fill(0);
    for (let i = 0; i < count; i++) counts[((head[i] >>> shift) & 0xffff) + 1]++;
    for (let d = 1; d <= 65536; d++) counts[d] += counts[d - 1];
    for (let i = 0; i < count; i++) {
      const index = from[i];
      to[counts[(head[index] >>> shift) & 0xffff]++] = index;
    }
    [from, to] = [to, from];
  }
  for (let r = 0; r < count;) {
    let end = r + 1;
    while (end < count && head[from[end]] === head[from[r]]) end++;
    for (let k = r + 1; k < end; k++) {
      const index = from[k];
      let j = k;
      for (; j > r && compareLeaves(leaves, from[j - 1] * 32, leaves, index * 32) > 0; j--) from[j] = from[j - 1];
      from[j] = index;
    }
    r = end;
  }
  return from;
}
