import type { FastifyBaseLogger } from "fastify";
import type { Organisations } from "../organisations";
import type { Resolver } from "./destination";
import { alertPoster } from "./post";
import { SIGNATURE_HEADER, signAlert } from "./signature";
import type { AlertStore, DueAlert } from "./store";

/** How alerts are sent and retried. */
export interface DeliveryPolicy {
  /** Attempts before an alert is given up as dead (kept, listed, re-queueable by its subscriber). */
  maxAttempts: number;
  /** First retry delay (ms); doubled per failed attempt. */
  baseDelayMs: number;
  /** Longest retry delay (ms). */
  maxDelayMs: number;
  /** A receiver that has not answered within this time (ms) counts as failed; the alert is sent again later. */
  timeoutMs: number;
  /** Alerts on the wire at once. */
  concurrency: number;
  /** Outbox polling interval while nothing is due (ms); a stored range wakes the worker at once. */
  pollMs: number;
}

/** 20 attempts: about an hour of retries (the delays reach 5 minutes at the 10th). */
export const DEFAULT_DELIVERY: DeliveryPolicy = {
  maxAttempts: 20,
  baseDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
  timeoutMs: 10_000,
  concurrency: 4,
  pollMs: 1_000,
};

/** Exponential backoff with jitter: a delay in [d/2, d] where d = min(max, base · 2^(attempt−1)). */
export function retryDelay(policy: DeliveryPolicy, attempt: number, random = Math.random): number {
  const d = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(d / 2 + (random() * d) / 2);
}

/** The JSON document a subscriber receives (also the bytes the signature covers). */
export function alertBody(alert: DueAlert, chainId: number, organisations: Organisations): string {
  return JSON.stringify({
    id: alert.key,
    type: alert.kind,
    subscription: alert.subscriptionId,
    organisation: { gln: alert.gln, name: organisations.name(alert.gln) },
    event: {
      name: alert.eventName,
      eventID: `urn:udi-ledger:event:${chainId}:${alert.blockHash}:${alert.logIndex}`,
      blockNumber: alert.blockNumber,
      blockHash: alert.blockHash,
      logIndex: alert.logIndex,
      transactionHash: alert.txHash,
      time: new Date(alert.blockTime * 1000).toISOString(),
    },
    ...(alert.retracts === null ? {} : { retracts: alert.retracts }),
    data: JSON.parse(alert.data) as unknown,
  });
}

export interface DeliveryWorker {
  /** Looks at the outbox now (the indexer stored a range). */
  wake(): void;
  /** Stops taking alerts and waits for those on the wire (bounded by the timeout): unrecorded ones go again later. */
  stop(): Promise<void>;
  readonly stats: { sent: number; delivered: number; failed: number; dead: number };
}

/**
 * Sends the outbox: POSTs each due alert with its Idempotency-Key and signature, marks it delivered only on a 2xx,
 * otherwise schedules a retry with backoff until `maxAttempts`, after which the alert is dead. A 410 Gone ends the
 * subscription (common webhook practice): the alert and what else it had pending are dead. Every replica of the service
 * runs one: each alert is claimed by one of them (AlertStore.due). At-least-once: an alert sent but not recorded (the
 * process died) is pending and goes again, with the same key, once its claim lapses (another replica, or a restart).
 */
export function startDeliveryWorker(options: {
  store: AlertStore;
  chainId: number;
  organisations: Organisations;
  log: FastifyBaseLogger;
  policy?: Partial<DeliveryPolicy>;
  /** The operator's opt-in to loopback and private targets (on-premise consortia, tests). */
  allowPrivate?: boolean;
  resolver?: Resolver;
  /** The clock of due times and records (tests move it on instead of waiting). */
  now?: () => number;
}): DeliveryWorker {
  const policy: DeliveryPolicy = { ...DEFAULT_DELIVERY, ...options.policy };
  const { store, log } = options;
  const clock = options.now ?? Date.now;
  const busy = new Map<string, Promise<void>>();
  const stats = { sent: 0, delivered: 0, failed: 0, dead: 0 };
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const poster = alertPoster(options.allowPrivate === true, options.resolver);

  async function send(alert: DueAlert): Promise<void> {
    const body = alertBody(alert, options.chainId, options.organisations);
    const controller = new AbortController();
    const timeout = setTimeout(
      () => controller.abort(new Error(`no answer within ${policy.timeoutMs} ms`)),
      policy.timeoutMs,
    );
    let error: string;
    let gone = false;
    try {
      stats.sent++;
      const status = await poster.post(
        alert.url,
        {
          "content-type": "application/json",
          "user-agent": "udi-ledger-alerts/1",
          "idempotency-key": alert.key,
          "udi-ledger-alert-type": alert.kind,
          [SIGNATURE_HEADER.toLowerCase()]: signAlert(alert.secret, body, Math.floor(Date.now() / 1000)),
        },
        body,
        controller.signal,
      );
      if (status >= 200 && status < 300) {
        if (store.delivered(alert.key, clock())) stats.delivered++;
        log.info({ alert: alert.key, type: alert.kind, status }, "alert delivered");
        return;
      }
      gone = status === 410;
      error = `HTTP ${status}`;
    } catch (e) {
      error = controller.signal.aborted
        ? String((controller.signal.reason as Error)?.message ?? "aborted")
        : (e as Error).message;
    } finally {
      clearTimeout(timeout);
    }
    stats.failed++;
    const attempt = alert.attempts + 1;
    const dead = gone || attempt >= policy.maxAttempts;
    const delay = retryDelay(policy, attempt);
    store.failed(alert.key, error, dead ? null : clock() + delay);
    const entry = { alert: alert.key, type: alert.kind, attempt, err: error };
    if (!dead) return void log.warn({ ...entry, retryInMs: delay }, "alert not delivered");
    stats.dead++;
    log.error(entry, gone ? "alert refused: 410 Gone ends its subscription" : "alert dead: no more attempts");
    if (gone) {
      const now = clock();
      const reason = `${alert.url} answered 410 Gone at ${new Date(now).toISOString()}`;
      store.disable(alert.subscriptionId, reason, now);
    }
  }

  function pump(): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = null;
    const now = clock();
    const free = policy.concurrency - busy.size;
    if (free > 0) {
      // The lease outlasts the answer's timeout: a live replica records the attempt long before another may take it.
      for (const alert of store.due(now, free, 2 * policy.timeoutMs)) {
        const flight = send(alert)
          .catch((e: unknown) => log.error({ err: e, alert: alert.key }, "alert delivery failed"))
          .finally(() => {
            busy.delete(alert.key);
            pump();
          });
        busy.set(alert.key, flight);
      }
    }
    const next = store.nextDue();
    const wait = next === null ? policy.pollMs : Math.max(10, Math.min(policy.pollMs, next - now));
    timer = setTimeout(pump, busy.size >= policy.concurrency ? policy.pollMs : wait);
    timer.unref();
  }

  setImmediate(pump);
  return {
    stats,
    wake: () => setImmediate(pump),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.all(busy.values());
      poster.close();
    },
  };
}
