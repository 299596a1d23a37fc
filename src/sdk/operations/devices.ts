import { ZeroHash } from "ethers";
import type { DeviceRegistry } from "../../contracts";
import { SdkInputError } from "../errors";
import { deviceId as deviceIdOf } from "../../contracts/ids";
import {
  checkAttribute,
  parseUdiField,
  toBytes32,
  toDevice,
  toGln,
  toGtin,
  toSscc,
  toUnixSeconds,
  type DeviceInput,
  type GlnInput,
  type GtinInput,
  type SsccInput,
  type TimeInput,
} from "../inputs";
import { lotFieldsOfUdi, resolveLotKey, type LotInput } from "../lots";
import { eventArg, plain, single, type BatchOperation } from "../operation";
import type { TxContext } from "../transact";
import { pauseOperations, shipmentItems } from "./shared";

/** Registers a lot: from a UDI (01, 10, and 11 / 17 for the dates) or fields; explicit fields win. */
export interface RegisterLotArgs {
  udi?: string;
  gtin?: GtinInput;
  lot?: string;
  manufacturedAt?: TimeInput;
  /** Last instant of use; omitted (and no (17) in the UDI): the lot does not expire. */
  expiresAt?: TimeInput;
}

/** Commissions a device: a UDI carrying (01), (10) and (21), or a lot and a serial. */
export type CommissionArgs = { udi: string } | { lot: LotInput; serial: string };

/** Commissions many devices of one lot: serials of a lot, or UDIs (all of one lot). */
export type CommissionBatchArgs = { lot: LotInput; serials: string[] } | { udis: string[] };

/** Packs or unpacks devices into or out of a container (SSCC). */
export interface PackArgs {
  container: SsccInput;
  devices: DeviceInput[];
}

/** Ships loose devices and containers to an organisation. */
export interface ShipArgs {
  to: GlnInput;
  devices?: DeviceInput[];
  containers?: SsccInput[];
  /** Business document (PO, ASN) hash; default zero. */
  documentHash?: string;
  /** Whether ownership changes with the shipment (recorded on the event); default true. */
  titleTransfer?: boolean;
}

/** Settles a shipment; the item lists default to what was dispatched (read from the ShipmentDispatched event). */
export interface SettleArgs {
  shipmentId: bigint | number;
  devices?: DeviceInput[];
  containers?: SsccInput[];
}

function lotOf(args: RegisterLotArgs) {
  const fromUdi = args.udi ? lotFieldsOfUdi(args.udi, "udi") : undefined;
  const gtin = args.gtin !== undefined ? toGtin(args.gtin) : fromUdi?.gtin;
  const lot = args.lot ?? fromUdi?.lot;
  if (gtin === undefined) throw new SdkInputError("gtin", undefined, "is required (or a udi carrying (01))");
  if (lot === undefined) throw new SdkInputError("lot", undefined, "is required (or a udi carrying (10))");
  checkAttribute(lot, "lot");
  const manufacturedAt =
    args.manufacturedAt !== undefined ? toUnixSeconds(args.manufacturedAt, "manufacturedAt") : fromUdi?.manufacturedAt;
  const expiresAt = args.expiresAt !== undefined ? toUnixSeconds(args.expiresAt, "expiresAt") : fromUdi?.expiresAt;
  return { gtin, lot, manufacturedAt: manufacturedAt ?? 0n, expiresAt: expiresAt ?? 0n };
}

async function commissionTarget(devices: DeviceRegistry, args: CommissionArgs) {
  if ("udi" in args) {
    const data = parseUdiField(args.udi, "udi");
    if (data.serial === undefined) throw new SdkInputError("udi", args.udi, "needs a serial (21)");
    const lotKey = await resolveLotKey(devices, args.udi, "udi");
    return { lotKey, serial: data.serial };
  }
  const lotKey = await resolveLotKey(devices, args.lot);
  const serial = checkAttribute(args.serial, "serial");
  return { lotKey, serial };
}

