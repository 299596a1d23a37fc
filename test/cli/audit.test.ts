import { expect } from "chai";
import Database from "better-sqlite3";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli } from "./in-process";
import { GLN, GTIN, LOT } from "../fixtures";
import { indexedHardhatScenario, type IndexedScenario } from "../indexer/helpers/indexed-hardhat";
import { ids, RECALLS, SHIPMENTS } from "../indexer/helpers/scenario";

describe("udi-ledger audit commands", function () {
  let s: IndexedScenario;
  let manifestPath: string;
  let db: string;

  before(async function () {
    s = await indexedHardhatScenario("cli");
    manifestPath = join(s.dir, "manifest.json");
    writeFileSync(manifestPath, JSON.stringify(s.manifest));
    db = join(s.dir, "cli-index.sqlite");
  });
  after(async () => s?.close());

  it("index replays the log into SQLite and says how far it got", async function () {
    const run = await cli("index", "--rpc", s.url, "--deployment", manifestPath, "--db", db, "--max-range", "10");
    expect(run.exitCode).to.equal(0);
    expect(run.stdout).to.match(
      new RegExp(`^indexed to block \\d+ \\(0x[0-9a-f]{64}\\): ${s.report.events} events in \\d+ ranges; reorgs 0`),
    );
    const again = await cli("index", "--rpc", s.url, "--deployment", manifestPath, "--db", db);
    expect(again.stdout).to.match(/: 0 events in 0 ranges;/);
  });

  it("verify exits 0 and prints every contract's head when the index is complete", async function () {
    const run = await cli("verify", "--rpc", s.url, "--deployment", manifestPath, "--db", db);
    expect(run.exitCode).to.equal(0);
    expect(run.stdout).to.match(/^verify at block \d+ \(0x[0-9a-f]{64}\): OK\n/);
    expect(run.stdout.match(/^ {2}ok {2}\w+: stored \d+ events/gm)).to.have.length(6);
    const json = JSON.parse(
      (await cli("verify", "--rpc", s.url, "--deployment", manifestPath, "--db", db, "--json")).stdout,
    );
    expect(json.ok).to.equal(true);
  });

  it("verify exits non-zero and says what differs when a row was deleted", async function () {
    const tampered = join(s.dir, "cli-tampered.sqlite");
    copyFileSync(db, tampered);
    const raw = new Database(tampered);
    raw.prepare("DELETE FROM events WHERE id = (SELECT MAX(id) FROM events WHERE contract = 'RecallRegistry')").run();
    raw.close();
    const run = await cli("verify", "--rpc", s.url, "--deployment", manifestPath, "--db", tampered);
    expect(run.exitCode).to.equal(1);
    expect(run.stdout).to.contain("FAILED");
    expect(run.stdout).to.match(/BAD RecallRegistry: stored \d+ events/);
  });

  it("trail, inventory, recall-impact and lot answer in JSON and in text", async function () {
    const trail = JSON.parse((await cli("trail", ids[3], "--db", db, "--json")).stdout);
    expect(trail.deviceId).to.equal(ids[3]);
    expect(trail.events[0]).to.include.keys("blockNumber", "txHash", "logIndex", "actor", "organisation");
    const trailText = (await cli("trail", ids[3], "--db", db)).stdout;
    expect(trailText).to.contain(`(01)${GTIN.toString().padStart(14, "0")}(21)SN-0004`);
    // Enum arguments read by name in text; JSON keeps the on-chain numbers.
    expect(trailText).to.match(/RecallIssued .*recallClass=ClassII action=Removal scope=Lots/);
    const issued = trail.events.find((e: { event: string }) => e.event === "RecallIssued");
    expect(issued.args).to.include({ recallClass: 2, action: 1, scope: 2 });

    const inventory = JSON.parse((await cli("inventory", GLN.distributor.toString(), "--db", db, "--json")).stdout);
    expect(inventory.byStatus).to.deep.equal({ Active: 2 });
    expect((await cli("inventory", GLN.distributor.toString(), "--db", db)).stdout).to.contain(
      `GLN ${GLN.distributor.toString().padStart(13, "0")} holds 2 devices`,
    );

    const impact = JSON.parse((await cli("recall-impact", String(RECALLS.lot), "--db", db, "--json")).stdout);
    expect(impact.effectivenessPercent).to.equal(42.86);
    expect((await cli("recall-impact", String(RECALLS.lot), "--db", db)).stdout).to.contain("effectiveness 42.86%");

    const lot = JSON.parse((await cli("lot", GTIN.toString(), LOT, "--db", db, "--json")).stdout);
    expect(lot.devices).to.have.length(7);
    expect((await cli("lot", GTIN.toString(), LOT, "--db", db)).stdout).to.contain(`lot ${LOT} of GTIN`);
  });

  it("shipment shows the parties, items and telemetry anchors with record counts and ISO windows", async function () {
    const json = JSON.parse((await cli("shipment", String(SHIPMENTS.quarantined), "--db", db, "--json")).stdout);
    expect(json).to.include({ shipmentId: SHIPMENTS.quarantined, status: "Received", excursion: true });
    const anchored = json.events.find((e: { event: string }) => e.event === "DataAnchored");
    expect(anchored.args).to.include({ recordCount: 42 });
    const text = (await cli("shipment", String(SHIPMENTS.quarantined), "--db", db)).stdout;
    expect(text).to.match(/^shipment 1: \d{13} → \d{13}, Received, temperature excursion, title transfer/);
    const start = new Date(Number(anchored.args.windowStart) * 1000).toISOString().replace(".000Z", "Z");
    expect(text).to.match(new RegExp(`DataAnchored .*recordCount=42 windowStart=${start} windowEnd=\\d{4}-`));
    const unknown = await cli("shipment", "999", "--db", db).catch((error: Error) => ({ stderr: error.message }));
    expect(unknown.stderr).to.match(/999/);
  });

  it("exports EPCIS and CSV to files", async function () {
    const epcis = join(s.dir, "out.jsonld");
    const run = await cli("export", "epcis", "--db", db, "--out", epcis, "--device", ids[3]);
    const doc = JSON.parse(readFileSync(epcis, "utf8"));
    expect(run.stdout).to.equal(`wrote ${doc.epcisBody.eventList.length} EPCIS events to ${epcis}\n`);
    expect(doc.type).to.equal("EPCISDocument");
    const csv = join(s.dir, "out.csv");
    await cli("export", "csv", "--db", db, "--out", csv);
    expect(readFileSync(csv, "utf8").trimEnd().split("\r\n")).to.have.length(s.report.events + 1);
  });

  it("rebuild recomputes identical projections", async function () {
    const run = await cli("rebuild", "--db", db);
    expect(run.stdout).to.equal(`rebuilt projections from ${s.report.events} events\n`);
    expect((await cli("verify", "--rpc", s.url, "--deployment", manifestPath, "--db", db)).exitCode).to.equal(0);
  });

  it("names a missing database instead of creating one", async function () {
    const missing = join(s.dir, "missing.sqlite");
    await cli("trail", ids[0], "--db", missing).then(
      () => expect.fail("must throw"),
      (error: Error) =>
        expect(error.message).to.equal(`db "${missing}": does not exist: run \`udi-ledger index\` first`),
    );
  });
});
