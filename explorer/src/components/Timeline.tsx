import { describeEvent, formatDateTime, type LedgerEvent } from "../format";
import { labelOf, useNames } from "../names";
import { AnchorProof } from "./AnchorProof";
import { Org } from "./Org";

/** A history, oldest first: when, what, who, and a "proof" disclosure with the block, transaction and log index. */
export function Timeline({ events, label = "History" }: { events: readonly LedgerEvent[]; label?: string }) {
  useNames();
  return (
    <ol className="timeline" aria-label={label}>
      {events.map((e) => {
        const { title, detail } = describeEvent(e, labelOf);
        return (
          <li key={e.id} className={`event event-${e.event}`}>
            <time dateTime={e.blockTime}>{formatDateTime(e.blockTime)}</time>
            <div className="event-body">
              <strong className="event-title">{title}</strong>
              <span className="event-detail">{detail}</span>
              <span className="event-who">
                by <Org gln={e.organisation} />
              </span>
              <details className="proof">
                <summary>Proof</summary>
                <dl>
                  <dt>Contract</dt>
                  <dd>
                    {e.contract}, event {e.event}
                  </dd>
                  <dt>Block</dt>
                  <dd>
                    <span className="mono">{e.blockNumber}</span> <span className="mono hash">{e.blockHash}</span>
                  </dd>
                  <dt>Transaction</dt>
                  <dd className="mono hash">{e.txHash}</dd>
                  <dt>Log index</dt>
                  <dd className="mono">{e.logIndex}</dd>
                  <dt>Signed by</dt>
                  <dd className="mono hash">{e.actor ?? "—"}</dd>
                </dl>
                {e.event === "DataAnchored" ? <AnchorProof e={e} /> : null}
              </details>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
