import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ConsortiumTimelock } from "../../typechain-types";
import { deploySystem, actors } from "../fixtures";
import { DEFAULT_ADMIN_ROLE, expectLedgerHeadReplays } from "../helpers/directory";
import { DEFAULT_ADMIN_TRANSFER_DELAY } from "../../ignition/modules/UdiLedger";
import { TIMELOCK_DELAY, VOTING_DELAY, VOTING_PERIOD, QUORUM_PERCENT, governanceFixture } from "./fixture";

const PROPOSER_ROLE = ethers.id("PROPOSER_ROLE");
const CANCELLER_ROLE = ethers.id("CANCELLER_ROLE");
const EXECUTOR_ROLE = ethers.id("EXECUTOR_ROLE");

/** The system, a timelock and a governor deployed, the directory's admin transfer to the timelock begun. */
async function beforeBootstrap() {
  const system = await deploySystem();
  const a = await actors();
  const timelock = (await (
    await ethers.getContractFactory("ConsortiumTimelock")
  ).deploy(TIMELOCK_DELAY, a.admin)) as unknown as ConsortiumTimelock;
  const governor = await (
    await ethers.getContractFactory("ConsortiumGovernor")
  ).deploy(system.directory, timelock, VOTING_DELAY, VOTING_PERIOD, QUORUM_PERCENT);
  await system.directory.beginDefaultAdminTransfer(timelock);
  return { ...system, ...a, timelock, governor };
}

