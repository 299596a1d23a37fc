import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { id } from "ethers";
import { createClient } from "../src/sdk";
import { readManifest } from "../src/manifest";
import { startLocalChain, type DemoChain } from "../scripts/demo/chain";
import { deployDemo } from "../scripts/demo/deploy";

const ROOT = path.resolve(__dirname, "..");
const run = promisify(execFile);

/** The README's integrator example, run as written against a freshly deployed system on `hardhat node`. */
describe("README integrator example", function () {
  this.timeout(180_000);
  let chain: DemoChain;
  let work: string;

  before(async () => {
    chain = await startLocalChain();
    work = mkdtempSync(path.join(tmpdir(), "udi-readme-"));
    const manifestPath = await deployDemo(chain, work);
    // deployDemo wrote deployments/consortium.json in `work`, the path the example reads.
    // What the example assumes: the manufacturer's product and lot LOT42 exist.
    const maker = createClient({ runner: chain.accounts.manufacturer[0], manifest: readManifest(manifestPath) });
    await maker.products.registerProduct({ gtin: "00614141000128", metadataHash: id("ifu"), implantable: true });
    await maker.devices.registerLot({ udi: "(01)00614141000128(11)260301(17)290228(10)LOT42" });
  });

  after(async () => {
    await chain?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("commissions and ships a device and prints where it is", async () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const snippet = /```ts\n([\s\S]*?)```/.exec(readme)![1];
    // Written into this package's tree, so that `import … from "udi-ledger"` resolves to the package itself (its
    // exports, the compiled dist/), as it does in an integrator's project.
    const lines = snippet.split("\n");
    const imports = lines.filter((l) => l.startsWith("import "));
    const body = lines.filter((l) => !l.startsWith("import "));
    // CommonJS has no top-level await: the body runs in an async function, unchanged.
    const file = path.join(ROOT, "out", `readme-example-${process.pid}.ts`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${imports.join("\n")}\n(async () => {\n${body.join("\n")}\n})();\n`);
    try {
      const tsNode = path.join(ROOT, "node_modules", "ts-node", "dist", "bin.js");
      const { stdout } = await run(process.execPath, [tsNode, "--transpile-only", file], {
        cwd: work,
        env: {
          ...process.env,
          ERP_KEY: chain.accounts.manufacturer[0].privateKey,
          CONSORTIUM_RPC_URL: chain.url,
        },
      });
      expect(stdout).to.match(/InTransit|status: 2/);
      expect(stdout.trim()).to.match(/ 1n?$/);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
