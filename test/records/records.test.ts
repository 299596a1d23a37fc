import { expect } from "chai";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import Ajv2020 from "ajv/dist/2020";
import { keccak256, toUtf8Bytes } from "ethers";
import {
  buildFromFile,
  buildFromRecords,
  canonicalJson,
  checkReceiptOffline,
  DuplicateRecordError,
  LEAF_ENCODING,
  leafHash,
  proveRecord,
  receiptOf,
  RecordBatchError,
  recordHash,
  RecordInputError,
  writeTreeFile,
  type AnchorRef,
  type RecordReceipt,
  type RecordTarget,
} from "../../src/records";
import { tempFiles } from "./temp-files";

const RUNS = Number(process.env.UDI_FC_RUNS ?? 25);
const SEED = process.env.UDI_FC_SEED === undefined ? undefined : Number(process.env.UDI_FC_SEED);
const TARGET: RecordTarget = { kind: "shipment", id: "0x" + "0".repeat(62) + "2a" };
const ANCHOR: AnchorRef = {
  type: "evm",
  chainId: "31337",
  registry: "0x" + "ab".repeat(20),
  anchorId: "1",
  txHash: "0x" + "cd".repeat(32),
  blockNumber: 10,
  logIndex: 0,
};

/** A reading: a time and a few fields of the kinds telemetry carries. */
const reading = fc.record({
  time: fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }),
  sensor: fc.string({ maxLength: 12 }),
  temperature: fc.double({ min: -40, max: 60, noNaN: true }),
  seq: fc.nat(),
  flags: fc.array(fc.boolean(), { maxLength: 3 }),
});
const batch = fc.uniqueArray(reading, { minLength: 1, maxLength: 40, selector: (r) => canonicalJson(r) });

const { dir: tmp, file } = tempFiles("udi-records-");
const receiptsOf = async (records: object[]): Promise<RecordReceipt[]> => {
  const { tree, timeField } = await buildFromRecords(records, { target: TARGET });
  return records.map((_, i) => receiptOf(tree, i, timeField, ANCHOR));
};

