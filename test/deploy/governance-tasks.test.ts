import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { readManifest } from "../../src/manifest";
import { createConfig } from "../../src/indexer/config";
import { createIndexer } from "../../src/indexer/sync/indexer";
import { openAudit } from "../../src/indexer/audit";
import { verifyDatabase } from "../../src/indexer/verify/verify";
import { organisationText } from "../../src/indexer/format/text";
import { serveHardhatNetwork } from "../indexer/helpers/hardhat-rpc";
import { configOf, deployInProcess } from "./support/in-process";
import { FOUNDERS, NEWCOMER, governedConsortium } from "./support/governed";
import { expectDone, expectRefused, udi } from "./support/tasks";

/** The governed consortium deployed with --governance, its manifest in a temporary folder. */
async function governed() {
  const { raw, signers } = await governedConsortium();
  const d = await deployInProcess(configOf(raw), undefined, { governance: true });
  return { ...d, manifest: d.manifestPath, signers };
}

/** Indexes the in-process chain (served over loopback HTTP) into a fresh database and verifies it. */
async function indexAndVerify(manifestFile: string) {
  const rpc = await serveHardhatNetwork();
  try {
    const manifest = readManifest(manifestFile);
    const dbPath = path.join(mkdtempSync(path.join(tmpdir(), "udi-governance-")), "audit.sqlite");
    const indexer = createIndexer(createConfig({ rpcUrl: rpc.url, manifest, dbPath }));
    await indexer.run();
    indexer.store.close();
    return { report: await verifyDatabase({ rpcUrl: rpc.url, manifest, dbPath }), dbPath };
  } finally {
    await rpc.close();
  }
}

const ID = /^proposal (\d+): 1 call\(s\); votes in blocks \d+ to \d+$/;

