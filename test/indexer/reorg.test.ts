import { expect } from "chai";
import { ethers, network } from "hardhat";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Manifest } from "../../src/manifest";
import { createConfig, type IndexerOptions } from "../../src/indexer/config";
import { ReorgTooDeepError } from "../../src/indexer/errors";
import { createIndexer, type SyncReport } from "../../src/indexer/sync/indexer";
import { consortiumFixture, deviceIdOf, GTIN } from "../fixtures";
import { anvilScenario, type AnvilScenario } from "./helpers/anvil-scenario";
import { admitConsortium, send } from "./helpers/consortium";
import { manifestOf } from "./helpers/deploy";
import { recordFaults } from "./helpers/fault-report";
import { serveHardhatNetwork } from "./helpers/hardhat-rpc";
import { rpcCall } from "./helpers/net";
import { indexOnce } from "./helpers/index-once";
import { freshDb, STORES } from "./helpers/indexed-hardhat";
import { expectOracle, storedKeys } from "./helpers/oracle";

/** Block number holding the DeviceCommissioned event of `serial`, read from the node. */
async function blockOfSerial(url: string, manifest: Manifest, serial: string): Promise<number | undefined> {
  const logs = await rpcCall<{ blockNumber: string; topics: string[] }[]>(url, "eth_getLogs", [
    { address: manifest.contracts.DeviceRegistry.address, fromBlock: "0x0", toBlock: "latest" },
  ]);
  const log = logs.find((l) => l.topics[1] === deviceIdOf(GTIN, serial));
  return log && Number.parseInt(log.blockNumber, 16);
}

const reorgStats = { handled: 0, maxDepth: 0, refused: 0 };
const tally = (r: SyncReport) => {
  reorgStats.handled += r.reorgs;
  reorgStats.maxDepth = Math.max(reorgStats.maxDepth, r.maxReorgDepth);
};

