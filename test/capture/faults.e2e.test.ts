import { expect } from "chai";
import Database from "better-sqlite3";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { Wallet } from "ethers";
import { deviceIdOf, GTIN } from "../fixtures";
import { rpcCall } from "../indexer/helpers/net";
import { startCliGateway } from "./cli-gateway";
import { caseSscc, commissioning, devicesOf, epcisDocument, packing, shipping, type Device } from "./documents";
import { startFlakyRpc } from "./flaky-rpc";
import {
  captureChain,
  commissionCounts,
  expectOnChain,
  glnOf,
  keyOf,
  pollJob,
  startGateway,
  statuses,
  type CaptureChain,
  type Job,
} from "./harness";

const PRODUCT = GTIN.toString().padStart(14, "0");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many DevicesPacked logs name each device (`gtin/serial`), over `devices`. */
async function packCounts(chain: CaptureChain, devices: Device[]): Promise<number[]> {
  const { devices: registry } = chain.system;
  const ids = new Map<string, number>();
  for (const log of await registry.queryFilter(registry.filters.DevicesPacked())) {
    for (const id of log.args.deviceIds) ids.set(id, (ids.get(id) ?? 0) + 1);
  }
  return devices.map((d) => ids.get(deviceIdOf(BigInt(d.gtin), d.serial)) ?? 0);
}

/** Expects every event of the job committed once, at the transaction and log its outcome names. */
async function expectAllCommitted(chain: CaptureChain, job: Job, count: number): Promise<void> {
  expect(job.running).to.equal(false);
  expect(statuses(job), JSON.stringify(job.events.filter((e) => e.status !== "committed"))).to.deep.equal(
    Array.from({ length: count }, () => "committed"),
  );
  for (const outcome of job.events) await expectOnChain(chain.provider, outcome);
}

/**
 * Faults during a capture: the node losing requests and going away mid-job, and the gateway killed (SIGKILL) while
 * its transactions are in flight, then restarted on the same SQLite file. Either way every event ends committed
 * exactly once: counted in the chain's own logs, not in the gateway's report.
 */
describe("EPCIS capture faults: the RPC node and the gateway failing mid-job", function () {
  this.timeout(900_000);
  let chain: CaptureChain;

  before(async () => {
    chain = await captureChain();
  });
  after(async () => {
    await chain?.close();
  });

  it("commits every event once when the node drops requests (before and after executing them) and restarts", async () => {
    const rpc = await startFlakyRpc(chain.node.url, 19);
    const gateway = await startGateway(chain, "manufacturer", { rpcUrl: rpc.url });
    let outage: Promise<void> | undefined;
    try {
      const devices = devicesOf(PRODUCT, "FLT", 300);
      const events = [
        commissioning(devices.slice(0, 150), "LOT-FLT"),
        commissioning(devices.slice(150), "LOT-FLT"),
        ...[0, 1, 2].map((i) => packing(caseSscc(70 + i), devices.slice(i * 50, (i + 1) * 50))),
        shipping({ cases: [caseSscc(70), caseSscc(71)], devices: devices.slice(290) }, glnOf("distributor")),
      ];
      // A burst of lost requests (one in five, until eight are lost), and the node away for three seconds as the
      // second transaction is sent (it never reaches the node).
      rpc.onRequest = ({ method, count }) => {
        if (rpc.dropped.before + rpc.dropped.after >= 8) rpc.dropRate = 0;
        if (method !== "eth_sendRawTransaction" || count !== 2) return;
        outage = rpc.down().then(() => sleep(3_000).then(() => rpc.up()));
      };
      rpc.dropRate = 0.2;
      const job = await gateway.finished(await gateway.capture(epcisDocument(events)));
      await outage;
      rpc.dropRate = 0;
      await expectAllCommitted(chain, job, events.length);
      expect(rpc.refused, "requests refused while the node was away").to.be.greaterThan(0);
      expect(rpc.dropped.after, "answers lost after the node executed the request").to.be.greaterThan(0);
      const counts = await commissionCounts(chain);
      expect(devices.map((d) => counts.get(`${d.gtin}/${d.serial}`) ?? 0)).to.deep.equal(devices.map(() => 1));
      expect(await packCounts(chain, devices.slice(0, 150))).to.deep.equal(devices.slice(0, 150).map(() => 1));
    } finally {
      await outage;
      await gateway.close();
      await rpc.close();
    }
  });

  it("resumes a 500-device job after a SIGKILL between broadcasting a transaction and recording it", async () => {
    const dbPath = join(mkdtempSync(join(chain.dir, "killed-")), "gateway.sqlite");
    const account = new Wallet(keyOf("manufacturer")).address;
    const nonce = (tag: string) => rpcCall<string>(chain.node.url, "eth_getTransactionCount", [account, tag]);
    const devices = devicesOf(PRODUCT, "KIL", 500);
    const events = [
      commissioning(devices, "LOT-KIL"),
      ...Array.from({ length: 25 }, (_, i) => packing(caseSscc(200 + i), devices.slice(i * 20, (i + 1) * 20))),
    ];
    let first = await startCliGateway(chain, "manufacturer", dbPath);
    let captureId: string;
    try {
      // Blocks every second: each transaction waits in the pool, broadcast and journalled but not yet recorded.
      await rpcCall(chain.node.url, "evm_setAutomine", [false]);
      await rpcCall(chain.node.url, "evm_setIntervalMining", [1]);
      const start = Number(await nonce("latest"));
      const posted = await fetch(`${first.url}/capture`, {
        method: "POST",
        headers: { "content-type": "application/ld+json" },
        body: JSON.stringify(epcisDocument(events)),
      });
      expect(posted.status).to.equal(202);
      captureId = (posted.headers.get("location") ?? "").replace("/capture/", "");
      for (;;) {
        const [latest, pending] = [Number(await nonce("latest")), Number(await nonce("pending"))];
        if (latest - start >= 3 && pending > latest) break;
        if (first.child.exitCode !== null) throw new Error(`the gateway exited:\n${first.output()}`);
        await sleep(50);
      }
      first.child.kill("SIGKILL");
      expect((await first.exited).signal).to.equal("SIGKILL");
    } catch (error) {
      first.child.kill("SIGKILL");
      throw error;
    }
    const db = new Database(dbPath, { readonly: true });
    const rows = db
      .prepare("SELECT state, count(*) AS n FROM capture_engine_tx WHERE capture_id = ? GROUP BY state")
      .all(captureId) as { state: string; n: number }[];
    const running = db.prepare("SELECT finished_at FROM capture_jobs WHERE capture_id = ?").get(captureId);
    db.close();
    const states = Object.fromEntries(rows.map((r) => [r.state, r.n]));
    expect(states.signed, `a transaction broadcast and not recorded (${JSON.stringify(states)})`).to.equal(1);
    expect(states.mined).to.be.at.least(2);
    expect(running).to.deep.equal({ finished_at: null });

    first = await startCliGateway(chain, "manufacturer", dbPath);
    try {
      const job = await pollJob(`${first.url}/capture/${captureId}`);
      await expectAllCommitted(chain, job, events.length);
      const counts = await commissionCounts(chain);
      expect(devices.map((d) => counts.get(`${d.gtin}/${d.serial}`) ?? 0)).to.deep.equal(devices.map(() => 1));
      expect(await packCounts(chain, devices)).to.deep.equal(devices.map(() => 1));
    } finally {
      first.child.kill("SIGTERM");
      await first.exited;
      await rpcCall(chain.node.url, "evm_setAutomine", [true]);
    }
  });
});
