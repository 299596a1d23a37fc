import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildFromFile, type RecordTarget } from "../../src/records";

/**
 * Roots pinned when the builder was first measured (commit 6c8bb82): any change in reading, canonicalisation, leaf
 * encoding, sorting or hashing that moves a root, a line number or a window fails here. The fixtures hold what the
 * fast paths must not get wrong: key order and whitespace, 5.50 and 5.5, -0, exponents, escapes and non-ASCII
 * (in keys too), nested arrays and objects, blank lines, CRLF and a lone CR (a line break, as readline has it), a
 * last line without a newline; the generated file crosses the reader's block boundaries with multi-byte characters.
 */
const TARGET: RecordTarget = { kind: "device", id: "0x" + "11".repeat(32) };
const fixture = (name: string) => join(__dirname, "fixtures", name);
const linesOf = (tree: { count: number; line(i: number): number }) =>
  Array.from({ length: tree.count }, (_, i) => tree.line(i));

describe("records: pinned roots", function () {
  it("gives the pinned root of a fixed JSONL file", async function () {
    const { tree } = await buildFromFile(fixture("records.jsonl"), { target: TARGET });
    expect(tree.root).to.equal("0x41c656b63f1c2cf7f128b23ca3344867872d1e49abc5d9f5b36450494acc7ed1");
    expect(linesOf(tree)).to.deep.equal([1, 2, 3, 5, 6, 8, 9, 10, 11, 12, 13]);
    expect(tree.window).to.deep.equal({ start: 1764000000, end: 1796552100 });
  });

  it("gives the pinned root of a fixed CSV file", async function () {
    const { tree } = await buildFromFile(fixture("records.csv"), { target: TARGET });
    expect(tree.root).to.equal("0x8b4a5887bbab40ed1d1835afe8929f8a876b9c8866619e31daec3fed1b198554");
    expect(linesOf(tree)).to.deep.equal([2, 3, 5, 6]);
  });

  it("gives the pinned root of a generated 40,000-record file (3 MB: several read blocks)", async function () {
    const dir = mkdtempSync(join(tmpdir(), "udi-records-pinned-"));
    try {
      let text = "";
      for (let i = 0; i < 40_000; i++) {
        const sensor = `TL-${i % 64}${i % 7 === 0 ? "é€😀" : ""}`;
        const temperature = ((i * 7919) % 1013) / 100 - 2;
        const record = `{"time":${1_700_000_000 + i * 900},"sensor":"${sensor}","temperature":${temperature},"seq":${i}}`;
        text += record + (i % 5 === 0 ? "\r\n" : "\n");
      }
      const path = join(dir, "generated.jsonl");
      writeFileSync(path, text);
      const { tree } = await buildFromFile(path, { target: TARGET });
      expect(tree.root).to.equal("0x32387e998bcc3b3cd5bf8bb5395ec40944041533d98e985badd92a6c180078c5");
      expect(tree.count).to.equal(40_000);
      expect(tree.line(39_999)).to.equal(40_000);
      expect(tree.window).to.deep.equal({ start: 1_700_000_000, end: 1_735_999_100 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
