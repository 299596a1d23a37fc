import { useEffect, useState } from "react";
import { ApiProblem, useJson, type Loaded } from "../api";
import { HeadRow } from "../components/HeadRow";
import { verifyAnswer, type VerifyAnswer } from "../components/LedgerBadge";
import { Link } from "../components/Link";
import { Org } from "../components/Org";
import { ServerPaged } from "../components/ServerPaged";
import { ResourcePage } from "../components/ResourcePage";
import { Problem } from "../components/Status";
import { Timeline } from "../components/Timeline";
import { formatDate, formatDateTime, words, type LedgerEvent } from "../format";
import { ByStatus, DeviceRow } from "./parts";
import { learnName } from "../names";
import { paths } from "../router";
import type { ShipmentRecord } from "../../../src/indexer/answers";

/** `GET /lots/{gtin}/{lot}`, as far as the page reads it: the devices come page by page from `…/devices`. */
interface Lot {
  gtin: string;
  lotNumber: string;
  manufacturer: string;
  manufacturedAt: string;
  expiresAt: string | null;
  byStatus: Record<string, number>;
  events: LedgerEvent[];
}

/** One row of `GET /lots/{gtin}/{lot}/devices`. */
type LotDevice = { deviceId: string; udi: string; custodian: string; status: string; heldBy: number; expired: boolean };

/** A production lot: its devices (paged by the service), where they are, and the lot's own events. */
export function LotPage({ gtin, lot }: { gtin: string; lot: string }) {
  return (
    <ResourcePage<Lot> path={paths.lot(gtin, lot)} what={`lot ${lot}`}>
      {(l) => (
        <>
          <h1>
            Lot <span className="mono">{l.lotNumber}</span>
          </h1>
          <dl className="grid">
            <dt>Product (GTIN)</dt>
            <dd className="mono">{l.gtin}</dd>
            <dt>Manufacturer</dt>
            <dd>
              <Org gln={l.manufacturer} />
            </dd>
            <dt>Made</dt>
            <dd>{formatDate(l.manufacturedAt)}</dd>
            <dt>Use by</dt>
            <dd>{l.expiresAt ? formatDate(l.expiresAt) : "no expiry"}</dd>
          </dl>
          <h2>{Object.values(l.byStatus).reduce((a, b) => a + b, 0)} devices</h2>
          <ByStatus counts={l.byStatus} />
          <ServerPaged<LotDevice>
            path={`${paths.lot(gtin, lot)}/devices`}
            label="Devices of the lot"
            head={<HeadRow columns={["UDI", "Held by", "Status"]} />}
            row={(d) => (
              <DeviceRow key={d.deviceId} udi={d.udi}>
                <td>
                  <Org gln={d.custodian} />
                </td>
                <td>
                  {words(d.status)}
                  {d.heldBy ? (
                    <>
                      , <Link to={paths.recall(d.heldBy)}>recall {d.heldBy}</Link>
                    </>
                  ) : null}
                </td>
              </DeviceRow>
            )}
          />
          <h2>Lot events</h2>
          <Timeline events={l.events} label="Lot history" />
        </>
      )}
    </ResourcePage>
  );
}

/** `GET /shipments/{id}`: the shipment, with the parties' names; its devices come page by page from `…/devices`. */
interface Shipment extends Omit<ShipmentRecord, "asOf" | "devices"> {
  senderName: string | null;
  recipientName: string | null;
}

