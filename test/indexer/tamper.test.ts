import { expect } from "chai";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "pg";
import type { Sql } from "../../src/indexer/store/sql";
import { connectSql } from "../../src/indexer/store/store";
import { verifyDatabase, type VerifyReport } from "../../src/indexer/verify/verify";
import { testPostgres } from "../helpers/postgres";
import { STORES, type IndexedScenario, type StoreKind } from "./helpers/indexed-hardhat";
import { scenarioPerStore } from "./helpers/scenario-per-store";
import { GLN } from "../fixtures";
import { ids } from "./helpers/scenario";

/** A copy of the scenario's database: a copied SQLite file, or a PostgreSQL database made from it as a template. */
async function copyOf(kind: StoreKind, s: IndexedScenario, copy: number): Promise<string> {
  if (kind === "sqlite") {
    const path = join(s.dir, `tampered-${copy}.sqlite`);
    copyFileSync(s.dbPath, path);
    return path;
  }
  const url = new URL(s.dbPath);
  const source = url.pathname.slice(1);
  const name = `${source}_tampered_${copy}`;
  url.pathname = `/${name}`;
  const admin = new Client({ connectionString: (await testPostgres()).url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${source}"`);
  } finally {
    await admin.end();
  }
  return url.toString();
}

const scenario = scenarioPerStore("tamper");

for (const kind of STORES)
  describe(`verify detects a tampered database (${kind})`, function () {
    let s: IndexedScenario;
    let copies = 0;

    before(async function () {
      s = await scenario(kind);
    });
    after(async () => s?.close());

    /**
     * Applies `edit` (SQL, or a function of a connection) to a copy of the indexed database, through the store's own
     * SQL (so on either store), and verifies the copy.
     */
    async function tampered(edit: string | ((sql: Sql) => number), ...params: unknown[]): Promise<VerifyReport> {
      const db = await copyOf(kind, s, ++copies);
      const sql = connectSql(db);
      let changes: number;
      try {
        changes = typeof edit === "string" ? sql.run(edit, ...params).changes : edit(sql);
      } finally {
        sql.close();
      }
      expect(changes, "the tampering changed a row").to.be.greaterThan(0);
      return verifyDatabase({ rpcUrl: s.url, manifest: s.manifest, dbPath: db });
    }

    const badHeads = (r: VerifyReport) => r.heads.filter((h) => !h.ok).map((h) => h.contract);
    /** A DeviceRegistry event in the middle of the log. */
    const MIDDLE = `(SELECT id FROM events WHERE contract = 'DeviceRegistry' ORDER BY block_number, log_index LIMIT 1 OFFSET 10)`;

    it("passes on the untouched database", async function () {
      const report = await verifyDatabase({ rpcUrl: s.url, manifest: s.manifest, dbPath: s.dbPath });
      expect(report.ok).to.equal(true);
      expect(report.views.checked).to.be.greaterThan(50);
    });

    it("fails when an event row is deleted", async function () {
      const report = await tampered(`DELETE FROM events WHERE id = ${MIDDLE}`);
      expect(report.ok).to.equal(false);
      expect(badHeads(report)).to.deep.equal(["DeviceRegistry"]);
      const head = report.heads.find((h) => h.contract === "DeviceRegistry")!;
      expect(head.storedCount).to.equal(head.chainCount - 1);
    });

    it("fails when an event row is inserted", async function () {
      const report = await tampered(
        `INSERT INTO events (block_number, block_hash, block_time, tx_hash, tx_index, log_index, address, contract, name,
       topics, data) SELECT block_number, block_hash, block_time, tx_hash, tx_index, log_index + 1000, address, contract,
       name, topics, data FROM events WHERE id = ${MIDDLE}`,
      );
      expect(report.ok).to.equal(false);
      expect(badHeads(report)).to.deep.equal(["DeviceRegistry"]);
    });

    it("fails when an event row's data is edited", async function () {
      const report = await tampered((sql) => {
        const row = sql.get<{ id: number; data: Buffer }>(`SELECT id, data FROM events WHERE id = ${MIDDLE}`)!;
        return sql.run("UPDATE events SET data = ? WHERE id = ?", Buffer.alloc(row.data.length), row.id).changes;
      });
      expect(report.ok).to.equal(false);
      expect(badHeads(report)).to.deep.equal(["DeviceRegistry"]);
    });

    it("fails when two event rows are reordered", async function () {
      const report = await tampered((sql) => {
        type Row = { id: number; tx_hash: string; topics: Buffer; data: Buffer };
        const [a, b] = sql.all<Row>(
          "SELECT id, tx_hash, topics, data FROM events WHERE name = 'ShipmentDispatched' ORDER BY id",
        );
        const swap = (to: Row, from: Row) =>
          sql.run(
            "UPDATE events SET tx_hash = ?, topics = ?, data = ? WHERE id = ?",
            from.tx_hash,
            from.topics,
            from.data,
            to.id,
          ).changes;
        return swap(a, b) + swap(b, a);
      });
      expect(report.ok).to.equal(false);
      expect(badHeads(report)).to.deep.equal(["DeviceRegistry"]);
    });

    it("fails when two event rows swap chain positions", async function () {
      const report = await tampered((sql) => {
        const [a, b] = sql.all<{ id: number; log_index: number }>(
          `SELECT id, log_index FROM events WHERE block_number =
         (SELECT block_number FROM events WHERE name = 'OrganisationAdmitted' ORDER BY id LIMIT 1) ORDER BY id LIMIT 2`,
        );
        const move = (logIndex: number, id: number) =>
          sql.run("UPDATE events SET log_index = ? WHERE id = ?", logIndex, id).changes;
        move(-1, a.id);
        move(a.log_index, b.id);
        return move(b.log_index, a.id);
      });
      expect(report.ok).to.equal(false);
      expect(report.events.differences).to.include("2 events whose id is not their chain position (reordered rows)");
    });

    it("fails when an event is moved to a block hash the chain does not have", async function () {
      const report = await tampered(`UPDATE events SET block_hash = ? WHERE id = ${MIDDLE}`, `0x${"0".repeat(64)}`);
      expect(report.ok).to.equal(false);
      expect(report.events.differences).to.have.length(1);
      expect(report.events.differences[0]).to.match(/^block \d+: stored hash 0x0{64}, chain 0x[0-9a-f]{64}$/);
    });

    it("fails when a projection row is edited, against both the rebuild and the chain", async function () {
      const report = await tampered("UPDATE devices SET custodian = '1' WHERE device_id = ?", ids[5]);
      expect(report.ok).to.equal(false);
      expect(badHeads(report)).to.deep.equal([]);
      expect(report.rebuild.differences.join("\n")).to.contain(ids[5]);
      expect(report.views.differences).to.deep.equal([
        `DeviceRegistry.deviceState(${ids[5]}).custodian: indexed 1, chain ${GLN.manufacturer}`,
      ]);
    });

    it("fails when a projection row is deleted", async function () {
      const report = await tampered(
        "DELETE FROM device_events WHERE device_key = (SELECT device_key FROM devices WHERE device_id = ?)",
        ids[3],
      );
      expect(report.ok).to.equal(false);
      expect(
        report.rebuild.differences.filter((d) => d.startsWith("device_events: row derived from events is missing")),
      ).to.not.be.empty;
    });
  });
