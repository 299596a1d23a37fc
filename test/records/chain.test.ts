import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { toBeHex } from "ethers";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "../../src/sdk/client";
import {
  anchorTree,
  buildFromRecords,
  canonicalJson,
  createReceiptVerifier,
  receiptOf,
  type RecordReceipt,
  type ResolvedTarget,
} from "../../src/records";
import { GLN } from "../fixtures";
import { anchorCase, cli, jsonLines, keyOf, servedChain, shipmentFixture, telemetry } from "./helpers";

const RUNS = Number(process.env.UDI_FC_RUNS ?? 4);
const SEED = process.env.UDI_FC_SEED === undefined ? undefined : Number(process.env.UDI_FC_SEED);
describe("records on chain", function () {
  const served = servedChain("udi-records-chain-");

  it("round trip: every receipt of a random batch verifies on chain; another anchor or chain is refused", async function () {
    const { f, shipmentId, manifest } = await loadFixture(shipmentFixture);
    const client = createClient({ runner: f.distributor, manifest });
    const resolved: ResolvedTarget = {
      target: { kind: "shipment", id: toBeHex(shipmentId, 32) },
      input: { shipmentId },
    };
    const verifier = createReceiptVerifier(ethers.provider, manifest);
    const reading = fc.record({
      time: fc.integer({ min: 1.7e9, max: 1.8e9 }),
      v: fc.double({ noNaN: true, noDefaultInfinity: true }),
    });
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
        const elsewhere = manifest.contracts.DeviceRegistry.address.toLowerCase();
        expect(await verifier.verify({ ...r, anchor: { ...r.anchor, registry: elsewhere } })).to.deep.include({
          ok: false,
          check: "registry",
        });
        for (const moved of [{ logIndex: r.anchor.logIndex + 1 }, { blockNumber: r.anchor.blockNumber - 1 }]) {
          const claim = { ...r, anchor: { ...r.anchor, ...moved } };
          expect(await verifier.verify(claim), JSON.stringify(moved)).to.deep.include({ check: "transaction" });
        }
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
    const readings = telemetry(1_764_000_000);
    const files = { manifest: "manifest.json", input: "telemetry.jsonl", out: "anchor" };
    const { f, shipmentId, out, common, anchor } = await anchorCase(served, files, jsonLines(readings));
    const env = { UDI_LEDGER_PRIVATE_KEY: keyOf(8) };
    const run = await cli(env, ...anchor, "--excursion-rule", "temperature:2..8@60m", "--json");
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
    const absent = JSON.stringify({ ...readings[42], temperature: 99 });
    const notInTree = await cli({}, "records", "prove", "--tree", join(out, "tree.json"), "--record", absent);
    expect(notInTree.exitCode).to.equal(2);
    expect(notInTree.stderr).to.match(/^TreeFileError: tree file .*tree\.json: holds no record 0x[0-9a-f]{64}\n$/);
    const receipt = JSON.parse(proved.stdout) as RecordReceipt;
    const kept = readFileSync(receipts, "utf8")
      .split("\n")
      .map((l) => l && JSON.parse(l));
    expect(kept).to.deep.include(receipt);
    writeFileSync(join(served.dir, "one.json"), proved.stdout);
    const one = ["--receipt", join(served.dir, "one.json")];
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
    writeFileSync(join(served.dir, "tampered.jsonl"), lines.join("\n"));
    const tampered = await cli({}, "records", "verify", ...common, "--receipts", join(served.dir, "tampered.jsonl"));
    expect(tampered.exitCode).to.equal(1);
    expect(tampered.stdout).to.contain(`FAIL line 8, record ${bad.hash}: proof: the proof (6 hashes) does not lead`);
    expect(tampered.stdout).to.contain("FAILED 1 of 96 receipts");
  });

  it("anchors nothing when a line is malformed, and says which (exit 2); --skip-invalid anchors the rest", async function () {
    const files = { manifest: "manifest-bad.json", input: "bad.csv", out: "bad" };
    const text = "time,temperature\n1764000000,5\n1764000900\n1764001800,x,y\n1764002700,6\n";
    const { f, anchor } = await anchorCase(served, files, text);
    const env = { UDI_LEDGER_PRIVATE_KEY: keyOf(8) };
    const run = await cli(env, ...anchor);
    expect(run.exitCode).to.equal(2);
    expect(run.stderr).to.contain("RecordBatchError: 2 invalid records, nothing anchored:");
    expect(run.stderr).to.contain("line 3: line has 1 fields, the header 2");
    expect(run.stderr).to.contain("line 4: line has 3 fields, the header 2");
    expect((await f.anchors.anchorOf(1n)).root).to.equal(ethers.ZeroHash);

    const skipped = await cli(env, ...anchor, "--skip-invalid", "--json");
    expect(skipped.exitCode, skipped.stderr).to.equal(0);
    const summary = JSON.parse(skipped.stdout);
    expect(summary).to.deep.include({ recordCount: 2, skipped: 2, window: { start: 1764000000, end: 1764002700 } });

    // A window may be widened, never narrowed below the records' times.
    const narrow = await cli(env, ...anchor, "--skip-invalid", "--window-start", "2025-11-24T16:00:01Z");
    expect(narrow.exitCode).to.equal(2);
    expect(narrow.stderr).to.contain("window [1764000001, 1764002700] leaves out records (they span 1764000000 to");
    const wide = await cli(env, ...anchor, "--skip-invalid", "--window-start", "1763990000", "--json");
    expect(wide.exitCode, wide.stderr).to.equal(0);
    const anchorId = BigInt(JSON.parse(wide.stdout).anchor.anchorId);
    expect((await f.anchors.anchorOf(anchorId)).windowStart).to.equal(1763990000n);
  });

  it("refuses a signer that is no party to the target with the chain's custom error by name (exit 1)", async function () {
    const files = { manifest: "manifest-party.json", input: "one.jsonl", out: "np" };
    const { f, anchor } = await anchorCase(served, files, '{"time":1764000000,"temperature":5}\n');
    // Account 4 is the hospital: neither the sender nor the recipient of the shipment, nor a data gateway.
    const run = await cli({ UDI_LEDGER_PRIVATE_KEY: keyOf(4) }, ...anchor);
    expect(run.exitCode).to.equal(1);
    expect(run.stderr).to.match(/^ContractRevertError: DataAnchorRegistryNotParty\(/);
    expect(run.stderr).to.contain(`organisation=${GLN.hospital}`);
    expect((await f.anchors.anchorOf(1n)).root).to.equal(ethers.ZeroHash);
  });
});
