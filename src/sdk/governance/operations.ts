import type { ConsortiumGovernor, ConsortiumTimelock } from "../../contracts";
import { enumValue, type EnumMember } from "../enums";
import { SdkInputError } from "../errors";
import { eventArg, single } from "../operation";
import { buildAction, type ActionInput, type OperationTable } from "./actions";
import type { ProposalReader } from "./proposals";

/** How a vote counts: `For`, `Against` or `Abstain` (GovernorCountingSimple's VoteType). */
export type VoteSupport = EnumMember<"VoteType">;

/** A proposal of one or more admin operations (built from the client's operations) and the text voters read. */
export interface ProposeArgs {
  actions: ActionInput[];
  description: string;
}

export interface VoteArgs {
  proposalId: bigint | number | string;
  support: VoteSupport;
  /** Recorded in the VoteCast event (and so in the audit trail). */
  reason?: string;
}

const supportOf = (support: VoteSupport): number => {
  try {
    return enumValue("VoteType", support);
  } catch (error) {
    throw new SdkInputError("support", support, (error as Error).message);
  }
};

/**
 * The governor's operations: propose, vote, queue, execute, cancel (each one transaction); and the timelock's
 * `completeBootstrap`, by which the deployer ends a `--governance` deployment.
 */
export function governanceOperations(
  governor: ConsortiumGovernor,
  timelock: ConsortiumTimelock,
  table: OperationTable,
  reader: ProposalReader,
) {
  const proposalIdOf = (receipt: Parameters<typeof eventArg>[0]) =>
    eventArg<bigint>(receipt, governor, "ProposalCreated", "proposalId");
  const lifecycleCall = (method: "queue" | "execute" | "cancel") =>
    single(
      async (a: { proposalId: bigint | number | string }) => {
        const r = await reader.record(a.proposalId);
        const targets = r.actions.map((x) => x.target);
        const values = r.actions.map((x) => x.value);
        const calldatas = r.actions.map((x) => x.calldata);
        return governor[method].populateTransaction(targets, values, calldatas, r.descriptionHash);
      },
      (_receipt, a) => ({ proposalId: BigInt(a.proposalId) }),
    );
  return {
    propose: single(
      async (a: ProposeArgs) => {
        if (!Array.isArray(a.actions) || a.actions.length === 0) {
          throw new SdkInputError("actions", a.actions, "needs at least one admin operation");
        }
        if (typeof a.description !== "string" || a.description.trim() === "") {
          throw new SdkInputError("description", a.description, "must be a non-empty text (voters read it)");
        }
        const actions = await Promise.all(a.actions.map((input, i) => buildAction(table, input, `actions[${i}]`)));
        return governor.propose.populateTransaction(
          actions.map((x) => x.target),
          actions.map((x) => x.value),
          actions.map((x) => x.calldata),
          a.description,
        );
      },
      (receipt) => ({ proposalId: proposalIdOf(receipt) }),
    ),
    castVote: single(
      async (a: VoteArgs) => {
        const r = await reader.record(a.proposalId);
        const support = supportOf(a.support);
        if (a.reason !== undefined && typeof a.reason !== "string") {
          throw new SdkInputError("reason", a.reason, "must be a text");
        }
        return a.reason
          ? governor.castVoteWithReason.populateTransaction(r.proposalId, support, a.reason)
          : governor.castVote.populateTransaction(r.proposalId, support);
      },
      (receipt) => ({ weight: eventArg<bigint>(receipt, governor, "VoteCast", "weight") }),
    ),
    queue: lifecycleCall("queue"),
    execute: lifecycleCall("execute"),
    cancel: lifecycleCall("cancel"),
    /** Accepts each contract's pending admin transfer to the timelock, makes the governor its proposer, renounces. */
    completeBootstrap: single(
      async (a: { contracts: string[] }) =>
        timelock.completeBootstrap.populateTransaction(governor.target, a.contracts),
      () => undefined,
    ),
  };
}
