import type { ActionInput, ProposalView } from "../sdk";
import type { AdminContext } from "./admin-context";
import { PermanentDeployError } from "./errors";
import {
  parseAddressArgument,
  parseGlnArgument,
  parsePrefixArgument,
  parseRoleArgument,
  parseRolesArgument,
} from "./arguments";
import { CONTRACT_NAMES } from "../manifest";
import { CONTRACT_KEYS, enumValue, type VoteSupport } from "../sdk";

/**
 * The governance tasks' operations: propose an admin operation (by the admin task's name and arguments), vote, queue,
 * execute and list. Each goes through the SDK (`client.governance`), which simulates first: a refusal is one line.
 */

type Args = Record<string, string | undefined>;

const usage = (field: string, value: string, message: string): never => {
  throw new PermanentDeployError("USAGE", field, value, `${field}: ${message}`);
};

const need = (args: Args, name: string): string =>
  args[name] ?? usage(`--${name}`, "", "is required for this operation");

/** How each argument of a proposable operation is read from the task's flags. */
const FROM_FLAGS = {
  gln: (a: Args) => parseGlnArgument(need(a, "gln")),
  roles: (a: Args) => parseRolesArgument(need(a, "roles")),
  role: (a: Args) => parseRoleArgument(need(a, "role")),
  account: (a: Args) => parseAddressArgument(need(a, "account")),
  prefix: (a: Args) => parsePrefixArgument(need(a, "prefix")),
  validator: (a: Args) => parseAddressArgument(need(a, "account")),
};

/** A proposable operation: the SDK operation and the names of its arguments, in the SDK's order. */
const proposable =
  (operation: string, ...names: (keyof typeof FROM_FLAGS)[]) =>
  (a: Args): ActionInput => ({ operation, args: Object.fromEntries(names.map((name) => [name, FROM_FLAGS[name](a)])) });

/** The admin operations a proposal may carry, by task name: the SDK operation and its arguments from the flags. */
const PROPOSABLE: Record<string, (a: Args) => ActionInput> = {
  admit: proposable("admitOrganisation", "gln", "roles", "account"),
  suspend: proposable("suspendOrganisation", "gln"),
  reactivate: proposable("reactivateOrganisation", "gln"),
  "add-account": proposable("addAccount", "gln", "account"),
  "remove-account": proposable("removeAccount", "account"),
  "grant-role": proposable("grantOrganisationRole", "gln", "role"),
  "revoke-role": proposable("revokeOrganisationRole", "gln", "role"),
  "assign-prefix": proposable("assignCompanyPrefix", "gln", "prefix"),
  "revoke-prefix": proposable("revokeCompanyPrefix", "prefix"),
  "grant-guardian": proposable("grantGuardian", "account"),
  "revoke-guardian": proposable("revokeGuardian", "account"),
  "set-validator": proposable("setOrganisationValidator", "gln", "validator"),
};

/** Every operation `propose` takes: the admin operations above, and `unpause` (of every paused contract). */
export const PROPOSABLE_OPERATIONS = [...Object.keys(PROPOSABLE), "unpause"];

/** The actions of `operation` with the task's flags; `unpause` proposes the unpausing of every paused contract. */
async function actionsOf(ctx: AdminContext, operation: string, args: Args): Promise<ActionInput[]> {
  if (operation === "unpause") {
    const paused: ActionInput[] = [];
    for (const name of CONTRACT_NAMES) {
      const key = CONTRACT_KEYS[name];
      if (await ctx.client.contracts[key].paused()) paused.push({ contract: key, operation: "unpause" });
    }
    return paused.length > 0 ? paused : usage("operation", operation, "no contract is paused");
  }
  const build = PROPOSABLE[operation];
  if (!build) usage("operation", operation, `unknown operation (expected one of ${PROPOSABLE_OPERATIONS.join(", ")})`);
  return [build(args)];
}

const requireGovernance = (ctx: AdminContext) => {
  if (!ctx.client.contracts.governor) {
    throw new PermanentDeployError(
      "MANIFEST",
      "--manifest",
      ctx.manifest.deploymentId,
      "the deployment has no governance (deploy with --governance)",
    );
  }
};

