import { createWriteStream, writeFileSync } from "node:fs";
import { once } from "node:events";
import { Option, type Command } from "commander";
import { readManifest } from "../../manifest";
import { createConfig, MAX_BLOCK_RANGE, startBlockOf } from "../../indexer/config";
import { IndexerError } from "../../indexer/errors";
import { inventoryText, lotText, recallText, trailText, verifyText } from "../../indexer/format/text";
import { openAudit, type Audit } from "../../indexer/audit";
import { createIndexer } from "../../indexer/sync/indexer";
import { createProgressReporter } from "../../indexer/sync/progress";
import { verifyDatabase } from "../../indexer/verify/verify";
import { createEventDecoder } from "../../indexer/decode/decoder";
import { openStore } from "../../indexer/store/store";

/** Exit code of a run that failed on a transport fault and may succeed when retried (EX_TEMPFAIL). */
const EXIT_RETRYABLE = 75;

const int =
  (name: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
    return n;
  };

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

/** Sets the exit code of an indexer failure: 75 when retrying may help, 1 otherwise. */
function fail(error: unknown): void {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof IndexerError && error.retryable ? EXIT_RETRYABLE : 1;
}

interface IndexOptions {
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

async function indexCommand(options: IndexOptions): Promise<void> {
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

/** Registers the auditor commands: index, verify, trail, inventory, recall-impact, lot, export, rebuild. */
export function registerAuditCommands(program: Command): void {
  const db = () => new Option("--db <file>", "SQLite database of the index").makeOptionMandatory();
  const json = () => new Option("--json", "print JSON");

  program
    .command("index")
    .description("replay the event log of a deployment into SQLite (resumable; --follow keeps up with new blocks)")
    .requiredOption("--rpc <url>", "JSON-RPC endpoint")
    .requiredOption("--deployment <manifest.json>", "deployment manifest (deployments/<network>.json)")
    .addOption(db())
    .option("--follow", "keep following new blocks")
    .option("--confirmations <n>", "blocks below the head left unindexed", int("confirmations"), 0)
    .option("--reorg-window <n>", "deepest reorg handled (block hashes kept)", int("reorg-window"), 128)
    .option(
      "--max-range <n>",
      `largest eth_getLogs block range (≤ ${MAX_BLOCK_RANGE})`,
      int("max-range"),
      MAX_BLOCK_RANGE,
    )
    .option("--timeout <ms>", "per-request timeout", int("timeout"), 15_000)
    .option("--poll <ms>", "head polling interval with --follow", int("poll"), 1_000)
    .action(indexCommand);

  program
    .command("verify")
    .description("prove the index complete: ledger heads, canonical blocks, projections vs rebuild and on-chain views")
    .requiredOption("--rpc <url>", "JSON-RPC endpoint")
    .requiredOption("--deployment <manifest.json>", "deployment manifest")
    .addOption(db())
    .addOption(json())
    .action(async (o: { rpc: string; deployment: string; db: string; json?: boolean }) => {
      try {
        const report = await verifyDatabase({ rpcUrl: o.rpc, manifest: readManifest(o.deployment), dbPath: o.db });
        out(o.json ? JSON.stringify(report, null, 2) : verifyText(report));
        if (!report.ok) process.exitCode = 1;
      } catch (error) {
        fail(error);
      }
    });

  program
    .command("trail <device>")
    .description("full history of a device (UDI element string, Digital Link URI or device id)")
    .addOption(db())
    .addOption(json())
    .action((device: string, o: { db: string; json?: boolean }) =>
      query(o.db, o.json === true, (a) => a.trail(device), trailText),
    );

  program
    .command("inventory <gln>")
    .description("devices an organisation holds, by status")
    .addOption(db())
    .addOption(json())
    .action((gln: string, o: { db: string; json?: boolean }) =>
      query(o.db, o.json === true, (a) => a.inventory(gln), inventoryText),
    );

  program
    .command("recall-impact <recallId>")
    .description("affected devices, custodians, acknowledgements, dispositions and effectiveness of a recall")
    .addOption(db())
    .addOption(json())
    .action((recallId: string, o: { db: string; json?: boolean }) =>
      query(o.db, o.json === true, (a) => a.recallImpact(recallId), recallText),
    );

  program
    .command("lot <gtin> <lot>")
    .description("a production lot: its devices and lot-level events")
    .addOption(db())
    .addOption(json())
    .action((gtin: string, lot: string, o: { db: string; json?: boolean }) =>
      query(o.db, o.json === true, (a) => a.lot(gtin, lot), lotText),
    );

  const exporter = program.command("export").description("export the index (EPCIS 2.0 JSON-LD or CSV)");
  exporter
    .command("epcis")
    .description("EPCIS 2.0 JSON-LD document of the indexed events")
    .addOption(db())
    .requiredOption("--out <file>", "output file")
    .option("--device <udi>", "only the events of this device")
    .option("--from <iso>", "only events at or after this time")
    .option("--to <iso>", "only events at or before this time")
    .action((o: { db: string; out: string; device?: string; from?: string; to?: string }) => {
      const audit = openAudit(o.db);
      try {
        const doc = audit.epcis(o);
        writeFileSync(o.out, JSON.stringify(doc, null, 2) + "\n");
        const events = (doc.epcisBody as { eventList: unknown[] }).eventList.length;
        out(`wrote ${events} EPCIS events to ${o.out}`);
      } finally {
        audit.close();
      }
    });
  exporter
    .command("csv")
    .description("every indexed event as CSV")
    .addOption(db())
    .requiredOption("--out <file>", "output file")
    .action(async (o: { db: string; out: string }) => {
      const audit = openAudit(o.db);
      const file = createWriteStream(o.out);
      try {
        for (const chunk of audit.csv()) if (!file.write(chunk)) await once(file, "drain");
      } finally {
        file.end();
        await once(file, "close");
        audit.close();
      }
      out(`wrote ${o.out}`);
    });

  program
    .command("rebuild")
    .description("drop every projection and recompute it from the stored events")
    .addOption(db())
    .action((o: { db: string }) => {
      openAudit(o.db).close();
      const store = openStore(o.db, { decoder: createEventDecoder(), reorgWindow: 1 });
      try {
        out(`rebuilt projections from ${store.rebuild()} events`);
      } finally {
        store.close();
      }
    });
}
