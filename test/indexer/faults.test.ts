import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConfig, type IndexerOptions } from "../../src/indexer/config";
import { createIndexer, type SyncReport } from "../../src/indexer/sync/indexer";
import { anvilScenario, type AnvilScenario } from "./helpers/anvil-scenario";
import { seededRandom, startFaultProxy } from "./helpers/fault-proxy";
import { recordFaults } from "./helpers/fault-report";
import { rpcCall } from "./helpers/net";
import { indexOnce } from "./helpers/index-once";
import { expectOracle } from "./helpers/oracle";

const SEED = Number(process.env.UDI_FAULT_SEED ?? 20261122);

describe("indexer under seeded transport faults", function () {
  let chain: AnvilScenario;
  let dir: string;

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), "udi-faults-"));
    chain = await anvilScenario();
  });

  after(async function () {
    chain?.provider.destroy();
    await chain?.node.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const fetchThread of ["auto", "always"] as const) {
    it(`indexes through drops, timeouts, 429, 503, range caps, result caps and stale heads, losing nothing (fetch thread: ${fetchThread})`, async function () {
      const proxy = await startFaultProxy({
        upstream: chain.node.url,
        seed: SEED,
        rates: { drop: 0.05, delay: 0.04, http429: 0.05, http503: 0.05, resultCap: 0.08, staleHead: 0.2 },
        delayMs: 500,
        maxLogRange: 8,
      });
      const dbPath = join(dir, `faults-${fetchThread}.sqlite`);
      const head = Number.parseInt(await rpcCall<string>(chain.node.url, "eth_blockNumber"), 16);
      const options: IndexerOptions = {
        rpcUrl: proxy.url,
        manifest: chain.manifest,
        dbPath,
        initialRange: 64,
        timeoutMs: 250,
        pollIntervalMs: 5,
        retry: { attempts: 12, baseDelayMs: 5, maxDelayMs: 40, random: seededRandom(SEED) },
        fetchThread,
      };
      const runs: SyncReport[] = [];
      try {
        // A stale head can end a one-shot run early, as it would end a cron run: run again until the real head.
        while (runs.length < 6 && (runs.at(-1)?.checkpoint.number ?? -1) < head) runs.push(await indexOnce(options));
      } finally {
        await proxy.close();
      }
      expect(runs.at(-1)!.checkpoint.number).to.equal(head);
      const retries = runs.reduce((n, r) => n + r.rpc.retries, 0);
      const shrinks = runs.reduce((n, r) => n + r.rangeShrinks, 0);
      expect(
        runs.reduce((n, r) => n + r.reorgs, 0),
        "stale heads are not reorgs",
      ).to.equal(0);
      for (const kind of ["drop", "delay", "http429", "http503", "resultCap", "rangeCap"] as const) {
        expect(proxy.counts[kind], `${kind} faults injected`).to.be.greaterThan(0);
      }
      expect(retries).to.be.greaterThan(0);
      expect(shrinks).to.be.greaterThan(0);
      const oracle = await expectOracle(chain.node.url, chain.manifest, dbPath);
      recordFaults(`transport (fetch thread: ${fetchThread})`, {
        seed: SEED,
        injected: proxy.counts,
        retries,
        rangeShrinks: shrinks,
        runs: runs.length,
        events: oracle.events,
        lost: oracle.lost,
        duplicated: oracle.duplicated,
      });
    });
  }

  it("treats a head that goes backwards with no hash changed as a stale node, not a reorg", async function () {
    const dbPath = join(dir, "stale.sqlite");
    const first = await indexOnce({ rpcUrl: chain.node.url, manifest: chain.manifest, dbPath });
    const proxy = await startFaultProxy({ upstream: chain.node.url, seed: SEED, rates: {}, staleHeadsFirst: 4 });
    try {
      const second = await indexOnce({ rpcUrl: proxy.url, manifest: chain.manifest, dbPath, pollIntervalMs: 5 });
      expect(proxy.counts.staleHead).to.equal(4);
      expect(second.staleHeads).to.equal(4);
      expect(second.reorgs).to.equal(0);
      expect(second.events).to.equal(0);
      expect(second.checkpoint).to.deep.equal(first.checkpoint);
      recordFaults("staleHead", {
        injected: proxy.counts.staleHead,
        treatedAsStale: second.staleHeads,
        reorgs: second.reorgs,
      });
    } finally {
      await proxy.close();
    }
    await expectOracle(chain.node.url, chain.manifest, dbPath);
  });

  it("refuses to index a chain other than the manifest's", async function () {
    const dbPath = join(dir, "permanent.sqlite");
    const wrongChain = { ...chain.manifest, chainId: chain.manifest.chainId + 1 };
    const indexer = createIndexer(createConfig({ rpcUrl: chain.node.url, manifest: wrongChain, dbPath }));
    try {
      await indexer.run().then(
        () => expect.fail("indexing another chain must fail"),
        (error: Error) =>
          expect(error.message).to.match(/chainId = 31337: node serves chain 31337, manifest says 31338/),
      );
    } finally {
      indexer.store.close();
    }
  });
});
