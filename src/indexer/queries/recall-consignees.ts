import { HoldScope, ShipmentStatus } from "../../contracts/generated/facts";
import { gln13 } from "../../gs1";
import type { Sql } from "../store/sql";

/**
 * The organisations (GLN-13) that held a device affected by recall `recallId` when it was issued or at any time since:
 * custody changes only by a shipment's receipt, so they are the affected devices' current custodians plus the senders
 * of every shipment dispatched after the recall that carried one of them (loose or in a container), and the recipients
 * of those that were received. Empty for an unknown recall.
 */
export function recallConsignees(sql: Sql, recallId: number): string[] {
  const recall = sql.get<{ gtin: string; scope: number; issued_event: number }>(
    "SELECT gtin, scope, issued_event FROM recalls WHERE recall_id = ?",
    recallId,
  );
  if (!recall) return [];
  const affected =
    recall.scope === HoldScope.Product
      ? "SELECT device_key FROM devices WHERE gtin = @gtin"
      : recall.scope === HoldScope.Lots
        ? "SELECT device_key FROM devices WHERE lot_key IN (SELECT lot_key FROM recall_lots WHERE recall_id = @recall)"
        : `SELECT device_key FROM devices WHERE device_id IN
             (SELECT device_id FROM recall_devices WHERE recall_id = @recall)`;
  const rows = sql.all<{ gln: string }>(
    `WITH affected AS (${affected}),
       moved AS (SELECT s.sender, s.recipient, s.status FROM shipments s
         WHERE s.dispatched_event > @issued AND s.dispatched_event IN
           (SELECT event_id FROM device_events WHERE device_key IN (SELECT device_key FROM affected)))
     SELECT COALESCE(c.custodian, d.custodian) AS gln FROM devices d
       LEFT JOIN containers c ON d.container_key <> 0 AND c.key = d.container_key
       WHERE d.device_key IN (SELECT device_key FROM affected)
     UNION SELECT sender FROM moved
     UNION SELECT recipient FROM moved WHERE status = ${ShipmentStatus.Received}
     ORDER BY 1`,
    { gtin: recall.gtin, recall: recallId, issued: recall.issued_event },
  );
  return rows.map((r) => gln13(r.gln));
}
