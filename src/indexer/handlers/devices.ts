import type { Sql } from "../store/sql";
import { deviceId } from "../../contracts/ids";
import { DeviceStatus } from "../../contracts/generated/facts";
import { fields, list, num, str, type EventContext, type HandlerTable } from "./types";

/** A device row from DeviceCommissioned or DevicesCommissioned: both carry the gtin, lotKey and organisation. */
function commission(sql: Sql, e: EventContext, deviceId: string, serial: string) {
  // The commissioning event is the device row's event_id: the trail reads it from there, no link row needed.
  const { lastInsertRowid } = sql.run(
    "INSERT INTO devices VALUES (NULL, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, NULL, ?)",
    deviceId,
    str(e.args.gtin),
    serial,
    num(e.args.lotKey),
    str(e.args.organisation),
    DeviceStatus.Active,
    e.id,
  );
  sql.deviceKeys.remember(deviceId, Number(lastInsertRowid));
}

/** DeviceRegistry (LotBook, Commissioning): lots and devices. */
export const lotAndDeviceHandlers: HandlerTable = {
  LotRegistered: (sql, e) =>
    sql.run(
      "INSERT INTO lots VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
      ...fields(e, "lotKey", "gtin", "lotNumber", "manufacturedAt", "expiresAt", "organisation"),
      e.id,
    ),
  DeviceCommissioned: (sql, e) => commission(sql, e, str(e.args.deviceId), str(e.args.serial)),
  DevicesCommissioned: (sql, e) => {
    const gtin = str(e.args.gtin);
    for (const serial of list(e.args.serials)) commission(sql, e, deviceId(gtin, serial), serial);
  },
};
