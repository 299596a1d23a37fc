import { expect } from "chai";
import path from "node:path";
import { ethers, network } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { GOVERNANCE_NAMES, CONTRACT_NAMES, readManifest } from "../../src/manifest";
import { PermanentDeployError, RetryableDeployError } from "../../src/deploy/errors";
import { GOVERNANCE_STEP_GAS } from "../../src/deploy/bootstrap-plan";
import { ConsortiumGovernor__factory, ConsortiumTimelock__factory } from "../../src/contracts";
import { configOf, deployInProcess, type InProcessDeployment } from "./support/in-process";
import { FOUNDERS, governedConsortium } from "./support/governed";
import { tempDir } from "./support/consortium";

const DEFAULT_ADMIN = ethers.ZeroHash;

async function governed() {
  const { raw, signers } = await governedConsortium();
  const config = configOf(raw);
  const d = await deployInProcess(config, undefined, { governance: true });
  return { d, config, raw, signers };
}

/** The governance contracts of a deployment, and how often each bootstrap event happened on chain. */
async function inspect(d: InProcessDeployment) {
  const [deployer] = await ethers.getSigners();
  const timelock = ConsortiumTimelock__factory.connect(d.manifest.contracts.ConsortiumTimelock!.address, deployer);
  const governor = ConsortiumGovernor__factory.connect(d.manifest.contracts.ConsortiumGovernor!.address, deployer);
  const count = async (contract: typeof timelock | typeof d.directory, name: string) =>
    (await contract.queryFilter(name as never, 0)).length;
  return {
    timelock,
    governor,
    deployer,
    counts: {
      admitted: await count(d.directory, "OrganisationAdmitted"),
      transfers: await count(d.directory, "DefaultAdminTransferScheduled"),
      guardians: (await d.directory.queryFilter(d.directory.filters.RoleGranted(await d.directory.GUARDIAN_ROLE()), 0))
        .length,
      bootstraps: await count(timelock, "BootstrapCompleted"),
    },
  };
}

/** Everything a completed governed deployment must hold: the timelock admin, the deployer nothing. */
async function expectHandedOver(d: InProcessDeployment, signers: Awaited<ReturnType<typeof ethers.getSigners>>) {
  const { timelock, governor, deployer, counts } = await inspect(d);
  const timelockAddress = await timelock.getAddress();
  expect(await d.directory.defaultAdmin()).to.equal(timelockAddress);
  expect(await d.directory.isAdmin(deployer.address)).to.be.false;
  expect((await d.directory.pendingDefaultAdmin())[1]).to.equal(0n);
  expect(await timelock.hasRole(DEFAULT_ADMIN, deployer.address)).to.be.false;
  for (const role of [await timelock.PROPOSER_ROLE(), await timelock.CANCELLER_ROLE()]) {
    expect(await timelock.hasRole(role, await governor.getAddress())).to.be.true;
    expect(await timelock.hasRole(role, deployer.address)).to.be.false;
  }
  expect(await d.directory.hasRole(await d.directory.GUARDIAN_ROLE(), signers[8].address)).to.be.true;
  expect(await d.directory.validatorOf(FOUNDERS[0].gln)).to.equal(
    ethers.getAddress("0x00000000000000000000000000000000000000a1"),
  );
  expect([await timelock.getMinDelay(), await governor.votingDelay(), await governor.votingPeriod()]).to.deep.equal([
    3600n,
    1n,
    10n,
  ]);
  expect(await governor["quorumNumerator()"]()).to.equal(50n);
  expect(await governor.timelock()).to.equal(timelockAddress);
  // Nothing done twice, whatever the runs it took.
  expect(counts).to.deep.equal({ admitted: 7, transfers: 1, guardians: 1, bootstraps: 1 });
}

