import type { EnumMember, EnumName } from "./enums";

/**
 * Every custom error of every deployed contract's ABI (OpenZeppelin's included), with its parameters as
 * `[name, type]`; enum parameters are `enum:<Name>` and decode to member names. test/sdk/errors.test.ts enumerates
 * the errors of the compiled artifacts and fails if one is missing here or differs.
 */
export const CONTRACT_ERRORS = {
  AccessControlBadConfirmation: [],
  AccessControlEnforcedDefaultAdminDelay: [["schedule", "uint48"]],
  AccessControlEnforcedDefaultAdminRules: [],
  AccessControlInvalidDefaultAdmin: [["defaultAdmin", "address"]],
  AccessControlUnauthorizedAccount: [
    ["account", "address"],
    ["neededRole", "bytes32"],
  ],
  ConsortiumGatedMissingRole: [
    ["organisation", "uint64"],
    ["role", "enum:Role"],
  ],
  ConsortiumGatedUnauthorised: [["caller", "address"]],
  DataAnchorRegistryInvalidAnchor: [
    ["root", "bytes32"],
    ["recordCount", "uint32"],
    ["windowStart", "uint40"],
    ["windowEnd", "uint40"],
  ],
  DataAnchorRegistryNotParty: [
    ["target", "enum:AnchorTarget"],
    ["targetId", "bytes32"],
    ["organisation", "uint64"],
  ],
  DataAnchorRegistryUnknownAnchor: [["anchorId", "uint64"]],
  DataAnchorRegistryUnknownTarget: [
    ["target", "enum:AnchorTarget"],
    ["targetId", "bytes32"],
  ],
  DeviceLifecycleAuthorisationUnchanged: [
    ["custodian", "uint64"],
    ["serviceProvider", "uint64"],
    ["authorised", "bool"],
  ],
  DeviceLifecycleDeviceExpired: [["deviceId", "bytes32"]],
  DeviceLifecycleDeviceHeld: [
    ["deviceId", "bytes32"],
    ["recallId", "uint32"],
  ],
  DeviceLifecycleDevicePacked: [
    ["deviceId", "bytes32"],
    ["sscc", "uint64"],
  ],
  DeviceLifecycleInvalidCareSite: [["careSite", "uint64"]],
  DeviceLifecycleInvalidOutcome: [["deviceId", "bytes32"]],
  DeviceLifecycleInvalidServiceProvider: [["serviceProvider", "uint64"]],
  DeviceLifecycleInvalidStatus: [
    ["deviceId", "bytes32"],
    ["status", "enum:DeviceStatus"],
  ],
  DeviceLifecycleInvalidVersion: [["version", "string"]],
  DeviceLifecycleNotAuthorisedServicer: [
    ["deviceId", "bytes32"],
    ["organisation", "uint64"],
  ],
  DeviceLifecycleNotCustodian: [
    ["deviceId", "bytes32"],
    ["organisation", "uint64"],
  ],
  DeviceLifecycleUnknownDevice: [["deviceId", "bytes32"]],
  DeviceLifecycleZeroHash: [["deviceId", "bytes32"]],
  DeviceRegistryBatchTooLarge: [
    ["size", "uint256"],
    ["max", "uint256"],
  ],
  DeviceRegistryContainerEmpty: [["sscc", "uint64"]],
  DeviceRegistryContainerHeld: [
    ["sscc", "uint64"],
    ["recallId", "uint32"],
  ],
  DeviceRegistryContainerLotMismatch: [
    ["sscc", "uint64"],
    ["containerLot", "uint32"],
    ["deviceLot", "uint32"],
  ],
  DeviceRegistryContainerNotCustodian: [
    ["sscc", "uint64"],
    ["organisation", "uint64"],
  ],
  DeviceRegistryContainerNotInShipment: [
    ["sscc", "uint64"],
    ["shipmentId", "uint32"],
  ],
  DeviceRegistryContainerUnavailable: [
    ["sscc", "uint64"],
    ["status", "enum:ContainerStatus"],
  ],
  DeviceRegistryDeviceExists: [["deviceId", "bytes32"]],
  DeviceRegistryDeviceHeld: [
    ["deviceId", "bytes32"],
    ["recallId", "uint32"],
  ],
  DeviceRegistryDeviceNotOfProduct: [
    ["deviceId", "bytes32"],
    ["gtin", "uint64"],
  ],
  DeviceRegistryDevicePacked: [
    ["deviceId", "bytes32"],
    ["sscc", "uint64"],
  ],
  DeviceRegistryDeviceUnavailable: [
    ["deviceId", "bytes32"],
    ["status", "enum:DeviceStatus"],
  ],
  DeviceRegistryEmptyBatch: [],
  DeviceRegistryInvalidLotDates: [
    ["manufacturedAt", "uint40"],
    ["expiresAt", "uint40"],
  ],
  DeviceRegistryInvalidLotNumber: [["lotNumber", "string"]],
  DeviceRegistryInvalidRecipient: [["recipient", "uint64"]],
  DeviceRegistryInvalidSerial: [["serial", "string"]],
  DeviceRegistryInvalidSscc: [["sscc", "uint64"]],
  DeviceRegistryLotExists: [
    ["gtin", "uint64"],
    ["lotNumber", "string"],
  ],
  DeviceRegistryLotNotOfProduct: [
    ["lotKey", "uint32"],
    ["gtin", "uint64"],
  ],
  DeviceRegistryManifestMismatch: [["shipmentId", "uint32"]],
  DeviceRegistryNotCustodian: [
    ["deviceId", "bytes32"],
    ["organisation", "uint64"],
  ],
  DeviceRegistryNotHeldBy: [
    ["deviceId", "bytes32"],
    ["recallId", "uint32"],
  ],
  DeviceRegistryNotInContainer: [
    ["deviceId", "bytes32"],
    ["sscc", "uint64"],
  ],
  DeviceRegistryNotInShipment: [
    ["deviceId", "bytes32"],
    ["shipmentId", "uint32"],
  ],
  DeviceRegistryNotManufacturer: [
    ["gtin", "uint64"],
    ["organisation", "uint64"],
  ],
  DeviceRegistryNotRecipient: [
    ["shipmentId", "uint32"],
    ["organisation", "uint64"],
  ],
  DeviceRegistryNotSender: [
    ["shipmentId", "uint32"],
    ["organisation", "uint64"],
  ],
  DeviceRegistryRecallAlreadyOpen: [
    ["gtin", "uint64"],
    ["recallId", "uint32"],
  ],
  DeviceRegistryShipmentClosed: [
    ["shipmentId", "uint32"],
    ["status", "enum:ShipmentStatus"],
  ],
  DeviceRegistryUnauthorisedModule: [["caller", "address"]],
  DeviceRegistryUnknownContainer: [["sscc", "uint64"]],
  DeviceRegistryUnknownDevice: [["deviceId", "bytes32"]],
  DeviceRegistryUnknownLot: [["lotKey", "uint32"]],
  DeviceRegistryUnknownProduct: [["gtin", "uint64"]],
  DeviceRegistryUnknownShipment: [["shipmentId", "uint32"]],
  DeviceRegistryWiringClosed: [["caller", "address"]],
  DirectoryAccountInUse: [
    ["account", "address"],
    ["gln", "uint64"],
  ],
  DirectoryCompanyPrefixOverlaps: [["prefix", "string"]],
  DirectoryCompanyPrefixTaken: [
    ["prefix", "string"],
    ["owner", "uint64"],
  ],
  DirectoryInvalidCompanyPrefix: [["prefix", "string"]],
  DirectoryInvalidGln: [["gln", "uint64"]],
  DirectoryInvalidRoles: [["roles", "uint8"]],
  DirectoryMissingRole: [
    ["gln", "uint64"],
    ["role", "enum:Role"],
  ],
  DirectoryOrganisationExists: [["gln", "uint64"]],
  DirectoryOrganisationNotSuspended: [["gln", "uint64"]],
  DirectoryOrganisationSuspended: [["gln", "uint64"]],
  DirectoryRoleAlreadyGranted: [
    ["gln", "uint64"],
    ["role", "enum:Role"],
  ],
  DirectoryTooManyAccounts: [
    ["gln", "uint64"],
    ["max", "uint256"],
  ],
  DirectoryUnauthorisedRotation: [
    ["caller", "address"],
    ["account", "address"],
  ],
  DirectoryUnknownAccount: [["account", "address"]],
  DirectoryUnknownCompanyPrefix: [["prefix", "string"]],
  DirectoryUnknownOrganisation: [["gln", "uint64"]],
  DirectoryZeroAccount: [],
  EnforcedPause: [],
  ExpectedPause: [],
  ProductRegistryInvalidGtin: [["gtin", "uint64"]],
  ProductRegistryNotManufacturer: [
    ["gtin", "uint64"],
    ["organisation", "uint64"],
  ],
  ProductRegistryPrefixNotOwned: [
    ["gtin", "uint64"],
    ["organisation", "uint64"],
  ],
  ProductRegistryProductExists: [["gtin", "uint64"]],
  ProductRegistryUnknownProduct: [["gtin", "uint64"]],
  RecallRegistryAlreadyAcknowledged: [
    ["recallId", "uint32"],
    ["organisation", "uint64"],
  ],
  RecallRegistryDispositionNotAllowed: [
    ["recallId", "uint32"],
    ["deviceId", "bytes32"],
    ["organisation", "uint64"],
  ],
  RecallRegistryInvalidDisposition: [["deviceId", "bytes32"]],
  RecallRegistryInvalidNotice: [],
  RecallRegistryInvalidReturnTo: [["returnTo", "uint64"]],
  RecallRegistryNotAffected: [
    ["recallId", "uint32"],
    ["deviceId", "bytes32"],
  ],
  RecallRegistryNotIssuer: [
    ["gtin", "uint64"],
    ["organisation", "uint64"],
  ],
  RecallRegistryNotRecallIssuer: [
    ["recallId", "uint32"],
    ["organisation", "uint64"],
  ],
  RecallRegistryRecallClosed: [["recallId", "uint32"]],
  RecallRegistryScopeMismatch: [
    ["scope", "enum:HoldScope"],
    ["lotCount", "uint256"],
    ["deviceCount", "uint256"],
  ],
  RecallRegistryTooManyItems: [
    ["count", "uint256"],
    ["max", "uint256"],
  ],
  RecallRegistryUnknownProduct: [["gtin", "uint64"]],
  RecallRegistryUnknownRecall: [["recallId", "uint32"]],
  SafeCastOverflowedUintDowncast: [
    ["bits", "uint8"],
    ["value", "uint256"],
  ],
} as const;

export type ContractErrorName = keyof typeof CONTRACT_ERRORS;

/** The TypeScript type a Solidity parameter type decodes to. */
type TsOf<T extends string> = T extends `enum:${infer E extends EnumName}`
  ? EnumMember<E>
  : T extends `uint${string}` | `int${string}`
    ? bigint
    : T extends "bool"
      ? boolean
      : string;

type Params<N extends ContractErrorName> = (typeof CONTRACT_ERRORS)[N];

/** The decoded arguments of a custom error, by parameter name. */
export type ContractErrorArgs<N extends ContractErrorName> = {
  -readonly [P in Params<N>[number] as P[0]]: TsOf<P[1]>;
};
