/** The typed udi-ledger SDK: a thin layer over the TypeChain bindings, no Hardhat. */
export { createClient, DEFAULT_MAX_BATCH, EIP7825_GAS_CAP, type Client, type ClientOptions } from "./client";
export { chunksOf, fitChunk, planChunks, type BatchLimits } from "./batch";
export { connectContracts, CONTRACT_KEYS, FACTORIES, GOVERNANCE_FACTORIES, type Contracts } from "./contracts";
export { decodeRevertData, toSdkError } from "./decode-error";
export * from "./enums";
export { CONTRACT_ERRORS, type ContractErrorArgs, type ContractErrorName } from "./error-catalogue";
export * from "./errors";
export { deviceId, lotId } from "../contracts/ids";
export * from "./inputs";
export { lotFieldsOfUdi, resolveLotKey, type LotInput } from "./lots";
export { createNonceSender, type NonceSender } from "./nonce";
export type { BatchConfirmed, Pending } from "./operation";
export type { ActionInput, ProposalAction } from "./governance/actions";
export type { Governance } from "./governance/client";
export type { ProposeArgs, VoteArgs, VoteSupport } from "./governance/operations";
export type { DecodedAction, ProposalRecord, ProposalView } from "./governance/proposals";
export type { AnchorArgs } from "./operations/anchors";
export type {
  CommissionArgs,
  CommissionBatchArgs,
  PackArgs,
  RegisterLotArgs,
  SettleArgs,
  ShipArgs,
} from "./operations/devices";
export { roleMask, type RoleInput } from "./operations/directory";
export type { RegisterProductArgs } from "./operations/products";
export type { IssueRecallArgs } from "./operations/recalls";
export type { DeviceView, LotView, ProductView, RecallView, ShipmentView } from "./reads";
export {
  waitForReceipt,
  type Confirmed,
  type FeeOverrides,
  type SubmitOptions,
  type UnsignedOptions,
  type UnsignedTransaction,
} from "./transact";
export { isRetryable, UdiLedgerError, type ErrorDetails } from "../errors";
