import { id } from "ethers";
import Fastify from "fastify";
import { GLN } from "../fixtures";
import { createAlertProjector } from "../../src/indexer/alerts/outbox";
import { eventId } from "../../src/indexer/store/schema";
import type { Sql } from "../../src/indexer/store/sql";
import { startDeliveryWorker, type DeliveryWorker } from "../../src/serve/alerts/delivery";
import type { Resolver } from "../../src/serve/alerts/destination";
import type { AlertStore } from "../../src/serve/alerts/store";
import { organisationNames } from "../../src/serve/organisations";

/**
 * Queues one shipment.dispatched alert (to the hospital) for every subscription, through the indexer's own alert
 * projection, as if block `block` held a dispatch at `logIndex` (nothing without an active subscription).
 */
export function queueDispatch(sql: Sql, block: number, logIndex: number): void {
  createAlertProjector(sql)
    .begin()
    ?.event({
      event: {
        id: eventId(block, logIndex),
        blockNumber: block,
        blockTime: 1_700_000_000 + block,
        contract: "DeviceRegistry",
        name: "ShipmentDispatched",
        args: {
          shipmentId: 9_000 + logIndex,
          sender: GLN.manufacturer.toString(),
          recipient: GLN.hospital.toString(),
          deviceIds: [],
          containers: [],
          titleTransfer: true,
        },
      },
      blockHash: id(`test-block-${block}`),
      logIndex,
      txHash: id(`test-tx-${block}-${logIndex}`),
    });
}

/** Tiny delays, so retries run back to back: tests wait for states, never for time. */
export const FAST = { baseDelayMs: 1, maxDelayMs: 4, timeoutMs: 5_000, pollMs: 5 };

/** A delivery worker on `store` with a silent log. */
export function testWorker(
  store: AlertStore,
  options: { allowPrivate?: boolean; resolver?: Resolver; policy?: Record<string, number>; now?: () => number } = {},
): DeliveryWorker {
  return startDeliveryWorker({
    store,
    chainId: 31337,
    organisations: organisationNames(new Map()),
    log: Fastify({ logger: false }).log,
    policy: { ...FAST, ...options.policy },
    allowPrivate: options.allowPrivate,
    resolver: options.resolver,
    now: options.now,
  });
}

/** A subscription to every organisation's alerts, made on the store (no subscribe-time check). */
export const subscribeAll = (store: AlertStore, url: string) =>
  store.createSubscription({ url, secret: "a-webhook-secret-of-the-hospital", gln: null, label: "", tokenId: null });

/** An outbox row's delivery record, read on the store's connection. */
export const deliveryOf = (sql: Sql, key: string) =>
  sql.get<{ state: string; attempts: number; last_error: string | null }>(
    "SELECT state, attempts, last_error FROM alert_outbox WHERE key = ?",
    key,
  )!;

/** The keys of a subscription's alerts, oldest first. */
export const keysOf = (sql: Sql, subscription: string): string[] =>
  sql
    .all<{ key: string }>("SELECT key FROM alert_outbox WHERE subscription_id = ? ORDER BY seq", subscription)
    .map((r) => r.key);
