import { Interface } from "ethers";
import { governanceOf, type Manifest } from "../../manifest";
import { FACTORIES, GOVERNANCE_FACTORIES, type Contracts } from "../contracts";
import { SdkInputError } from "../errors";
import { bindOperations, submitOperations, unsignedOperations } from "../operation";
import type { TxContext } from "../transact";
import { buildAction, type ActionInput, type OperationTable } from "./actions";
import { governanceOperations } from "./operations";
import { createProposalReader } from "./proposals";

/** The deployment's contracts by lower-case address, with their ABIs: what proposals' calldata is decoded with. */
function knownInterfaces(manifest: Manifest): Map<string, { name: string; iface: Interface }> {
  const factories: Record<string, { abi: unknown }> = { ...FACTORIES, ...GOVERNANCE_FACTORIES };
  const known = new Map<string, { name: string; iface: Interface }>();
  for (const [name, entry] of Object.entries(manifest.contracts)) {
    if (entry && factories[name]) {
      known.set(entry.address.toLowerCase(), { name, iface: new Interface(factories[name].abi as never) });
    }
  }
  return known;
}

function connected(
  ctx: TxContext,
  table: OperationTable,
  manifest: Manifest,
  governor: NonNullable<Contracts["governor"]>,
) {
  const reader = createProposalReader(
    governor,
    ctx.provider,
    governanceOf(manifest)!.ConsortiumGovernor.blockNumber,
    knownInterfaces(manifest),
  );
  const operations = governanceOperations(governor, ctx.contracts.timelock!, table, reader);
  return {
    ...bindOperations(ctx, operations),
    /** The same operations sent without waiting. */
    submit: submitOperations(ctx, operations),
    /** The same operations as unsigned transactions (a member's vote signed in its own custody system). */
    unsigned: unsignedOperations(ctx, operations),
    /** The target and calldata an admin operation would be proposed with (nothing sent). */
    action: (input: ActionInput) => buildAction(table, input, "action"),
    proposal: reader.proposal,
    proposals: reader.proposals,
  };
}

/** `client.governance`: proposals of admin operations to the consortium governor, votes, queue and execute. */
export type Governance = ReturnType<typeof connected>;

/**
 * The governance operations of a client; without governance in the manifest (a development deployment) every
 * method rejects with an input error naming the manifest field.
 */
export function createGovernance(ctx: TxContext, table: OperationTable, manifest: Manifest): Governance {
  if (ctx.contracts.governor) return connected(ctx, table, manifest, ctx.contracts.governor);
  const refuse = async (): Promise<never> => {
    throw new SdkInputError(
      "manifest.contracts.ConsortiumGovernor",
      manifest.deploymentId,
      "the deployment has no governance (it was deployed without --governance)",
    );
  };
  const methods = {
    propose: refuse,
    castVote: refuse,
    queue: refuse,
    execute: refuse,
    cancel: refuse,
    completeBootstrap: refuse,
  };
  return {
    ...methods,
    submit: methods,
    unsigned: methods,
    action: refuse,
    proposal: refuse,
    proposals: refuse,
  } as never;
}
