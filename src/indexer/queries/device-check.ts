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
const checkStatement = (devices: { columns: string; from: string; id: string }) =>
  `SELECT ${devices.columns}k.block_number, k.block_hash, k.block_time, ${DEVICE_STATE_COLUMNS},
  l.lot_number, l.manufactured_at, l.manufacturer, p.tracked, p.implantable,
  r.recall_class, r.action, r.scope AS recall_scope, r.return_to, s.sender, s.recipient
  FROM ${devices.from}
  LEFT JOIN devices d ON d.device_id = ${devices.id}
  LEFT JOIN lots l ON l.lot_key = d.lot_key
  ${DEVICE_STATE_JOINS}
  LEFT JOIN products p ON p.gtin = l.gtin
  LEFT JOIN recalls r ON r.recall_id = h.recall_id
  LEFT JOIN shipments s ON s.shipment_id = CASE WHEN c.sscc IS NULL THEN d.shipment ELSE c.shipment END
  WHERE k.id = 1`;
const CHECK = checkStatement({ columns: "", from: "checkpoint k", id: "?" });
/** CHECK of the device ids of a JSON array, a row each, `requested` naming its id. */
const CHECK_MANY = checkStatement({
  columns: "json_each.value AS requested, ",
  from: "json_each(?) CROSS JOIN checkpoint k",
  id: "json_each.value",
});

/**
 * CHECK, reading its row as an array turned into an object literal of one fixed shape, written from the statement's
 * own column names: building row objects property by property cost about a third of the statement's time (bench
 * database, cpu-prof of GET /check).
 */
const rowBuilders = new Map<string, (values: unknown[]) => CheckRow>();
function checkRows({ columns, rows }: { columns: string[]; rows: unknown[][] }): CheckRow[] {
  const shape = columns.join(",");
  let rowOf = rowBuilders.get(shape);
  if (!rowOf) {
    const fields = columns.map((name, i) => `${JSON.stringify(name)}: values[${i}]`);
    rowOf = new Function("values", `return { ${fields.join(", ")} };`) as (values: unknown[]) => CheckRow;
    rowBuilders.set(shape, rowOf);
  }
  return rows.map(rowOf);
}

/**
 * The facts of one device (any UDI syntax or device id) as of the indexed checkpoint: state as the contract's
 * `deviceState` computes it, product, lot, the recall holding it and the shipment carrying it. One prepared statement
 * of indexed point reads: it is the hot path of the service's point-of-use check.
 */
export function deviceFacts(sql: Sql, ref: string): DeviceFacts {
  const { deviceId } = resolveDeviceRef(ref);
  return factsOf(deviceId, checkRows(sql.rows(CHECK, deviceId))[0]);
}

/** The most device ids one statement reads. */
const BATCH_MAX = 64;

interface Waiter {
  resolve(facts: DeviceFacts): void;
  reject(error: unknown): void;
}

/**
 * `deviceFacts` without holding the thread while the database reads: the service answers other checks meanwhile.
 * One statement is out at a time; the checks asked meanwhile wait and go together in the next (CHECK_MANY, one
 * snapshot), as a group commit does: the server reads many ids of one statement for less than as many statements.
 * bench:postgres, 16 connections: PostgreSQL served 0.41–0.54 of SQLite's checks with every check its own statement
 * (8 at once); batched, 0.33 with 8 out at once, 0.84–0.98 with 1 to 4, the lowest p99 with 1. On a database read
 * synchronously (SQLite) the statement is back before the next check is asked, so each goes alone.
 */
export function createDeviceChecks(sql: Sql): (ref: string) => Promise<DeviceFacts> {
  let reading = false;
  const waiting = new Map<string, Waiter[]>(); // by device id, in the order asked
  const read = async (batch: Map<string, Waiter[]>) => {
    reading = true;
    try {
      const ids = [...batch.keys()];
      const rows =
        ids.length === 1
          ? new Map([[ids[0], checkRows(await sql.rowsAsync(CHECK, ids[0]))[0]]])
          : new Map(
              checkRows(await sql.rowsAsync(CHECK_MANY, JSON.stringify(ids))).map((row) => [
                (row as CheckRow & { requested: string }).requested,
                row,
              ]),
            );
      for (const [id, waiters] of batch) settle(waiters, () => factsOf(id, rows.get(id)));
    } catch (error) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
    } finally {
      reading = false;
      if (waiting.size > 0) void read(take(waiting, BATCH_MAX));
    }
  };
  return async (ref) => {
    const { deviceId } = resolveDeviceRef(ref);
    return new Promise<DeviceFacts>((resolve, reject) => {
      const waiter = { resolve, reject };
      if (!reading) void read(new Map([[deviceId, [waiter]]]));
      else waiting.set(deviceId, [...(waiting.get(deviceId) ?? []), waiter]);
    });
  };
}

function settle(waiters: Waiter[], facts: () => DeviceFacts): void {
  try {
    const answer = facts();
    for (const w of waiters) w.resolve(answer);
  } catch (error) {
    for (const w of waiters) w.reject(error);
  }
}

/** The first `n` entries of `map`, removed from it. */
function take<K, V>(map: Map<K, V>, n: number): Map<K, V> {
  const taken = new Map<K, V>();
  for (const [key, value] of map) {
    if (taken.size === n) break;
    taken.set(key, value);
    map.delete(key);
  }
  return taken;
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
