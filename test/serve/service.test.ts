import { expect } from "chai";
import { ethers } from "hardhat";
import { id } from "ethers";
import { createServer, request as httpRequest, type Server } from "node:http";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServeProcess } from "../cli/serve-process";
import { GTIN } from "../fixtures";
import { membersOf, send } from "../indexer/helpers/consortium";
import { freePort } from "../indexer/helpers/net";
import { indexedHardhatScenario, type IndexedScenario } from "../indexer/helpers/indexed-hardhat";
import { ids } from "../indexer/helpers/scenario";
import { startService, type Service } from "../../src/serve/server";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const gtin = GTIN.toString().padStart(14, "0");
const udi = (serial: string) => encodeURIComponent(`(01)${gtin}(21)${serial}`);

/** A loopback JSON-RPC relay that can be switched off (connections dropped) and on again. */
async function switchableRelay(upstream: string): Promise<{ url: string; up: boolean; close(): Promise<void> }> {
  const target = new URL(upstream);
  const state = { up: true };
  const server: Server = createServer((req, res) => {
    if (!state.up) return void req.socket.destroy();
    const out = httpRequest(
      { host: target.hostname, port: target.port, path: "/", method: "POST", headers: req.headers },
      (answer) => (res.writeHead(answer.statusCode ?? 502, answer.headers), answer.pipe(res)),
    );
    out.on("error", () => req.socket.destroy());
    req.pipe(out);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  });
}

describe("udi-ledger serve: the service", function () {
  this.timeout(120_000);
  let s: IndexedScenario;
  let service: Service | undefined;

  before(async function () {
    s = await indexedHardhatScenario("serve-live");
  });
  after(async () => {
    await service?.close();
    await s?.close();
  });

  it("follows the chain while serving, keeps serving while the node is away, and resumes with nothing lost", async function () {
    const relay = await switchableRelay(s.url);
    try {
      service = await startService({
        rpcUrl: relay.url,
        manifest: s.manifest,
        dbPath: s.dbPath,
        follow: true,
        pollIntervalMs: 100,
      });
      const get = async (path: string) => {
        const r = await fetch(service!.url + path);
        return {
          status: r.status,
          body: (await r.json()) as Record<string, unknown> & { asOf: { blockNumber: number } },
        };
      };
      const before = await get(`/check/${udi("SN-0003")}`);
      expect(before.body.verdict).to.equal("ok");
      const m = membersOf(await ethers.getSigners());

      await send(s.fixture.lifecycle.connect(m.manufacturer).quarantine(ids[2], id("live")));
      let live = before;
      for (let i = 0; i < 100 && live.body.verdict === "ok"; i++) {
        await sleep(100);
        live = await get(`/check/${udi("SN-0003")}`);
      }
      expect((live.body.reasons as { code: string }[]).map((r) => r.code)).to.deep.equal(["quarantined"]);
      expect(live.body.asOf.blockNumber).to.be.greaterThan(before.body.asOf.blockNumber);

      relay.up = false;
      await send(s.fixture.lifecycle.connect(m.manufacturer).release(ids[2]));
      await sleep(1_000);
      const away = await get(`/check/${udi("SN-0003")}`);
      expect(away.status).to.equal(200);
      expect(away.body.asOf.blockNumber, "reads reflect the stored position").to.equal(live.body.asOf.blockNumber);
      expect((await get("/health")).status).to.equal(200);

      relay.up = true;
      let back = away;
      for (let i = 0; i < 300 && back.body.verdict !== "ok"; i++) {
        await sleep(100);
        back = await get(`/check/${udi("SN-0003")}`);
      }
      expect(back.body.verdict, "the indexer resumed and stored the release").to.equal("ok");
      const events = await get(`/devices/${udi("SN-0003")}`);
      const names = (events.body.events as { event: string }[]).map((e) => e.event);
      expect(names.slice(-2)).to.deep.equal(["DeviceQuarantined", "DeviceReleased"]);
    } finally {
      await service?.close();
      service = undefined;
      await relay.close();
    }
  });

  it("starts on an indexed store while the RPC endpoint is unreachable, says so on /health, and catches up later", async function () {
    const relay = await switchableRelay(s.url);
    relay.up = false;
    const m = membersOf(await ethers.getSigners());
    await send(s.fixture.lifecycle.connect(m.manufacturer).quarantine(ids[2], id("while-away"))); // the store lags
    try {
      service = await startService({ rpcUrl: relay.url, manifest: s.manifest, dbPath: s.dbPath });
      const health = async () =>
        (await (await fetch(`${service!.url}/health`)).json()) as {
          asOf: { blockNumber: number };
          indexer: { chain: string; lastError: string | null; restarts: number };
        };
      const away = await health();
      expect(away.indexer.chain).to.equal("unreachable");
      expect(away.indexer.lastError).to.be.a("string").and.not.equal("");
      const check = await fetch(`${service.url}/check/${udi("SN-0003")}`);
      expect(check.status, "reads are served from the store").to.equal(200);
      expect(((await check.json()) as { asOf: { blockNumber: number } }).asOf).to.deep.include({
        blockNumber: away.asOf.blockNumber,
      });

      relay.up = true;
      let back = away;
      for (let i = 0; i < 300 && back.indexer.chain !== "reachable"; i++) {
        await sleep(100);
        back = await health();
      }
      expect(back.indexer).to.deep.include({ chain: "reachable", lastError: null });
      expect(back.asOf.blockNumber, "the background catch-up reached the head")
        .to.equal(await ethers.provider.getBlockNumber())
        .and.be.greaterThan(away.asOf.blockNumber);
    } finally {
      await service?.close();
      service = undefined;
      await relay.close();
    }
  });

  it("finishes an in-flight request on close, then refuses new connections", async function () {
    service = await startService({ rpcUrl: s.url, manifest: s.manifest, dbPath: s.dbPath, follow: true });
    const url = service.url;
    // Closed once the server has the request (a fixed pause lost the race on a loaded machine: 503).
    const received = new Promise((resolve) => service!.app.server.once("request", resolve));
    const inFlight = fetch(`${url}/events?perPage=1000`);
    await received;
    const closing = service.close();
    service = undefined;
    const r = await inFlight;
    expect(r.status).to.equal(200);
    await closing;
    await fetch(`${url}/health`).then(
      () => expect.fail("must refuse"),
      (e: Error) => expect(e.message).to.match(/fetch failed/),
    );
  });

  it("`udi-ledger serve` starts, logs one JSON line per request, and exits 0 on SIGTERM", async function () {
    const manifestPath = join(s.dir, "manifest.json");
    writeFileSync(manifestPath, JSON.stringify(s.manifest));
    const port = await freePort();
    const args = ["--rpc", s.url, "--deployment", manifestPath, "--db", s.dbPath, "--port", String(port), "--follow"];
    const { child, output, exited } = await startServeProcess(args);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).to.equal(200);
    expect((await fetch(`http://127.0.0.1:${port}/check/${udi("SN-0003")}`)).status).to.equal(200);
    child.kill("SIGTERM");
    expect((await exited).code).to.equal(0);
    const lines = output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { msg: string; url?: string; status?: number });
    expect(lines.filter((l) => l.msg === "request").map((l) => [l.url, l.status])).to.deep.equal([
      ["/health", 200],
      [`/check/${udi("SN-0003")}`, 200],
    ]);
    expect(lines.map((l) => l.msg)).to.include.members([
      "shutting down: finishing requests and the indexer's range",
      "stopped",
    ]);
  });
});
