import { isRetryable } from "../../errors";

/** How often and how long to retry retryable faults: exponential backoff with full jitter. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay cap of the first retry, in milliseconds; doubles each retry. */
  baseDelayMs: number;
  /** Largest delay, in milliseconds. */
  maxDelayMs: number;
  /** Source of jitter in [0, 1); seed it in tests so a run replays. */
  random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 100, maxDelayMs: 5_000, random: Math.random };

/** Backoff before retry number `retry` (1-based): full jitter over [0, min(max, base · 2^(retry-1))]. */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(policy.random() * cap);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `task`, retrying retryable errors with backoff; permanent errors and the last failure propagate unchanged.
 * `onRetry` sees each retried error (for fault counts and progress lines).
 */
export async function withRetry<T>(
  task: () => Promise<T>,
  policy: RetryPolicy,
  onRetry?: (error: unknown, retry: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (!isRetryable(error) || attempt >= policy.attempts) throw error;
      onRetry?.(error, attempt);
      await sleep(backoffDelay(policy, attempt));
    }
  }
}
