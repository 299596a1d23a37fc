import { GasCapError } from "./errors";

/** How a batch is split: at most `maxItems` per transaction and an estimated gas of at most `gasCap`. */
export interface BatchLimits {
  maxItems: number;
  gasCap: bigint;
}

/**
 * The largest prefix of `items` (at most `limits.maxItems`, at most `startSize`) whose estimated gas fits the cap.
 * Gas grows about linearly with the items, so an over-cap estimate scales the size down in one step, then by one
 * until it fits. Throws {@link GasCapError} when even one item does not fit.
 */
export async function fitChunk<T>(
  operation: string,
  items: readonly T[],
  limits: BatchLimits,
  estimate: (chunk: readonly T[]) => Promise<bigint>,
  startSize = limits.maxItems,
): Promise<{ items: readonly T[]; gas: bigint }> {
  let size = Math.max(1, Math.min(items.length, limits.maxItems, startSize));
  for (;;) {
    const chunk = items.slice(0, size);
    const gas = await estimate(chunk);
    if (gas <= limits.gasCap) return { items: chunk, gas };
    if (size === 1) throw new GasCapError(operation, gas, limits.gasCap);
    const scaled = Number((BigInt(size) * limits.gasCap) / gas);
    size = Math.max(1, Math.min(size - 1, scaled));
  }
}

/**
 * Plans every chunk of a batch up front against the current state (for unsigned transactions, which are all built
 * before any is mined): consecutive chunks that each fit the limits.
 */
export async function planChunks<T>(
  operation: string,
  items: readonly T[],
  limits: BatchLimits,
  estimate: (chunk: readonly T[]) => Promise<bigint>,
): Promise<{ items: readonly T[]; gas: bigint }[]> {
  const chunks: { items: readonly T[]; gas: bigint }[] = [];
  let rest = items;
  let size = limits.maxItems;
  while (rest.length > 0) {
    const chunk = await fitChunk(operation, rest, limits, estimate, size);
    chunks.push(chunk);
    size = chunk.items.length;
    rest = rest.slice(size);
  }
  return chunks;
}

/** Splits items into chunks of at most `size` (no estimation). */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new RangeError(`chunk size ${size} must be at least 1`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
