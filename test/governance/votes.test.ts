import { expect } from "chai";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { GLN } from "../fixtures";
import {
  FOUNDERS,
  NEW_GLN,
  ProposalState,
  VOTING_PERIOD,
  Vote,
  admission,
  enact,
  execute,
  governanceFixture,
  open,
  passAndQueue,
  proposal,
  propose,
  vote,
  type Governed,
} from "./fixture";

/**
 * A proposal P opened while another one, passed and queued, suspends the other hospital, removes the hospital's
 * second account and rotates the service's account to the spare: P's snapshot precedes those changes.
 */
async function changesDuringAVote() {
  const f = await governanceFixture();
  const d = f.directory.interface;
  const changes = await proposal(
    f,
    [
      [f.directory, d.encodeFunctionData("suspendOrganisation", [GLN.otherHospital])],
      [f.directory, d.encodeFunctionData("removeAccount", [f.hospitalSecond.address])],
      [f.directory, d.encodeFunctionData("rotateAccount", [f.service.address, f.spare.address])],
    ],
    "Suspend the other hospital, remove an account, rotate another",
  );
  await passAndQueue(f, changes);
  const p = await admission(f);
  await open(f, p);
  await execute(f, changes);
  return { ...f, p };
}

describe("governance: who votes, and how often", () => {
  it("names itself ConsortiumGovernor, in name() and in the EIP-712 domain that signed votes are checked against", async () => {
    const f = await loadFixture(governanceFixture);
    expect(await f.governor.name()).to.equal("ConsortiumGovernor");
    const domain = await f.governor.eip712Domain();
    expect(domain.name).to.equal("ConsortiumGovernor");
    expect(domain.verifyingContract).to.equal(await f.governor.getAddress());
  });

  it("refuses the vote of a suspended organisation, although it had a vote at the snapshot", async () => {
    const f = await loadFixture(changesDuringAVote);
    const snapshot = await f.governor.proposalSnapshot(f.p.id);
    expect(await f.directory.getPastVotes(f.otherHospital, snapshot)).to.equal(1n);
    expect(await f.directory.getVotes(f.otherHospital)).to.equal(0n);
    await expect(f.governor.connect(f.otherHospital).castVote(f.p.id, Vote.For))
      .to.be.revertedWithCustomError(f.governor, "ConsortiumGovernorOrganisationSuspended")
      .withArgs(GLN.otherHospital);
    expect(await f.governor.hasOrganisationVoted(f.p.id, GLN.otherHospital)).to.equal(false);
  });

  it("refuses the vote of a removed account and of a rotated-away account; the rotated-to account votes", async () => {
    const f = await loadFixture(changesDuringAVote);
    for (const gone of [f.hospitalSecond, f.service]) {
      await expect(f.governor.connect(gone).castVote(f.p.id, Vote.For))
        .to.be.revertedWithCustomError(f.governor, "ConsortiumGovernorNotMember")
        .withArgs(gone.address);
    }
    await expect(f.governor.connect(f.spare).castVote(f.p.id, Vote.For))
      .to.emit(f.governor, "VoteCast")
      .withArgs(f.spare.address, f.p.id, Vote.For, 1n, "");
    expect(await f.governor.hasOrganisationVoted(f.p.id, GLN.service)).to.equal(true);
  });

  it("still computes the quorum from the organisations active at the snapshot (7, so 4 votes)", async () => {
    const f = await loadFixture(changesDuringAVote);
    const snapshot = await f.governor.proposalSnapshot(f.p.id);
    expect(await f.governor.quorum(snapshot)).to.equal(4n);
    await mine(1);
    expect(await f.directory.getPastTotalSupply((await f.directory.clock()) - 1n)).to.equal(6n);
  });

  it("counts one vote per organisation: its second account is refused once the first voted", async () => {
    const f = await loadFixture(governanceFixture);
    const p = await admission(f);
    await open(f, p);
    expect(await f.governor.hasOrganisationVoted(p.id, GLN.hospital)).to.equal(false);
    await f.governor.connect(f.hospitalSecond).castVote(p.id, Vote.Against);
    expect(await f.governor.hasOrganisationVoted(p.id, GLN.hospital)).to.equal(true);
    expect(await f.governor.hasOrganisationVoted(p.id, GLN.distributor)).to.equal(false);
    for (const account of [f.hospital, f.hospitalSecond]) {
      await expect(f.governor.connect(account).castVote(p.id, Vote.For))
        .to.be.revertedWithCustomError(f.governor, "ConsortiumGovernorOrganisationAlreadyVoted")
        .withArgs(p.id, GLN.hospital);
    }
    expect(await f.governor.proposalVotes(p.id)).to.deep.equal([1n, 0n, 0n]);
  });

  it("keeps each proposal's votes apart: an organisation that voted on one votes on another", async () => {
    const f = await loadFixture(governanceFixture);
    const first = await admission(f, "first");
    const second = await admission(f, "second");
    await propose(f, first);
    await open(f, second);
    await vote(f, first, ["hospital"]);
    await expect(f.governor.connect(f.hospital).castVote(second.id, Vote.For)).to.emit(f.governor, "VoteCast");
  });

  it("refuses outsiders, the deployer and the guardian: they neither vote nor propose", async () => {
    const f = await loadFixture(governanceFixture);
    const p = await admission(f);
    await open(f, p);
    for (const account of [f.outsider, f.admin, f.guardian]) {
      await expect(f.governor.connect(account).castVote(p.id, Vote.For))
        .to.be.revertedWithCustomError(f.governor, "ConsortiumGovernorNotMember")
        .withArgs(account.address);
      const other = await admission(f, `proposed by ${account.address}`);
      await expect(propose(f, other, account))
        .to.be.revertedWithCustomError(f.governor, "GovernorInsufficientProposerVotes")
        .withArgs(account.address, 0n, 1n);
    }
  });

  it("gives no vote to an organisation admitted after the snapshot", async () => {
    const f = await loadFixture(governanceFixture);
    const p = await admission(f, "admit the newcomer");
    const later = await admission(f, "opened before the newcomer was admitted");
    await passAndQueue(f, p);
    await open(f, later);
    await execute(f, p);
    const snapshot = await f.governor.proposalSnapshot(later.id);
    await expect(f.governor.connect(f.newcomer).castVote(later.id, Vote.For))
      .to.be.revertedWithCustomError(f.governor, "ConsortiumGovernorNoVotingPower")
      .withArgs(f.newcomer.address, snapshot);
    expect(await f.governor.hasOrganisationVoted(later.id, NEW_GLN)).to.equal(false);
  });

  it("lets a newly admitted organisation propose and vote once its admission is in the past", async () => {
    const f = await loadFixture(governanceFixture);
    await enact(f, await admission(f));
    await mine(1);
    const q = await proposal(f, [[f.directory, f.directory.interface.encodeFunctionData("unpause")]], "noop");
    await expect(propose(f, q, f.newcomer)).to.emit(f.governor, "ProposalCreated");
    await mine(2);
    await expect(f.governor.connect(f.newcomer).castVote(q.id, Vote.For))
      .to.emit(f.governor, "VoteCast")
      .withArgs(f.newcomer.address, q.id, Vote.For, 1n, "");
  });

  it("refuses a vote outside the voting period with OpenZeppelin's state error", async () => {
    const f = await loadFixture(governanceFixture);
    const p = await admission(f);
    await propose(f, p);
    await expect(f.governor.connect(f.hospital).castVote(p.id, Vote.For)).to.be.revertedWithCustomError(
      f.governor,
      "GovernorUnexpectedProposalState",
    );
    await mine(2 + Number(VOTING_PERIOD));
    expect(await f.governor.state(p.id)).to.equal(ProposalState.Defeated);
    await expect(f.governor.connect(f.hospital).castVote(p.id, Vote.For)).to.be.revertedWithCustomError(
      f.governor,
      "GovernorUnexpectedProposalState",
    );
  });

  it("refuses a proposal from a suspended organisation.s account", async () => {
    const f = await loadFixture(changesDuringAVote);
    const other = await admission(f, "by the suspended hospital");
    await expect(propose(f, other, f.otherHospital))
      .to.be.revertedWithCustomError(f.governor, "GovernorInsufficientProposerVotes")
      .withArgs(f.otherHospital.address, 0n, 1n);
  });
});

describe("governance: the proposal threshold stays one vote or none", () => {
  const setThreshold = async (f: Governed, value: bigint) =>
    proposal(
      f,
      [[f.governor, f.governor.interface.encodeFunctionData("setProposalThreshold", [value])]],
      `threshold ${value}`,
    );

  it("refuses a threshold of 2, which no organisation could reach", async () => {
    const f = await loadFixture(governanceFixture);
    const p = await setThreshold(f, 2n);
    await passAndQueue(f, p, FOUNDERS.slice(0, 4));
    await expect(execute(f, p))
      .to.be.revertedWithCustomError(f.governor, "ConsortiumGovernorInvalidProposalThreshold")
      .withArgs(2n);
    expect(await f.governor.proposalThreshold()).to.equal(1n);
  });

  it("accepts 0 and 1 by proposal", async () => {
    const f = await loadFixture(governanceFixture);
    await expect(enact(f, await setThreshold(f, 0n)))
      .to.emit(f.governor, "ProposalThresholdSet")
      .withArgs(1n, 0n);
    await expect(enact(f, await setThreshold(f, 1n)))
      .to.emit(f.governor, "ProposalThresholdSet")
      .withArgs(0n, 1n);
  });
});
