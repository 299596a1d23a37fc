/**
 * Generates the one module of contract facts (src/contracts/generated/facts.ts) from the compiler output, and the
 * event tables of docs/events.md. The module is written after every `hardhat compile` (hardhat.config.ts), so enums, errors,
 * events and ABIs have no hand-written copy anywhere: the SDK, the indexer, the CLI, the deploy library, the tasks and
 * the tests import them from there.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { id } from "ethers";
import * as prettier from "prettier";
import { CONTRACT_NAMES, GOVERNANCE_NAMES } from "../src/manifest";

/** The deployable contracts, in deployment order: the manifest's names and order (the governance pair last). */
export const DEPLOYABLES = [...CONTRACT_NAMES, ...GOVERNANCE_NAMES] as const;

interface AbiParam {
  name: string;
  type: string;
  internalType?: string;
  indexed?: boolean;
  components?: AbiParam[];
}

interface AbiItem {
  type: string;
  name?: string;
  inputs?: AbiParam[];
}

interface AstNode {
  nodeType?: string;
  canonicalName?: string;
  members?: { name: string }[];
  [key: string]: unknown;
}

/**
 * OpenZeppelin sources whose enums the governance contracts' ABIs and events use (`IGovernor.ProposalState`, the
 * `support` values of `GovernorCountingSimple.VoteType`, `TimelockController.OperationState`): facts like ours.
 */
const GOVERNANCE_ENUM_SOURCES = [
  "/governance/IGovernor.sol",
  "/governance/extensions/GovernorCountingSimple.sol",
  "/governance/TimelockController.sol",
];

/** What the compiler says, read from `artifacts/`. */
export interface CompilerOutput {
  abis: Record<string, AbiItem[]>;
  /** `Owner.Enum` → member names in declaration order. */
  enums: Map<string, string[]>;
}

export function readCompilerOutput(artifactsDir: string): CompilerOutput {
  const abis: Record<string, AbiItem[]> = {};
  for (const name of DEPLOYABLES) {
    const file = path.join(artifactsDir, "contracts", `${name}.sol`, `${name}.json`);
    abis[name] = JSON.parse(readFileSync(file, "utf8")).abi;
  }
  const enums = new Map<string, string[]>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    const n = node as AstNode;
    if (n.nodeType === "EnumDefinition" && n.canonicalName)
      enums.set(
        n.canonicalName,
        (n.members ?? []).map((m) => m.name),
      );
    for (const value of Object.values(n)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === "object") visit(value);
    }
  };
  const buildInfo = path.join(artifactsDir, "build-info");
  for (const file of readdirSync(buildInfo)) {
    const info = JSON.parse(readFileSync(path.join(buildInfo, file), "utf8"));
    for (const [source, output] of Object.entries<{ ast: unknown }>(info.output.sources ?? {})) {
      if (source.startsWith("contracts/") && !source.startsWith("contracts/test/")) visit(output.ast);
      else if (GOVERNANCE_ENUM_SOURCES.some((file) => source.endsWith(file))) visit(output.ast);
    }
  }
  return { abis, enums };
}

/** The canonical type of a parameter (tuples spelt out), as in an event or error signature. */
const canonicalType = (p: AbiParam): string =>
  p.type.startsWith("tuple") ? `(${(p.components ?? []).map(canonicalType).join(",")})${p.type.slice(5)}` : p.type;

const signatureOf = (item: AbiItem): string => `${item.name}(${(item.inputs ?? []).map(canonicalType).join(",")})`;

/** An error parameter's type for the catalogue: enums as `enum:<Name>` (they decode to member names). */
const errorParamType = (p: AbiParam): string =>
  p.internalType?.startsWith("enum ") ? `enum:${p.internalType.slice(5).split(".").pop()}` : p.type;

/** One event as the facts module and the docs state it. */
export interface EventFact {
  name: string;
  signature: string;
  topic0: string;
  /** `type [indexed] name`, in order: the line docs/events.md prints. */
  declaration: string;
}

