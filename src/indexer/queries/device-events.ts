import { AnchorTarget } from "../../contracts/generated/facts";

/**
 * SQL selecting the ids of every stored event that concerns the device `@device` (bind it by name): the events
 * linked to it (lifecycle, packing, dispatch, recall listing, disposition, device anchors), its commissioning, and,
 * for each shipment that carried it (loose or in a container), the shipment's closing event and its telemetry anchors.
 * Receipts and shipment anchors are derived here rather than linked per device when indexing: cheaper to index.
 * CROSS JOIN fixes the join order (SQLite keeps it): the device's few shipments first, then their anchors by
 * (target, target_id); left to itself the planner scanned every shipment anchor by target alone for each query. Its
 * conditions go in WHERE: PostgreSQL refuses ON after CROSS JOIN.
 */
const KEY = "(SELECT device_key FROM devices WHERE device_id = @device)";
const LINKED = `SELECT event_id FROM device_events WHERE device_key = ${KEY}`;

export const DEVICE_EVENT_IDS = `
  ${LINKED}
  UNION SELECT event_id FROM devices WHERE device_id = @device
  UNION SELECT s.closed_event FROM shipments s WHERE s.closed_event IS NOT NULL AND s.dispatched_event IN (${LINKED})
  UNION SELECT a.event_id FROM shipments s CROSS JOIN anchors a
    WHERE a.target = ${AnchorTarget.Shipment} AND a.target_id = printf('0x%064x', s.shipment_id)
      AND s.dispatched_event IN (${LINKED})`;

/**
 * DEVICE_EVENT_IDS and the terminations of the recalls that listed the device by serial: every event whose EPCIS form
 * can name the device's SGTIN (a superset: the caller matches the EPCIS events exactly).
 */
export const DEVICE_EPC_EVENT_IDS = `
  ${DEVICE_EVENT_IDS}
  UNION SELECT r.terminated_event FROM recall_devices rd CROSS JOIN recalls r
    WHERE r.recall_id = rd.recall_id AND rd.device_id = @device AND r.terminated_event IS NOT NULL`;
