import { type Interface, ZeroHash, type ContractTransaction } from "ethers";
import type { Contracts } from "../../sdk/contracts";
import { enumValue } from "../../contracts";
import { toBytes32, toDevice, toGln, toSscc } from "../../sdk/inputs";
import type { DeviceRef, LedgerOp } from "../types";
import { sensorAnchorCall } from "./sensor-anchor";

/** A contract call: the target and its calldata. */
export interface Call {
  to: string;
  data: string;
}

/** A step's transaction once its late-bound values are known, or why it cannot be built. */
export type Built = { call: Call } | { reason: string };

/**
 * How one transaction is made: the views it depends on (`reads`, answered against the state the earlier
 * transactions leave: in simulation by the executor, at send time by the node) and the calldata built from their
 * answers. Lot keys of lots registered in the same document, and the shipment carrying a document's items, are only
 * known this late.
 */
export interface CallSpec {
  /** The contract function called (for logs and reasons). */
  fn: string;
  reads: Call[];
  build(reads: readonly string[]): Promise<Built>;
}

type Op<K extends LedgerOp["kind"]> = Extract<LedgerOp, { kind: K }>;

const callOf = (tx: ContractTransaction): Call => ({ to: tx.to, data: tx.data });
const idOf = (d: DeviceRef, field: string) => toDevice({ gtin: d.gtin, serial: d.serial }, field).deviceId;
const fixed = (fn: string, make: () => Promise<ContractTransaction>): CallSpec => ({
  fn,
  reads: [],
  build: async () => ({ call: callOf(await make()) }),
});

/** registerLot of a commission's lot, with its dates (0: unknown production date, or no expiry). */
export const registerLotCall = (c: Contracts, op: Op<"commission">): CallSpec =>
  fixed("registerLot", () =>
    c.devices.registerLot.populateTransaction(BigInt(op.gtin), op.lot, op.manufacturedAt ?? 0, op.expiresAt ?? 0),
  );

/** commission (one serial) or commissionBatch; the lot key is read late unless the chain knew it at planning time. */
export function commissionCall(c: Contracts, gtin: string, lot: string, serials: string[], lotKey?: bigint): CallSpec {
  const make = (key: bigint) =>
    serials.length === 1
      ? c.devices.commission.populateTransaction(key, serials[0])
      : c.devices.commissionBatch.populateTransaction(key, serials);
  const fn = serials.length === 1 ? "commission" : "commissionBatch";
  if (lotKey) return fixed(fn, () => make(lotKey));
  return {
    fn,
    reads: [{ to: String(c.devices.target), data: c.devices.interface.encodeFunctionData("lotKeyOf", [gtin, lot]) }],
    async build([raw]) {
      const key = c.devices.interface.decodeFunctionResult("lotKeyOf", raw)[0] as bigint;
      if (key === 0n) return { reason: `lot ${lot} of GTIN ${gtin} is not registered (its registerLot did not run)` };
      return { call: callOf(await make(key)) };
    },
  };
}

/** pack or unpack of devices into or out of one container. */
export const packCall = (c: Contracts, fn: "pack" | "unpack", sscc: string, devices: DeviceRef[]): CallSpec =>
  fixed(fn, () =>
    c.devices[fn].populateTransaction(
      toSscc(sscc, "sscc"),
      devices.map((d, i) => idOf(d, `devices[${i}]`)),
    ),
  );

/** What a shipment was dispatched with (its ShipmentDispatched event); undefined while no such event is on chain. */
export type DispatchedItems = (
  shipmentId: bigint,
) => Promise<{ deviceIds: string[]; containers: bigint[] } | undefined>;

/** Why a settlement's lists are not its shipment's items, or undefined when they are exactly them. */
function mismatch(shipmentId: bigint, listed: string[], shipped: string[]): string | undefined {
  const given = new Set(listed);
  const missing = shipped.filter((item) => !given.has(item));
  if (missing.length === 0 && given.size === shipped.length) return undefined;
  const shown = missing.slice(0, 3).join(", ") + (missing.length > 3 ? ", …" : "");
  return (
    `shipment ${shipmentId} carries ${shipped.length} items, the event lists ${given.size}` +
    (missing.length > 0 ? `; missing ${shown}` : "; some are not in it")
  );
}

/**
 * The shipment carrying every listed item, read from deviceState(id).shipment and container(sscc).shipment. A
 * settlement (`exact`) must list exactly the shipment's items: checked against its ShipmentDispatched event when that
 * is on chain (the SDK's shipmentItems), else by the chain itself (DeviceRegistryManifestMismatch,
 * DeviceRegistryNotInShipment) for a shipment of the same document.
 */
