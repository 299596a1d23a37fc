/**
 * Adaptive `eth_getLogs` ranges: grow after a success (aiming at a target number of logs per response), shrink on
 * "range too large" or result-cap errors, never above the configured maximum (≤ 5,000 blocks).
 */
export interface RangeSizer {
  /** Blocks the next request should span. */
  size(): number;
  /** A range of `blocks` blocks returned `logs` logs. */
  success(blocks: number, logs: number): void;
  /** A range of `blocks` blocks was refused; `suggested` is a size the node named, if any. */
  tooLarge(blocks: number, suggested?: number): void;
}

export function createRangeSizer(options: { initial: number; max: number; targetLogs: number }): RangeSizer {
  let size = Math.min(options.initial, options.max);
  const clamp = (n: number) => Math.max(1, Math.min(options.max, Math.floor(n)));
  return {
    size: () => size,
    success(blocks, logs) {
      if (blocks < size) return; // a short range at the head says nothing about the density
      const byDensity = logs === 0 ? size * 2 : (blocks * options.targetLogs) / logs;
      size = clamp(Math.min(size * 2, Math.max(size / 2, byDensity)));
    },
    tooLarge(blocks, suggested) {
      size = clamp(suggested !== undefined && suggested < blocks ? suggested : blocks / 2);
    },
  };
}
