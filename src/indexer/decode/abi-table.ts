import { CONTRACT_ABIS as GENERATED_ABIS, CONTRACT_EVENTS } from "../../contracts/generated/facts";
import type { DeployedName } from "../../manifest";

/** One event parameter as the ABI JSON states it. */
export interface AbiEventInput {
  name: string;
  type: string;
  indexed: boolean;
  components?: readonly AbiEventInput[];
}

/** One event of a contract's ABI, with its canonical signature and topic0 from the generated contract facts. */
export interface AbiEvent {
  name: string;
  anonymous: boolean;
  inputs: readonly AbiEventInput[];
  signature: string;
  topic0: string;
}

interface AbiItem {
  type: string;
  name?: string;
  anonymous?: boolean;
  inputs?: readonly unknown[];
}

/** Each deployed contract's full ABI, from the contract facts generated at compile time. */
export const CONTRACT_ABIS: Record<DeployedName, readonly AbiItem[]> = GENERATED_ABIS;

/** The events of one contract's ABI. */
export function abiEvents(contract: DeployedName): AbiEvent[] {
  const facts = new Map<string, { signature: string; topic0: string }>(
    CONTRACT_EVENTS[contract].map((e) => [e.name, e]),
  );
  return CONTRACT_ABIS[contract]
    .filter((item) => item.type === "event")
    .map((item) => {
      const { signature, topic0 } = facts.get(item.name as string)!;
      return {
        name: item.name as string,
        anonymous: item.anonymous === true,
        inputs: item.inputs as readonly AbiEventInput[],
        signature,
        topic0,
      };
    });
}
