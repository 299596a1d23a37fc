/**
 * The contracts' enums, mirrored `as const` (IDeviceRegistry, IRecallRegistry, IDeviceLifecycle, IDataAnchorRegistry,
 * IConsortiumDirectory); index = on-chain value. Names are what queries and exports print.
 */
export const DEVICE_STATUS = [
  "None",
  "Active",
  "InTransit",
  "Installed",
  "Quarantined",
  "Decommissioned",
  "Destroyed",
] as const;
export const CONTAINER_STATUS = ["None", "Active", "InTransit", "Quarantined"] as const;
export const HOLD_SCOPE = ["None", "Product", "Lots", "Serials"] as const;
export const RECALL_CLASS = ["None", "ClassI", "ClassII", "ClassIII", "SafetyAlert"] as const;
export const RECALL_ACTION = ["None", "Removal", "Correction", "SoftwareUpdate", "Advisory"] as const;
export const RECALL_STATUS = ["None", "Open", "Terminated"] as const;
export const DISPOSITION = ["None", "Returned", "Corrected", "Destroyed"] as const;
export const SERVICE_OUTCOME = ["None", "Conformant", "NonConformant", "NeedsReplacement"] as const;
export const ANCHOR_TARGET = ["None", "Shipment", "Device", "Lot"] as const;
export const ROLE = [
  "None",
  "Manufacturer",
  "Distributor",
  "HealthcareProvider",
  "ServiceProvider",
  "Regulator",
  "DataGateway",
] as const;

/** Numeric values used by the projection handlers. */
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
export const RecallStatus = { None: 0, Open: 1, Terminated: 2 } as const;
export const AnchorTarget = { None: 0, Shipment: 1, Device: 2, Lot: 3 } as const;

/** The name of `value` in `names`, or `Unknown(<value>)`. */
export const nameOf = (names: readonly string[], value: number): string => names[value] ?? `Unknown(${value})`;
