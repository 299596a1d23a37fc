import { expect } from "chai";
import Database from "better-sqlite3";
import { Interface } from "ethers";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { CONTRACT_NAMES } from "../../src/manifest";
import { createConfig } from "../../src/indexer/config";
import { IndexerError } from "../../src/indexer/errors";
import { CONTRACT_ABIS } from "../../src/indexer/decode/abi-table";
import { createEventDecoder } from "../../src/indexer/decode/decoder";
import { PROJECTION_TABLES, SCHEMA_VERSION } from "../../src/indexer/store/schema";
import { openStore } from "../../src/indexer/store/store";
import { threadFetchStage } from "../../src/indexer/sync/fetch-stage";
import { createIndexer } from "../../src/indexer/sync/indexer";
import { freshDb, STORES, type IndexedScenario } from "./helpers/indexed-hardhat";
import { scenarioPerStore } from "./helpers/scenario-per-store";
import { expectOracle, storedKeys } from "./helpers/oracle";
import { readDb } from "./helpers/read-db";

const ROOT = join(__dirname, "..", "..");

/** Every projection table's rows, sorted, for comparing two databases of one store. */
function projections(db: string): Record<string, string[]> {
  return readDb(db, (sql) =>
    Object.fromEntries(
      Object.keys(PROJECTION_TABLES).map((t) => [
        t,
        sql
          .all(`SELECT * FROM ${t}`)
          .map((r) => JSON.stringify(r))
          .sort(),
      ]),
    ),
  );
}

const scenario = scenarioPerStore("sync");

