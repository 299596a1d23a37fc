import { StoreError, StoreVersionError } from "../errors";
import type { Sql } from "./sql";

/**
 * The SQLite schema. The source of truth is `events` (raw logs exactly as the chain gave them, unique on block hash +
 * log index) with `checkpoint` and `blocks`; every other table is a projection: a pure function of `events`, dropped
 * and recomputed by a rebuild. GLNs, GTINs and SSCCs are decimal TEXT (an SSCC-18 does not fit a double).
 */
export const SCHEMA_VERSION = 3;

/**
 * Whether a database of version `found` (meta.schemaVersion; undefined: a new database) must be migrated. A newer one
 * is refused before anything is written: its layout may mean something this version would misread or overwrite.
 */
export function needsMigration(found: string | undefined, store: string): boolean {
  if (found === undefined) return false;
  const version = Number(found);
  if (!Number.isInteger(version)) throw new StoreError(store, `its schema version "${found}" is not a number`);
  if (version > SCHEMA_VERSION) throw new StoreVersionError(store, version, SCHEMA_VERSION);
  return version < SCHEMA_VERSION;
}

/** Logs per block an event id leaves room for: id = block_number · 2^20 + log_index. */
export const LOGS_PER_BLOCK = 2 ** 20;

/** Block hashes remembered in [from, to] (blocks, and those of stored events), newest first: `Store.knownBlocks`. */
export const knownBlocks = (sql: Sql, from: number, to: number): { number: number; hash: string }[] =>
  sql.all(
    `SELECT number, hash FROM blocks WHERE number BETWEEN ? AND ?
     UNION SELECT DISTINCT block_number, block_hash FROM events WHERE block_number BETWEEN ? AND ?
     ORDER BY 1 DESC`,
    from,
    to,
    from,
    to,
  );

/** The id of the event at a chain position. */
export const eventId = (blockNumber: number, logIndex: number): number => blockNumber * LOGS_PER_BLOCK + logIndex;

export const SOURCE_TABLES = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoint (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  block_number INTEGER NOT NULL, block_hash TEXT NOT NULL, block_time INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS blocks (
  number INTEGER PRIMARY KEY, hash TEXT NOT NULL, parent_hash TEXT, time INTEGER);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY, -- the chain position: block_number · 2^20 + log_index (so id order is chain order)
  block_number INTEGER NOT NULL, block_hash TEXT NOT NULL, block_time INTEGER NOT NULL,
  tx_hash TEXT NOT NULL, tx_index INTEGER NOT NULL, log_index INTEGER NOT NULL,
  address TEXT NOT NULL, contract TEXT NOT NULL, name TEXT NOT NULL,
  topics BLOB NOT NULL, data BLOB NOT NULL,
  UNIQUE (block_hash, log_index));
