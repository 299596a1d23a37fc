import { eventsCsv } from "./exports/csv";
import { epcisDocument, type EpcisExportOptions } from "./exports/epcis";
import { openQueryContext } from "./queries/context";
import { inventory, type Inventory } from "./queries/inventory";
import { lotHistory, type LotHistory } from "./queries/lot";
import { recallImpact, type RecallImpact } from "./queries/recall-impact";
import { deviceTrail, type DeviceTrail } from "./queries/trail";
import type { Checkpoint } from "./store/store";
import type { Manifest } from "../manifest";

/** What an auditor asks of an indexed database: the queries and exports, each as of the indexed checkpoint. */
export interface Audit {
  /** The last indexed block: every answer reflects the chain up to it. */
  readonly asOf: Checkpoint;
  /** The deployment the database indexes. */
  readonly manifest: Manifest;
  /** A device's state and full history, by any UDI syntax or device id. */
  trail(device: string): DeviceTrail;
  /** The devices and containers an organisation (GLN-13) holds, by status. */
  inventory(gln: string): Inventory;
  /** A production lot: its devices and lot-level events. */
  lot(gtin: string, lotNumber: string): LotHistory;
  /** A recall's affected devices, custodians, acknowledgements, dispositions and effectiveness. */
  recallImpact(recallId: string): RecallImpact;
  /** The indexed events (optionally one device's, in a time window) as an EPCIS 2.0 JSON-LD document. */
  epcis(options?: Pick<EpcisExportOptions, "device" | "from" | "to">): Record<string, unknown>;
  /** Every indexed event as CSV, in chunks (header first). */
  csv(): Iterable<string>;
  close(): void;
}

/** Opens an indexed database read-only for queries and exports; fails naming the path if it was never indexed. */
export function openAudit(dbPath: string): Audit {
  const { store, decoder, asOf, manifest, close } = openQueryContext(dbPath);
  const sql = store.sql;
  return {
    asOf,
    manifest,
    trail: (device) => deviceTrail(sql, decoder, device, asOf),
    inventory: (gln) => inventory(sql, gln, asOf),
    lot: (gtin, lotNumber) => lotHistory(sql, decoder, gtin, lotNumber, asOf),
    recallImpact: (recallId) => recallImpact(sql, recallId, asOf),
    epcis: (options = {}) => epcisDocument(sql, decoder, { chainId: manifest.chainId, asOf, ...options }),
    csv: () => eventsCsv(sql, decoder),
    close,
  };
}
