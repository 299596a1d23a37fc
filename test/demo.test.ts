import { expect } from "chai";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { DEMO_ORGANISATIONS } from "../scripts/demo/consortium";
import { demoRun } from "./helpers/demo-run";
import { EPCIS_SCHEMA } from "./helpers/standards";

const ROOT = path.resolve(__dirname, "..");
const SCHEMA = EPCIS_SCHEMA;
const run = promisify(execFile);

/** `npm run demo` end to end on its own local chain, with a smaller device count than the default 120. */
describe("npm run demo (end to end on the embedded local chain)", function () {
  this.timeout(240_000);
  const demo = demoRun("udi-demo-", () => []);

  it("writes the manifest, the audit database, the EPCIS document and the summary", () => {
    for (const file of ["deployment.json", "audit.sqlite", "epcis.jsonld", "summary.json"]) {
      expect(existsSync(path.join(demo.out, file)), file).to.equal(true);
    }
    expect(demo.stdout).to.contain(`▸ done: ${demo.out}`);
  });

  it("prints the recall's custodians with GLNs at full length, the manufacturer as the issuer, and a short device list", () => {
    const manufacturer = DEMO_ORGANISATIONS.find((o) => o.key === "manufacturer")!.gln;
    expect(manufacturer).to.match(/^0\d{12}$/);
    expect(demo.stdout).to.match(new RegExp(`\\n    ${manufacturer}: \\d+ devices, 0 outstanding, the issuer\\n`));
    expect(demo.stdout).to.match(/… 15 more devices: npx udi-ledger recall-impact 1 --db /);
  });

  it("summarises a verified run: 40 devices, every ledger head replayed, the recall fully effective", () => {
    const summary = JSON.parse(readFileSync(path.join(demo.out, "summary.json"), "utf8"));
    expect(summary.devicesCommissioned).to.equal(40);
    expect(summary.ledgerHeadVerified).to.equal(true);
    expect(summary.verified).to.equal(true);
    expect(summary.recallEffectiveness).to.equal(1);
    expect(summary.refusedShipmentError).to.equal("DeviceRegistryDeviceHeld");
    expect(summary.eventsIndexed).to.be.greaterThan(80);
  });

  it("anchors every shipment's telemetry and a day of implant readings, the excursion computed from the readings", () => {
    const summary = JSON.parse(readFileSync(path.join(demo.out, "summary.json"), "utf8"));
    expect(summary.records).to.deep.include({ batches: 8, readings: 7 * 96 + 288, excursions: 1 });
    expect(summary.records.receiptsVerified).to.equal(summary.records.readings);
    expect(summary.records.proven.map((p: { batch: string }) => p.batch)).to.deep.equal([
      "shipment-4",
      "implant-remote-monitoring",
    ]);
    expect(demo.stdout).to.match(
      /shipment 4 telemetry: 75 min out of 2–8 °C \(up to \d+\.\d+ °C\): excursion anchored/,
    );
    expect(demo.stdout).to.contain(
      "shipment 4: distributorSouth → hospitalCounty, 0 loose, 1 containers — excursion: quarantined",
    );
    const tree = JSON.parse(readFileSync(path.join(demo.out, "records", "shipment-4", "tree.json"), "utf8"));
    expect(tree.format).to.equal("standard-v1");
    expect(tree.udiLedger.excursion).to.deep.include({ rule: "temperature:2..8@1800s", excursion: true });
    // The EPCIS export carries each shipment's anchored readings (the implant's have no EPCIS sensor member).
    const doc = JSON.parse(readFileSync(path.join(demo.out, "epcis.jsonld"), "utf8"));
    type Anchored = { "udi:event": string; sensorElementList: { sensorReport: { type: string }[] }[] };
    const anchors = (doc.epcisBody.eventList as Anchored[]).filter((e) => e["udi:event"] === "DataAnchored");
    const detailed = anchors.filter((e) => e.sensorElementList.length === 2);
    expect(anchors).to.have.length(8);
    expect(detailed).to.have.length(7);
    for (const e of detailed) {
      expect(e.sensorElementList[1].sensorReport.filter((r) => r.type === "Temperature")).to.have.length(96);
    }
  });

  it("exports an EPCIS 2.0 document valid against GS1's JSON schema", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, "utf8")));
    const doc = JSON.parse(readFileSync(path.join(demo.out, "epcis.jsonld"), "utf8"));
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).to.equal(true);
    const bizSteps = new Set(doc.epcisBody.eventList.map((e: { bizStep?: string }) => e.bizStep));
    for (const step of ["commissioning", "packing", "shipping", "receiving", "installing"]) {
      expect(
        [...bizSteps].some((s) => String(s).endsWith(step)),
        step,
      ).to.equal(true);
    }
  });

  it("leaves a database the auditor commands can still query once the chain is gone", async () => {
    const { stdout: text } = await run(
      process.execPath,
      [
        path.join(ROOT, "bin", "udi-ledger.js"),
        "recall-impact",
        "1",
        "--db",
        path.join(demo.out, "audit.sqlite"),
        "--json",
      ],
      { cwd: ROOT },
    );
    expect(JSON.parse(text).effectivenessPercent).to.equal(100);
  });
});
