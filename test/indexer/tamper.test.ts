import { expect } from "chai";
import Database from "better-sqlite3";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { verifyDatabase, type VerifyReport } from "../../src/indexer/verify/verify";
import { indexedHardhatScenario, type IndexedScenario } from "./helpers/indexed-hardhat";
import { GLN } from "../fixtures";
import { ids } from "./helpers/scenario";

describe("verify detects a tampered database", function () {
  let s: IndexedScenario;
  let copies = 0;

  before(async function () {
    s = await indexedHardhatScenario("tamper");
  });
  after(async () => s?.close());

  /** Applies `sql` (or a function of the raw database) to a copy of the indexed database and verifies the copy. */
  async function tampered(
    sql: string | ((db: Database.Database) => number),
    ...params: unknown[]
  ): Promise<VerifyReport> {
    const path = join(s.dir, `tampered-${++copies}.sqlite`);
    copyFileSync(s.dbPath, path);
    const db = new Database(path);
    const changes = typeof sql === "string" ? db.prepare(sql).run(...params).changes : sql(db);
    expect(changes, "the tampering changed a row").to.be.greaterThan(0);
    db.close();
    return verifyDatabase({ rpcUrl: s.url, manifest: s.manifest, dbPath: path });
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
    const report = await tampered(`UPDATE events SET data = zeroblob(length(data)) WHERE id = ${MIDDLE}`);
    expect(report.ok).to.equal(false);
    expect(badHeads(report)).to.deep.equal(["DeviceRegistry"]);
  });

  it("fails when two event rows are reordered", async function () {
    const report = await tampered((db) => {
      type Row = { id: number; tx_hash: string; topics: Buffer; data: Buffer };
      const [a, b] = db
        .prepare("SELECT id, tx_hash, topics, data FROM events WHERE name = 'ShipmentDispatched' ORDER BY id")
        .all() as Row[];
      const swap = db.prepare("UPDATE events SET tx_hash = ?, topics = ?, data = ? WHERE id = ?");
      return swap.run(b.tx_hash, b.topics, b.data, a.id).changes + swap.run(a.tx_hash, a.topics, a.data, b.id).changes;
    });
    expect(report.ok).to.equal(false);
    expect(badHeads(report)).to.deep.equal(["DeviceRegistry"]);
  });

  it("fails when two event rows swap chain positions", async function () {
    const report = await tampered((db) => {
      const [a, b] = db
        .prepare(
          `SELECT id, log_index FROM events WHERE block_number =
           (SELECT block_number FROM events WHERE name = 'OrganisationAdmitted' LIMIT 1) ORDER BY id LIMIT 2`,
        )
        .all() as { id: number; log_index: number }[];
      const move = db.prepare("UPDATE events SET log_index = ? WHERE id = ?");
      move.run(-1, a.id);
      move.run(a.log_index, b.id);
      return move.run(b.log_index, a.id).changes;
    });
    expect(report.ok).to.equal(false);
    expect(report.events.differences).to.include("2 events whose id is not their chain position (reordered rows)");
  });

  it("fails when an event is moved to a block hash the chain does not have", async function () {
    const report = await tampered(`UPDATE events SET block_hash = '0x' || hex(zeroblob(32)) WHERE id = ${MIDDLE}`);
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
    expect(report.rebuild.differences.filter((d) => d.startsWith("device_events: row derived from events is missing")))
      .to.not.be.empty;
  });
});
