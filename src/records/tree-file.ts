import { createReadStream, createWriteStream, readFileSync } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { TreeFileError } from "./errors";
import type { ExcursionResult } from "./excursion";
import { LEAF_ENCODING, type LeafValue, type RecordTarget } from "./leaf";
import type { AnchorRef } from "./receipt";
import type { RecordTree } from "./record-tree";

/** What tree.json says besides the tree: enough for `records prove` to issue a receipt later. */
export interface TreeMeta {
  version: 1;
  root: string;
  recordCount: number;
  target: RecordTarget;
  timeField: string;
  window: { start: number; end: number };
  uri: string;
  excursion?: ExcursionResult;
  anchor?: AnchorRef;
}

/** A record's place in a tree file: its leaf value and the proof read from the file. */
export interface ProvenLeaf {
  meta: TreeMeta;
  value: LeafValue;
  leafHash: string;
  proof: string[];
}

/**
 * Writes tree.json: StandardMerkleTree's `dump()` format (`standard-v1`, so `StandardMerkleTree.load` reads it)
 * plus a `udiLedger` member, written one node and one value a line so that neither writing nor `readTreeProof`
 * needs the whole file in memory.
 */
export async function writeTreeFile(path: string, tree: RecordTree, meta: TreeMeta): Promise<void> {
  const out = createWriteStream(path, { encoding: "utf8" });
  let chunk: string[] = [];
  const flush = async (force = false) => {
    if (chunk.length < 8192 && !force) return;
    if (!out.write(chunk.join(""))) await once(out, "drain");
    chunk = [];
  };
  chunk.push(`{"format":"standard-v1","leafEncoding":${JSON.stringify(LEAF_ENCODING)},\n"tree":[\n`);
  for (let i = 0; i < tree.nodeCount; i++) {
    chunk.push(`"${tree.node(i)}"${i + 1 < tree.nodeCount ? "," : ""}\n`);
    await flush();
  }
  chunk.push(`],\n"values":[\n`);
  for (let i = 0; i < tree.count; i++) {
    const value = JSON.stringify({ value: tree.leafValue(i), treeIndex: tree.treeIndex(i) });
    chunk.push(`${value}${i + 1 < tree.count ? "," : ""}\n`);
    await flush();
  }
  chunk.push(`],\n"udiLedger":${JSON.stringify(meta)}\n}\n`);
  await flush(true);
  out.end();
  await once(out, "finish");
}

/**
 * Reads from a tree file the proof of the record with this hash (and time, when given). A file in the line layout
 * {@link writeTreeFile} writes is streamed (nodes kept as 32 bytes each); any other `standard-v1` dump is loaded
 * whole through `StandardMerkleTree.load`.
 */
export async function readTreeProof(path: string, recordHash: string, time?: number): Promise<ProvenLeaf> {
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next().catch((error: Error) => {
    throw new TreeFileError(path, `cannot be read (${error.message})`);
  });
  if (first.done || !first.value.startsWith('{"format":"standard-v1"')) {
    lines.close();
    return loadWhole(path, recordHash, time);
  }
  const bad = (why: string) => new TreeFileError(path, why);
  if ((await iterator.next()).value !== '"tree":[') throw bad('line 2 is not "tree":[');
  let nodes: Uint8Array = new Uint8Array(32 * 1024);
  let count = 0;
  let match: { value: LeafValue; treeIndex: number } | undefined;
  let meta: TreeMeta | undefined;
  let section: "tree" | "values" | "meta" = "tree";
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    const text = next.value;
    if (section === "tree") {
      if (text === "],") {
        section = "values";
        await iterator.next();
        continue;
      }
      if (count * 32 === nodes.length) nodes = growBytes(nodes);
      nodes.set(Buffer.from(text.slice(3, 67), "hex"), count * 32);
      count++;
    } else if (section === "values") {
      if (text === "],") {
        section = "meta";
        continue;
      }
      if (!text.includes(recordHash.toLowerCase())) continue;
      const entry = JSON.parse(text.replace(/,$/, "")) as { value: LeafValue; treeIndex: number };
      if (entry.value[3] === recordHash.toLowerCase() && (time === undefined || entry.value[2] === time)) match = entry;
    } else if (text.startsWith('"udiLedger":')) {
      meta = JSON.parse(text.slice('"udiLedger":'.length)) as TreeMeta;
    }
  }
  if (meta === undefined) throw bad("has no udiLedger member (was it written by records anchor?)");
  if (match === undefined) throw bad(`holds no record ${recordHash}${time === undefined ? "" : ` at time ${time}`}`);
  const hex = (i: number) => "0x" + Buffer.from(nodes.buffer, nodes.byteOffset + i * 32, 32).toString("hex");
  const proof: string[] = [];
  for (let index = match.treeIndex; index > 0; index = Math.floor((index - 1) / 2)) {
    if (index >= count) throw bad(`tree index ${index} beyond its ${count} nodes`);
    proof.push(hex(index % 2 === 1 ? index + 1 : index - 1));
  }
  return { meta, value: match.value, leafHash: hex(match.treeIndex), proof };
}

function loadWhole(path: string, recordHash: string, time?: number): ProvenLeaf {
  let data: ReturnType<StandardMerkleTree<LeafValue>["dump"]> & { udiLedger?: TreeMeta };
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new TreeFileError(path, `is not JSON (${(error as Error).message})`);
  }
  if (data.udiLedger === undefined) throw new TreeFileError(path, "has no udiLedger member");
  let tree: StandardMerkleTree<LeafValue>;
  try {
    tree = StandardMerkleTree.load(data);
  } catch (error) {
    throw new TreeFileError(path, `is not a valid standard-v1 tree (${(error as Error).message})`);
  }
  for (const [i, value] of tree.entries()) {
    if (value[3] === recordHash.toLowerCase() && (time === undefined || value[2] === time)) {
      return { meta: data.udiLedger, value, leafHash: data.tree[data.values[i].treeIndex], proof: tree.getProof(i) };
    }
  }
  throw new TreeFileError(path, `holds no record ${recordHash}`);
}

function growBytes(bytes: Uint8Array): Uint8Array {
  const next = new Uint8Array(bytes.length * 2);
  next.set(bytes);
  return next;
}