describe("ConsortiumTimelock", () => {
  it("starts with the deployer as its admin, no proposer, open execution and the given delay", async () => {
    const f = await loadFixture(beforeBootstrap);
    expect(await f.timelock.getMinDelay()).to.equal(TIMELOCK_DELAY);
    expect(await f.timelock.hasRole(DEFAULT_ADMIN_ROLE, f.admin)).to.equal(true);
    expect(await f.timelock.hasRole(DEFAULT_ADMIN_ROLE, f.timelock)).to.equal(true);
    expect(await f.timelock.hasRole(EXECUTOR_ROLE, ethers.ZeroAddress)).to.equal(true);
    expect(await f.timelock.hasRole(PROPOSER_ROLE, f.governor)).to.equal(false);
    // No proposer or canceller at all, not even the zero address (which would read as a role nobody can use).
    expect(await f.timelock.hasRole(PROPOSER_ROLE, ethers.ZeroAddress)).to.equal(false);
    expect(await f.timelock.hasRole(CANCELLER_ROLE, ethers.ZeroAddress)).to.equal(false);
  });

  describe("completeBootstrap", () => {
    it("accepts the directory's admin, makes the governor proposer and canceller, and drops the deployer", async () => {
      const f = await loadFixture(beforeBootstrap);
      await time.increase(DEFAULT_ADMIN_TRANSFER_DELAY + 1n);
      const timelock = await f.timelock.getAddress();
      const directory = await f.directory.getAddress();
      const governor = await f.governor.getAddress();
      await expect(f.timelock.completeBootstrap(f.governor, [f.directory]))
        .to.emit(f.timelock, "BootstrapCompleted")
        .withArgs(governor, [directory], f.admin.address)
        .and.to.emit(f.timelock, "RoleGranted")
        .withArgs(PROPOSER_ROLE, governor, f.admin.address)
        .and.to.emit(f.timelock, "RoleGranted")
        .withArgs(CANCELLER_ROLE, governor, f.admin.address)
        .and.to.emit(f.timelock, "RoleRevoked")
        .withArgs(DEFAULT_ADMIN_ROLE, f.admin.address, f.admin.address)
        .and.to.emit(f.directory, "RoleGranted")
        .withArgs(DEFAULT_ADMIN_ROLE, timelock, timelock);
      expect(await f.directory.defaultAdmin()).to.equal(timelock);
      expect(await f.directory.isAdmin(f.admin)).to.equal(false);
      expect(await f.timelock.hasRole(DEFAULT_ADMIN_ROLE, f.admin)).to.equal(false);
      expect(await f.timelock.hasRole(PROPOSER_ROLE, governor)).to.equal(true);
      expect(await f.timelock.hasRole(CANCELLER_ROLE, governor)).to.equal(true);
      await expectLedgerHeadReplays(f.directory);
    });

    it("drops the admin that called it, a contract wallet included (msg.sender, not tx.origin)", async () => {
      const f = await loadFixture(beforeBootstrap);
      const wallet = await ethers.deployContract("ContractWallet", [], f.admin);
      await f.timelock.grantRole(DEFAULT_ADMIN_ROLE, wallet);
      await f.timelock.renounceRole(DEFAULT_ADMIN_ROLE, f.admin);
      await time.increase(DEFAULT_ADMIN_TRANSFER_DELAY + 1n);
      const data = f.timelock.interface.encodeFunctionData("completeBootstrap", [await f.governor.getAddress(), []]);
      await expect(wallet.execute(f.timelock, data))
        .to.emit(f.timelock, "BootstrapCompleted")
        .withArgs(await f.governor.getAddress(), [], await wallet.getAddress());
      expect(await f.timelock.hasRole(DEFAULT_ADMIN_ROLE, wallet)).to.equal(false);
    });

    it("refuses a governor without code, the zero address included", async () => {
      const f = await loadFixture(beforeBootstrap);
      await time.increase(DEFAULT_ADMIN_TRANSFER_DELAY + 1n);
      for (const governor of [f.outsider.address, ethers.ZeroAddress]) {
        await expect(f.timelock.completeBootstrap(governor, [f.directory]))
          .to.be.revertedWithCustomError(f.timelock, "ConsortiumTimelockInvalidGovernor")
          .withArgs(governor);
      }
    });

    it("refuses every account but its admin", async () => {
      const f = await loadFixture(beforeBootstrap);
      await time.increase(DEFAULT_ADMIN_TRANSFER_DELAY + 1n);
      for (const account of [f.manufacturer, f.outsider]) {
        await expect(f.timelock.connect(account).completeBootstrap(f.governor, [f.directory]))
          .to.be.revertedWithCustomError(f.timelock, "AccessControlUnauthorizedAccount")
          .withArgs(account.address, DEFAULT_ADMIN_ROLE);
      }
    });

    it("fails as a whole while the directory's admin delay runs, and can be retried after it", async () => {
      const f = await loadFixture(beforeBootstrap);
      const [, schedule] = await f.directory.pendingDefaultAdmin();
      await expect(f.timelock.completeBootstrap(f.governor, [f.directory]))
        .to.be.revertedWithCustomError(f.directory, "AccessControlEnforcedDefaultAdminDelay")
        .withArgs(schedule);
      expect(await f.timelock.hasRole(PROPOSER_ROLE, f.governor)).to.equal(false);
      await time.increase(DEFAULT_ADMIN_TRANSFER_DELAY + 1n);
      await expect(f.timelock.completeBootstrap(f.governor, [f.directory])).to.emit(f.timelock, "BootstrapCompleted");
    });

    it("runs once: afterwards nobody holds the role it needs", async () => {
      const f = await loadFixture(governanceFixture);
      await expect(f.timelock.completeBootstrap(f.governor, []))
        .to.be.revertedWithCustomError(f.timelock, "AccessControlUnauthorizedAccount")
        .withArgs(f.admin.address, DEFAULT_ADMIN_ROLE);
    });

    it("accepts no contract when given none, and still hands the timelock to the governor", async () => {
      const f = await loadFixture(beforeBootstrap);
      await expect(f.timelock.completeBootstrap(f.governor, []))
        .to.emit(f.timelock, "BootstrapCompleted")
        .withArgs(await f.governor.getAddress(), [], f.admin.address);
      expect(await f.directory.isAdmin(f.admin)).to.equal(true);
    });
  });
});
