import type { Provider } from "ethers";
import type { AnchorRef } from "../../records";
import type { Contracts } from "../../sdk/contracts";
import type { AnchorOutcome, CaptureEvent, EventOutcome } from "../types";
import type { JournalRow } from "./journal";
import { retrying } from "./retry";

/**
 * Adds to each committed event that anchored readings the anchor they became, read from its DataAnchored log (the
 * journal keeps the transaction and the log's index): the anchor id the chain assigned, and the root, count, window
 * and excursion flag the engine built, which the member needs to rebuild the tree and its receipts.
 */
export async function withAnchors(
  provider: Provider,
  contracts: Contracts,
  at: Pick<AnchorRef, "chainId" | "registry">,
  events: readonly CaptureEvent[],
  rows: readonly JournalRow[],
  outcomes: EventOutcome[],
): Promise<EventOutcome[]> {
  const anchoring = new Set(
    events.filter((e) => e.ops.some((op) => op.kind === "anchorShipmentData")).map((e) => e.index),
  );
  const registry = contracts.anchors.interface;
  const result: EventOutcome[] = [];
  for (const outcome of outcomes) {
    const row = rows.find((r) => r.fn === "anchor" && r.state === "mined" && r.events.includes(outcome.index));
    if (outcome.status !== "committed" || !anchoring.has(outcome.index) || !row) {
      result.push(outcome);
      continue;
    }
    const receipt = await retrying(() => provider.getTransactionReceipt(row.hash as string));
    const log = receipt?.logs.find((l) => l.index === row.logIndex);
    const parsed = log && registry.parseLog({ topics: [...log.topics], data: log.data });
    if (!parsed || parsed.name !== "DataAnchored") {
      result.push(outcome);
      continue;
    }
    const anchor: AnchorOutcome = {
      ref: {
        type: "evm",
        ...at,
        anchorId: String(parsed.args.anchorId),
        txHash: row.hash as string,
        blockNumber: row.blockNumber as number,
        logIndex: row.logIndex as number,
      },
      shipmentId: BigInt(parsed.args.targetId as string).toString(),
      root: parsed.args.root as string,
      recordCount: Number(parsed.args.recordCount),
      windowStart: Number(parsed.args.windowStart),
      windowEnd: Number(parsed.args.windowEnd),
      excursion: parsed.args.excursion as boolean,
    };
    result.push({ ...outcome, anchor });
  }
  return result;
}
