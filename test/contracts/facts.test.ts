import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ENUM_OWNERS, ENUMS, FACTORIES, type EnumName } from "../../src/sdk";

const ARTIFACTS = path.join(__dirname, "..", "..", "artifacts");

interface AstNode {
  nodeType?: string;
  canonicalName?: string;
  members?: { name: string }[];
  [key: string]: unknown;
}

/** Every enum definition of the contract sources, from the compiler's AST in the build info. */
function enumsFromAst(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    const n = node as AstNode;
    if (n.nodeType === "EnumDefinition" && n.canonicalName)
      found.set(
        n.canonicalName,
        (n.members ?? []).map((m) => m.name),
      );
    for (const value of Object.values(n)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === "object") visit(value);
    }
  };
  for (const file of readdirSync(path.join(ARTIFACTS, "build-info"))) {
    const info = JSON.parse(readFileSync(path.join(ARTIFACTS, "build-info", file), "utf8"));
    for (const [source, output] of Object.entries<{ ast: unknown }>(info.output.sources ?? {})) {
      if (source.startsWith("contracts/")) visit(output.ast);
    }
  }
  return found;
}

/** Every `enum X.Y` internal type used by the deployables' ABIs. */
function enumsInAbis(): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    if (typeof record.internalType === "string" && record.internalType.startsWith("enum "))
      names.add(record.internalType.slice(5));
    Object.values(record).forEach(visit);
  };
  Object.values(FACTORIES).forEach((factory) => visit(factory.abi));
  return names;
}

describe("SDK enums", function () {
  const ast = enumsFromAst();

  for (const [name, values] of Object.entries(ENUMS)) {
    it(`${name} matches the Solidity enum member for member`, function () {
      const canonical = `${ENUM_OWNERS[name as EnumName]}.${name}`;
      const members = ast.get(canonical);
      expect(members, `${canonical} in the AST`).to.not.equal(undefined);
      expect(Object.keys(values)).to.deep.equal(members);
      expect(Object.values(values)).to.deep.equal(members!.map((_, i) => i));
    });
  }

  it("mirrors every enum the contracts define", function () {
    const mirrored = Object.keys(ENUMS).map((n) => `${ENUM_OWNERS[n as EnumName]}.${n}`);
    expect([...ast.keys()].sort()).to.deep.equal(mirrored.sort());
  });

  it("mirrors every enum the ABIs use", function () {
    const mirrored = new Set(Object.keys(ENUMS).map((n) => `${ENUM_OWNERS[n as EnumName]}.${n}`));
    const used = [...enumsInAbis()];
    expect(used.length).to.be.greaterThan(5);
    for (const name of used) expect(mirrored.has(name), name).to.equal(true);
  });
});
