import { udi, udiAction } from "./udi-scope";

/**
 * Governance: `npx hardhat udi propose|vote|queue|execute|proposals --network <name> [...]`, for a deployment made
 * with `npm run deploy -- --governance`. Each member organisation votes with any of its accounts (`--from`).
 */

const common = (task: ReturnType<typeof udi.task>) =>
  task
    .addOptionalParam("manifest", "manifest file (default deployments/<network>.json)")
    .addOptionalParam("from", "the account to sign with, one of the network's (default: the first)");

common(
  udi
    .task("propose", "Propose an admin operation to the consortium (admit, suspend, grant-role, …, unpause)")
    .addPositionalParam(
      "operation",
      "admit, suspend, reactivate, add-account, remove-account, grant-role, revoke-role, assign-prefix, revoke-prefix, grant-guardian, revoke-guardian, set-validator, unpause",
    )
    .addOptionalParam("gln", "GLN of the organisation (13 digits)")
    .addOptionalParam("roles", "comma-separated roles (admit)")
    .addOptionalParam("role", "one role (grant-role, revoke-role)")
    .addOptionalParam(
      "account",
      "an account (admit, add-account, remove-account, guardians; the node of set-validator)",
    )
    .addOptionalParam("prefix", "GS1 company prefix (assign-prefix, revoke-prefix)")
    .addOptionalParam("description", "what voters read (default: the operation and its arguments)"),
).setAction(udiAction("propose", (l, c, a) => l.governance.propose(c, a.operation!, a)));

common(
  udi
    .task("vote", "Cast the signer's organisation's vote on a proposal")
    .addParam("proposal", "the proposal id")
    .addParam("support", "For, Against or Abstain")
    .addOptionalParam("reason", "recorded with the vote (and in the audit trail)"),
).setAction(udiAction("vote", (l, c, a) => l.governance.vote(c, a.proposal, a.support, a.reason)));

common(udi.task("queue", "Queue a passed proposal in the timelock").addParam("proposal", "the proposal id")).setAction(
  udiAction("queue", (l, c, a) => l.governance.queue(c, a.proposal)),
);

common(
  udi
    .task("execute", "Execute a queued proposal once the timelock's delay has passed")
    .addParam("proposal", "the proposal id"),
).setAction(udiAction("execute", (l, c, a) => l.governance.execute(c, a.proposal)));

common(
  udi.task("proposals", "List the proposals with their state and tally").addOptionalParam("proposal", "only this one"),
).setAction(udiAction("proposals", (l, c, a) => l.governance.listProposals(c, a.proposal)));