/** The proposal id argument. */
export function parseProposalId(text: string | undefined): bigint {
  if (text === undefined || !/^[0-9]+$/.test(text))
    usage("--proposal", text ?? "", `"${text ?? ""}" is not a proposal id (a decimal integer)`);
  return BigInt(text!);
}

/** The operation and its flags as typed (`admit --gln … --roles … --account …`): voters read what they vote on. */
const defaultDescription = (operation: string, args: Args): string =>
  [
    operation,
    ...Object.entries(args)
      .filter(([key, value]) => value !== undefined && !["manifest", "from", "operation"].includes(key))
      .map(([key, value]) => `--${key} ${value}`),
  ].join(" ");

/** Proposes `operation`; returns the proposal id. */
export async function propose(ctx: AdminContext, operation: string, args: Args): Promise<bigint> {
  requireGovernance(ctx);
  const actions = await actionsOf(ctx, operation, args);
  const description = args.description ?? defaultDescription(operation, args);
  const receipt = await ctx.send("propose", `propose "${description}"`, (s) =>
    s.governance.propose({ actions, description }),
  );
  const governor = ctx.client.contracts.governor!;
  const target = String(governor.target).toLowerCase();
  const created = receipt.logs.find((log) => log.address.toLowerCase() === target)!;
  const id = governor.interface.parseLog(created)!.args.proposalId as bigint;
  const view = await ctx.client.governance.proposal(id);
  ctx.log(`proposal ${id}: ${actions.length} call(s); votes in blocks ${view.voteStart + 1n} to ${view.voteEnd}`);
  return id;
}

/** Votes on a proposal with the signer's organisation's one vote. */
export async function vote(
  ctx: AdminContext,
  proposal: string | undefined,
  support: string | undefined,
  reason?: string,
) {
  requireGovernance(ctx);
  const proposalId = parseProposalId(proposal);
  const value = support ?? usage("--support", "", "is required (For, Against or Abstain)");
  try {
    enumValue("VoteType", value as VoteSupport);
  } catch {
    usage("--support", value, `"${value}" is not a vote (For, Against or Abstain)`);
  }
  return ctx.send("castVote", `vote ${value} on proposal ${proposalId}`, (s) =>
    s.governance.castVote({ proposalId, support: value as VoteSupport, reason }),
  );
}

/** Queues a passed proposal in the timelock. */
export async function queue(ctx: AdminContext, proposal: string | undefined) {
  requireGovernance(ctx);
  const proposalId = parseProposalId(proposal);
  const receipt = await ctx.send("queue", `queue proposal ${proposalId}`, (s) => s.governance.queue({ proposalId }));
  const { eta } = await ctx.client.governance.proposal(proposalId);
  ctx.log(`proposal ${proposalId} can be executed after ${new Date(Number(eta) * 1000).toISOString()}`);
  return receipt;
}

/** Executes a queued proposal whose delay has passed. */
export async function execute(ctx: AdminContext, proposal: string | undefined) {
  requireGovernance(ctx);
  const proposalId = parseProposalId(proposal);
  return ctx.send("execute", `execute proposal ${proposalId}`, (s) => s.governance.execute({ proposalId }));
}

/** One proposal as the `proposals` task prints it. */
export const describeProposal = (p: ProposalView): string[] => [
  `proposal ${p.proposalId}: ${p.state}; for ${p.votes.for}, against ${p.votes.against}, abstain ${p.votes.abstain}` +
    ` (quorum ${p.quorum}); votes blocks ${p.voteStart + 1n}-${p.voteEnd}` +
    (p.eta > 0n ? `; executable after ${new Date(Number(p.eta) * 1000).toISOString()}` : "") +
    ` — ${p.description}`,
  ...p.actions.map((a) => `  ${a.contract ?? a.target}.${a.call ?? a.calldata}`),
];

/** Lists every proposal (or one) with its state and tally. */
export async function listProposals(ctx: AdminContext, proposal?: string): Promise<ProposalView[]> {
  requireGovernance(ctx);
  const views =
    proposal === undefined
      ? await ctx.client.governance.proposals()
      : [await ctx.client.governance.proposal(parseProposalId(proposal))];
  if (views.length === 0) ctx.log("no proposals");
  views.flatMap(describeProposal).forEach((line) => ctx.log(line));
  return views;
}
