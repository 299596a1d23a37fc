import type { ContractTransaction } from "ethers";
import { SdkInputError } from "../errors";

/** One call a proposal makes through the timelock: a contract, its value and its calldata. */
export interface ProposalAction {
  target: string;
  value: bigint;
  calldata: string;
}

/**
 * An admin operation to propose, by the client's names: `contract` is the key of the client (`directory`, `devices`…,
 * `directory` by default), `operation` one of its single operations (`admitOrganisation`, `unpause`…) and `args` what
 * that operation takes (`{ gln, roles, account }`). The calldata is built by the same operation the client sends.
 */
export interface ActionInput {
  contract?: string;
  operation: string;
  args?: unknown;
}

/** The operations of the client by contract key (single ones have `prepare(args)`), which build proposals' calldata. */
export type OperationTable = Record<string, Record<string, { kind: string }>>;

/** The calldata of one admin operation; an unknown contract or operation, or bad arguments, name the field. */
export async function buildAction(table: OperationTable, input: ActionInput, field: string): Promise<ProposalAction> {
  if (typeof input !== "object" || input === null) throw new SdkInputError(field, input, "must be an object");
  const key = input.contract ?? "directory";
  const operations = table[key];
  if (!operations) {
    throw new SdkInputError(
      `${field}.contract`,
      key,
      `is not a contract of the client (${Object.keys(table).join(", ")})`,
    );
  }
  const op = operations[input.operation] as
    { kind: string; prepare?: (args: unknown) => Promise<ContractTransaction> } | undefined;
  if (!op || op.kind !== "single" || !op.prepare) {
    const names = Object.keys(operations).filter((name) => operations[name].kind === "single");
    throw new SdkInputError(
      `${field}.operation`,
      input.operation,
      `is not an operation of ${key} (${names.join(", ")})`,
    );
  }
  let tx: ContractTransaction;
  try {
    tx = await op.prepare(input.args);
  } catch (error) {
    if (error instanceof SdkInputError) {
      throw new SdkInputError(`${field}.args.${error.field}`, error.value, error.reason, { cause: error });
    }
    throw new SdkInputError(`${field}.args`, input.args, (error as Error).message, { cause: error });
  }
  return { target: tx.to, value: 0n, calldata: tx.data };
}