describe("indexer across reorgs", function () {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "udi-reorg-"))));
  after(() => {
    recordFaults("reorgs", reorgStats);
    rmSync(dir, { recursive: true, force: true });
  });

  for (const kind of STORES)
    describe(`on ${kind}`, function () {
      describe("on anvil (anvil_reorg)", function () {
        let chain: AnvilScenario;
        let lotKey: bigint;
        let options: IndexerOptions;
        const commission = (serial: string) =>
          chain.system.devices.connect(chain.members.manufacturer).commission(lotKey, serial);
        const commissionTx = async (serial: string) => ({
          from: await chain.members.manufacturer.getAddress(),
          to: chain.manifest.contracts.DeviceRegistry.address,
          data: chain.system.devices.interface.encodeFunctionData("commission", [lotKey, serial]),
        });

        before(async function () {
          chain = await anvilScenario({ bare: true });
          ({ lotKey } = await admitConsortium(chain.system, chain.members));
          options = {
            rpcUrl: chain.node.url,
            manifest: chain.manifest,
            dbPath: await freshDb(kind, dir, "anvil"),
            reorgWindow: 16,
          };
          await indexOnce(options);
        });
        after(async function () {
          chain?.provider.destroy();
          await chain?.node.stop();
        });

        it("moves an event to another block: rolls back to the common ancestor and re-indexes it there", async function () {
          for (const serial of ["MV-1", "MV-2", "MV-3"]) await send(commission(serial));
          await indexOnce(options);
          const before = await blockOfSerial(chain.node.url, chain.manifest, "MV-2");
          await rpcCall(chain.node.url, "anvil_reorg", [
            2,
            [
              [await commissionTx("MV-3"), 0],
              [await commissionTx("MV-2"), 1],
            ],
          ]);
          const report = await indexOnce(options);
          tally(report);
          expect(await blockOfSerial(chain.node.url, chain.manifest, "MV-2")).to.equal(before! + 1);
          expect([report.reorgs, report.maxReorgDepth]).to.deep.equal([1, 2]);
          expect(report.eventsRolledBack).to.equal(2);
          await expectOracle(chain.node.url, chain.manifest, options.dbPath);
        });

        it("drops an event that a reorg removed", async function () {
          await send(commission("DROP-1"));
          await indexOnce(options);
          const count = storedKeys(options.dbPath).keys.length;
          await rpcCall(chain.node.url, "anvil_reorg", [1, []]);
          const report = await indexOnce(options);
          tally(report);
          expect(report.reorgs).to.equal(1);
          expect(storedKeys(options.dbPath).keys.length).to.equal(count - 1);
          expect(await blockOfSerial(chain.node.url, chain.manifest, "DROP-1")).to.equal(undefined);
          await expectOracle(chain.node.url, chain.manifest, options.dbPath);
        });

        it("follows new blocks and handles a reorg while following", async function () {
          const indexer = createIndexer(createConfig({ ...options, follow: true, pollIntervalMs: 20 }));
          const running = indexer.run();
          const caughtUp = async () => {
            const head = Number.parseInt(await rpcCall<string>(chain.node.url, "eth_blockNumber"), 16);
            for (let i = 0; i < 500 && indexer.store.checkpoint()!.number < head; i++)
              await new Promise((r) => setTimeout(r, 20));
            return indexer.store.checkpoint()!;
          };
          let report: SyncReport | undefined;
          try {
            for (const serial of ["FW-1", "FW-2"]) await send(commission(serial));
            const first = await caughtUp();
            await rpcCall(chain.node.url, "anvil_reorg", [2, [[await commissionTx("FW-2"), 1]]]);
            await send(commission("FW-3"));
            const second = await caughtUp();
            expect(second.number).to.equal(first.number + 1);
          } finally {
            indexer.stop();
            report = await running;
            tally(report);
            indexer.store.close();
          }
          expect([report.reorgs, report.maxReorgDepth]).to.deep.equal([1, 2]);
          await expectOracle(chain.node.url, chain.manifest, options.dbPath);
        });

        it("refuses loudly to roll back deeper than the window, leaving the database as it was", async function () {
          for (const serial of ["DEEP-1", "DEEP-2", "DEEP-3", "DEEP-4"]) await send(commission(serial));
          await indexOnce(options);
          const stored = storedKeys(options.dbPath);
          await rpcCall(chain.node.url, "anvil_reorg", [5, []]);
          const shallow = { ...options, reorgWindow: 3 };
          await indexOnce(shallow).then(
            () => expect.fail("a reorg deeper than the window must be refused"),
            (error: ReorgTooDeepError) => {
              expect(error).to.be.instanceOf(ReorgTooDeepError);
              expect(error.message).to.match(
                /no common ancestor within 3 blocks of indexed block \d+; refusing to roll back/,
              );
            },
          );
          reorgStats.refused++;
          expect(storedKeys(options.dbPath)).to.deep.equal(stored);
          tally(await indexOnce(options));
          await expectOracle(chain.node.url, chain.manifest, options.dbPath);
        });
      });

      describe("on the Hardhat network (snapshot, revert, re-mine)", function () {
        let rpc: { url: string; close(): Promise<void> };
        let manifest: Manifest;
        let f: Awaited<ReturnType<typeof consortiumFixture>>;
        let options: IndexerOptions;

        before(async function () {
          f = await consortiumFixture();
          manifest = await manifestOf(f, "hardhat-reorg", ethers.provider);
          rpc = await serveHardhatNetwork();
          options = { rpcUrl: rpc.url, manifest, dbPath: await freshDb(kind, dir, "hardhat"), reorgWindow: 32 };
        });
        after(async () => rpc?.close());

        for (const [title, before, after] of [
          ["re-mined longer", 3, 5],
          ["re-mined shorter", 4, 2],
        ] as const) {
          it(`rolls back a reverted branch ${title} than the indexed one`, async function () {
            const snapshot = await network.provider.send("evm_snapshot", []);
            for (let i = 0; i < before; i++)
              await f.devices.connect(f.manufacturer).commission(f.lotKey, `OLD-${before}-${i}`);
            await indexOnce(options);
            await network.provider.send("evm_revert", [snapshot]);
            for (let i = 0; i < after; i++)
              await f.devices.connect(f.manufacturer).commission(f.lotKey, `NEW-${after}-${i}`);
            const report = await indexOnce(options);
            tally(report);
            expect(report.reorgs).to.equal(1);
            expect(report.eventsRolledBack).to.equal(before);
            await expectOracle(rpc.url, manifest, options.dbPath);
          });
        }
      });
    });
});
