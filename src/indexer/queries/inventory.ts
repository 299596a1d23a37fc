import { CONTAINER_STATUS, DEVICE_STATUS, nameOf } from "../domain/enums";
import { gln13, sscc18, udiOf } from "../domain/gs1-format";
import { InvalidArgumentError } from "../errors";
import { deviceStates } from "../projections/device-state";
import type { Checkpoint } from "../store/store";
import type { Sql } from "../store/sql";

/** What one organisation holds, by status. */
export interface Inventory {
  gln: string;
  asOf: Checkpoint;
  total: number;
  byStatus: Record<string, number>;
  devices: {
    deviceId: string;
    udi: string;
    status: string;
    lotKey: number;
    container: string;
    heldBy: number;
    expired: boolean;
  }[];
  containers: { sscc: string; status: string; deviceCount: number }[];
}

/** The devices (loose or packed) and containers an organisation currently holds, by effective status. */
export function inventory(sql: Sql, glnText: string, asOf: Checkpoint): Inventory {
  if (!/^\d{1,13}$/.test(glnText)) throw new InvalidArgumentError("GLN", glnText, "must be up to 13 digits");
  const gln = BigInt(glnText).toString();
  const states = deviceStates(sql, asOf.time, "COALESCE(c.custodian, d.custodian) = ?", gln);
  const byStatus: Record<string, number> = {};
  for (const s of states)
    byStatus[nameOf(DEVICE_STATUS, s.status)] = (byStatus[nameOf(DEVICE_STATUS, s.status)] ?? 0) + 1;
  const containers = sql.all<{ sscc: string; status: number; device_count: number }>(
    "SELECT sscc, status, device_count FROM containers WHERE custodian = ? ORDER BY sscc",
    gln,
  );
  return {
    gln: gln13(gln),
    asOf,
    total: states.length,
    byStatus,
    devices: states.map((s) => ({
      deviceId: s.deviceId,
      udi: udiOf(s.gtin, s.serial),
      status: nameOf(DEVICE_STATUS, s.status),
      lotKey: s.lotKey,
      container: s.container === "0" ? "" : sscc18(s.container),
      heldBy: s.heldBy,
      expired: s.expired,
    })),
    containers: containers.map((c) => ({
      sscc: sscc18(c.sscc),
      status: nameOf(CONTAINER_STATUS, c.status),
      deviceCount: c.device_count,
    })),
  };
}