/** A shipment: parties, status, excursion, items and events. */
export function ShipmentPage({ id }: { id: string }) {
  return (
    <ResourcePage<Shipment> path={paths.shipment(id)} what={`shipment ${id}`}>
      {(s) => {
        learnName(s.sender, s.senderName);
        learnName(s.recipient, s.recipientName);
        return (
          <>
            <h1>Shipment {s.shipmentId}</h1>
            {s.excursion ? (
              <p className="problem" role="note">
                <strong>Excursion</strong>
                <span>Sensor data anchored for this shipment reports a condition outside its limits.</span>
              </p>
            ) : null}
            <dl className="grid">
              <dt>From</dt>
              <dd>
                <Org gln={s.sender} name={s.senderName} />
              </dd>
              <dt>To</dt>
              <dd>
                <Org gln={s.recipient} name={s.recipientName} />
              </dd>
              <dt>Status</dt>
              <dd>{words(s.status)}</dd>
              <dt>Title transfer</dt>
              <dd>{s.titleTransfer ? "yes" : "no"}</dd>
              <dt>Document hash</dt>
              <dd className="mono hash">{s.documentHash}</dd>
            </dl>
            <ServerPaged<ShipmentRecord["devices"][number]>
              path={`${paths.shipment(id)}/devices`}
              label="Devices shipped"
              above={(page) => (
                <h2>
                  {page.total} devices, {s.containers.length} cases
                </h2>
              )}
              head={<HeadRow columns={["UDI"]} />}
              row={(d) => <DeviceRow key={d.deviceId} udi={d.udi} />}
            />
            {s.containers.length ? <p className="mono">Cases: {s.containers.join(", ")}</p> : null}
            <h2>Events</h2>
            <Timeline events={s.events} label="Shipment history" />
          </>
        );
      }}
    </ResourcePage>
  );
}

/** The badge's replay answer (one `GET /verify` for both: a replay reads the whole chain). */
function useVerify(): Loaded<VerifyAnswer> {
  const [loaded, setLoaded] = useState<Loaded<VerifyAnswer>>({ state: "loading" });
  useEffect(() => {
    let live = true;
    verifyAnswer().then(
      (data) => live && setLoaded({ state: "ok", data }),
      (error: unknown) =>
        live &&
        setLoaded({ state: "error", problem: error instanceof ApiProblem ? error : new ApiProblem(0, String(error)) }),
    );
    return () => {
      live = false;
    };
  }, []);
  return loaded;
}

/** The ledger: each contract's head recomputed from the store against the chain, and the replay checks. */
export function Ledger() {
  const verify = useVerify();
  const health = useJson<{
    asOf: { blockNumber: number; blockHash: string; blockTime: string };
    indexer: { following: boolean; lastError: string | null };
  }>("/health");
  return (
    <main>
      <h1>Ledger</h1>
      {health.state === "ok" ? (
        <p className="lead">
          Indexed to block <strong>{health.data.asOf.blockNumber}</strong> ({formatDateTime(health.data.asOf.blockTime)}
          ), {health.data.indexer.following ? "following the chain" : "not following the chain"}
          {health.data.indexer.lastError ? `; indexer: ${health.data.indexer.lastError}` : ""}.
        </p>
      ) : null}
      {verify.state === "loading" ? <p role="status">Replaying the ledger against the chain…</p> : null}
      {verify.state === "error" ? (
        <Problem
          status={verify.problem.status}
          detail={
            verify.problem.status === 403
              ? `${verify.problem.detail}: ask for a token with the admin scope to replay the ledger`
              : verify.problem.detail
          }
        />
      ) : null}
      {verify.state === "ok" ? (
        <>
          <p className={`verdict-line ${verify.data.ok ? "ok" : "stop"}`}>
            {verify.data.ok
              ? `Replay verified at block ${verify.data.asOf.blockNumber}: every contract's ledger head recomputed from the index equals the chain's.`
              : `The index differs from the chain at block ${verify.data.asOf.blockNumber}.`}
          </p>
          <div className="table-scroll">
            <table aria-label="Ledger heads">
              <thead>
                <HeadRow
                  columns={["Contract", "Events", "Head (index)", "Head (chain)", "Result"]}
                  numeric={["Events"]}
                />
              </thead>
              <tbody>
                {verify.data.contracts.map((c) => (
                  <tr key={c.contract}>
                    <td>{c.contract}</td>
                    <td className="num">
                      {c.storedCount === c.chainCount ? c.storedCount : `${c.storedCount} / ${c.chainCount}`}
                    </td>
                    <td className="mono hash">{c.storedHead}</td>
                    <td className="mono hash">{c.chainHead}</td>
                    <td>{c.ok ? "equal" : <strong className="warn">differs</strong>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ul>
            <li>
              Events re-read from {verify.data.events.blocks} blocks: {verify.data.events.differences.length}{" "}
              differences.
            </li>
            <li>
              Tables rebuilt ({verify.data.rebuild.tables}): {verify.data.rebuild.differences.length} differences.
            </li>
            <li>Views: {verify.data.views.differences.length} differences.</li>
          </ul>
        </>
      ) : null}
    </main>
  );
}
