import type { Inventory } from "../queries/inventory";
import type { LotHistory } from "../queries/lot";
import type { RecallImpact } from "../queries/recall-impact";
import type { DeviceTrail } from "../queries/trail";
import type { OrganisationTrail } from "../queries/organisation-trail";
import { isoTime, type EventEntry } from "../queries/event-entry";
import type { ShipmentRecord } from "../queries/shipment";
import type { VerifyReport } from "../verify/verify";
import type { EventValue } from "../decode/decoder";
import { enumLabel, type EnumName } from "../../contracts/enums";

const SKIP = new Set(["actor", "organisation"]);
/** Event arguments that carry a contract enum, printed by name (JSON output keeps the on-chain number). */
const ENUM_ARGS: Record<string, EnumName> = {
  recallClass: "RecallClass",
  action: "RecallAction",
  scope: "HoldScope",
  disposition: "Disposition",
  outcome: "ServiceOutcome",
  target: "AnchorTarget",
  role: "Role",
  support: "VoteType",
};
/** Event arguments that are unix times (an anchor's window), printed as ISO 8601 (JSON output keeps the number). */
const TIME_ARGS = new Set(["windowStart", "windowEnd"]);
const argText = (name: string, value: EventValue): string => {
  if (Array.isArray(value)) return `[${value.length}]`;
  if (TIME_ARGS.has(name) && typeof value === "number") return isoTime(value);
  const e = ENUM_ARGS[name];
  return e && typeof value === "number" ? enumLabel(e, value) : String(value);
};
const argsText = (e: EventEntry): string =>
  Object.entries(e.args)
    .filter(([k]) => !SKIP.has(k))
    .map(([k, v]) => `${k}=${argText(k, v)}`)
    .join(" ");

const eventLine = (e: EventEntry): string =>
  `  ${e.blockTime}  #${e.blockNumber} ${e.txHash.substring(0, 12)}… log ${e.logIndex}  ${e.event}` +
  `  org ${e.organisation ?? "-"} actor ${e.actor ?? "-"}  ${argsText(e)}`;

/** Plain-text renderings of query results for a terminal; `--json` prints the objects themselves. */
export function trailText(t: DeviceTrail): string {
  const s = t.state;
  return [
    `${t.udi}  ${t.deviceId}`,
    `  as of block ${t.asOf.number}: ${s.status}, custodian ${s.custodian}, lot ${s.lotKey}` +
      `${s.container !== "0" ? `, in container ${s.container}` : ""}${s.shipment ? `, shipment ${s.shipment}` : ""}` +
      `${s.heldBy ? `, held by recall ${s.heldBy}` : ""}${s.expired ? ", expired" : ""}`,
    `  ${t.events.length} events:`,
    ...t.events.map(eventLine),
  ].join("\n");
}

export function inventoryText(inv: Inventory): string {
  return [
    `GLN ${inv.gln} holds ${inv.total} devices as of block ${inv.asOf.number}:`,
    ...Object.entries(inv.byStatus).map(([status, n]) => `  ${status}: ${n}`),
    ...inv.devices.map(
      (d) =>
        `  ${d.udi}  ${d.status}${d.container ? ` in ${d.container}` : ""}${d.heldBy ? ` held by recall ${d.heldBy}` : ""}${d.expired ? " expired" : ""}`,
    ),
    `containers: ${inv.containers.length}`,
    ...inv.containers.map((c) => `  ${c.sscc}  ${c.status}  ${c.deviceCount} devices`),
  ].join("\n");
}

