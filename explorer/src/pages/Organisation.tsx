import { useState } from "react";
import { HeadRow } from "../components/HeadRow";
import { Link } from "../components/Link";
import { Org } from "../components/Org";
import { ResourcePage } from "../components/ResourcePage";
import { ServerPaged } from "../components/ServerPaged";
import { formatDateTime, words } from "../format";
import { learnName } from "../names";
import { paths } from "../router";
import { ByStatus, DeviceRow } from "./parts";
import type { Inventory, OrganisationAlert, OrganisationShipment } from "../../../src/indexer/answers";

/** `GET /organisations/{gln}`: the organisation's figures (its lists are paged resources of their own). */
interface Summary {
  gln: string;
  name: string | null;
  asOf: { blockNumber: number; blockTime: string };
  inventory: {
    total: number;
    byStatus: Record<string, number>;
    byProduct: { gtin: string; total: number; byStatus: Record<string, number> }[];
    underRecall: number;
    containers: number;
  };
  shipments: { in: Record<string, number>; out: Record<string, number> };
  alerts: number;
}

const select = (label: string, value: string, set: (v: string) => void, options: [string, string][]) => (
  <label>
    {label}{" "}
    <select value={value} onChange={(e) => set(e.target.value)}>
      <option value="">all</option>
      {options.map(([v, text]) => (
        <option key={v} value={v}>
          {text}
        </option>
      ))}
    </select>
  </label>
);

/** An organisation: its inventory by status and product, its shipments in and out, and its alerts. */
export function Organisation({ gln }: { gln: string }) {
  return (
    <ResourcePage<Summary> path={paths.organisation(gln)} what={`organisation ${gln}`}>
      {(s) => {
        learnName(s.gln, s.name);
        return (
          <>
            <h1>{s.name ?? "Organisation"}</h1>
            <p className="lead mono">GLN {s.gln}</p>
            <InventorySection s={s} />
            <ShipmentsSection s={s} />
            <AlertsSection s={s} />
          </>
        );
      }}
    </ResourcePage>
  );
}

function InventorySection({ s }: { s: Summary }) {
  const [status, setStatus] = useState("");
  const [gtin, setGtin] = useState("");
  const i = s.inventory;
  return (
    <section aria-labelledby="inventory-h">
      <h2 id="inventory-h">Inventory: {i.total} devices</h2>
      <ByStatus counts={i.byStatus} />
      <p>
        {i.underRecall} under a recall hold; {i.containers} {i.containers === 1 ? "case" : "cases"} (SSCC) held.
      </p>
      <div className="table-scroll">
        <table aria-label="Inventory by product">
          <thead>
            <HeadRow columns={["Product (GTIN)", "Devices", "By status"]} numeric={["Devices"]} />
          </thead>
          <tbody>
            {i.byProduct.map((p) => (
              <tr key={p.gtin}>
                <td className="mono">{p.gtin}</td>
                <td className="num">{p.total}</td>
                <td>
                  {Object.entries(p.byStatus)
                    .map(([k, n]) => `${words(k)} ${n}`)
                    .join(", ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Devices</h3>
      <div className="filters">
        {select(
          "Status",
          status,
          setStatus,
          Object.keys(i.byStatus).map((k) => [k, words(k)]),
        )}
        {select(
          "Product",
          gtin,
          setGtin,
          i.byProduct.map((p) => [p.gtin, p.gtin]),
        )}
      </div>
      <ServerPaged<Inventory["devices"][number]>
        path={`${paths.organisation(s.gln)}/devices`}
        params={{ status, gtin }}
        label="Devices held"
        head={<HeadRow columns={["UDI", "Status", "Recall"]} />}
        row={(d) => (
          <DeviceRow key={d.deviceId} udi={d.udi}>
            <td>
              {words(d.status)}
              {d.expired ? ", expired" : ""}
            </td>
            <td>{d.heldBy ? <Link to={paths.recall(d.heldBy)}>Recall {d.heldBy}</Link> : "—"}</td>
          </DeviceRow>
        )}
      />
    </section>
  );
}

const SHIPMENT_STATUSES = ["InTransit", "Received", "Rejected", "Cancelled"];

function ShipmentsSection({ s }: { s: Summary }) {
  const [direction, setDirection] = useState("");
  const [status, setStatus] = useState("");
  return (
    <section aria-labelledby="shipments-h">
      <h2 id="shipments-h">Shipments</h2>
      <div className="table-scroll">
        <table aria-label="Shipments by status">
          <thead>
            <tr>
              <th scope="col">Direction</th>
              {SHIPMENT_STATUSES.map((k) => (
                <th scope="col" className="num" key={k}>
                  {words(k)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(["in", "out"] as const).map((d) => (
              <tr key={d}>
                <th scope="row">{d === "in" ? "In (received by it)" : "Out (sent by it)"}</th>
                {SHIPMENT_STATUSES.map((k) => (
                  <td className="num" key={k}>
                    {s.shipments[d][k] ?? 0}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="filters">
        {select("Direction", direction, setDirection, [
          ["in", "in"],
          ["out", "out"],
        ])}
        {select(
          "Shipment status",
          status,
          setStatus,
          SHIPMENT_STATUSES.map((k) => [k, words(k)]),
        )}
      </div>
      <ServerPaged<OrganisationShipment & { counterpartyName: string | null }>
        path={`${paths.organisation(s.gln)}/shipments`}
        params={{ direction, status }}
        label="Shipments"
        head={
          <HeadRow columns={["Shipment", "Direction", "With", "Status", "Items", "Dispatched"]} numeric={["Items"]} />
        }
        row={(x) => (
          <tr key={x.shipmentId}>
            <td>
              <Link to={paths.shipment(x.shipmentId)}>Shipment {x.shipmentId}</Link>
            </td>
            <td>{x.direction}</td>
            <td>
              <Org gln={x.counterparty} name={x.counterpartyName} />
            </td>
            <td>
              {words(x.status)}
              {x.excursion ? <strong className="warn">, excursion</strong> : null}
            </td>
            <td className="num">{x.itemCount}</td>
            <td>{formatDateTime(x.dispatchedAt)}</td>
          </tr>
        )}
      />
    </section>
  );
}

/** A few words on what an alert is about, from its data (recall, shipment, device). */
const about = (a: OrganisationAlert) =>
  ["recallId", "shipmentId", "udi", "deviceId"]
    .filter((k) => a.data[k] !== undefined)
    .map((k) => `${k === "recallId" ? "recall" : k === "shipmentId" ? "shipment" : "device"} ${String(a.data[k])}`)
    .join(", ");

function AlertsSection({ s }: { s: Summary }) {
  return (
    <section aria-labelledby="alerts-h">
      <h2 id="alerts-h">Alerts ({s.alerts})</h2>
      <p className="muted small">Alerts are raised for the organisations someone subscribed for.</p>
      <ServerPaged<OrganisationAlert>
        path={`${paths.organisation(s.gln)}/alerts`}
        label="Alerts"
        head={<HeadRow columns={["When", "Alert", "About", "Block"]} />}
        row={(a) => (
          <tr key={`${a.txHash}/${a.kind}/${JSON.stringify(a.data)}`}>
            <td>{formatDateTime(a.blockTime)}</td>
            <td>{words(a.kind.replace(".", " "))}</td>
            <td>{about(a)}</td>
            <td className="num">{a.blockNumber}</td>
          </tr>
        )}
      />
    </section>
  );
}
