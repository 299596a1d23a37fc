import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { deploySystem, actors, GLN, Role, roleMask } from "../fixtures";

/** An empty directory and the block numbers of a history: admissions, a suspension, a reactivation. */
async function historyFixture() {
  const { directory } = await deploySystem();
  const a = await actors();
  const block = async () => BigInt(await ethers.provider.getBlockNumber());
  const empty = await block();
  await directory.admitOrganisation(GLN.manufacturer, roleMask(Role.Manufacturer), a.manufacturer);
  const one = await block();
  await directory.admitOrganisation(GLN.hospital, roleMask(Role.HealthcareProvider), a.hospital);
  const two = await block();
  await directory.suspendOrganisation(GLN.hospital);
  const suspended = await block();
  await directory.reactivateOrganisation(GLN.hospital);
  const reactivated = await block();
  await mine(1);
  return { directory, ...a, at: { empty, one, two, suspended, reactivated } };
}

describe("ConsortiumDirectory: one checkpointed vote per active organisation (IMembershipVotes)", () => {
  it("uses block numbers as its clock", async () => {
    const f = await loadFixture(historyFixture);
    expect(await f.directory.clock()).to.equal(await ethers.provider.getBlockNumber());
    expect(await f.directory.CLOCK_MODE()).to.equal("mode=blocknumber&from=default");
  });

  it("counts the active organisations at each past block", async () => {
    const f = await loadFixture(historyFixture);
    const { empty, one, two, suspended, reactivated } = f.at;
    const totals = [];
    for (const t of [empty, one, two, suspended, reactivated]) totals.push(await f.directory.getPastTotalSupply(t));
    expect(totals).to.deep.equal([0n, 1n, 2n, 1n, 2n]);
  });

  it("gives an account its organisation's vote at each past block: 1 while active, else 0", async () => {
    const f = await loadFixture(historyFixture);
    const { empty, one, two, suspended, reactivated } = f.at;
    const votes = [];
    for (const t of [empty, one, two, suspended, reactivated])
      votes.push(await f.directory.getPastVotes(f.hospital, t));
    expect(votes).to.deep.equal([0n, 0n, 1n, 0n, 1n]);
    expect(await f.directory.getPastVotes(f.manufacturer, one)).to.equal(1n);
    expect(await f.directory.getPastVotes(f.outsider, one)).to.equal(0n);
  });

  it("gives current votes: 1 to a member account, 0 to suspended, removed and unknown accounts", async () => {
    const f = await loadFixture(historyFixture);
    expect(await f.directory.getVotes(f.hospital)).to.equal(1n);
    await f.directory.addAccount(GLN.hospital, f.spare);
    expect(await f.directory.getVotes(f.spare)).to.equal(1n);
    await f.directory.suspendOrganisation(GLN.hospital);
    expect(await f.directory.getVotes(f.hospital)).to.equal(0n);
    await f.directory.removeAccount(f.manufacturer);
    expect(await f.directory.getVotes(f.manufacturer)).to.equal(0n);
    expect(await f.directory.getVotes(f.outsider)).to.equal(0n);
  });

  it("reads a removed account's past votes as none: the vote belongs to the organisation it now signs for", async () => {
    const f = await loadFixture(historyFixture);
    await f.directory.removeAccount(f.manufacturer);
    expect(await f.directory.getPastVotes(f.manufacturer, f.at.one)).to.equal(0n);
  });

  it("refuses to read the current block or the future", async () => {
    const f = await loadFixture(historyFixture);
    const now = await f.directory.clock();
    for (const t of [now, now + 1n, 2n ** 200n]) {
      await expect(f.directory.getPastVotes(f.hospital, t))
        .to.be.revertedWithCustomError(f.directory, "DirectoryFutureLookup")
        .withArgs(t, now);
      await expect(f.directory.getPastTotalSupply(t))
        .to.be.revertedWithCustomError(f.directory, "DirectoryFutureLookup")
        .withArgs(t, now);
    }
    expect(await f.directory.getPastTotalSupply(now - 1n)).to.equal(2n);
  });
});
