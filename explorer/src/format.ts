/**
 * Wording and formatting of the explorer: the point-of-use verdict in words a clinician understands, what each ledger
 * event means, dates, organisation labels and CSV. Pure functions (no DOM): unit-tested under mocha.
 */
import type { EventEntry } from "../../src/indexer/answers";

export interface CheckReason {
  code: string;
  detail: string;
  recallId?: number;
  recallClass?: string;
  action?: string;
  custodian?: string;
  here?: string;
}

export interface CheckAnswer {
  verdict: "ok" | "do-not-use";
  reasons: CheckReason[];
  deviceId: string;
  udi: string | null;
  status: string | null;
  product: { gtin: string; manufacturer: string; tracked: boolean; implantable: boolean } | null;
  lot: { lotNumber: string; expiry: string | null } | null;
  custodian: { gln: string; name: string | null } | null;
  asOf: { blockNumber: number; blockHash: string; blockTime: string };
}

/** A recall class as people say it, with what it means (FDA's definitions; SafetyAlert is an advisory). */
export const RECALL_CLASSES: Record<string, { name: string; meaning: string }> = {
  ClassI: { name: "Class I", meaning: "use may cause serious injury or death" },
  ClassII: { name: "Class II", meaning: "use may cause temporary or reversible harm" },
  ClassIII: { name: "Class III", meaning: "use is unlikely to cause harm" },
  SafetyAlert: { name: "Safety alert", meaning: "an advisory about the device's use" },
};

export const recallClassName = (c: string | undefined): string => (c && RECALL_CLASSES[c]?.name) || c || "recall";

const ACTIONS: Record<string, string> = {
  Removal: "remove it from use and return it",
  Correction: "it must be corrected before use",
  Advisory: "follow the manufacturer's advisory",
  Destruction: "it must be destroyed",
};

export interface VerdictWords {
  /** "Usable" or "Do not use". */
  headline: string;
  tone: "ok" | "stop";
  /** One line per reason, most serious first, in plain words. */
  reasons: { title: string; explanation: string }[];
}

/** The point-of-use verdict in a clinician's words, from `GET /check/{udi}`. */
export function verdictWords(check: Pick<CheckAnswer, "verdict" | "reasons" | "lot">, name = orgName): VerdictWords {
  if (check.verdict === "ok")
    return {
      headline: "Usable",
      tone: "ok",
      reasons: [
        {
          title: "No reason not to use it",
          explanation:
            "It is registered by its manufacturer, not recalled, not quarantined, not expired and not in use elsewhere.",
        },
      ],
    };
  return {
    headline: "Do not use",
    tone: "stop",
    reasons: check.reasons.map((r) => reasonWords(r, check.lot?.expiry ?? null, name)),
  };
}

/** Names an organisation by GLN (the default shows the GLN alone). */
export type NameOf = (gln: string) => string;
const orgName: NameOf = (gln) => `GLN ${gln}`;

