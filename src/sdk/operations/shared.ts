import type { BaseContract, ContractTransaction } from "ethers";
import { SdkInputError } from "../errors";
import { toDevice, toSscc, type DeviceInput, type SsccInput } from "../inputs";
import { plain } from "../operation";
import type { TxContext } from "../transact";

/** Besu answers `eth_getLogs` for at most 5,000 blocks by default; readers page by this much. */
export const LOG_PAGE_BLOCKS = 5_000;

interface Pausable extends BaseContract {
  pause: { populateTransaction(): Promise<ContractTransaction> };
  unpause: { populateTransaction(): Promise<ContractTransaction> };
}

/** `pause` and `unpause` of a registry (consortium admin only). */
export function pauseOperations(contract: Pausable) {
  return {
    pause: plain(async (_args: void) => contract.pause.populateTransaction()),
    unpause: plain(async (_args: void) => contract.unpause.populateTransaction()),
  };
}

/**
 * The items a shipment carries: the given lists, or those of its ShipmentDispatched event, searched newest first in
 * pages of {@link LOG_PAGE_BLOCKS} blocks from the registry's deployment block.
 */
export async function shipmentItems(
  ctx: TxContext,
  shipmentId: bigint | number,
  deviceList?: DeviceInput[],
  containerList?: SsccInput[],
): Promise<{ deviceIds: string[]; containers: bigint[] }> {
  if (deviceList || containerList) {
    return {
      deviceIds: (deviceList ?? []).map((d, i) => toDevice(d, `devices[${i}]`).deviceId),
      containers: (containerList ?? []).map((c, i) => toSscc(c, `containers[${i}]`)),
    };
  }
  const { devices } = ctx.contracts;
  const filter = devices.filters.ShipmentDispatched(shipmentId);
  const latest = await ctx.provider.getBlockNumber();
  for (let to = latest; to >= ctx.fromBlock; to -= LOG_PAGE_BLOCKS) {
    const from = Math.max(ctx.fromBlock, to - LOG_PAGE_BLOCKS + 1);
    const events = await devices.queryFilter(filter, from, to);
    if (events.length > 0) {
      const { deviceIds, containers } = events[events.length - 1].args;
      return { deviceIds: [...deviceIds], containers: [...containers] };
    }
  }
  throw new SdkInputError("shipmentId", shipmentId, "has no ShipmentDispatched event");
}
