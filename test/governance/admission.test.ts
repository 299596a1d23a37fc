import { expect } from "chai";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { OrganisationStatus } from "../helpers/directory";
import {
  FOUNDERS,
  NEW_GLN,
  NEW_ROLES,
  ProposalState,
  QUORUM_PERCENT,
  TIMELOCK_DELAY,
  VOTING_DELAY,
  VOTING_PERIOD,
  Vote,
  admission,
  closeVote,
  execute,
  governanceFixture,
  open,
  propose,
  queue,
  vote,
} from "./fixture";

describe("governance: admitting an organisation by proposal (7 members, quorum 60 %)", () => {
  it("counts 7 active organisations at the snapshot and sets the quorum to 4 votes", async () => {
    const f = await loadFixture(governanceFixture);
    const p = await admission(f);
    await open(f, p);
    const snapshot = await f.governor.proposalSnapshot(p.id);
    expect(await f.directory.getPastTotalSupply(snapshot)).to.equal(7n);
    expect(await f.governor.quorum(snapshot)).to.equal((7n * QUORUM_PERCENT) / 100n);
    expect(await f.governor.quorum(snapshot)).to.equal(4n);
  });

  it("passes with the quorum, waits out the delay, executes once and admits the organisation", async () => {
    const f = await loadFixture(governanceFixture);
    const p = await admission(f);
    const snapshot = BigInt(await time.latestBlock()) + 1n + VOTING_DELAY;
    await expect(f.governor.connect(f.manufacturer).propose(p.targets, p.values, p.calldatas, p.description))
      .to.emit(f.governor, "ProposalCreated")
      .withArgs(
        p.id,
        f.manufacturer.address,
        p.targets,
        p.values,
        [""],
        p.calldatas,
        snapshot,
        snapshot + VOTING_PERIOD,
        p.description,
      );
    await mine(2);
    expect(await f.governor.state(p.id)).to.equal(ProposalState.Active);
    const voters = FOUNDERS.slice(0, 4);
    for (const name of voters) {
      await expect(f.governor.connect(f[name]).castVote(p.id, Vote.For))
        .to.emit(f.governor, "VoteCast")
        .withArgs(f[name].address, p.id, Vote.For, 1n, "");
    }
    expect(await f.governor.proposalVotes(p.id)).to.deep.equal([0n, 4n, 0n]);
    await mine(VOTING_PERIOD);
    expect(await f.governor.state(p.id)).to.equal(ProposalState.Succeeded);

    await expect(queue(f, p)).to.emit(f.governor, "ProposalQueued");
    expect(await f.governor.state(p.id)).to.equal(ProposalState.Queued);
    await expect(execute(f, p)).to.be.revertedWithCustomError(f.timelock, "TimelockUnexpectedOperationState");
    await time.increase(TIMELOCK_DELAY);

    await expect(execute(f, p))
      .to.emit(f.directory, "OrganisationAdmitted")
      .withArgs(NEW_GLN, NEW_ROLES, f.newcomer.address, await f.timelock.getAddress())
      .and.to.emit(f.governor, "ProposalExecuted")
      .withArgs(p.id);
    expect(await f.governor.state(p.id)).to.equal(ProposalState.Executed);
    expect((await f.directory.organisation(NEW_GLN)).status).to.equal(OrganisationStatus.Active);

    await expect(execute(f, p))
      .to.be.revertedWithCustomError(f.governor, "GovernorUnexpectedProposalState")
      .withArgs(p.id, ProposalState.Executed, "0x0000000000000000000000000000000000000000000000000000000000000030");
  });

  it("fails without the quorum: 3 votes for and none against is defeated and cannot be queued", async () => {
    const f = await loadFixture(governanceFixture);
    const p = await admission(f);
    await closeVote(f, p, FOUNDERS.slice(0, 3));
    expect(await f.governor.quorum(await f.governor.proposalSnapshot(p.id))).to.equal(4n);
    expect(await f.governor.state(p.id)).to.equal(ProposalState.Defeated);
    await expect(queue(f, p)).to.be.revertedWithCustomError(f.governor, "GovernorUnexpectedProposalState");
    await expect(execute(f, p)).to.be.revertedWithCustomError(f.governor, "GovernorUnexpectedProposalState");
    expect((await f.directory.organisation(NEW_GLN)).status).to.equal(OrganisationStatus.None);
  });

  it("counts abstentions towards the quorum but not the majority: 3 for, 1 abstain passes; 2 for, 2 against fails", async () => {
    const f = await loadFixture(governanceFixture);
    const passing = await admission(f, "abstention reaches the quorum");
    const tied = await admission(f, "a tie is defeated");
    await open(f, passing);
    await f.governor.connect(f.manufacturer).propose(tied.targets, tied.values, tied.calldatas, tied.description);
    await mine(2);
    await vote(f, passing, FOUNDERS.slice(0, 3));
    await vote(f, passing, ["service"], Vote.Abstain);
    await vote(f, tied, FOUNDERS.slice(0, 2));
    await vote(f, tied, FOUNDERS.slice(2, 4), Vote.Against);
    await mine(VOTING_PERIOD);
    expect(await f.governor.state(passing.id)).to.equal(ProposalState.Succeeded);
    expect(await f.governor.state(tied.id)).to.equal(ProposalState.Defeated);
  });

  it("cannot execute before the timelock's delay has passed, even one second before", async () => {
    const f = await loadFixture(governanceFixture);
    const p = await admission(f);
    await closeVote(f, p);
    await queue(f, p);
    const eta = await f.governor.proposalEta(p.id);
    await time.setNextBlockTimestamp(eta - 1n);
    await expect(execute(f, p)).to.be.revertedWithCustomError(f.timelock, "TimelockUnexpectedOperationState");
    await time.setNextBlockTimestamp(eta);
    await expect(execute(f, p)).to.emit(f.directory, "OrganisationAdmitted");
  });

  it("needs queuing, and lets its proposer cancel it while pending, which the timelock never schedules", async () => {
    const f = await loadFixture(governanceFixture);
    const p = await admission(f);
    expect(await f.governor.proposalNeedsQueuing(p.id)).to.equal(true);
    await propose(f, p);
    await expect(f.governor.connect(f.manufacturer).cancel(p.targets, p.values, p.calldatas, p.descriptionHash))
      .to.emit(f.governor, "ProposalCanceled")
      .withArgs(p.id);
    expect(await f.governor.state(p.id)).to.equal(ProposalState.Canceled);
    await mine(2);
    await expect(f.governor.connect(f.hospital).castVote(p.id, Vote.For)).to.be.revertedWithCustomError(
      f.governor,
      "GovernorUnexpectedProposalState",
    );
  });
});
