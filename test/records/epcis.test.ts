import { expect } from "chai";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { recordHash } from "../../src/records";
import { anchorCase, cli, jsonLines, keyOf, servedChain, telemetry } from "./helpers";
import { EPCIS_SCHEMA } from "../helpers/standards";

describe("records in the EPCIS export", function () {
  const served = servedChain("udi-records-epcis-");

  it("export epcis --records carries the anchored readings as sensorElementList, refusing records that changed", async function () {
    const readings = telemetry(1_764_000_000);
    const files = { manifest: "manifest-epcis.json", input: "epcis-telemetry.jsonl", out: "epcis-anchor" };
    const { input, out, common, anchor } = await anchorCase(served, files, jsonLines(readings));
    const anchored = await cli({ UDI_LEDGER_PRIVATE_KEY: keyOf(8) }, ...anchor, "--no-receipts", "--json");
    expect(anchored.exitCode, anchored.stderr).to.equal(0);
    const { root } = JSON.parse(anchored.stdout) as { root: string };
    const db = join(served.dir, "epcis.sqlite");
    expect((await cli({}, "index", ...common, "--db", db)).exitCode).to.equal(0);

    const file = join(served.dir, "epcis.jsonld");
    const exported = await cli({}, "export", "epcis", "--db", db, "--out", file, "--records", out);
    expect(exported.exitCode, exported.stderr).to.equal(0);
    const doc = JSON.parse(readFileSync(file, "utf8"));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const schema = JSON.parse(readFileSync(EPCIS_SCHEMA, "utf8"));
    const validate = ajv.compile(schema);
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).to.equal(true);
    const event = doc.epcisBody.eventList.find((e: { "udi:event": string }) => e["udi:event"] === "DataAnchored");
    const [aggregate, detail] = event.sensorElementList;
    expect(aggregate.sensorReport[0]).to.include({ type: "udi:AnchoredRecordSet", value: 96, "udi:merkleRoot": root });
    expect(detail.sensorReport).to.have.length(96);
    expect(detail.sensorReport[42]).to.deep.equal({
      type: "Temperature",
      value: readings[42].temperature,
      uom: "CEL",
      time: readings[42].time,
      "udi:recordHash": recordHash(readings[42]),
    });

    // Without --records, only the anchor; with records that no longer give the root, nothing is exported.
    await cli({}, "export", "epcis", "--db", db, "--out", file);
    const bare = JSON.parse(readFileSync(file, "utf8")).epcisBody.eventList;
    expect(
      bare.find((e: { "udi:event": string }) => e["udi:event"] === "DataAnchored").sensorElementList,
    ).to.have.length(1);
    writeFileSync(input, readings.map((r, i) => JSON.stringify(i === 7 ? { ...r, temperature: 4 } : r)).join("\n"));
    const refused = await cli(
      {},
      "export",
      "epcis",
      "--db",
      db,
      "--out",
      join(served.dir, "refused.jsonld"),
      "--records",
      out,
    );
    expect(refused.exitCode).to.equal(1);
    expect(refused.stderr).to.contain(`give root 0x`).and.contain(`not the anchored ${root}`);
  });
});