async function batchTarget(devices: DeviceRegistry, args: CommissionBatchArgs) {
  if ("serials" in args) {
    const lotKey = await resolveLotKey(devices, args.lot);
    args.serials.forEach((s, i) => checkAttribute(s, `serials[${i}]`));
    return { prepared: { lotKey, gtin: (await devices.lot(lotKey)).gtin }, items: [...args.serials] };
  }
  if (args.udis.length === 0) throw new SdkInputError("udis", [], "needs at least one UDI");
  const parsed = args.udis.map((udi, i) => ({
    ...lotFieldsOfUdi(udi, `udis[${i}]`),
    data: parseUdiField(udi, `udis[${i}]`),
  }));
  const first = parsed[0];
  parsed.forEach((p, i) => {
    if (p.gtin !== first.gtin || p.lot !== first.lot)
      throw new SdkInputError(`udis[${i}]`, args.udis[i], "is not of the first UDI's lot");
    if (p.data.serial === undefined) throw new SdkInputError(`udis[${i}]`, args.udis[i], "needs a serial (21)");
  });
  const lotKey = await resolveLotKey(devices, { gtin: first.gtin, lot: first.lot }, "udis[0]");
  return { prepared: { lotKey, gtin: first.gtin }, items: parsed.map((p) => p.data.serial as string) };
}

function packOperation(ctx: TxContext, method: "pack" | "unpack"): BatchOperation<PackArgs, bigint, string, string[]> {
  const { devices } = ctx.contracts;
  return {
    kind: "batch",
    resolve: async (args) => ({
      prepared: toSscc(args.container),
      items: args.devices.map((d, i) => toDevice(d, `devices[${i}]`).deviceId),
    }),
    prepare: (sscc, chunk) => devices[method].populateTransaction(sscc, [...chunk]),
    result: (_sscc, ids) => ids,
  };
}

function settle(ctx: TxContext, method: "receiveShipment" | "rejectShipment" | "cancelShipment") {
  const { devices } = ctx.contracts;
  return plain(async (args: SettleArgs) => {
    const items = await shipmentItems(ctx, args.shipmentId, args.devices, args.containers);
    return devices[method].populateTransaction(args.shipmentId, items.deviceIds, items.containers);
  });
}

/** The device registry's operations (its module hooks and one-time wiring are not integrator operations). */
export function deviceOperations(ctx: TxContext) {
  const { devices } = ctx.contracts;
  return {
    registerLot: single(
      async (args: RegisterLotArgs) => {
        const l = lotOf(args);
        return devices.registerLot.populateTransaction(l.gtin, l.lot, l.manufacturedAt, l.expiresAt);
      },
      (receipt) => eventArg<bigint>(receipt, devices, "LotRegistered", "lotKey"),
    ),
    commission: single(
      async (args: CommissionArgs) => {
        const t = await commissionTarget(devices, args);
        return devices.commission.populateTransaction(t.lotKey, t.serial);
      },
      (receipt) => eventArg<string>(receipt, devices, "DeviceCommissioned", "deviceId"),
    ),
    commissionBatch: {
      kind: "batch",
      resolve: (args) => batchTarget(devices, args),
      prepare: (p, chunk) => devices.commissionBatch.populateTransaction(p.lotKey, [...chunk]),
      result: (p, serials) => serials.map((serial) => deviceIdOf(p.gtin, serial)),
    } satisfies BatchOperation<CommissionBatchArgs, { lotKey: bigint; gtin: bigint }, string, string[]>,
    pack: packOperation(ctx, "pack"),
    unpack: packOperation(ctx, "unpack"),
    releaseContainer: plain(async (args: { container: SsccInput }) =>
      devices.releaseContainer.populateTransaction(toSscc(args.container)),
    ),
    ship: single(
      async (args: ShipArgs) => {
        const ids = (args.devices ?? []).map((d, i) => toDevice(d, `devices[${i}]`).deviceId);
        const containers = (args.containers ?? []).map((c, i) => toSscc(c, `containers[${i}]`));
        const count = ids.length + containers.length;
        if (count === 0) throw new SdkInputError("ship", count, "needs at least one device or container");
        if (count > ctx.maxBatch) {
          throw new SdkInputError(
            "ship",
            count,
            `carries more than ${ctx.maxBatch} items; pack devices into containers`,
          );
        }
        const document = args.documentHash ? toBytes32(args.documentHash, "documentHash") : ZeroHash;
        return devices.ship.populateTransaction(
          toGln(args.to, "to"),
          ids,
          containers,
          document,
          args.titleTransfer ?? true,
        );
      },
      (receipt) => eventArg<bigint>(receipt, devices, "ShipmentDispatched", "shipmentId"),
    ),
    receiveShipment: settle(ctx, "receiveShipment"),
    rejectShipment: settle(ctx, "rejectShipment"),
    cancelShipment: settle(ctx, "cancelShipment"),
    ...pauseOperations(devices),
  };
}
