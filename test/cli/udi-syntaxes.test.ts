import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Gs1Error, gtin14, parseGs1 } from "../../src/gs1";
import { GTIN } from "../fixtures";
import { deviceSyntaxes, MALFORMED_UDIS } from "../gs1/vectors";
import { indexedHardhatScenario, type IndexedScenario } from "../indexer/helpers/indexed-hardhat";
import { ids, SERIALS } from "../indexer/helpers/scenario";
import { cli } from "./in-process";

/** The parser's own message for an input it refuses. */
function parserMessage(input: string): string {
  try {
    parseGs1(input);
  } catch (error) {
    if (error instanceof Gs1Error) return error.message;
  }
  throw new Error(`the parser accepts ${JSON.stringify(input)}`);
}

describe("every command that takes a UDI accepts exactly what the GS1 parser accepts", function () {
  let s: IndexedScenario;
  let db: string;
  let out: string;
  const commands = {
    udi: (udi: string) => ["udi", udi, "--json"],
    trail: (udi: string) => ["trail", udi, "--db", db, "--json"],
    "export epcis --device": (udi: string) => ["export", "epcis", "--db", db, "--out", out, "--device", udi],
  };

  before(async function () {
    s = await indexedHardhatScenario("syntaxes");
    const manifest = join(s.dir, "manifest.json");
    writeFileSync(manifest, JSON.stringify(s.manifest));
    db = join(s.dir, "index.sqlite");
    out = join(s.dir, "device.jsonld");
    expect((await cli("index", "--rpc", s.url, "--deployment", manifest, "--db", db)).exitCode).to.equal(0);
  });
  after(async () => s?.close());

  for (const [command, args] of Object.entries(commands)) {
    describe(command, function () {
      it("reads the same device from every syntax of the parser's vectors", async function () {
        for (const { name, input } of deviceSyntaxes(gtin14(GTIN), SERIALS[0])) {
          const run = await cli(...args(input));
          expect(run.exitCode, `${name}: ${run.stderr}`).to.equal(0);
          if (command !== "export epcis --device") expect(JSON.parse(run.stdout).deviceId, name).to.equal(ids[0]);
          else expect(run.stdout, name).to.match(/^wrote [1-9]\d* EPCIS events/);
        }
      });

      it("refuses each malformed vector with the parser's message", async function () {
        for (const { name, input } of MALFORMED_UDIS) {
          const run = await cli(...args(input)).catch((error: Error) => ({ exitCode: 1, stderr: error.message }));
          expect(run.exitCode, name).to.not.equal(0);
          expect(run.stderr, name).to.include(parserMessage(input));
        }
      });
    });
  }
});