describe("deployUdiLedger --governance (the deploy library) on the in-process network", () => {
  it("deploys the governor and the timelock, admits the founders and leaves the deployer no role", async () => {
    const { d, signers } = await loadFixture(governed);
    expect(Object.keys(d.manifest.contracts)).to.deep.equal([...CONTRACT_NAMES, ...GOVERNANCE_NAMES]);
    expect(readManifest(d.manifestPath)).to.deep.equal(d.manifest);
    expect(d.futuresRun).to.equal(9);
    // 7 admissions, 1 prefix, 1 validator; the guardian, the admin transfer, completeBootstrap.
    expect(d.bootstrapSteps).to.equal(12);
    await expectHandedOver(d, signers);
  });

  it("sends nothing when run again", async () => {
    const { d, config } = await loadFixture(governed);
    const block = await ethers.provider.getBlockNumber();
    const again = await deployInProcess(config, d, { governance: true });
    expect([again.futuresRun, again.bootstrapSteps, again.manifestWritten]).to.deep.equal([0, 0, false]);
    expect(again.lines).to.include(
      `governance: the timelock ${d.manifest.contracts.ConsortiumTimelock!.address} is the consortium admin`,
    );
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
  });

  for (const killedAfter of [
    "bootstrap: sent admit 0614146000017",
    "bootstrap: set 0x00000000000000000000000000000000000000A1 as the validator",
    "bootstrap: sent grant the guardian role",
    "bootstrap: sent begin the directory's admin transfer",
    "bootstrap: begin the directory's admin transfer",
    "bootstrap: sent complete the bootstrap",
  ]) {
    it(`completes, doing nothing twice, when a run is killed after "${killedAfter}"`, async () => {
      const snapshot = await network.provider.send("evm_snapshot");
      const { raw, signers } = await governedConsortium();
      const config = configOf(raw);
      const at = { journalRoot: tempDir("journal"), manifestPath: path.join(tempDir("manifest"), "hardhat.json") };
      const killed = await deployInProcess(config, at, {
        governance: true,
        log: (line) => {
          if (line.startsWith(killedAfter)) throw new Error("killed");
        },
      }).then(
        () => undefined,
        (error: Error) => error,
      );
      expect(killed?.message).to.equal("killed");
      const resumed = await deployInProcess(config, at, { governance: true });
      await expectHandedOver(resumed, signers);
      expect((await deployInProcess(config, at, { governance: true })).bootstrapSteps).to.equal(0);
      await network.provider.send("evm_revert", [snapshot]);
    });
  }

  it("upgrades a development deployment and, with its two-day admin delay, asks to be run again once it passed", async () => {
    const snapshot = await network.provider.send("evm_snapshot");
    const { raw, signers } = await governedConsortium();
    const config = configOf(raw);
    const bare = await deployInProcess(config);
    expect(bare.manifest.contracts.ConsortiumGovernor).to.equal(undefined);
    const stopped = await deployInProcess(config, bare, { governance: true }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(stopped).to.be.instanceOf(RetryableDeployError);
    expect((stopped as RetryableDeployError).code).to.equal("ADMIN_TRANSFER_PENDING");
    expect((stopped as RetryableDeployError).message).to.match(
      /^the directory's admin transfer to the timelock can be accepted after .*: run the deploy again then$/,
    );
    await time.increase(2 * 86_400);
    const resumed = await deployInProcess(config, bare, { governance: true });
    expect([resumed.futuresRun, resumed.bootstrapSteps]).to.deep.equal([0, 1]);
    await expectHandedOver(resumed, signers);
    await network.provider.send("evm_revert", [snapshot]);
  });

  it("refuses, before sending anything, a config without governance or one naming an admin", async () => {
    const { raw } = await governedConsortium();
    const block = await ethers.provider.getBlockNumber();
    for (const [config, field] of [
      [configOf({ ...raw, governance: undefined }), "governance"],
      [configOf({ ...raw, admin: ethers.Wallet.createRandom().address }), "admin"],
      [undefined, "governance"],
    ] as const) {
      const error = await deployInProcess(config, undefined, { governance: true }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(PermanentDeployError);
      expect([(error as PermanentDeployError).code, (error as PermanentDeployError).field]).to.deep.equal([
        "CONFIG",
        field,
      ]);
    }
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
  });

  it("keeps each governance step within its fixed gas limit, with 20% to spare", async () => {
    const snapshot = await network.provider.send("evm_snapshot");
    const { raw } = await governedConsortium();
    const d = await deployInProcess(configOf(raw), undefined, { governance: true });
    const receipts = await Promise.all(
      (await d.directory.queryFilter(d.directory.filters.OrganisationValidatorChanged(), 0)).map((e) =>
        e.getTransactionReceipt(),
      ),
    );
    const { timelock } = await inspect(d);
    const guardian = await d.directory.queryFilter(
      d.directory.filters.RoleGranted(await d.directory.GUARDIAN_ROLE()),
      0,
    );
    const bootstrap = await timelock.queryFilter(timelock.filters.BootstrapCompleted(), 0);
    const used = {
      setValidator: receipts[0].gasUsed,
      grantGuardian: (await guardian[0].getTransactionReceipt()).gasUsed,
      completeBootstrap: (await bootstrap[0].getTransactionReceipt()).gasUsed,
    };
    for (const [kind, gas] of Object.entries(used)) {
      expect((gas * 12n) / 10n, kind).to.be.lessThan(GOVERNANCE_STEP_GAS[kind as keyof typeof GOVERNANCE_STEP_GAS]);
    }
    await network.provider.send("evm_revert", [snapshot]);
  });
});
