import { useEffect } from "react";
import { getJson, segment, useJson } from "../api";
import { CustodyPath } from "../components/CustodyPath";
import { Link } from "../components/Link";
import { Org } from "../components/Org";
import { Problem } from "../components/Status";
import { Timeline } from "../components/Timeline";
import {
  custodyPath,
  formatDate,
  formatDateTime,
  recallClassName,
  verdictWords,
  words,
  type CheckAnswer,
  type LedgerEvent,
} from "../format";
import { labelOf, learnName } from "../names";
import { paths } from "../router";
import { Find } from "./Find";

interface DeviceAnswer {
  deviceId: string;
  udi: string;
  status: string;
  custodian: string;
  custodianName: string | null;
  container: string | null;
  shipment: { id: number; sender: string; recipient: string } | null;
  expired: boolean;
  product: { gtin: string; manufacturer: string; tracked: boolean; implantable: boolean };
  lot: { lotNumber: string; manufacturedAt: string; expiresAt: string | null };
  recall: { id: number; recallClass: string; action: string; scope: string; returnTo: string | null } | null;
  asOf: { blockNumber: number; blockTime: string };
  events: LedgerEvent[];
}

/** A device: the verdict first, then product, lot, expiry, custodian, the custody path and the history. */
export function Device({ udi }: { udi: string }) {
  const check = useJson<CheckAnswer>(`/check/${segment(udi)}`);
  const device = useJson<DeviceAnswer>(`/devices/${segment(udi)}`);
  const known = device.state === "ok" ? device.data : null;

  useEffect(() => {
    if (check.state === "ok") learnName(check.data.custodian?.gln, check.data.custodian?.name);
  }, [check]);
  useEffect(() => {
    if (!known) return;
    learnName(known.custodian, known.custodianName);
    // The parties' names come with the shipments (the history carries GLNs only).
    const ids = [
      ...new Set(known.events.filter((e) => e.event === "ShipmentDispatched").map((e) => e.args.shipmentId)),
    ];
    for (const id of ids.slice(0, 12))
      getJson<{ sender: string; senderName: string | null; recipient: string; recipientName: string | null }>(
        paths.shipment(String(id)),
      ).then(
        (s) => (learnName(s.sender, s.senderName), learnName(s.recipient, s.recipientName)),
        () => undefined,
      );
  }, [known]);

  return (
    <main className="device">
      {check.state === "loading" ? <p role="status">Checking the device…</p> : null}
      {check.state === "error" ? <Problem status={check.problem.status} detail={check.problem.detail} /> : null}
      {check.state === "ok" ? <Verdict check={check.data} /> : null}
      <Find />
      {known ? <Facts d={known} /> : null}
      {device.state === "error" && device.problem.status !== 404 && check.state !== "error" ? (
        <Problem status={device.problem.status} detail={device.problem.detail} />
      ) : null}
      {known ? (
        <>
          <section aria-labelledby="custody-h">
            <h2 id="custody-h">Custody path</h2>
            <CustodyPath steps={custodyPath(known.events)} />
          </section>
          <section aria-labelledby="history-h">
            <h2 id="history-h">History ({known.events.length} events)</h2>
            <Timeline events={known.events} label="Device history" />
          </section>
        </>
      ) : null}
    </main>
  );
}

/** The point-of-use verdict, large and first: usable, or do not use and why. */
function Verdict({ check }: { check: CheckAnswer }) {
  const v = verdictWords(check, labelOf);
  return (
    <section className={`verdict verdict-${v.tone}`} aria-labelledby="verdict-h" aria-live="polite">
      <p className="verdict-udi mono">{check.udi ?? "unregistered UDI"}</p>
      <h1 id="verdict-h">
        <span aria-hidden="true">{v.tone === "ok" ? "✔ " : "✖ "}</span>
        {v.headline}
      </h1>
      <ul className="reasons">
        {v.reasons.map((r, i) => (
          <li key={i}>
            <strong>{r.title}.</strong> {r.explanation}
          </li>
        ))}
      </ul>
      <p className="small verdict-asof">
        As of block {check.asOf.blockNumber}, {formatDateTime(check.asOf.blockTime)}
      </p>
    </section>
  );
}

function Facts({ d }: { d: DeviceAnswer }) {
  return (
    <section aria-labelledby="facts-h" className="facts">
      <h2 id="facts-h">Device</h2>
      <dl className="grid">
        <dt>Status</dt>
        <dd>
          {words(d.status)}
          {d.expired ? " (expired)" : ""}
        </dd>
        <dt>Product (GTIN)</dt>
        <dd className="mono">{d.product.gtin}</dd>
        <dt>Manufacturer</dt>
        <dd>
          <Org gln={d.product.manufacturer} />
        </dd>
        <dt>Lot</dt>
        <dd>
          <Link to={paths.lot(d.product.gtin, d.lot.lotNumber)}>{d.lot.lotNumber}</Link>
        </dd>
        <dt>Use by</dt>
        <dd>{d.lot.expiresAt ? formatDate(d.lot.expiresAt) : "no expiry"}</dd>
        <dt>Made</dt>
        <dd>{formatDate(d.lot.manufacturedAt)}</dd>
        <dt>Held by</dt>
        <dd>
          <Org gln={d.custodian} name={d.custodianName} />
        </dd>
        {d.shipment ? (
          <>
            <dt>In transit</dt>
            <dd>
              <Link to={paths.shipment(d.shipment.id)}>Shipment {d.shipment.id}</Link> to{" "}
              <Org gln={d.shipment.recipient} />
            </dd>
          </>
        ) : null}
        {d.container ? (
          <>
            <dt>In case (SSCC)</dt>
            <dd className="mono">{d.container}</dd>
          </>
        ) : null}
        {d.recall ? (
          <>
            <dt>Recall</dt>
            <dd>
              <Link to={paths.recall(d.recall.id)}>
                Recall {d.recall.id}: {recallClassName(d.recall.recallClass)}, {words(d.recall.action)}
              </Link>
            </dd>
          </>
        ) : null}
        <dt>Implantable</dt>
        <dd>{d.product.implantable ? "yes" : "no"}</dd>
        <dt>Device id</dt>
        <dd className="mono hash">{d.deviceId}</dd>
      </dl>
    </section>
  );
}
