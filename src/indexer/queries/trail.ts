import type { EventDecoder } from "../decode/decoder";
import { resolveDeviceRef } from "../domain/device-ref";
import { enumLabel } from "../../contracts/enums";
import { gln13, sscc18, udiOf } from "../../gs1";
import { NotIndexedError } from "../errors";
import { deviceStates } from "../projections/device-state";
import type { Checkpoint } from "../store/store";
import type { Sql } from "../store/sql";
import { DEVICE_EVENT_IDS } from "./device-events";
import { eventEntries, type EventEntry } from "./event-entry";
import { AnchorTarget, HoldScope } from "../../contracts/generated/facts";

/** The full history of one device with its current state. */
export interface DeviceTrail {
  deviceId: string;
  udi: string;
  asOf: Checkpoint;
  state: {
    custodian: string;
    status: string;
    lotKey: number;
    container: string;
    shipment: number;
    heldBy: number;
    expired: boolean;
  };
  events: EventEntry[];
}

/**
 * Every stored event that concerns a device: its own events, those of the containers and shipments that carried it,
 * anchors on them, the registration of its lot, and the recalls whose scope (product, lot or serial) covers it.
 */
export function deviceTrail(sql: Sql, decoder: EventDecoder, ref: string, asOf: Checkpoint): DeviceTrail {
  const { deviceId } = resolveDeviceRef(ref);
  const [state] = deviceStates(sql, asOf.time, "d.device_id = ?", deviceId);
  if (!state) throw new NotIndexedError("device", ref, `device ${deviceId} is not in the index`);
  const events = eventEntries(
    sql,
    decoder,
    `e.id IN (${DEVICE_EVENT_IDS})
     OR e.id = (SELECT event_id FROM lots WHERE lot_key = @lot)
     OR e.id IN (SELECT anchors.event_id FROM anchors WHERE target = ${AnchorTarget.Lot} AND target_id = @lotWord)
     OR e.id IN (SELECT issued_event FROM recalls r WHERE r.gtin = @gtin AND (r.scope = ${HoldScope.Product}
          OR (r.scope = ${HoldScope.Lots} AND EXISTS (SELECT 1 FROM recall_lots rl WHERE rl.recall_id = r.recall_id AND rl.lot_key = @lot))
          OR (r.scope = ${HoldScope.Serials} AND EXISTS (SELECT 1 FROM recall_devices rd WHERE rd.recall_id = r.recall_id AND rd.device_id = @device))))
     OR e.id IN (SELECT terminated_event FROM recalls r WHERE r.gtin = @gtin AND r.terminated_event IS NOT NULL AND (r.scope = ${HoldScope.Product}
          OR (r.scope = ${HoldScope.Lots} AND EXISTS (SELECT 1 FROM recall_lots rl WHERE rl.recall_id = r.recall_id AND rl.lot_key = @lot))
          OR (r.scope = ${HoldScope.Serials} AND EXISTS (SELECT 1 FROM recall_devices rd WHERE rd.recall_id = r.recall_id AND rd.device_id = @device))))`,
    {
      device: deviceId,
      lot: state.lotKey,
      gtin: state.gtin,
      lotWord: "0x" + state.lotKey.toString(16).padStart(64, "0"),
    },
  );
  return {
    deviceId,
    udi: udiOf(state.gtin, state.serial),
    asOf,
    state: {
      custodian: gln13(state.custodian),
      status: enumLabel("DeviceStatus", state.status),
      lotKey: state.lotKey,
      container: state.container === "0" ? "0" : sscc18(state.container),
      shipment: state.shipment,
      heldBy: state.heldBy,
      expired: state.expired,
    },
    events,
  };
}
