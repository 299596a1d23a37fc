import { enumLabel } from "../../contracts/enums";
import { HoldScope } from "../../contracts/generated/facts";
import { gln13, gtin14 } from "../../gs1";
import { NotIndexedError } from "../errors";
import { deviceStates } from "../projections/device-state";
import type { Checkpoint } from "../store/store";
import type { Sql } from "../store/sql";
import { isoTime } from "./event-entry";
import type { RecallImpact } from "../answers";
import { deviceListing } from "./device-listing";

export type { RecallImpact };

/** A `recalls` row. */
export interface RecallRow {
  recall_id: number;
  gtin: string;
  issuer: string;
  recall_class: number;
  action: number;
  scope: number;
  return_to: string;
  status: number;
}

/** Affected devices (by the recall's scope: product, listed lots, listed serials), custodians, acks, dispositions. */
export function recallImpact(sql: Sql, recallIdText: string, asOf: Checkpoint): RecallImpact {
  const recallId = Number(recallIdText);
  const r = sql.get<RecallRow>("SELECT * FROM recalls WHERE recall_id = ?", recallId);
  if (!Number.isSafeInteger(recallId) || !r)
    throw new NotIndexedError("recallId", recallIdText, "no such recall in the index");
  const scopeFilter =
    r.scope === HoldScope.Product
      ? "d.gtin = ?"
      : r.scope === HoldScope.Lots
        ? "d.lot_key IN (SELECT lot_key FROM recall_lots WHERE recall_id = ?)"
        : "d.device_id IN (SELECT device_id FROM recall_devices WHERE recall_id = ?)";
  const states = deviceStates(sql, asOf.time, scopeFilter, r.scope === HoldScope.Product ? r.gtin : recallId);
  const dispositionOf = new Map(
    sql
      .all<{ device_id: string; disposition: number }>(
        "SELECT device_id, disposition FROM recall_dispositions WHERE recall_id = ?",
        recallId,
      )
      .map((d) => [d.device_id, d.disposition]),
  );
  const acks = sql.all<{ gln: string; block_number: number; block_time: number }>(
    `SELECT a.gln, e.block_number, e.block_time FROM recall_acks a JOIN events e ON e.id = a.event_id
     WHERE a.recall_id = ? ORDER BY e.id`,
    recallId,
  );
  const acked = new Set(acks.map((a) => a.gln));
  const custodians = new Map<string, { gln: string; devices: number; outstanding: number; acknowledged: boolean }>();
  const dispositions: Record<string, number> = {};
  for (const s of states) {
    const c = custodians.get(s.custodian) ?? {
      gln: gln13(s.custodian),
      devices: 0,
      outstanding: 0,
      acknowledged: acked.has(s.custodian),
    };
    c.devices++;
    if (!dispositionOf.has(s.deviceId)) c.outstanding++;
    custodians.set(s.custodian, c);
    const d = dispositionOf.get(s.deviceId);
    if (d !== undefined)
      dispositions[enumLabel("Disposition", d)] = (dispositions[enumLabel("Disposition", d)] ?? 0) + 1;
  }
  const dispositioned = states.filter((s) => dispositionOf.has(s.deviceId)).length;
  return {
    recallId,
    asOf,
    recall: {
      gtin: gtin14(r.gtin),
      issuer: gln13(r.issuer),
      recallClass: enumLabel("RecallClass", r.recall_class),
      action: enumLabel("RecallAction", r.action),
      scope: enumLabel("HoldScope", r.scope),
      returnTo: r.return_to === "0" ? "0" : gln13(r.return_to),
      status: enumLabel("RecallStatus", r.status),
    },
    affected: states.length,
    dispositioned,
    effectivenessPercent: states.length === 0 ? 100 : Math.round((dispositioned / states.length) * 10_000) / 100,
    devices: states.map((s) => ({
      ...deviceListing(s),
      disposition: dispositionOf.has(s.deviceId) ? enumLabel("Disposition", dispositionOf.get(s.deviceId)!) : null,
    })),
    custodians: [...custodians.values()].sort((a, b) => a.gln.localeCompare(b.gln)),
    acknowledgements: acks.map((a) => ({
      gln: gln13(a.gln),
      blockNumber: a.block_number,
      time: isoTime(a.block_time),
    })),
    dispositions,
  };
}
