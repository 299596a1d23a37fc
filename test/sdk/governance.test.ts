import { expect } from "chai";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { ContractRevertError, createClient, SdkInputError } from "../../src/sdk";
import { configOf, deployInProcess } from "../deploy/support/in-process";
import { NEWCOMER, governedConsortium } from "../deploy/support/governed";

async function governed() {
  const { raw, signers } = await governedConsortium();
  const d = await deployInProcess(configOf(raw), undefined, { governance: true });
  const client = (i: number) => createClient({ runner: signers[i], manifest: d.manifest });
  return { d, signers, client };
}

/** Expects an SDK input error naming `field`. */
async function expectInput(run: Promise<unknown>, field: string, reason: RegExp) {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, field).to.be.instanceOf(SdkInputError);
  expect((error as SdkInputError).field).to.equal(field);
  expect((error as SdkInputError).reason).to.match(reason);
}

describe("client.governance (the SDK's governance operations)", () => {
  it("proposes by operation name with the client's own calldata, votes with a reason and reads the tally", async () => {
    const { client, signers, d } = await loadFixture(governed);
    const action = {
      operation: "admitOrganisation",
      args: { gln: NEWCOMER, roles: ["Distributor"], account: signers[10].address },
    };
    const built = await client(1).governance.action(action);
    const direct = await d.directory.admitOrganisation.populateTransaction(
      BigInt(NEWCOMER),
      1 << 2,
      signers[10].address,
    );
    expect(built).to.deep.equal({ target: direct.to, value: 0n, calldata: direct.data });
    const { result } = await client(1).governance.propose({ actions: [action], description: "admit a distributor" });
    await mine(1);
    const { result: vote } = await client(2).governance.castVote({
      proposalId: result.proposalId,
      support: "For",
      reason: "known to us",
    });
    expect(vote.weight).to.equal(1n);
    const view = await client(3).governance.proposal(result.proposalId);
    expect(view).to.deep.include({ state: "Active", description: "admit a distributor", proposer: signers[1].address });
    expect(view.votes).to.deep.equal({ against: 0n, for: 1n, abstain: 0n });
    expect(view.quorum).to.equal(3n);
    expect(view.actions[0].call).to.equal(
      `admitOrganisation(gln=${BigInt(NEWCOMER)}, roles=4, account=${signers[10].address})`,
    );
    expect((await client(3).governance.proposals()).map((p) => p.proposalId)).to.deep.equal([result.proposalId]);
    const unsigned = await client(3).governance.unsigned.castVote({
      proposalId: result.proposalId,
      support: "Against",
    });
    expect(unsigned.to).to.equal(d.manifest.contracts.ConsortiumGovernor!.address);
  });

  it("refuses bad input naming the field, and decodes the governor's refusals", async () => {
    const { client, signers } = await loadFixture(governed);
    const g = client(1).governance;
    await expectInput(g.propose({ actions: [], description: "x" }), "actions", /at least one/);
    await expectInput(
      g.propose({ actions: [{ operation: "admitOrganisation", args: {} }], description: " " }),
      "description",
      /non-empty/,
    );
    await expectInput(
      g.propose({ actions: [{ operation: "crown" }], description: "x" }),
      "actions[0].operation",
      /is not an operation of directory \(admitOrganisation, /,
    );
    await expectInput(
      g.propose({ actions: [{ contract: "mint", operation: "pause" }], description: "x" }),
      "actions[0].contract",
      /is not a contract of the client/,
    );
    await expectInput(
      g.propose({ actions: [{ operation: "suspendOrganisation", args: { gln: "0614141000013" } }], description: "x" }),
      "actions[0].args.gln",
      /check digit/,
    );
    await expectInput(g.castVote({ proposalId: 42n, support: "For" }), "proposalId", /has no ProposalCreated event/);
    await expectInput(g.proposal("forty-two"), "proposalId", /must be an integer/);
    const { result } = await g.propose({
      actions: [{ contract: "devices", operation: "pause" }],
      description: "pause devices",
    });
    await expectInput(
      g.castVote({ proposalId: result.proposalId, support: "Yes" as never }),
      "support",
      /not a member/,
    );
    await mine(1);
    const outsider = createClient({ runner: signers[12], manifest: client(1).manifest });
    const refused = await outsider.governance
      .castVote({ proposalId: result.proposalId, support: "For" })
      .catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(ContractRevertError);
    expect((refused as ContractRevertError).errorName).to.be.oneOf([
      "GovernorUnexpectedProposalState",
      "ConsortiumGovernorNotMember",
    ]);
  });

  it("rejects every governance call on a deployment without governance, naming the manifest field", async () => {
    const { client, signers } = await loadFixture(governed);
    const { ConsortiumGovernor: _g, ConsortiumTimelock: _t, ...six } = client(1).manifest.contracts;
    const bare = createClient({ runner: signers[1], manifest: { ...client(1).manifest, contracts: six } });
    await expectInput(
      bare.governance.proposals(),
      "manifest.contracts.ConsortiumGovernor",
      /deployed without --governance/,
    );
    await expectInput(
      bare.governance.castVote({ proposalId: 1n, support: "For" }),
      "manifest.contracts.ConsortiumGovernor",
      /without --governance/,
    );
  });
});
