/**
 * The contracts' enums, mirrored `as const` (member order is the Solidity order; test/sdk/enums.test.ts checks them
 * against the compiler's AST and the ABIs). Values are the on-chain integers.
 */
export const Role = {
  None: 0,
  Manufacturer: 1,
  Distributor: 2,
  HealthcareProvider: 3,
  ServiceProvider: 4,
  Regulator: 5,
  DataGateway: 6,
} as const;

export const OrganisationStatus = { None: 0, Active: 1, Suspended: 2 } as const;

export const DeviceStatus = {
  None: 0,
  Active: 1,
  InTransit: 2,
  Installed: 3,
  Quarantined: 4,
  Decommissioned: 5,
  Destroyed: 6,
} as const;

export const ContainerStatus = { None: 0, Active: 1, InTransit: 2, Quarantined: 3 } as const;

export const ShipmentStatus = { None: 0, InTransit: 1, Received: 2, Rejected: 3, Cancelled: 4 } as const;

export const HoldScope = { None: 0, Product: 1, Lots: 2, Serials: 3 } as const;

export const ServiceOutcome = { None: 0, Conformant: 1, NonConformant: 2, NeedsReplacement: 3 } as const;

export const RecallClass = { None: 0, ClassI: 1, ClassII: 2, ClassIII: 3, SafetyAlert: 4 } as const;

export const RecallAction = { None: 0, Removal: 1, Correction: 2, SoftwareUpdate: 3, Advisory: 4 } as const;

export const RecallStatus = { None: 0, Open: 1, Terminated: 2 } as const;

export const Disposition = { None: 0, Returned: 1, Corrected: 2, Destroyed: 3 } as const;

export const AnchorTarget = { None: 0, Shipment: 1, Device: 2, Lot: 3 } as const;

/** Every mirrored enum by its Solidity name (the interface that declares it is in `ENUM_OWNERS`). */
export const ENUMS = {
  Role,
  OrganisationStatus,
  DeviceStatus,
  ContainerStatus,
  ShipmentStatus,
  HoldScope,
  ServiceOutcome,
  RecallClass,
  RecallAction,
  RecallStatus,
  Disposition,
  AnchorTarget,
} as const;

export type EnumName = keyof typeof ENUMS;

/** The interface declaring each enum, as in the ABI's `internalType` (`enum IDeviceRegistry.DeviceStatus`). */
export const ENUM_OWNERS: Record<EnumName, string> = {
  Role: "IConsortiumDirectory",
  OrganisationStatus: "IConsortiumDirectory",
  DeviceStatus: "IDeviceRegistry",
  ContainerStatus: "IDeviceRegistry",
  ShipmentStatus: "IDeviceRegistry",
  HoldScope: "IDeviceRegistry",
  ServiceOutcome: "IDeviceLifecycle",
  RecallClass: "IRecallRegistry",
  RecallAction: "IRecallRegistry",
  RecallStatus: "IRecallRegistry",
  Disposition: "IRecallRegistry",
  AnchorTarget: "IDataAnchorRegistry",
};

/** The member names of an enum. */
export type EnumMember<E extends EnumName> = keyof (typeof ENUMS)[E];

/** The member name of an on-chain enum value (e.g. `enumName("DeviceStatus", 2n)` is `"InTransit"`). */
export function enumName<E extends EnumName>(e: E, value: bigint | number): EnumMember<E> {
  const entry = Object.entries(ENUMS[e]).find(([, v]) => v === Number(value));
  if (!entry) throw new RangeError(`${e}: ${String(value)} is not a member`);
  return entry[0] as EnumMember<E>;
}

/** The on-chain value of an enum member given by name or value. */
export function enumValue<E extends EnumName>(e: E, member: EnumMember<E> | number): number {
  const values = ENUMS[e] as Record<string, number>;
  if (typeof member === "number") {
    if (!Object.values(values).includes(member)) throw new RangeError(`${e}: ${member} is not a member`);
    return member;
  }
  const value = values[member as string];
  if (value === undefined) throw new RangeError(`${e}: ${String(member)} is not a member`);
  return value;
}
