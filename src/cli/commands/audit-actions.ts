/** What the auditor commands do, loaded when one runs (so that `--help` and `--version` start fast). */
import { createWriteStream, writeFileSync } from "node:fs";
import { once } from "node:events";
import { readManifest } from "../../manifest";
import { createConfig, startBlockOf } from "../../indexer/config";
import { IndexerError } from "../../indexer/errors";
import {
  inventoryText,
  lotText,
  organisationText,
  recallText,
  shipmentText,
  trailText,
  verifyText,
} from "../../indexer/format/text";
import { openAudit, type Audit } from "../../indexer/audit";
import { createIndexer } from "../../indexer/sync/indexer";
import { createProgressReporter } from "../../indexer/sync/progress";
import { verifyDatabase } from "../../indexer/verify/verify";
import { createEventDecoder } from "../../indexer/decode/decoder";
import { openStore } from "../../indexer/store/store";

/** Exit code of a run that failed on a transport fault and may succeed when retried (EX_TEMPFAIL). */
const EXIT_RETRYABLE = 75;

const out = (text: string): void => void process.stdout.write(text + "\n");

/** Runs a query against an indexed database and prints it as JSON or text. */
function query<T>(db: string, json: boolean, run: (audit: Audit) => T, text: (result: T) => string): void {
  const audit = openAudit(db);
  try {
    const result = run(audit);
    out(json ? JSON.stringify(result, null, 2) : text(result));
  } finally {
    audit.close();
  }
}

/** Defines a query: what it asks of the index, and how its answer reads as text. */
const defineQuery =
  <T>(ask: (audit: Audit, args: string[]) => T, text: (result: T) => string) =>
  (db: string, json: boolean, args: string[]): void =>
    query(db, json, (audit) => ask(audit, args), text);

/** The query commands by name; their arguments in the order the command line gives them. */
export const QUERIES = {
  trail: defineQuery((a, [device]) => a.trail(device), trailText),
  inventory: defineQuery((a, [gln]) => a.inventory(gln), inventoryText),
  "recall-impact": defineQuery((a, [recallId]) => a.recallImpact(recallId), recallText),
  lot: defineQuery((a, [gtin, lot]) => a.lot(gtin, lot), lotText),
  shipment: defineQuery((a, [shipmentId]) => a.shipment(shipmentId), shipmentText),
  organisation: defineQuery((a, [gln]) => a.organisation(gln), organisationText),
};

export type QueryName = keyof typeof QUERIES;

/** Sets the exit code of an indexer failure: 75 when retrying may help, 1 otherwise. */
export function fail(error: unknown): void {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof IndexerError && error.retryable ? EXIT_RETRYABLE : 1;
}

export interface IndexOptions {
  rpc: string;
  deployment: string;
  db: string;
  follow?: boolean;
  confirmations: number;
  reorgWindow: number;
  maxRange: number;
  timeout: number;
  poll: number;
}

export async function indexCommand(options: IndexOptions): Promise<void> {
  const manifest = readManifest(options.deployment);
  const config = createConfig({
    rpcUrl: options.rpc,
    manifest,
    dbPath: options.db,
    follow: options.follow === true,
    confirmations: options.confirmations,
    reorgWindow: options.reorgWindow,
    maxRange: options.maxRange,
    initialRange: Math.min(100, options.maxRange),
    timeoutMs: options.timeout,
    pollIntervalMs: options.poll,
  });
  const progress = createProgressReporter(process.stderr, startBlockOf(manifest));
  const indexer = createIndexer(config, progress.report);
  const stop = () => indexer.stop();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    const r = await indexer.run();
    progress.stop();
    out(
      `indexed to block ${r.checkpoint.number} (${r.checkpoint.hash}): ${r.events} events in ${r.ranges} ranges; ` +
        `reorgs ${r.reorgs} (max depth ${r.maxReorgDepth}, ${r.eventsRolledBack} events rolled back); ` +
        `faults retried ${r.rpc.retries}; ranges shrunk ${r.rangeShrinks}; stale heads ${r.staleHeads}`,
    );
  } catch (error) {
    progress.stop();
    fail(error);
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    indexer.store.close();
  }
}

export interface VerifyOptions {
  rpc: string;
  deployment: string;
  db: string;
  json?: boolean;
}

export async function verifyCommand(o: VerifyOptions): Promise<void> {
  try {
    const report = await verifyDatabase({ rpcUrl: o.rpc, manifest: readManifest(o.deployment), dbPath: o.db });
    out(o.json ? JSON.stringify(report, null, 2) : verifyText(report));
    if (!report.ok) process.exitCode = 1;
  } catch (error) {
    fail(error);
  }
}

export interface EpcisExportCommand {
  db: string;
  out: string;
  device?: string;
  from?: string;
  to?: string;
  records?: string[];
}

export async function exportEpcis(o: EpcisExportCommand): Promise<void> {
  // The records module is loaded only when record sets are exported.
  const loaded = o.records === undefined ? undefined : await (await import("../../records")).loadRecordSets(o.records);
  for (const reason of loaded?.skipped ?? []) process.stderr.write(`records not exported: ${reason}\n`);
  const audit = openAudit(o.db);
  try {
    const doc = audit.epcis({ device: o.device, from: o.from, to: o.to, recordSets: loaded?.sets });
    writeFileSync(o.out, JSON.stringify(doc, null, 2) + "\n");
    const events = (doc.epcisBody as { eventList: unknown[] }).eventList.length;
    out(`wrote ${events} EPCIS events to ${o.out}`);
  } finally {
    audit.close();
  }
}

export async function exportCsv(db: string, path: string): Promise<void> {
  const audit = openAudit(db);
  const file = createWriteStream(path);
  try {
    for (const chunk of audit.csv()) if (!file.write(chunk)) await once(file, "drain");
  } finally {
    file.end();
    await once(file, "close");
    audit.close();
  }
  out(`wrote ${path}`);
}

export function rebuild(db: string): void {
  openAudit(db).close();
  const store = openStore(db, { decoder: createEventDecoder(), reorgWindow: 1 });
  try {
    out(`rebuilt projections from ${store.rebuild()} events`);
  } finally {
    store.close();
  }
}
