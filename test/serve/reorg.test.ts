import { expect } from "chai";
import { id } from "ethers";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deviceIdOf, GLN, GTIN } from "../fixtures";
import { anvilScenario, type AnvilScenario } from "../indexer/helpers/anvil-scenario";
import { admitConsortium, send } from "../indexer/helpers/consortium";
import { rpcCall } from "../indexer/helpers/net";
import { gln13 } from "../../src/gs1";
import { startService, type Service } from "../../src/serve/server";
import { eventually, outboxRows, webhookReceiver, type Receiver } from "./receiver";

const udi = (serial: string) => encodeURIComponent(`(01)${GTIN.toString().padStart(14, "0")}(21)${serial}`);

const outbox = (dbPath: string) => outboxRows(dbPath);

describe("udi-ledger serve across a reorg under --follow (anvil_reorg)", function () {
  this.timeout(180_000);
  let dir: string;
  let chain: AnvilScenario;
  let lotKey: bigint;
  let service: Service | undefined;
  let hook: Receiver;
  let dbPath: string;

  const quarantineTx = async (serial: string) => ({
    from: await chain.members.manufacturer.getAddress(),
    to: chain.manifest.contracts.DeviceLifecycle.address,
    data: chain.system.lifecycle.interface.encodeFunctionData("quarantine", [deviceIdOf(GTIN, serial), id("reorg")]),
  });
  const get = async (path: string) => (await fetch(service!.url + path)).json() as Promise<Record<string, unknown>>;
  const verdict = async (serial: string) =>
    ((await get(`/check/${udi(serial)}`)) as { reasons: { code: string }[] }).reasons.map((r) => r.code);
  const blockHash = async (n: number) =>
    (await rpcCall<{ hash: string }>(chain.node.url, "eth_getBlockByNumber", ["0x" + n.toString(16), false])).hash;

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), "udi-serve-reorg-"));
    dbPath = join(dir, "serve.sqlite");
    chain = await anvilScenario({ bare: true });
    ({ lotKey } = await admitConsortium(chain.system, chain.members));
    await send(chain.system.devices.connect(chain.members.manufacturer).commissionBatch(lotKey, ["RG-1", "RG-2"]));
    hook = await webhookReceiver();
    await hook.up();
    service = await startService({
      rpcUrl: chain.node.url,
      manifest: chain.manifest,
      dbPath,
      follow: true,
      pollIntervalMs: 50,
      delivery: { baseDelayMs: 50, maxDelayMs: 200, timeoutMs: 1_000, pollMs: 50 },
      allowPrivateWebhooks: true, // the receiver listens on 127.0.0.1
    });
    const r = await fetch(`${service.url}/subscriptions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: hook.url, secret: "reorg-test-secret-0123", gln: gln13(GLN.manufacturer) }),
    });
    expect(r.status).to.equal(201);
  });
  after(async () => {
    await service?.close();
    await hook?.down();
    chain?.provider.destroy();
    await chain?.node.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("an event moved to another block: queries show the new block, the delivered alert is retracted and re-sent", async function () {
    await send(
      chain.system.lifecycle.connect(chain.members.manufacturer).quarantine(deviceIdOf(GTIN, "RG-1"), id("a")),
    );
    expect(await eventually(() => hook.received.some((r) => r.body.type === "device.quarantined"))).to.equal(true);
    const first = hook.received.find((r) => r.body.type === "device.quarantined")!;
    const oldHash = first.body.event.blockHash;
    expect(await verdict("RG-1")).to.deep.equal(["quarantined"]);

    // Replace the last block by one holding the same quarantine: same event, another block hash.
    await rpcCall(chain.node.url, "anvil_reorg", [1, [[await quarantineTx("RG-1"), 0]]]);
    const newHash = await blockHash(first.body.event.blockNumber);
    expect(newHash).not.to.equal(oldHash);
    expect(
      await eventually(() => hook.received.some((r) => r.body.type === "alert.retracted")),
      JSON.stringify(outbox(dbPath)),
    ).to.equal(true);
    expect(
      await eventually(
        () =>
          hook.received.filter((r) => r.body.type === "device.quarantined").length === 2 &&
          outbox(dbPath).every((r) => r.state !== "pending"),
      ),
    ).to.equal(true);
    const retraction = hook.received.find((r) => r.body.type === "alert.retracted")!;
    expect(retraction.body.retracts).to.equal(first.key);
    expect(retraction.body.event.blockHash).to.equal(oldHash);
    const again = hook.received.filter((r) => r.body.type === "device.quarantined")[1];
    expect(again.key).not.to.equal(first.key);
    expect(again.body.event.blockHash).to.equal(newHash);

    const device = (await get(`/devices/${udi("RG-1")}`)) as {
      asOf: { blockHash: string };
      events: { event: string; blockHash?: string }[];
    };
    expect(device.asOf.blockHash).to.equal(newHash);
    expect(device.events.map((e) => e.event)).to.deep.equal([
      "LotRegistered",
      "DevicesCommissioned",
      "DeviceQuarantined",
    ]);
    const epcis = (await get(
      `/events?MATCH_epc=${encodeURIComponent(`https://id.gs1.org/01/${GTIN.toString().padStart(14, "0")}/21/RG-1`)}`,
    )) as {
      epcisBody: { queryResults: { resultsBody: { eventList: { eventID: string }[] } } };
    };
    const eventIds = epcis.epcisBody.queryResults.resultsBody.eventList.map((e) => e.eventID);
    expect(eventIds.some((e) => e.includes(newHash))).to.equal(true);
    expect(eventIds.some((e) => e.includes(oldHash))).to.equal(false);
  });

  it("an event dropped by a reorg before its alert was delivered: the alert is cancelled, never sent", async function () {
    await hook.down();
    const before = hook.received.length;
    await send(
      chain.system.lifecycle.connect(chain.members.manufacturer).quarantine(deviceIdOf(GTIN, "RG-2"), id("b")),
    );
    expect(await eventually(async () => (await verdict("RG-2")).includes("quarantined"))).to.equal(true);
    const pending = outbox(dbPath).filter((r) => r.state === "pending");
    expect(pending.map((r) => r.kind)).to.deep.equal(["device.quarantined"]);

    await rpcCall(chain.node.url, "anvil_reorg", [1, []]);
    expect(await eventually(async () => (await verdict("RG-2")).length === 0), "the quarantine is gone").to.equal(true);
    const row = outbox(dbPath).find((r) => r.key === pending[0].key)!;
    expect(row.state).to.equal("cancelled");
    await hook.up();
    await new Promise((r) => setTimeout(r, 1_000)); // many delivery polls
    expect(hook.received.length, "nothing sent for the dropped event, no retraction").to.equal(before);
    expect(outbox(dbPath).filter((r) => r.state === "pending")).to.deep.equal([]);
  });
});
