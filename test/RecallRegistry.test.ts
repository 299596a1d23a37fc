import { ethers } from "hardhat";
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { consortiumGatedPausable, shouldBehaveLikePausable } from "./behaviors/pausable.behavior";
import { deviceIdOf, gtin, GLN, GTIN, IMPLANT_GTIN, OTHER_GTIN, DAY } from "./fixtures";
import {
  deliveredFixture,
  deliver,
  ship,
  membersExcept,
  recallNotice,
  expectLedgerHeadReplays,
  DeviceStatus,
  ContainerStatus,
  ShipmentStatus,
  HoldScope,
  RecallClass,
  RecallAction,
  RecallStatus,
  Disposition,
  CARE_SITE,
  SSCC_A,
  SSCC_B,
  UNKNOWN_GLN,
  COMMITMENT,
  UNKNOWN_DEVICE,
} from "./helpers/lifecycle";
import { expectWalletActs } from "./helpers/wallet-actor";
import type { IRecallRegistry } from "../typechain-types/contracts/RecallRegistry";

/**
 * The arguments of the RecallIssued event for `notice` issued as recall `recallId` by `issuer`, returning to
 * `returnTo` (the notice's, or the product's manufacturer when it gives none), sent by `actor`.
 */
const issuedArgs = (
  recallId: number,
  notice: IRecallRegistry.RecallNoticeStruct,
  issuer: bigint,
  returnTo: bigint,
  actor: string,
): unknown[] => [
  recallId,
  notice.gtin,
  issuer,
  notice.recallClass,
  notice.action,
  notice.scope,
  returnTo,
  notice.noticeHash,
  notice.lotKeys,
  notice.deviceIds,
  actor,
];

