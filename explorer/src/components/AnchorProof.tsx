import { useState, type FormEvent } from "react";
import type { LedgerEvent } from "../format";
import type { ReceiptOutcome } from "../receipt-check";

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));

/**
 * The anchored-data part of a DataAnchored entry's proof: the Merkle root and the anchor transaction, and a check of a
 * record receipt (from `udi-ledger records prove`) made in this browser against that root. The checking code is
 * loaded only when a receipt is checked.
 */
export function AnchorProof({ e }: { e: LedgerEvent }) {
  const [receipt, setReceipt] = useState("");
  const [record, setRecord] = useState("");
  const [outcome, setOutcome] = useState<ReceiptOutcome | null>(null);
  const anchor = { anchorId: str(e.args.anchorId), root: str(e.args.root), txHash: e.txHash };
  const check = async (event: FormEvent) => {
    event.preventDefault();
    const { checkReceipt } = await import("../receipt-check");
    setOutcome(checkReceipt(receipt, anchor, record));
  };
  const id = `anchor-${e.id}`;
  return (
    <div className="anchor-proof">
      <dl>
        <dt>Merkle root</dt>
        <dd className="mono hash">{anchor.root}</dd>
        <dt>Anchor</dt>
        <dd>
          anchor {anchor.anchorId}, {str(e.args.recordCount)} records, transaction{" "}
          <span className="mono hash">{anchor.txHash}</span>
        </dd>
      </dl>
      <form onSubmit={check} aria-label="Check a record receipt">
        <label htmlFor={`${id}-receipt`}>Record receipt (JSON)</label>
        <input
          id={`${id}-receipt`}
          type="file"
          accept="application/json,.json"
          onChange={async (x) => setReceipt((await x.target.files?.[0]?.text()) ?? "")}
        />
        <label htmlFor={`${id}-record`}>The record itself (JSON, optional)</label>
        <textarea id={`${id}-record`} rows={2} value={record} onChange={(x) => setRecord(x.target.value)} />
        <button type="submit" disabled={!receipt}>
          Check the proof
        </button>
      </form>
      {outcome ? (
        <p className={outcome.ok ? "proof-ok" : "proof-bad"} role="status">
          {outcome.text}
        </p>
      ) : null}
    </div>
  );
}