describe("governance tasks (npx hardhat udi propose|vote|queue|execute|proposals)", () => {
  it("admits an organisation by vote: propose, four of seven vote, queue, wait, execute — once", async () => {
    const { directory, manifest, signers } = await loadFixture(governed);
    const account = signers[10].address;
    const proposed = await udi("propose", {
      manifest,
      from: signers[1].address,
      operation: "admit",
      gln: NEWCOMER,
      roles: "Distributor",
      account,
    });
    expect(proposed.err).to.deep.equal([]);
    expect(proposed.out[0]).to.match(
      new RegExp(`^propose "admit --gln ${NEWCOMER} --roles Distributor --account ${account}": done in block`),
    );
    const proposalId = ID.exec(proposed.out[1])![1];
    await mine(1);
    for (const i of [1, 2, 3, 4]) {
      const from = signers[i].address;
      expectDone(await udi("vote", { manifest, from, proposal: proposalId, support: "For", reason: `member ${i}` }), [
        new RegExp(`vote For on proposal ${proposalId}`),
      ]);
    }
    await expectRefused(
      udi("queue", { manifest, proposal: proposalId }),
      "TRANSACTION",
      /^udi queue: queue proposal \d+: the chain would revert with GovernorUnexpectedProposalState\(proposalId=\d+, current="Active"/,
    );
    await mine(10);
    const listed = await udi("proposals", { manifest });
    expect(listed.out[0]).to.match(
      new RegExp(`^proposal ${proposalId}: Succeeded; for 4, against 0, abstain 0 \\(quorum 3\\); votes blocks`),
    );
    expect(listed.out[1]).to.equal(
      `  ConsortiumDirectory.admitOrganisation(gln=${BigInt(NEWCOMER)}, roles=4, account=${account})`,
    );
    const queued = await udi("queue", { manifest, proposal: proposalId });
    expect(queued.out[1]).to.match(new RegExp(`^proposal ${proposalId} can be executed after \\d{4}-`));
    await expectRefused(
      udi("execute", { manifest, proposal: proposalId }),
      "TRANSACTION",
      /the chain would revert with TimelockUnexpectedOperationState/,
    );
    await time.increase(3600);
    expectDone(await udi("execute", { manifest, proposal: proposalId }), [
      new RegExp(`execute proposal ${proposalId}`),
    ]);
    expect((await directory.organisation(NEWCOMER)).status).to.equal(1n);
    expect(await directory.organisationOf(account)).to.equal(BigInt(NEWCOMER));
    await expectRefused(
      udi("execute", { manifest, proposal: proposalId }),
      "TRANSACTION",
      /GovernorUnexpectedProposalState\(proposalId=\d+, current="Executed"/,
    );

    // The index shows the admission with the proposal and the votes that made it, and verifies against the chain.
    const { report, dbPath } = await indexAndVerify(manifest);
    expect(report.ok, JSON.stringify(report.views.differences)).to.be.true;
    const audit = openAudit(dbPath);
    try {
      const trail = audit.organisation(NEWCOMER);
      expect(trail.state).to.deep.include({ status: "Active", roles: 4, accounts: [account.toLowerCase()] });
      expect(trail.decisions).to.have.length(1);
      expect(trail.decisions[0]).to.deep.include({ proposalId, tally: { for: 4, against: 0, abstain: 0 } });
      expect(trail.decisions[0].votes.map((v) => [v.organisation, v.support, v.reason])).to.deep.equal(
        [1, 2, 3, 4].map((i) => [FOUNDERS[i - 1].gln, "For", `member ${i}`]),
      );
      expect(trail.events.map((e) => e.event)).to.deep.equal([
        "ProposalCreated",
        "VoteCast",
        "VoteCast",
        "VoteCast",
        "VoteCast",
        "CallScheduled",
        "CallSalt",
        "ProposalQueued",
        "OrganisationAdmitted",
        "AccountAdded",
        "CallExecuted",
        "ProposalExecuted",
      ]);
      expect(organisationText(trail)).to.include(`decided by proposal ${proposalId} (for 4, against 0, abstain 0)`);
    } finally {
      audit.close();
    }
  });

  it("refuses bad arguments, outsiders, a second vote of one organisation and direct admin calls, sending nothing", async () => {
    const { manifest, signers } = await loadFixture(governed);
    await expectRefused(
      udi("propose", { manifest, operation: "crown", gln: NEWCOMER }),
      "USAGE",
      /^udi propose: operation: unknown operation \(expected one of admit, suspend, .*unpause\)$/,
    );
    await expectRefused(
      udi("propose", { manifest, operation: "admit", roles: "Distributor" }),
      "USAGE",
      /^udi propose: --gln: is required for this operation$/,
    );
    await expectRefused(
      udi("propose", { manifest, operation: "unpause" }),
      "USAGE",
      /operation: no contract is paused/,
    );
    await expectRefused(
      udi("vote", { manifest, proposal: "12x", support: "For" }),
      "USAGE",
      /^udi vote: --proposal: "12x" is not a proposal id \(a decimal integer\)$/,
    );
    const proposed = await udi("propose", {
      manifest,
      from: signers[2].address,
      operation: "suspend",
      gln: FOUNDERS[6].gln,
    });
    const proposalId = ID.exec(proposed.out[1])![1];
    await mine(1);
    await expectRefused(
      udi("vote", { manifest, proposal: proposalId, support: "Yes" }),
      "USAGE",
      /^udi vote: --support: "Yes" is not a vote \(For, Against or Abstain\)$/,
    );
    await expectRefused(
      udi("vote", { manifest, from: signers[12].address, proposal: proposalId, support: "For" }),
      "TRANSACTION",
      new RegExp(`ConsortiumGovernorNotMember\\(account="${signers[12].address}"\\)`),
    );
    await udi("vote", { manifest, from: signers[3].address, proposal: proposalId, support: "Against" });
    await expectRefused(
      udi("vote", { manifest, from: signers[3].address, proposal: proposalId, support: "For" }),
      "TRANSACTION",
      /the chain would revert with (GovernorAlreadyCastVote|ConsortiumGovernorOrganisationAlreadyVoted)/,
    );
    await expectRefused(
      udi("admit", { manifest, gln: NEWCOMER, roles: "Distributor", account: signers[11].address }),
      "NOT_ADMIN",
      /is not the consortium admin$/,
    );
    await expectRefused(
      udi("unpause", { manifest, from: signers[8].address }),
      "NOT_ADMIN",
      /is not the consortium admin$/,
    );
  });

  it("lets the guardian pause at once; unpausing takes a proposal, and the index shows it all and verifies", async () => {
    const { manifest, signers, directory } = await loadFixture(governed);
    const paused = await udi("pause", { manifest, from: signers[8].address });
    expect(paused.out).to.have.length(6);
    expect(await directory.paused()).to.be.true;
    const proposed = await udi("propose", { manifest, from: signers[5].address, operation: "unpause" });
    expect(proposed.out[1]).to.match(/^proposal (\d+): 6 call\(s\)/);
    const proposalId = /^proposal (\d+)/.exec(proposed.out[1])![1];
    await mine(1);
    for (const i of [1, 2, 3])
      await udi("vote", { manifest, from: signers[i].address, proposal: proposalId, support: "For" });
    await udi("vote", {
      manifest,
      from: signers[4].address,
      proposal: proposalId,
      support: "Abstain",
      reason: "no view",
    });
    await mine(10);
    await udi("queue", { manifest, proposal: proposalId });
    await time.increase(3600);
    await udi("execute", { manifest, proposal: proposalId });
    expect(await directory.paused()).to.be.false;

    const { report } = await indexAndVerify(manifest);
    expect(report.views.differences).to.deep.equal([]);
    expect(report.governanceLogs.map((g) => [g.contract, g.ok])).to.deep.equal([
      ["ConsortiumTimelock", true],
      ["ConsortiumGovernor", true],
    ]);
    expect(report.ok).to.be.true;
  });
});
