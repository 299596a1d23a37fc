import { createHash } from "node:crypto";
import { enumLabel } from "../../contracts/enums";
import { DeviceStatus, HoldScope } from "../../contracts/generated/facts";
import { gln13 } from "../../gs1/keys";
import type { EventContext } from "../handlers/types";
import { eventId } from "../store/schema";
import type { Sql } from "../store/sql";

/**
 * Recall alerts: subscriptions and the outbox of alerts to deliver. Not projections: a rebuild neither drops nor
 * recomputes them. Alerts are computed from events as the indexer stores them, in the range's transaction, and keyed
 * by subscription + event (block hash, log index) + kind + organisation, inserted idempotently: an event stored again
 * (a replayed range) never gives a second alert, and what was delivered is never sent as new.
 */
export const ALERT_TABLES = `
CREATE TABLE IF NOT EXISTS alert_subscriptions (
  id TEXT PRIMARY KEY, url TEXT NOT NULL, secret TEXT NOT NULL,
  gln TEXT, -- decimal as the projections store GLNs; NULL: every organisation
  token_id TEXT, label TEXT NOT NULL,
  since_block INTEGER NOT NULL, -- alerts for events in later blocks (the checkpoint when it was created)
  created_at INTEGER NOT NULL, deleted_at INTEGER,
  disabled_at INTEGER, disabled_reason TEXT); -- the receiver answered 410 Gone: no more alerts
CREATE TABLE IF NOT EXISTS alert_outbox (
  seq INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE, -- the Idempotency-Key
  subscription_id TEXT NOT NULL, kind TEXT NOT NULL, gln TEXT NOT NULL,
  event_id INTEGER NOT NULL, block_hash TEXT NOT NULL, log_index INTEGER NOT NULL, tx_hash TEXT NOT NULL,
  block_time INTEGER NOT NULL, event_name TEXT NOT NULL, data TEXT NOT NULL,
  retracts TEXT, -- a retraction: the key of the delivered alert whose event a reorg removed
  state TEXT NOT NULL, -- pending | delivered | cancelled (its event was rolled back before delivery) | dead (given up)
  rolled_back INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL, delivered_at INTEGER, last_error TEXT,
  claimed_by TEXT, claimed_until INTEGER); -- the replica sending (or that sent) it; its lease lapses if it dies
CREATE INDEX IF NOT EXISTS alert_outbox_due ON alert_outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS alert_outbox_by_event ON alert_outbox (event_id) WHERE retracts IS NULL;
CREATE INDEX IF NOT EXISTS alert_outbox_by_subscription ON alert_outbox (subscription_id, seq);
`;

/** Columns added after the first release of the alert tables: an older store gains them when opened. */
const ADDED_COLUMNS: [table: string, column: string, type: string][] = [
  ["alert_subscriptions", "disabled_at", "INTEGER"],
  ["alert_subscriptions", "disabled_reason", "TEXT"],
  ["alert_outbox", "claimed_by", "TEXT"],
  ["alert_outbox", "claimed_until", "INTEGER"],
];

/** Creates the alert tables in SQLite, or brings an older store's up to date (both connections that write them call it). */
export function createAlertTables(sql: Sql): void {
  sql.exec(ALERT_TABLES);
  for (const [table, column, type] of ADDED_COLUMNS) {
    const columns = sql.all<{ name: string }>(`PRAGMA table_info(${table})`).map((c) => c.name);
    if (!columns.includes(column)) sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  }
}

