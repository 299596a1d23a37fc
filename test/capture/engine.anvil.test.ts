import { expect } from "chai";
import Database from "better-sqlite3";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { JsonRpcProvider, Wallet } from "ethers";
import { createCaptureEngine, SimulationGasError, type CaptureEngineOptions } from "../../src/capture/engine";
import type { Manifest } from "../../src/manifest";
import { devAccount } from "../deploy/support/consortium";
import { GLN, sscc } from "../fixtures";
import { startAnvil, type AnvilNode } from "../indexer/helpers/anvil";
import { admitConsortium, MEMBER_ORDER, membersOf } from "../indexer/helpers/consortium";
import { deployWithEthers } from "../indexer/helpers/deploy";
import { commission, device, event, ship } from "./engine-helpers";

/** A crash: thrown from a hook, it stops the run where a killed process would stop. */
class Crash extends Error {}

/** The engine against a real node: anvil's state overrides, eth_call gas cap and answers to a rebroadcast. */
describe("capture engine on anvil", function () {
  this.timeout(180_000);
  let node: AnvilNode;
  let provider: JsonRpcProvider;
  let manifest: Manifest;
  const key = devAccount(MEMBER_ORDER.indexOf("manufacturer")).privateKey;
  const engineOf = (options: Partial<CaptureEngineOptions> = {}, db = new Database(":memory:")) =>
    createCaptureEngine({ wallet: new Wallet(key, provider), manifest, db, ...options });
  const sent = () => provider.getTransactionCount(new Wallet(key).address);

  before(async () => {
    node = await startAnvil(["--accounts", "12"]);
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 20, cacheTimeout: -1 });
    const members = membersOf(await provider.listAccounts());
    const deployed = await deployWithEthers(members.admin, "engine-anvil");
    manifest = deployed.manifest;
    await admitConsortium(deployed.system, members);
  });
  after(async () => {
    provider?.destroy();
    await node?.stop();
  });

  it("simulates through the state override and sends: a new lot registered, commissioned, packed and shipped", async () => {
    const before = await sent();
    const box = sscc("00614141000000077").toString().padStart(18, "0");
    const outcomes = await engineOf().run("a1", "rollback", [
      event(0, commission(["AN1", "AN2", "AN3"], "ANVIL-LOT")),
      event(1, { kind: "pack", sscc: box, devices: [device("AN1"), device("AN2")] }),
      event(2, ship(GLN.distributor, ["AN3"], [box])),
    ]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(["committed", "committed", "committed"]);
    expect(await sent()).to.equal(before + 4); // registerLot, commissionBatch, pack, ship
  });

  it("rollback: an event the chain refuses sends nothing", async () => {
    const block = await provider.getBlockNumber();
    const outcomes = await engineOf().run("a2", "rollback", [
      event(0, commission(["AN4"])),
      event(1, ship(GLN.distributor, ["NO-SUCH"])),
    ]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(["rolledBack", "failed"]);
    expect((outcomes[1] as { error?: { name: string } }).error?.name).to.equal("DeviceRegistryUnknownDevice");
    expect(await provider.getBlockNumber()).to.equal(block);
  });

  it("a journalled transaction the node already holds unmined is awaited on resume, not sent again", async () => {
    const db = new Database(":memory:");
    const before = await sent();
    let hash: string | undefined;
    const hooks = {
      afterBroadcast: (row: { hash?: string }) => {
        hash = row.hash;
        throw new Crash("crash after the broadcast");
      },
    };
    await provider.send("evm_setAutomine", [false]);
    try {
      await expect(engineOf({ hooks }, db).run("a3", "rollback", [event(0, commission(["AN5"]))])).to.be.rejectedWith(
        Crash,
      );
      expect(await provider.getTransaction(hash as string), "pending in the node").to.not.equal(null);
      const mine = setTimeout(() => void provider.send("evm_mine", []), 500);
      const outcomes = await engineOf({}, db).run("a3", "rollback", [event(0, commission(["AN5"]))]);
      clearTimeout(mine);
      expect(outcomes[0]).to.include({ status: "committed", txHash: hash });
    } finally {
      await provider.send("evm_setAutomine", [true]);
    }
    expect(await sent()).to.equal(before + 1);
  });

  it("anvil lets the simulation's eth_call use more gas than its block gas limit: 2,400 devices in one simulation", async () => {
    const before = await sent();
    const serials = Array.from({ length: 2_400 }, (_, i) => `BIG${i}`);
    const block = await provider.getBlock("latest");
    expect(block?.gasLimit).to.equal(30_000_000n);
    const outcomes = await engineOf().run("a4", "rollback", [event(0, commission(serials))]);
    expect(outcomes[0].status).to.equal("committed");
    expect(await sent()).to.equal(before + 6); // 6 batches of 400, each about 11M gas
  });

  it("a document over the simulation's gas is a SimulationGasError, nothing sent", async () => {
    const block = await provider.getBlockNumber();
    const serials = Array.from({ length: 800 }, (_, i) => `CAP${i}`);
    const error = await engineOf({ simulationGas: 20_000_000n })
      .run("a5", "rollback", [event(0, commission(serials))])
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).to.be.instanceOf(SimulationGasError);
    expect((error as SimulationGasError).executed, "the first batch ran, the second ran out").to.equal(1);
    expect(await provider.getBlockNumber()).to.equal(block);
  });

  it("requests lost before or after the node executed them are retried: every event committed once", async () => {
    const proxy = await lossyProxy(node.url);
    const lossy = new JsonRpcProvider(proxy.url, undefined, {
      staticNetwork: true,
      batchMaxCount: 1,
      pollingInterval: 20,
    });
    try {
      const before = await sent();
      const box = sscc("00614141000000091").toString().padStart(18, "0");
      const engine = createCaptureEngine({ wallet: new Wallet(key, lossy), manifest, db: new Database(":memory:") });
      const outcomes = await engine.run("a6", "rollback", [
        event(0, commission(["LS1", "LS2", "LS3"], "LOSSY-LOT")),
        event(1, { kind: "pack", sscc: box, devices: [device("LS1"), device("LS2")] }),
        event(2, ship(GLN.distributor, ["LS3"], [box])),
      ]);
      expect(outcomes.map((o) => o.status)).to.deep.equal(["committed", "committed", "committed"]);
      expect(await sent(), "registerLot, commissionBatch, pack, ship: once each").to.equal(before + 4);
      expect(proxy.lost.before).to.be.greaterThan(0);
      expect(proxy.lost.after).to.be.greaterThan(0);
    } finally {
      lossy.destroy();
      await proxy.close();
    }
  });
});

/** A JSON-RPC proxy that loses one request in eight before the node sees it and one in eight after it answered. */
async function lossyProxy(target: string) {
  const lost = { before: 0, after: 0 };
  let seed = 19; // a fixed pseudo-random sequence (a linear congruential generator): the same losses every run
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const roll = seed / 2 ** 31;
      if (roll < 0.125) return void (lost.before++, req.socket.destroy());
      void fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: Buffer.concat(chunks),
      })
        .then(async (answer) => {
          const body = await answer.text();
          if (roll > 0.875) return void (lost.after++, req.socket.destroy());
          res.writeHead(answer.status, { "content-type": "application/json" }).end(body);
        })
        .catch(() => req.socket.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    lost,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