function eventsOf(abi: AbiItem[]): EventFact[] {
  return abi
    .filter((item) => item.type === "event")
    .map((item) => ({
      name: item.name as string,
      signature: signatureOf(item),
      topic0: id(signatureOf(item)),
      declaration: `${item.name}(${(item.inputs ?? [])
        .map((p) => `${canonicalType(p)}${p.indexed ? " indexed" : ""} ${p.name}`)
        .join(", ")})`,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The facts, as plain data (what the module and the docs are rendered from). */
export function contractFacts(output: CompilerOutput) {
  const enums: Record<string, { owner: string; members: string[] }> = {};
  for (const [canonical, members] of [...output.enums].sort(([a], [b]) => a.localeCompare(b))) {
    const [owner, name] = canonical.split(".");
    if (enums[name]) throw new Error(`enum ${name} is declared twice (${enums[name].owner}, ${owner})`);
    enums[name] = { owner, members };
  }
  const errors: Record<string, [string, string][]> = {};
  const errorSignatures = new Map<string, string>();
  for (const name of DEPLOYABLES) {
    for (const item of output.abis[name].filter((i) => i.type === "error")) {
      const signature = signatureOf(item);
      const seen = errorSignatures.get(item.name as string);
      if (seen !== undefined && seen !== signature) throw new Error(`error ${item.name}: ${seen} and ${signature}`);
      errorSignatures.set(item.name as string, signature);
      errors[item.name as string] = (item.inputs ?? []).map((p) => [p.name, errorParamType(p)]);
    }
  }
  const sortedErrors = Object.fromEntries(Object.entries(errors).sort(([a], [b]) => a.localeCompare(b)));
  const events = Object.fromEntries(DEPLOYABLES.map((name) => [name, eventsOf(output.abis[name])]));
  return { enums, errors: sortedErrors, events, abis: output.abis };
}

export type Facts = ReturnType<typeof contractFacts>;

const json = (value: unknown): string => JSON.stringify(value);

function renderModule(facts: Facts): string {
  const enumNames = Object.keys(facts.enums);
  const lines = [
    "// Generated from the compiler output by scripts/contract-facts.ts on every `hardhat compile`. Do not edit.",
    "",
    ...enumNames.flatMap((name) => [
      `/** \`${facts.enums[name].owner}.${name}\`: member name → on-chain value. */`,
      `export const ${name} = ${json(Object.fromEntries(facts.enums[name].members.map((m, i) => [m, i])))} as const;`,
    ]),
    "",
    "/** Every enum of the contracts by its Solidity name. */",
    `export const ENUMS = { ${enumNames.join(", ")} } as const;`,
    "",
    "/** The interface declaring each enum, as in the ABIs' `internalType` (`enum IDeviceRegistry.DeviceStatus`). */",
    `export const ENUM_OWNERS = ${json(Object.fromEntries(enumNames.map((n) => [n, facts.enums[n].owner])))} as const;`,
    "",
    "/**",
    " * Every custom error of the deployed contracts' ABIs (OpenZeppelin's included), its parameters as",
    " * `[name, type]`; enum parameters are `enum:<Name>`.",
    " */",
    `export const CONTRACT_ERRORS = ${json(facts.errors)} as const;`,
    "",
    "/** Every event each deployed contract emits: name, canonical signature, topic0 and declaration. */",
    `export const CONTRACT_EVENTS = ${json(facts.events)} as const;`,
    "",
    "/** The deployed contracts' ABIs, `as const` (usable with ethers, viem and abitype). */",
    `export const CONTRACT_ABIS = ${json(facts.abis)} as const;`,
    "",
  ];
  return lines.join("\n");
}

const EVENTS_BEGIN = "<!-- events: generated from the contract facts by scripts/contract-facts.ts; do not edit -->";
const EVENTS_END = "<!-- end of generated events -->";

/** docs/events.md with its per-contract event lists replaced by the ones the facts give. */
export function renderEventsDoc(current: string, facts: Facts): string {
  const start = current.indexOf(EVENTS_BEGIN);
  const end = current.indexOf(EVENTS_END);
  if (start < 0 || end < start) throw new Error(`docs/events.md lacks the markers ${EVENTS_BEGIN} … ${EVENTS_END}`);
  const body = DEPLOYABLES.map(
    (name) =>
      `## ${name}\n\n` + facts.events[name].map((e) => `- \`${e.declaration}\` — topic0 \`${e.topic0}\``).join("\n"),
  ).join("\n\n");
  return `${current.slice(0, start)}${EVENTS_BEGIN}\n\n${body}\n\n${current.slice(end)}`;
}

/** The generated module's text, formatted as the repository formats TypeScript. */
export async function renderFactsModule(root: string, facts: Facts): Promise<string> {
  const options = (await prettier.resolveConfig(path.join(root, "src", "index.ts"))) ?? {};
  return prettier.format(renderModule(facts), { ...options, plugins: [], parser: "typescript" });
}

export const FACTS_MODULE = path.join("src", "contracts", "generated", "facts.ts");
export const EVENTS_DOC = path.join("docs", "events.md");

/** The facts of the compiled contracts under `root`. */
export const compiledFacts = (root: string): Facts => contractFacts(readCompilerOutput(path.join(root, "artifacts")));

/** Writes the facts module where it changed (an unchanged file keeps its time stamp: no needless rebuilds). */
export async function generateContractFacts(root: string): Promise<void> {
  const moduleFile = path.join(root, FACTS_MODULE);
  const text = await renderFactsModule(root, compiledFacts(root));
  mkdirSync(path.dirname(moduleFile), { recursive: true });
  if (!existsSync(moduleFile) || readFileSync(moduleFile, "utf8") !== text) writeFileSync(moduleFile, text);
}

/**
 * Rewrites docs/events.md's event tables (`npm run docs:events`). Not part of compile: the docs are committed, and
 * test/contracts/facts.test.ts fails while they differ from the contracts, so an event cannot change unnoticed.
 */
export function writeEventsDoc(root: string): void {
  const file = path.join(root, EVENTS_DOC);
  writeFileSync(file, renderEventsDoc(readFileSync(file, "utf8"), compiledFacts(root)));
}

if (require.main === module) writeEventsDoc(path.resolve(__dirname, ".."));
