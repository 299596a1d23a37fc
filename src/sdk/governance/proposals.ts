import { id, Interface, type Provider } from "ethers";
import type { ConsortiumGovernor } from "../../contracts";
import { enumName, type EnumMember } from "../enums";
import { SdkInputError } from "../errors";
import { LOG_PAGE_BLOCKS } from "../operations/shared";
import type { ProposalAction } from "./actions";

/** A proposal as the governor's ProposalCreated event states it: what it will call, and its text. */
export interface ProposalRecord {
  proposalId: bigint;
  proposer: string;
  actions: ProposalAction[];
  description: string;
  /** keccak256 of the description, what queue and execute take. */
  descriptionHash: string;
  voteStart: bigint;
  voteEnd: bigint;
  /** The block of the ProposalCreated event. */
  blockNumber: number;
}

/** One action of a proposal, with the contract function it calls when the deployment's ABIs know it. */
export interface DecodedAction extends ProposalAction {
  /** The manifest name of the target, when it is one of the deployment's contracts. */
  contract?: string;
  /** `admitOrganisation(gln=614141000012, roles=2, account=0x…)`, or undefined for calldata the ABI does not know. */
  call?: string;
}

/** A proposal with where it stands: its state, its tally and the quorum it needs. */
export interface ProposalView extends Omit<ProposalRecord, "actions"> {
  actions: DecodedAction[];
  state: EnumMember<"ProposalState">;
  votes: { against: bigint; for: bigint; abstain: bigint };
  /** Votes (organisations) For + Abstain needed, at the proposal's snapshot. */
  quorum: bigint;
  /** When it can be executed once queued (seconds since the epoch), 0 before. */
  eta: bigint;
}

/** Reads the governor's proposals from its ProposalCreated events (paged as Besu caps eth_getLogs) and its views. */
export function createProposalReader(
  governor: ConsortiumGovernor,
  provider: Provider,
  fromBlock: number,
  interfaces: ReadonlyMap<string, { name: string; iface: Interface }>,
) {
  const cache = new Map<bigint, ProposalRecord>();
  let scannedTo = fromBlock - 1;

  async function scan(): Promise<void> {
    const latest = await provider.getBlockNumber();
    for (let from = scannedTo + 1; from <= latest; from += LOG_PAGE_BLOCKS) {
      const to = Math.min(from + LOG_PAGE_BLOCKS - 1, latest);
      for (const event of await governor.queryFilter(governor.filters.ProposalCreated(), from, to)) {
        const a = event.args;
        // `values` is also the name of an Array method, which a Result is: read that argument by position.
        const values = a[3];
        cache.set(a.proposalId, {
          proposalId: a.proposalId,
          proposer: a.proposer,
          actions: [...a.targets].map((target, i) => ({ target, value: values[i], calldata: a.calldatas[i] })),
          description: a.description,
          descriptionHash: id(a.description),
          voteStart: a.voteStart,
          voteEnd: a.voteEnd,
          blockNumber: event.blockNumber,
        });
      }
      scannedTo = to;
    }
  }

  const decode = (action: ProposalAction): DecodedAction => {
    const known = interfaces.get(action.target.toLowerCase());
    if (!known) return action;
    const parsed = known.iface.parseTransaction({ data: action.calldata });
    if (!parsed) return { ...action, contract: known.name };
    const args = parsed.fragment.inputs.map((input, i) => `${input.name}=${String(parsed.args[i])}`).join(", ");
    return { ...action, contract: known.name, call: `${parsed.name}(${args})` };
  };

  async function record(proposalId: bigint | number | string): Promise<ProposalRecord> {
    let key: bigint;
    try {
      key = BigInt(proposalId);
    } catch {
      throw new SdkInputError("proposalId", proposalId, "must be an integer (the governor's proposal id)");
    }
    if (!cache.has(key)) await scan();
    const found = cache.get(key);
    if (!found) throw new SdkInputError("proposalId", key, "has no ProposalCreated event on the governor");
    return found;
  }

  async function view(proposalId: bigint | number | string): Promise<ProposalView> {
    const r = await record(proposalId);
    // The quorum of a timepoint not yet past cannot be read: until voting starts, show today's.
    const clock = await governor.clock();
    const [state, [against, forVotes, abstain], eta, quorum] = await Promise.all([
      governor.state(r.proposalId),
      governor.proposalVotes(r.proposalId),
      governor.proposalEta(r.proposalId),
      governor.quorum(r.voteStart < clock ? r.voteStart : clock - 1n),
    ]);
    return {
      ...r,
      actions: r.actions.map(decode),
      state: enumName("ProposalState", state),
      votes: { against, for: forVotes, abstain },
      quorum,
      eta,
    };
  }

  return {
    /** The proposal's actions and text, as created (what queue and execute need). */
    record,
    /** One proposal with its state and tally. */
    proposal: view,
    /** Every proposal of the governor, oldest first, with its state and tally. */
    async proposals(): Promise<ProposalView[]> {
      await scan();
      return Promise.all([...cache.keys()].map((key) => view(key)));
    },
  };
}

export type ProposalReader = ReturnType<typeof createProposalReader>;
