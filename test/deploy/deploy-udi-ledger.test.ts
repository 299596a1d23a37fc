import { expect } from "chai";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ethers, network } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { CONTRACT_NAMES, readManifest } from "../../src/manifest";
import { readConsortiumConfig } from "../../src/deploy/consortium-config";
import { PermanentDeployError } from "../../src/deploy/errors";
import { roleMask } from "../../src/deploy/roles";
import { STEP_GAS } from "../../src/deploy/bootstrap-plan";
import { gtin } from "../fixtures";
import { ROOT } from "./support/processes";
import { configOf, deployInProcess } from "./support/in-process";
import { smallConsortium } from "./support/consortium";

const EXAMPLE = readConsortiumConfig(path.join(ROOT, "deployments", "consortium.example.json"));

/** The example consortium deployed and bootstrapped (journal and manifest in their own temporary folders). */
const exampleDeployed = () => deployInProcess(EXAMPLE);
/** The system deployed without a config: the deployer is the only admin, nobody is admitted. */
const bareDeployed = () => deployInProcess();

/** Expects `run` to reject with a permanent deploy error of `code` whose message matches `message`. */
async function expectStop(run: Promise<unknown>, code: string, message: RegExp) {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the deployment should have stopped").to.be.instanceOf(PermanentDeployError);
  expect((error as PermanentDeployError).code).to.equal(code);
  expect((error as PermanentDeployError).message).to.match(message);
}

