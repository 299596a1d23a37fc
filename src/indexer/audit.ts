import { eventsCsv } from "./exports/csv";
import { epcisDocument, type EpcisExportOptions } from "./exports/epcis";
import { epcisCandidates, type EpcisCandidate, type EpcisCandidates } from "./exports/epcis-page";
import { openQueryContext } from "./queries/context";
import { createDeviceChecks, deviceFacts, type DeviceFacts } from "./queries/device-check";
import { epcPage, organisationGlns } from "./queries/epcis-vocabulary";
import { inventory, type Inventory } from "./queries/inventory";
import { lotHistory, type LotHistory } from "./queries/lot";
import { organisationAlerts, organisationShipments } from "./queries/organisation";
import type { OrganisationAlert, OrganisationShipment } from "./answers";
import { recallConsignees } from "./queries/recall-consignees";
import { recallImpact, type RecallImpact } from "./queries/recall-impact";
import { recallList, type RecallSummary } from "./queries/recalls";
import { shipmentRecord, type ShipmentRecord } from "./queries/shipment";
import { deviceTrail, type DeviceTrail } from "./queries/trail";
import { organisationTrail, type OrganisationTrail } from "./queries/organisation-trail";
import type { Checkpoint } from "./store/store";
import type { Manifest } from "../manifest";

/**
 * What an auditor asks of an indexed database: the queries and exports, each as of the indexed checkpoint. Each call
 * reads one snapshot (a read transaction), so a database another connection keeps indexing (`index --follow`,
 * `serve --follow`) answers consistently, as of the checkpoint in that snapshot.
 */
export interface Audit {
  /** The last indexed block, read now: every answer reflects the chain up to the checkpoint of its snapshot. */
  readonly asOf: Checkpoint;
  /** The deployment the database indexes. */
  readonly manifest: Manifest;
  /** A device's state and full history, by any UDI syntax or device id. */
  trail(device: string): DeviceTrail;
  /** A device's state, product, lot, recall and shipment (the point-of-use facts), by any UDI syntax or device id. */
  device(device: string): DeviceFacts;
  /** `device`, read without holding the thread (the service's point-of-use check). */
  deviceAsync(device: string): Promise<DeviceFacts>;
  /** The devices and containers an organisation (GLN-13) holds, by status. */
  inventory(gln: string): Inventory;
  /** The shipments an organisation (GLN-13) sent or received, newest first. */
  organisationShipments(gln: string): OrganisationShipment[];
  /** The alerts raised for an organisation (GLN-13), one per event and kind, newest first. */
  organisationAlerts(gln: string): OrganisationAlert[];
  /** A production lot: its devices and lot-level events. */
  lot(gtin: string, lotNumber: string): LotHistory;
  /** A shipment: parties, items, status and events. */
  shipment(shipmentId: string): ShipmentRecord;
  /** Every recall, newest first. */
  recalls(): { asOf: Checkpoint; recalls: RecallSummary[] };
  /** A recall's affected devices, custodians, acknowledgements, dispositions and effectiveness. */
  recallImpact(recallId: string): RecallImpact;
  /** The organisations that held an affected device when the recall was issued or since (GLN-13). */
  recallConsignees(recallId: number): string[];
  /** The indexed events (optionally one device's, in a time window) as an EPCIS 2.0 JSON-LD document. */
  epcis(options?: Pick<EpcisExportOptions, "device" | "from" | "to" | "recordSets">): Record<string, unknown>;
  /** Candidate EPCIS events (mapped as `epcis` maps them) for a query, narrowed and paged by chain position. */
  epcisEvents(candidates: EpcisCandidates): { asOf: Checkpoint; events: EpcisCandidate[] };
  /** Known EPCs (SGTINs, then SSCCs), `limit` from `offset`. */
  epcs(offset: number, limit: number): string[];
  /** GLN-13 of every admitted organisation. */
  organisations(): string[];
  /** An organisation's state and history, with the governance proposals and votes behind each change. */
  organisation(gln: string): OrganisationTrail;
  /** Every indexed event as CSV, in chunks (header first). */
  csv(): Iterable<string>;
  /** Runs several queries on one snapshot (they see the same checkpoint). */
  snapshot<T>(fn: (asOf: Checkpoint) => T): T;
  close(): void;
}

/** Opens an indexed database read-only for queries and exports; fails naming the path if it was never indexed. */
export function openAudit(dbPath: string): Audit {
  const { store, decoder, manifest, close } = openQueryContext(dbPath);
  const sql = store.sql;
  const checkpoint = (): Checkpoint => store.checkpoint()!;
  /** Runs `fn` in one read snapshot, with the checkpoint of that snapshot. */
  const read = <T>(fn: (asOf: Checkpoint) => T): T => sql.snapshot(() => fn(checkpoint()));
  return {
    get asOf() {
      return checkpoint();
    },
    manifest,
    trail: (device) => read((asOf) => deviceTrail(sql, decoder, device, asOf)),
    device: (device) => deviceFacts(sql, device), // one statement: one snapshot, no transaction needed
    deviceAsync: createDeviceChecks(sql),
    inventory: (gln) => read((asOf) => inventory(sql, gln, asOf)),
    organisationShipments: (gln) => read(() => organisationShipments(sql, gln)),
    organisationAlerts: (gln) => read(() => organisationAlerts(sql, gln)),
    lot: (gtin, lotNumber) => read((asOf) => lotHistory(sql, decoder, gtin, lotNumber, asOf)),
    shipment: (shipmentId) => read((asOf) => shipmentRecord(sql, decoder, shipmentId, asOf)),
    recalls: () => read((asOf) => ({ asOf, recalls: recallList(sql) })),
    recallImpact: (recallId) => read((asOf) => recallImpact(sql, recallId, asOf)),
    recallConsignees: (recallId) => read(() => recallConsignees(sql, recallId)),
    epcis: (options = {}) =>
      read((asOf) => epcisDocument(sql, decoder, { chainId: manifest.chainId, asOf, ...options })),
    epcisEvents: (candidates) =>
      read((asOf) => ({ asOf, events: epcisCandidates(sql, decoder, manifest.chainId, candidates) })),
    epcs: (offset, limit) => read(() => epcPage(sql, offset, limit)),
    organisations: () => read(() => organisationGlns(sql)),
    organisation: (gln) => read((asOf) => organisationTrail(sql, decoder, gln, asOf)),
    csv: () => eventsCsv(sql, decoder),
    snapshot: read,
    close,
  };
}
