import { expect } from "chai";
import { ethers } from "hardhat";
import { id, ZeroHash } from "ethers";
import Database from "better-sqlite3";
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { GLN, GTIN } from "../fixtures";
import { membersOf, send, type Members } from "../indexer/helpers/consortium";
import { freePort } from "../indexer/helpers/net";
import { indexedHardhatScenario, type IndexedScenario } from "../indexer/helpers/indexed-hardhat";
import { RECALLS, SHIPMENTS, SINGLE, ids } from "../indexer/helpers/scenario";
import { DeviceStatus } from "../../src/contracts/generated/facts";
import { gln13 } from "../../src/gs1";
import { deviceStates } from "../../src/indexer/projections/device-state";
import { createSql } from "../../src/indexer/store/sql";
import { startService, type Service } from "../../src/serve/server";
import { verifyAlertSignature } from "../../src/serve/alerts/signature";
import { addToken } from "../../src/serve/tokens";
import { eventually, outboxRows, signatureVerifies, webhookReceiver, type Receiver } from "./receiver";

const SECRET = "a-webhook-secret-of-the-hospital";
const ROOT = join(__dirname, "..", "..");

const outbox = (dbPath: string, subscription: string) => outboxRows(dbPath, subscription);

/** Custodians of the product's devices that are neither decommissioned nor destroyed (the recall's holders). */
function holdersOf(dbPath: string, gtin: bigint): string[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    const states = deviceStates(createSql(db), 0, "d.gtin = ?", gtin.toString());
    const live = states.filter((s) => s.status !== DeviceStatus.Decommissioned && s.status !== DeviceStatus.Destroyed);
    return [...new Set(live.map((s) => gln13(s.custodian)))].sort();
  } finally {
    db.close();
  }
}

