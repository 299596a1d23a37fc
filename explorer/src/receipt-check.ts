import { checkReceiptOffline, type RecordReceipt } from "../../src/records/receipt";

/** The anchor a device page shows: the root the DataAnchored event put on chain, and where. */
export interface AnchorShown {
  anchorId: string;
  root: string;
  txHash: string;
}

export type ReceiptOutcome = { ok: true; text: string } | { ok: false; text: string };

/**
 * Checks a record receipt in the browser against the anchor shown: the receipt must be for this anchor (its root and
 * transaction), and its proof must lead from the record's leaf to that root. The check is the records module's own
 * (`checkReceiptOffline`: OpenZeppelin's standard leaf hash and proof), with the record when one is given.
 */
export function checkReceipt(receiptText: string, anchor: AnchorShown, recordText: string): ReceiptOutcome {
  let receipt: RecordReceipt;
  let record: unknown;
  try {
    receipt = JSON.parse(receiptText) as RecordReceipt;
  } catch (error) {
    return { ok: false, text: `the receipt is not JSON: ${(error as Error).message}` };
  }
  try {
    record = recordText.trim() ? JSON.parse(recordText) : undefined;
  } catch (error) {
    return { ok: false, text: `the record is not JSON: ${(error as Error).message}` };
  }
  const verdict = checkReceiptOffline(receipt, record);
  if (!verdict.ok) return { ok: false, text: `proof refused (${verdict.check} check): ${verdict.reason}` };
  if (receipt.root !== anchor.root)
    return { ok: false, text: `the receipt's root ${receipt.root} is not the root anchored here, ${anchor.root}` };
  if (receipt.anchor.txHash !== anchor.txHash || receipt.anchor.anchorId !== anchor.anchorId)
    return {
      ok: false,
      text: `the receipt names anchor ${receipt.anchor.anchorId} in transaction ${receipt.anchor.txHash}, not this one`,
    };
  const what = record === undefined ? `record ${receipt.hash}` : "the record given";
  return {
    ok: true,
    text: `proof verified: ${what} is leaf ${receipt.leaf.hash} of the tree whose root was anchored here (${receipt.proof.length} proof hashes)`,
  };
}
