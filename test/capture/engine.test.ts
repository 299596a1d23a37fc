import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { ethers } from "hardhat";
import { DeviceStatus } from "../../src/contracts";
import { SimulationGasError } from "../../src/capture/engine";
import { deviceId } from "../../src/contracts/ids";
import { GTIN, GLN, sscc } from "../fixtures";
import { ACCOUNT, commission, device, engineFixture, event, ship, walletOf } from "./engine-helpers";

const SSCC = sscc("00614141000000001").toString().padStart(18, "0");
const idOf = (serial: string) => deviceId(GTIN, serial);

describe("capture engine: plan, simulate, send", () => {
  it("the fixture's wallets are the actors' keys", async () => {
    const f = await loadFixture(engineFixture);
    expect(walletOf(ACCOUNT.manufacturer).address).to.equal(f.manufacturer.address);
    expect(walletOf(ACCOUNT.distributor).address).to.equal(f.distributor.address);
  });

  it("registers a new lot, then commissions its consecutive events in one commissionBatch", async () => {
    const f = await loadFixture(engineFixture);
    const engine = f.engineOf(ACCOUNT.manufacturer);
    const before = await f.sentBy(ACCOUNT.manufacturer);
    const events = [event(0, commission(["N1", "N2"], "NEW-LOT")), event(1, commission(["N3"], "NEW-LOT"))];
    const outcomes = await engine.run("c1", "rollback", events);
    expect(outcomes.map((o) => o.status)).to.deep.equal(["committed", "committed"]);
    expect(await f.sentBy(ACCOUNT.manufacturer)).to.equal(before + 2); // registerLot + one commissionBatch
    const [a, b] = outcomes as Extract<(typeof outcomes)[number], { status: "committed" }>[];
    expect(b.txHash).to.equal(a.txHash);
    const receipt = await ethers.provider.getTransactionReceipt(a.txHash);
    const log = receipt!.logs.find((l) => l.index === a.logIndex)!;
    expect(f.devices.interface.parseLog(log)?.name).to.equal("DevicesCommissioned");
    const lotKey = await f.devices.lotKeyOf(GTIN, "NEW-LOT");
    expect(lotKey).to.not.equal(0n);
    for (const s of ["N1", "N2", "N3"]) expect((await f.devices.deviceState(idOf(s))).lotKey).to.equal(lotKey);
  });

  it("chunks a lot's commissions under maxBatch, cutting an event across chunks", async () => {
    const f = await loadFixture(engineFixture);
    const engine = f.engineOf(ACCOUNT.manufacturer, undefined, { maxBatch: 3 });
    const before = await f.sentBy(ACCOUNT.manufacturer);
    const events = [event(0, commission(["B1", "B2"])), event(1, commission(["B3", "B4", "B5", "B6", "B7"]))];
    const outcomes = await engine.run("c2", "proceed", events);
    expect(outcomes.map((o) => o.status)).to.deep.equal(["committed", "committed"]);
    expect(await f.sentBy(ACCOUNT.manufacturer)).to.equal(before + 3); // 7 serials in chunks of 3, 3, 1
    for (const s of ["B1", "B4", "B7"]) expect((await f.devices.deviceState(idOf(s))).status).to.equal(1n);
  });

  it("packs, ships and receives across two organisations' engines", async () => {
    const f = await loadFixture(engineFixture);
    const maker = f.engineOf(ACCOUNT.manufacturer);
    const shipped = await maker.run("m1", "rollback", [
      event(0, commission(["P1", "P2", "P3"])),
      event(1, { kind: "pack", sscc: SSCC, devices: [device("P1")] }),
      event(2, { kind: "pack", sscc: SSCC, devices: [device("P2")] }),
      event(3, {
        kind: "ship",
        to: GLN.distributor.toString().padStart(13, "0"),
        devices: [device("P3")],
        containers: [SSCC],
        documentHash: ethers.id("ASN-1"),
        titleTransfer: true,
      }),
    ]);
    expect(shipped.map((o) => o.status)).to.deep.equal(["committed", "committed", "committed", "committed"]);
    const packed = shipped as Extract<(typeof shipped)[number], { status: "committed" }>[];
    expect(packed[2].txHash, "two packs of one SSCC: one call").to.equal(packed[1].txHash);
    const received = await f
      .engineOf(ACCOUNT.distributor)
      .run("d1", "rollback", [event(0, { kind: "receive", devices: [device("P3")], containers: [SSCC] })]);
    expect(received[0].status).to.equal("committed");
    for (const s of ["P1", "P2", "P3"]) {
      const state = await f.devices.deviceState(idOf(s));
      expect(state.custodian).to.equal(GLN.distributor);
      expect(state.status).to.equal(BigInt(DeviceStatus.Active));
    }
  });

  it("a receipt must list exactly the shipment's items (read from its ShipmentDispatched event)", async () => {
    const f = await loadFixture(engineFixture);
    await f
      .engineOf(ACCOUNT.manufacturer)
      .run("m", "rollback", [event(0, commission(["E1", "E2"])), event(1, ship(GLN.distributor, ["E1", "E2"]))]);
    const [outcome] = await f
      .engineOf(ACCOUNT.distributor)
      .run("d", "proceed", [event(0, { kind: "receive", devices: [device("E1")], containers: [] })]);
    expect(outcome.status).to.equal("failed");
    expect((outcome as { reason: string }).reason).to.contain(
      `carries 2 items, the event lists 1; missing ${idOf("E2")}`,
    );
  });

  it("a receipt listing items no shipment carries fails with a reason naming the item", async () => {
    const f = await loadFixture(engineFixture);
    await f.engineOf(ACCOUNT.manufacturer).run("m", "rollback", [event(0, commission(["L1"]))]);
    const [outcome] = await f
      .engineOf(ACCOUNT.distributor)
      .run("d", "proceed", [event(0, { kind: "receive", devices: [device("L1")], containers: [] })]);
    expect(outcome.status).to.equal("failed");
    expect((outcome as { reason: string }).reason).to.match(/device \d+\/L1 is carried by no shipment/);
  });
});

