import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { createAlertTables, recordDelivery } from "../../indexer/alerts/outbox";
import { connectSql } from "../../indexer/store/store";
import type { Sql } from "../../indexer/store/sql";
import { gln13 } from "../../gs1/keys";

/** A subscription as the API shows it (never its secret). */
export interface SubscriptionView {
  id: string;
  url: string;
  /** GLN-13, or null: every organisation. */
  gln: string | null;
  label: string;
  /** Alerts come from events in blocks after this one (the index's position when the subscription was made). */
  sinceBlock: number;
  createdAt: string;
  /** `disabled`: its receiver answered 410 Gone; it gets no more alerts (`disabledReason` says when and why). */
  status: "active" | "disabled";
  disabledReason: string | null;
  deliveries: { pending: number; delivered: number; cancelled: number; dead: number; lastError: string | null };
}

/** An alert to send, as the outbox holds it. */
export interface DueAlert {
  key: string;
  subscriptionId: string;
  url: string;
  secret: string;
  kind: string;
  gln: string;
  blockHash: string;
  logIndex: number;
  txHash: string;
  blockNumber: number;
  blockTime: number;
  eventName: string;
  data: string;
  retracts: string | null;
  attempts: number;
}

export interface AlertStore {
  readonly sql: Sql;
  createSubscription(input: {
    url: string;
    secret: string;
    gln: string | null;
    label: string;
    tokenId: string | null;
  }): SubscriptionView;
  /** Subscriptions visible to a caller restricted to `gln` (null: all of them). */
  listSubscriptions(gln: string | null): SubscriptionView[];
  subscription(id: string): SubscriptionView | undefined;
  /** Marks it deleted and cancels what it has not been delivered yet; false when there was none. */
  deleteSubscription(id: string): boolean;
  /**
   * Claims up to `limit` pending alerts due at `now`, oldest first, for `leaseMs`: no other replica takes them until
   * they are recorded or the lease lapses (the replica died while sending: another one sends them again).
   */
  due(now: number, limit: number, leaseMs: number): DueAlert[];
  /** The receiver answered 2xx. */
  delivered(key: string, now: number): boolean;
  /** The attempt failed: try again at `retryAt`, or (null) give up: the alert is dead, kept for the subscriber. */
  failed(key: string, error: string, retryAt: number | null): void;
  /** The receiver ended the subscription (410 Gone): no more alerts; what it had pending is dead. */
  disable(subscriptionId: string, reason: string, now: number): void;
  /** When the next pending alert is due, or its lease lapses if another replica holds it (null: none pending). */
  nextDue(): number | null;
  close(): void;
}

const LOG_INDEX_BITS = 2 ** 20;

interface SubscriptionRow {
  id: string;
  url: string;
  gln: string | null;
  label: string;
  since_block: number;
  created_at: number;
  disabled_reason: string | null;
  pending: number;
  delivered: number;
  cancelled: number;
  dead: number;
  last_error: string | null;
}

const SELECT_SUBSCRIPTIONS = `SELECT s.id, s.url, s.gln, s.label, s.since_block, s.created_at, s.disabled_reason,
  COUNT(*) FILTER (WHERE o.state = 'pending') AS pending, COUNT(*) FILTER (WHERE o.state = 'delivered') AS delivered,
  COUNT(*) FILTER (WHERE o.state = 'cancelled') AS cancelled, COUNT(*) FILTER (WHERE o.state = 'dead') AS dead,
  (SELECT last_error FROM alert_outbox WHERE subscription_id = s.id AND state IN ('pending', 'dead')
   AND last_error IS NOT NULL ORDER BY seq DESC LIMIT 1) AS last_error
  FROM alert_subscriptions s LEFT JOIN alert_outbox o ON o.subscription_id = s.id
  WHERE s.deleted_at IS NULL`;

const view = (r: SubscriptionRow): SubscriptionView => ({
  id: r.id,
  url: r.url,
  gln: r.gln === null ? null : gln13(r.gln),
  label: r.label,
  sinceBlock: r.since_block,
  createdAt: new Date(r.created_at).toISOString(),
  status: r.disabled_reason === null ? "active" : "disabled",
  disabledReason: r.disabled_reason,
  deliveries: {
    pending: r.pending,
    delivered: r.delivered,
    cancelled: r.cancelled,
    dead: r.dead,
    lastError: r.last_error,
  },
});

interface DueRow {
  seq: number;
  key: string;
  subscription_id: string;
  kind: string;
  gln: string;
  block_hash: string;
  log_index: number;
  tx_hash: string;
  event_id: number;
  block_time: number;
  event_name: string;
  data: string;
  retracts: string | null;
  attempts: number;
  next_attempt_at: number;
}

/**
 * Takes the due alerts no live claim holds. On PostgreSQL, SKIP LOCKED passes over rows another replica is claiming
 * at this moment (and its lease then keeps them); SQLite has one writer, so the statement alone is atomic.
 */
const CLAIM = `UPDATE alert_outbox SET claimed_by = ?, claimed_until = ? WHERE seq IN (
  SELECT seq FROM alert_outbox WHERE state = 'pending' AND next_attempt_at <= ?
    AND (claimed_until IS NULL OR claimed_until <= ?)
    AND subscription_id IN (SELECT id FROM alert_subscriptions WHERE disabled_at IS NULL)
  ORDER BY next_attempt_at, seq LIMIT ? FOR UPDATE SKIP LOCKED)
  RETURNING seq, key, subscription_id, kind, gln, block_hash, log_index, tx_hash, event_id, block_time, event_name,
    data, retracts, attempts, next_attempt_at`;