for (const kind of STORES)
  describe(`indexer on the Hardhat network (${kind})`, function () {
    let s: IndexedScenario;

    before(async function () {
      s = await scenario(kind);
    });
    after(async () => s?.close());

    it("stores every event of a full lifecycle, every event type of every contract, and passes the oracle", async function () {
      const oracle = await expectOracle(s.url, s.manifest, s.dbPath);
      expect(oracle.events).to.equal(s.report.events);
      const seen = new Set(
        readDb(s.dbPath, (sql) =>
          sql.all<{ n: string }>("SELECT DISTINCT contract || '.' || name AS n FROM events"),
        ).map((r) => r.n),
      );
      for (const contract of CONTRACT_NAMES) {
        new Interface(CONTRACT_ABIS[contract] as never).forEachEvent((event) => {
          // OpenZeppelin's RoleAdminChanged is declared but unreachable: nothing in the directory calls _setRoleAdmin.
          if (event.name === "RoleAdminChanged") return;
          expect(seen, `${contract}.${event.name} emitted and indexed`).to.include(`${contract}.${event.name}`);
        });
      }
    });

    it("gives the same database in one-block ranges as in large ones", async function () {
      const dbPath = await freshDb(kind, s.dir, "small-ranges");
      const indexer = createIndexer(
        createConfig({ rpcUrl: s.url, manifest: s.manifest, dbPath, initialRange: 1, maxRange: 1 }),
      );
      const report = await indexer.run();
      indexer.store.close();
      expect(report.ranges).to.equal(
        report.checkpoint.number - s.manifest.contracts.ConsortiumDirectory.blockNumber + 1,
      );
      expect(storedKeys(dbPath)).to.deep.equal(storedKeys(s.dbPath));
      expect(projections(dbPath)).to.deep.equal(projections(s.dbPath));
    });

    it("resumes a stopped run from its checkpoint", async function () {
      const dbPath = await freshDb(kind, s.dir, "resumed");
      const config = createConfig({ rpcUrl: s.url, manifest: s.manifest, dbPath, initialRange: 5, maxRange: 5 });
      let ranges = 0;
      const first = createIndexer(config, (event) => {
        if (event.kind === "range" && ++ranges === 4) first.stop();
      });
      const partial = await first.run();
      first.store.close();
      expect(partial.checkpoint.number).to.be.lessThan(s.report.checkpoint.number);
      const second = createIndexer(config);
      const rest = await second.run();
      second.store.close();
      expect(partial.events + rest.events).to.equal(s.report.events);
      await expectOracle(s.url, s.manifest, dbPath);
    });

    it("rebuilds projections identically from the stored events", function () {
      const before = projections(s.dbPath);
      const store = openStore(s.dbPath, { decoder: createEventDecoder(), reorgWindow: 128 });
      expect(store.rebuild()).to.equal(s.report.events);
      store.close();
      expect(projections(s.dbPath)).to.deep.equal(before);
      expect(before.devices).to.have.length(12);
    });

    // SQLite only: the worker-thread tests are about fetching, which the store does not change, and the upgrade writes
    // SQLite's own older layout (WITHOUT ROWID, sqlite_master); PostgreSQL's migrations are the PostgreSQL store's tests.
    if (kind === "sqlite")
      describe("SQLite only", function () {
        it("gives the same database when fetching and decoding on a worker thread, started from any working directory", async function () {
          const dbPath = join(s.dir, "threaded.sqlite");
          const config = createConfig({
            rpcUrl: s.url,
            manifest: s.manifest,
            dbPath,
            initialRange: 8,
            fetchThread: "always",
          });
          const indexer = createIndexer(config);
          const cwd = process.cwd();
          process.chdir(s.dir); // outside the project: the worker must not resolve its packages from here
          const report = await indexer.run().finally(() => process.chdir(cwd));
          indexer.store.close();
          expect(report.events).to.equal(s.report.events);
          expect(storedKeys(dbPath)).to.deep.equal(storedKeys(s.dbPath));
          expect(projections(dbPath)).to.deep.equal(projections(s.dbPath));
        });

        it("starts its worker thread after the working directory of its first start was removed", async function () {
          // A fresh process, first started from a directory it then leaves and removes (the bundler, esbuild, remembers the
          // working directory it saw when first loaded).
          const gone = mkdtempSync(join(s.dir, "cwd-"));
          const script = `
        require(${JSON.stringify(require.resolve("ts-node"))}).register({ transpileOnly: true, project: ${JSON.stringify(join(ROOT, "tsconfig.json"))} });
        const { threadFetchStage } = require(${JSON.stringify(join(ROOT, "src/indexer/sync/fetch-stage.ts"))});
        const { createConfig } = require(${JSON.stringify(join(ROOT, "src/indexer/config.ts"))});
        const config = createConfig(JSON.parse(process.env.CONFIG));
        (async () => {
          await threadFetchStage(config).close();
          process.chdir(${JSON.stringify(ROOT)});
          require("node:fs").rmSync(${JSON.stringify(gone)}, { recursive: true });
          const stage = threadFetchStage(config);
          const range = await stage.fetch(${s.manifest.contracts.ConsortiumDirectory.blockNumber}, ${s.manifest.contracts.ConsortiumDirectory.blockNumber});
          await stage.close();
          process.stdout.write(String(range.batch.logs.length));
        })();`;
          const config = { rpcUrl: s.url, manifest: s.manifest, dbPath: join(s.dir, "unused") };
          // Not execFileSync: the node answering s.url runs in this process.
          const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], {
            cwd: gone,
            env: { ...process.env, CONFIG: JSON.stringify(config) },
          });
          expect(Number(stdout)).to.be.greaterThan(0);
        });

        it("rejects fetches once its worker thread is gone, instead of leaving them waiting", async function () {
          const stage = threadFetchStage(
            createConfig({ rpcUrl: s.url, manifest: s.manifest, dbPath: join(s.dir, "gone") }),
          );
          const start = s.manifest.contracts.ConsortiumDirectory.blockNumber;
          expect((await stage.fetch(start, start)).from).to.equal(start);
          await stage.close();
          const error = await stage.fetch(start, start).catch((e: unknown) => e);
          expect(error).to.be.instanceOf(IndexerError);
          expect((error as IndexerError).message).to.match(/^the fetch worker exited \(code \d+\)$/);
        });

        it("upgrades an index written with an older projection layout by recomputing its projections", function () {
          const before = projections(s.dbPath);
          const old = new Database(s.dbPath);
          // Layout 1 kept shipment items in one table keyed by device id or SSCC.
          old.exec(`DROP TABLE shipment_devices; DROP TABLE shipment_containers;
        CREATE TABLE shipment_items (shipment_id INTEGER NOT NULL, kind TEXT NOT NULL, ref TEXT NOT NULL,
          PRIMARY KEY (shipment_id, kind, ref)) WITHOUT ROWID;
        UPDATE meta SET value = '1' WHERE key = 'schemaVersion';`);
          old.close();
          const store = openStore(s.dbPath, { decoder: createEventDecoder(), reorgWindow: 128 });
          expect(store.meta("schemaVersion")).to.equal(String(SCHEMA_VERSION));
          expect(store.sql.get("SELECT name FROM sqlite_master WHERE name = 'shipment_items'")).to.equal(undefined);
          store.close();
          expect(projections(s.dbPath)).to.deep.equal(before);
          expect(before.shipment_devices.length).to.be.greaterThan(0);
        });
      });
  });
