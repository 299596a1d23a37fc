import { expect } from "chai";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Wallet } from "ethers";
import { startAnvil, type Anvil } from "./support/anvil";
import { devAccount, smallConsortium, tempDir, writeJson } from "./support/consortium";
import { freePort, runDeploy, runHardhat } from "./support/processes";

const CHAIN_ID = 4343;

/** The small consortium with one field changed by `edit`. */
function brokenConsortium(edit: (orgs: Array<Record<string, unknown>>) => void): string {
  const config = smallConsortium();
  edit(config.organisations);
  return writeJson("broken", config);
}

describe("deploy with bad input (anvil with a gas price above zero)", function () {
  this.timeout(90_000);

  let anvil: Anvil;
  let manifestDir: string;
  let journalDir: string;
  let manifestFile: string;
  let good: Record<string, string>;

  before(async () => {
    anvil = await startAnvil({ chainId: CHAIN_ID, freeGas: false });
    manifestDir = tempDir("bad-manifest");
    journalDir = tempDir("bad-journal");
    manifestFile = path.join(manifestDir, "consortium.json");
    good = {
      CONSORTIUM_RPC_URL: anvil.url,
      CONSORTIUM_CHAIN_ID: String(CHAIN_ID),
      CONSORTIUM_PRIVATE_KEY: devAccount(0).privateKey,
    };
    const deployed = await runDeploy(
      ["--network", "consortium", "--manifest-dir", manifestDir, "--journal-dir", journalDir, "--no-compile"],
      good,
    );
    if (deployed.code !== 0) throw new Error(`the reference deployment failed: ${deployed.stderr}`);
  });

  after(async () => {
    await anvil?.stop();
  });

  /**
   * Runs the deploy with `args` and `env` against the reference deployment and checks that it stops with exit code 1
   * and exactly one line on stderr matching `expected`, prints nothing else, sends nothing, and leaves the manifest
   * and the journals as they were.
   */
  async function expectRefused(args: string[], env: Record<string, string>, expected: RegExp) {
    const before = {
      text: readFileSync(manifestFile, "utf8"),
      mtime: statSync(manifestFile).mtimeMs,
      block: await anvil.provider.getBlockNumber(),
    };
    const result = await runDeploy(
      [
        ...args,
        "--manifest-dir",
        manifestDir,
        "--journal-dir",
        journalDir,
        "--deployment-id",
        "attempt",
        "--no-compile",
      ],
      env,
    );
    expect(result.code, result.stderr).to.equal(1);
    expect(result.stdout).to.equal("");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines, result.stderr).to.have.length(1);
    expect(lines[0]).to.match(/^deploy: /);
    expect(lines[0]).to.match(expected);
    expect(await anvil.provider.getBlockNumber()).to.equal(before.block);
    expect([readFileSync(manifestFile, "utf8"), statSync(manifestFile).mtimeMs]).to.deep.equal([
      before.text,
      before.mtime,
    ]);
    expect(existsSync(path.join(journalDir, "attempt"))).to.equal(false);
    return lines[0];
  }

  it("refuses an unknown network", async () => {
    await expectRefused(
      ["--network", "mainnet"],
      good,
      /unknown network "mainnet": hardhat.config.ts defines hardhat, localhost, consortium$/,
    );
  });

  it("refuses a missing consortium variable, naming it", async () => {
    const { CONSORTIUM_PRIVATE_KEY: _omitted, ...withoutKey } = good;
    await expectRefused(["--network", "consortium"], withoutKey, /CONSORTIUM_PRIVATE_KEY is not set/);
  });

  it("refuses a malformed consortium variable, naming it and never echoing a key", async () => {
    const line = await expectRefused(
      ["--network", "consortium"],
      { ...good, CONSORTIUM_CHAIN_ID: "forty-three", CONSORTIUM_PRIVATE_KEY: "0x1234" },
      /CONSORTIUM_CHAIN_ID "forty-three" is not a positive integer \(and 1 more: CONSORTIUM_PRIVATE_KEY\)/,
    );
    expect(line).to.not.include("0x1234");
  });

  it("refuses an RPC endpoint that does not answer", async () => {
    const port = await freePort();
    await expectRefused(
      ["--network", "consortium"],
      { ...good, CONSORTIUM_RPC_URL: `http://127.0.0.1:${port}` },
      new RegExp(`cannot reach the RPC at http://127\\.0\\.0\\.1:${port} \\(CONSORTIUM_RPC_URL\\)`),
    );
  });

  it("refuses an RPC endpoint that answers another chain id than configured", async () => {
    await expectRefused(
      ["--network", "consortium"],
      { ...good, CONSORTIUM_CHAIN_ID: String(CHAIN_ID + 1) },
      new RegExp(`CONSORTIUM_CHAIN_ID is ${CHAIN_ID + 1} but the RPC at .* answers chain id ${CHAIN_ID}$`),
    );
  });

  it("refuses a key without funds on a chain whose gas price is above zero", async () => {
    const unfunded = Wallet.createRandom();
    await expectRefused(
      ["--network", "consortium"],
      { ...good, CONSORTIUM_PRIVATE_KEY: unfunded.privateKey },
      new RegExp(
        `deployer ${unfunded.address} holds 0\\.0 ETH on network consortium but the deployment .* needs up to`,
      ),
    );
  });

  it("refuses an admin task when a consortium variable is missing, in one line naming it", async () => {
    const { CONSORTIUM_RPC_URL: _omitted, ...withoutUrl } = good;
    const block = await anvil.provider.getBlockNumber();
    const result = await runHardhat(
      ["--network", "consortium", "udi", "pause", "--manifest", manifestFile],
      withoutUrl,
    );
    expect([result.code, result.stdout]).to.deep.equal([1, ""]);
    expect(result.stderr).to.equal(
      "udi pause: CONSORTIUM_RPC_URL is not set (environment or Hardhat configuration variable)\n",
    );
    expect(await anvil.provider.getBlockNumber()).to.equal(block);
  });

  describe("refuses an invalid consortium config", () => {
    const run = (file: string, expected: RegExp) =>
      expectRefused(["--network", "consortium", "--consortium", file], good, expected);

    it("with a GLN whose check digit is wrong", async () => {
      const file = brokenConsortium((orgs) => (orgs[0].gln = "0614141000013"));
      await run(file, /organisations\[0\]\.gln: "0614141000013" fails the GS1 check digit \(expected 0614141000012\)$/);
    });

    it("with an unknown role", async () => {
      const file = brokenConsortium((orgs) => (orgs[1].roles = ["Wholesaler"]));
      await run(
        file,
        /organisations\[1\]\.roles\[0\]: unknown role "Wholesaler" \(expected one of Manufacturer, .*DataGateway\)$/,
      );
    });

    it("with an account listed twice", async () => {
      const file = brokenConsortium((orgs) => (orgs[2].accounts = [devAccount(2).address.toLowerCase()]));
      const account = devAccount(2).address;
      await run(
        file,
        new RegExp(
          `organisations\\[2\\]\\.accounts\\[0\\]: duplicate account ${account} \\(also organisations\\[1\\]\\.accounts\\[0\\]\\)$`,
        ),
      );
    });
  });
});
