import { enumLabel } from "../../contracts/enums";
import { gln13, gtin14, sscc18, udiOf } from "../../gs1";
import { resolveDeviceRef } from "../domain/device-ref";
import { deviceStates } from "../projections/device-state";
import type { Checkpoint } from "../store/store";
import type { Sql } from "../store/sql";
import { isoTime } from "./event-entry";

/** What the ledger knows of one device at the point of use: the facts a use / do-not-use decision is made from. */
export interface DeviceFacts {
  deviceId: string;
  asOf: Checkpoint;
  /** False when no device with this id was ever commissioned (the rest is then absent). */
  known: boolean;
  udi?: string;
  status?: string;
  custodian?: string;
  container?: string | null;
  /** The shipment carrying it while in transit, else null. */
  shipment?: { id: number; sender: string; recipient: string } | null;
  expired?: boolean;
  product?: { gtin: string; manufacturer: string; tracked: boolean; implantable: boolean };
  lot?: { lotNumber: string; manufacturedAt: string; expiresAt: string | null };
  /** The open recall holding the device (the contract's `heldBy`), else null. */
  recall?: { id: number; recallClass: string; action: string; scope: string; returnTo: string | null } | null;
}

interface DetailRow {
  lot_number: string;
  manufactured_at: number;
  expires_at: number;
  manufacturer: string;
  tracked: number | null;
  implantable: number | null;
}

const DETAIL = `SELECT l.lot_number, l.manufactured_at, l.expires_at, l.manufacturer, p.tracked, p.implantable
  FROM lots l LEFT JOIN products p ON p.gtin = l.gtin WHERE l.lot_key = ?`;
const RECALL = "SELECT recall_class, action, scope, return_to FROM recalls WHERE recall_id = ?";
const SHIPMENT = "SELECT sender, recipient FROM shipments WHERE shipment_id = ?";

/**
 * The facts of one device (any UDI syntax or device id) as of `asOf`: state as the contract's `deviceState` computes
 * it, product, lot, the recall holding it and the shipment carrying it. Four indexed point reads, statements prepared
 * once: it is the hot path of the service's point-of-use check.
 */
export function deviceFacts(sql: Sql, ref: string, asOf: Checkpoint): DeviceFacts {
  const { deviceId } = resolveDeviceRef(ref);
  const [state] = deviceStates(sql, asOf.time, "d.device_id = ?", deviceId);
  if (!state) return { deviceId, asOf, known: false };
  const detail = sql.get<DetailRow>(DETAIL, state.lotKey)!;
  const recall =
    state.heldBy === 0
      ? undefined
      : sql.get<{ recall_class: number; action: number; scope: number; return_to: string }>(RECALL, state.heldBy);
  const shipment =
    state.shipment === 0 ? undefined : sql.get<{ sender: string; recipient: string }>(SHIPMENT, state.shipment);
  return {
    deviceId,
    asOf,
    known: true,
    udi: udiOf(state.gtin, state.serial),
    status: enumLabel("DeviceStatus", state.status),
    custodian: gln13(state.custodian),
    container: state.container === "0" ? null : sscc18(state.container),
    shipment: shipment
      ? { id: state.shipment, sender: gln13(shipment.sender), recipient: gln13(shipment.recipient) }
      : null,
    expired: state.expired,
    product: {
      gtin: gtin14(state.gtin),
      manufacturer: gln13(detail.manufacturer),
      tracked: detail.tracked === 1,
      implantable: detail.implantable === 1,
    },
    lot: {
      lotNumber: detail.lot_number,
      manufacturedAt: isoTime(detail.manufactured_at),
      expiresAt: detail.expires_at === 0 ? null : isoTime(detail.expires_at),
    },
    recall: recall
      ? {
          id: state.heldBy,
          recallClass: enumLabel("RecallClass", recall.recall_class),
          action: enumLabel("RecallAction", recall.action),
          scope: enumLabel("HoldScope", recall.scope),
          returnTo: recall.return_to === "0" ? null : gln13(recall.return_to),
        }
      : null,
  };
}
