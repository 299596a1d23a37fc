import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { DEFAULT_ADMIN_TRANSFER_DELAY } from "../../ignition/modules/UdiLedger";
import { consortiumFixture, GLN, gln } from "../fixtures";
import { expectLedgerHeadReplays, memberAccounts } from "../helpers/directory";

/** The root consortium (8 organisations), a guardian, a removed account and a rotated one, validators unset. */
async function networkFixture() {
  const f = await consortiumFixture();
  const s = await ethers.getSigners();
  const [guardian, removed, rotatedTo, validatorA, validatorB, validatorC] = s.slice(11, 17);
  await f.directory.grantRole(await f.directory.GUARDIAN_ROLE(), guardian);
  await f.directory.addAccount(GLN.distributor, removed);
  await f.directory.removeAccount(removed);
  return { ...f, guardian, removed, rotatedTo, validators: [validatorA, validatorB, validatorC] };
}

/** Besu's call: only the sender decides; the other arguments vary to show they do not. */
const allowed = (f: Awaited<ReturnType<typeof networkFixture>>, sender: string) =>
  Promise.all([
    f.directory.transactionAllowed(sender, ethers.ZeroAddress, 0n, 0n, 21_000n, "0x"),
    f.directory.transactionAllowed(sender, f.directory, 10n ** 18n, 1n, 30_000_000n, "0x12345678"),
  ]);

describe("ConsortiumDirectory: Besu's account rules (transactionAllowed)", () => {
  it("allows every account of every active organisation, the admin and the guardian", async () => {
    const f = await loadFixture(networkFixture);
    for (const { name, signer } of memberAccounts(f)) {
      expect(await allowed(f, signer.address), name).to.deep.equal([true, true]);
    }
    expect(await allowed(f, f.admin.address)).to.deep.equal([true, true]);
    expect(await allowed(f, f.guardian.address)).to.deep.equal([true, true]);
  });

  it("refuses outsiders, the zero address and a removed account", async () => {
    const f = await loadFixture(networkFixture);
    for (const sender of [f.outsider.address, f.spare.address, ethers.ZeroAddress, f.removed.address]) {
      expect(await allowed(f, sender), sender).to.deep.equal([false, false]);
    }
  });

  it("follows a rotation: refuses the rotated-away account and allows its replacement", async () => {
    const f = await loadFixture(networkFixture);
    await f.directory.connect(f.hospital).rotateAccount(f.hospital, f.rotatedTo);
    expect(await allowed(f, f.hospital.address)).to.deep.equal([false, false]);
    expect(await allowed(f, f.rotatedTo.address)).to.deep.equal([true, true]);
  });

  it("refuses every account of a suspended organisation until it is reactivated", async () => {
    const f = await loadFixture(networkFixture);
    const second = f.rotatedTo;
    await f.directory.addAccount(GLN.regulator, second);
    await f.directory.suspendOrganisation(GLN.regulator);
    for (const account of [f.regulator, second])
      expect(await allowed(f, account.address)).to.deep.equal([false, false]);
    expect(await allowed(f, f.hospital.address)).to.deep.equal([true, true]);
    await f.directory.reactivateOrganisation(GLN.regulator);
    for (const account of [f.regulator, second]) expect(await allowed(f, account.address)).to.deep.equal([true, true]);
  });

  it("stops allowing a guardian once its role is revoked, and a former admin after a transfer", async () => {
    const f = await loadFixture(networkFixture);
    await f.directory.revokeRole(await f.directory.GUARDIAN_ROLE(), f.guardian);
    expect(await allowed(f, f.guardian.address)).to.deep.equal([false, false]);
    await f.directory.beginDefaultAdminTransfer(f.spare);
    await time.increase(DEFAULT_ADMIN_TRANSFER_DELAY + 1n);
    await f.directory.connect(f.spare).acceptDefaultAdminTransfer();
    expect(await allowed(f, f.admin.address)).to.deep.equal([false, false]);
    expect(await allowed(f, f.spare.address)).to.deep.equal([true, true]);
  });

  it("keeps answering while the directory is paused, so the consortium can still vote to unpause", async () => {
    const f = await loadFixture(networkFixture);
    await f.directory.pause();
    expect(await allowed(f, f.manufacturer.address)).to.deep.equal([true, true]);
    expect(await allowed(f, f.outsider.address)).to.deep.equal([false, false]);
  });
});

