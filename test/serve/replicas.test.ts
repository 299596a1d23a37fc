import { expect } from "chai";
import { id } from "ethers";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keyOf } from "../capture/harness";
import { startServeProcess, type ServeProcess } from "../cli/serve-process";
import { GLN } from "../fixtures";
import { testPostgres } from "../helpers/postgres";
import { EPCIS_SCHEMA } from "../helpers/standards";
import { anvilScenario, type AnvilScenario } from "../indexer/helpers/anvil-scenario";
import { send } from "../indexer/helpers/consortium";
import { startFaultProxy, type FaultProxy } from "../indexer/helpers/fault-proxy";
import { recordFaults } from "../indexer/helpers/fault-report";
import { indexOnce } from "../indexer/helpers/index-once";
import { freePort, rpcCall } from "../indexer/helpers/net";
import { ids } from "../indexer/helpers/scenario";
import { gln13 } from "../../src/gs1";
import { InvalidArgumentError } from "../../src/indexer/errors";
import { PROJECTION_TABLES } from "../../src/indexer/store/schema";
import { connectSql } from "../../src/indexer/store/store";
import { verifyDatabase } from "../../src/indexer/verify/verify";
import { TOKENS_RELOAD_MS } from "../../src/serve/auth";
import { startService } from "../../src/serve/server";
import { addToken, revokeToken } from "../../src/serve/tokens";
import { eventually, webhookReceiver, type Receiver } from "./receiver";

const SECRET = "a-webhook-secret-of-the-coordinator";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One `udi-ledger serve` process of the replica set. */
interface Replica {
  url: string;
  process: ServeProcess;
}

interface Health {
  asOf: { blockNumber: number };
  indexer: { role: "leader" | "follower"; lastError: string | null };
}

const health = async (r: Replica): Promise<Health> => (await (await fetch(`${r.url}/health`)).json()) as Health;
const leaders = async (rs: Replica[]) => {
  const roles = await Promise.all(rs.map(async (r) => (await health(r)).indexer.role));
  return rs.filter((_r, i) => roles[i] === "leader");
};

/** The rows of every table but `blocks` (its window follows where ranges ended), and the row count of each. */
function contents(db: string): Record<string, unknown[]> {
  const sql = connectSql(db);
  try {
    const tables = ["events", "checkpoint", ...Object.keys(PROJECTION_TABLES)];
    return Object.fromEntries(tables.map((t) => [t, sql.all(`SELECT * FROM ${t} ORDER BY 1, 2`)]));
  } finally {
    sql.close();
  }
}

