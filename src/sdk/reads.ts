import type { Contracts } from "./contracts";
import { enumName, Role, type EnumMember } from "./enums";
import { SdkInputError } from "./errors";
import {
  toDevice,
  toGln,
  toGtin,
  toSscc,
  type DeviceInput,
  type GlnInput,
  type GtinInput,
  type SsccInput,
} from "./inputs";
import { resolveLotKey, type LotInput } from "./lots";
import type { Provider } from "ethers";

/** A shipment and where it goes. */
export interface ShipmentView {
  shipmentId: bigint;
  sender: bigint;
  recipient: bigint;
  status: EnumMember<"ShipmentStatus">;
  excursion: boolean;
  itemCount: bigint;
}

/** A recall as far as a holder needs it. */
export interface RecallView {
  recallId: bigint;
  gtin: bigint;
  issuer: bigint;
  returnTo: bigint;
  status: EnumMember<"RecallStatus">;
  recallClass: EnumMember<"RecallClass">;
  action: EnumMember<"RecallAction">;
  scope: EnumMember<"HoldScope">;
}

/** A device, where it is and whether a recall holds it. */
export interface DeviceView {
  deviceId: string;
  gtin: bigint;
  serial?: string;
  status: EnumMember<"DeviceStatus">;
  /** The organisation (GLN) holding it: its container's custodian while packed. */
  custodian: bigint;
  lotKey: bigint;
  /** SSCC of the container it is packed in, or null. */
  container: bigint | null;
  /** The shipment carrying it (loose or in its container), or null. */
  shipment: ShipmentView | null;
  /** The open recall holding it, or null. */
  heldBy: RecallView | null;
  expired: boolean;
}

/** A lot. */
export interface LotView {
  lotKey: bigint;
  gtin: bigint;
  manufacturer: bigint;
  manufacturedAt: bigint;
  /** Unix seconds, last instant of use; 0 when the lot does not expire. */
  expiresAt: bigint;
  /** True when the latest block is past `expiresAt`. */
  expired: boolean;
}

/** A product (UDI-DI). */
export interface ProductView {
  gtin: bigint;
  manufacturer: bigint;
  tracked: boolean;
  implantable: boolean;
  metadataHash: string;
}

/** Read helpers over the views of every contract; each returns null for what does not exist. */
export function createReads(contracts: Contracts, provider: Provider) {
  const { devices, products, recalls, directory } = contracts;

  async function shipment(shipmentId: bigint | number): Promise<ShipmentView | null> {
    const s = await devices.shipment(shipmentId);
    if (s.status === 0n) return null;
    const { sender, recipient, excursion, itemCount } = s;
    return {
      shipmentId: BigInt(shipmentId),
      sender,
      recipient,
      excursion,
      itemCount,
      status: enumName("ShipmentStatus", s.status),
    };
  }

  async function recall(recallId: bigint | number): Promise<RecallView | null> {
    const r = await recalls.recall(recallId);
    if (r.status === 0n) return null;
    return {
      recallId: BigInt(recallId),
      gtin: r.gtin,
      issuer: r.issuer,
      returnTo: r.returnTo,
      status: enumName("RecallStatus", r.status),
      recallClass: enumName("RecallClass", r.recallClass),
      action: enumName("RecallAction", r.action),
      scope: enumName("HoldScope", r.scope),
    };
  }

  async function device(input: DeviceInput): Promise<DeviceView | null> {
    const resolved = toDevice(input);
    const s = await devices.deviceState(resolved.deviceId);
    if (s.status === 0n) return null;
    return {
      deviceId: resolved.deviceId,
      gtin: s.gtin,
      serial: resolved.serial,
      status: enumName("DeviceStatus", s.status),
      custodian: s.custodian,
      lotKey: s.lotKey,
      container: s.container === 0n ? null : s.container,
      shipment: s.shipment === 0n ? null : await shipment(s.shipment),
      heldBy: s.heldBy === 0n ? null : await recall(s.heldBy),
      expired: s.expired,
    };
  }

  async function lot(input: LotInput): Promise<LotView | null> {
    let lotKey: bigint;
    try {
      lotKey = await resolveLotKey(devices, input);
    } catch (error) {
      if (error instanceof SdkInputError && error.reason === "is not a registered lot") return null;
      throw error;
    }
    const l = await devices.lot(lotKey);
    if (l.gtin === 0n) return null;
    const now = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
    const { gtin, manufacturer, manufacturedAt, expiresAt } = l;
    return { lotKey, gtin, manufacturer, manufacturedAt, expiresAt, expired: expiresAt !== 0n && now > expiresAt };
  }

  return {
    device,
    /** Where a device is: its custodian, container and shipment (null when not commissioned). */
    async whereIs(input: DeviceInput) {
      const d = await device(input);
      return d && { custodian: d.custodian, container: d.container, shipment: d.shipment, status: d.status };
    },
    /** The open recall holding a device, or null. */
    async heldByRecall(input: DeviceInput): Promise<RecallView | null> {
      const s = await devices.deviceState(toDevice(input).deviceId);
      return s.heldBy === 0n ? null : recall(s.heldBy);
    },
    lot,
    shipment,
    recall,
    async product(gtin: GtinInput): Promise<ProductView | null> {
      const value = toGtin(gtin);
      const p = await products.product(value);
      if (p.manufacturer === 0n) return null;
      return {
        gtin: value,
        manufacturer: p.manufacturer,
        tracked: p.tracked,
        implantable: p.implantable,
        metadataHash: p.metadataHash,
      };
    },
    async container(sscc: SsccInput) {
      const c = await devices.container(toSscc(sscc));
      if (c.status === 0n) return null;
      return {
        sscc: toSscc(sscc),
        custodian: c.custodian,
        status: enumName("ContainerStatus", c.status),
        lotKey: c.lotKey,
        deviceCount: c.deviceCount,
        shipment: c.shipment === 0n ? null : await shipment(c.shipment),
      };
    },
    async organisation(gln: GlnInput) {
      const o = await directory.organisation(toGln(gln));
      if (o.status === 0n) return null;
      const roles = (Object.entries(Role) as [EnumMember<"Role">, number][])
        .filter(([, bit]) => bit !== 0 && (Number(o.roles) >> bit) & 1)
        .map(([name]) => name);
      return { gln: toGln(gln), status: enumName("OrganisationStatus", o.status), roles, accountCount: o.accountCount };
    },
    /** The GLN an account signs for, or null. */
    async organisationOf(account: string): Promise<bigint | null> {
      const gln = await directory.organisationOf(account);
      return gln === 0n ? null : gln;
    },
    /** The items-per-call cap of the device registry (MAX_BATCH). */
    maxBatch: async () => Number(await devices.MAX_BATCH()),
  };
}

export type Reads = ReturnType<typeof createReads>;
