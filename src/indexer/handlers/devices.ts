import type { Sql } from "../store/sql";
import { deviceId } from "../../contracts/ids";
import { DeviceStatus } from "../../contracts/generated/facts";
import { list, num, str, type HandlerTable } from "./types";

function commission(sql: Sql, deviceId: string, gtin: string, serial: string, lotKey: number, org: string, id: number) {
  // The commissioning event is the device row's event_id: the trail reads it from there, no link row needed.
  const { lastInsertRowid } = sql.run(
    "INSERT INTO devices VALUES (NULL, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, NULL, ?)",
    deviceId,
    gtin,
    serial,
    lotKey,
    org,
    DeviceStatus.Active,
    id,
  );
  sql.deviceKeys.remember(deviceId, Number(lastInsertRowid));
}

/** DeviceRegistry (LotBook, Commissioning): lots and devices. */
export const lotAndDeviceHandlers: HandlerTable = {
  LotRegistered: (sql, e) =>
    sql.run(
      "INSERT INTO lots VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
      num(e.args.lotKey),
      str(e.args.gtin),
      str(e.args.lotNumber),
      num(e.args.manufacturedAt),
      num(e.args.expiresAt),
      str(e.args.organisation),
      e.id,
    ),
  DeviceCommissioned: (sql, e) =>
    commission(
      sql,
      str(e.args.deviceId),
      str(e.args.gtin),
      str(e.args.serial),
      num(e.args.lotKey),
      str(e.args.organisation),
      e.id,
    ),
  DevicesCommissioned: (sql, e) => {
    const gtin = str(e.args.gtin);
    for (const serial of list(e.args.serials)) {
      commission(sql, deviceId(gtin, serial), gtin, serial, num(e.args.lotKey), str(e.args.organisation), e.id);
    }
  },
};