/** The kinds of alert, as the `type` of the delivered document. */
export const ALERT_KINDS = [
  "recall.issued",
  "shipment.dispatched",
  "delivery.quarantined",
  "device.quarantined",
  "alert.retracted",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The stored log an alert comes from: the event as the handlers saw it and where the chain put it. */
export interface AlertSource {
  event: EventContext;
  blockHash: string;
  logIndex: number;
  txHash: string;
}

/** The idempotency key of an alert: stable across restarts, replays and rebuilds. */
export const alertKey = (subscription: string, blockHash: string, logIndex: number, kind: string, gln: string) =>
  "alrt_" +
  createHash("sha256").update(`${subscription}|${blockHash}|${logIndex}|${kind}|${gln}`).digest("hex").slice(0, 40);

interface Subscription {
  id: string;
  gln: string | null;
  since_block: number;
}

/** Per organisation (decimal GLN), what an event tells it. */
type Notices = [gln: string, kind: AlertKind, data: Record<string, unknown>][];

const holderOf = `SELECT COALESCE(c.custodian, d.custodian) AS gln FROM devices d
  LEFT JOIN containers c ON d.container_key <> 0 AND c.key = d.container_key WHERE d.device_id = ?`;

/** Who an event concerns, read from the projections just after the event was applied to them. */
const NOTICES: Record<string, (sql: Sql, e: EventContext) => Notices> = {
  RecallIssued: (sql, e) => {
    const recallId = e.args.recallId as number;
    const scope = e.args.scope as number;
    const filter =
      scope === HoldScope.Product
        ? "d.gtin = ?"
        : scope === HoldScope.Lots
          ? "d.lot_key IN (SELECT lot_key FROM recall_lots WHERE recall_id = ?)"
          : "d.device_id IN (SELECT device_id FROM recall_devices WHERE recall_id = ?)";
    const holders = sql.all<{ gln: string; devices: number }>(
      `SELECT COALESCE(c.custodian, d.custodian) AS gln, COUNT(*) AS devices FROM devices d
       LEFT JOIN containers c ON d.container_key <> 0 AND c.key = d.container_key
       WHERE ${filter} AND d.status NOT IN (?, ?) GROUP BY 1 ORDER BY 1`,
      scope === HoldScope.Product ? e.args.gtin : recallId,
      DeviceStatus.Decommissioned,
      DeviceStatus.Destroyed,
    );
    const recall = {
      recallId,
      gtin: String(e.args.gtin).padStart(14, "0"),
      issuer: gln13(e.args.issuer as string),
      recallClass: enumLabel("RecallClass", e.args.recallClass as number),
      action: enumLabel("RecallAction", e.args.action as number),
      scope: enumLabel("HoldScope", scope),
    };
    return holders.map((h) => [h.gln, "recall.issued", { ...recall, devicesHeld: h.devices }]);
  },
  ShipmentDispatched: (_sql, e) => [
    [
      e.args.recipient as string,
      "shipment.dispatched",
      {
        shipmentId: e.args.shipmentId,
        sender: gln13(e.args.sender as string),
        recipient: gln13(e.args.recipient as string),
        devices: (e.args.deviceIds as string[]).length,
        containers: (e.args.containers as string[]).length,
        titleTransfer: e.args.titleTransfer === true,
      },
    ],
  ],
  ShipmentReceived: (sql, e) => {
    if (e.args.quarantined !== true) return [];
    const s = sql.get<{ sender: string; recipient: string; item_count: number }>(
      "SELECT sender, recipient, item_count FROM shipments WHERE shipment_id = ?",
      e.args.shipmentId,
    );
    if (!s) return [];
    const data = {
      shipmentId: e.args.shipmentId,
      sender: gln13(s.sender),
      recipient: gln13(s.recipient),
      items: s.item_count,
    };
    // The recipient holds the quarantined goods; the sender learns its delivery arrived unusable.
    return [
      [s.recipient, "delivery.quarantined", data],
      ...(s.sender === s.recipient ? [] : [[s.sender, "delivery.quarantined", data] as Notices[number]]),
    ];
  },
  DeviceQuarantined: (sql, e) => {
    const holder = sql.get<{ gln: string }>(holderOf, e.args.deviceId);
    return holder ? [[holder.gln, "device.quarantined", { deviceId: e.args.deviceId }]] : [];
  },
};

/** The events that can give an alert. */
export const ALERT_EVENTS: ReadonlySet<string> = new Set(Object.keys(NOTICES));

/** Alerts of one range being stored, for the subscriptions active when it began. */
export interface RangeAlerts {
  /** Called just after `source.event` was applied to the projections (same transaction). */
  event(source: AlertSource): void;
}

export interface AlertProjector {
  /** Null when no subscription is active: the range then costs one query more, nothing else. */
  begin(): RangeAlerts | null;
  /** Inside a reorg's rollback: alerts of events above `ancestorBlock` are cancelled (pending or dead), or retracted if delivered. */
  rollBack(ancestorBlock: number, now: number): void;
}

/** The columns of a new alert, in the order of the values `AlertProjector` inserts (its state: pending). */
export const OUTBOX_COLUMNS = [
  "key",
  "subscription_id",
  "kind",
  "gln",
  "event_id",
  "block_hash",
  "log_index",
  "tx_hash",
  "block_time",
  "event_name",
  "data",
  "retracts",
  "next_attempt_at",
] as const;

const INSERT = `INSERT INTO alert_outbox (${OUTBOX_COLUMNS.join(", ")}, state)
  VALUES (${OUTBOX_COLUMNS.map(() => "?").join(", ")}, 'pending') ON CONFLICT (key) DO NOTHING`;

interface OutboxRow {
  key: string;
  subscription_id: string;
  gln: string;
  event_id: number;
  block_hash: string;
  log_index: number;
  tx_hash: string;
  block_time: number;
  event_name: string;
  kind: string;
}

/** Queues the retraction of a delivered alert whose event was rolled back (idempotent: one per alert). */
export function queueRetraction(sql: Sql, row: OutboxRow, now: number): void {
  sql.run(
    INSERT,
    alertKey(row.subscription_id, row.block_hash, row.log_index, "alert.retracted", row.gln),
    row.subscription_id,
    "alert.retracted",
    row.gln,
    row.event_id,
    row.block_hash,
    row.log_index,
    row.tx_hash,
    row.block_time,
    row.event_name,
    JSON.stringify({ retractedType: row.kind }),
    row.key,
    now,
  );
}

const ROW_COLUMNS = "key, subscription_id, gln, event_id, block_hash, log_index, tx_hash, block_time, event_name, kind";

/**
 * The alert projection of a store: the range transaction's hook and the rollback's. Subscriptions are read from `sql`,
 * who an event concerns from `projections` (where the range is being applied), and each new alert's values go to
 * `insert` (by default into `sql`'s outbox, at once).
 */
export function createAlertProjector(
  sql: Sql,
  projections: Sql = sql,
  insert: (values: unknown[]) => void = (values) => void sql.run(INSERT, ...values),
): AlertProjector {
  return {
    begin() {
      const subscriptions = sql.all<Subscription>(
        "SELECT id, gln, since_block FROM alert_subscriptions WHERE deleted_at IS NULL AND disabled_at IS NULL",
      );
      if (subscriptions.length === 0) return null;
      const now = Date.now();
      return {
        event({ event: e, blockHash, logIndex, txHash }) {
          const notices = NOTICES[e.name];
          if (!notices) return;
          const listening = subscriptions.filter((s) => s.since_block < e.blockNumber);
          if (listening.length === 0) return;
          for (const [gln, kind, data] of notices(projections, e)) {
            const text = JSON.stringify(data);
            for (const s of listening) {
              if (s.gln !== null && s.gln !== gln) continue;
              const key = alertKey(s.id, blockHash, logIndex, kind, gln);
              insert([key, s.id, kind, gln, e.id, blockHash, logIndex, txHash, e.blockTime, e.name, text, null, now]);
            }
          }
        },
      };
    },
    rollBack(ancestorBlock, now) {
      const from = eventId(ancestorBlock + 1, 0);
      const rows = sql.all<OutboxRow & { state: string }>(
        `SELECT ${ROW_COLUMNS}, state FROM alert_outbox WHERE event_id >= ? AND retracts IS NULL AND rolled_back = 0`,
        from,
      );
      if (rows.length === 0) return;
      sql.run(
        `UPDATE alert_outbox SET rolled_back = 1,
           state = CASE WHEN state IN ('pending', 'dead') THEN 'cancelled' ELSE state END
         WHERE event_id >= ? AND retracts IS NULL AND rolled_back = 0`,
        from,
      );
      for (const row of rows) if (row.state === "delivered") queueRetraction(sql, row, now);
    },
  };
}

/**
 * Records a 2xx answer for an alert. An alert whose event a reorg rolled back while it was on the wire is delivered
 * all the same: its retraction is queued. False when no pending or cancelled alert has this key.
 */
export function recordDelivery(sql: Sql, key: string, now: number): boolean {
  return sql.transaction(() => {
    const row = sql.get<OutboxRow & { state: string; rolled_back: number }>(
      `SELECT ${ROW_COLUMNS}, state, rolled_back FROM alert_outbox WHERE key = ?`,
      key,
    );
    if (!row || row.state === "delivered") return false;
    sql.run(
      "UPDATE alert_outbox SET state = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE key = ?",
      now,
      key,
    );
    if (row.rolled_back === 1) queueRetraction(sql, row, now);
    return true;
  });
}
