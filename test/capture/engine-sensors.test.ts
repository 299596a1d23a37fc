import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { ethers } from "hardhat";
import { DeviceStatus } from "../../src/contracts";
import { deviceId } from "../../src/contracts/ids";
import { sensorTree } from "../../src/capture";
import { buildFromRecords, createReceiptVerifier, leafHash, parseExcursionRule, receiptOf } from "../../src/records";
import type { EventOutcome, LedgerOp, SensorReading } from "../../src/capture/types";
import { GLN } from "../fixtures";
import { ACCOUNT, commission, device, engineFixture, event, ship } from "./engine-helpers";

const T0 = 1_780_000_000;
const SENSOR = "urn:epc:id:giai:4000001.111";
const anchorOf = (serials: string[], readings: SensorReading[], rule?: string): LedgerOp => ({
  kind: "anchorShipmentData",
  devices: serials.map(device),
  containers: [],
  readings,
  ...(rule ? { excursionRule: parseExcursionRule(rule) } : {}),
  uri: "urn:udi-ledger:epcis-event:0x01",
});
const temperature = (minutes: number, value: number): SensorReading => ({
  time: T0 + minutes * 60,
  field: "temperature",
  value,
  deviceID: SENSOR,
});
type Committed = Extract<EventOutcome, { status: "committed" }>;
type SensorOp = Extract<LedgerOp, { kind: "anchorShipmentData" }>;

describe("capture engine: a shipment's sensor readings become a data anchor", () => {
  it("anchors the records module's tree of the readings for the shipment the same event creates", async () => {
    const f = await loadFixture(engineFixture);
    const readings = [temperature(0, 4.5), temperature(30, 5), { time: T0 + 600, field: "humidity", value: 41 }];
    const outcomes = await f
      .engineOf(ACCOUNT.manufacturer)
      .run("s", "rollback", [
        event(0, commission(["R1", "R2"])),
        event(1, ship(GLN.distributor, ["R1", "R2"]), anchorOf(["R1", "R2"], readings)),
      ]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(["committed", "committed"]);
    const shipmentId = (await f.devices.deviceState(deviceId(ethers.toBigInt(device("R1").gtin), "R1"))).shipment;
    // The records, written as the records module reads telemetry, for the shipment the chain assigned.
    const records = [
      { time: T0, temperature: 4.5, deviceID: SENSOR },
      { time: T0 + 1800, temperature: 5, deviceID: SENSOR },
      { time: T0 + 600, humidity: 41 },
    ];
    const { tree } = await buildFromRecords(records, {
      target: { kind: "shipment", id: ethers.toBeHex(shipmentId, 32) },
    });
    const [log] = await f.anchors.queryFilter(f.anchors.filters.DataAnchored());
    expect(log.args.targetId).to.equal(ethers.toBeHex(shipmentId, 32));
    expect(log.args.root).to.equal(tree.root);
    expect(log.args.recordCount).to.equal(3n);
    expect([log.args.windowStart, log.args.windowEnd]).to.deep.equal([BigInt(T0), BigInt(T0 + 1800)]);
    expect(log.args.excursion).to.equal(false);
    expect(log.args.uriHash).to.equal(ethers.id("urn:udi-ledger:epcis-event:0x01"));
    // Each record's proof verifies on chain against the anchor.
    for (let i = 0; i < tree.count; i++) {
      expect(await f.anchors.verifyRecord(log.args.anchorId, leafHash(tree.leafValue(i)), tree.proof(i))).to.equal(
        true,
      );
    }
    const shipped = outcomes[1] as Committed;
    expect(shipped.anchor).to.deep.equal({
      ref: {
        type: "evm",
        chainId: String(f.manifest.chainId),
        registry: f.manifest.contracts.DataAnchorRegistry.address.toLowerCase(),
        anchorId: log.args.anchorId.toString(),
        txHash: log.transactionHash,
        blockNumber: log.blockNumber,
        logIndex: log.index,
      },
      shipmentId: shipmentId.toString(),
      root: tree.root,
      recordCount: 3,
      windowStart: T0,
      windowEnd: T0 + 1800,
      excursion: false,
    });
    expect(outcomes[0]).to.not.have.property("anchor");
    expect(shipped.txHash, "the outcome points at the shipment first").to.not.equal(log.transactionHash);
  });

  it("the outcome and the readings are enough to rebuild the tree and issue receipts that verify on chain", async () => {
    const f = await loadFixture(engineFixture);
    const op = anchorOf(["V1"], [temperature(0, 3), temperature(5, 3.5)]);
    const outcomes = await f
      .engineOf(ACCOUNT.manufacturer)
      .run("v", "rollback", [event(0, commission(["V1"])), event(1, ship(GLN.distributor, ["V1"]), op)]);
    const { anchor } = outcomes[1] as Committed;
    const { tree } = await sensorTree(op as SensorOp, BigInt(anchor!.shipmentId));
    const verifier = createReceiptVerifier(ethers.provider, f.manifest);
    const records = [
      { time: T0, temperature: 3, deviceID: SENSOR },
      { time: T0 + 300, temperature: 3.5, deviceID: SENSOR },
    ];
    for (const [i, record] of records.entries()) {
      const receipt = receiptOf(tree, i, "time", anchor!.ref);
      expect(await verifier.verify(receipt, record)).to.deep.equal({ ok: true });
    }
    const forged = receiptOf(tree, 0, "time", anchor!.ref);
    expect(await verifier.verify(forged, { ...records[0], temperature: 30 })).to.include({ ok: false });
  });

  it("flags an excursion under the event's rule, and the receipt quarantines the devices", async () => {
    const f = await loadFixture(engineFixture);
    const rule = "temperature:2..8@30m";
    // Out of range from minute 10 to minute 60: 50 minutes, over the 30 minutes tolerated.
    const hot = [temperature(0, 5), temperature(10, 9.5), temperature(40, 11), temperature(60, 6)];
    const shipped = await f
      .engineOf(ACCOUNT.manufacturer)
      .run("x", "rollback", [
        event(0, commission(["X1"])),
        event(1, ship(GLN.distributor, ["X1"]), anchorOf(["X1"], hot, rule)),
      ]);
    expect((shipped[1] as Committed).anchor?.excursion).to.equal(true);
    const received = await f
      .engineOf(ACCOUNT.distributor)
      .run("r", "rollback", [event(0, { kind: "receive", devices: [device("X1")], containers: [] })]);
    expect(received[0].status).to.equal("committed");
    const id = deviceId(ethers.toBigInt(device("X1").gtin), "X1");
    expect((await f.devices.deviceState(id)).status).to.equal(BigInt(DeviceStatus.Quarantined));
  });

  it("within the tolerance, no excursion: the receipt leaves the devices active", async () => {
    const f = await loadFixture(engineFixture);
    const brief = [temperature(0, 5), temperature(10, 9.5), temperature(20, 6)];
    const shipped = await f
      .engineOf(ACCOUNT.manufacturer)
      .run("y", "rollback", [
        event(0, commission(["Y1"])),
        event(1, ship(GLN.distributor, ["Y1"]), anchorOf(["Y1"], brief, "temperature:2..8@30m")),
      ]);
    expect((shipped[1] as Committed).anchor?.excursion).to.equal(false);
    await f
      .engineOf(ACCOUNT.distributor)
      .run("r", "rollback", [event(0, { kind: "receive", devices: [device("Y1")], containers: [] })]);
    const id = deviceId(ethers.toBigInt(device("Y1").gtin), "Y1");
    expect((await f.devices.deviceState(id)).status).to.equal(BigInt(DeviceStatus.Active));
  });
});