/**
 * The service's connection for subscriptions and the outbox, to the index's database (`--db`: an SQLite file or a
 * PostgreSQL URL, shared by every replica, so each sees the subscriptions any of them made). On SQLite the indexer
 * writes alerts on its own connection in its range transactions, on the service's one thread: their transactions
 * never overlap. `claimant` names this replica in the claims it takes.
 */
export function openAlertStore(
  db: string,
  claimant = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`,
): AlertStore {
  const sql = connectSql(db);
  // PostgreSQL's store creates the alert tables with the index; an SQLite file may predate some of their columns.
  // One process serves an SQLite file: a claim found there is a previous process's, sent again at once.
  if (sql.dialect === "sqlite") {
    createAlertTables(sql);
    sql.run("UPDATE alert_outbox SET claimed_until = NULL WHERE state = 'pending' AND claimed_until IS NOT NULL");
  }
  const one = (id: string) =>
    sql.get<SubscriptionRow>(`${SELECT_SUBSCRIPTIONS} AND s.id = ? GROUP BY s.id`, id) as SubscriptionRow | undefined;
  return {
    sql,
    createSubscription(input) {
      const id = `sub_${randomBytes(9).toString("base64url")}`;
      const since = sql.get<{ block_number: number }>("SELECT block_number FROM checkpoint WHERE id = 1");
      sql.run(
        `INSERT INTO alert_subscriptions (id, url, secret, gln, token_id, label, since_block, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        id,
        input.url,
        input.secret,
        input.gln === null ? null : BigInt(input.gln).toString(),
        input.tokenId,
        input.label,
        since?.block_number ?? -1,
        Date.now(),
      );
      return view(one(id)!);
    },
    listSubscriptions(gln) {
      const rows =
        gln === null
          ? sql.all<SubscriptionRow>(`${SELECT_SUBSCRIPTIONS} GROUP BY s.id ORDER BY s.created_at, s.id`)
          : sql.all<SubscriptionRow>(
              `${SELECT_SUBSCRIPTIONS} AND s.gln = ? GROUP BY s.id ORDER BY s.created_at, s.id`,
              BigInt(gln).toString(),
            );
      return rows.map(view);
    },
    subscription: (id) => {
      const row = one(id);
      return row && view(row);
    },
    deleteSubscription: (id) =>
      sql.transaction(() => {
        const changed = sql.run(
          "UPDATE alert_subscriptions SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
          Date.now(),
          id,
        ).changes;
        sql.run("UPDATE alert_outbox SET state = 'cancelled' WHERE subscription_id = ? AND state = 'pending'", id);
        return changed === 1;
      }),
    due(now, limit, leaseMs) {
      const rows = sql.all<DueRow>(CLAIM, claimant, now + leaseMs, now, now, limit);
      if (rows.length === 0) return [];
      const targets = new Map<string, { url: string; secret: string }>();
      for (const id of new Set(rows.map((r) => r.subscription_id)))
        targets.set(
          id,
          sql.get<{ url: string; secret: string }>("SELECT url, secret FROM alert_subscriptions WHERE id = ?", id)!,
        );
      // RETURNING gives no order: due time, then outbox order, as the claim chose them.
      rows.sort((a, b) => a.next_attempt_at - b.next_attempt_at || a.seq - b.seq);
      return rows.map((r) => ({
        key: r.key,
        subscriptionId: r.subscription_id,
        ...targets.get(r.subscription_id)!,
        kind: r.kind,
        gln: gln13(r.gln),
        blockHash: r.block_hash,
        logIndex: r.log_index,
        txHash: r.tx_hash,
        blockNumber: Math.floor(r.event_id / LOG_INDEX_BITS),
        blockTime: r.block_time,
        eventName: r.event_name,
        data: r.data,
        retracts: r.retracts,
        attempts: r.attempts,
      }));
    },
    delivered: (key, now) => recordDelivery(sql, key, now),
    failed(key, error, retryAt) {
      // Only the claim's holder records the attempt: a replica whose lease lapsed leaves the alert to the next one.
      sql.run(
        `UPDATE alert_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = COALESCE(?, next_attempt_at),
         state = CASE WHEN CAST(? AS INTEGER) IS NULL THEN 'dead' ELSE state END, claimed_until = NULL
         WHERE key = ? AND state = 'pending' AND claimed_by = ?`,
        error.slice(0, 500),
        retryAt,
        retryAt,
        key,
        claimant,
      );
    },
    disable: (subscriptionId, reason, now) =>
      sql.transaction(() => {
        sql.run(
          "UPDATE alert_subscriptions SET disabled_at = ?, disabled_reason = ? WHERE id = ? AND disabled_at IS NULL",
          now,
          reason,
          subscriptionId,
        );
        sql.run(
          "UPDATE alert_outbox SET state = 'dead', last_error = ? WHERE subscription_id = ? AND state = 'pending'",
          reason,
          subscriptionId,
        );
      }),
    nextDue: () =>
      sql.get<{ t: number | null }>(
        `SELECT MIN(CASE WHEN claimed_until > next_attempt_at THEN claimed_until ELSE next_attempt_at END) AS t
         FROM alert_outbox WHERE state = 'pending'`,
      )?.t ?? null,
    close: () => sql.close(),
  };
}