/** One reason of a `do-not-use` verdict, for a nurse at the bedside. */
export function reasonWords(r: CheckReason, expiry: string | null, name: NameOf = orgName): VerdictWords["reasons"][0] {
  switch (r.code) {
    case "unknown":
      return {
        title: "Not registered: possibly counterfeit",
        explanation:
          "No manufacturer ever registered this device. Keep it aside and report it to your quality or supply team.",
      };
    case "recalled": {
      const cls = r.recallClass ? RECALL_CLASSES[r.recallClass] : undefined;
      const action = r.action ? ACTIONS[r.action] : undefined;
      return {
        title: `Recalled (${cls?.name ?? r.recallClass ?? "recall"}${r.recallId ? `, recall ${r.recallId}` : ""})`,
        explanation: [cls && `${cls.name}: ${cls.meaning}.`, action && `Action: ${action}.`].filter(Boolean).join(" "),
      };
    }
    case "quarantined":
      return {
        title: "Quarantined",
        explanation: "It is on hold pending a quality check (for example after a temperature excursion in transit).",
      };
    case "expired":
      return {
        title: "Expired",
        explanation: expiry ? `Its use-by date was ${formatDate(expiry)}.` : "It is past its use-by date.",
      };
    case "decommissioned":
      return { title: "Taken out of service", explanation: "It was decommissioned and must not be used again." };
    case "destroyed":
      return {
        title: "Recorded as destroyed",
        explanation: "A destroyed device cannot be in your hands: this label may be copied. Report it.",
      };
    case "installed":
      return {
        title: "Already implanted or installed",
        explanation: "The ledger says it is already in use in a patient or a system; a second use is suspicious.",
      };
    case "in-transit":
      return {
        title: "Still in transit",
        explanation: "Its delivery has not been received on the ledger yet; receive the shipment first.",
      };
    case "held-elsewhere":
      return {
        title: "Held by another organisation",
        explanation: r.custodian
          ? `The ledger says ${name(r.custodian)} holds it${r.here ? `, not ${name(r.here)}` : ""}. Check how it came here.`
          : "The ledger says another organisation holds it.",
      };
    default:
      return { title: r.code, explanation: r.detail };
  }
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

/** `2026-12-06T21:51:07Z` → `6 Dec 2026, 21:51 UTC` (UTC: auditors compare across sites). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${formatDate(iso)}, ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}

/** `2027-12-06T…` → `6 Dec 2027`. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** A ratio 0..1 as a whole percentage. */
export const percent = (ratio: number): string => `${Math.round(ratio * 100)}%`;

/** `CamelCase` enum names the service sends → words (`InTransit` → `in transit`). */
export const words = (s: string | null | undefined): string =>
  s ? s.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase() : "—";

/** A ledger event as the service sends it (`GET /devices/{udi}`, lots, shipments). */
export type LedgerEvent = EventEntry;

const str = (v: unknown): string => (v === null || v === undefined ? "" : String(v));
const SERVICE_OUTCOMES = ["", "passed", "repaired", "failed"];
const DISPOSITIONS = ["", "returned", "corrected", "destroyed", "kept with an advisory"];

/** What an event on a device's, lot's or shipment's history means: a short title and where it took it. */
export function describeEvent(e: LedgerEvent, name: NameOf = orgName): { title: string; detail: string } {
  const a = e.args;
  switch (e.event) {
    case "LotRegistered":
      return { title: "Lot registered", detail: `lot ${str(a.lotNumber)}, use by ${formatDate(epoch(a.expiresAt))}` };
    case "DevicesCommissioned":
    case "DeviceCommissioned":
      return { title: "Commissioned", detail: `registered by its manufacturer ${name(str(a.organisation))}` };
    case "DevicesPacked":
      return { title: "Packed", detail: `into case ${str(a.sscc)}` };
    case "DevicesUnpacked":
      return { title: "Unpacked", detail: `from case ${str(a.sscc)}` };
    case "ContainerReleased":
      return { title: "Case released", detail: `case ${str(a.sscc)} released` };
    case "ShipmentDispatched":
      return {
        title: "Shipped",
        detail: `shipment ${str(a.shipmentId)} from ${name(str(a.sender))} to ${name(str(a.recipient))}`,
      };
    case "ShipmentReceived":
      return {
        title: a.quarantined ? "Received into quarantine" : "Received",
        detail: `shipment ${str(a.shipmentId)} by ${name(str(a.recipient))}`,
      };
    case "ShipmentRejected":
      return { title: "Delivery rejected", detail: `shipment ${str(a.shipmentId)} by ${name(str(a.recipient))}` };
    case "ShipmentCancelled":
      return { title: "Shipment cancelled", detail: `shipment ${str(a.shipmentId)} by ${name(str(a.sender))}` };
    case "DeviceInstalled":
      return { title: "Installed / implanted", detail: `at ${name(str(a.careSite ?? a.organisation))}` };
    case "DeviceExplanted":
      return { title: "Removed from patient or system", detail: `at ${name(str(a.organisation))}` };
    case "ServiceRecorded":
      return {
        title: "Serviced",
        detail: `outcome: ${SERVICE_OUTCOMES[Number(a.outcome)] || str(a.outcome)}, by ${name(str(a.organisation))}`,
      };
    case "SoftwareUpdated":
      return { title: "Software updated", detail: `to version ${str(a.version)}` };
    case "DeviceQuarantined":
      return { title: "Quarantined", detail: `put on hold by ${name(str(a.organisation))}` };
    case "DeviceReleased":
      return { title: "Released from quarantine", detail: `by ${name(str(a.organisation))}` };
    case "DeviceDecommissioned":
      return { title: "Decommissioned", detail: `taken out of service by ${name(str(a.organisation))}` };
    case "DeviceDestroyed":
      return { title: "Destroyed", detail: `by ${name(str(a.organisation))}` };
    case "RecallIssued":
      return {
        title: `Recall ${str(a.recallId)} issued`,
        detail: `${recallClassName(classOf(a.recallClass))} by ${name(str(a.issuer))}`,
      };
    case "RecallAcknowledged":
      return { title: `Recall ${str(a.recallId)} acknowledged`, detail: `by ${name(str(a.organisation))}` };
    case "RecallDispositionRecorded":
      return {
        title: `Recall ${str(a.recallId)}: disposition`,
        detail: `${DISPOSITIONS[Number(a.disposition)] || str(a.disposition)}, recorded by ${name(str(a.organisation))}`,
      };
    case "RecallTerminated":
      return { title: `Recall ${str(a.recallId)} closed`, detail: `by ${name(str(a.organisation))}` };
    case "DataAnchored":
      return {
        title: a.excursion ? "Sensor data anchored: excursion" : "Sensor data anchored",
        detail: `${str(a.recordCount)} records, Merkle root ${short(str(a.root))}`,
      };
    default:
      return { title: words(e.event), detail: e.organisation ? `by ${name(e.organisation)}` : "" };
  }
}

const CLASSES = ["", "ClassI", "ClassII", "ClassIII", "SafetyAlert"];
const classOf = (v: unknown) => (typeof v === "number" ? CLASSES[v] : str(v));
const epoch = (v: unknown) => (typeof v === "number" && v > 0 ? new Date(v * 1000).toISOString() : null);

/** `0x1234…cdef`: a hash shortened for a table (the full one stays in the proof disclosure). */
export const short = (hex: string): string => (hex.length > 14 ? `${hex.slice(0, 8)}…${hex.slice(-4)}` : hex);

/** Who held the device, in order: the custody path drawn across organisations. */
export interface CustodyStep {
  gln: string;
  since: string;
  /** How it arrived: commissioned, a received shipment, or still in transit to it. */
  how: "commissioned" | "received" | "in-transit";
  shipmentId?: number;
}

/**
 * The custody path of a device from its history (the service gives only the events that concern it, shipments of
 * cases it travelled in included): the manufacturer, then each received shipment's recipient; a shipment still
 * open at the end is the step in transit. Rejected and cancelled shipments leave custody where it was.
 */
export function custodyPath(events: readonly LedgerEvent[]): CustodyStep[] {
  const path: CustodyStep[] = [];
  const pending = new Map<number, string>();
  for (const e of events) {
    const a = e.args;
    if ((e.event === "DevicesCommissioned" || e.event === "DeviceCommissioned") && path.length === 0)
      path.push({ gln: str(a.organisation ?? e.organisation), since: e.blockTime, how: "commissioned" });
    else if (e.event === "ShipmentDispatched") pending.set(Number(a.shipmentId), str(a.recipient));
    else if (e.event === "ShipmentReceived" && pending.has(Number(a.shipmentId))) {
      const to = pending.get(Number(a.shipmentId))!;
      pending.delete(Number(a.shipmentId));
      path.push({ gln: to, since: e.blockTime, how: "received", shipmentId: Number(a.shipmentId) });
    } else if ((e.event === "ShipmentRejected" || e.event === "ShipmentCancelled") && pending.has(Number(a.shipmentId)))
      pending.delete(Number(a.shipmentId));
  }
  for (const [shipmentId, to] of pending) path.push({ gln: to, since: "", how: "in-transit", shipmentId });
  return path;
}

/**
 * CSV (RFC 4180) from rows: every cell quoted when it holds a comma, quote or line break. Chain data is untrusted: a
 * cell that a spreadsheet would run as a formula (starts with =, +, -, @, tab or CR) is prefixed with `'`.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cell = (v: unknown): string => {
    let s = v === null || v === undefined ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