describe("deployUdiLedger (the deploy library) on the in-process network", () => {
  it("deploys through Ignition, bootstraps the example consortium and writes a manifest that matches the chain", async () => {
    const d = await loadFixture(exampleDeployed);
    expect([d.futuresRun, d.bootstrapSteps, d.manifestWritten]).to.deep.equal([7, 8, true]);
    expect(readManifest(d.manifestPath)).to.deep.equal(d.manifest);
    expect(d.manifest.chainId).to.equal(31337);
    for (const name of CONTRACT_NAMES) {
      const { address, blockNumber } = d.manifest.contracts[name];
      expect(await ethers.provider.getCode(address, blockNumber), name).to.not.equal("0x");
      expect(await ethers.provider.getCode(address, blockNumber - 1), name).to.equal("0x");
    }
    for (const org of EXAMPLE.organisations) {
      const record = await d.directory.organisation(org.gln);
      expect([record.status, record.roles], org.glnText).to.deep.equal([1n, BigInt(roleMask(org.roles))]);
      expect(await d.directory.accountsOf(org.gln)).to.deep.equal(org.accounts);
    }
    expect(await d.directory.companyPrefixOwner(gtin("0061414100012"))).to.deep.equal([
      EXAMPLE.organisations[0].gln,
      7n,
    ]);
    expect(await d.directory.defaultAdminDelay()).to.equal(172_800n);
  });

  it("sends nothing and leaves the manifest untouched when run again", async () => {
    const d = await loadFixture(exampleDeployed);
    const [text, mtime, block] = [
      readFileSync(d.manifestPath, "utf8"),
      statSync(d.manifestPath).mtimeMs,
      await ethers.provider.getBlockNumber(),
    ];
    const again = await deployInProcess(EXAMPLE, d);
    expect([again.futuresRun, again.bootstrapSteps, again.manifestWritten]).to.deep.equal([0, 0, false]);
    expect(again.lines).to.include("bootstrap: the chain already holds the config, nothing to send");
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    expect([readFileSync(d.manifestPath, "utf8"), statSync(d.manifestPath).mtimeMs]).to.deep.equal([text, mtime]);
  });

  it("completes what the chain lacks and reports, without undoing, what it holds beyond the config", async () => {
    const d = await loadFixture(bareDeployed);
    const maker = EXAMPLE.organisations[0];
    await d.directory.admitOrganisation(maker.gln, (1 << 1) | (1 << 5), maker.accounts[0]);
    const again = await deployInProcess(EXAMPLE, d);
    expect(again.bootstrapSteps).to.equal(7);
    expect(again.lines).to.include(
      `bootstrap: note: 0614141000012 (Acme Medical (manufacturer)) also holds Regulator on chain; left granted`,
    );
    expect((await d.directory.organisation(maker.gln)).roles).to.equal(BigInt((1 << 1) | (1 << 5)));
    expect(await d.directory.companyPrefixOwner(gtin("0061414100012"))).to.deep.equal([maker.gln, 7n]);
  });

  it("stops before sending anything when an account of the config is bound to another organisation", async () => {
    const d = await loadFixture(bareDeployed);
    const hospitalAccount = EXAMPLE.organisations[2].accounts[1];
    await d.directory.admitOrganisation(BigInt("0614145000018"), 1 << 3, hospitalAccount);
    const block = await ethers.provider.getBlockNumber();
    await expectStop(
      deployInProcess(EXAMPLE, d),
      "CONFLICT",
      new RegExp(
        `^account ${hospitalAccount} of 0614144000019 \\(St. Elsewhere Hospital\\) is already bound to GLN 614145000018 on chain$`,
      ),
    );
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
  });

  it("begins the admin transfer the config names once, then stops when a later config needs an admin it no longer has", async () => {
    const [, , , , , , , , , newAdmin] = await ethers.getSigners();
    const config = configOf({ ...smallConsortium(), admin: newAdmin.address });
    const d = await deployInProcess(config);
    expect(d.lines.at(-2)).to.match(/^bootstrap: begin the admin transfer to 0x.*: done in block/);
    const again = await deployInProcess(config, d);
    expect(again.bootstrapSteps).to.equal(0);
    expect(again.lines.join("\n")).to.include(`bootstrap: note: the admin transfer to ${newAdmin.address} is pending`);
    // Without a config, the run reuses the journal's admin delay (3600 s) instead of the module's default.
    expect((await deployInProcess(undefined, d)).futuresRun).to.equal(0);

    await time.increase(3601);
    await d.directory.connect(newAdmin).acceptDefaultAdminTransfer();
    expect((await deployInProcess(config, d)).lines).to.include(
      `bootstrap: note: ${newAdmin.address} is the consortium admin`,
    );
    const grown = configOf({ ...smallConsortium(), admin: newAdmin.address });
    grown.organisations.push({
      glnText: "0614149000014",
      gln: 614149000014n,
      roles: ["Distributor"],
      accounts: [ethers.Wallet.createRandom().address],
      companyPrefixes: [],
    });
    await expectStop(
      deployInProcess(grown, d),
      "NOT_ADMIN",
      /is not the consortium admin, but the bootstrap still has 1 step\(s\) to do \(first: admit 0614149000014/,
    );
  });

  it("stops in one line when the journal's parameters no longer match (a changed admin transfer delay)", async () => {
    const d = await loadFixture(exampleDeployed);
    const changed = { ...EXAMPLE, adminTransferDelay: 3600n };
    await expectStop(
      deployInProcess(changed, d),
      "IGNITION",
      /^the journal does not match the module or its parameters \(UdiLedger#ConsortiumDirectory: .*\); use another --deployment-id or --reset$/,
    );
  });

  it("deploys a new system with reset, and by itself when the development chain was restarted", async () => {
    const snapshot = await network.provider.send("evm_snapshot");
    const d = await deployInProcess();
    const reset = await deployInProcess(undefined, d, { reset: true });
    expect(reset.futuresRun).to.equal(7);
    expect(reset.manifest.contracts.ConsortiumDirectory.address).to.not.equal(
      d.manifest.contracts.ConsortiumDirectory.address,
    );

    await network.provider.send("evm_revert", [snapshot]);
    const restarted = await deployInProcess(undefined, d);
    expect(restarted.lines[0]).to.equal(
      `wiping journal ${path.join(d.journalRoot, "udi-ledger-31337")} (the development chain was restarted)`,
    );
    expect([restarted.futuresRun, restarted.manifestWritten]).to.deep.equal([7, true]);
    expect(await ethers.provider.getCode(restarted.manifest.contracts.DeviceRegistry.address)).to.not.equal("0x");
  });

  it("keeps each bootstrap step within its fixed gas limit, with 20% to spare in the worst case", async () => {
    const d = await loadFixture(bareDeployed);
    const gasOf = async (tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) =>
      (await (await tx).wait())!.gasUsed;
    const gln = 614149000014n;
    const accounts = Array.from({ length: 16 }, () => ethers.Wallet.createRandom().address);
    const used: Record<keyof typeof STEP_GAS, bigint> = {
      admit: await gasOf(d.directory.admitOrganisation(gln, 1 << 1, accounts[0])),
      addAccount: 0n,
      grantRole: 0n,
      assignPrefix: 0n,
      beginAdminTransfer: 0n,
    };
    for (const account of accounts.slice(1)) used.addAccount = await gasOf(d.directory.addAccount(gln, account));
    used.grantRole = await gasOf(d.directory.grantOrganisationRole(gln, 6));
    used.assignPrefix = await gasOf(d.directory.assignCompanyPrefix(gln, "061414900001"));
    used.beginAdminTransfer = await gasOf(d.directory.beginDefaultAdminTransfer(accounts[1]));
    for (const [kind, gas] of Object.entries(used)) {
      expect((gas * 12n) / 10n, kind).to.be.lessThan(STEP_GAS[kind as keyof typeof STEP_GAS]);
    }
  });
});
