import type { Sql } from "../store/sql";
import { DeviceStatus } from "../../contracts/generated/facts";
import { link } from "./links";
import { fields, str, type EventContext, type HandlerTable } from "./types";

/** A lifecycle event that sets a loose device's status (the DeviceRegistry.setDeviceStatus hook). */
const setStatus =
  (status: number, careSite?: (e: EventContext) => string | null) =>
  (sql: Sql, e: EventContext): void => {
    const id = str(e.args.deviceId);
    if (careSite) sql.run("UPDATE devices SET status = ?, care_site = ? WHERE device_id = ?", status, careSite(e), id);
    else sql.run("UPDATE devices SET status = ? WHERE device_id = ?", status, id);
    link(sql, id, e.id);
  };

/** DeviceLifecycle: install, explant, service, software, quarantine, release, decommission, destroy. */
export const lifecycleHandlers: HandlerTable = {
  DeviceInstalled: setStatus(DeviceStatus.Installed, (e) => str(e.args.careSite)),
  DeviceExplanted: setStatus(DeviceStatus.Active, () => null),
  DeviceQuarantined: setStatus(DeviceStatus.Quarantined),
  DeviceReleased: setStatus(DeviceStatus.Active),
  DeviceDecommissioned: setStatus(DeviceStatus.Decommissioned),
  DeviceDestroyed: setStatus(DeviceStatus.Destroyed),
  ServiceRecorded: (sql, e) => link(sql, str(e.args.deviceId), e.id),
  SoftwareUpdated: (sql, e) => {
    const id = str(e.args.deviceId);
    sql.run("INSERT OR REPLACE INTO software VALUES (?, ?, ?)", id, str(e.args.version), str(e.args.imageHash));
    link(sql, id, e.id);
  },
  ServiceProviderAuthorised: (sql, e) =>
    sql.run(
      "INSERT OR REPLACE INTO service_authorisations VALUES (?, ?, ?)",
      ...fields(e, "custodian", "serviceProvider", "authorised"),
    ),
};
