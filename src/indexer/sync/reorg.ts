import { ReorgTooDeepError } from "../errors";
import type { Chain } from "../rpc/chain";
import type { Checkpoint, Store } from "../store/store";

/** What a rollback did. */
export interface ReorgOutcome {
  from: Checkpoint;
  ancestor: Checkpoint;
  depth: number;
  eventsRolledBack: number;
}

/** Whether the stored checkpoint is still on the node's chain: yes, no (a hash changed), or unknown (stale node). */
export async function checkpointStatus(
  chain: Chain,
  checkpoint: Checkpoint,
): Promise<"canonical" | "changed" | "unknown"> {
  if (checkpoint.number < 0) return "canonical";
  const header = await chain.header(checkpoint.number);
  if (!header) return "unknown";
  return header.hash === checkpoint.hash ? "canonical" : "changed";
}

/**
 * Whether any block hash remembered at or below `upTo` (within the window) differs from the node's: positive evidence
 * of a reorg. Blocks the node does not know are no evidence (a lagging node forgets nothing it once served).
 */
export async function rememberedHashChanged(
  chain: Chain,
  store: Store,
  upTo: number,
  window: number,
): Promise<boolean> {
  const checkpoint = store.checkpoint()!;
  const known = store
    .knownBlocks(checkpoint.number - window, upTo)
    .filter((b) => b.number >= 0)
    .slice(0, 32);
  const headers = await chain.headers(known.map((b) => b.number));
  return known.some((b, i) => headers[i] !== null && headers[i]!.hash !== b.hash);
}

/**
 * Walks back from the checkpoint through the remembered block hashes of the unfinalised window to the newest block
 * still on the node's chain (the common ancestor), then rolls back everything above it in one transaction. Refuses
 * (ReorgTooDeepError) when no remembered block within the window is still canonical.
 */
export async function rollBackToCommonAncestor(chain: Chain, store: Store, window: number): Promise<ReorgOutcome> {
  const from = store.checkpoint()!;
  const known = store.knownBlocks(from.number - window, from.number);
  for (let i = 0; i < known.length; i += 50) {
    const slice = known.slice(i, i + 50);
    const canonical = await chain.headers(slice.map((b) => Math.max(b.number, 0)));
    for (let k = 0; k < slice.length; k++) {
      const header = canonical[k];
      const stored = slice[k];
      const matches = stored.number < 0 || (header !== null && header.hash === stored.hash);
      if (!matches) continue;
      const ancestor = { number: stored.number, hash: stored.hash, time: stored.number < 0 ? 0 : header!.timestamp };
      if (ancestor.number === from.number) return { from, ancestor, depth: 0, eventsRolledBack: 0 };
      const eventsRolledBack = store.rollbackTo(ancestor);
      const depth = from.number - ancestor.number;
      store.setMeta("reorgs", String(Number(store.meta("reorgs") ?? 0) + 1));
      store.setMeta("maxReorgDepth", String(Math.max(depth, Number(store.meta("maxReorgDepth") ?? 0))));
      return { from, ancestor, depth, eventsRolledBack };
    }
  }
  throw new ReorgTooDeepError(from.number, window, undefined);
}