function viaShipment(
  c: Contracts,
  fn: string,
  op: { devices: DeviceRef[]; containers: string[] },
  dispatched: DispatchedItems | undefined,
  make: (shipmentId: bigint, ids: string[], ssccs: bigint[]) => Promise<ContractTransaction>,
): CallSpec {
  const ids = op.devices.map((d, i) => idOf(d, `devices[${i}]`));
  const ssccs = op.containers.map((s, i) => toSscc(s, `containers[${i}]`));
  const registry = String(c.devices.target);
  const names = [
    ...op.devices.map((d) => `device ${d.gtin}/${d.serial}`),
    ...op.containers.map((s) => `container ${s}`),
  ];
  return {
    fn,
    reads: [
      ...ids.map((id) => ({ to: registry, data: c.devices.interface.encodeFunctionData("deviceState", [id]) })),
      ...ssccs.map((s) => ({ to: registry, data: c.devices.interface.encodeFunctionData("container", [s]) })),
    ],
    async build(raws) {
      if (raws.length === 0) return { reason: "lists no device or container" };
      const registryAbi: Interface = c.devices.interface;
      const shipments = raws.map((raw, i) => {
        const view = i < ids.length ? "deviceState" : "container";
        return (registryAbi.decodeFunctionResult(view, raw)[0] as { shipment: bigint }).shipment;
      });
      const loose = shipments.findIndex((s) => s === 0n);
      if (loose >= 0) return { reason: `${names[loose]} is carried by no shipment in transit` };
      const distinct = [...new Set(shipments)];
      if (distinct.length > 1)
        return { reason: `the items are carried by different shipments (${distinct.join(", ")})` };
      const items = dispatched && (await dispatched(distinct[0]));
      const wrong =
        items &&
        mismatch(
          distinct[0],
          [...ids, ...ssccs.map(String)],
          [...items.deviceIds.map((d) => d.toLowerCase()), ...items.containers.map(String)],
        );
      if (wrong) return { reason: wrong };
      return { call: callOf(await make(distinct[0], ids, ssccs)) };
    },
  };
}

const SETTLE = { receive: "receiveShipment", reject: "rejectShipment", cancel: "cancelShipment" } as const;

/** The call of any operation other than commission, pack and unpack (which batch). */
export function singleCall(
  c: Contracts,
  op: Exclude<LedgerOp, { kind: "commission" | "pack" | "unpack" }>,
  dispatched: DispatchedItems,
): CallSpec {
  const { devices, lifecycle } = c;
  switch (op.kind) {
    case "ship":
      return fixed("ship", () =>
        devices.ship.populateTransaction(
          toGln(op.to, "to"),
          op.devices.map((d, i) => idOf(d, `devices[${i}]`)),
          op.containers.map((s, i) => toSscc(s, `containers[${i}]`)),
          op.documentHash ? toBytes32(op.documentHash, "documentHash") : ZeroHash,
          op.titleTransfer,
        ),
      );
    case "receive":
    case "reject":
    case "cancel": {
      const fn = SETTLE[op.kind];
      return viaShipment(c, fn, op, dispatched, (id, ids, ssccs) =>
        devices.getFunction(fn).populateTransaction(id, ids, ssccs),
      );
    }
    case "anchorShipmentData":
      // The leaves name the shipment: the tree is built once its id is read.
      return viaShipment(c, "anchor", op, undefined, (id) => sensorAnchorCall(c, op, id));
    case "softwareUpdate":
      return fixed("recordSoftwareUpdate", () =>
        lifecycle.recordSoftwareUpdate.populateTransaction(
          idOf(op.device, "device"),
          op.version,
          toBytes32(op.imageHash, "imageHash"),
        ),
      );
    case "install":
      return fixed("install", () =>
        lifecycle.install.populateTransaction(
          idOf(op.device, "device"),
          toGln(op.careSite, "careSite"),
          toBytes32(op.procedureCommitment, "procedureCommitment"),
        ),
      );
    case "explant":
      return fixed("explant", () =>
        lifecycle.explant.populateTransaction(
          idOf(op.device, "device"),
          toBytes32(op.procedureCommitment, "procedureCommitment"),
        ),
      );
    case "service":
      return fixed("recordService", () =>
        lifecycle.recordService.populateTransaction(
          idOf(op.device, "device"),
          enumValue("ServiceOutcome", op.outcome),
          toBytes32(op.reportHash, "reportHash"),
        ),
      );
    case "quarantine":
      return fixed("quarantine", () =>
        lifecycle.quarantine.populateTransaction(idOf(op.device, "device"), toBytes32(op.reasonHash, "reasonHash")),
      );
    case "release":
    case "decommission":
    case "destroy": {
      const fn = op.kind;
      return fixed(fn, () => lifecycle[fn].populateTransaction(idOf(op.device, "device")));
    }
  }
}