`;

/** Projection tables, in the order a rebuild recreates them. */
export const PROJECTION_TABLES: Record<string, string> = {
  organisations: `(gln TEXT PRIMARY KEY, status INTEGER NOT NULL, roles INTEGER NOT NULL, admitted_event INTEGER NOT NULL)`,
  accounts: `(address TEXT PRIMARY KEY, gln TEXT NOT NULL)`,
  company_prefixes: `(prefix TEXT PRIMARY KEY, gln TEXT NOT NULL)`,
  admin_roles: `(role TEXT NOT NULL, account TEXT NOT NULL, PRIMARY KEY (role, account))`,
  validators: `(gln TEXT PRIMARY KEY, validator TEXT NOT NULL)`,
  paused: `(contract TEXT PRIMARY KEY, paused INTEGER NOT NULL)`,
  products: `(gtin TEXT PRIMARY KEY, manufacturer TEXT NOT NULL, metadata_hash TEXT NOT NULL,
    tracked INTEGER NOT NULL, implantable INTEGER NOT NULL)`,
  lots: `(lot_key INTEGER PRIMARY KEY, gtin TEXT NOT NULL, lot_number TEXT NOT NULL, manufactured_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL, manufacturer TEXT NOT NULL, hold_mark INTEGER NOT NULL, event_id INTEGER NOT NULL)`,
  devices: `(device_key INTEGER PRIMARY KEY, device_id TEXT NOT NULL UNIQUE, gtin TEXT NOT NULL, serial TEXT NOT NULL, lot_key INTEGER NOT NULL,
    custodian TEXT NOT NULL, status INTEGER NOT NULL, container_key INTEGER NOT NULL, shipment INTEGER NOT NULL,
    hold_mark INTEGER NOT NULL, cleared_hold INTEGER NOT NULL, care_site TEXT, event_id INTEGER NOT NULL)`,
  containers: `(sscc TEXT PRIMARY KEY, key INTEGER NOT NULL UNIQUE, custodian TEXT NOT NULL, status INTEGER NOT NULL,
    lot_key INTEGER NOT NULL, shipment INTEGER NOT NULL, device_count INTEGER NOT NULL, hold_mark INTEGER NOT NULL)`,
  shipments: `(shipment_id INTEGER PRIMARY KEY, sender TEXT NOT NULL, recipient TEXT NOT NULL, status INTEGER NOT NULL,
    excursion INTEGER NOT NULL, item_count INTEGER NOT NULL, document_hash TEXT NOT NULL,
    title_transfer INTEGER NOT NULL, dispatched_event INTEGER NOT NULL, closed_event INTEGER)`,
  /** What a shipment carries: loose devices (by row key) and containers (by SSCC). */
  shipment_devices: `(shipment_id INTEGER NOT NULL, device_key INTEGER NOT NULL, PRIMARY KEY (shipment_id, device_key))
    WITHOUT ROWID`,
  shipment_containers: `(shipment_id INTEGER NOT NULL, sscc TEXT NOT NULL, PRIMARY KEY (shipment_id, sscc)) WITHOUT ROWID`,
  holds: `(gtin TEXT PRIMARY KEY, recall_id INTEGER NOT NULL, scope INTEGER NOT NULL, return_to TEXT NOT NULL)`,
  recalls: `(recall_id INTEGER PRIMARY KEY, gtin TEXT NOT NULL, issuer TEXT NOT NULL, recall_class INTEGER NOT NULL,
    action INTEGER NOT NULL, scope INTEGER NOT NULL, return_to TEXT NOT NULL, notice_hash TEXT NOT NULL,
    status INTEGER NOT NULL, issued_event INTEGER NOT NULL, terminated_event INTEGER)`,
  recall_lots: `(recall_id INTEGER NOT NULL, lot_key INTEGER NOT NULL, PRIMARY KEY (recall_id, lot_key))`,
  recall_devices: `(recall_id INTEGER NOT NULL, device_id TEXT NOT NULL, PRIMARY KEY (recall_id, device_id))`,
  recall_acks: `(recall_id INTEGER NOT NULL, gln TEXT NOT NULL, event_id INTEGER NOT NULL, PRIMARY KEY (recall_id, gln))`,
  recall_dispositions: `(recall_id INTEGER NOT NULL, device_id TEXT NOT NULL, disposition INTEGER NOT NULL,
    gln TEXT NOT NULL, event_id INTEGER NOT NULL, PRIMARY KEY (recall_id, device_id))`,
  anchors: `(anchor_id INTEGER PRIMARY KEY, target INTEGER NOT NULL, target_id TEXT NOT NULL, root TEXT NOT NULL,
    record_count INTEGER NOT NULL, window_start INTEGER NOT NULL, window_end INTEGER NOT NULL, uri_hash TEXT NOT NULL,
    excursion INTEGER NOT NULL, organisation TEXT NOT NULL, event_id INTEGER NOT NULL)`,
  software: `(device_id TEXT PRIMARY KEY, version TEXT NOT NULL, image_hash TEXT NOT NULL)`,
  service_authorisations: `(custodian TEXT NOT NULL, provider TEXT NOT NULL, authorised INTEGER NOT NULL,
    PRIMARY KEY (custodian, provider))`,
  /** Governance (a `--governance` deployment): proposals, what they call, votes, and the timelock's calls. */
  proposals: `(proposal_id TEXT PRIMARY KEY, proposer TEXT NOT NULL, description TEXT NOT NULL, vote_start TEXT NOT NULL,
    vote_end TEXT NOT NULL, created_event INTEGER NOT NULL, eta TEXT, queued_event INTEGER, executed_event INTEGER,
    canceled_event INTEGER)`,
  proposal_actions: `(proposal_id TEXT NOT NULL, action_index INTEGER NOT NULL, target TEXT NOT NULL, value TEXT NOT NULL,
    calldata TEXT NOT NULL, PRIMARY KEY (proposal_id, action_index))`,
  proposal_votes: `(proposal_id TEXT NOT NULL, voter TEXT NOT NULL, support INTEGER NOT NULL, weight TEXT NOT NULL,
    reason TEXT NOT NULL, event_id INTEGER NOT NULL, PRIMARY KEY (proposal_id, voter))`,
  timelock_calls: `(operation_id TEXT NOT NULL, call_index INTEGER NOT NULL, target TEXT NOT NULL, value TEXT NOT NULL,
    data TEXT NOT NULL, predecessor TEXT NOT NULL, delay TEXT NOT NULL, scheduled_event INTEGER NOT NULL,
    executed_event INTEGER, PRIMARY KEY (operation_id, call_index))`,
  timelock_settings: `(key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  timelock_roles: `(role TEXT NOT NULL, account TEXT NOT NULL, PRIMARY KEY (role, account))`,
  /** The organisation trail: which events concern which organisation (GLN as decimal text). */
  organisation_events: `(gln TEXT NOT NULL, event_id INTEGER NOT NULL, PRIMARY KEY (gln, event_id)) WITHOUT ROWID`,
  /** The device trail: which events concern which device (by the device's row key: small, cheap to insert). */
  device_events: `(device_key INTEGER NOT NULL, event_id INTEGER NOT NULL, PRIMARY KEY (device_key, event_id))
    WITHOUT ROWID`,
};

/** Projection tables of earlier layouts, dropped when an index is upgraded. */
export const RETIRED_TABLES = ["shipment_items"];

/** Secondary indexes of the projections (recreated with them). Each costs every insert: only those queries need. */
export const PROJECTION_INDEXES = `
CREATE INDEX IF NOT EXISTS devices_by_container ON devices (container_key) WHERE container_key <> 0;
CREATE INDEX IF NOT EXISTS lots_by_gtin ON lots (gtin, lot_number);
CREATE INDEX IF NOT EXISTS shipments_by_dispatch ON shipments (dispatched_event);
CREATE INDEX IF NOT EXISTS anchors_by_target ON anchors (target, target_id);
CREATE INDEX IF NOT EXISTS recall_devices_by_device ON recall_devices (device_id);
CREATE INDEX IF NOT EXISTS proposals_by_execution ON proposals (executed_event) WHERE executed_event IS NOT NULL;
`;

/** DDL creating every projection table and index. */
export const projectionDdl = (): string =>
  Object.entries(PROJECTION_TABLES)
    .map(([name, columns]) => `CREATE TABLE IF NOT EXISTS ${name} ${columns};`)
    .join("\n") + PROJECTION_INDEXES;
