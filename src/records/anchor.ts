import { id, toBeHex } from "ethers";
import type { Client } from "../sdk/client";
import { resolveLotKey } from "../sdk/lots";
import { toDevice } from "../sdk/inputs";
import type { AnchorTargetInput } from "../sdk/operations/anchors";
import { SdkInputError } from "../sdk/errors";
import { RecordInputError } from "./errors";
import type { RecordTarget } from "./leaf";
import type { AnchorRef } from "./receipt";
import type { RecordTree } from "./record-tree";

/** A target resolved: the leaf's kind and id, and the SDK's anchor target input. */
export interface ResolvedTarget {
  target: RecordTarget;
  input: AnchorTargetInput;
}

/**
 * Resolves `shipment:<id>`, `device:<UDI, Digital Link or 0x device id>` or `lot:<gtin>/<lot>` (a lot is looked up
 * on the device registry, for its key).
 */
export async function resolveTarget(spec: string, client: Pick<Client, "contracts">): Promise<ResolvedTarget> {
  const colon = spec.indexOf(":");
  const [kind, rest] = colon < 0 ? [spec, ""] : [spec.slice(0, colon), spec.slice(colon + 1)];
  const fail = (reason: string, cause?: unknown) =>
    new RecordInputError("--target", 0, `${JSON.stringify(spec)} ${reason}`, { cause });
  try {
    if (kind === "shipment") {
      if (!/^\d+$/.test(rest) || BigInt(rest) === 0n || BigInt(rest) >= 2n ** 32n) {
        throw fail("needs a shipment id (1 to 2^32 − 1)");
      }
      return { target: { kind, id: toBeHex(BigInt(rest), 32) }, input: { shipmentId: BigInt(rest) } };
    }
    if (kind === "device") {
      const { deviceId } = toDevice(rest, "--target");
      return { target: { kind, id: deviceId }, input: { device: { deviceId } } };
    }
    if (kind === "lot") {
      const slash = rest.indexOf("/");
      if (slash < 0) throw fail("needs lot:<gtin>/<lot>");
      const lot = { gtin: rest.slice(0, slash), lot: rest.slice(slash + 1) };
      const lotKey = await resolveLotKey(client.contracts.devices, lot, "--target");
      return { target: { kind, id: toBeHex(lotKey, 32) }, input: { lot: { lotKey } } };
    }
  } catch (error) {
    if (error instanceof SdkInputError) throw fail(error.reason, error);
    throw error;
  }
  throw fail("must start with shipment:, device: or lot:");
}

/** What an anchor says besides the root. */
export interface AnchorOptions {
  /** Where the records are kept; its keccak256 is the anchor's uriHash. */
  uri: string;
  excursion?: boolean;
  /** The anchor's window; default the first and last record time. Must cover every record. */
  window?: { start: number; end: number };
}

/** Anchors a tree's root through the SDK (one transaction whatever the record count) and says where it landed. */
export async function anchorTree(
  client: Client,
  resolved: ResolvedTarget,
  tree: RecordTree,
  options: AnchorOptions,
): Promise<AnchorRef> {
  const window = options.window ?? tree.window;
  if (window.start > tree.window.start || window.end < tree.window.end) {
    const reason = `[${window.start}, ${window.end}] leaves out records (they span ${tree.window.start} to ${tree.window.end})`;
    throw new RecordInputError("window", 0, reason);
  }
  const { result: anchorId, receipt } = await client.anchors.anchor({
    ...resolved.input,
    root: tree.root,
    recordCount: tree.count,
    windowStart: window.start,
    windowEnd: window.end,
    uriHash: id(options.uri),
    excursion: options.excursion ?? false,
  });
  const registry = client.manifest.contracts.DataAnchorRegistry.address;
  const topic = client.contracts.anchors.interface.getEvent("DataAnchored").topicHash;
  const log = receipt.logs.find((l) => l.address.toLowerCase() === registry.toLowerCase() && l.topics[0] === topic);
  return {
    type: "evm",
    chainId: String(client.manifest.chainId),
    registry: registry.toLowerCase(),
    anchorId: anchorId.toString(),
    txHash: receipt.hash,
    blockNumber: receipt.blockNumber,
    logIndex: log!.index,
  };
}
