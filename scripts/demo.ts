/**
 * `npm run demo [-- --rpc <url>] [--out <dir>] [--devices <n>]`: the whole product, end to end. Starts a local chain
 * (or uses --rpc with CONSORTIUM_PRIVATE_KEY), deploys and bootstraps a demo consortium through the deployment code
 * path, runs a realistic lifecycle through the SDK, then indexes, verifies and exports the audit trail with the
 * `udi-ledger` command. Exits non-zero if any step or the verification fails.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { readManifest } from "../src/manifest";
import { runAudit, udiLedger } from "./demo/audit";
import { connectChain, startLocalChain } from "./demo/chain";
import { DEMO_ORGANISATIONS } from "./demo/consortium";
import { deployDemo } from "./demo/deploy";
import { auditRecords } from "./demo/records";
import { serveDemo } from "./demo/serve";
import { runStory } from "./demo/story";

const ROOT = path.resolve(__dirname, "..");
const log = (line: string) => process.stdout.write(`${line}\n`);

interface Options {
  rpc?: string;
  out: string;
  devices: number;
  serve?: number;
}

function parseOptions(argv: string[]): Options {
  const options = new Command("demo")
    .description("run udi-ledger end to end: chain, deployment, lifecycle, index, verify, export")
    .option("--rpc <url>", "use this chain (needs CONSORTIUM_PRIVATE_KEY) instead of starting a local one")
    .option("--out <dir>", "where the results are written", path.join(ROOT, "out", "demo"))
    .option("--devices <n>", "devices to commission, over two lots (≥ 40)", "120")
    .option("--serve <port>", "then keep the chain and serve the index and the explorer on 127.0.0.1:<port>")
    .parse(argv)
    .opts<{ rpc?: string; out: string; devices: string; serve?: string }>();
  const devices = Number(options.devices);
  if (!Number.isInteger(devices) || devices < 40 || devices > 1600) {
    throw new Error(`--devices: must be a whole number from 40 to 1600, got ${options.devices}`);
  }
  const serve = options.serve === undefined ? undefined : Number(options.serve);
  if (serve !== undefined && !(Number.isInteger(serve) && serve > 0 && serve < 65536)) {
    throw new Error(`--serve: must be a port from 1 to 65535, got ${options.serve}`);
  }
  return { rpc: options.rpc, out: path.resolve(options.out), devices, serve };
}

/** The recall-impact text with its first `keep` device lines (they start with a UDI) and how to see the rest. */
function firstDevices(text: string, keep: number, command: string): string {
  const lines = text.split("\n");
  const devices = lines.filter((line) => line.startsWith("  (01)"));
  if (devices.length <= keep) return text;
  const shown = lines.filter((line) => !line.startsWith("  (01)")).concat(devices.slice(0, keep));
  return [...shown, `  … ${devices.length - keep} more devices: ${command}`].join("\n");
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv);
  rmSync(options.out, { recursive: true, force: true });
  mkdirSync(options.out, { recursive: true });

  log(options.rpc ? `▸ chain: ${options.rpc}` : "▸ chain: starting a local hardhat node on 127.0.0.1");
  const chain = options.rpc ? await connectChain(options.rpc) : await startLocalChain();
  try {
    log(`  chain id ${chain.chainId} at ${chain.url}`);
    if (chain.gas) log(`  ${chain.gas}`);
    log(`▸ deploying and admitting ${DEMO_ORGANISATIONS.length} organisations`);
    const manifestPath = await deployDemo(chain, options.out);
    const manifest = readManifest(manifestPath);
    for (const [name, c] of Object.entries(manifest.contracts)) log(`  ${name.padEnd(20)} ${c.address}`);

    const story = await runStory(manifest, chain.accounts, options.devices, log, options.out);

    log("▸ audit: index the event log, verify it, follow a device, measure the recall");
    const audit = await runAudit({
      rpc: chain.url,
      manifestPath,
      dbPath: path.join(options.out, "audit.sqlite"),
      epcisPath: path.join(options.out, "epcis.jsonld"),
      device: story.implantedDevice,
      recallId: story.recallId,
      recordsDir: path.join(options.out, "records"),
    });
    log(`  ${audit.eventsIndexed} events indexed; ledger heads ${audit.ledgerHeadVerified ? "verified" : "MISMATCH"}`);
    log(`  ${audit.epcisEvents}`);
    log("\n▸ trail of an implanted device\n" + audit.trail.trimEnd());
    log(
      "\n▸ recall impact\n" +
        firstDevices(
          audit.recallText.trimEnd(),
          5,
          `npx udi-ledger recall-impact ${story.recallId} --db ${path.join(options.out, "audit.sqlite")}`,
        ),
    );

    log("\n▸ records: verify every receipt offline and on chain, prove single readings from the kept trees");
    const records = await auditRecords(story.records, { rpc: chain.url, manifestPath, out: options.out, udiLedger });
    const readings = story.records.reduce((n, b) => n + b.records, 0);
    log(`  ${records.receiptsVerified} of ${readings} receipts verified (udi-ledger records verify)`);
    for (const p of records.proven) log(`  proved ${p.batch}: record ${p.record} in anchor ${p.anchorId}`);

    const summary = {
      devicesCommissioned: story.devicesCommissioned,
      eventsIndexed: audit.eventsIndexed,
      ledgerHeadVerified: audit.ledgerHeadVerified,
      verified: audit.verifyOk,
      recallEffectiveness: audit.recallEffectiveness,
      shipments: story.shipments,
      anchors: story.anchors,
      records: {
        batches: story.records.length,
        readings,
        excursions: story.records.filter((b) => b.excursion?.excursion).length,
        receiptsVerified: records.receiptsVerified,
        proven: records.proven,
      },
      refusedShipmentError: story.refusedShipment,
      chainId: chain.chainId,
    };
    writeFileSync(path.join(options.out, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
    log(`\n▸ done: ${options.out}/{deployment.json, audit.sqlite, epcis.jsonld, summary.json, records/}`);
    log(
      "\n▸ serve it over HTTP (point-of-use checks, recall status, EPCIS 2.0 queries; see docs/serve.md), on a running" +
        " chain:\n" +
        `  npx udi-ledger serve --rpc <url> --deployment ${path.join(options.out, "deployment.json")}` +
        ` --db ${path.join(options.out, "audit.sqlite")} --follow --port 8080`,
    );
    if (!audit.verifyOk || !audit.ledgerHeadVerified || records.receiptsVerified !== readings) {
      log("✗ verification failed");
      process.exitCode = 1;
    } else if (options.serve !== undefined) {
      await serveDemo({ rpc: chain.url, manifest, out: options.out, port: options.serve, log });
    }
  } finally {
    await chain.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
