import { recordHash, recordTime } from "./canonical";
import { TreeFileError } from "./errors";
import { LEAF_ENCODING } from "./leaf";
import { assertVerdict, checkReceiptOffline, type RecordReceipt } from "./receipt";
import { readTreeProof } from "./tree-file";

/**
 * Issues the receipt of a record from a kept tree file (tree.json of `records anchor`): finds its leaf by the
 * record's canonical hash and time, reads the proof, and checks the receipt offline before returning it.
 */
export async function proveRecord(treePath: string, record: unknown): Promise<RecordReceipt> {
  const hash = recordHash(record);
  const { meta, value, leafHash, proof } = await readTreeProof(treePath, hash);
  const time = recordTime(record, meta.timeField);
  if (value[2] !== time) {
    throw new TreeFileError(treePath, `holds record ${hash} at time ${value[2]}, not ${time}`);
  }
  if (meta.anchor === undefined) throw new TreeFileError(treePath, "names no anchor: the tree was never anchored");
  const receipt: RecordReceipt = {
    type: "UdiLedgerRecordReceipt",
    version: 1,
    hash,
    hashType: "keccak256-rfc8785",
    timeField: meta.timeField,
    target: meta.target,
    leaf: { encoding: [...LEAF_ENCODING], value, hash: leafHash },
    proof,
    root: meta.root,
    anchor: meta.anchor,
  };
  assertVerdict(receipt, checkReceiptOffline(receipt, record));
  return receipt;
}
