import { enumLabel } from "../../contracts/enums";
import { gln13, sscc18, udiOf } from "../../gs1";
import { gs1Argument } from "../domain/device-ref";
import { deviceStates } from "../projections/device-state";
import type { Checkpoint } from "../store/store";
import type { Sql } from "../store/sql";
import type { Inventory } from "../answers";

export type { Inventory };

/** The devices (loose or packed) and containers an organisation currently holds, by effective status. */
export function inventory(sql: Sql, glnText: string, asOf: Checkpoint): Inventory {
  const gln = BigInt(gs1Argument("gln", glnText, "GLN")).toString();
  const states = deviceStates(sql, asOf.time, "COALESCE(c.custodian, d.custodian) = ?", gln);
  const byStatus: Record<string, number> = {};
  for (const s of states)
    byStatus[enumLabel("DeviceStatus", s.status)] = (byStatus[enumLabel("DeviceStatus", s.status)] ?? 0) + 1;
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
      status: enumLabel("DeviceStatus", s.status),
      lotKey: s.lotKey,
      container: s.container === "0" ? "" : sscc18(s.container),
      heldBy: s.heldBy,
      expired: s.expired,
    })),
    containers: containers.map((c) => ({
      sscc: sscc18(c.sscc),
      status: enumLabel("ContainerStatus", c.status),
      deviceCount: c.device_count,
    })),
  };
}
