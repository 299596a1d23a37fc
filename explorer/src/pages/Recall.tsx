import { useJson } from "../api";
import { AckChart } from "../components/AckChart";
import { HeadRow } from "../components/HeadRow";
import { Org } from "../components/Org";
import { Paged } from "../components/Pager";
import { ResourcePage } from "../components/ResourcePage";
import { formatDateTime, percent, RECALL_CLASSES, recallClassName, words } from "../format";
import { learnName } from "../names";
import { paths } from "../router";
import { AffectedDevices } from "./RecallDevices";
import type { Consignee, RecallImpact, RecallSummary } from "../../../src/indexer/answers";

/** `GET /recalls/{id}`: the recall status report the service sends (src/serve/recall-status.ts). */
export interface RecallReport extends Pick<RecallImpact, "recallId" | "recall" | "dispositions"> {
  asOf: { blockNumber: number; blockTime: string };
  consignees: Consignee[];
  summary: {
    consignees: number;
    notified: number;
    acknowledged: number;
    outstanding: number;
    affectedDevices: number;
    dispositionedDevices: number;
    devicesStillHeld: number;
  };
  effectiveness: { acknowledgedConsignees: number; dispositionedDevices: number };
  returnedToIssuer: { gln: string; name: string | null; dispositionPending: number };
}

/** A recall's status report (21 CFR 7.53) as a dashboard: figures, a chart, consignees, affected devices, CSV. */
export function Recall({ id }: { id: string }) {
  const list = useJson<{ recalls: RecallSummary[] }>("/recalls");
  const issued = list.state === "ok" ? list.data.recalls.find((r) => String(r.recallId) === id) : undefined;
  return (
    <ResourcePage<RecallReport> path={paths.recall(id)} what={`recall ${id}`} className="recall">
      {(r) => {
        for (const c of r.consignees) learnName(c.gln, c.name);
        return <Report r={r} issued={issued} />;
      }}
    </ResourcePage>
  );
}

function Report({ r, issued }: { r: RecallReport; issued?: RecallSummary }) {
  const cls = RECALL_CLASSES[r.recall.recallClass];
  return (
    <>
      <h1>
        Recall {r.recallId}:{" "}
        <span className={`class class-${r.recall.recallClass}`}>{recallClassName(r.recall.recallClass)}</span>{" "}
        {words(r.recall.action)}
      </h1>
      <p className="lead">
        {cls ? `${cls.name}: ${cls.meaning}. ` : ""}
        Status: <strong>{words(r.recall.status)}</strong>.
      </p>
      <dl className="grid">
        <dt>Product (GTIN)</dt>
        <dd className="mono">{r.recall.gtin}</dd>
        <dt>Scope</dt>
        <dd>{words(r.recall.scope)}</dd>
        <dt>Issued by</dt>
        <dd>
          <Org gln={r.recall.issuer} />
        </dd>
        <dt>Issued</dt>
        <dd>{issued ? formatDateTime(issued.issuedAt) : "—"}</dd>
        <dt>Return to</dt>
        <dd>{r.recall.returnTo && !/^0+$/.test(r.recall.returnTo) ? <Org gln={r.recall.returnTo} /> : "—"}</dd>
        <dt>Report as of</dt>
        <dd>
          block {r.asOf.blockNumber}, {formatDateTime(r.asOf.blockTime)}
        </dd>
      </dl>

      <section aria-labelledby="effect-h">
        <h2 id="effect-h">Effectiveness</h2>
        <div className="figures">
          <Figure
            id="fig-ack"
            value={percent(r.effectiveness.acknowledgedConsignees)}
            label="consignees acknowledged"
            sub={`${r.summary.acknowledged} of ${r.summary.consignees}`}
          />
          <Figure
            id="fig-disp"
            value={percent(r.effectiveness.dispositionedDevices)}
            label="devices dispositioned"
            sub={`${r.summary.dispositionedDevices} of ${r.summary.affectedDevices}`}
          />
          <Figure
            id="fig-held"
            value={String(r.summary.devicesStillHeld)}
            label="devices still held"
            sub="affected, no disposition yet"
          />
          <Figure
            id="fig-out"
            value={String(r.summary.outstanding)}
            label="consignees outstanding"
            sub="not acknowledged"
          />
        </div>
        <AckChart
          issuedAt={issued?.issuedAt ?? null}
          asOf={r.asOf.blockTime}
          acknowledgedAt={r.consignees.flatMap((c) => (c.acknowledgedAt ? [c.acknowledgedAt] : []))}
          consignees={r.summary.consignees}
        />
        <Dispositions counts={r.dispositions} affected={r.summary.affectedDevices} />
      </section>

      <section aria-labelledby="consignees-h">
        <h2 id="consignees-h">Consignees</h2>
        <Paged
          label="Consignees"
          rows={r.consignees}
          head={
            <HeadRow
              columns={["Organisation", "Notified", "Acknowledged", "Devices still held"]}
              numeric={["Devices still held"]}
            />
          }
          row={(c) => (
            <tr key={c.gln}>
              <td>
                <Org gln={c.gln} name={c.name} />
              </td>
              <td>{c.notified ? "yes" : "no"}</td>
              <td>{c.acknowledgedAt ? formatDateTime(c.acknowledgedAt) : <strong className="warn">not yet</strong>}</td>
              <td className="num">{c.quantityHeld}</td>
            </tr>
          )}
        />
        {r.returnedToIssuer.dispositionPending > 0 ? (
          <p id="returned-to-issuer">
            Returned to the issuer, <Org gln={r.returnedToIssuer.gln} name={r.returnedToIssuer.name} />, disposition
            pending: <strong>{r.returnedToIssuer.dispositionPending}</strong> devices. The issuer is not a consignee: it
            is left out of the acknowledgement figures.
          </p>
        ) : null}
      </section>

      <AffectedDevices r={r} />
    </>
  );
}

function Figure({ id, value, label, sub }: { id: string; value: string; label: string; sub: string }) {
  return (
    <div className="figure" id={id}>
      <span className="figure-value">{value}</span>
      <span className="figure-label">{label}</span>
      <span className="figure-sub">{sub}</span>
    </div>
  );
}

/** Dispositions by kind, as proportional bars of the affected devices (plus those with none yet). */
function Dispositions({ counts, affected }: { counts: Record<string, number>; affected: number }) {
  const done = Object.values(counts).reduce((a, b) => a + b, 0);
  const rows = [...Object.entries(counts), ["none yet", affected - done] as [string, number]];
  return (
    <table className="bars" aria-label="Dispositions">
      <tbody>
        {rows.map(([kind, n]) => (
          <tr key={kind}>
            <th scope="row">{words(kind)}</th>
            <td className="num">{n}</td>
            <td className="bar-cell">
              <span
                className={`bar ${kind === "none yet" ? "bar-open" : ""}`}
                style={{ width: `${affected ? (n / affected) * 100 : 0}%` }}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
