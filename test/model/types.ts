/**
 * The reference model's state: a plain, cloneable picture of the whole system (directory, products, lots, devices,
 * containers, shipments, recalls, anchors, pauses and the consortium admin). Every number is a bigint, as ethers
 * decodes it, so model values compare directly with what the contracts return.
 */

import { bigintEnum } from "../helpers/enums";

/** The six deployed contracts, named as in `System`. */
export const CONTRACTS = ["directory", "products", "devices", "lifecycle", "recalls", "anchors"] as const;
export type ContractName = (typeof CONTRACTS)[number];

/** Solidity enums as bigints (ethers decodes uint8 enums to bigint), from the generated contract facts. */
export const DS = bigintEnum("DeviceStatus");
export const CS = bigintEnum("ContainerStatus");
export const SS = bigintEnum("ShipmentStatus");
export const SCOPE = bigintEnum("HoldScope");
export const ORG = bigintEnum("OrganisationStatus");
export const RS = bigintEnum("RecallStatus");
export const DISPOSITION = bigintEnum("Disposition");
export const TARGET = bigintEnum("AnchorTarget");
export const ROLE = bigintEnum("Role");

export interface OrgRec {
  status: bigint;
  roles: bigint;
  /** In EnumerableSet order (removal moves the last account into the hole). */
  accounts: string[];
}

export interface ProductRec {
  manufacturer: bigint;
  tracked: boolean;
  implantable: boolean;
  metadataHash: string;
}

export interface LotRec {
  gtin: bigint;
  manufacturer: bigint;
  manufacturedAt: bigint;
  expiresAt: bigint;
  holdMark: bigint;
}

export interface DeviceRec {
  gtin: bigint;
  custodian: bigint;
  status: bigint;
  lotKey: bigint;
  /** Container key (not SSCC) while packed, else 0. */
  container: bigint;
  shipment: bigint;
  holdMark: bigint;
  clearedHold: bigint;
}

export interface ContainerRec {
  custodian: bigint;
  status: bigint;
  key: bigint;
  lotKey: bigint;
  shipment: bigint;
  deviceCount: bigint;
  holdMark: bigint;
}

export interface ShipmentRec {
  sender: bigint;
  recipient: bigint;
  status: bigint;
  excursion: boolean;
  deviceIds: string[];
  containers: bigint[];
}

export interface RecallRec {
  gtin: bigint;
  issuer: bigint;
  returnTo: bigint;
  status: bigint;
  recallClass: bigint;
  action: bigint;
  scope: bigint;
  lotKeys: bigint[];
  deviceIds: string[];
}

export interface AnchorRec {
  root: string;
  organisation: bigint;
  windowStart: bigint;
  windowEnd: bigint;
  recordCount: bigint;
  target: bigint;
  excursion: boolean;
}

export interface ModelState {
  /** The fixture's time: lot dates are set relative to it. */
  origin: bigint;
  /** The chain's clock as the model knows it (fixture time plus every advance; off by seconds, never by days). */
  clock: bigint;
  admin: string;
  pendingAdmin: string;
  pendingSchedule: bigint;
  /** The model clock when the pending transfer was scheduled (decides whether its delay has passed). */
  pendingBeganAt: bigint;
  adminDelay: bigint;
  paused: Record<ContractName, boolean>;
  orgs: Map<bigint, OrgRec>;
  /** Account (checksummed) → GLN. */
  accounts: Map<string, bigint>;
  /** Company prefix → GLN. */
  prefixes: Map<string, bigint>;
  products: Map<bigint, ProductRec>;
  lots: Map<bigint, LotRec>;
  /** `${gtin}|${lotNumber}` → lot key. */
  lotKeys: Map<string, bigint>;
  devices: Map<string, DeviceRec>;
  containers: Map<bigint, ContainerRec>;
  /** Container key → SSCC. */
  containerSscc: Map<bigint, bigint>;
  shipments: Map<bigint, ShipmentRec>;
  recalls: Map<bigint, RecallRec>;
  /** `${recallId}|${gln}`. */
  acknowledged: Set<string>;
  /** `${recallId}|${deviceId}` → disposition. */
  dispositions: Map<string, bigint>;
  /** `${custodian}|${serviceProvider}`. */
  servicers: Set<string>;
  software: Map<string, string>;
  anchors: Map<bigint, AnchorRec>;
  /** Accounts holding the directory's GUARDIAN_ROLE. */
  guardians: Set<string>;
  /** GLN → the address of its QBFT validator node (absent: none). */
  validators: Map<bigint, string>;
}

/** An event the model expects, in emission order. */
export interface ExpectedEvent {
  contract: ContractName;
  name: string;
  args: unknown[];
}

/** What a command touched: the views compared after it runs. */
export interface Touched {
  devices: Set<string>;
  orgs: Set<bigint>;
  accounts: Set<string>;
  containers: Set<bigint>;
  shipments: Set<bigint>;
  lots: Set<bigint>;
  products: Set<bigint>;
  recalls: Set<bigint>;
  holds: Set<bigint>;
  anchors: Set<bigint>;
  /** `${custodian}|${serviceProvider}`. */
  servicers: Set<string>;
  /** `${recallId}|${gln}`. */
  acks: Set<string>;
  /** `${recallId}|${deviceId}`. */
  dispositions: Set<string>;
  admin: boolean;
  prefixes: boolean;
  /** Guardians or validators changed: compare the network rules and the votes. */
  network: boolean;
}

export const emptyTouched = (): Touched => ({
  devices: new Set(),
  orgs: new Set(),
  accounts: new Set(),
  containers: new Set(),
  shipments: new Set(),
  lots: new Set(),
  products: new Set(),
  recalls: new Set(),
  holds: new Set(),
  anchors: new Set(),
  servicers: new Set(),
  acks: new Set(),
  dispositions: new Set(),
  admin: false,
  prefixes: false,
  network: false,
});

/** Adds every member of `from` to `into`. */
export function mergeTouched(into: Touched, from: Touched): void {
  for (const key of Object.keys(from) as (keyof Touched)[]) {
    const value = from[key];
    if (typeof value === "boolean") (into[key] as boolean) ||= value;
    else for (const item of value as Set<unknown>) (into[key] as Set<unknown>).add(item);
  }
}

/** The context one model operation runs in. */
export interface Ctx {
  /** The signing account. */
  sender: string;
  events: ExpectedEvent[];
  touched: Touched;
  /** The timestamp of the block the transaction was mined in, for operations whose events carry it. */
  blockTime: bigint;
}

/** A revert the model predicts: the custom error's name and arguments. */
export class ModelRevert extends Error {
  constructor(
    readonly errorName: string,
    readonly errorArgs: unknown[],
  ) {
    super(`${errorName}(${errorArgs.map(String).join(", ")})`);
  }
}

/** Throws the custom error `name(args)`. */
export function revert(name: string, ...args: unknown[]): never {
  throw new ModelRevert(name, args);
}
