import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { BaseContract } from "ethers";
import { GLN, Role } from "../fixtures";
import { DEFAULT_ADMIN_ROLE, expectLedgerHeadReplays } from "../helpers/directory";
import { NEW_GLN, NEW_ROLES, enact, governanceFixture, proposal, type Governed } from "./fixture";

const CONTRACTS = ["directory", "products", "devices", "lifecycle", "recalls", "anchors"] as const;

/** One proposal unpausing all six contracts. */
const unpauseAll = (f: Governed) =>
  proposal(
    f,
    CONTRACTS.map((key) => [f[key], f[key].interface.encodeFunctionData("unpause")]),
    "Unpause everything",
  );

describe("governance: the emergency guardian", () => {
  it("pauses every contract at once, with no proposal, and is the actor of each Paused event", async () => {
    const f = await loadFixture(governanceFixture);
    for (const key of CONTRACTS) {
      await expect(f[key].connect(f.guardian).pause()).to.emit(f[key], "Paused").withArgs(f.guardian.address);
      expect(await f[key].paused()).to.equal(true);
    }
    await expectLedgerHeadReplays(f.directory);
  });

  it("refuses a contract a guardian calls through, naming the contract: the pauser is msg.sender, not tx.origin", async () => {
    const f = await loadFixture(governanceFixture);
    const wallet = await ethers.deployContract("ContractWallet", [], f.guardian);
    const address = await wallet.getAddress();
    for (const key of CONTRACTS) {
      const data = f[key].interface.encodeFunctionData("pause");
      const error = key === "directory" ? "DirectoryUnauthorisedPause" : "ConsortiumGatedUnauthorised";
      await expect(wallet.connect(f.guardian).execute(f[key], data))
        .to.be.revertedWithCustomError(f[key] as unknown as BaseContract, error)
        .withArgs(address);
    }
  });

  it("checks the pauser before the pause state: a second pause by an outsider is refused as unauthorised", async () => {
    const f = await loadFixture(governanceFixture);
    for (const key of CONTRACTS) {
      await f[key].connect(f.guardian).pause();
      const error = key === "directory" ? "DirectoryUnauthorisedPause" : "ConsortiumGatedUnauthorised";
      await expect(f[key].connect(f.outsider).pause())
        .to.be.revertedWithCustomError(f[key] as unknown as BaseContract, error)
        .withArgs(f.outsider.address);
      await expect(f[key].connect(f.guardian).pause()).to.be.revertedWithCustomError(f[key], "EnforcedPause");
    }
  });

  it("cannot unpause: the directory and every registry refuse it", async () => {
    const f = await loadFixture(governanceFixture);
    for (const key of CONTRACTS) await f[key].connect(f.guardian).pause();
    await expect(f.directory.connect(f.guardian).unpause())
      .to.be.revertedWithCustomError(f.directory, "AccessControlUnauthorizedAccount")
      .withArgs(f.guardian.address, DEFAULT_ADMIN_ROLE);
    for (const key of CONTRACTS.slice(1)) {
      await expect(f[key].connect(f.guardian).unpause())
        .to.be.revertedWithCustomError(f[key] as unknown as BaseContract, "ConsortiumGatedUnauthorised")
        .withArgs(f.guardian.address);
    }
  });

  it("cannot admit, suspend, grant a role or an access-control role", async () => {
    const f = await loadFixture(governanceFixture);
    const d = f.directory.connect(f.guardian);
    const guardianRole = await f.directory.GUARDIAN_ROLE();
    for (const call of [
      () => d.admitOrganisation(NEW_GLN, NEW_ROLES, f.newcomer),
      () => d.suspendOrganisation(GLN.distributor),
      () => d.grantOrganisationRole(GLN.distributor, Role.Regulator),
      () => d.grantRole(guardianRole, f.newcomer),
    ]) {
      await expect(call())
        .to.be.revertedWithCustomError(f.directory, "AccessControlUnauthorizedAccount")
        .withArgs(f.guardian.address, DEFAULT_ADMIN_ROLE);
    }
  });

  it("is undone by a proposal: the timelock unpauses all six contracts in one operation", async () => {
    const f = await loadFixture(governanceFixture);
    for (const key of CONTRACTS) await f[key].connect(f.guardian).pause();
    const tx = enact(f, await unpauseAll(f));
    for (const key of CONTRACTS)
      await expect(tx)
        .to.emit(f[key], "Unpaused")
        .withArgs(await f.timelock.getAddress());
    for (const key of CONTRACTS) expect(await f[key].paused()).to.equal(false);
  });

  it("is appointed and dismissed only by proposal", async () => {
    const f = await loadFixture(governanceFixture);
    const role = await f.directory.GUARDIAN_ROLE();
    const timelock = await f.timelock.getAddress();
    const appoint = await proposal(
      f,
      [[f.directory, f.directory.interface.encodeFunctionData("grantRole", [role, f.newcomer.address])]],
      "Appoint a second guardian",
    );
    await expect(enact(f, appoint)).to.emit(f.directory, "RoleGranted").withArgs(role, f.newcomer.address, timelock);
    expect(await f.directory.isPauser(f.newcomer)).to.equal(true);
    const dismiss = await proposal(
      f,
      [[f.directory, f.directory.interface.encodeFunctionData("revokeRole", [role, f.guardian.address])]],
      "Dismiss the first guardian",
    );
    await expect(enact(f, dismiss)).to.emit(f.directory, "RoleRevoked").withArgs(role, f.guardian.address, timelock);
    await expect(f.directory.connect(f.guardian).pause())
      .to.be.revertedWithCustomError(f.directory, "DirectoryUnauthorisedPause")
      .withArgs(f.guardian.address);
    await expectLedgerHeadReplays(f.directory);
  });

  it("lets a proposal pause the directory and a registry and set a validator, the timelock their actor", async () => {
    const f = await loadFixture(governanceFixture);
    const timelock = await f.timelock.getAddress();
    const node = f.newcomer.address;
    const p = await proposal(
      f,
      [
        [f.directory, f.directory.interface.encodeFunctionData("setOrganisationValidator", [GLN.hospital, node])],
        [f.directory, f.directory.interface.encodeFunctionData("pause")],
        [f.products, f.products.interface.encodeFunctionData("pause")],
      ],
      "Mark the hospital's validator, then pause",
    );
    const tx = enact(f, p);
    await expect(tx)
      .to.emit(f.directory, "OrganisationValidatorChanged")
      .withArgs(GLN.hospital, ethers.ZeroAddress, node, timelock);
    await expect(tx).to.emit(f.directory, "Paused").withArgs(timelock);
    await expect(tx).to.emit(f.products, "Paused").withArgs(timelock);
    await expectLedgerHeadReplays(f.directory);
    await expectLedgerHeadReplays(f.products);
  });

  it("names the admin and the guardians as pausers, and nobody else", async () => {
    const f = await loadFixture(governanceFixture);
    expect(await f.directory.GUARDIAN_ROLE()).to.equal(ethers.id("GUARDIAN_ROLE"));
    expect(await f.directory.isPauser(f.timelock)).to.equal(true);
    expect(await f.directory.isPauser(f.guardian)).to.equal(true);
    for (const account of [f.admin, f.manufacturer, f.regulator, f.outsider]) {
      expect(await f.directory.isPauser(account)).to.equal(false);
    }
  });
});
