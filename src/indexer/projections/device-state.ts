import { ContainerStatus, DeviceStatus, HoldScope } from "../../contracts/generated/facts";
import type { Sql } from "../store/sql";

/** A device as `DeviceRegistry.deviceState` reports it: container and recall hold resolved, at a block time. */
export interface DeviceState {
  deviceId: string;
  serial: string;
  custodian: string;
  status: number;
  gtin: string;
  lotKey: number;
  /** SSCC while packed, else "0". */
  container: string;
  shipment: number;
  heldBy: number;
  expired: boolean;
}

/** The columns `stateOf` reads (see DEVICE_STATE_COLUMNS). */
export interface DeviceStateRow {
  device_id: string;
  serial: string;
  gtin: string;
  lot_key: number;
  custodian: string;
  status: number;
  shipment: number;
  hold_mark: number;
  cleared_hold: number;
  c_sscc: string | null;
  c_custodian: string | null;
  c_status: number | null;
  c_shipment: number | null;
  lot_hold_mark: number;
  expires_at: number;
  recall_id: number | null;
  scope: number | null;
}

/** The columns of a DeviceStateRow, from the tables (aliases d, l, c, h) that DEVICE_STATE_JOINS names. */
export const DEVICE_STATE_COLUMNS = `d.device_id, d.serial, d.gtin, d.lot_key, d.custodian, d.status, d.shipment,
  d.hold_mark, d.cleared_hold, c.sscc AS c_sscc, c.custodian AS c_custodian, c.status AS c_status,
  c.shipment AS c_shipment, l.hold_mark AS lot_hold_mark, l.expires_at, h.recall_id, h.scope`;

/** A device's lot (d → l, which every device has), container and the product's recall hold. */
export const DEVICE_STATE_JOINS = `LEFT JOIN containers c ON d.container_key <> 0 AND c.key = d.container_key
  LEFT JOIN holds h ON h.gtin = l.gtin`;

const SELECT = `SELECT ${DEVICE_STATE_COLUMNS}
  FROM devices d JOIN lots l ON l.lot_key = d.lot_key
  ${DEVICE_STATE_JOINS}`;

/** The contract's `_heldBy`: the open recall holding the device, or 0. */
function heldBy(row: DeviceStateRow): number {
  const recallId = row.recall_id ?? 0;
  if (recallId === 0 || row.cleared_hold === recallId) return 0;
  if (row.scope === HoldScope.Product || row.lot_hold_mark === recallId || row.hold_mark === recallId) return recallId;
  return 0;
}

/** The state of one joined row at a block time (expiry). */
export function stateOf(row: DeviceStateRow, blockTime: number): DeviceState {
  let status = row.status;
  if (row.c_status === ContainerStatus.InTransit) status = DeviceStatus.InTransit;
  if (row.c_status === ContainerStatus.Quarantined) status = DeviceStatus.Quarantined;
  return {
    deviceId: row.device_id,
    serial: row.serial,
    custodian: row.c_custodian ?? row.custodian,
    status,
    gtin: row.gtin,
    lotKey: row.lot_key,
    container: row.c_sscc ?? "0",
    shipment: row.c_sscc !== null ? (row.c_shipment as number) : row.shipment,
    heldBy: heldBy(row),
    expired: row.expires_at !== 0 && blockTime > row.expires_at,
  };
}

/**
 * Device states computed from the projections exactly as the contract's `deviceState` view computes them.
 * `where` filters on the joined rows (aliases d, l, c, h); `blockTime` decides expiry.
 */
export function deviceStates(sql: Sql, blockTime: number, where = "1 = 1", ...params: unknown[]): DeviceState[] {
  return sql
    .all<DeviceStateRow>(`${SELECT} WHERE ${where} ORDER BY d.gtin, d.serial`, ...params)
    .map((r) => stateOf(r, blockTime));
}