export function recallText(r: RecallImpact): string {
  return [
    `recall ${r.recallId}: ${r.recall.recallClass} ${r.recall.action}, scope ${r.recall.scope}, GTIN ${r.recall.gtin}, ` +
      `issuer ${r.recall.issuer}, ${r.recall.status}`,
    `  affected ${r.affected}, dispositioned ${r.dispositioned}, effectiveness ${r.effectivenessPercent}%`,
    `  dispositions: ${JSON.stringify(r.dispositions)}`,
    `  custodians:`,
    ...r.custodians.map(
      (c) =>
        `    ${c.gln}: ${c.devices} devices, ${c.outstanding} outstanding, ` +
        (c.gln === r.recall.issuer ? "the issuer" : c.acknowledged ? "acknowledged" : "NOT acknowledged"),
    ),
    `  acknowledgements: ${r.acknowledgements.map((a) => `${a.gln} (${a.time})`).join(", ") || "none"}`,
    ...r.devices.map((d) => `  ${d.udi}  ${d.status} at ${d.custodian}  ${d.disposition ?? "no disposition"}`),
  ].join("\n");
}

export function lotText(l: LotHistory): string {
  return [
    `lot ${l.lotNumber} of GTIN ${l.gtin} (key ${l.lotKey}), manufacturer ${l.manufacturer}, made ${l.manufacturedAt}, ` +
      `expires ${l.expiresAt ?? "never"}`,
    `  ${l.devices.length} devices: ${JSON.stringify(l.byStatus)}`,
    ...l.devices.map(
      (d) => `  ${d.udi}  ${d.status} at ${d.custodian}${d.heldBy ? ` held by recall ${d.heldBy}` : ""}`,
    ),
    `  lot events:`,
    ...l.events.map(eventLine),
  ].join("\n");
}

export function verifyText(v: VerifyReport): string {
  return [
    `verify at block ${v.checkpoint.number} (${v.checkpoint.hash}): ${v.ok ? "OK" : "FAILED"}`,
    ...v.heads.map(
      (h) =>
        `  ${h.ok ? "ok " : "BAD"} ${h.contract}: stored ${h.storedCount} events ${h.storedHead}, chain ${h.chainCount} ${h.chainHead}`,
    ),
    ...v.governanceLogs.map(
      (g) =>
        `  ${g.ok ? "ok " : "BAD"} ${g.contract} (no ledger head: the node's logs): stored ${g.stored.count} events ${g.stored.head}, node ${g.chain.count} ${g.chain.head}`,
    ),
    `  blocks checked: ${v.events.blocks}`,
    ...v.events.differences.map((d) => `  BAD ${d}`),
    `  projection tables rebuilt from events: ${v.rebuild.tables}`,
    ...v.rebuild.differences.map((d) => `  BAD ${d}`),
    `  on-chain views compared: ${v.views.checked}`,
    ...v.views.differences.map((d) => `  BAD ${d}`),
  ].join("\n");
}

export function shipmentText(s: ShipmentRecord): string {
  return [
    `shipment ${s.shipmentId}: ${s.sender} → ${s.recipient}, ${s.status}` +
      `${s.excursion ? ", temperature excursion" : ""}${s.titleTransfer ? ", title transfer" : ""}` +
      ` (as of block ${s.asOf.number})`,
    `  ${s.devices.length} devices loose, ${s.containers.length} containers${s.containers.length ? `: ${s.containers.join(", ")}` : ""}`,
    `  ${s.events.length} events (dispatch, receipt, telemetry anchors with record counts and windows):`,
    ...s.events.map(eventLine),
  ].join("\n");
}

export function organisationText(o: OrganisationTrail): string {
  const s = o.state;
  return [
    `GLN ${o.gln}: ${s.status}, role mask ${s.roles}, as of block ${o.asOf.number}`,
    `  accounts: ${s.accounts.join(", ") || "-"}; prefixes: ${s.companyPrefixes.join(", ") || "-"}; validator: ${s.validator ?? "-"}`,
    ...o.decisions.flatMap((d) => [
      `  decided by proposal ${d.proposalId} (for ${d.tally.for}, against ${d.tally.against}, abstain ${d.tally.abstain}): ${d.description}`,
      ...d.votes.map(
        (v) => `    ${v.support} by ${v.organisation ?? "-"} (${v.voter})${v.reason ? `: ${v.reason}` : ""}`,
      ),
    ]),
    `  ${o.events.length} events:`,
    ...o.events.map(eventLine),
  ].join("\n");
}
