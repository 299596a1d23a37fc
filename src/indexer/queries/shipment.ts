import type { EventDecoder } from "../decode/decoder";
import { enumLabel } from "../../contracts/enums";
import { AnchorTarget } from "../../contracts/generated/facts";
import { gln13, sscc18, udiOf } from "../../gs1";
import { NotIndexedError } from "../errors";
import type { Checkpoint } from "../store/store";
import type { Sql } from "../store/sql";
import { eventEntries } from "./event-entry";
import type { ShipmentRecord } from "../answers";

export type { ShipmentRecord };

interface Row {
  sender: string;
  recipient: string;
  status: number;
  excursion: number;
  title_transfer: number;
  document_hash: string;
  dispatched_event: number;
  closed_event: number | null;
}

/** The shipment `shipmentIdText` (a positive integer); refused naming the id when it is not in the index. */
export function shipmentRecord(
  sql: Sql,
  decoder: EventDecoder,
  shipmentIdText: string,
  asOf: Checkpoint,
): ShipmentRecord {
  const shipmentId = Number(shipmentIdText);
  const row = Number.isSafeInteger(shipmentId)
    ? sql.get<Row>("SELECT * FROM shipments WHERE shipment_id = ?", shipmentId)
    : undefined;
  if (!row) throw new NotIndexedError("shipmentId", shipmentIdText, "no such shipment in the index");
  const devices = sql.all<{ device_id: string; gtin: string; serial: string }>(
    `SELECT d.device_id, d.gtin, d.serial FROM shipment_devices s JOIN devices d ON d.device_key = s.device_key
     WHERE s.shipment_id = ? ORDER BY d.gtin, d.serial`,
    shipmentId,
  );
  const containers = sql.all<{ sscc: string }>(
    "SELECT sscc FROM shipment_containers WHERE shipment_id = ? ORDER BY sscc",
    shipmentId,
  );
  const events = eventEntries(
    sql,
    decoder,
    `e.id IN (@dispatched, @closed) OR e.id IN (SELECT event_id FROM anchors WHERE target = ${AnchorTarget.Shipment}
       AND target_id = @shipmentWord)`,
    // The anchor's target id as stored (a uint256 in hex), made here: a parameter has no type PostgreSQL can hex.
    {
      dispatched: row.dispatched_event,
      closed: row.closed_event ?? -1,
      shipmentWord: "0x" + shipmentId.toString(16).padStart(64, "0"),
    },
  );
  return {
    shipmentId,
    asOf,
    sender: gln13(row.sender),
    recipient: gln13(row.recipient),
    status: enumLabel("ShipmentStatus", row.status),
    excursion: row.excursion === 1,
    titleTransfer: row.title_transfer === 1,
    documentHash: row.document_hash,
    devices: devices.map((d) => ({ deviceId: d.device_id, udi: udiOf(d.gtin, d.serial) })),
    containers: containers.map((c) => sscc18(c.sscc)),
    events,
  };
}
