import { expect } from "chai";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { HDNodeWallet, toBeHex } from "ethers";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../src/cli/main";
import type { Manifest } from "../../src/manifest";
import { createClient } from "../../src/sdk/client";
import {
  anchorTree,
  buildFromRecords,
  canonicalJson,
  createReceiptVerifier,
  recordHash,
  receiptOf,
  type RecordReceipt,
  type ResolvedTarget,
} from "../../src/records";
import { consortiumFixture, GLN } from "../fixtures";
import { manifestOf } from "../indexer/helpers/deploy";
import { serveHardhatNetwork } from "../indexer/helpers/hardhat-rpc";

const RUNS = Number(process.env.UDI_FC_RUNS ?? 4);
const SEED = process.env.UDI_FC_SEED === undefined ? undefined : Number(process.env.UDI_FC_SEED);
/** Hardhat's default accounts come from this mnemonic; the fixture's gateway is account 8, the outsider 9. */
const keyOf = (index: number) =>
  HDNodeWallet.fromPhrase(
    "test test test test test test test test test test test junk",
    undefined,
    `m/44'/60'/0'/0/${index}`,
  ).privateKey;

/** Runs `udi-ledger <args>` in-process as the bin does (`run`), with `env` set; returns its output and exit code. */
async function cli(env: Record<string, string>, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const [writeOut, writeErr] = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)];
  const saved = { exitCode: process.exitCode, env: { ...process.env } };
  process.exitCode = undefined;
  Object.assign(process.env, env);
  process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    await run(["node", "udi-ledger", ...args]);
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    process.env = saved.env;
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = saved.exitCode;
  return { stdout: out.join(""), stderr: err.join(""), exitCode };
}

/** The consortium with one shipment in transit (manufacturer → distributor), its manifest and a temp dir. */
async function shipmentFixture() {
  const f = await consortiumFixture();
  const m = f.devices.connect(f.manufacturer);
  await m.commissionBatch(f.lotKey, ["REC-1", "REC-2"]);
  const { gtin } = await f.devices.lot(f.lotKey);
  const ids = ["REC-1", "REC-2"].map((s) =>
    ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint64", "string"], [gtin, s])),
  );
  const shipmentId = await m.ship.staticCall(GLN.distributor, ids, [], ethers.ZeroHash, false);
  await m.ship(GLN.distributor, ids, [], ethers.ZeroHash, false);
  const manifest: Manifest = await manifestOf(f, "hardhat-records", ethers.provider);
  return { f, shipmentId, manifest };
}

/** Fifteen-minute telemetry of a day, with a 75-minute stretch at 9-10 °C from reading 40 on. */
const telemetry = (start: number) =>
  Array.from({ length: 96 }, (_, i) => ({
    time: new Date((start + i * 900) * 1000).toISOString(),
    sensor: "TL-42",
    temperature: i >= 40 && i < 45 ? 9 + (i % 2) : 5 + Math.round(Math.sin(i / 8) * 150) / 100,
  }));

