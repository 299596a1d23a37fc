import { expect } from "chai";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gtin14 } from "../../src/gs1";
import { GTIN } from "../fixtures";
import { indexedHardhatScenario, type IndexedScenario } from "../indexer/helpers/indexed-hardhat";
import { ids, SERIALS } from "../indexer/helpers/scenario";

const ROOT = join(__dirname, "..", "..");
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
/** Asynchronous, so that the in-process chain keeps answering while a child process talks to it. */
const exec = promisify(execFile);
const NPM = "npm";

/** A TypeScript consumer of every entry point; `@ts-expect-error` lines fail to compile if a type were `any`. */
const CONSUMER_TS = `
import { createClient, readManifest, ContractRevertError, UdiLedgerError, type Client, type DeviceView } from "udi-ledger";
import { parseGs1, buildDigitalLink, type Gs1Data } from "udi-ledger/gs1";
import { openAudit, createIndexer, verifyDatabase, type Audit, type VerifyReport } from "udi-ledger/indexer";
import { CONTRACT_ABIS, DeviceStatus, DeviceRegistry__factory, deviceId, type DeviceRegistry } from "udi-ledger/contracts";

const data: Gs1Data = parseGs1("(01)09506000134352(21)1");
const status: 2 = DeviceStatus.InTransit;
const id: string = deviceId(BigInt(data.gtin!), data.serial!);
const link: string = buildDigitalLink({ gtin: "09506000134352", serial: "1" });
const abi = CONTRACT_ABIS.DeviceRegistry;
const bytecode: string = DeviceRegistry__factory.bytecode;
type Uses = [Client, DeviceView, Audit, VerifyReport, DeviceRegistry, typeof createClient, typeof readManifest];
const checks: unknown[] = [ContractRevertError, UdiLedgerError, openAudit, createIndexer, verifyDatabase, abi];
// @ts-expect-error a device status is a number
const wrong: string = DeviceStatus.Active;
// @ts-expect-error parseGs1 takes a string
parseGs1(42);
export { status, id, link, bytecode, checks, wrong };
export type { Uses };
`;

/** A plain JavaScript consumer: reads one device through the client, prints it as JSON. */
const CONSUMER_JS = `
const { JsonRpcProvider } = require("ethers");
const { createClient, readManifest } = require("udi-ledger");
const [url, manifest, udi] = process.argv.slice(2);
const client = createClient({ runner: new JsonRpcProvider(url), manifest: readManifest(manifest) });
client.reads
  .device(udi)
  .then((d) => process.stdout.write(JSON.stringify(d, (_k, v) => (typeof v === "bigint" ? v.toString() : v))));
`;

describe("the npm pack tarball, installed with --omit=dev into an empty project", function () {
  this.timeout(600_000);
  let dir: string;
  let app: string;
  let s: IndexedScenario;
  const bin = () => join(app, "node_modules", ".bin", "udi-ledger");

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), "udi-package-"));
    app = join(dir, "app");
    mkdirSync(app);
    await exec(NPM, ["run", "build"], { cwd: ROOT });
    await exec(NPM, ["pack", "--ignore-scripts", "--pack-destination", dir], { cwd: ROOT });
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    await exec(NPM, ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", join(dir, tarball)], {
      cwd: app,
      maxBuffer: 64 * 1024 * 1024,
    });
    s = await indexedHardhatScenario("package");
  });
  after(async function () {
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("runs `udi-ledger --help` and `udi-ledger udi <UDI> --json` from the compiled JavaScript", async function () {
    const help = await exec(bin(), ["--help"], { cwd: app });
    for (const command of ["udi", "index", "verify", "trail", "export"]) expect(help.stdout).to.include(command);
    const udi = await exec(bin(), ["udi", `(01)${gtin14(GTIN)}(21)${SERIALS[0]}`, "--json"], { cwd: app });
    expect(JSON.parse(udi.stdout)).to.deep.include({ gtin: gtin14(GTIN), serial: SERIALS[0], deviceId: ids[0] });
  });

  it("type-checks a strict TypeScript consumer of udi-ledger, /gs1, /indexer and /contracts", async function () {
    writeFileSync(join(app, "consumer.ts"), CONSUMER_TS);
    const tsconfig = {
      compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext" },
    };
    writeFileSync(join(app, "tsconfig.json"), JSON.stringify({ ...tsconfig, files: ["consumer.ts"] }));
    const run = await exec(process.execPath, [TSC, "-p", app]).catch((e: { stdout: string }) => e);
    expect(run.stdout).to.equal("");
  });

  it("lets a plain JavaScript consumer create a client against a local chain and read a device", async function () {
    writeFileSync(join(app, "manifest.json"), JSON.stringify(s.manifest));
    writeFileSync(join(app, "consumer.js"), CONSUMER_JS);
    const udi = `https://id.gs1.org/01/${gtin14(GTIN)}/21/${SERIALS[0]}`;
    const run = await exec(process.execPath, ["consumer.js", s.url, "manifest.json", udi], { cwd: app });
    const device = JSON.parse(run.stdout);
    expect(device.deviceId).to.equal(ids[0]);
    expect(device.serial).to.equal(SERIALS[0]);
  });

  it("installs no ts-node, typescript, hardhat or esbuild", function () {
    for (const dev of ["ts-node", "typescript", "hardhat", "esbuild", "@nomicfoundation/hardhat-ethers"])
      expect(existsSync(join(app, "node_modules", dev)), dev).to.equal(false);
  });
});
