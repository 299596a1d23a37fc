import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { ethers } from "hardhat";
import { DeviceStatus } from "../../src/contracts";
import { deviceId } from "../../src/contracts/ids";
import { GTIN, GLN, sscc } from "../fixtures";
import { ACCOUNT, commission, device, engineFixture, event, walletOf } from "./engine-helpers";

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
