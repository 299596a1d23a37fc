import { toBeHex } from "ethers";
import { SdkInputError } from "../errors";
import { toBytes32, toDevice, toUnixSeconds, type DeviceInput, type TimeInput } from "../inputs";
import { resolveLotKey, type LotInput } from "../lots";
import { eventArg, single } from "../operation";
import type { TxContext } from "../transact";
import { AnchorTarget } from "../enums";
import { pauseOperations } from "./shared";

/** What an anchor is attached to: one of a shipment, a device or a lot. */
export type AnchorTargetInput = { shipmentId: bigint | number } | { device: DeviceInput } | { lot: LotInput };

/** A Merkle root over off-chain records (telemetry, readings, documents). */
export type AnchorArgs = AnchorTargetInput & {
  root: string;
  recordCount: number;
  windowStart: TimeInput;
  windowEnd: TimeInput;
  uriHash: string;
  /** A record outside its specification; on a shipment in transit it quarantines the devices on receipt. */
  excursion?: boolean;
};

/** The data anchor registry's operations. */
export function anchorOperations(ctx: TxContext) {
  const { anchors, devices } = ctx.contracts;
  const targetOf = async (a: AnchorTargetInput): Promise<{ target: number; targetId: string }> => {
    if ("shipmentId" in a) return { target: AnchorTarget.Shipment, targetId: toBeHex(a.shipmentId, 32) };
    if ("device" in a) return { target: AnchorTarget.Device, targetId: toDevice(a.device).deviceId };
    if ("lot" in a) return { target: AnchorTarget.Lot, targetId: toBeHex(await resolveLotKey(devices, a.lot), 32) };
    throw new SdkInputError("target", a, "needs shipmentId, device or lot");
  };
  return {
    anchor: single(
      async (a: AnchorArgs) => {
        if (!Number.isSafeInteger(a.recordCount) || a.recordCount < 0 || a.recordCount >= 2 ** 32) {
          throw new SdkInputError("recordCount", a.recordCount, "must be a uint32");
        }
        return anchors.anchor.populateTransaction({
          ...(await targetOf(a)),
          root: toBytes32(a.root, "root"),
          recordCount: a.recordCount,
          windowStart: toUnixSeconds(a.windowStart, "windowStart"),
          windowEnd: toUnixSeconds(a.windowEnd, "windowEnd"),
          uriHash: toBytes32(a.uriHash, "uriHash"),
          excursion: a.excursion ?? false,
        });
      },
      (receipt) => eventArg<bigint>(receipt, anchors, "DataAnchored", "anchorId"),
    ),
    ...pauseOperations(anchors),
  };
}
