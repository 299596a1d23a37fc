import { enumLabel } from "../../contracts/enums";
import { gln13 } from "../../gs1";
import { gs1Argument } from "../domain/device-ref";
import type { Sql } from "../store/sql";
import { isoTime } from "./event-entry";
import type { EventValue, OrganisationAlert, OrganisationShipment } from "../answers";

export type { OrganisationAlert, OrganisationShipment };

const decimalGln = (glnText: string) => BigInt(gs1Argument("gln", glnText, "GLN")).toString();

/** The shipments an organisation (GLN-13) sent or received, newest dispatch first. */
export function organisationShipments(sql: Sql, glnText: string): OrganisationShipment[] {
  const gln = decimalGln(glnText);
  const rows = sql.all<{
    shipment_id: number;
    sender: string;
    recipient: string;
    status: number;
    item_count: number;
    excursion: number;
    block_time: number;
  }>(
    `SELECT s.shipment_id, s.sender, s.recipient, s.status, s.item_count, s.excursion, e.block_time
     FROM shipments s JOIN events e ON e.id = s.dispatched_event
     WHERE s.sender = @gln OR s.recipient = @gln ORDER BY s.dispatched_event DESC`,
    { gln },
  );
  return rows.map((r) => ({
    shipmentId: r.shipment_id,
    // A shipment to oneself (between two sites of one GLN) is listed as outgoing.
    direction: r.sender === gln ? "out" : "in",
    counterparty: gln13(r.sender === gln ? r.recipient : r.sender),
    status: enumLabel("ShipmentStatus", r.status),
    itemCount: r.item_count,
    excursion: r.excursion === 1,
    dispatchedAt: isoTime(r.block_time),
  }));
}

/**
 * The alerts the service raised for an organisation, newest first: the outbox holds one per subscription, so each
 * event and kind is listed once, delivered or not. Retractions and alerts whose event a reorg removed are left out. An organisation
 * nobody subscribed for has none (alerts are raised for subscriptions). The event's columns are grouped by too, though
 * one per event: PostgreSQL refuses a selected column that is neither grouped nor aggregated.
 */
export function organisationAlerts(sql: Sql, glnText: string): OrganisationAlert[] {
  const rows = sql.all<{
    kind: string;
    event_name: string;
    block_time: number;
    block_number: number;
    tx_hash: string;
    data: string;
  }>(
    `SELECT o.kind, o.event_name, o.block_time, e.block_number, o.tx_hash, MIN(o.data) AS data
     FROM alert_outbox o JOIN events e ON e.id = o.event_id
     WHERE o.gln = ? AND o.retracts IS NULL AND o.rolled_back = 0
     GROUP BY o.event_id, o.kind, o.event_name, o.block_time, e.block_number, o.tx_hash ORDER BY o.event_id DESC`,
    decimalGln(glnText),
  );
  return rows.map((r) => ({
    kind: r.kind,
    event: r.event_name,
    blockNumber: r.block_number,
    blockTime: isoTime(r.block_time),
    txHash: r.tx_hash,
    data: JSON.parse(r.data) as Record<string, EventValue>,
  }));
}
