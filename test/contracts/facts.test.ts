import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Interface } from "ethers";
import {
  contractFacts,
  DEPLOYABLES,
  EVENTS_DOC,
  FACTS_MODULE,
  readCompilerOutput,
  renderEventsDoc,
  renderFactsModule,
  type CompilerOutput,
} from "../../scripts/contract-facts";
import { CONTRACT_ABIS, CONTRACT_EVENTS, ENUM_OWNERS, ENUMS } from "../../src/contracts";

const ROOT = path.join(__dirname, "..", "..");

/** Every `enum X.Y` internal type the deployables' ABIs use. */
function enumsInAbis(abis: CompilerOutput["abis"]): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    if (typeof record.internalType === "string" && record.internalType.startsWith("enum "))
      names.add(record.internalType.slice(5));
    Object.values(record).forEach(visit);
  };
  Object.values(abis).forEach(visit);
  return names;
}

describe("contract facts (src/contracts/generated/facts.ts)", function () {
  const output = readCompilerOutput(path.join(ROOT, "artifacts"));
  const facts = contractFacts(output);

  it("is the module the compiler output gives today (not stale)", async function () {
    expect(readFileSync(path.join(ROOT, FACTS_MODULE), "utf8")).to.equal(await renderFactsModule(ROOT, facts));
  });

  it("changes when a contract's enum, error or event changes", async function () {
    const rendered = await renderFactsModule(ROOT, facts);
    const enumChanged = new Map(output.enums);
    enumChanged.set("IDeviceRegistry.DeviceStatus", [...output.enums.get("IDeviceRegistry.DeviceStatus")!, "Lost"]);
    const abiChanged = (edit: (abi: CompilerOutput["abis"][string]) => void) => {
      const abis = JSON.parse(JSON.stringify(output.abis)) as CompilerOutput["abis"];
      edit(abis.DeviceRegistry);
      return { abis, enums: output.enums };
    };
    const errorRenamed = abiChanged((abi) => {
      const error = abi.find((i) => i.type === "error" && i.inputs?.length)!;
      error.inputs![0].name = "renamed";
    });
    const eventWidened = abiChanged((abi) => {
      abi.find((i) => i.name === "ShipmentReceived")!.inputs![0].type = "uint64";
    });
    for (const changed of [{ abis: output.abis, enums: enumChanged }, errorRenamed, eventWidened]) {
      expect(await renderFactsModule(ROOT, contractFacts(changed))).to.not.equal(rendered);
    }
  });

  for (const [name, values] of Object.entries(ENUMS)) {
    it(`${name} matches the Solidity enum member for member`, function () {
      const canonical = `${ENUM_OWNERS[name as keyof typeof ENUMS]}.${name}`;
      const members = output.enums.get(canonical);
      expect(members, `${canonical} in the AST`).to.not.equal(undefined);
      expect(Object.keys(values)).to.deep.equal(members);
      expect(Object.values(values)).to.deep.equal(members!.map((_, i) => i));
    });
  }

  it("has every enum the contracts define, and every enum their ABIs use", function () {
    const generated = Object.keys(ENUMS).map((n) => `${ENUM_OWNERS[n as keyof typeof ENUMS]}.${n}`);
    expect([...output.enums.keys()].sort()).to.deep.equal(generated.sort());
    const used = [...enumsInAbis(output.abis)];
    expect(used.length).to.be.greaterThan(5);
    for (const name of used) expect(generated, name).to.include(name);
  });

  for (const contract of DEPLOYABLES) {
    it(`${contract}: every event of the ABI, with the topic0 ethers computes`, function () {
      const iface = new Interface(CONTRACT_ABIS[contract]);
      const fromAbi: [string, string][] = [];
      iface.forEachEvent((event) => fromAbi.push([event.format("sighash"), event.topicHash]));
      const generated = CONTRACT_EVENTS[contract].map((e): [string, string] => [e.signature, e.topic0]);
      expect(generated.sort()).to.deep.equal(fromAbi.sort());
      expect(CONTRACT_ABIS[contract]).to.deep.equal(output.abis[contract]);
    });
  }

  it("docs/events.md lists every event of every contract (run `npm run docs:events` after changing one)", function () {
    const doc = readFileSync(path.join(ROOT, EVENTS_DOC), "utf8");
    expect(doc).to.equal(renderEventsDoc(doc, facts));
    expect(doc).to.include("ModulesWired(");
  });
});
