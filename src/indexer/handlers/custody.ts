import type { Sql } from "../store/sql";
import { ContainerStatus, DeviceStatus, ShipmentStatus } from "../../contracts/generated/facts";
import { IN_LIST, linkAll, linkContainer, linkContainers, linkKeys, placeholderPairs, placeholders } from "./links";
import { flag, list, num, str, type EventContext, type HandlerTable } from "./types";

/** Closes a shipment: Received (with the new custodian) or Rejected / Cancelled (custody stays with the sender). */
function settle(sql: Sql, e: EventContext, status: number, receiver: string | null, quarantine: boolean): void {
  const shipmentId = num(e.args.shipmentId);
  sql.run("UPDATE shipments SET status = ?, closed_event = ? WHERE shipment_id = ?", status, e.id, shipmentId);
  const deviceStatus = quarantine ? DeviceStatus.Quarantined : DeviceStatus.Active;
  const containerStatus = quarantine ? ContainerStatus.Quarantined : ContainerStatus.Active;
  // Joined (UPDATE … FROM) rather than `WHERE … IN (subquery)`: measured 21.5 µs for ten devices against 24.0.
  sql.run(
    `UPDATE devices SET custodian = COALESCE(?, devices.custodian), status = ?, shipment = 0 FROM shipment_devices s
     WHERE s.shipment_id = ? AND devices.device_key = s.device_key`,
    receiver,
    deviceStatus,
    shipmentId,
  );
  sql.run(
    `UPDATE containers SET custodian = COALESCE(?, containers.custodian), status = ?, shipment = 0
     FROM shipment_containers s WHERE s.shipment_id = ? AND containers.sscc = s.sscc`,
    receiver,
    containerStatus,
    shipmentId,
  );
  // Not linked per device: the trail reaches a receipt through the dispatch it closes (queries/device-events.ts).
}

/** DeviceRegistry (Packing, Shipping): containers and two-phase shipments, mirroring the contract's writes. */
export const custodyHandlers: HandlerTable = {
  DevicesPacked: (sql, e) => {
    const sscc = str(e.args.sscc);
    const lotKey = num(e.args.lotKey);
    const ids = JSON.stringify(list(e.args.deviceIds));
    if (!sql.get("SELECT 1 FROM containers WHERE sscc = ?", sscc)) {
      // Created on first use: the next container key, the packer as custodian.
      sql.run(
        "INSERT INTO containers SELECT ?, COALESCE(MAX(key), 0) + 1, ?, ?, 0, 0, 0, 0 FROM containers",
        sscc,
        str(e.args.organisation),
        ContainerStatus.Active,
      );
    }
    // A device listed by the open recall of the lot's product marks the container as held.
    sql.run(
      `UPDATE containers SET lot_key = ?, device_count = device_count + json_array_length(?),
         hold_mark = COALESCE((SELECT d.hold_mark FROM devices d JOIN lots l ON l.lot_key = ? JOIN holds h ON h.gtin = l.gtin
           WHERE d.device_id IN ${IN_LIST} AND d.hold_mark <> 0 AND d.hold_mark = h.recall_id LIMIT 1), hold_mark)
       WHERE sscc = ?`,
      lotKey,
      ids,
      lotKey,
      ids,
      sscc,
    );
    sql.run(
      `UPDATE devices SET container_key = (SELECT key FROM containers WHERE sscc = ?) WHERE device_id IN ${IN_LIST}`,
      sscc,
      ids,
    );
    linkAll(sql, list(e.args.deviceIds), e.id);
  },
  DevicesUnpacked: (sql, e) => {
    const sscc = str(e.args.sscc);
    const ids = list(e.args.deviceIds);
    // Devices leave with the container's custodian and quarantine; the contract checks they were packed in it.
    linkAll(sql, ids, e.id);
    sql.run(
      `UPDATE devices SET container_key = 0, custodian = ?,
         status = CASE (SELECT status FROM containers WHERE sscc = ?) WHEN ? THEN ? ELSE ? END
       WHERE device_id IN ${IN_LIST}`,
      str(e.args.organisation),
      sscc,
      ContainerStatus.Quarantined,
      DeviceStatus.Quarantined,
      DeviceStatus.Active,
      JSON.stringify(ids),
    );
    sql.run("UPDATE containers SET device_count = device_count - ? WHERE sscc = ?", ids.length, sscc);
    sql.run("UPDATE containers SET lot_key = 0, hold_mark = 0 WHERE sscc = ? AND device_count = 0", sscc);
  },
  ContainerReleased: (sql, e) => {
    const sscc = str(e.args.sscc);
    sql.run("UPDATE containers SET status = ? WHERE sscc = ?", ContainerStatus.Active, sscc);
    linkContainer(sql, sscc, e.id);
  },
  ShipmentDispatched: (sql, e) => {
    const shipmentId = num(e.args.shipmentId);
    const deviceIds = list(e.args.deviceIds);
    const containers = list(e.args.containers);
    sql.run(
      "INSERT INTO shipments VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, NULL)",
      shipmentId,
      str(e.args.sender),
      str(e.args.recipient),
      ShipmentStatus.InTransit,
      deviceIds.length + containers.length,
      str(e.args.documentHash),
      flag(e.args.titleTransfer),
      e.id,
    );
    const keys = sql.deviceKeys.of(deviceIds);
    if (keys.length > 0) {
      // Loose devices by row key, one parameter per key: the dispatch is the hottest write of a replay (measured:
      // 24.2 µs for ten devices against 32.9 µs through json_each).
      sql.run(
        `UPDATE devices SET status = ?, shipment = ? WHERE device_key IN (${placeholders(keys.length)})`,
        DeviceStatus.InTransit,
        shipmentId,
        ...keys,
      );
      sql.run(
        `INSERT INTO shipment_devices VALUES ${placeholderPairs(keys.length)}`,
        ...keys.flatMap((key) => [shipmentId, key]),
      );
      linkKeys(sql, keys, e.id);
    }
    if (containers.length > 0) {
      const boxes = JSON.stringify(containers);
      sql.run(`INSERT INTO shipment_containers SELECT ?, value FROM json_each(?)`, shipmentId, boxes);
      sql.run(
        `UPDATE containers SET status = ?, shipment = ? WHERE sscc IN ${IN_LIST}`,
        ContainerStatus.InTransit,
        shipmentId,
        boxes,
      );
      linkContainers(sql, boxes, e.id);
    }
  },
  ShipmentReceived: (sql, e) =>
    settle(sql, e, ShipmentStatus.Received, str(e.args.recipient), e.args.quarantined === true),
  ShipmentRejected: (sql, e) => settle(sql, e, ShipmentStatus.Rejected, null, false),
  ShipmentCancelled: (sql, e) => settle(sql, e, ShipmentStatus.Cancelled, null, false),
};
