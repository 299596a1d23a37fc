import { expect } from "chai";
import { join } from "node:path";
import { GLN } from "../fixtures";
import { indexedHardhatScenario, type IndexedScenario } from "../indexer/helpers/indexed-hardhat";
import { gln13 } from "../../src/gs1";
import { retryDelay, DEFAULT_DELIVERY } from "../../src/serve/alerts/delivery";
import { openAlertStore, type AlertStore } from "../../src/serve/alerts/store";
import { addToken } from "../../src/serve/tokens";
import { deliveryOf, keysOf, queueDispatch, subscribeAll, testWorker } from "./alert-fixture";
import { bearer, testApp } from "./helpers";
import { eventually, webhookReceiver, type Receiver } from "./receiver";

describe("udi-ledger serve: bounded retries, dead letters, 410 Gone", function () {
  this.timeout(120_000);
  let s: IndexedScenario;
  let store: AlertStore;
  let app: Awaited<ReturnType<typeof testApp>>;
  let coordinator: string;
  let hospital: string;
  let block: number;
  const receivers: Receiver[] = [];

  /** A receiver answering `status(i)` to its i-th request, and a subscription of every organisation's alerts. */
  const setUp = async (status: (i: number) => number) => {
    const receiver = await webhookReceiver((_r, i) => ({ status: status(i) }));
    receivers.push(receiver);
    await receiver.up();
    for (const sub of store.listSubscriptions(null)) store.deleteSubscription(sub.id);
    return { receiver, sub: subscribeAll(store, receiver.url) };
  };
  /** Alerts for `n` dispatches in a new block; their keys. */
  const queue = (subscription: string, n: number): string[] => {
    block++;
    for (let i = 0; i < n; i++) queueDispatch(store.sql, block, i);
    return keysOf(store.sql, subscription).slice(-n);
  };
  const api = (method: "GET" | "POST", url: string, token = coordinator) =>
    app.app.inject({ method, url, headers: bearer(token) });

  before(async function () {
    s = await indexedHardhatScenario("serve-dead-letter");
    block = s.report.checkpoint.number + 10;
    store = openAlertStore(s.dbPath);
    const tokensPath = join(s.dir, "tokens.json");
    coordinator = addToken(tokensPath, { scopes: ["subscribe"] }).token;
    hospital = addToken(tokensPath, { scopes: ["subscribe"], gln: gln13(GLN.hospital) }).token;
    app = await testApp(s.dbPath, { alerts: store, tokensPath, allowPrivateWebhooks: true });
  });
  after(async () => {
    await app?.close();
    for (const r of receivers) await r.down();
    store?.close();
    await s?.close();
  });

  it("backs off exponentially with jitter, capped", function () {
    const policy = { ...DEFAULT_DELIVERY, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5, 40].map((a) => retryDelay(policy, a, () => 1))).to.deep.equal([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect([1, 2, 3, 4, 5].map((a) => retryDelay(policy, a, () => 0))).to.deep.equal([50, 100, 200, 400, 500]);
  });

  it("delivers after transient failures: the same key and document on every attempt", async function () {
    const { receiver, sub } = await setUp((i) => (i < 3 ? 500 : 200));
    const [key] = queue(sub.id, 1);
    const worker = testWorker(store, { allowPrivate: true, policy: { maxAttempts: 5 } });
    try {
      expect(await eventually(() => deliveryOf(store.sql, key).state === "delivered")).to.equal(true);
    } finally {
      await worker.stop();
    }
    expect(receiver.received.map((r) => [r.key, r.answered])).to.deep.equal([
      [key, 500],
      [key, 500],
      [key, 500],
      [key, 200],
    ]);
    expect(new Set(receiver.received.map((r) => r.raw)).size).to.equal(1);
    expect(deliveryOf(store.sql, key)).to.deep.include({ attempts: 4, last_error: null });
  });

  it("gives an alert up after maxAttempts, lists it as dead (paged) and sends it again when re-queued", async function () {
    let answer = 500;
    const { receiver, sub } = await setUp(() => answer);
    const keys = queue(sub.id, 2);
    let worker = testWorker(store, { allowPrivate: true, policy: { maxAttempts: 3 } });
    try {
      expect(await eventually(() => keys.every((k) => deliveryOf(store.sql, k).state === "dead"))).to.equal(true);
    } finally {
      await worker.stop();
    }
    expect(receiver.received.length, "three attempts each, then none").to.equal(6);
    for (const k of keys) expect(deliveryOf(store.sql, k)).to.deep.include({ attempts: 3, last_error: "HTTP 500" });
    const counts = (await api("GET", `/subscriptions/${sub.id}`)).json().deliveries;
    expect(counts).to.deep.include({ pending: 0, dead: 2, lastError: "HTTP 500" });

    const first = await api("GET", `/subscriptions/${sub.id}/deliveries?state=dead&perPage=1`);
    expect(first.statusCode).to.equal(200);
    const page1 = first.json() as { deliveries: { id: string; state: string }[]; nextPageToken: string };
    expect(page1.deliveries.map((d) => [d.id, d.state])).to.deep.equal([[keys[0], "dead"]]);
    expect(first.headers.link).to.contain(`nextPageToken=${page1.nextPageToken}`);
    const second = await api(
      "GET",
      `/subscriptions/${sub.id}/deliveries?state=dead&perPage=1&nextPageToken=${page1.nextPageToken}`,
    );
    expect(second.json()).to.deep.include({ nextPageToken: null });
    expect(second.json().deliveries[0]).to.deep.include({ id: keys[1], attempts: 3, lastError: "HTTP 500" });
    expect((await api("GET", `/subscriptions/${sub.id}/deliveries?state=delivered`)).json().deliveries).to.deep.equal(
      [],
    );
    const refused = await api("GET", `/subscriptions/${sub.id}/deliveries?state=lost`);
    expect([refused.statusCode, refused.json().parameter]).to.deep.equal([400, "state"]);
    expect((await api("GET", `/subscriptions/${sub.id}/deliveries`, hospital)).statusCode, "another GLN's").to.equal(
      404,
    );

    // The receiver is fixed; the subscriber re-queues one of the two.
    answer = 200;
    const retry = await api("POST", `/subscriptions/${sub.id}/deliveries/${keys[0]}/retry`);
    expect(retry.statusCode).to.equal(202);
    expect(retry.json()).to.deep.include({ id: keys[0], state: "pending", attempts: 0 });
    const again = await api("POST", `/subscriptions/${sub.id}/deliveries/${keys[0]}/retry`);
    expect([again.statusCode, again.json().parameter]).to.deep.equal([409, "deliveryId"]);
    const unknown = await api("POST", `/subscriptions/${sub.id}/deliveries/alrt_${"0".repeat(40)}/retry`);
    expect([unknown.statusCode, unknown.json().parameter]).to.deep.equal([404, "deliveryId"]);
    worker = testWorker(store, { allowPrivate: true, policy: { maxAttempts: 3 } });
    try {
      expect(await eventually(() => deliveryOf(store.sql, keys[0]).state === "delivered")).to.equal(true);
    } finally {
      await worker.stop();
    }
    expect(receiver.received.length, "only the re-queued alert went again").to.equal(7);
    expect(receiver.received[6].key).to.equal(keys[0]);
    expect(receiver.received[6].raw, "the same document").to.equal(receiver.received[0].raw);
    expect(deliveryOf(store.sql, keys[1]).state).to.equal("dead");
  });

  it("disables a subscription whose receiver answers 410 Gone: its pending alerts die, no new ones", async function () {
    const { receiver, sub } = await setUp(() => 410);
    const keys = queue(sub.id, 2);
    const worker = testWorker(store, { allowPrivate: true, policy: { maxAttempts: 10, concurrency: 1 } });
    try {
      expect(await eventually(() => keys.every((k) => deliveryOf(store.sql, k).state === "dead"))).to.equal(true);
    } finally {
      await worker.stop();
    }
    expect(
      receiver.received.map((r) => r.key),
      "the second alert is never sent",
    ).to.deep.equal([keys[0]]);
    expect(deliveryOf(store.sql, keys[0])).to.deep.include({ attempts: 1, last_error: "HTTP 410" });
    expect(deliveryOf(store.sql, keys[1]).attempts).to.equal(0);
    const view = (await api("GET", `/subscriptions/${sub.id}`)).json();
    expect(view.status).to.equal("disabled");
    expect(view.disabledReason).to.match(new RegExp(`^${receiver.url} answered 410 Gone at \\d{4}-`));
    expect(deliveryOf(store.sql, keys[1]).last_error).to.equal(view.disabledReason);
    queue(sub.id, 1);
    expect(keysOf(store.sql, sub.id), "a disabled subscription gets no new alerts").to.deep.equal(keys);
    const retry = await api("POST", `/subscriptions/${sub.id}/deliveries/${keys[0]}/retry`);
    expect([retry.statusCode, retry.json().parameter]).to.deep.equal([409, "id"]);
  });

  it("keeps the attempt count across a restart of the worker and its store (the outbox is on disk)", async function () {
    const { receiver, sub } = await setUp(() => 500);
    const [key] = queue(sub.id, 1);
    // One attempt, the next due in a minute; the restarted worker's clock is ten minutes on.
    const before = testWorker(store, {
      allowPrivate: true,
      policy: { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    try {
      expect(await eventually(() => deliveryOf(store.sql, key).attempts >= 1)).to.equal(true);
    } finally {
      await before.stop();
    }
    expect(receiver.received.length).to.equal(1);
    store.close();
    store = openAlertStore(s.dbPath);
    const after = testWorker(store, {
      allowPrivate: true,
      policy: { maxAttempts: 3 },
      now: () => Date.now() + 600_000,
    });
    try {
      expect(await eventually(() => deliveryOf(store.sql, key).state === "dead")).to.equal(true);
    } finally {
      await after.stop();
    }
    expect(
      receiver.received.map((r) => r.key),
      "three attempts in all, not three more",
    ).to.deep.equal([key, key, key]);
  });
});
