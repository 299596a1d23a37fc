/** The contracts' enums, from the generated contract facts. Values are the on-chain integers. */
export {
  AnchorTarget,
  ContainerStatus,
  DeviceStatus,
  Disposition,
  ENUM_OWNERS,
  ENUMS,
  HoldScope,
  OperationState,
  OrganisationStatus,
  ProposalState,
  RecallAction,
  RecallClass,
  RecallStatus,
  Role,
  ServiceOutcome,
  ShipmentStatus,
  VoteType,
} from "../contracts/generated/facts";
export { enumName, enumValue, type EnumMember, type EnumName } from "../contracts/enums";
