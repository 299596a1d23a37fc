import type { EventDecoder } from "../decode/decoder";
import { enumLabel } from "../../contracts/enums";
import { gln13, gtin14 } from "../../gs1";
import { NotIndexedError } from "../errors";
import { gs1Argument } from "../domain/device-ref";
import { deviceStates } from "../projections/device-state";
import type { Checkpoint } from "../store/store";
import type { Sql } from "../store/sql";
import { eventEntries, isoTime, type EventEntry } from "./event-entry";
import { AnchorTarget, HoldScope } from "../../contracts/generated/facts";
import { deviceListing } from "./device-listing";

/** A production lot: its record, its devices and where they are, and the events about the lot itself. */
export interface LotHistory {
  lotKey: number;
  gtin: string;
  lotNumber: string;
  manufacturer: string;
  manufacturedAt: string;
  expiresAt: string | null;
  asOf: Checkpoint;
  byStatus: Record<string, number>;
  devices: { deviceId: string; udi: string; custodian: string; status: string; heldBy: number; expired: boolean }[];
  events: EventEntry[];
}

/** The lot `lotNumber` of `gtinText`, with its devices' current states and the lot-level events. */
export function lotHistory(
  sql: Sql,
  decoder: EventDecoder,
  gtinText: string,
  lotNumber: string,
  asOf: Checkpoint,
): LotHistory {
  const gtin = BigInt(gs1Argument("gtin", gtinText, "GTIN")).toString();
  const lot = sql.get<{
    lot_key: number;
    manufacturer: string;
    manufactured_at: number;
    expires_at: number;
    event_id: number;
  }>("SELECT * FROM lots WHERE gtin = ? AND lot_number = ?", gtin, lotNumber);
  if (!lot) throw new NotIndexedError("lot", `${gtinText} ${lotNumber}`, "no such lot in the index");
  const states = deviceStates(sql, asOf.time, "d.lot_key = ?", lot.lot_key);
  const byStatus: Record<string, number> = {};
  for (const s of states)
    byStatus[enumLabel("DeviceStatus", s.status)] = (byStatus[enumLabel("DeviceStatus", s.status)] ?? 0) + 1;
  const lotWord = "0x" + lot.lot_key.toString(16).padStart(64, "0");
  const events = eventEntries(
    sql,
    decoder,
    `e.id = @event OR e.id IN (SELECT event_id FROM anchors WHERE target = ${AnchorTarget.Lot} AND target_id = @lotWord)
     OR e.id IN (SELECT issued_event FROM recalls r WHERE r.gtin = @gtin AND (r.scope = ${HoldScope.Product}
       OR EXISTS (SELECT 1 FROM recall_lots rl WHERE rl.recall_id = r.recall_id AND rl.lot_key = @lot)))`,
    { event: lot.event_id, lotWord, gtin, lot: lot.lot_key },
  );
  return {
    lotKey: lot.lot_key,
    gtin: gtin14(gtin),
    lotNumber,
    manufacturer: gln13(lot.manufacturer),
    manufacturedAt: isoTime(lot.manufactured_at),
    expiresAt: lot.expires_at === 0 ? null : isoTime(lot.expires_at),
    asOf,
    byStatus,
    devices: states.map((s) => ({ ...deviceListing(s), expired: s.expired })),
    events,
  };
}
