import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { buildElementString, withCheckDigit } from "../../src/gs1";
import {
  BatchError,
  CONTRACT_KEYS,
  ContractRevertError,
  createClient,
  deviceId,
  FACTORIES,
  GasCapError,
  SdkInputError,
} from "../../src/sdk";
import { GLN, GTIN, LOT } from "../fixtures";
import { sdkFixture } from "./helpers";

const gtin14 = GTIN.toString().padStart(14, "0");
const SSCC_DIGITS = withCheckDigit("30614141000000001");
const SSCC = `(00)${SSCC_DIGITS}`;
const udi = (fields: Record<string, string>) => buildElementString({ gtin: gtin14, ...fields });

/** Functions integrators never call: module hooks (only the wired contracts may) and the deployer's one-time wiring. */
const NOT_INTEGRATOR_OPERATIONS = [
  "setDeviceStatus",
  "placeHold",
  "releaseHold",
  "clearDeviceHold",
  "flagShipmentExcursion",
  "wireModules",
];

describe("SDK client", function () {
  it("has one method and one unsigned builder per contract operation", async function () {
    const f = await loadFixture(sdkFixture);
    const client = f.clientOf(f.manufacturer);
    for (const [contract, factory] of Object.entries(FACTORIES)) {
      const ns = CONTRACT_KEYS[contract as keyof typeof CONTRACT_KEYS];
      const abi = factory.abi as readonly { type: string; name?: string; stateMutability?: string }[];
      const writes = abi.filter(
        (x) => x.type === "function" && x.stateMutability !== "view" && x.stateMutability !== "pure",
      ) as { name: string }[];
      expect(writes.length, contract).to.be.greaterThan(1);
      for (const { name } of writes) {
        if (NOT_INTEGRATOR_OPERATIONS.includes(name)) continue;
        expect(client[ns], `${contract}.${name}`).to.have.property(name).that.is.a("function");
        expect(client.unsigned[ns], `${contract}.${name}`).to.have.property(name).that.is.a("function");
      }
    }
  });

  it("uses the registry's MAX_BATCH as its default batch size", async function () {
    const f = await loadFixture(sdkFixture);
    expect(await f.clientOf(f.manufacturer).reads.maxBatch()).to.equal(400);
  });

  it("registers a lot from a UDI: (11) at 00:00:00 UTC, (17) day 00 at 23:59:59 UTC of the month's last day", async function () {
    const f = await loadFixture(sdkFixture);
    const client = f.clientOf(f.manufacturer);
    const { result: lotKey } = await client.devices.registerLot({
      udi: udi({ lot: "L-UDI", productionDate: "250600", expiry: "280200" }),
    });
    const lot = await client.reads.lot(`(01)${gtin14}(10)L-UDI`);
    expect(lot).to.include({ lotKey, gtin: GTIN, manufacturer: GLN.manufacturer, expired: false });
    expect(lot!.manufacturedAt).to.equal(BigInt(Date.UTC(2025, 5, 1) / 1000));
    expect(lot!.expiresAt).to.equal(BigInt(Date.UTC(2028, 1, 29, 23, 59, 59) / 1000));
  });

  it("commissions from a UDI and reads the device back by UDI", async function () {
    const f = await loadFixture(sdkFixture);
    const client = f.clientOf(f.manufacturer);
    const device = udi({ lot: LOT, serial: "SN-UDI" });
    const { result } = await client.devices.commission({ udi: device });
    expect(result).to.equal(deviceId(GTIN, "SN-UDI"));
    const view = await client.reads.device(device);
    expect(view).to.deep.include({
      status: "Active",
      custodian: GLN.manufacturer,
      lotKey: f.lotKey,
      container: null,
      shipment: null,
      heldBy: null,
    });
    expect(await client.reads.device(udi({ serial: "NEVER" }))).to.equal(null);
  });

  it("splits a batch over MAX_BATCH and under the gas cap, each transaction within both", async function () {
    const f = await loadFixture(sdkFixture);
    const serials = Array.from({ length: 450 }, (_, i) => `B-${i}`);
    const big = await f.clientOf(f.manufacturer).devices.commissionBatch({ lot: { lotKey: f.lotKey }, serials });
    expect(big.transactions.map((t) => t.items)).to.deep.equal([400, 50]);
    const cap = 2_000_000n;
    const capped = f.clientOf(f.manufacturer, { gasCap: cap });
    const more = Array.from({ length: 150 }, (_, i) => `C-${i}`);
    const small = await capped.devices.commissionBatch({ lot: `(01)${gtin14}(10)${LOT}`, serials: more });
    expect(small.transactions.length).to.be.greaterThan(1);
    expect(small.transactions.reduce((n, t) => n + t.items, 0)).to.equal(150);
    for (const t of small.transactions) expect(t.receipt.gasUsed <= cap).to.equal(true);
    expect(small.result).to.deep.equal(more.map((s) => deviceId(GTIN, s)));
    expect(await capped.reads.device({ gtin: GTIN, serial: "C-149" })).to.include({ status: "Active" });
  });

  it("throws GasCapError when one item does not fit the cap", async function () {
    const f = await loadFixture(sdkFixture);
    const tiny = f.clientOf(f.manufacturer, { gasCap: 30_000n });
    const error = await tiny.devices
      .commissionBatch({ lot: { lotKey: f.lotKey }, serials: ["X"] })
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(GasCapError);
  });

  it("reports a batch that failed part way with what is on-chain", async function () {
    const f = await loadFixture(sdkFixture);
    const client = f.clientOf(f.manufacturer, { maxBatch: 2 });
    const error = (await client.devices
      .commissionBatch({ lot: { lotKey: f.lotKey }, serials: ["P-1", "P-2", "P-3", "P-1"] })
      .catch((e: unknown) => e)) as BatchError;
    expect(error).to.be.instanceOf(BatchError);
    expect([error.completedItems, error.totalItems, error.completedHashes.length]).to.deep.equal([2, 4, 1]);
    expect(error.cause).to.be.instanceOf(ContractRevertError);
    expect((error.cause as ContractRevertError).errorName).to.equal("DeviceRegistryDeviceExists");
  });

  it("packs, ships and receives by UDI and SSCC; reads show where the device is", async function () {
    const f = await loadFixture(sdkFixture);
    const maker = f.clientOf(f.manufacturer);
    const devices = ["S-1", "S-2"].map((serial) => udi({ lot: LOT, serial }));
    await maker.devices.commissionBatch({ udis: devices });
    await maker.devices.pack({ container: SSCC, devices });
    const { result: shipmentId } = await maker.devices.ship({
      to: `(414)${GLN.distributor.toString().padStart(13, "0")}`,
      containers: [SSCC],
    });
    const inTransit = await maker.reads.whereIs(devices[0]);
    expect(inTransit!.container).to.equal(BigInt(SSCC_DIGITS));
    expect(inTransit!.shipment).to.include({
      shipmentId,
      sender: GLN.manufacturer,
      recipient: GLN.distributor,
      status: "InTransit",
    });
    await f.clientOf(f.distributor).devices.receiveShipment({ shipmentId });
    expect(await maker.reads.whereIs(devices[1])).to.deep.include({
      custodian: GLN.distributor,
      shipment: null,
      status: "Active",
    });
    expect(await maker.reads.container(SSCC)).to.include({
      custodian: GLN.distributor,
      status: "Active",
      deviceCount: 2n,
    });
  });

  it("issues a recall on a lot given by UDI; the device reads as held by it", async function () {
    const f = await loadFixture(sdkFixture);
    const maker = f.clientOf(f.manufacturer);
    const device = udi({ lot: LOT, serial: "R-1" });
    await maker.devices.commission({ udi: device });
    const { result: recallId } = await maker.recalls.issueRecall({
      gtin: device,
      recallClass: "ClassII",
      action: "Removal",
      noticeHash: ethers.id("notice"),
      lots: [device],
    });
    const held = await maker.reads.heldByRecall(device);
    expect(held).to.include({
      recallId,
      scope: "Lots",
      status: "Open",
      recallClass: "ClassII",
      issuer: GLN.manufacturer,
    });
    expect((await maker.reads.device(device))!.heldBy).to.deep.equal(held);
    expect(await maker.reads.product(device)).to.include({ manufacturer: GLN.manufacturer, tracked: true });
  });

  it("runs lifecycle and anchor operations with device UDIs", async function () {
    const f = await loadFixture(sdkFixture);
    const maker = f.clientOf(f.manufacturer);
    const device = udi({ lot: LOT, serial: "L-1", softwareVersion: "2.1.0" });
    await maker.devices.commission({ udi: device });
    await maker.lifecycle.recordSoftwareUpdate({ device, imageHash: ethers.id("image") });
    await maker.lifecycle.quarantine({ device, reasonHash: ethers.id("reason") });
    expect(await maker.reads.device(device)).to.include({ status: "Quarantined" });
    await maker.lifecycle.release({ device });
    const { result: anchorId } = await maker.anchors.anchor({
      device,
      root: ethers.id("root"),
      recordCount: 3,
      windowStart: 1,
      windowEnd: 2,
      uriHash: ethers.id("uri"),
    });
    expect(anchorId).to.equal(1n);
    expect(await f.lifecycle.softwareOf(deviceId(GTIN, "L-1"))).to.equal(ethers.id("image"));
  });

  it("submits without waiting: consecutive nonces, a fixed gas limit, the fees option; wait() decodes a revert", async function () {
    const f = await loadFixture(sdkFixture);
    const fees = { maxFeePerGas: 7_000_000_000n, maxPriorityFeePerGas: 2_000_000_000n };
    const client = f.clientOf(f.manufacturer, { fees: async () => fees });
    await ethers.provider.send("evm_setAutomine", [false]);
    let sent;
    try {
      sent = [
        await client.submit.devices.registerLot({ gtin: GTIN, lot: "S-1" }),
        await client.submit.devices.registerLot({ gtin: GTIN, lot: "S-2" }, { gasLimit: 300_000n }),
        // Not estimated (it depends on S-1, not yet mined), so the node takes it; it reverts once mined.
        await client.submit.devices.registerLot({ gtin: GTIN, lot: "S-1" }, { gasLimit: 300_000n }),
      ];
      await ethers.provider.send("evm_mine", []);
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
    const txs = await Promise.all(sent.map((s) => ethers.provider.getTransaction(s.hash)));
    expect(txs.map((tx) => tx!.nonce - txs[0]!.nonce)).to.deep.equal([0, 1, 2]);
    expect(txs.map((tx) => [tx!.gasLimit > 0n, tx!.maxFeePerGas, tx!.maxPriorityFeePerGas])).to.deep.equal(
      Array(3).fill([true, fees.maxFeePerGas, fees.maxPriorityFeePerGas]),
    );
    expect([txs[1]!.gasLimit, txs[2]!.gasLimit]).to.deep.equal([300_000n, 300_000n]);
    const [first, second] = [await sent[0].wait(), await sent[1].wait()];
    expect([first.result, second.result]).to.deep.equal([
      await f.devices.lotKeyOf(GTIN, "S-1"),
      await f.devices.lotKeyOf(GTIN, "S-2"),
    ]);
    expect(first.receipt.blockNumber).to.equal(second.receipt.blockNumber);
    const error = await sent[2].wait().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ContractRevertError);
    expect((error as ContractRevertError).errorName).to.equal("DeviceRegistryLotExists");
  });

  it("builds unsigned transactions that another signer can sign and send", async function () {
    const f = await loadFixture(sdkFixture);
    const readOnly = createClient({ runner: ethers.provider, manifest: f.manifest });
    const from = await f.manufacturer.getAddress();
    const tx = await readOnly.unsigned.devices.registerLot({ gtin: GTIN, lot: "UNSIGNED" }, { from, nonce: "pending" });
    expect(tx).to.include({ to: f.manifest.contracts.DeviceRegistry.address, chainId: 31337n, from, value: 0n });
    expect(tx.gasLimit! > 0n).to.equal(true);
    const sent = await f.manufacturer.sendTransaction(tx);
    expect((await readOnly.waitFor(sent.hash)).status).to.equal(1);
    expect(await f.devices.lotKeyOf(GTIN, "UNSIGNED")).to.equal(2n);
    const batch = await readOnly.unsigned.devices.commissionBatch(
      { lot: { lotKey: 2n }, serials: Array.from({ length: 401 }, (_, i) => `U-${i}`) },
      { from, nonce: 5 },
    );
    expect(batch.map((t) => t.nonce)).to.deep.equal([5, 6]);
    const error = await readOnly.devices.registerLot({ gtin: GTIN, lot: "X" }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(SdkInputError);
    expect((error as SdkInputError).field).to.equal("runner");
  });

  it("surfaces a revert when building an unsigned transaction for an account that may not act", async function () {
    const f = await loadFixture(sdkFixture);
    const readOnly = createClient({ runner: ethers.provider, manifest: f.manifest });
    const error = await readOnly.unsigned.devices
      .registerLot({ gtin: GTIN, lot: "NOPE" }, { from: await f.hospital.getAddress() })
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ContractRevertError);
    expect((error as ContractRevertError).errorName).to.equal("ConsortiumGatedMissingRole");
  });
});
