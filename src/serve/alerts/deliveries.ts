import { gln13 } from "../../gs1/keys";
import { LOGS_PER_BLOCK } from "../../indexer/store/schema";
import type { Sql } from "../../indexer/store/sql";

/** An alert's delivery states: pending (retried), delivered (2xx), cancelled (its event rolled back), dead (given up). */
export const DELIVERY_STATES = ["pending", "delivered", "cancelled", "dead"] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** One alert of a subscription as its subscriber sees it. */
export interface DeliveryView {
  /** The alert's Idempotency-Key (and `id` in its document). */
  id: string;
  type: string;
  gln: string;
  state: DeliveryState;
  attempts: number;
  lastError: string | null;
  /** When it goes next (pending only). */
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  event: { name: string; blockNumber: number; blockHash: string; logIndex: number };
  retracts: string | null;
}

interface DeliveryRow {
  seq: number;
  key: string;
  kind: string;
  gln: string;
  state: DeliveryState;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number;
  delivered_at: number | null;
  event_id: number;
  event_name: string;
  block_hash: string;
  log_index: number;
  retracts: string | null;
}

const SELECT = `SELECT seq, key, kind, gln, state, attempts, last_error, next_attempt_at, delivered_at, event_id,
  event_name, block_hash, log_index, retracts FROM alert_outbox WHERE subscription_id = ?`;

const view = (r: DeliveryRow): DeliveryView => ({
  id: r.key,
  type: r.kind,
  gln: gln13(r.gln),
  state: r.state,
  attempts: r.attempts,
  lastError: r.last_error,
  nextAttemptAt: r.state === "pending" ? new Date(r.next_attempt_at).toISOString() : null,
  deliveredAt: r.delivered_at === null ? null : new Date(r.delivered_at).toISOString(),
  event: {
    name: r.event_name,
    blockNumber: Math.floor(r.event_id / LOGS_PER_BLOCK),
    blockHash: r.block_hash,
    logIndex: r.log_index,
  },
  retracts: r.retracts,
});

/** A page of a subscription's alerts in outbox order, after `afterSeq`, optionally in one state. */
export function listDeliveries(
  sql: Sql,
  subscriptionId: string,
  state: DeliveryState | undefined,
  afterSeq: number,
  limit: number,
): { items: DeliveryView[]; lastSeq: number | null; more: boolean } {
  const rows = sql.all<DeliveryRow>(
    `${SELECT} AND (CAST(? AS TEXT) IS NULL OR state = ?) AND seq > ? ORDER BY seq LIMIT ?`,
    subscriptionId,
    state ?? null,
    state ?? null,
    afterSeq,
    limit + 1,
  );
  const page = rows.slice(0, limit);
  return { items: page.map(view), lastSeq: page.at(-1)?.seq ?? null, more: rows.length > limit };
}

/** What re-queueing an alert did. */
export type Requeued =
  | { outcome: "requeued"; delivery: DeliveryView }
  | { outcome: "missing" }
  | { outcome: "disabled" }
  | { outcome: "not-dead"; state: DeliveryState };

/**
 * Puts a dead alert back in the queue, due now, with a fresh budget of attempts (its last error is kept until the
 * next attempt). Same key and document: a receiver that got it after all deduplicates it.
 */
export function requeueDelivery(sql: Sql, subscriptionId: string, key: string, now: number): Requeued {
  return sql.transaction((): Requeued => {
    const row = sql.get<DeliveryRow & { disabled: number }>(
      `SELECT o.*, s.disabled_at IS NOT NULL AS disabled FROM alert_outbox o
       JOIN alert_subscriptions s ON s.id = o.subscription_id WHERE o.subscription_id = ? AND o.key = ?`,
      subscriptionId,
      key,
    );
    if (!row) return { outcome: "missing" };
    if (row.disabled) return { outcome: "disabled" };
    if (row.state !== "dead") return { outcome: "not-dead", state: row.state };
    sql.run(
      "UPDATE alert_outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, claimed_until = NULL WHERE key = ?",
      now,
      key,
    );
    return { outcome: "requeued", delivery: view({ ...row, state: "pending", attempts: 0, next_attempt_at: now }) };
  });
}