describe("ConsortiumDirectory: QBFT validators (getValidators, setOrganisationValidator)", () => {
  const sorted = (list: string[]) => [...list].sort();

  it("starts with no validator", async () => {
    const f = await loadFixture(networkFixture);
    expect(await f.directory.getValidators()).to.deep.equal([]);
    expect(await f.directory.validatorOf(GLN.hospital)).to.equal(ethers.ZeroAddress);
  });

  it("sets, changes and clears an organisation's validator, with the previous address in each event", async () => {
    const f = await loadFixture(networkFixture);
    const [a, b] = f.validators.map((v) => v.address);
    await expect(f.directory.setOrganisationValidator(GLN.hospital, a))
      .to.emit(f.directory, "OrganisationValidatorChanged")
      .withArgs(GLN.hospital, ethers.ZeroAddress, a, f.admin.address);
    expect(await f.directory.validatorOf(GLN.hospital)).to.equal(a);
    expect(await f.directory.getValidators()).to.deep.equal([a]);
    await expect(f.directory.setOrganisationValidator(GLN.hospital, b))
      .to.emit(f.directory, "OrganisationValidatorChanged")
      .withArgs(GLN.hospital, a, b, f.admin.address);
    expect(await f.directory.getValidators()).to.deep.equal([b]);
    // The old address is free again: another organisation may take it.
    await f.directory.setOrganisationValidator(GLN.distributor, a);
    expect(sorted(await f.directory.getValidators())).to.deep.equal(sorted([a, b]));
    await expect(f.directory.setOrganisationValidator(GLN.hospital, ethers.ZeroAddress))
      .to.emit(f.directory, "OrganisationValidatorChanged")
      .withArgs(GLN.hospital, b, ethers.ZeroAddress, f.admin.address);
    expect(await f.directory.getValidators()).to.deep.equal([a]);
    expect(await f.directory.validatorOf(GLN.hospital)).to.equal(ethers.ZeroAddress);
    // Cleared, the address can be used by anyone again.
    await f.directory.setOrganisationValidator(GLN.regulator, b);
    expect(sorted(await f.directory.getValidators())).to.deep.equal(sorted([a, b]));
    await expectLedgerHeadReplays(f.directory);
  });

  it("leaves out the validators of suspended organisations and takes them back on reactivation", async () => {
    const f = await loadFixture(networkFixture);
    const [a, b, c] = f.validators.map((v) => v.address);
    await f.directory.setOrganisationValidator(GLN.hospital, a);
    await f.directory.setOrganisationValidator(GLN.distributor, b);
    await f.directory.setOrganisationValidator(GLN.regulator, c);
    await f.directory.suspendOrganisation(GLN.distributor);
    expect(sorted(await f.directory.getValidators())).to.deep.equal(sorted([a, c]));
    await f.directory.suspendOrganisation(GLN.hospital);
    expect(await f.directory.getValidators()).to.deep.equal([c]);
    await f.directory.reactivateOrganisation(GLN.distributor);
    expect(sorted(await f.directory.getValidators())).to.deep.equal(sorted([b, c]));
    expect(await f.directory.validatorOf(GLN.hospital)).to.equal(a);
  });

  it("refuses an unknown organisation", async () => {
    const f = await loadFixture(networkFixture);
    const unknown = gln("061414900001");
    await expect(f.directory.setOrganisationValidator(unknown, f.validators[0]))
      .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownOrganisation")
      .withArgs(unknown);
  });

  it("refuses the address it already has, and clearing when there is none", async () => {
    const f = await loadFixture(networkFixture);
    const a = f.validators[0].address;
    await expect(f.directory.setOrganisationValidator(GLN.hospital, ethers.ZeroAddress))
      .to.be.revertedWithCustomError(f.directory, "DirectoryValidatorUnchanged")
      .withArgs(GLN.hospital, ethers.ZeroAddress);
    await f.directory.setOrganisationValidator(GLN.hospital, a);
    await expect(f.directory.setOrganisationValidator(GLN.hospital, a))
      .to.be.revertedWithCustomError(f.directory, "DirectoryValidatorUnchanged")
      .withArgs(GLN.hospital, a);
  });

  it("refuses another organisation's validator address", async () => {
    const f = await loadFixture(networkFixture);
    const a = f.validators[0].address;
    await f.directory.setOrganisationValidator(GLN.hospital, a);
    await expect(f.directory.setOrganisationValidator(GLN.distributor, a))
      .to.be.revertedWithCustomError(f.directory, "DirectoryValidatorInUse")
      .withArgs(a, GLN.hospital);
    expect(await f.directory.validatorOf(GLN.distributor)).to.equal(ethers.ZeroAddress);
  });

  it("accepts a validator for a suspended organisation, listed once it is reactivated", async () => {
    const f = await loadFixture(networkFixture);
    const a = f.validators[0].address;
    await f.directory.suspendOrganisation(GLN.hospital);
    await f.directory.setOrganisationValidator(GLN.hospital, a);
    expect(await f.directory.getValidators()).to.deep.equal([]);
    await f.directory.reactivateOrganisation(GLN.hospital);
    expect(await f.directory.getValidators()).to.deep.equal([a]);
  });
});
