/** The contracts' enums, from the generated contract facts. Values are the on-chain integers. */
export {
  AnchorTarget,
  ContainerStatus,
  DeviceStatus,
  Disposition,
  ENUM_OWNERS,
  ENUMS,
  HoldScope,
  OrganisationStatus,
  RecallAction,
  RecallClass,
  RecallStatus,
  Role,
  ServiceOutcome,
  ShipmentStatus,
} from "../contracts/generated/facts";
export { enumName, enumValue, type EnumMember, type EnumName } from "../contracts/enums";
