import { enumLabel } from "../../contracts/enums";
import { gln13, gtin14, sscc18, udiOf } from "../../gs1";
import { resolveDeviceRef } from "../domain/device-ref";
import { DEVICE_STATE_COLUMNS, DEVICE_STATE_JOINS, stateOf, type DeviceStateRow } from "../projections/device-state";
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

interface CheckRow extends DeviceStateRow {
  block_number: number;
  block_hash: string;
  block_time: number;
  lot_number: string | null;
  manufactured_at: number;
  manufacturer: string;
  tracked: number | null;
  implantable: number | null;
  recall_class: number | null;
  action: number;
  recall_scope: number;
  return_to: string;
  sender: string | null;
  recipient: string;
}

/**
 * Everything a check reads, in one statement (so one snapshot: no read transaction needed): the checkpoint, left
 * joined to the device's state row (device-state.ts), its lot and product, the recall of its product's hold and the
 * shipment of the device or of its container. A device id the index does not hold gives the checkpoint alone.
 */
const CHECK = `SELECT k.block_number, k.block_hash, k.block_time, ${DEVICE_STATE_COLUMNS},
  l.lot_number, l.manufactured_at, l.manufacturer, p.tracked, p.implantable,
  r.recall_class, r.action, r.scope AS recall_scope, r.return_to, s.sender, s.recipient
  FROM checkpoint k
  LEFT JOIN devices d ON d.device_id = ?
  LEFT JOIN lots l ON l.lot_key = d.lot_key
  ${DEVICE_STATE_JOINS}
  LEFT JOIN products p ON p.gtin = l.gtin
  LEFT JOIN recalls r ON r.recall_id = h.recall_id
  LEFT JOIN shipments s ON s.shipment_id = CASE WHEN c.sscc IS NULL THEN d.shipment ELSE c.shipment END
  WHERE k.id = 1`;

/**
 * CHECK, reading its row as an array turned into an object literal of one fixed shape, written from the statement's
 * own column names: building row objects property by property cost about a third of the statement's time (bench
 * database, cpu-prof of GET /check).
 */
const rowBuilders = new Map<string, (values: unknown[]) => CheckRow>();
function checkRow({ columns, rows }: { columns: string[]; rows: unknown[][] }): CheckRow | undefined {
  if (rows.length === 0) return undefined;
  const shape = columns.join(",");
  let rowOf = rowBuilders.get(shape);
  if (!rowOf) {
    const fields = columns.map((name, i) => `${JSON.stringify(name)}: values[${i}]`);
    rowOf = new Function("values", `return { ${fields.join(", ")} };`) as (values: unknown[]) => CheckRow;
    rowBuilders.set(shape, rowOf);
  }
  return rowOf(rows[0]);
}

/**
 * The facts of one device (any UDI syntax or device id) as of the indexed checkpoint: state as the contract's
 * `deviceState` computes it, product, lot, the recall holding it and the shipment carrying it. One prepared statement
 * of indexed point reads: it is the hot path of the service's point-of-use check.
 */
export function deviceFacts(sql: Sql, ref: string): DeviceFacts {
  const { deviceId } = resolveDeviceRef(ref);
  return factsOf(deviceId, checkRow(sql.rows(CHECK, deviceId)));
}

/** `deviceFacts` without holding the thread while the database reads: the service answers other checks meanwhile. */
export async function deviceFactsAsync(sql: Sql, ref: string): Promise<DeviceFacts> {
  const { deviceId } = resolveDeviceRef(ref);
  return factsOf(deviceId, checkRow(await sql.rowsAsync(CHECK, deviceId)));
}

function factsOf(deviceId: string, row: CheckRow | undefined): DeviceFacts {
  if (!row) throw new Error("the database holds no checkpoint");
  const asOf: Checkpoint = { number: row.block_number, hash: row.block_hash, time: row.block_time };
  // lot_number is NOT NULL: null means no device row, or (never, the registry makes lots first) no lot row
  if (row.lot_number === null) return { deviceId, asOf, known: false };
  const state = stateOf(row, asOf.time);
  const recall = state.heldBy === 0 || row.recall_class === null ? undefined : row;
  const shipment = state.shipment === 0 || row.sender === null ? undefined : row;
  return {
    deviceId,
    asOf,
    known: true,
    udi: udiOf(state.gtin, state.serial),
    status: enumLabel("DeviceStatus", state.status),
    custodian: gln13(state.custodian),
    container: state.container === "0" ? null : sscc18(state.container),
    shipment: shipment
      ? { id: state.shipment, sender: gln13(shipment.sender!), recipient: gln13(shipment.recipient) }
      : null,
    expired: state.expired,
    product: {
      gtin: gtin14(state.gtin),
      manufacturer: gln13(row.manufacturer),
      tracked: row.tracked === 1,
      implantable: row.implantable === 1,
    },
    lot: {
      lotNumber: row.lot_number,
      manufacturedAt: isoTime(row.manufactured_at),
      expiresAt: row.expires_at === 0 ? null : isoTime(row.expires_at),
    },
    recall: recall
      ? {
          id: state.heldBy,
          recallClass: enumLabel("RecallClass", recall.recall_class!),
          action: enumLabel("RecallAction", recall.action),
          scope: enumLabel("HoldScope", recall.recall_scope),
          returnTo: recall.return_to === "0" ? null : gln13(recall.return_to),
        }
      : null,
  };
}
