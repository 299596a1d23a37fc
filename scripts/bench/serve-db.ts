/**
 * Builds the database `npm run bench:serve` measures (run through `hardhat run`, which bench-serve.ts does when the
 * database is missing): anvil on loopback, the bench workload of scripts/bench/emit.ts until UDI_BENCH_DEVICES
 * devices (default 10,000) are commissioned (in blocks of 300, shipped to the distributor ten a shipment, received,
 * telemetry anchored), then indexed by the indexer into UDI_BENCH_DB. Writes the manifest beside it.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createConfig } from "../../src/indexer/config";
import { createIndexer } from "../../src/indexer/sync/indexer";
import { startAnvil } from "../../test/indexer/helpers/anvil";
import { emitEvents } from "./emit";

async function main(): Promise<void> {
  const devices = Number(process.env.UDI_BENCH_DEVICES ?? 10_000);
  const dbPath = process.env.UDI_BENCH_DB;
  if (!dbPath) throw new Error("UDI_BENCH_DB: the database to build");
  const node = await startAnvil(["--accounts", "12", "--gas-limit", "30000000", "--gas-price", "0"]);
  try {
    const started = Date.now();
    const emitted = await emitEvents(node.url, { devices });
    process.stdout.write(
      `emitted ${emitted.events} events, ${emitted.devices} devices, ${emitted.shipments} shipments in ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    mkdirSync(dirname(dbPath), { recursive: true });
    for (const suffix of ["", "-wal", "-shm"]) rmSync(dbPath + suffix, { force: true });
    const indexer = createIndexer(createConfig({ rpcUrl: node.url, manifest: emitted.manifest, dbPath }));
    const report = await indexer.run();
    indexer.store.close();
    writeFileSync(`${dbPath}.manifest.json`, JSON.stringify(emitted.manifest, null, 2) + "\n");
    process.stdout.write(`indexed ${report.events} events to block ${report.checkpoint.number} into ${dbPath}\n`);
  } finally {
    await node.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
