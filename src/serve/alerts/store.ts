import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { createAlertTables, recordDelivery } from "../../indexer/alerts/outbox";
import { createSql, type Sql } from "../../indexer/store/sql";
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
  /** Pending alerts due at `now`, oldest first, excluding `busy` keys. */
  due(now: number, limit: number, busy: ReadonlySet<string>): DueAlert[];
  /** The receiver answered 2xx. */
  delivered(key: string, now: number): boolean;
  /** The attempt failed: try again at `retryAt`, or (null) give up: the alert is dead, kept for the subscriber. */
  failed(key: string, error: string, retryAt: number | null): void;
  /** The receiver ended the subscription (410 Gone): no more alerts; what it had pending is dead. */
  disable(subscriptionId: string, reason: string, now: number): void;
  /** When the next pending alert is due (or null). */
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
  COALESCE(SUM(o.state = 'pending'), 0) AS pending, COALESCE(SUM(o.state = 'delivered'), 0) AS delivered,
  COALESCE(SUM(o.state = 'cancelled'), 0) AS cancelled, COALESCE(SUM(o.state = 'dead'), 0) AS dead,
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

/**
 * The service's writable connection for subscriptions and the outbox. The indexer writes alerts on its own
 * connection in its range transactions; both run on the service's one thread, so their transactions never overlap.
 */
export function openAlertStore(dbPath: string): AlertStore {
  const db = new Database(dbPath);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  const sql = createSql(db);
  createAlertTables(sql);
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
      db.transaction(() => {
        const changed = sql.run(
          "UPDATE alert_subscriptions SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
          Date.now(),
          id,
        ).changes;
        sql.run("UPDATE alert_outbox SET state = 'cancelled' WHERE subscription_id = ? AND state = 'pending'", id);
        return changed === 1;
      })(),
    due(now, limit, busy) {
      const rows = sql.all<{
        key: string;
        subscription_id: string;
        url: string;
        secret: string;
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
      }>(
        `SELECT o.key, o.subscription_id, s.url, s.secret, o.kind, o.gln, o.block_hash, o.log_index, o.tx_hash,
           o.event_id, o.block_time, o.event_name, o.data, o.retracts, o.attempts
         FROM alert_outbox o JOIN alert_subscriptions s ON s.id = o.subscription_id
         WHERE o.state = 'pending' AND o.next_attempt_at <= ? AND s.disabled_at IS NULL
         ORDER BY o.next_attempt_at, o.seq LIMIT ?`,
        now,
        limit + busy.size,
      );
      return rows
        .filter((r) => !busy.has(r.key))
        .slice(0, limit)
        .map((r) => ({
          key: r.key,
          subscriptionId: r.subscription_id,
          url: r.url,
          secret: r.secret,
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
      sql.run(
        `UPDATE alert_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = COALESCE(?, next_attempt_at),
         state = CASE WHEN ? IS NULL THEN 'dead' ELSE state END WHERE key = ? AND state = 'pending'`,
        error.slice(0, 500),
        retryAt,
        retryAt,
        key,
      );
    },
    disable: (subscriptionId, reason, now) =>
      db.transaction(() => {
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
      })(),
    nextDue: () =>
      sql.get<{ t: number | null }>("SELECT MIN(next_attempt_at) AS t FROM alert_outbox WHERE state = 'pending'")?.t ??
      null,
    close: () => db.close(),
  };
}
