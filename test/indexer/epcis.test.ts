import { expect } from "chai";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { readFileSync } from "node:fs";
import { epcisDocument } from "../../src/indexer/exports/epcis";
import { eventsCsv } from "../../src/indexer/exports/csv";
import { openQueryContext, type QueryContext } from "../../src/indexer/queries/context";
import { GTIN, withCheckDigit } from "../fixtures";
import { STORES, type IndexedScenario } from "./helpers/indexed-hardhat";
import { scenarioPerStore } from "./helpers/scenario-per-store";
import { ids } from "./helpers/scenario";
import { EPCIS_SCHEMA } from "../helpers/standards";

/** The official schema, read from the shared standards folder (never copied into the repository). */
const SCHEMA = EPCIS_SCHEMA;

type Doc = { epcisBody: { eventList: Record<string, unknown>[] } } & Record<string, unknown>;

const scenario = scenarioPerStore("epcis");

for (const kind of STORES)
  describe(`EPCIS 2.0 and CSV exports (${kind})`, function () {
    let s: IndexedScenario;
    let ctx: QueryContext;
    let validate: ReturnType<Ajv["compile"]>;
    const exportDoc = (options: { device?: string; from?: string; to?: string } = {}) =>
      epcisDocument(ctx.store.sql, ctx.decoder, { chainId: ctx.manifest.chainId, asOf: ctx.asOf, ...options }) as Doc;

    before(async function () {
      s = await scenario(kind);
      ctx = openQueryContext(s.dbPath);
      const ajv = new Ajv({ allErrors: true, strict: false });
      addFormats(ajv);
      validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, "utf8")));
    });
    after(async () => {
      ctx?.close();
      await s?.close();
    });

    it("exports a document valid against the EPCIS 2.0 JSON schema", function () {
      const doc = exportDoc();
      const valid = validate(doc);
      expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).to.deep.equal([]);
      expect(valid).to.equal(true);
      expect(doc.epcisBody.eventList.length).to.be.greaterThan(35);
      const broken = structuredClone(doc);
      delete broken.epcisBody.eventList[0].eventTimeZoneOffset;
      expect(validate(broken), "the schema is really applied").to.equal(false);
    });

    it("maps the lifecycle to CBV business steps and event types", function () {
      const events = exportDoc().epcisBody.eventList;
      const steps = new Set(events.map((e) => `${e.type}:${e.bizStep}`));
      for (const step of [
        "ObjectEvent:commissioning",
        "AggregationEvent:packing",
        "AggregationEvent:unpacking",
        "ObjectEvent:shipping",
        "ObjectEvent:receiving",
        "ObjectEvent:installing",
        "ObjectEvent:removing",
        "ObjectEvent:inspecting",
        "ObjectEvent:repairing",
        "ObjectEvent:holding",
        "ObjectEvent:decommissioning",
        "ObjectEvent:destroying",
        "ObjectEvent:sensor_reporting",
        "ObjectEvent:void_shipping",
      ]) {
        expect(steps, step).to.include(step);
      }
      const recalls = events.filter((e) => e["udi:event"] === "RecallIssued");
      expect(recalls).to.have.length(3);
      for (const r of recalls) {
        expect(r.disposition).to.equal("recalled");
        expect(r.persistentDisposition).to.deep.equal({ set: ["recalled"] });
      }
      const excursion = events.find((e) => e.bizStep === "sensor_reporting" && e["udi:excursion"] === true)!;
      const report = (excursion.sensorElementList as { sensorReport: Record<string, unknown>[] }[])[0].sensorReport[0];
      expect(report).to.include({ exception: "ALARM_CONDITION", value: 42 });
    });

    it("gives each commissioning its lot's master data (ilmd): number, expiry and production days", async function () {
      const day = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString().slice(0, 10);
      const commissionings = exportDoc().epcisBody.eventList.filter((e) => e.bizStep === "commissioning");
      expect(commissionings).to.have.length(5);
      const lotB = commissionings.find((e) => (e.epcList as string[]).some((epc) => epc.endsWith("/21/SN-B-0001")))!;
      const lot = await s.fixture.devices.lot(await s.fixture.devices.lotKeyOf(GTIN, "LOT-2026-B"));
      expect(lotB.ilmd).to.deep.equal({
        "cbvmda:lotNumber": "LOT-2026-B",
        "cbvmda:itemExpirationDate": day(lot.expiresAt),
        "cbvmda:productionDate": day(lot.manufacturedAt),
      });
      // A lot registered without an expiry (0 on chain) exports none.
      const other = commissionings.find((e) => (e.epcList as string[]).some((epc) => epc.endsWith("/21/OT-1")))!;
      expect(other.ilmd).to.not.have.property("cbvmda:itemExpirationDate");
      expect(other.ilmd).to.have.property("cbvmda:lotNumber", "OTHER-LOT-1");
    });

    it("gives every event its eventID and chain position: block hash, transaction hash and log index", function () {
      const events = exportDoc().epcisBody.eventList;
      const idsSeen = new Set<unknown>();
      for (const e of events) {
        expect(e.eventID).to.equal(
          `urn:udi-ledger:event:${ctx.manifest.chainId}:${e["udi:blockHash"]}:${e["udi:logIndex"]}`,
        );
        expect(e["udi:blockHash"]).to.match(/^0x[0-9a-f]{64}$/);
        expect(e["udi:transactionHash"]).to.match(/^0x[0-9a-f]{64}$/);
        expect(e["udi:logIndex"]).to.be.a("number");
        idsSeen.add(e.eventID);
      }
      expect(idsSeen.size).to.equal(events.length);
    });

    it("writes EPCs as GS1 Digital Link URIs with correct check digits", function () {
      const uris = JSON.stringify(exportDoc()).match(/https:\/\/id\.gs1\.org\/(01|00|414|417)\/\d+/g)!;
      expect(uris.length).to.be.greaterThan(50);
      for (const uri of uris) {
        const [, ai, key] = /\/(\d+)\/(\d+)$/.exec(uri)!;
        expect(key.length, uri).to.equal({ "01": 14, "00": 18, "414": 13, "417": 13 }[ai]);
        expect(withCheckDigit(key.slice(0, -1)), uri).to.equal(key);
      }
    });

    it("filters by device and by time window", function () {
      const all = exportDoc().epcisBody.eventList;
      const device = exportDoc({ device: ids[3] }).epcisBody.eventList;
      expect(device.length).to.be.within(10, all.length - 1);
      expect(validate(exportDoc({ device: ids[3] }))).to.equal(true);
      const times = all.map((e) => e.eventTime as string).sort();
      const middle = times[Math.floor(times.length / 2)];
      const late = exportDoc({ from: middle }).epcisBody.eventList;
      expect(late.length).to.be.within(1, all.length - 1);
      for (const e of late) expect(Date.parse(e.eventTime as string)).to.be.at.least(Date.parse(middle));
      expect(() => exportDoc({ from: "yesterday" })).to.throw('from "yesterday": is not an ISO 8601 date-time');
    });

    it("exports every stored event as CSV, one quoted row per log", function () {
      const csv = [...eventsCsv(ctx.store.sql, ctx.decoder, 7)].join("");
      const lines = csv.trimEnd().split("\r\n");
      expect(lines[0]).to.equal(
        "block_number,block_time,block_hash,tx_hash,log_index,contract,event,actor,organisation,args",
      );
      expect(lines.length - 1).to.equal(s.report.events);
      expect(lines.find((l) => l.includes(",DevicesCommissioned,"))).to.match(
        /,"\{""lotKey"":1,""gtin"":""\d+"",""serials"":\[/,
      );
    });
  });
