/**
 * `udi-ledger/indexer`: replay a deployment's event log into SQLite or PostgreSQL (`createIndexer`; a `postgres://`
 * URL where a path goes, `withSchema` to name its schema), prove it complete against the chain (`verifyDatabase`), and
 * query and export it (`openAudit`: trail, inventory, lot, recall impact, EPCIS 2.0, CSV).
 */
export { openAudit, type Audit } from "./audit";
export { createConfig, MAX_BLOCK_RANGE, startBlockOf, type IndexerConfig, type IndexerOptions } from "./config";
export { EPCIS_CONTEXT, UDI_NAMESPACE, type EpcisExportOptions } from "./exports/epcis";
export * from "./errors";
export type { EventEntry } from "./queries/event-entry";
export type { Inventory } from "./queries/inventory";
export type { LotHistory } from "./queries/lot";
export type { RecallImpact } from "./queries/recall-impact";
export type { DeviceTrail } from "./queries/trail";
export type { OrganisationDecision, OrganisationTrail } from "./queries/organisation-trail";
export type { Checkpoint } from "./store/store";
export { isPostgresUrl, redactUrl, withSchema } from "./store/postgres/target";
export { createIndexer, type Indexer, type ProgressEvent, type SyncReport } from "./sync/indexer";
export { verifyDatabase, type HeadCheck, type VerifyOptions, type VerifyReport } from "./verify/verify";
