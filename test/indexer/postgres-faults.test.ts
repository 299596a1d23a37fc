import { expect } from "chai";
import { Client } from "pg";
import { createConfig, type IndexerOptions } from "../../src/indexer/config";
import { createIndexer, type SyncReport } from "../../src/indexer/sync/indexer";
import { verifyDatabase } from "../../src/indexer/verify/verify";
import { testPostgres, type TestPostgres } from "../helpers/postgres";
import { anvilScenario, type AnvilScenario } from "./helpers/anvil-scenario";
import { seededRandom, startFaultProxy, type FaultProxy } from "./helpers/fault-proxy";
import { recordFaults } from "./helpers/fault-report";
import { indexOnce } from "./helpers/index-once";
import { rpcCall } from "./helpers/net";

const SEED = Number(process.env.UDI_FAULT_SEED ?? 20261207);
/** Ranges committed before the server is restarted: well inside the run (one block a range). */
const RESTART_AFTER_RANGES = 20;

/** The row count of every table of the database's index (the public schema), by table name. */
async function rowCounts(url: string): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables)
      counts[name] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}"`)).rows[0].n);
    return counts;
  } finally {
    await client.end();
  }
}

describe("indexer on PostgreSQL when the server restarts", function () {
  let pg: TestPostgres;
  let chain: AnvilScenario;
  let proxy: FaultProxy;
  let head: number;

  before(async function () {
    pg = await testPostgres();
    chain = await anvilScenario();
    head = Number.parseInt(await rpcCall<string>(chain.node.url, "eth_blockNumber"), 16);
    // Every answer a little late, so that one-block ranges make a run of some seconds, longer than a restart.
    proxy = await startFaultProxy({ upstream: chain.node.url, seed: SEED, rates: {}, latencyMs: 30 });
  });

  after(async function () {
    await proxy?.close();
    chain?.provider.destroy();
    await chain?.node.stop();
  });

  it("waits for the server, resumes from the committed checkpoint and ends as an uninterrupted run", async function () {
    const options = (dbPath: string): IndexerOptions => ({
      rpcUrl: proxy.url,
      manifest: chain.manifest,
      dbPath,
      initialRange: 1,
      maxRange: 1,
      // Up to about 25 s of waiting (jitter seeded, so a run replays): a restart takes one or two.
      retry: { attempts: 10, baseDelayMs: 100, maxDelayMs: 5_000, random: seededRandom(SEED) },
    });
    const [interrupted, uninterrupted] = [await pg.database(), await pg.database()];

    const pidBefore = pg.pid;
    let restarted: Promise<void> | undefined;
    let rangesAtRestart = -1;
    const indexer = createIndexer(createConfig(options(interrupted)), (event) => {
      if (event.kind !== "range" || restarted) return;
      if (event.report.ranges < RESTART_AFTER_RANGES) return;
      rangesAtRestart = event.report.ranges;
      restarted = pg.restart();
    });
    let report: SyncReport;
    try {
      report = await indexer.run();
    } finally {
      indexer.store.close();
    }
    await restarted;
    expect(rangesAtRestart, "restarted in the middle of the run").to.be.within(1, report.ranges - 1);
    expect(pg.pid, "a new postmaster").to.not.equal(pidBefore);
    expect(report.storeRetries, "the run waited for the server").to.be.greaterThan(0);
    expect(report.checkpoint.number).to.equal(head);

    const reference = await indexOnce(options(uninterrupted));
    expect(reference.storeRetries).to.equal(0);
    expect(await rowCounts(interrupted)).to.deep.equal(await rowCounts(uninterrupted));
    const [a, b] = await Promise.all(
      [uninterrupted, interrupted].map((dbPath) =>
        verifyDatabase({ rpcUrl: chain.node.url, manifest: chain.manifest, dbPath }),
      ),
    );
    expect(b.ok).to.equal(true);
    expect({ ...b, dbPath: undefined }).to.deep.equal({ ...a, dbPath: undefined });
    recordFaults("PostgreSQL restarted mid-run", {
      seed: SEED,
      blocks: head,
      rangesAtRestart,
      storeRetries: report.storeRetries,
      events: report.events,
    });
  });
});
