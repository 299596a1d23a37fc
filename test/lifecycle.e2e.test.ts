import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { replayLedgerHead, GLN, IMPLANT_GTIN } from "./fixtures";
import { walletOf } from "./helpers/devices";
import { CARE_SITE, commitment, idsOf, recallNotice, implantLotFixture, ssccOf, through } from "./helpers/scenario";
import {
  ContainerStatus,
  DeviceStatus,
  Disposition,
  HoldScope,
  RecallAction,
  RecallClass,
  RecallStatus,
  ServiceOutcome,
  ShipmentStatus,
} from "./helpers/lifecycle";

/** The consortium, a lot of the implantable product, and a contract wallet acting as one of the hospital's accounts. */
async function fixture() {
  const f = await implantLotFixture();
  const wallet = await walletOf(f.directory, f.admin, f.hospital, GLN.hospital);
  return { ...f, wallet };
}

describe("lifecycle end to end", () => {
  it("carries an implant lot from commissioning through service and a lot recall back to its manufacturer", async () => {
    const f = await loadFixture(fixture);
    const { devices, lifecycle, recalls, wallet } = f;
    const m = f.manufacturer;
    const d = f.distributor;
    const h = f.hospital;
    const walletAddress = await wallet.getAddress();
    const serials = ["IMP-0001", "IMP-0002", "IMP-0003", "IMP-0004", "IMP-0005", "IMP-0006"];
    const ids = idsOf(IMPLANT_GTIN, serials);
    const box = ssccOf(42);
    const custodians = async (list: string[]) =>
      Promise.all(list.map(async (id) => (await devices.deviceState(id)).custodian));
    const statuses = async (list: string[]) =>
      Promise.all(list.map(async (id) => Number((await devices.deviceState(id)).status)));
    const holds = async (list: string[]) => Promise.all(list.map(async (id) => (await devices.deviceState(id)).heldBy));

    // 1. The manufacturer commissions a batch of six implants.
    await expect(devices.connect(m).commissionBatch(f.implantLot, serials))
      .to.emit(devices, "DevicesCommissioned")
      .withArgs(f.implantLot, IMPLANT_GTIN, serials, GLN.manufacturer, m.address);
    const first = await devices.deviceState(ids[0]);
    expect([first.custodian, first.status, first.gtin, first.lotKey, first.container, first.shipment]).to.deep.equal([
      GLN.manufacturer,
      BigInt(DeviceStatus.Active),
      IMPLANT_GTIN,
      f.implantLot,
      0n,
      0n,
    ]);
    expect([first.heldBy, first.expired]).to.deep.equal([0n, false]);

    // 2. It packs them into one container.
    await expect(devices.connect(m).pack(box, ids))
      .to.emit(devices, "DevicesPacked")
      .withArgs(box, ids, f.implantLot, GLN.manufacturer, m.address);
    const packed = await devices.container(box);
    expect([packed.custodian, packed.status, packed.lotKey, packed.deviceCount]).to.deep.equal([
      GLN.manufacturer,
      BigInt(ContainerStatus.Active),
      f.implantLot,
      6n,
    ]);
    expect((await devices.deviceState(ids[5])).container).to.equal(box);

    // 3. It ships the container to the distributor, transferring title.
    const asn = ethers.id("ASN-2026-0001");
    await expect(devices.connect(m).ship(GLN.distributor, [], [box], asn, true))
      .to.emit(devices, "ShipmentDispatched")
      .withArgs(1, GLN.manufacturer, GLN.distributor, [], [box], asn, true, m.address);
    const dispatched = await devices.shipment(1);
    expect([dispatched.sender, dispatched.recipient, dispatched.status]).to.deep.equal([
      GLN.manufacturer,
      GLN.distributor,
      BigInt(ShipmentStatus.InTransit),
    ]);
    expect(await statuses(ids)).to.deep.equal(ids.map(() => DeviceStatus.InTransit));
    expect(await custodians(ids)).to.deep.equal(ids.map(() => GLN.manufacturer));

    // 4. The distributor receives it.
    await expect(devices.connect(d).receiveShipment(1, [], [box]))
      .to.emit(devices, "ShipmentReceived")
      .withArgs(1, GLN.distributor, false, d.address);
    expect((await devices.shipment(1)).status).to.equal(ShipmentStatus.Received);
    expect(await custodians(ids)).to.deep.equal(ids.map(() => GLN.distributor));
    expect(await statuses(ids)).to.deep.equal(ids.map(() => DeviceStatus.Active));

    // 5. The distributor unpacks the container.
    await expect(devices.connect(d).unpack(box, ids))
      .to.emit(devices, "DevicesUnpacked")
      .withArgs(box, ids, GLN.distributor, d.address);
    expect((await devices.container(box)).deviceCount).to.equal(0);
    expect((await devices.device(ids[0])).container).to.equal(0);
    expect((await devices.device(ids[0])).custodian).to.equal(GLN.distributor);

    // 6. It ships four of them to the hospital.
    const toHospital = ids.slice(0, 4);
    const order = ethers.id("PO-4711");
    await expect(devices.connect(d).ship(GLN.hospital, toHospital, [], order, true))
      .to.emit(devices, "ShipmentDispatched")
      .withArgs(2, GLN.distributor, GLN.hospital, toHospital, [], order, true, d.address);

    // 7. The hospital receives through its contract wallet: the wallet is the actor, not the signing key.
    const receiveTx = await through(wallet, h, devices, "receiveShipment", [2, toHospital, []]);
    await expect(receiveTx).to.emit(devices, "ShipmentReceived").withArgs(2, GLN.hospital, false, walletAddress);
    expect(receiveTx.from).to.equal(h.address);
    expect(await custodians(toHospital)).to.deep.equal(toHospital.map(() => GLN.hospital));
    expect(await custodians(ids.slice(4))).to.deep.equal([GLN.distributor, GLN.distributor]);

    // 8. It implants one, recording only a salted commitment to the procedure record.
    const procedure = commitment("procedure record, theatre 3", "salt-7f1c");
    await expect(through(wallet, h, lifecycle, "install", [ids[0], CARE_SITE, procedure]))
      .to.emit(lifecycle, "DeviceInstalled")
      .withArgs(ids[0], CARE_SITE, procedure, GLN.hospital, walletAddress);
    expect((await devices.deviceState(ids[0])).status).to.equal(DeviceStatus.Installed);

    // 9. It authorises the service provider.
    await expect(through(wallet, h, lifecycle, "authoriseServiceProvider", [GLN.service, true]))
      .to.emit(lifecycle, "ServiceProviderAuthorised")
      .withArgs(GLN.hospital, GLN.service, true, walletAddress);
    expect(await lifecycle.isAuthorisedServicer(GLN.hospital, GLN.service)).to.equal(true);

    // 10. The service provider services the implant ...
    const report = ethers.id("service report 1");
    await expect(lifecycle.connect(f.service).recordService(ids[0], ServiceOutcome.Conformant, report))
      .to.emit(lifecycle, "ServiceRecorded")
      .withArgs(ids[0], ServiceOutcome.Conformant, report, GLN.service, f.service.address);

    // 11. ... and updates its software.
    const image = ethers.id("firmware 4.2.1");
    await expect(lifecycle.connect(f.service).recordSoftwareUpdate(ids[0], "4.2.1", image))
      .to.emit(lifecycle, "SoftwareUpdated")
      .withArgs(ids[0], "4.2.1", image, GLN.service, f.service.address);
    expect(await lifecycle.softwareOf(ids[0])).to.equal(image);
    expect((await devices.deviceState(ids[0])).custodian).to.equal(GLN.hospital);
    expect((await devices.deviceState(ids[0])).status).to.equal(DeviceStatus.Installed);

    // 12. The manufacturer recalls the lot.
    const notice = recallNotice(IMPLANT_GTIN, HoldScope.Lots, { lotKeys: [f.implantLot] });
    await expect(recalls.connect(m).issueRecall(notice))
      .to.emit(recalls, "RecallIssued")
      .withArgs(
        1,
        IMPLANT_GTIN,
        GLN.manufacturer,
        RecallClass.ClassII,
        RecallAction.Removal,
        HoldScope.Lots,
        GLN.manufacturer,
        notice.noticeHash,
        [f.implantLot],
        [],
        m.address,
      );
    const issued = await recalls.recall(1);
    expect([issued.gtin, issued.issuer, issued.returnTo, issued.status, issued.scope]).to.deep.equal([
      IMPLANT_GTIN,
      GLN.manufacturer,
      GLN.manufacturer,
      BigInt(RecallStatus.Open),
      BigInt(HoldScope.Lots),
    ]);
    expect(await holds(ids)).to.deep.equal(ids.map(() => 1n));

    // 13. A shipment of a held device to another hospital is refused; the error bubbles unchanged through the wallet.
    await expect(through(wallet, h, f.devices, "ship", [GLN.otherHospital, [ids[1]], [], order, true]))
      .to.be.revertedWithCustomError(devices, "DeviceRegistryDeviceHeld")
      .withArgs(ids[1], 1);
    expect((await devices.deviceState(ids[1])).status).to.equal(DeviceStatus.Active);
    expect((await devices.deviceState(ids[1])).custodian).to.equal(GLN.hospital);

    // 14. The hospital acknowledges the recall, once.
    await expect(through(wallet, h, recalls, "acknowledgeRecall", [1]))
      .to.emit(recalls, "RecallAcknowledged")
      .withArgs(1, GLN.hospital, walletAddress);
    expect(await recalls.hasAcknowledged(1, GLN.hospital)).to.equal(true);
    await expect(through(wallet, h, recalls, "acknowledgeRecall", [1]))
      .to.be.revertedWithCustomError(recalls, "RecallRegistryAlreadyAcknowledged")
      .withArgs(1, GLN.hospital);

    // 15. It ships its three held stock devices back to the manufacturer.
    const held = ids.slice(1, 4);
    const returnNote = ethers.id("RMA-0001");
    await expect(through(wallet, h, devices, "ship", [GLN.manufacturer, held, [], returnNote, true]))
      .to.emit(devices, "ShipmentDispatched")
      .withArgs(3, GLN.hospital, GLN.manufacturer, held, [], returnNote, true, walletAddress);

    // 16. The manufacturer receives them; they stay held until a disposition is recorded.
    await expect(devices.connect(m).receiveShipment(3, held, []))
      .to.emit(devices, "ShipmentReceived")
      .withArgs(3, GLN.manufacturer, false, m.address);
    expect(await custodians(held)).to.deep.equal(held.map(() => GLN.manufacturer));
    expect(await holds(held)).to.deep.equal(held.map(() => 1n));

    // 17. It records each as Returned, clearing it from the hold.
    for (const id of held) {
      await expect(recalls.connect(m).recordDisposition(1, id, Disposition.Returned))
        .to.emit(recalls, "RecallDispositionRecorded")
        .withArgs(1, id, Disposition.Returned, GLN.manufacturer, m.address);
      expect(await recalls.dispositionOf(1, id)).to.equal(Disposition.Returned);
    }
    expect(await holds(ids)).to.deep.equal([1n, 0n, 0n, 0n, 1n, 1n]);

    // 18. It terminates the recall: the hold ends for the implant and the distributor's stock.
    await expect(recalls.connect(m).terminateRecall(1))
      .to.emit(recalls, "RecallTerminated")
      .withArgs(1, GLN.manufacturer, m.address);
    expect((await recalls.recall(1)).status).to.equal(RecallStatus.Terminated);
    expect((await devices.hold(IMPLANT_GTIN)).recallId).to.equal(0);
    expect(await holds(ids)).to.deep.equal(ids.map(() => 0n));
    expect(await statuses(ids)).to.deep.equal([
      DeviceStatus.Installed,
      DeviceStatus.Active,
      DeviceStatus.Active,
      DeviceStatus.Active,
      DeviceStatus.Active,
      DeviceStatus.Active,
    ]);
    await expect(devices.connect(d).ship(GLN.otherHospital, [ids[4]], [], order, true)).to.emit(
      devices,
      "ShipmentDispatched",
    );

    // The whole story replays to every contract's ledger head.
    for (const c of [f.directory, f.products, devices, lifecycle, recalls, f.anchors]) {
      const [head, count] = await c.ledgerHead();
      const replay = await replayLedgerHead(await c.getAddress());
      expect([head, count]).to.deep.equal([replay.head, replay.count]);
    }
  });

  describe("when an organisation acts through a contract wallet", () => {
    it("refuses to forward a call from anyone but the wallet's owner", async () => {
      const f = await loadFixture(fixture);
      const data = f.recalls.interface.encodeFunctionData("acknowledgeRecall", [1]);
      for (const caller of [f.distributor, f.admin, f.outsider]) {
        await expect(f.wallet.connect(caller).execute(await f.recalls.getAddress(), data))
          .to.be.revertedWithCustomError(f.wallet, "ContractWalletUnauthorised")
          .withArgs(caller.address);
      }
    });

    it("resolves the organisation from the wallet, not from the key that signs the transaction", async () => {
      const f = await loadFixture(fixture);
      await f.devices.connect(f.manufacturer).commissionBatch(f.implantLot, ["IMP-0001"]);
      const [id] = idsOf(IMPLANT_GTIN, ["IMP-0001"]);
      await f.devices.connect(f.manufacturer).ship(GLN.hospital, [id], [], ethers.ZeroHash, false);
      await f.directory.removeAccount(f.hospital);
      await expect(f.devices.connect(f.hospital).receiveShipment(1, [id], []))
        .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
        .withArgs(f.hospital.address);
      await expect(through(f.wallet, f.hospital, f.devices, "receiveShipment", [1, [id], []]))
        .to.emit(f.devices, "ShipmentReceived")
        .withArgs(1, GLN.hospital, false, await f.wallet.getAddress());
      expect((await f.devices.deviceState(id)).custodian).to.equal(GLN.hospital);
    });

    it("bubbles the directory's error when the wallet is not an account of any organisation", async () => {
      const f = await loadFixture(fixture);
      const walletAddress = await f.wallet.getAddress();
      await f.directory.removeAccount(walletAddress);
      await expect(through(f.wallet, f.hospital, f.recalls, "acknowledgeRecall", [1]))
        .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
        .withArgs(walletAddress);
    });
  });
});