describe("RecallRegistry", () => {
  /**
   * Devices delivered to the hospital (lot A, lot B, an implant), two lot A devices in the manufacturer's stock, and
   * two more lots of GTIN in stock: one holding a single device and one holding fifty.
   */
  async function fixture() {
    const f = await deliveredFixture();
    const { devices, manufacturer, now } = f;
    await devices.connect(manufacturer).registerLot(GTIN, "LOT-ONE", Number(now - DAY), Number(now + 365n * DAY));
    await devices.connect(manufacturer).registerLot(GTIN, "LOT-FIFTY", Number(now - DAY), Number(now + 365n * DAY));
    const lotOfOne = await devices.lotKeyOf(GTIN, "LOT-ONE");
    const lotOfFifty = await devices.lotKeyOf(GTIN, "LOT-FIFTY");
    await devices.connect(manufacturer).commission(lotOfOne, "ONE-1");
    const fifty = Array.from({ length: 50 }, (_, i) => `FIFTY-${i}`);
    await devices.connect(manufacturer).commissionBatch(lotOfFifty, fifty);
    const [h1, h2, h3, h4] = f.atHospital;
    const [m1, m2] = f.inStock;
    return {
      ...f,
      h1,
      h2,
      h3,
      h4,
      m1,
      m2,
      lotOfOne,
      lotOfFifty,
      fiftyIds: fifty.map((serial) => deviceIdOf(GTIN, serial)),
    };
  }
  type Fixture = Awaited<ReturnType<typeof fixture>>;

  /** A Lots recall on lot A, issued by the manufacturer: recall 1. */
  async function lotRecallFixture() {
    const f = await fixture();
    await f.recalls
      .connect(f.manufacturer)
      .issueRecall(recallNotice(GTIN, { scope: HoldScope.Lots, lotKeys: [f.lotKey], action: RecallAction.Correction }));
    return f;
  }

  async function heldBy(f: Fixture, id: string): Promise<bigint> {
    return (await f.devices.deviceState(id)).heldBy;
  }

  async function expectNoHold(f: Fixture, gtinValue: bigint = GTIN): Promise<void> {
    const hold = await f.devices.hold(gtinValue);
    expect(hold.recallId).to.equal(0);
    expect(hold.scope).to.equal(HoldScope.None);
    expect(hold.returnTo).to.equal(0);
  }

  describe("issueRecall", () => {
    describe("with scope Product", () => {
      it("holds every device of the product and emits RecallIssued", async () => {
        const f = await loadFixture(fixture);
        await expect(f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN)))
          .to.emit(f.recalls, "RecallIssued")
          .withArgs(...issuedArgs(1, recallNotice(GTIN), GLN.manufacturer, GLN.manufacturer, f.manufacturer.address));
        const r = await f.recalls.recall(1);
        expect(r.gtin).to.equal(GTIN);
        expect(r.issuer).to.equal(GLN.manufacturer);
        expect(r.returnTo).to.equal(GLN.manufacturer);
        expect(r.status).to.equal(RecallStatus.Open);
        expect(r.recallClass).to.equal(RecallClass.ClassI);
        expect(r.action).to.equal(RecallAction.Removal);
        expect(r.scope).to.equal(HoldScope.Product);
        const hold = await f.devices.hold(GTIN);
        expect(hold.recallId).to.equal(1);
        expect(hold.scope).to.equal(HoldScope.Product);
        expect(hold.returnTo).to.equal(GLN.manufacturer);
        for (const id of [...f.atHospital, ...f.inStock, f.lotBDevice, ...f.fiftyIds]) {
          expect(await heldBy(f, id)).to.equal(1);
        }
        expect(await heldBy(f, f.implantDevice)).to.equal(0);
        await expectNoHold(f, IMPLANT_GTIN);
      });
    });

    describe("with scope Lots", () => {
      it("holds the devices of the listed lots only and emits RecallIssued", async () => {
        const f = await loadFixture(fixture);
        const notice = recallNotice(GTIN, {
          recallClass: RecallClass.ClassII,
          action: RecallAction.Correction,
          scope: HoldScope.Lots,
          lotKeys: [f.lotKey, f.lotOfOne],
        });
        await expect(f.recalls.connect(f.manufacturer).issueRecall(notice))
          .to.emit(f.recalls, "RecallIssued")
          .withArgs(...issuedArgs(1, notice, GLN.manufacturer, GLN.manufacturer, f.manufacturer.address));
        const r = await f.recalls.recall(1);
        expect(r.scope).to.equal(HoldScope.Lots);
        expect(r.recallClass).to.equal(RecallClass.ClassII);
        expect(r.action).to.equal(RecallAction.Correction);
        expect(r.status).to.equal(RecallStatus.Open);
        const hold = await f.devices.hold(GTIN);
        expect(hold.recallId).to.equal(1);
        expect(hold.scope).to.equal(HoldScope.Lots);
        expect((await f.devices.lot(f.lotKey)).holdMark).to.equal(1);
        expect((await f.devices.lot(f.lotB)).holdMark).to.equal(0);
        for (const id of [...f.atHospital, ...f.inStock, deviceIdOf(GTIN, "ONE-1")]) {
          expect(await heldBy(f, id)).to.equal(1);
        }
        for (const id of [f.lotBDevice, f.fiftyIds[0], f.implantDevice]) {
          expect(await heldBy(f, id)).to.equal(0);
        }
      });
    });

    describe("with scope Serials", () => {
      it("holds the listed devices only and emits RecallIssued", async () => {
        const f = await loadFixture(fixture);
        const notice = recallNotice(GTIN, {
          recallClass: RecallClass.SafetyAlert,
          action: RecallAction.Advisory,
          scope: HoldScope.Serials,
          returnTo: GLN.distributor,
          deviceIds: [f.h1, f.m1],
        });
        await expect(f.recalls.connect(f.manufacturer).issueRecall(notice))
          .to.emit(f.recalls, "RecallIssued")
          .withArgs(...issuedArgs(1, notice, GLN.manufacturer, GLN.distributor, f.manufacturer.address));
        const r = await f.recalls.recall(1);
        expect(r.scope).to.equal(HoldScope.Serials);
        expect(r.returnTo).to.equal(GLN.distributor);
        const hold = await f.devices.hold(GTIN);
        expect(hold.recallId).to.equal(1);
        expect(hold.scope).to.equal(HoldScope.Serials);
        expect(hold.returnTo).to.equal(GLN.distributor);
        expect((await f.devices.device(f.h1)).holdMark).to.equal(1);
        expect(await heldBy(f, f.h1)).to.equal(1);
        expect(await heldBy(f, f.m1)).to.equal(1);
        for (const id of [f.h2, f.m2, f.lotBDevice, f.implantDevice]) {
          expect(await heldBy(f, id)).to.equal(0);
        }
        expect((await f.devices.lot(f.lotKey)).holdMark).to.equal(0);
        // Both devices are loose: no container is marked, not even the empty record under SSCC 0.
        expect((await f.devices.container(0n)).holdMark).to.equal(0);
      });
    });

    it("lets a regulator recall any manufacturer's product, returning to that manufacturer", async () => {
      const f = await loadFixture(fixture);
      await expect(f.recalls.connect(f.regulator).issueRecall(recallNotice(OTHER_GTIN)))
        .to.emit(f.recalls, "RecallIssued")
        .withArgs(
          ...issuedArgs(1, recallNotice(OTHER_GTIN), GLN.regulator, GLN.otherManufacturer, f.regulator.address),
        );
      await expect(f.recalls.connect(f.regulator).issueRecall(recallNotice(GTIN)))
        .to.emit(f.recalls, "RecallIssued")
        .withArgs(...issuedArgs(2, recallNotice(GTIN), GLN.regulator, GLN.manufacturer, f.regulator.address));
      const r = await f.recalls.recall(2);
      expect(r.issuer).to.equal(GLN.regulator);
      expect(r.returnTo).to.equal(GLN.manufacturer);
      expect((await f.devices.hold(OTHER_GTIN)).returnTo).to.equal(GLN.otherManufacturer);
      expect(await heldBy(f, f.h1)).to.equal(2);
    });

    it("names the return organisation the notice gives", async () => {
      const f = await loadFixture(fixture);
      for (const [gtinValue, returnTo, id] of [
        [GTIN, GLN.distributor, 1],
        [IMPLANT_GTIN, GLN.service, 2],
      ] as const) {
        await expect(f.recalls.connect(f.manufacturer).issueRecall(recallNotice(gtinValue, { returnTo })))
          .to.emit(f.recalls, "RecallIssued")
          .withArgs(
            ...issuedArgs(
              id,
              recallNotice(gtinValue, { returnTo }),
              GLN.manufacturer,
              returnTo,
              f.manufacturer.address,
            ),
          );
        expect((await f.recalls.recall(id)).returnTo).to.equal(returnTo);
        expect((await f.devices.hold(gtinValue)).returnTo).to.equal(returnTo);
      }
    });

    it("records a contract wallet as the actor when it signs for the manufacturer, in the event and the ledger head", async () => {
      const f = await loadFixture(fixture);
      const issued = (actor: string) => issuedArgs(1, recallNotice(GTIN), GLN.manufacturer, GLN.manufacturer, actor);
      await expectWalletActs(f, "manufacturer", f.recalls, "issueRecall", [recallNotice(GTIN)], "RecallIssued", issued);
      expect((await f.recalls.recall(1)).issuer).to.equal(GLN.manufacturer);
      expect(await heldBy(f, f.h1)).to.equal(1);
    });

    it("reverts when the caller is neither the product's manufacturer nor a regulator", async () => {
      const f = await loadFixture(fixture);
      for (const m of membersExcept(f, "manufacturer", "regulator")) {
        await expect(f.recalls.connect(m.signer).issueRecall(recallNotice(GTIN)))
          .to.be.revertedWithCustomError(f.recalls, "RecallRegistryNotIssuer")
          .withArgs(GTIN, m.gln);
      }
      await expect(f.recalls.connect(f.manufacturer).issueRecall(recallNotice(OTHER_GTIN)))
        .to.be.revertedWithCustomError(f.recalls, "RecallRegistryNotIssuer")
        .withArgs(OTHER_GTIN, GLN.manufacturer);
      expect((await f.recalls.recall(1)).status).to.equal(RecallStatus.None);
      await expectNoHold(f);
      await expectNoHold(f, OTHER_GTIN);
    });

    it("reverts when the caller is an outsider or its organisation is suspended", async () => {
      const f = await loadFixture(fixture);
      await expect(f.recalls.connect(f.outsider).issueRecall(recallNotice(GTIN)))
        .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
        .withArgs(f.outsider.address);
      await f.directory.connect(f.admin).suspendOrganisation(GLN.manufacturer);
      await expect(f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN)))
        .to.be.revertedWithCustomError(f.directory, "DirectoryOrganisationSuspended")
        .withArgs(GLN.manufacturer);
      await expectNoHold(f);
    });

    it("reverts when the product is unknown", async () => {
      const f = await loadFixture(fixture);
      const unknown = gtin("0061414100999");
      for (const issuer of [f.manufacturer, f.regulator]) {
        await expect(f.recalls.connect(issuer).issueRecall(recallNotice(unknown)))
          .to.be.revertedWithCustomError(f.recalls, "RecallRegistryUnknownProduct")
          .withArgs(unknown);
      }
    });

    it("reverts when the class, action or scope is None", async () => {
      const f = await loadFixture(fixture);
      for (const overrides of [
        { recallClass: RecallClass.None },
        { action: RecallAction.None },
        { scope: HoldScope.None },
      ]) {
        await expect(f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN, overrides)))
          .to.be.revertedWithCustomError(f.recalls, "RecallRegistryInvalidNotice")
          .withArgs();
      }
      await expectNoHold(f);
    });

    it("reverts when the lists do not match the scope", async () => {
      const f = await loadFixture(fixture);
      const cases = [
        { scope: HoldScope.Product, lotKeys: [f.lotKey], deviceIds: [] },
        { scope: HoldScope.Product, lotKeys: [], deviceIds: [f.h1] },
        { scope: HoldScope.Lots, lotKeys: [], deviceIds: [] },
        { scope: HoldScope.Lots, lotKeys: [f.lotKey], deviceIds: [f.h1] },
        { scope: HoldScope.Serials, lotKeys: [], deviceIds: [] },
        { scope: HoldScope.Serials, lotKeys: [f.lotKey], deviceIds: [] },
        { scope: HoldScope.Serials, lotKeys: [f.lotKey], deviceIds: [f.h1] },
      ];
      for (const c of cases) {
        await expect(f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN, c)))
          .to.be.revertedWithCustomError(f.recalls, "RecallRegistryScopeMismatch")
          .withArgs(c.scope, c.lotKeys.length, c.deviceIds.length);
      }
      await expectNoHold(f);
    });

    it("reverts when the lists hold more than 400 items", async () => {
      const f = await loadFixture(fixture);
      const ids = Array.from({ length: 401 }, (_, i) => deviceIdOf(GTIN, `X-${i}`));
      const lots = Array.from({ length: 401 }, () => f.lotKey);
      await expect(
        f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN, { scope: HoldScope.Serials, deviceIds: ids })),
      )
        .to.be.revertedWithCustomError(f.recalls, "RecallRegistryTooManyItems")
        .withArgs(401, 400);
      await expect(
        f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN, { scope: HoldScope.Lots, lotKeys: lots })),
      )
        .to.be.revertedWithCustomError(f.recalls, "RecallRegistryTooManyItems")
        .withArgs(401, 400);
      await expectNoHold(f);
    });

    it("passes a list of exactly 400 items on to the device registry", async () => {
      const f = await loadFixture(fixture);
      const ids = Array.from({ length: 400 }, (_, i) => deviceIdOf(GTIN, `X-${i}`));
      await expect(
        f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN, { scope: HoldScope.Serials, deviceIds: ids })),
      )
        .to.be.revertedWithCustomError(f.devices, "DeviceRegistryUnknownDevice")
        .withArgs(ids[0]);
    });

    it("reverts when the return organisation may not hold recalled devices", async () => {
      const f = await loadFixture(fixture);
      for (const returnTo of [GLN.hospital, GLN.regulator, GLN.gateway, UNKNOWN_GLN]) {
        await expect(f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN, { returnTo })))
          .to.be.revertedWithCustomError(f.recalls, "RecallRegistryInvalidReturnTo")
          .withArgs(returnTo);
      }
      await f.directory.connect(f.admin).suspendOrganisation(GLN.distributor);
      await expect(f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN, { returnTo: GLN.distributor })))
        .to.be.revertedWithCustomError(f.recalls, "RecallRegistryInvalidReturnTo")
        .withArgs(GLN.distributor);
      await expectNoHold(f);
    });

    it("reverts when the product already has an open recall", async () => {
      const f = await loadFixture(fixture);
      await f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN));
      for (const issuer of [f.manufacturer, f.regulator]) {
        await expect(
          f.recalls
            .connect(issuer)
            .issueRecall(recallNotice(GTIN, { scope: HoldScope.Lots, lotKeys: [f.lotB], returnTo: GLN.distributor })),
        )
          .to.be.revertedWithCustomError(f.devices, "DeviceRegistryRecallAlreadyOpen")
          .withArgs(GTIN, 1);
      }
      expect((await f.recalls.recall(2)).status).to.equal(RecallStatus.None);
      const hold = await f.devices.hold(GTIN);
      expect(hold.recallId).to.equal(1);
      expect(hold.scope).to.equal(HoldScope.Product);
      expect(hold.returnTo).to.equal(GLN.manufacturer);
      expect((await f.devices.lot(f.lotB)).holdMark).to.equal(0);
    });

    it("allows a recall on another product while one is open", async () => {
      const f = await loadFixture(fixture);
      await f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN));
      await expect(f.recalls.connect(f.manufacturer).issueRecall(recallNotice(IMPLANT_GTIN)))
        .to.emit(f.recalls, "RecallIssued")
        .withArgs(
          ...issuedArgs(2, recallNotice(IMPLANT_GTIN), GLN.manufacturer, GLN.manufacturer, f.manufacturer.address),
        );
      expect(await heldBy(f, f.implantDevice)).to.equal(2);
      expect(await heldBy(f, f.h1)).to.equal(1);
    });

    it("reverts when a listed lot is unknown or of another product", async () => {
      const f = await loadFixture(fixture);
      await expect(
        f.recalls
          .connect(f.manufacturer)
          .issueRecall(recallNotice(GTIN, { scope: HoldScope.Lots, lotKeys: [f.lotKey, f.implantLot] })),
      )
        .to.be.revertedWithCustomError(f.devices, "DeviceRegistryLotNotOfProduct")
        .withArgs(f.implantLot, GTIN);
      await expect(
        f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN, { scope: HoldScope.Lots, lotKeys: [999] })),
      )
        .to.be.revertedWithCustomError(f.devices, "DeviceRegistryUnknownLot")
        .withArgs(999);
      await expectNoHold(f);
      expect((await f.devices.lot(f.lotKey)).holdMark).to.equal(0);
      expect(await heldBy(f, f.h1)).to.equal(0);
    });

    it("reverts when a listed device is unknown or of another product", async () => {
      const f = await loadFixture(fixture);
      await expect(
        f.recalls
          .connect(f.manufacturer)
          .issueRecall(recallNotice(GTIN, { scope: HoldScope.Serials, deviceIds: [f.h1, f.implantDevice] })),
      )
        .to.be.revertedWithCustomError(f.devices, "DeviceRegistryDeviceNotOfProduct")
        .withArgs(f.implantDevice, GTIN);
      await expect(
        f.recalls
          .connect(f.manufacturer)
          .issueRecall(recallNotice(GTIN, { scope: HoldScope.Serials, deviceIds: [UNKNOWN_DEVICE] })),
      )
        .to.be.revertedWithCustomError(f.devices, "DeviceRegistryUnknownDevice")
        .withArgs(UNKNOWN_DEVICE);
      await expectNoHold(f);
      expect((await f.devices.device(f.h1)).holdMark).to.equal(0);
    });

    it("costs the same gas for a lot of 1 device as for a lot of 50", async () => {
      let f = await loadFixture(fixture);
      const lotNotice = (lotKey: bigint) => recallNotice(GTIN, { scope: HoldScope.Lots, lotKeys: [lotKey] });
      const one = await (await f.recalls.connect(f.manufacturer).issueRecall(lotNotice(f.lotOfOne))).wait();
      expect(await heldBy(f, deviceIdOf(GTIN, "ONE-1"))).to.equal(1);
      f = await loadFixture(fixture);
      const fifty = await (await f.recalls.connect(f.manufacturer).issueRecall(lotNotice(f.lotOfFifty))).wait();
      for (const id of f.fiftyIds) {
        expect(await heldBy(f, id)).to.equal(1);
      }
      expect(fifty!.gasUsed).to.equal(one!.gasUsed);
    });
  });

  describe("while a recall is open", () => {
    it("ships a held device only to the manufacturer", async () => {
      const f = await loadFixture(lotRecallFixture);
      for (const recipient of [GLN.distributor, GLN.otherHospital, GLN.service]) {
        await expect(f.devices.connect(f.hospital).ship(recipient, [f.h1], [], ethers.ZeroHash, false))
          .to.be.revertedWithCustomError(f.devices, "DeviceRegistryDeviceHeld")
          .withArgs(f.h1, 1);
      }
      expect((await f.devices.deviceState(f.h1)).status).to.equal(DeviceStatus.Active);
      await deliver(f.devices, f.hospital, f.manufacturer, GLN.manufacturer, [f.h1]);
      const state = await f.devices.deviceState(f.h1);
      expect(state.custodian).to.equal(GLN.manufacturer);
      expect(state.heldBy).to.equal(1);
    });

    it("ships a held device to the return organisation the recall names", async () => {
      const f = await loadFixture(fixture);
      await f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN, { returnTo: GLN.distributor }));
      await expect(f.devices.connect(f.hospital).ship(GLN.service, [f.h1], [], ethers.ZeroHash, false))
        .to.be.revertedWithCustomError(f.devices, "DeviceRegistryDeviceHeld")
        .withArgs(f.h1, 1);
      await deliver(f.devices, f.hospital, f.distributor, GLN.distributor, [f.h1]);
      await deliver(f.devices, f.hospital, f.manufacturer, GLN.manufacturer, [f.h2]);
      expect((await f.devices.deviceState(f.h1)).custodian).to.equal(GLN.distributor);
      expect((await f.devices.deviceState(f.h2)).custodian).to.equal(GLN.manufacturer);
    });

    it("lets devices outside the recalled lots move freely", async () => {
      const f = await loadFixture(lotRecallFixture);
      await deliver(f.devices, f.hospital, f.otherHospital, GLN.otherHospital, [f.lotBDevice]);
      expect((await f.devices.deviceState(f.lotBDevice)).custodian).to.equal(GLN.otherHospital);
    });

    it("refuses installing a held device", async () => {
      const f = await loadFixture(lotRecallFixture);
      await expect(f.lifecycle.connect(f.hospital).install(f.h1, CARE_SITE, COMMITMENT))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleDeviceHeld")
        .withArgs(f.h1, 1);
      expect((await f.devices.deviceState(f.h1)).status).to.equal(DeviceStatus.Active);
    });

    describe("when a container holds a held device", () => {
      it("refuses a container of a recalled lot, packed before or after issuance", async () => {
        const f = await loadFixture(fixture);
        await f.devices.connect(f.hospital).pack(SSCC_A, [f.h1, f.h2]);
        await f.recalls
          .connect(f.manufacturer)
          .issueRecall(recallNotice(GTIN, { scope: HoldScope.Lots, lotKeys: [f.lotKey] }));
        await f.devices.connect(f.hospital).pack(SSCC_B, [f.h3]);
        for (const sscc of [SSCC_A, SSCC_B]) {
          await expect(f.devices.connect(f.hospital).ship(GLN.distributor, [], [sscc], ethers.ZeroHash, false))
            .to.be.revertedWithCustomError(f.devices, "DeviceRegistryContainerHeld")
            .withArgs(sscc, 1);
        }
        expect((await f.devices.container(SSCC_A)).status).to.equal(ContainerStatus.Active);
        await deliver(f.devices, f.hospital, f.manufacturer, GLN.manufacturer, [], [SSCC_A, SSCC_B]);
        expect((await f.devices.container(SSCC_A)).custodian).to.equal(GLN.manufacturer);
      });

      it("refuses a container holding a recalled serial packed before issuance", async () => {
        const f = await loadFixture(fixture);
        await f.devices.connect(f.hospital).pack(SSCC_A, [f.h2, f.h1]);
        await f.recalls
          .connect(f.manufacturer)
          .issueRecall(recallNotice(GTIN, { scope: HoldScope.Serials, deviceIds: [f.h1] }));
        await expect(f.devices.connect(f.hospital).ship(GLN.distributor, [], [SSCC_A], ethers.ZeroHash, false))
          .to.be.revertedWithCustomError(f.devices, "DeviceRegistryContainerHeld")
          .withArgs(SSCC_A, 1);
        expect((await f.devices.container(SSCC_A)).status).to.equal(ContainerStatus.Active);
      });

      it("refuses a container holding a recalled serial packed after issuance", async () => {
        const f = await loadFixture(fixture);
        await f.recalls
          .connect(f.manufacturer)
          .issueRecall(recallNotice(GTIN, { scope: HoldScope.Serials, deviceIds: [f.h1] }));
        await f.devices.connect(f.hospital).pack(SSCC_A, [f.h2]);
        await f.devices.connect(f.hospital).pack(SSCC_A, [f.h1]);
        await expect(f.devices.connect(f.hospital).ship(GLN.distributor, [], [SSCC_A], ethers.ZeroHash, false))
          .to.be.revertedWithCustomError(f.devices, "DeviceRegistryContainerHeld")
          .withArgs(SSCC_A, 1);
        expect((await f.devices.container(SSCC_A)).status).to.equal(ContainerStatus.Active);
      });

      it("lets a container of unrecalled serials move", async () => {
        const f = await loadFixture(fixture);
        await f.recalls
          .connect(f.manufacturer)
          .issueRecall(recallNotice(GTIN, { scope: HoldScope.Serials, deviceIds: [f.h1] }));
        await f.devices.connect(f.hospital).pack(SSCC_A, [f.h2, f.h3]);
        await deliver(f.devices, f.hospital, f.otherHospital, GLN.otherHospital, [], [SSCC_A]);
        expect((await f.devices.container(SSCC_A)).custodian).to.equal(GLN.otherHospital);
      });
    });

    describe("when the recall is issued while devices are in transit to a hospital", () => {
      async function inTransitFixture() {
        const f = await fixture();
        await f.devices.connect(f.manufacturer).pack(SSCC_B, [f.m2]);
        const looseShipment = await ship(f.devices, f.manufacturer, GLN.hospital, [f.m1]);
        const containerShipment = await ship(f.devices, f.manufacturer, GLN.hospital, [], [SSCC_B]);
        await f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN));
        return { ...f, looseShipment, containerShipment };
      }

      it("refuses the hospital's receipt", async () => {
        const f = await loadFixture(inTransitFixture);
        await expect(f.devices.connect(f.hospital).receiveShipment(f.looseShipment, [f.m1], []))
          .to.be.revertedWithCustomError(f.devices, "DeviceRegistryDeviceHeld")
          .withArgs(f.m1, 1);
        await expect(f.devices.connect(f.hospital).receiveShipment(f.containerShipment, [], [SSCC_B]))
          .to.be.revertedWithCustomError(f.devices, "DeviceRegistryContainerHeld")
          .withArgs(SSCC_B, 1);
        expect((await f.devices.shipment(f.looseShipment)).status).to.equal(ShipmentStatus.InTransit);
        expect((await f.devices.deviceState(f.m1)).status).to.equal(DeviceStatus.InTransit);
      });

      it("lets the hospital reject, returning custody to the manufacturer", async () => {
        const f = await loadFixture(inTransitFixture);
        await expect(f.devices.connect(f.hospital).rejectShipment(f.looseShipment, [f.m1], []))
          .to.emit(f.devices, "ShipmentRejected")
          .withArgs(f.looseShipment, GLN.hospital, f.hospital.address);
        await expect(f.devices.connect(f.hospital).rejectShipment(f.containerShipment, [], [SSCC_B]))
          .to.emit(f.devices, "ShipmentRejected")
          .withArgs(f.containerShipment, GLN.hospital, f.hospital.address);
        const state = await f.devices.deviceState(f.m1);
        expect(state.custodian).to.equal(GLN.manufacturer);
        expect(state.status).to.equal(DeviceStatus.Active);
        expect(state.heldBy).to.equal(1);
        const c = await f.devices.container(SSCC_B);
        expect(c.custodian).to.equal(GLN.manufacturer);
        expect(c.status).to.equal(ContainerStatus.Active);
        expect((await f.devices.shipment(f.looseShipment)).status).to.equal(ShipmentStatus.Rejected);
      });
    });
  });

  describe("acknowledgeRecall", () => {
    it("records the acknowledgement and emits RecallAcknowledged", async () => {
      const f = await loadFixture(lotRecallFixture);
      await expect(f.recalls.connect(f.hospital).acknowledgeRecall(1))
        .to.emit(f.recalls, "RecallAcknowledged")
        .withArgs(1, GLN.hospital, f.hospital.address);
      expect(await f.recalls.hasAcknowledged(1, GLN.hospital)).to.equal(true);
      expect(await f.recalls.hasAcknowledged(1, GLN.otherHospital)).to.equal(false);
      expect(await f.recalls.hasAcknowledged(2, GLN.hospital)).to.equal(false);
    });

    it("lets every member organisation acknowledge once", async () => {
      const f = await loadFixture(lotRecallFixture);
      for (const m of membersExcept(f)) {
        await expect(f.recalls.connect(m.signer).acknowledgeRecall(1))
          .to.emit(f.recalls, "RecallAcknowledged")
          .withArgs(1, m.gln, m.signer.address);
        expect(await f.recalls.hasAcknowledged(1, m.gln)).to.equal(true);
      }
    });

    it("records a contract wallet as the actor when it signs for the organisation, in the event and the ledger head", async () => {
      const f = await loadFixture(lotRecallFixture);
      const acknowledged = (actor: string) => [1, GLN.hospital, actor];
      await expectWalletActs(f, "hospital", f.recalls, "acknowledgeRecall", [1], "RecallAcknowledged", acknowledged);
      expect(await f.recalls.hasAcknowledged(1, GLN.hospital)).to.equal(true);
    });

    it("reverts when the organisation already acknowledged", async () => {
      const f = await loadFixture(lotRecallFixture);
      await f.recalls.connect(f.hospital).acknowledgeRecall(1);
      await expect(f.recalls.connect(f.hospital).acknowledgeRecall(1))
        .to.be.revertedWithCustomError(f.recalls, "RecallRegistryAlreadyAcknowledged")
        .withArgs(1, GLN.hospital);
    });

    it("reverts when the recall is terminated", async () => {
      const f = await loadFixture(lotRecallFixture);
      await f.recalls.connect(f.manufacturer).terminateRecall(1);
      await expect(f.recalls.connect(f.hospital).acknowledgeRecall(1))
        .to.be.revertedWithCustomError(f.recalls, "RecallRegistryRecallClosed")
        .withArgs(1);
      expect(await f.recalls.hasAcknowledged(1, GLN.hospital)).to.equal(false);
    });

    it("reverts when the recall is unknown", async () => {
      const f = await loadFixture(lotRecallFixture);
      for (const id of [0, 2]) {
        await expect(f.recalls.connect(f.hospital).acknowledgeRecall(id))
          .to.be.revertedWithCustomError(f.recalls, "RecallRegistryUnknownRecall")
          .withArgs(id);
      }
    });

    it("reverts when the caller is an outsider", async () => {
      const f = await loadFixture(lotRecallFixture);
      await expect(f.recalls.connect(f.outsider).acknowledgeRecall(1))
        .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
        .withArgs(f.outsider.address);
    });
  });

  describe("recordDisposition", () => {
    describe("Returned", () => {
      it("is recorded by the manufacturer once the device is back, clearing its hold", async () => {
        const f = await loadFixture(lotRecallFixture);
        await deliver(f.devices, f.hospital, f.manufacturer, GLN.manufacturer, [f.h1]);
        expect(await f.recalls.dispositionOf(1, f.h1)).to.equal(Disposition.None);
        await expect(f.recalls.connect(f.manufacturer).recordDisposition(1, f.h1, Disposition.Returned))
          .to.emit(f.recalls, "RecallDispositionRecorded")
          .withArgs(1, f.h1, Disposition.Returned, GLN.manufacturer, f.manufacturer.address);
        expect(await f.recalls.dispositionOf(1, f.h1)).to.equal(Disposition.Returned);
        expect(await heldBy(f, f.h1)).to.equal(0);
        expect(await heldBy(f, f.h2)).to.equal(1);
        expect((await f.devices.device(f.h1)).clearedHold).to.equal(1);
        await deliver(f.devices, f.manufacturer, f.otherHospital, GLN.otherHospital, [f.h1]);
        await expect(f.lifecycle.connect(f.otherHospital).install(f.h1, CARE_SITE, COMMITMENT))
          .to.emit(f.lifecycle, "DeviceInstalled")
          .withArgs(f.h1, CARE_SITE, COMMITMENT, GLN.otherHospital, f.otherHospital.address);
      });

      it("is recorded by the return organisation the recall names", async () => {
        const f = await loadFixture(fixture);
        await f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN, { returnTo: GLN.distributor }));
        await deliver(f.devices, f.hospital, f.distributor, GLN.distributor, [f.h1]);
        await expect(f.recalls.connect(f.distributor).recordDisposition(1, f.h1, Disposition.Returned))
          .to.emit(f.recalls, "RecallDispositionRecorded")
          .withArgs(1, f.h1, Disposition.Returned, GLN.distributor, f.distributor.address);
        expect(await f.recalls.dispositionOf(1, f.h1)).to.equal(Disposition.Returned);
        expect(await heldBy(f, f.h1)).to.equal(0);
      });

      describe("when the recall names a return organisation other than the manufacturer", () => {
        /** A Product recall of GTIN issued by the manufacturer, returning to the distributor: recall 1. */
        async function returnToDistributorFixture() {
          const f = await fixture();
          await f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN, { returnTo: GLN.distributor }));
          return f;
        }

        it("is recorded by the manufacturer for a device it holds, in stock or shipped back", async () => {
          const f = await loadFixture(returnToDistributorFixture);
          expect((await f.recalls.recall(1)).returnTo).to.equal(GLN.distributor);
          await deliver(f.devices, f.hospital, f.manufacturer, GLN.manufacturer, [f.h1]);
          for (const id of [f.m1, f.h1]) {
            const state = await f.devices.deviceState(id);
            expect(state.custodian).to.equal(GLN.manufacturer);
            expect(state.status).to.equal(DeviceStatus.Active);
            await expect(f.recalls.connect(f.manufacturer).recordDisposition(1, id, Disposition.Returned))
              .to.emit(f.recalls, "RecallDispositionRecorded")
              .withArgs(1, id, Disposition.Returned, GLN.manufacturer, f.manufacturer.address);
            expect(await f.recalls.dispositionOf(1, id)).to.equal(Disposition.Returned);
            expect(await heldBy(f, id)).to.equal(0);
            expect((await f.devices.device(id)).clearedHold).to.equal(1);
          }
          expect(await heldBy(f, f.m2)).to.equal(1);
          expect(await heldBy(f, f.h2)).to.equal(1);
          expect((await f.devices.hold(GTIN)).returnTo).to.equal(GLN.distributor);
          await expectLedgerHeadReplays(f.recalls);
        });

        it("reverts for the manufacturer while it does not hold the device", async () => {
          const f = await loadFixture(returnToDistributorFixture);
          const headBefore = await f.recalls.ledgerHead();
          await expect(f.recalls.connect(f.manufacturer).recordDisposition(1, f.h1, Disposition.Returned))
            .to.be.revertedWithCustomError(f.recalls, "RecallRegistryDispositionNotAllowed")
            .withArgs(1, f.h1, GLN.manufacturer);
          await ship(f.devices, f.hospital, GLN.manufacturer, [f.h1]);
          expect((await f.devices.deviceState(f.h1)).status).to.equal(DeviceStatus.InTransit);
          await expect(f.recalls.connect(f.manufacturer).recordDisposition(1, f.h1, Disposition.Returned))
            .to.be.revertedWithCustomError(f.recalls, "RecallRegistryDispositionNotAllowed")
            .withArgs(1, f.h1, GLN.manufacturer);
          expect(await f.recalls.dispositionOf(1, f.h1)).to.equal(Disposition.None);
          expect(await heldBy(f, f.h1)).to.equal(1);
          expect((await f.devices.device(f.h1)).clearedHold).to.equal(0);
          expect(await f.recalls.ledgerHead()).to.deep.equal(headBefore);
        });

        it("reverts for the named return organisation while it does not hold the device", async () => {
          const f = await loadFixture(returnToDistributorFixture);
          for (const id of [f.h1, f.m1]) {
            await expect(f.recalls.connect(f.distributor).recordDisposition(1, id, Disposition.Returned))
              .to.be.revertedWithCustomError(f.recalls, "RecallRegistryDispositionNotAllowed")
              .withArgs(1, id, GLN.distributor);
            expect(await f.recalls.dispositionOf(1, id)).to.equal(Disposition.None);
            expect(await heldBy(f, id)).to.equal(1);
          }
        });
      });

      it("reverts when the custodian is not a return destination", async () => {
        const f = await loadFixture(lotRecallFixture);
        await expect(f.recalls.connect(f.hospital).recordDisposition(1, f.h1, Disposition.Returned))
          .to.be.revertedWithCustomError(f.recalls, "RecallRegistryDispositionNotAllowed")
          .withArgs(1, f.h1, GLN.hospital);
        expect(await f.recalls.dispositionOf(1, f.h1)).to.equal(Disposition.None);
        expect(await heldBy(f, f.h1)).to.equal(1);
      });

      it("reverts when the manufacturer does not hold the device yet", async () => {
        const f = await loadFixture(lotRecallFixture);
        await expect(f.recalls.connect(f.manufacturer).recordDisposition(1, f.h1, Disposition.Returned))
          .to.be.revertedWithCustomError(f.recalls, "RecallRegistryDispositionNotAllowed")
          .withArgs(1, f.h1, GLN.manufacturer);
        await ship(f.devices, f.hospital, GLN.manufacturer, [f.h1]);
        for (const m of [
          { signer: f.manufacturer, gln: GLN.manufacturer },
          { signer: f.hospital, gln: GLN.hospital },
        ]) {
          await expect(f.recalls.connect(m.signer).recordDisposition(1, f.h1, Disposition.Returned))
            .to.be.revertedWithCustomError(f.recalls, "RecallRegistryDispositionNotAllowed")
            .withArgs(1, f.h1, m.gln);
        }
        expect(await heldBy(f, f.h1)).to.equal(1);
      });
    });

    describe("Corrected", () => {
      it("is recorded by the custodian, after which the device moves freely", async () => {
        const f = await loadFixture(lotRecallFixture);
        await expect(f.recalls.connect(f.hospital).recordDisposition(1, f.h1, Disposition.Corrected))
          .to.emit(f.recalls, "RecallDispositionRecorded")
          .withArgs(1, f.h1, Disposition.Corrected, GLN.hospital, f.hospital.address);
        expect(await f.recalls.dispositionOf(1, f.h1)).to.equal(Disposition.Corrected);
        expect(await heldBy(f, f.h1)).to.equal(0);
        await deliver(f.devices, f.hospital, f.otherHospital, GLN.otherHospital, [f.h1]);
        expect((await f.devices.deviceState(f.h1)).custodian).to.equal(GLN.otherHospital);
        await expect(f.devices.connect(f.hospital).ship(GLN.otherHospital, [f.h2], [], ethers.ZeroHash, false))
          .to.be.revertedWithCustomError(f.devices, "DeviceRegistryDeviceHeld")
          .withArgs(f.h2, 1);
      });

      it("is recorded by the issuing manufacturer while the hospital holds the device", async () => {
        const f = await loadFixture(lotRecallFixture);
        await expect(f.recalls.connect(f.manufacturer).recordDisposition(1, f.h1, Disposition.Corrected))
          .to.emit(f.recalls, "RecallDispositionRecorded")
          .withArgs(1, f.h1, Disposition.Corrected, GLN.manufacturer, f.manufacturer.address);
        expect(await heldBy(f, f.h1)).to.equal(0);
        await expect(f.lifecycle.connect(f.hospital).install(f.h1, CARE_SITE, COMMITMENT))
          .to.emit(f.lifecycle, "DeviceInstalled")
          .withArgs(f.h1, CARE_SITE, COMMITMENT, GLN.hospital, f.hospital.address);
      });

      it("is recorded by an issuing regulator", async () => {
        const f = await loadFixture(fixture);
        await f.recalls.connect(f.regulator).issueRecall(recallNotice(GTIN));
        await expect(f.recalls.connect(f.regulator).recordDisposition(1, f.h1, Disposition.Corrected))
          .to.emit(f.recalls, "RecallDispositionRecorded")
          .withArgs(1, f.h1, Disposition.Corrected, GLN.regulator, f.regulator.address);
        expect(await f.recalls.dispositionOf(1, f.h1)).to.equal(Disposition.Corrected);
        expect(await heldBy(f, f.h1)).to.equal(0);
      });

      it("reverts when the caller is neither custodian nor issuer", async () => {
        const f = await loadFixture(lotRecallFixture);
        for (const m of membersExcept(f, "hospital", "manufacturer")) {
          await expect(f.recalls.connect(m.signer).recordDisposition(1, f.h1, Disposition.Corrected))
            .to.be.revertedWithCustomError(f.recalls, "RecallRegistryDispositionNotAllowed")
            .withArgs(1, f.h1, m.gln);
        }
        await expect(f.recalls.connect(f.outsider).recordDisposition(1, f.h1, Disposition.Corrected))
          .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
          .withArgs(f.outsider.address);
        expect(await f.recalls.dispositionOf(1, f.h1)).to.equal(Disposition.None);
        expect(await heldBy(f, f.h1)).to.equal(1);
      });

      it("reverts for a device that was destroyed", async () => {
        const f = await loadFixture(lotRecallFixture);
        await f.lifecycle.connect(f.hospital).destroy(f.h1);
        for (const signer of [f.hospital, f.manufacturer]) {
          await expect(f.recalls.connect(signer).recordDisposition(1, f.h1, Disposition.Corrected))
            .to.be.revertedWithCustomError(f.recalls, "RecallRegistryDispositionNotAllowed")
            .withArgs(1, f.h1, await f.directory.organisationOf(signer.address));
        }
        expect(await f.recalls.dispositionOf(1, f.h1)).to.equal(Disposition.None);
      });
    });

    describe("Destroyed", () => {
      it("reverts while the device is not destroyed", async () => {
        const f = await loadFixture(lotRecallFixture);
        for (const m of [
          { signer: f.hospital, gln: GLN.hospital },
          { signer: f.manufacturer, gln: GLN.manufacturer },
        ]) {
          await expect(f.recalls.connect(m.signer).recordDisposition(1, f.h1, Disposition.Destroyed))
            .to.be.revertedWithCustomError(f.recalls, "RecallRegistryDispositionNotAllowed")
            .withArgs(1, f.h1, m.gln);
        }
        expect(await heldBy(f, f.h1)).to.equal(1);
      });

      it("is recorded by the custodian or the issuer once the device is destroyed", async () => {
        const f = await loadFixture(lotRecallFixture);
        await f.lifecycle.connect(f.hospital).destroy(f.h1);
        await f.lifecycle.connect(f.hospital).destroy(f.h2);
        await expect(f.recalls.connect(f.hospital).recordDisposition(1, f.h1, Disposition.Destroyed))
          .to.emit(f.recalls, "RecallDispositionRecorded")
          .withArgs(1, f.h1, Disposition.Destroyed, GLN.hospital, f.hospital.address);
        await expect(f.recalls.connect(f.manufacturer).recordDisposition(1, f.h2, Disposition.Destroyed))
          .to.emit(f.recalls, "RecallDispositionRecorded")
          .withArgs(1, f.h2, Disposition.Destroyed, GLN.manufacturer, f.manufacturer.address);
        expect(await f.recalls.dispositionOf(1, f.h1)).to.equal(Disposition.Destroyed);
        expect(await f.recalls.dispositionOf(1, f.h2)).to.equal(Disposition.Destroyed);
        expect(await heldBy(f, f.h1)).to.equal(0);
        expect(await heldBy(f, f.h2)).to.equal(0);
      });
    });

    it("records a contract wallet as the actor when it signs for the custodian, in the event and the ledger head", async () => {
      const f = await loadFixture(lotRecallFixture);
      const args = [1, f.h1, Disposition.Corrected];
      const emitted = (actor: string) => [...args, GLN.hospital, actor];
      await expectWalletActs(f, "hospital", f.recalls, "recordDisposition", args, "RecallDispositionRecorded", emitted);
      expect(await f.recalls.dispositionOf(1, f.h1)).to.equal(Disposition.Corrected);
      expect(await heldBy(f, f.h1)).to.equal(0);
    });

    it("reverts when the disposition is None", async () => {
      const f = await loadFixture(lotRecallFixture);
      await expect(f.recalls.connect(f.hospital).recordDisposition(1, f.h1, Disposition.None))
        .to.be.revertedWithCustomError(f.recalls, "RecallRegistryInvalidDisposition")
        .withArgs(f.h1);
    });

    it("reverts when the device is not affected by the recall", async () => {
      const f = await loadFixture(lotRecallFixture);
      for (const id of [f.lotBDevice, f.implantDevice, UNKNOWN_DEVICE]) {
        await expect(f.recalls.connect(f.manufacturer).recordDisposition(1, id, Disposition.Corrected))
          .to.be.revertedWithCustomError(f.recalls, "RecallRegistryNotAffected")
          .withArgs(1, id);
        expect(await f.recalls.dispositionOf(1, id)).to.equal(Disposition.None);
      }
    });

    it("reverts when the device already has a disposition", async () => {
      const f = await loadFixture(lotRecallFixture);
      await f.recalls.connect(f.hospital).recordDisposition(1, f.h1, Disposition.Corrected);
      await expect(f.recalls.connect(f.hospital).recordDisposition(1, f.h1, Disposition.Corrected))
        .to.be.revertedWithCustomError(f.recalls, "RecallRegistryNotAffected")
        .withArgs(1, f.h1);
      expect(await f.recalls.dispositionOf(1, f.h1)).to.equal(Disposition.Corrected);
    });

    it("reverts when the recall is terminated or unknown", async () => {
      const f = await loadFixture(lotRecallFixture);
      await expect(f.recalls.connect(f.hospital).recordDisposition(2, f.h1, Disposition.Corrected))
        .to.be.revertedWithCustomError(f.recalls, "RecallRegistryUnknownRecall")
        .withArgs(2);
      await f.recalls.connect(f.manufacturer).terminateRecall(1);
      await expect(f.recalls.connect(f.hospital).recordDisposition(1, f.h1, Disposition.Corrected))
        .to.be.revertedWithCustomError(f.recalls, "RecallRegistryRecallClosed")
        .withArgs(1);
      expect(await f.recalls.dispositionOf(1, f.h1)).to.equal(Disposition.None);
    });
  });

  describe("terminateRecall", () => {
    it("ends the hold and emits RecallTerminated", async () => {
      const f = await loadFixture(fixture);
      await f.devices.connect(f.hospital).pack(SSCC_A, [f.h3, f.h4]);
      await f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN));
      await expect(f.recalls.connect(f.manufacturer).terminateRecall(1))
        .to.emit(f.recalls, "RecallTerminated")
        .withArgs(1, GLN.manufacturer, f.manufacturer.address);
      const r = await f.recalls.recall(1);
      expect(r.status).to.equal(RecallStatus.Terminated);
      expect(r.gtin).to.equal(GTIN);
      expect(r.issuer).to.equal(GLN.manufacturer);
      await expectNoHold(f);
      for (const id of [...f.atHospital, ...f.inStock, f.lotBDevice]) {
        expect(await heldBy(f, id)).to.equal(0);
      }
      await deliver(f.devices, f.hospital, f.otherHospital, GLN.otherHospital, [f.h1], [SSCC_A]);
      expect((await f.devices.deviceState(f.h1)).custodian).to.equal(GLN.otherHospital);
      expect((await f.devices.deviceState(f.h3)).custodian).to.equal(GLN.otherHospital);
      await expect(f.lifecycle.connect(f.hospital).install(f.h2, CARE_SITE, COMMITMENT))
        .to.emit(f.lifecycle, "DeviceInstalled")
        .withArgs(f.h2, CARE_SITE, COMMITMENT, GLN.hospital, f.hospital.address);
    });

    it("records a contract wallet as the actor when it signs for the issuer, in the event and the ledger head", async () => {
      const f = await loadFixture(lotRecallFixture);
      const terminated = (actor: string) => [1, GLN.manufacturer, actor];
      await expectWalletActs(f, "manufacturer", f.recalls, "terminateRecall", [1], "RecallTerminated", terminated);
      expect((await f.recalls.recall(1)).status).to.equal(RecallStatus.Terminated);
      await expectNoHold(f);
    });

    it("reverts when the caller's organisation did not issue the recall", async () => {
      const f = await loadFixture(lotRecallFixture);
      for (const m of membersExcept(f, "manufacturer")) {
        await expect(f.recalls.connect(m.signer).terminateRecall(1))
          .to.be.revertedWithCustomError(f.recalls, "RecallRegistryNotRecallIssuer")
          .withArgs(1, m.gln);
      }
      await expect(f.recalls.connect(f.outsider).terminateRecall(1))
        .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
        .withArgs(f.outsider.address);
      expect((await f.recalls.recall(1)).status).to.equal(RecallStatus.Open);
      expect((await f.devices.hold(GTIN)).recallId).to.equal(1);
    });

    it("reverts when the manufacturer terminates a regulator's recall", async () => {
      const f = await loadFixture(fixture);
      await f.recalls.connect(f.regulator).issueRecall(recallNotice(GTIN));
      await expect(f.recalls.connect(f.manufacturer).terminateRecall(1))
        .to.be.revertedWithCustomError(f.recalls, "RecallRegistryNotRecallIssuer")
        .withArgs(1, GLN.manufacturer);
      await expect(f.recalls.connect(f.regulator).terminateRecall(1))
        .to.emit(f.recalls, "RecallTerminated")
        .withArgs(1, GLN.regulator, f.regulator.address);
    });

    it("reverts when the recall is already terminated", async () => {
      const f = await loadFixture(lotRecallFixture);
      await f.recalls.connect(f.manufacturer).terminateRecall(1);
      await expect(f.recalls.connect(f.manufacturer).terminateRecall(1))
        .to.be.revertedWithCustomError(f.recalls, "RecallRegistryRecallClosed")
        .withArgs(1);
    });

    it("reverts when the recall is unknown", async () => {
      const f = await loadFixture(lotRecallFixture);
      for (const id of [0, 7]) {
        await expect(f.recalls.connect(f.manufacturer).terminateRecall(id))
          .to.be.revertedWithCustomError(f.recalls, "RecallRegistryUnknownRecall")
          .withArgs(id);
      }
    });

    it("lets a new recall hold only what it lists", async () => {
      const f = await loadFixture(lotRecallFixture);
      await f.recalls.connect(f.manufacturer).terminateRecall(1);
      await f.recalls
        .connect(f.manufacturer)
        .issueRecall(recallNotice(GTIN, { scope: HoldScope.Serials, deviceIds: [f.lotBDevice] }));
      expect(await heldBy(f, f.lotBDevice)).to.equal(2);
      for (const id of [...f.atHospital, ...f.inStock]) {
        expect(await heldBy(f, id)).to.equal(0);
      }
    });

    it("does not carry a disposition over to a later recall", async () => {
      const f = await loadFixture(lotRecallFixture);
      await f.recalls.connect(f.hospital).recordDisposition(1, f.h1, Disposition.Corrected);
      await f.recalls.connect(f.manufacturer).terminateRecall(1);
      await f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN));
      expect(await heldBy(f, f.h1)).to.equal(2);
      expect(await f.recalls.dispositionOf(2, f.h1)).to.equal(Disposition.None);
      expect(await f.recalls.dispositionOf(1, f.h1)).to.equal(Disposition.Corrected);
    });
  });

  describe("when paused", () => {
    shouldBehaveLikePausable(async () => {
      const f = await loadFixture(lotRecallFixture);
      return consortiumGatedPausable(f, f.recalls, () => f.recalls.connect(f.hospital).acknowledgeRecall(1));
    });

    it("blocks every recall write", async () => {
      const f = await loadFixture(lotRecallFixture);
      await f.recalls.connect(f.admin).pause();
      const attempts = [
        () => f.recalls.connect(f.manufacturer).issueRecall(recallNotice(IMPLANT_GTIN)),
        () => f.recalls.connect(f.hospital).acknowledgeRecall(1),
        () => f.recalls.connect(f.hospital).recordDisposition(1, f.h1, Disposition.Corrected),
        () => f.recalls.connect(f.manufacturer).terminateRecall(1),
      ];
      for (const attempt of attempts) {
        await expect(attempt()).to.be.revertedWithCustomError(f.recalls, "EnforcedPause").withArgs();
      }
      expect((await f.recalls.recall(1)).status).to.equal(RecallStatus.Open);
      expect(await heldBy(f, f.h1)).to.equal(1);
      await expectNoHold(f, IMPLANT_GTIN);
    });

    describe("when the device registry is paused and the recall registry is not", () => {
      /**
       * {lotRecallFixture} with h2 destroyed at the hospital, then the device registry, and only it, paused by the
       * consortium admin.
       */
      async function devicesPausedFixture() {
        const f = await lotRecallFixture();
        await f.lifecycle.connect(f.hospital).destroy(f.h2);
        await f.devices.connect(f.admin).pause();
        return f;
      }

      /** The ledger heads of both registries, to show a refused write changed neither. */
      async function heads(f: Fixture) {
        return { recalls: await f.recalls.ledgerHead(), devices: await f.devices.ledgerHead() };
      }

      it("refuses issueRecall with the device registry's EnforcedPause, placing no hold", async () => {
        const f = await loadFixture(devicesPausedFixture);
        expect(await f.devices.paused()).to.equal(true);
        expect(await f.recalls.paused()).to.equal(false);
        const before = await heads(f);
        for (const [issuer, notice] of [
          [f.manufacturer, recallNotice(IMPLANT_GTIN)],
          [f.regulator, recallNotice(IMPLANT_GTIN, { scope: HoldScope.Serials, deviceIds: [f.implantDevice] })],
          [f.manufacturer, recallNotice(IMPLANT_GTIN, { scope: HoldScope.Lots, lotKeys: [f.implantLot] })],
        ] as const) {
          await expect(f.recalls.connect(issuer).issueRecall(notice))
            .to.be.revertedWithCustomError(f.devices, "EnforcedPause")
            .withArgs();
        }
        expect((await f.recalls.recall(2)).status).to.equal(RecallStatus.None);
        await expectNoHold(f, IMPLANT_GTIN);
        expect((await f.devices.lot(f.implantLot)).holdMark).to.equal(0);
        expect((await f.devices.device(f.implantDevice)).holdMark).to.equal(0);
        expect(await heldBy(f, f.implantDevice)).to.equal(0);
        expect(await heads(f)).to.deep.equal(before);

        await f.devices.connect(f.admin).unpause();
        await expect(f.recalls.connect(f.manufacturer).issueRecall(recallNotice(IMPLANT_GTIN)))
          .to.emit(f.recalls, "RecallIssued")
          .withArgs(
            ...issuedArgs(2, recallNotice(IMPLANT_GTIN), GLN.manufacturer, GLN.manufacturer, f.manufacturer.address),
          );
        expect(await heldBy(f, f.implantDevice)).to.equal(2);
      });

      it("refuses terminateRecall with the device registry's EnforcedPause, keeping the recall and its hold", async () => {
        const f = await loadFixture(devicesPausedFixture);
        const before = await heads(f);
        await expect(f.recalls.connect(f.manufacturer).terminateRecall(1))
          .to.be.revertedWithCustomError(f.devices, "EnforcedPause")
          .withArgs();
        expect((await f.recalls.recall(1)).status).to.equal(RecallStatus.Open);
        const hold = await f.devices.hold(GTIN);
        expect(hold.recallId).to.equal(1);
        expect(hold.scope).to.equal(HoldScope.Lots);
        expect(hold.returnTo).to.equal(GLN.manufacturer);
        for (const id of [...f.atHospital, ...f.inStock]) {
          expect(await heldBy(f, id)).to.equal(1);
        }
        expect(await heads(f)).to.deep.equal(before);

        await f.devices.connect(f.admin).unpause();
        await expect(f.recalls.connect(f.manufacturer).terminateRecall(1))
          .to.emit(f.recalls, "RecallTerminated")
          .withArgs(1, GLN.manufacturer, f.manufacturer.address);
        await expectNoHold(f);
      });

      it("refuses recordDisposition with the device registry's EnforcedPause, recording nothing", async () => {
        const f = await loadFixture(devicesPausedFixture);
        expect((await f.devices.deviceState(f.h2)).status).to.equal(DeviceStatus.Destroyed);
        const before = await heads(f);
        for (const [signer, id, disposition] of [
          [f.hospital, f.h1, Disposition.Corrected],
          [f.manufacturer, f.m1, Disposition.Returned],
          [f.hospital, f.h2, Disposition.Destroyed],
        ] as const) {
          await expect(f.recalls.connect(signer).recordDisposition(1, id, disposition))
            .to.be.revertedWithCustomError(f.devices, "EnforcedPause")
            .withArgs();
          expect(await f.recalls.dispositionOf(1, id)).to.equal(Disposition.None);
          expect(await heldBy(f, id)).to.equal(1);
          expect((await f.devices.device(id)).clearedHold).to.equal(0);
        }
        expect(await heads(f)).to.deep.equal(before);

        await f.devices.connect(f.admin).unpause();
        await expect(f.recalls.connect(f.hospital).recordDisposition(1, f.h1, Disposition.Corrected))
          .to.emit(f.recalls, "RecallDispositionRecorded")
          .withArgs(1, f.h1, Disposition.Corrected, GLN.hospital, f.hospital.address);
        expect(await heldBy(f, f.h1)).to.equal(0);
      });

      it("still records an acknowledgement, which does not touch the device registry", async () => {
        const f = await loadFixture(devicesPausedFixture);
        await expect(f.recalls.connect(f.hospital).acknowledgeRecall(1))
          .to.emit(f.recalls, "RecallAcknowledged")
          .withArgs(1, GLN.hospital, f.hospital.address);
        expect(await f.recalls.hasAcknowledged(1, GLN.hospital)).to.equal(true);
        expect(await f.devices.paused()).to.equal(true);
      });
    });
  });

  describe("ledgerHead", () => {
    it("equals the head replayed from the contract's logs", async () => {
      const f = await loadFixture(lotRecallFixture);
      await f.recalls.connect(f.hospital).acknowledgeRecall(1);
      await f.recalls.connect(f.hospital).recordDisposition(1, f.h1, Disposition.Corrected);
      await f.recalls.connect(f.manufacturer).terminateRecall(1);
      await f.recalls
        .connect(f.regulator)
        .issueRecall(recallNotice(GTIN, { scope: HoldScope.Serials, deviceIds: [f.h2, f.m1] }));
      await f.recalls.connect(f.admin).pause();
      await f.recalls.connect(f.admin).unpause();
      const [, count] = await f.recalls.ledgerHead();
      expect(count).to.equal(7n);
      await expectLedgerHeadReplays(f.recalls);
      await expectLedgerHeadReplays(f.devices);
    });
  });
});