describe("capture engine: failures under both error behaviours", () => {
  /** X1 commissioned by the manufacturer, shipped to and received by the distributor: no longer the maker's. */
  async function movedAway() {
    const f = await loadFixture(engineFixture);
    await f
      .engineOf(ACCOUNT.manufacturer)
      .run("setup", "rollback", [event(0, commission(["X1"])), event(1, ship(GLN.distributor, ["X1"]))]);
    const received = await f
      .engineOf(ACCOUNT.distributor)
      .run("setup", "rollback", [event(0, { kind: "receive", devices: [device("X1")], containers: [] })]);
    expect(received[0].status).to.equal("committed");
    return { f, shipX1: ship(GLN.hospital, ["X1"]) };
  }

  const heads = async (f: Awaited<ReturnType<typeof engineFixture>>) => ({
    block: await ethers.provider.getBlockNumber(),
    devices: await f.devices.ledgerHead(),
    lifecycle: await f.lifecycle.ledgerHead(),
  });

  it("rollback: one failing event sends nothing; it fails with the chain's error, the others are rolled back", async () => {
    const { f, shipX1 } = await movedAway();
    const before = await heads(f);
    const outcomes = await f
      .engineOf(ACCOUNT.manufacturer)
      .run("r", "rollback", [event(0, commission(["R1"])), event(1, shipX1), event(2, commission(["R2"]))]);
    expect(await heads(f)).to.deep.equal(before);
    expect(outcomes.map((o) => o.status)).to.deep.equal(["rolledBack", "failed", "rolledBack"]);
    const failed = outcomes[1] as Extract<(typeof outcomes)[number], { status: "failed" }>;
    expect(failed.error?.name).to.equal("DeviceRegistryNotCustodian");
    expect(failed.error?.args).to.deep.equal({ deviceId: idOf("X1"), organisation: GLN.manufacturer.toString() });
    expect(failed.reason).to.contain("DeviceRegistryNotCustodian");
    for (const i of [0, 2]) {
      expect((outcomes[i] as { reason: string }).reason).to.contain("event 1 would fail (DeviceRegistryNotCustodian)");
    }
  });

  it("proceed: the good events are committed (the two commissions, now consecutive, in one batch)", async () => {
    const { f, shipX1 } = await movedAway();
    const outcomes = await f
      .engineOf(ACCOUNT.manufacturer)
      .run("p", "proceed", [event(0, commission(["R1"])), event(1, shipX1), event(2, commission(["R2"]))]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(["committed", "failed", "committed"]);
    expect((outcomes[1] as { error?: { name: string } }).error?.name).to.equal("DeviceRegistryNotCustodian");
    expect((outcomes[2] as { txHash: string }).txHash).to.equal((outcomes[0] as { txHash: string }).txHash);
    expect((await f.devices.deviceState(idOf("R2"))).custodian).to.equal(GLN.manufacturer);
  });

  it("a failing grouped call is split to find exactly the failing event", async () => {
    const { f } = await movedAway();
    const outcomes = await f
      .engineOf(ACCOUNT.manufacturer)
      .run("g", "proceed", [event(0, commission(["G1"])), event(1, commission(["X1"])), event(2, commission(["G2"]))]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(["committed", "failed", "committed"]);
    expect((outcomes[1] as { error?: { name: string } }).error?.name).to.equal("DeviceRegistryDeviceExists");
  });

  for (const behaviour of ["rollback", "proceed"] as const) {
    it(`${behaviour}: simulated fine, but another party moved first: the outcome says exactly what was committed`, async () => {
      const f = await loadFixture(engineFixture);
      await f.devices.connect(f.manufacturer).commission(f.lotKey, "M0");
      let moved = false; // the engine simulates again after the refusal: move once
      const moveFirst = async () => {
        if (moved) return;
        moved = true;
        await f.devices.connect(f.manufacturer).ship(GLN.hospital, [idOf("M0")], [], ethers.ZeroHash, true);
      };
      const engine = f.engineOf(ACCOUNT.manufacturer, undefined, { hooks: { afterSimulation: moveFirst } });
      const outcomes = await engine.run("m", behaviour, [
        event(0, commission(["M1"])),
        event(1, ship(GLN.distributor, ["M0"])),
        event(2, commission(["M2"])),
      ]);
      const last = behaviour === "rollback" ? "rolledBack" : "committed";
      expect(outcomes.map((o) => o.status)).to.deep.equal(["committed", "failed", last]);
      const failed = outcomes[1] as Extract<(typeof outcomes)[number], { status: "failed" }>;
      expect(failed.reason).to.contain("another party moved first");
      expect(failed.error?.name).to.equal("DeviceRegistryDeviceUnavailable");
      if (behaviour === "rollback")
        expect((outcomes[2] as { reason: string }).reason).to.contain("event 1 failed on chain");
      expect((await f.devices.deviceState(idOf("M2"))).status).to.equal(behaviour === "rollback" ? 0n : 1n);
    });
  }
  it("rollback: a grouped call refused at send time names the one event at fault, the other is rolled back", async () => {
    const f = await loadFixture(engineFixture);
    const takeSerial = async () => {
      if ((await f.devices.deviceState(idOf("C2"))).status === 0n)
        await f.devices.connect(f.manufacturer).commission(f.lotKey, "C2");
    };
    const engine = f.engineOf(ACCOUNT.manufacturer, undefined, { hooks: { afterSimulation: takeSerial } });
    const outcomes = await engine.run("c", "rollback", [event(0, commission(["C1"])), event(1, commission(["C2"]))]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(["rolledBack", "failed"]);
    expect((outcomes[1] as { error?: { name: string } }).error?.name).to.equal("DeviceRegistryDeviceExists");
    expect((await f.devices.deviceState(idOf("C1"))).status).to.equal(0n);
  });
});

describe("capture engine: late binding, lifecycle, gas", () => {
  it("quarantines and releases a device; a release of a device not quarantined fails by name", async () => {
    const f = await loadFixture(engineFixture);
    const engine = f.engineOf(ACCOUNT.manufacturer);
    const outcomes = await engine.run("q", "proceed", [
      event(0, commission(["Q1"])),
      event(1, { kind: "quarantine", device: device("Q1"), reasonHash: ethers.id("dropped") }),
      event(2, { kind: "release", device: device("Q1") }),
      event(3, { kind: "release", device: device("Q1") }),
    ]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(["committed", "committed", "committed", "failed"]);
    expect((outcomes[3] as { error?: { name: string } }).error?.name).to.match(/^DeviceLifecycle/);
    expect((await f.devices.deviceState(idOf("Q1"))).status).to.equal(BigInt(DeviceStatus.Active));
  });

  it("records a software update (its own SoftwareUpdated log); a version over 64 characters fails by name", async () => {
    const f = await loadFixture(engineFixture);
    const image = ethers.id("firmware-2.4.1");
    const outcomes = await f
      .engineOf(ACCOUNT.manufacturer)
      .run("sw", "proceed", [
        event(0, commission(["W1"])),
        event(1, { kind: "softwareUpdate", device: device("W1"), version: "2.4.1", imageHash: image }),
        event(2, { kind: "softwareUpdate", device: device("W1"), version: "9".repeat(65), imageHash: image }),
      ]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(["committed", "committed", "failed"]);
    expect((outcomes[2] as { error?: { name: string } }).error?.name).to.equal("DeviceLifecycleInvalidVersion");
    expect(await f.lifecycle.softwareOf(idOf("W1"))).to.equal(image);
    const { txHash, logIndex } = outcomes[1] as { txHash: string; logIndex: number };
    const log = (await ethers.provider.getTransactionReceipt(txHash))!.logs.find((l) => l.index === logIndex)!;
    expect(f.lifecycle.interface.parseLog(log)?.args.version).to.equal("2.4.1");
  });

  it("cuts a batch smaller when its gas is over the cap", async () => {
    const f = await loadFixture(engineFixture);
    const serials = Array.from({ length: 12 }, (_, i) => `GC${i}`);
    const engine = f.engineOf(ACCOUNT.manufacturer, undefined, { gasCap: 250_000n });
    const outcomes = await engine.run("gc", "rollback", [event(0, commission(serials))]);
    expect(outcomes[0].status).to.equal("committed");
    const batches = await f.devices.queryFilter(f.devices.filters.DevicesCommissioned());
    expect(batches.length).to.be.greaterThan(1);
    expect(batches.flatMap((b) => b.args.serials)).to.deep.equal(serials);
    for (const b of batches) {
      expect((await ethers.provider.getTransactionReceipt(b.transactionHash))!.gasUsed).to.be.at.most(250_000n);
    }
  });

  it("a document that needs more gas than the simulation may use is refused with SimulationGasError, nothing sent", async () => {
    const f = await loadFixture(engineFixture);
    const block = await ethers.provider.getBlockNumber();
    const engine = f.engineOf(ACCOUNT.manufacturer, undefined, { simulationGas: 2_000_000n });
    const serials = Array.from({ length: 120 }, (_, i) => `SG${i}`);
    const error = await engine.run("big", "rollback", [event(0, commission(serials))]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(SimulationGasError);
    expect((error as SimulationGasError).executed, "the executor saw its call run out").to.equal(0);
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
  });
});
