/**
 * Merkle-committed records (device readings, transit telemetry): canonicalise, build a StandardMerkleTree-shaped
 * tree from a stream, anchor its root on DataAnchorRegistry, issue standalone receipts, verify them offline and on
 * chain. Format and choices: docs/records.md.
 */
export { writeAnchoredBatch } from "./anchored-files";
export { anchorTree, resolveTarget, type AnchorOptions, type ResolvedTarget } from "./anchor";
export { buildFromFile, buildFromRecords, type BuildOptions, type BuildResult } from "./build";
export { canonicalJson, recordHash, recordTime } from "./canonical";
export * from "./errors";
export * from "./excursion";
export { csvParser, formatOf, parseJsonLine, readRecords, type InputFormat, type InputLine } from "./input";
export { createFastKeccak, type Keccak } from "./keccak";
export * from "./leaf";
export { createReceiptVerifier, type ReceiptVerifier } from "./onchain";
export { proveRecord } from "./prove";
export * from "./receipt";
export { createTreeBuilder, type RecordTree, type TreeBuilder } from "./record-tree";
export {
  loadRecordSets,
  MAX_REPORTED_RECORDS,
  readTreeMeta,
  SENSOR_FIELDS,
  type AnchoredReadings,
} from "./record-sets";
export { readTreeProof, writeTreeFile, type ProvenLeaf, type TreeMeta } from "./tree-file";