describe("udi-ledger serve: replicas on one PostgreSQL database", function () {
  this.timeout(600_000);
  let chain: AnvilScenario;
  let proxy: FaultProxy;
  let dir: string;
  let db: string;
  let manifestPath: string;
  let replicas: Replica[] = [];
  const receivers: Receiver[] = [];

  const start = async (): Promise<Replica> => {
    const port = await freePort();
    const args = ["--rpc", proxy.url, "--deployment", manifestPath, "--db", db, "--port", String(port)];
    const serve = await startServeProcess([...args, "--follow", "--poll", "100", "--allow-private-webhooks"]);
    return { url: `http://127.0.0.1:${port}`, process: serve };
  };
  const kill = async (r: Replica) => {
    r.process.child.kill("SIGKILL");
    await r.process.exited;
    replicas = replicas.filter((x) => x !== r);
  };

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), "udi-replicas-"));
    chain = await anvilScenario();
    // Ranges of at most 10 blocks, each answer a little late: a backlog takes the leader a while to index.
    proxy = await startFaultProxy({ upstream: chain.node.url, seed: 23, rates: {}, maxLogRange: 10, latencyMs: 10 });
    db = await (await testPostgres()).database();
    manifestPath = join(dir, "manifest.json");
    writeFileSync(manifestPath, JSON.stringify(chain.manifest));
  });
  after(async () => {
    for (const r of replicas) await kill(r);
    for (const r of receivers) await r.down();
    await proxy?.close();
    chain?.provider.destroy();
    await chain?.node.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lets one of three replicas index, and another take over from the checkpoint when it is SIGKILLed mid-catch-up", async function () {
    replicas = [await start()]; // indexes the empty database, then serves
    replicas.push(...(await Promise.all([start(), start()]))); // find it indexed: serve at once
    expect((await leaders(replicas)).length, "exactly one leader").to.equal(1);
    const [leader] = await leaders(replicas);

    // A backlog: 1,500 blocks with a quarantine in the middle, indexed 10 blocks a range by the leader.
    const from = (await health(leader)).asOf.blockNumber;
    await rpcCall(chain.node.url, "anvil_mine", ["0x2ee"]);
    await send(chain.system.lifecycle.connect(chain.members.manufacturer).quarantine(ids[2], id("replicas")));
    await rpcCall(chain.node.url, "anvil_mine", ["0x2ee"]);
    const head = Number(await rpcCall<string>(chain.node.url, "eth_blockNumber"));
    const reached = async (n: number) => (await health(leader)).asOf.blockNumber >= n;
    expect(await eventually(() => reached(from + 200), 120_000), "the leader indexes the backlog").to.equal(true);
    const killedAt = (await health(leader)).asOf.blockNumber;
    await kill(leader);
    expect(killedAt, "killed while indexing").to.be.lessThan(head);

    const killed = Date.now();
    expect(await eventually(async () => (await leaders(replicas)).length === 1, 30_000)).to.equal(true);
    const takeover = Date.now() - killed;
    expect(takeover, "a follower takes the lead within seconds").to.be.lessThan(10_000);
    const [next] = await leaders(replicas);
    expect(
      await eventually(async () => (await Promise.all(replicas.map(health))).every((h) => h.asOf.blockNumber === head)),
      "every replica serves the head",
    ).to.equal(true);
    expect((await leaders(replicas)).map((r) => r.url)).to.deep.equal([next.url]);

    // The same index as one uninterrupted run, and the same verify report.
    const reference = await (await testPostgres()).database();
    await indexOnce({ rpcUrl: chain.node.url, manifest: chain.manifest, dbPath: reference });
    const [stored, expected] = [contents(db), contents(reference)];
    for (const table of Object.keys(expected)) expect(stored[table], table).to.deep.equal(expected[table]);
    const [a, b] = await Promise.all(
      [db, reference].map((dbPath) => verifyDatabase({ rpcUrl: chain.node.url, manifest: chain.manifest, dbPath })),
    );
    expect(a.ok, JSON.stringify(a.events)).to.equal(true);
    expect({ ...a, dbPath: undefined }).to.deep.equal({ ...b, dbPath: undefined });
    recordFaults("replicaTakeover", { takeoverMs: takeover, killedAtBlock: killedAt, head });
  });

  it("sends each alert from one replica; one SIGKILLed mid-delivery leaves it to another, recorded once", async function () {
    if (replicas.length < 2) replicas.push(await start());
    const everyone = await webhookReceiver();
    const hook = await webhookReceiver((_r, i) => (i === 0 ? "hang" : { status: 200 }));
    receivers.push(everyone, hook);
    await everyone.up();
    await hook.up();
    const subscribe = async (r: Replica, body: Record<string, unknown>) => {
      const created = await fetch(`${r.url}/subscriptions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ secret: SECRET, ...body }),
      });
      expect(created.status).to.equal(201);
      return ((await created.json()) as { id: string }).id;
    };
    const all = await subscribe(replicas[0], { url: everyone.url });
    const seen = await fetch(`${replicas[1].url}/subscriptions/${all}`);
    expect(seen.status, "a subscription made on one replica is every replica's").to.equal(200);

    // Three alerts (ids[2] was quarantined in the backlog): every replica's worker looks, each alert goes once.
    const lifecycle = chain.system.lifecycle.connect(chain.members.manufacturer);
    for (const n of [1, 2, 3]) {
      await send(lifecycle.release(ids[2]));
      await send(lifecycle.quarantine(ids[2], id(`again-${n}`)));
    }
    const sql = connectSql(db);
    try {
      const rows = () =>
        sql.all<{ key: string; state: string; claimed_by: string; attempts: number }>(
          "SELECT key, state, claimed_by, attempts FROM alert_outbox WHERE subscription_id = ? ORDER BY seq",
          all,
        );
      const delivered = await eventually(() => rows().length === 3 && rows().every((r) => r.state === "delivered"));
      expect(delivered, JSON.stringify(rows())).to.equal(true);
      expect(everyone.received.map((r) => r.key).sort()).to.deep.equal(
        rows()
          .map((r) => r.key)
          .sort(),
      );

      // The receiver holds the next one open; the replica sending it is SIGKILLed.
      const mine = await subscribe(replicas[1], { url: hook.url, gln: gln13(GLN.manufacturer) });
      await send(lifecycle.quarantine(ids[4], id("kill")));
      expect(await eventually(() => hook.received.length === 1, 60_000)).to.equal(true);
      const key = hook.received[0].key;
      const claim = () =>
        sql.get<{ state: string; claimed_by: string; attempts: number; n: number }>(
          "SELECT state, claimed_by, attempts, (SELECT COUNT(*) FROM alert_outbox WHERE key = ?) AS n " +
            "FROM alert_outbox WHERE key = ?",
          key,
          key,
        )!;
      const pidOf = (claimant: string) => Number(claimant.split(":")[1]);
      const sender = replicas.find((r) => r.process.child.pid === pidOf(claim().claimed_by))!;
      expect(sender, claim().claimed_by).to.not.equal(undefined);
      await kill(sender);
      expect(claim().state, "sent, never recorded").to.equal("pending");

      expect(await eventually(() => claim().state === "delivered", 90_000), JSON.stringify(claim())).to.equal(true);
      expect(hook.received.map((r) => r.key)).to.deep.equal([key, key]);
      expect(hook.received[1].raw, "the same document").to.equal(hook.received[0].raw);
      expect(hook.received[1].answered).to.equal(200);
      const record = claim();
      expect([record.n, record.attempts], "one row, one recorded attempt").to.deep.equal([1, 1]);
      expect(pidOf(record.claimed_by)).to.be.oneOf(replicas.map((r) => r.process.child.pid));
      const view = (await (await fetch(`${replicas[0].url}/subscriptions/${mine}`)).json()) as {
        deliveries: { delivered: number; pending: number };
      };
      expect(view.deliveries).to.deep.include({ delivered: 1, pending: 0 });
    } finally {
      sql.close();
    }
  });

  it("starts two services together on an empty database: one indexes it, the other serves what it stores", async function () {
    const empty = await (await testPostgres()).database();
    const options = {
      rpcUrl: chain.node.url,
      manifest: chain.manifest,
      dbPath: empty,
      follow: true,
      pollIntervalMs: 100,
    };
    const services = await Promise.all([startService(options), startService(options)]);
    try {
      expect(services.map((s) => s.indexer.role).sort()).to.deep.equal(["follower", "leader"]);
      const head = Number(await rpcCall<string>(chain.node.url, "eth_blockNumber"));
      const positions = async () =>
        Promise.all(services.map(async (s) => ((await (await fetch(`${s.url}/health`)).json()) as Health).asOf));
      expect(await eventually(async () => (await positions()).every((p) => p.blockNumber === head))).to.equal(true);
    } finally {
      for (const s of services) await s.close();
    }
  });

  it("runs the capture gateway on PostgreSQL with its jobs in the --capture-db file, and refuses it without one", async function () {
    const capture = { signerKey: keyOf("manufacturer"), schemaPath: EPCIS_SCHEMA };
    const options = { rpcUrl: chain.node.url, manifest: chain.manifest, dbPath: db, capture };
    const refused = await startService(options).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).to.be.instanceOf(InvalidArgumentError);
    expect((refused as InvalidArgumentError).message).to.match(/^capture-db .*PostgreSQL/);

    const captureDb = join(dir, "capture.sqlite");
    const service = await startService({ ...options, capture: { ...capture, dbPath: captureDb } });
    try {
      const jobs = await fetch(`${service.url}/capture`);
      expect(jobs.status).to.equal(200);
      expect(existsSync(captureDb), "the jobs and journal file").to.equal(true);
    } finally {
      await service.close();
    }
  });

  it("takes token changes on every replica without a restart (one tokens file, re-read when it changes)", async function () {
    const tokensPath = join(dir, "tokens.json");
    const admin = addToken(tokensPath, { scopes: ["admin"] }).token;
    const options = { rpcUrl: chain.node.url, manifest: chain.manifest, dbPath: db, tokensPath };
    const services = [await startService(options), await startService(options)];
    try {
      const recalls = (token: string) =>
        Promise.all(
          services.map(
            async (s) => (await fetch(`${s.url}/recalls`, { headers: { authorization: `Bearer ${token}` } })).status,
          ),
        );
      expect(await recalls(admin), "a token without the read scope").to.deep.equal([403, 403]);
      const { token, record } = addToken(tokensPath, { scopes: ["read"] });
      await sleep(TOKENS_RELOAD_MS + 100);
      expect(await recalls(token), "added while they run").to.deep.equal([200, 200]);
      revokeToken(tokensPath, record.id);
      await sleep(TOKENS_RELOAD_MS + 100);
      expect(await recalls(token), "revoked while they run").to.deep.equal([401, 401]);
    } finally {
      for (const s of services) await s.close();
    }
  });
});