describe("udi-ledger serve: recall alerts", function () {
  this.timeout(180_000);
  let s: IndexedScenario;
  let m: Members;
  let tokensPath: string;
  let service: Service | undefined;
  const receivers: Receiver[] = [];

  before(async function () {
    s = await indexedHardhatScenario("serve-alerts");
    m = membersOf(await ethers.getSigners());
    tokensPath = join(s.dir, "tokens.json");
  });
  after(async () => {
    await service?.close();
    for (const r of receivers) await r.down();
    await s?.close();
  });

  const post = (token: string, body: unknown) =>
    fetch(`${service!.url}/subscriptions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("delivers every alert once per key through a receiver that is down, answers 500, is slow, then recovers", async function () {
    const all = addToken(tokensPath, { scopes: ["subscribe"], label: "coordinator" }).token;
    const hospital = addToken(tokensPath, { scopes: ["subscribe"], gln: gln13(GLN.hospital) }).token;
    const reader = addToken(tokensPath, { scopes: ["read"] }).token;
    // Down at first; once up: two 500s, one answer slower than the service waits, then 200s.
    const flaky = await webhookReceiver((_r, i) =>
      i < 2 ? { status: 500 } : i === 2 ? { status: 200, delayMs: 1_500 } : { status: 200 },
    );
    const steady = await webhookReceiver();
    receivers.push(flaky, steady);
    await steady.up();
    service = await startService({
      rpcUrl: s.url,
      manifest: s.manifest,
      dbPath: s.dbPath,
      follow: true,
      pollIntervalMs: 100,
      tokensPath,
      delivery: { baseDelayMs: 50, maxDelayMs: 400, timeoutMs: 500, pollMs: 50 },
      allowPrivateWebhooks: true, // the receivers listen on 127.0.0.1
    });

    // Bad input: each a problem naming the field; scopes and the token's GLN enforced.
    const refused = async (token: string, body: unknown, status: number, parameter?: string) => {
      const r = await post(token, body);
      expect(r.status, JSON.stringify(body)).to.equal(status);
      expect(r.headers.get("content-type")).to.match(/^application\/problem\+json/);
      const problem = (await r.json()) as { parameter?: string };
      if (parameter) expect(problem.parameter, JSON.stringify(problem)).to.equal(parameter);
    };
    await refused(all, { url: "ftp://x/hook", secret: SECRET }, 400, "url");
    await refused(all, { url: "not a url", secret: SECRET }, 400, "url");
    await refused(all, { url: steady.url }, 400, "secret");
    await refused(all, { url: steady.url, secret: "short" }, 400, "secret");
    await refused(all, { url: steady.url, secret: SECRET, gln: "0614144000010" }, 400, "gln");
    await refused(all, { url: steady.url, secret: SECRET, extra: 1 }, 400, "extra");
    await refused(all, "{not json", 400, "body");
    await refused(hospital, { url: steady.url, secret: SECRET, gln: gln13(GLN.manufacturer) }, 403, "gln");
    await refused(reader, { url: steady.url, secret: SECRET }, 403);

    const created = await post(all, { url: flaky.url, secret: SECRET, label: "everyone" });
    expect(created.status).to.equal(201);
    const everyone = (await created.json()) as { id: string; gln: string | null };
    expect(created.headers.get("location")).to.equal(`/subscriptions/${everyone.id}`);
    expect(everyone.gln).to.equal(null);
    expect(JSON.stringify(everyone)).not.to.contain(SECRET);
    const mine = (await (await post(hospital, { url: steady.url, secret: SECRET })).json()) as {
      id: string;
      gln: string;
    };
    expect(mine.gln, "a GLN-restricted token subscribes for its GLN").to.equal(gln13(GLN.hospital));
    const listed = (await (
      await fetch(`${service.url}/subscriptions`, { headers: { authorization: `Bearer ${hospital}` } })
    ).json()) as { subscriptions: { id: string }[] };
    expect(listed.subscriptions.map((x) => x.id)).to.deep.equal([mine.id]);
    const foreign = await fetch(`${service.url}/subscriptions/${everyone.id}`, {
      headers: { authorization: `Bearer ${hospital}` },
    });
    expect(foreign.status).to.equal(404);

    // The events: a quarantine, a dispatch to the hospital, a delivery received quarantined, a product recall.
    const life = s.fixture.lifecycle;
    const dev = s.fixture.devices;
    await send(life.connect(m.manufacturer).quarantine(ids[2], id("suspect")));
    await send(life.connect(m.manufacturer).release(ids[2]));
    await send(dev.connect(m.manufacturer).ship(GLN.hospital, [ids[2]], [], ZeroHash, true));
    await send(dev.connect(m.distributor).receiveShipment(SHIPMENTS.inTransit, [SINGLE], []));
    await send(s.fixture.recalls.connect(m.regulator).terminateRecall(RECALLS.serials));
    const notice = { returnTo: 0, noticeHash: id("notice-4"), lotKeys: [], deviceIds: [] };
    await send(
      s.fixture.recalls
        .connect(m.regulator)
        .issueRecall({ ...notice, gtin: GTIN, recallClass: 1, action: 2, scope: 1 }),
    );
    const holders = holdersOf(s.dbPath, GTIN);
    expect(holders.length, "the recall reaches several organisations").to.be.greaterThan(1);
    const expected = [
      ["device.quarantined", gln13(GLN.manufacturer)],
      ["shipment.dispatched", gln13(GLN.hospital)],
      ["delivery.quarantined", gln13(GLN.distributor)],
      ["delivery.quarantined", gln13(GLN.manufacturer)],
      ...holders.map((h) => ["recall.issued", h]),
    ]
      .map((x) => x.join(" "))
      .sort();

    // Queued while the receiver is down: several failed attempts each, nothing delivered.
    const queued = await eventually(
      () => outbox(s.dbPath, everyone.id).length === expected.length && flaky.received.length === 0,
      30_000,
    );
    expect(queued, JSON.stringify(outbox(s.dbPath, everyone.id))).to.equal(true);
    await new Promise((r) => setTimeout(r, 600));
    const status = (await (
      await fetch(`${service.url}/subscriptions/${everyone.id}`, { headers: { authorization: `Bearer ${all}` } })
    ).json()) as { deliveries: { pending: number; delivered: number; lastError: string | null } };
    expect(status.deliveries.pending).to.equal(expected.length);
    expect(status.deliveries.delivered).to.equal(0);
    expect(status.deliveries.lastError).to.match(/fetch failed|ECONNREFUSED/);

    await flaky.up();
    const done = await eventually(() => outbox(s.dbPath, everyone.id).every((r) => r.state === "delivered"), 60_000);
    expect(done, JSON.stringify(outbox(s.dbPath, everyone.id))).to.equal(true);
    expect(await eventually(() => outbox(s.dbPath, mine.id).every((r) => r.state === "delivered"))).to.equal(true);

    // Every alert arrived; retried ones carried the same key and the same document; one acknowledgement per key.
    const rows = outbox(s.dbPath, everyone.id);
    const byKey = new Map<string, typeof flaky.received>();
    for (const r of flaky.received) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
    expect([...byKey.keys()].sort()).to.deep.equal(rows.map((r) => r.key).sort());
    expect(flaky.received.length, "the 500s and the slow answer were retried").to.be.at.least(rows.length + 3);
    for (const [key, copies] of byKey) {
      expect(new Set(copies.map((c) => c.raw)).size, `one document for ${key}`).to.equal(1);
      expect(copies[0].body.id).to.equal(key);
      expect(copies.filter((c) => c.answered === 200 && c !== flaky.received[2]).length, key).to.equal(1);
    }
    expect(rows.map((r) => `${r.kind} ${gln13(r.gln)}`).sort()).to.deep.equal(expected);
    expect([...byKey.values()].map((c) => `${c[0].body.type} ${c[0].body.organisation.gln}`).sort()).to.deep.equal(
      expected,
    );

    // Signatures verify with the documented recipe (and the exported helper); a tampered body does not.
    for (const r of [...flaky.received, ...steady.received]) {
      expect(signatureVerifies(SECRET, r.signature, r.raw), r.signature).to.equal(true);
      expect(verifyAlertSignature(SECRET, r.signature, r.raw)).to.equal(true);
      expect(signatureVerifies(SECRET, r.signature, r.raw.replace("}", " }"))).to.equal(false);
      expect(verifyAlertSignature("another-secret-entirely", r.signature, r.raw)).to.equal(false);
    }

    // The hospital's subscription saw exactly the hospital's alerts, each once.
    const hospitalAlerts = steady.received.map((r) => `${r.body.type} ${r.body.event.eventID}`).sort();
    expect(steady.received.every((r) => r.body.organisation.gln === gln13(GLN.hospital))).to.equal(true);
    expect(new Set(steady.received.map((r) => r.key)).size).to.equal(steady.received.length);
    expect(hospitalAlerts).to.deep.equal(
      [...byKey.values()]
        .map((c) => c[0].body)
        .filter((b) => b.organisation.gln === gln13(GLN.hospital))
        .map((b) => `${b.type} ${b.event.eventID}`)
        .sort(),
    );
    expect(hospitalAlerts.length).to.equal(expected.filter((e) => e.endsWith(gln13(GLN.hospital))).length);

    // Unsubscribing: 204, then gone.
    const del = await fetch(`${service.url}/subscriptions/${mine.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${hospital}` },
    });
    expect(del.status).to.equal(204);
    const gone = await fetch(`${service.url}/subscriptions/${mine.id}`, {
      headers: { authorization: `Bearer ${hospital}` },
    });
    expect(gone.status).to.equal(404);
    await service.close();
    service = undefined;
  });

  it("re-sends an alert with the same key after the service is SIGKILLed between sending and recording", async function () {
    const manifestPath = join(s.dir, "manifest.json");
    writeFileSync(manifestPath, JSON.stringify(s.manifest));
    const port = await freePort();
    const start = (): { child: ChildProcess; out: () => string } => {
      let out = "";
      const child = spawn(
        process.execPath,
        [
          join(ROOT, "bin", "udi-ledger.js"),
          "serve",
          "--rpc",
          s.url,
          "--deployment",
          manifestPath,
          "--db",
          s.dbPath,
        ].concat(["--port", String(port), "--follow", "--poll", "100", "--allow-private-webhooks"]),
        { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
      );
      child.stdout!.on("data", (c: Buffer) => (out += c.toString("utf8")));
      child.stderr!.on("data", (c: Buffer) => (out += c.toString("utf8")));
      return { child, out: () => out };
    };
    // The first request hangs: the service sent it and is waiting for the answer when it is killed.
    const hook = await webhookReceiver((_r, i) => (i === 0 ? "hang" : { status: 200 }));
    receivers.push(hook);
    await hook.up();
    let run = start();
    try {
      expect(await eventually(() => run.out().includes('"msg":"serving"'), 30_000), run.out()).to.equal(true);
      const created = await fetch(`http://127.0.0.1:${port}/subscriptions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ url: hook.url, secret: SECRET, gln: gln13(GLN.manufacturer) }),
      });
      expect(created.status).to.equal(201);
      const sub = (await created.json()) as { id: string };
      await send(s.fixture.lifecycle.connect(m.manufacturer).quarantine(ids[4], id("kill-test")));
      expect(await eventually(() => hook.received.length === 1, 30_000), run.out()).to.equal(true);
      const exited = new Promise((resolve) => run.child.once("exit", resolve));
      run.child.kill("SIGKILL");
      await exited;
      const [row] = outbox(s.dbPath, sub.id);
      expect(row.state, "sent but never recorded").to.equal("pending");

      run = start();
      expect(await eventually(() => outbox(s.dbPath, sub.id)[0].state === "delivered", 30_000), run.out()).to.equal(
        true,
      );
      expect(hook.received.map((r) => r.key)).to.deep.equal([row.key, row.key]);
      expect(hook.received[1].raw).to.equal(hook.received[0].raw);
      expect(hook.received[0].body.type).to.equal("device.quarantined");
      expect(hook.received[1].answered).to.equal(200);
    } finally {
      const exited = new Promise((resolve) => run.child.once("exit", resolve));
      if (run.child.exitCode === null && run.child.signalCode === null) {
        run.child.kill("SIGTERM");
        await exited;
      }
    }
  });
});