describe("records: canonicalisation", function () {
  it("gives one hash to a record whatever its key order and whitespace", function () {
    const a = JSON.parse('{"time":1764000000,"temperature":5.5,"unit":"Cel","tags":["a","b"]}');
    const b = JSON.parse('{ "unit" : "Cel",\n "tags": [ "a", "b" ], "temperature": 5.50, "time": 1764000000 }');
    expect(recordHash(a)).to.equal(recordHash(b));
    expect(canonicalJson(b)).to.equal('{"tags":["a","b"],"temperature":5.5,"time":1764000000,"unit":"Cel"}');
  });

  it("treats 1.0 and 1.00 as one number and 1.0 and 1.01 as two", function () {
    const h = (text: string) => recordHash(JSON.parse(`{"time":1,"v":${text}}`));
    expect(h("1.0")).to.equal(h("1.00"));
    expect(h("1.0")).to.equal(h("1"));
    expect(h("1.0")).not.to.equal(h("1.01"));
  });

  it("serialises the RFC 8785 section 3.2.2 example exactly", function () {
    const input =
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
      '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}';
    expect(canonicalJson(JSON.parse(input))).to.equal(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("hashes the UTF-8 bytes of the canonical form with keccak256", function () {
    const record = { time: 1, b: "é", a: [1.5] };
    expect(recordHash(record)).to.equal(keccak256(toUtf8Bytes('{"a":[1.5],"b":"é","time":1}')));
  });

  it("refuses numbers JSON has not and lone surrogates, naming the member", function () {
    expect(() => canonicalJson({ time: 1, v: { x: Infinity } })).to.throw(RecordInputError, /record\.v\.x is Infinity/);
    expect(() => canonicalJson({ time: 1, s: ["\ud800"] })).to.throw(RecordInputError, /record\.s\[0\] .*surrogate/);
  });
});

describe("records: the tree", function () {
  it("is StandardMerkleTree's tree node for node, with its proofs and tree indices", async function () {
    await fc.assert(
      fc.asyncProperty(batch, async (records) => {
        const { tree } = await buildFromRecords(records, { target: TARGET });
        const values = records.map((_, i) => tree.leafValue(i));
        const oz = StandardMerkleTree.of(values, [...LEAF_ENCODING]);
        expect(tree.root).to.equal(oz.root);
        const dump = oz.dump();
        expect(Array.from({ length: tree.nodeCount }, (_, j) => tree.node(j))).to.deep.equal(dump.tree);
        records.forEach((_, i) => {
          expect(tree.treeIndex(i)).to.equal(dump.values[i].treeIndex);
          expect(tree.proof(i)).to.deep.equal(oz.getProof(i));
          expect(tree.node(tree.treeIndex(i))).to.equal(leafHash(values[i]));
        });
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("writes a tree file StandardMerkleTree.load accepts, from which prove issues the same receipts", async function () {
    await fc.assert(
      fc.asyncProperty(batch, async (records) => {
        const { tree, timeField } = await buildFromRecords(records, { target: TARGET });
        const path = join(tmp, "tree.json");
        const meta = { version: 1 as const, root: tree.root, recordCount: tree.count, target: TARGET, timeField };
        await writeTreeFile(path, tree, { ...meta, window: tree.window, uri: "test:", anchor: ANCHOR });
        const loaded = StandardMerkleTree.load(JSON.parse(readFileSync(path, "utf8")));
        expect(loaded.root).to.equal(tree.root);
        for (const [i, record] of records.entries()) {
          expect(await proveRecord(path, record)).to.deep.equal(receiptOf(tree, i, timeField, ANCHOR));
        }
      }),
      { numRuns: Math.ceil(RUNS / 5), seed: SEED },
    );
  });
});

describe("records: receipts offline", function () {
  it("verifies every record of a random batch, and refuses each kind of tampering with its reason", async function () {
    await fc.assert(
      fc.asyncProperty(batch, batch, fc.nat(), async (records, others, pick) => {
        const receipts = await receiptsOf(records);
        receipts.forEach((r, i) => expect(checkReceiptOffline(r, records[i])).to.deep.equal({ ok: true }));
        const i = pick % records.length;
        const r = receipts[i];
        // A record changed in any field.
        for (const field of Object.keys(records[i]) as (keyof (typeof records)[number])[]) {
          const changed = {
            ...records[i],
            [field]: field === "flags" ? [true, true, true, true] : `x${records[i][field]}`,
          };
          expect(checkReceiptOffline(r, changed)).to.include({ ok: false, check: "record" });
        }
        // A proof from another tree (a one-record tree's proof is empty: nothing to swap), or its leaf and proof
        // presented under this root.
        const foreign = (await receiptsOf(others))[0];
        if (JSON.stringify(foreign.proof) !== JSON.stringify(r.proof)) {
          expect(checkReceiptOffline({ ...r, proof: foreign.proof })).to.include({ ok: false, check: "proof" });
        }
        if (foreign.root !== r.root) {
          expect(checkReceiptOffline({ ...foreign, root: r.root })).to.include({ ok: false, check: "proof" });
        }
        // A truncated proof.
        if (r.proof.length > 0) {
          const truncated = { ...r, proof: r.proof.slice(0, -1) };
          expect(checkReceiptOffline(truncated)).to.include({ ok: false, check: "proof" });
        }
        // A leaf moved to another time: the leaf no longer is the record's, nor in the tree.
        const moved = { ...r, leaf: { ...r.leaf, value: [...r.leaf.value] as typeof r.leaf.value } };
        moved.leaf.value[2] += 1;
        expect(checkReceiptOffline(moved, records[i])).to.include({ ok: false, check: "record" });
        expect(checkReceiptOffline(moved)).to.include({ ok: false, check: "leaf" });
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("issues receipts that validate against receipt.schema.json, which refuses a malformed one", async function () {
    const schema = JSON.parse(readFileSync(join(__dirname, "../../src/records/receipt.schema.json"), "utf8"));
    const validate = new Ajv2020({ strict: true }).compile(schema);
    await fc.assert(
      fc.asyncProperty(batch, async (records) => {
        for (const r of await receiptsOf(records)) expect(validate(r), JSON.stringify(validate.errors)).to.equal(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    const [r] = await receiptsOf([{ time: 1764000000, v: 1 }]);
    expect(validate({ ...r, leaf: { ...r.leaf, value: [9, ...r.leaf.value.slice(1)] } })).to.equal(false);
    expect(validate({ ...r, anchor: { ...r.anchor, anchorId: 1 } })).to.equal(false);
    expect(validate({ ...r, extra: true })).to.equal(false);
  });

  it("commits a batch as a set ordered by time: reordered, it has the same root", async function () {
    await fc.assert(
      fc.asyncProperty(batch, async (records) => {
        const forward = await buildFromRecords(records, { target: TARGET });
        const backward = await buildFromRecords([...records].reverse(), { target: TARGET });
        expect(backward.tree.root).to.equal(forward.tree.root);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("refuses a receipt whose leaf names another target, or whose shape is wrong", async function () {
    const [r] = await receiptsOf([{ time: 1764000000, v: 1 }]);
    const other = { ...r, target: { kind: "device" as const, id: r.target.id } };
    expect(checkReceiptOffline(other)).to.include({ ok: false, check: "leaf" });
    expect(checkReceiptOffline({ ...r, root: "0x12" })).to.include({ ok: false, check: "format" });
    expect(checkReceiptOffline({ ...r, anchor: { ...r.anchor, chainId: "x" } })).to.include({ check: "format" });
  });
});

describe("records: input", function () {
  it("streams JSONL, reporting every malformed line by number and anchoring nothing", async function () {
    const path = file(
      "bad.jsonl",
      ['{"time":1764000000,"v":1}', "{not json", "", "[1,2]", '{"v":2}', '{"time":"yesterday","v":3}'].join("\n"),
    );
    const error = await buildFromFile(path, { target: TARGET }).then(
      () => expect.fail("built"),
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(RecordBatchError);
    const batchError = error as RecordBatchError;
    expect(batchError.errors.map((e) => e.line)).to.deep.equal([2, 4, 5, 6]);
    expect(batchError.message).to.match(/line 2: line is not JSON/);
    expect(batchError.message).to.match(/line 5: time is missing/);
    const skipped = await buildFromFile(path, { target: TARGET, skipInvalid: true });
    expect(skipped.tree.count).to.equal(1);
    expect(skipped.skippedCount).to.equal(4);
  });

  it("reads CSV with a header, numbers where JSON would write them, and reports short rows by line", async function () {
    const path = file("t.csv", 'time,sensor,temp,code\n1764000000,"TL-1, bay 2",5.5,007\n1764000900,TL-1,6\n');
    const error = (await buildFromFile(path, { target: TARGET }).catch((e: unknown) => e)) as RecordBatchError;
    expect(error.errors.map((e) => [e.line, e.reason])).to.deep.equal([[3, "has 3 fields, the header 4"]]);
    const good = file("good.csv", 'time,sensor,temp,code\n1764000000,"TL-1, bay 2",5.5,007\n');
    const { tree } = await buildFromFile(good, { target: TARGET });
    const expected = { time: 1764000000, sensor: "TL-1, bay 2", temp: 5.5, code: "007" };
    expect(tree.leafValue(0)[3]).to.equal(recordHash(expected));
  });

  it("refuses empty input and duplicate records, naming both lines", async function () {
    await buildFromFile(file("empty.jsonl", "\n\n"), { target: TARGET }).then(
      () => expect.fail("built"),
      (e: unknown) =>
        expect(e)
          .to.be.instanceOf(RecordInputError)
          .with.property("message")
          .match(/holds no records/),
    );
    const dup = file("dup.jsonl", '{"time":1,"v":1}\n{"time":2,"v":1}\n{"v":1, "time":1}\n');
    const error = await buildFromFile(dup, { target: TARGET }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(DuplicateRecordError);
    expect((error as DuplicateRecordError).lines).to.deep.equal([1, 3]);
  });
});