describe("records on chain", function () {
  let rpc: { url: string; close(): Promise<void> };
  let dir: string;
  before(async () => {
    rpc = await serveHardhatNetwork();
    dir = mkdtempSync(join(tmpdir(), "udi-records-chain-"));
  });
  after(async () => {
    await rpc.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("round trip: every receipt of a random batch verifies on chain; another anchor or chain is refused", async function () {
    const { f, shipmentId, manifest } = await loadFixture(shipmentFixture);
    const client = createClient({ runner: f.distributor, manifest });
    const resolved: ResolvedTarget = {
      target: { kind: "shipment", id: toBeHex(shipmentId, 32) },
      input: { shipmentId },
    };
    const verifier = createReceiptVerifier(ethers.provider, manifest);
    const reading = fc.record({ time: fc.integer({ min: 1.7e9, max: 1.8e9 }), v: fc.double({ noNaN: true }) });
    const batch = fc.uniqueArray(reading, { minLength: 1, maxLength: 24, selector: (r) => canonicalJson(r) });
    let previous: RecordReceipt | undefined;
    await fc.assert(
      fc.asyncProperty(batch, async (records) => {
        const { tree, timeField } = await buildFromRecords(records, { target: resolved.target });
        const anchor = await anchorTree(client, resolved, tree, { uri: "test:batch" });
        const receipts = records.map((_, i) => receiptOf(tree, i, timeField, anchor));
        for (const [i, r] of receipts.entries())
          expect(await verifier.verify(r, records[i])).to.deep.equal({ ok: true });
        const r = receipts[0];
        expect(await verifier.verify({ ...r, anchor: { ...r.anchor, chainId: "1" } })).to.deep.include({
          ok: false,
          check: "chain",
          reason: "receipt is for chain 1, node is 31337",
        });
        const unknown = { ...r, anchor: { ...r.anchor, anchorId: "999999" } };
        expect(await verifier.verify(unknown)).to.deep.include({ ok: false, check: "anchor" });
        if (previous !== undefined && previous.root !== r.root) {
          // The previous batch's receipt pointed at this batch's anchor: its root is not the anchor's.
          const moved = { ...previous, anchor: r.anchor };
          expect(await verifier.verify(moved)).to.deep.include({ ok: false, check: "anchor" });
        }
        previous = r;
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("records anchor commits a day of telemetry, computes the excursion and flags the shipment", async function () {
    const { f, shipmentId, manifest } = await loadFixture(shipmentFixture);
    const deployment = join(dir, "manifest.json");
    writeFileSync(deployment, JSON.stringify(manifest));
    const readings = telemetry(1_764_000_000);
    const input = join(dir, "telemetry.jsonl");
    writeFileSync(input, readings.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const out = join(dir, "anchor");
    const env = { UDI_LEDGER_PRIVATE_KEY: keyOf(8) };
    const common = ["--rpc", rpc.url, "--deployment", deployment];
    const run = await cli(
      env,
      "records",
      "anchor",
      ...common,
      "--in",
      input,
      "--target",
      `shipment:${shipmentId}`,
      "--out",
      out,
      "--excursion-rule",
      "temperature:2..8@60m",
      "--json",
    );
    expect(run.exitCode, run.stderr).to.equal(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).to.deep.include({ recordCount: 96, skipped: 0 });
    expect(summary.excursion).to.deep.include({ excursion: true, readings: 96 });
    expect(summary.excursion.episodes).to.have.length(1);
    expect(summary.excursion.episodes[0]).to.include({ durationSeconds: 4500, firstLine: 41, readings: 5 });
    const onChain = await f.anchors.anchorOf(BigInt(summary.anchor.anchorId));
    expect(onChain.root).to.equal(summary.root);
    expect([onChain.recordCount, onChain.excursion, onChain.windowStart]).to.deep.equal([96n, true, 1_764_000_000n]);
    expect((await f.devices.shipment(shipmentId)).excursion).to.equal(true);

    const receipts = join(out, "receipts.jsonl");
    expect(readFileSync(receipts, "utf8").trim().split("\n")).to.have.length(96);
    const verified = await cli({}, "records", "verify", ...common, "--receipts", receipts);
    expect(verified.exitCode, verified.stdout + verified.stderr).to.equal(0);
    expect(verified.stdout).to.equal("OK 96 receipts verified offline and on chain\n");

    // prove issues the receipt again from tree.json, and verify checks it with the record itself.
    const record = JSON.stringify(readings[42]);
    const proved = await cli({}, "records", "prove", "--tree", join(out, "tree.json"), "--record", record);
    expect(proved.exitCode, proved.stderr).to.equal(0);
    const receipt = JSON.parse(proved.stdout) as RecordReceipt;
    const kept = readFileSync(receipts, "utf8")
      .split("\n")
      .map((l) => l && JSON.parse(l));
    expect(kept).to.deep.include(receipt);
    writeFileSync(join(dir, "one.json"), proved.stdout);
    const one = ["--receipt", join(dir, "one.json")];
    expect((await cli({}, "records", "verify", ...common, ...one, "--record", record)).exitCode).to.equal(0);
    const reformatted = JSON.stringify(JSON.parse(record), Object.keys(readings[42]).reverse(), 2);
    expect((await cli({}, "records", "verify", ...common, ...one, "--record", reformatted)).exitCode).to.equal(0);
    const changed = JSON.stringify({ ...readings[42], temperature: readings[42].temperature - 4 });
    const refused = await cli({}, "records", "verify", ...common, ...one, "--record", changed);
    expect(refused.exitCode).to.equal(1);
    expect(refused.stdout).to.match(/^FAIL line 1, record 0x[0-9a-f]{64}: record: its canonical hash 0x/);

    // A receipt file with one tampered line: non-zero, naming the line.
    const lines = readFileSync(receipts, "utf8").trim().split("\n");
    const bad = JSON.parse(lines[7]) as RecordReceipt;
    bad.proof = bad.proof.slice(1);
    lines[7] = JSON.stringify(bad);
    writeFileSync(join(dir, "tampered.jsonl"), lines.join("\n"));
    const tampered = await cli({}, "records", "verify", ...common, "--receipts", join(dir, "tampered.jsonl"));
    expect(tampered.exitCode).to.equal(1);
    expect(tampered.stdout).to.contain(`FAIL line 8, record ${bad.hash}: proof: the proof (6 hashes) does not lead`);
    expect(tampered.stdout).to.contain("FAILED 1 of 96 receipts");
  });

  it("export epcis --records carries the anchored readings as sensorElementList, refusing records that changed", async function () {
    const { shipmentId, manifest } = await loadFixture(shipmentFixture);
    const deployment = join(dir, "manifest-epcis.json");
    writeFileSync(deployment, JSON.stringify(manifest));
    const readings = telemetry(1_764_000_000);
    const input = join(dir, "epcis-telemetry.jsonl");
    writeFileSync(input, readings.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const out = join(dir, "epcis-anchor");
    const common = ["--rpc", rpc.url, "--deployment", deployment];
    const anchored = await cli(
      { UDI_LEDGER_PRIVATE_KEY: keyOf(8) },
      "records",
      "anchor",
      ...common,
      "--in",
      input,
      "--target",
      `shipment:${shipmentId}`,
      "--out",
      out,
      "--no-receipts",
      "--json",
    );
    expect(anchored.exitCode, anchored.stderr).to.equal(0);
    const { root } = JSON.parse(anchored.stdout) as { root: string };
    const db = join(dir, "epcis.sqlite");
    expect((await cli({}, "index", ...common, "--db", db)).exitCode).to.equal(0);

    const file = join(dir, "epcis.jsonld");
    const exported = await cli({}, "export", "epcis", "--db", db, "--out", file, "--records", out);
    expect(exported.exitCode, exported.stderr).to.equal(0);
    const doc = JSON.parse(readFileSync(file, "utf8"));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const schema = JSON.parse(
      readFileSync(join(__dirname, "../../../shared/standards/epcis/EPCIS-JSON-Schema.json"), "utf8"),
    );
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
      join(dir, "refused.jsonld"),
      "--records",
      out,
    );
    expect(refused.exitCode).to.equal(1);
    expect(refused.stderr).to.contain(`give root 0x`).and.contain(`not the anchored ${root}`);
  });

  it("anchors nothing when a line is malformed, and says which (exit 2); --skip-invalid anchors the rest", async function () {
    const { f, shipmentId, manifest } = await loadFixture(shipmentFixture);
    const deployment = join(dir, "manifest-bad.json");
    writeFileSync(deployment, JSON.stringify(manifest));
    const input = join(dir, "bad.csv");
    writeFileSync(input, "time,temperature\n1764000000,5\n1764000900\n1764001800,x,y\n1764002700,6\n");
    const env = { UDI_LEDGER_PRIVATE_KEY: keyOf(8) };
    const args = ["records", "anchor", "--rpc", rpc.url, "--deployment", deployment, "--in", input];
    const target = ["--target", `shipment:${shipmentId}`, "--out", join(dir, "bad")];
    const run = await cli(env, ...args, ...target);
    expect(run.exitCode).to.equal(2);
    expect(run.stderr).to.contain("RecordBatchError: 2 invalid records, nothing anchored:");
    expect(run.stderr).to.contain("line 3: line has 1 fields, the header 2");
    expect(run.stderr).to.contain("line 4: line has 3 fields, the header 2");
    expect((await f.anchors.anchorOf(1n)).root).to.equal(ethers.ZeroHash);

    const skipped = await cli(env, ...args, ...target, "--skip-invalid", "--json");
    expect(skipped.exitCode, skipped.stderr).to.equal(0);
    expect(JSON.parse(skipped.stdout)).to.deep.include({ recordCount: 2, skipped: 2 });
  });

  it("refuses a signer that is no party to the target with the chain's custom error by name (exit 1)", async function () {
    const { f, shipmentId, manifest } = await loadFixture(shipmentFixture);
    const deployment = join(dir, "manifest-party.json");
    writeFileSync(deployment, JSON.stringify(manifest));
    const input = join(dir, "one.jsonl");
    writeFileSync(input, '{"time":1764000000,"temperature":5}\n');
    // Account 4 is the hospital: neither the sender nor the recipient of the shipment, nor a data gateway.
    const run = await cli(
      { UDI_LEDGER_PRIVATE_KEY: keyOf(4) },
      "records",
      "anchor",
      "--rpc",
      rpc.url,
      "--deployment",
      deployment,
      "--in",
      input,
      "--target",
      `shipment:${shipmentId}`,
      "--out",
      join(dir, "np"),
    );
    expect(run.exitCode).to.equal(1);
    expect(run.stderr).to.match(/^ContractRevertError: DataAnchorRegistryNotParty\(/);
    expect(run.stderr).to.contain(`organisation=${GLN.hospital}`);
    expect((await f.anchors.anchorOf(1n)).root).to.equal(ethers.ZeroHash);
  });
});
