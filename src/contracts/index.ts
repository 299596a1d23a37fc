/**
 * `udi-ledger/contracts`: the facts of the deployed contracts (the six, and the governor and timelock) (enums, custom errors, events, ABIs `as const`,
 * generated from the compiler output), their TypeChain factories (ABI + bytecode) and types, and the id derivations
 * of `Ids.sol`.
 */
export * from "./generated/facts";
export { enumLabel, enumName, enumValue, type EnumMember, type EnumName } from "./enums";
export { deviceId, lotId } from "./ids";
export { ConsortiumDirectory__factory } from "../../typechain-types/factories/contracts/ConsortiumDirectory__factory";
export { ConsortiumGovernor__factory } from "../../typechain-types/factories/contracts/ConsortiumGovernor__factory";
export { ConsortiumTimelock__factory } from "../../typechain-types/factories/contracts/ConsortiumTimelock__factory";
export { DataAnchorRegistry__factory } from "../../typechain-types/factories/contracts/DataAnchorRegistry__factory";
export { DeviceLifecycle__factory } from "../../typechain-types/factories/contracts/DeviceLifecycle__factory";
export { DeviceRegistry__factory } from "../../typechain-types/factories/contracts/DeviceRegistry__factory";
export { ProductRegistry__factory } from "../../typechain-types/factories/contracts/ProductRegistry__factory";
export { RecallRegistry__factory } from "../../typechain-types/factories/contracts/RecallRegistry__factory";
export type { ConsortiumDirectory } from "../../typechain-types/contracts/ConsortiumDirectory";
export type { ConsortiumGovernor } from "../../typechain-types/contracts/ConsortiumGovernor";
export type { ConsortiumTimelock } from "../../typechain-types/contracts/ConsortiumTimelock";
export type { DataAnchorRegistry } from "../../typechain-types/contracts/DataAnchorRegistry";
export type { DeviceLifecycle } from "../../typechain-types/contracts/DeviceLifecycle";
export type { DeviceRegistry } from "../../typechain-types/contracts/DeviceRegistry";
export type { ProductRegistry } from "../../typechain-types/contracts/ProductRegistry";
export type { RecallRegistry } from "../../typechain-types/contracts/RecallRegistry";
