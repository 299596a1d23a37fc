import { ConsortiumDirectory__factory } from "../../../typechain-types/factories/contracts/ConsortiumDirectory__factory";
import { DataAnchorRegistry__factory } from "../../../typechain-types/factories/contracts/DataAnchorRegistry__factory";
import { DeviceLifecycle__factory } from "../../../typechain-types/factories/contracts/DeviceLifecycle__factory";
import { DeviceRegistry__factory } from "../../../typechain-types/factories/contracts/DeviceRegistry__factory";
import { ProductRegistry__factory } from "../../../typechain-types/factories/contracts/ProductRegistry__factory";
import { RecallRegistry__factory } from "../../../typechain-types/factories/contracts/RecallRegistry__factory";
import type { ContractName } from "../../manifest";

/** One event parameter as the ABI JSON states it. */
export interface AbiEventInput {
  name: string;
  type: string;
  indexed: boolean;
  components?: readonly AbiEventInput[];
}

/** One event of a contract's ABI. */
export interface AbiEvent {
  name: string;
  anonymous: boolean;
  inputs: readonly AbiEventInput[];
}

interface AbiItem {
  type: string;
  name?: string;
  anonymous?: boolean;
  inputs?: readonly unknown[];
}

/** Each deployed contract's full ABI, from the TypeChain factories generated at compile time. */
export const CONTRACT_ABIS: Record<ContractName, readonly AbiItem[]> = {
  ConsortiumDirectory: ConsortiumDirectory__factory.abi,
  ProductRegistry: ProductRegistry__factory.abi,
  DeviceRegistry: DeviceRegistry__factory.abi,
  DeviceLifecycle: DeviceLifecycle__factory.abi,
  RecallRegistry: RecallRegistry__factory.abi,
  DataAnchorRegistry: DataAnchorRegistry__factory.abi,
};

/** The events of one contract's ABI. */
export function abiEvents(contract: ContractName): AbiEvent[] {
  return CONTRACT_ABIS[contract]
    .filter((item) => item.type === "event")
    .map((item) => ({
      name: item.name as string,
      anonymous: item.anonymous === true,
      inputs: item.inputs as readonly AbiEventInput[],
    }));
}

/** The canonical signature `Name(type1,type2,…)` whose keccak256 is topic0. */
export function eventSignature(event: AbiEvent): string {
  const typeOf = (input: AbiEventInput): string =>
    input.type.startsWith("tuple")
      ? `(${(input.components ?? []).map(typeOf).join(",")})${input.type.slice("tuple".length)}`
      : input.type;
  return `${event.name}(${event.inputs.map(typeOf).join(",")})`;
}
