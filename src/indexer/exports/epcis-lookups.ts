import { gtinUri, lgtinUri, sgtinUri, ssccUri } from "../../gs1";
import type { Sql } from "../store/sql";

/** Resolves the chain's ids into EPCs and EPC classes (GS1 Digital Link URIs) for the EPCIS mapping. */
export interface EpcisLookups {
  /** EPC of a device id (an SGTIN). */
  device(deviceId: string): string;
  /** EPCs of device ids, those not yet seen read in one query. */
  devices(deviceIds: string[]): string[];
  /** EPCs of a shipment's items: loose devices (SGTIN) and containers (SSCC). */
  shipmentItems(shipmentId: number): string[];
  /** Class of a lot (LGTIN). */
  lot(lotKey: number): string;
  /** A lot's instance master data as EPCIS `ilmd`: its number, and its dates where the chain holds them. */
  ilmd(lotKey: number): Record<string, string>;
  /** Class of a product (GTIN). */
  product(gtin: string): string;
  /** A recall's scope as EPCs (serials) or classes (lots, product). */
  recallScope(recallId: number): { epcs: string[]; classes: string[] };
  /** The records of an anchored set the exporter holds, by Merkle root, as EPCIS sensor reports (records module). */
  recordSet?(root: string): AnchoredSensorData | undefined;
}

/** An anchored record set's readings, already checked against its root (src/records/record-sets.ts). */
export interface AnchoredSensorData {
  records: number;
  sensorReports: Record<string, unknown>[];
}

export function createEpcisLookups(sql: Sql): EpcisLookups {
  const devices = new Map<string, string>();
  const device = (deviceId: string): string => {
    let epc = devices.get(deviceId);
    if (!epc) {
      const row = sql.get<{ gtin: string; serial: string }>(
        "SELECT gtin, serial FROM devices WHERE device_id = ?",
        deviceId,
      );
      epc = row ? sgtinUri(row.gtin, row.serial) : `urn:udi-ledger:device:${deviceId}`;
      devices.set(deviceId, epc);
    }
    return epc;
  };
  const devicesOf = (deviceIds: string[]): string[] => {
    const missing = deviceIds.filter((id) => !devices.has(id));
    if (missing.length > 1) {
      const rows = sql.all<{ device_id: string; gtin: string; serial: string }>(
        "SELECT device_id, gtin, serial FROM devices WHERE device_id IN (SELECT value FROM json_each(?))",
        JSON.stringify(missing),
      );
      for (const row of rows) devices.set(row.device_id, sgtinUri(row.gtin, row.serial));
    }
    return deviceIds.map(device);
  };
  const items = new Map<number, string[]>();
  const lotRow = (lotKey: number) =>
    sql.get<{ gtin: string; lot_number: string; manufactured_at: number; expires_at: number }>(
      "SELECT gtin, lot_number, manufactured_at, expires_at FROM lots WHERE lot_key = ?",
      lotKey,
    );
  const lot = (lotKey: number): string => {
    const row = lotRow(lotKey);
    return row ? lgtinUri(row.gtin, row.lot_number) : `urn:udi-ledger:lot:${lotKey}`;
  };
  // CBV master data are days (xsd:date): the day, in UTC, of the chain's second; 0 on chain is "not given".
  const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
  const ilmd = (lotKey: number): Record<string, string> => {
    const row = lotRow(lotKey);
    if (!row) return {};
    return {
      "cbvmda:lotNumber": row.lot_number,
      ...(row.expires_at ? { "cbvmda:itemExpirationDate": day(row.expires_at) } : {}),
      ...(row.manufactured_at ? { "cbvmda:productionDate": day(row.manufactured_at) } : {}),
    };
  };
  return {
    device,
    devices: devicesOf,
    lot,
    ilmd,
    product: gtinUri,
    shipmentItems(shipmentId) {
      // A shipment's receipt, anchors and dispatch often map in one call: read its items once.
      let epcs = items.get(shipmentId);
      if (!epcs) {
        epcs = sql
          .all<{ kind: string; ref: string; gtin: string | null; serial: string | null }>(
            `SELECT 'container' AS kind, sscc AS ref, NULL AS gtin, NULL AS serial FROM shipment_containers
               WHERE shipment_id = @shipment
             UNION ALL SELECT 'device', d.device_id, d.gtin, d.serial FROM shipment_devices s
               JOIN devices d ON d.device_key = s.device_key WHERE s.shipment_id = @shipment
             ORDER BY kind, ref`,
            { shipment: shipmentId },
          )
          .map((item) => {
            if (item.kind !== "device") return ssccUri(item.ref);
            const epc = sgtinUri(item.gtin!, item.serial!);
            devices.set(item.ref, epc);
            return epc;
          });
        items.set(shipmentId, epcs);
      }
      return [...epcs];
    },
    recallScope(recallId) {
      const recall = sql.get<{ gtin: string; scope: number }>(
        "SELECT gtin, scope FROM recalls WHERE recall_id = ?",
        recallId,
      );
      if (!recall) return { epcs: [], classes: [] };
      if (recall.scope === 1) return { epcs: [], classes: [gtinUri(recall.gtin)] };
      if (recall.scope === 2) {
        const lots = sql.all<{ lot_key: number }>(
          "SELECT lot_key FROM recall_lots WHERE recall_id = ? ORDER BY lot_key",
          recallId,
        );
        return { epcs: [], classes: lots.map((l) => lot(l.lot_key)) };
      }
      const ids = sql.all<{ device_id: string }>(
        "SELECT device_id FROM recall_devices WHERE recall_id = ? ORDER BY device_id",
        recallId,
      );
      return { epcs: ids.map((r) => device(r.device_id)), classes: [] };
    },
  };
}
