import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { consortiumFixture, deviceIdOf, gtin, DAY, GLN, GTIN, IMPLANT_GTIN, LOT } from "../fixtures";
import { shouldBehaveLikePausable } from "../behaviors/pausable.behavior";
import {
  CS82_PUNCTUATION,
  OUTSIDE_CS82,
  expectLedgerHeadReplays,
  expectManufacturersOnly,
  invalidCs82Values,
  lotOf,
  walletOf,
} from "../helpers/devices";
import { through } from "../helpers/scenario";

/** A GTIN under the manufacturer's prefix that was never registered as a product. */
const UNREGISTERED_GTIN = gtin("0061414100036");
const NEW_LOT = "LOT-2027-C";

async function fixture() {
  return consortiumFixture();
}

describe("DeviceRegistry: lots", () => {
  describe("registerLot", () => {
    it("returns the next lot key", async () => {
      const { devices, manufacturer, now } = await loadFixture(fixture);
      expect(await devices.connect(manufacturer).registerLot.staticCall(GTIN, NEW_LOT, now, now + DAY)).to.equal(2n);
    });

    it("emits LotRegistered with the lot, its dates, the organisation and the actor", async () => {
      const { devices, manufacturer, now } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).registerLot(GTIN, NEW_LOT, now, now + 30n * DAY))
        .to.emit(devices, "LotRegistered")
        .withArgs(2n, GTIN, NEW_LOT, now, now + 30n * DAY, GLN.manufacturer, manufacturer.address);
    });

    it("stores the lot and indexes its number under the GTIN", async () => {
      const { devices, manufacturer, now } = await loadFixture(fixture);
      await devices.connect(manufacturer).registerLot(GTIN, NEW_LOT, now, now + 30n * DAY);
      expect(await lotOf(devices, 2)).to.deep.equal({
        gtin: GTIN,
        manufacturer: GLN.manufacturer,
        manufacturedAt: now,
        expiresAt: now + 30n * DAY,
        holdMark: 0n,
      });
      expect(await devices.lotKeyOf(GTIN, NEW_LOT)).to.equal(2n);
      await expectLedgerHeadReplays(devices);
    });

    it("records a contract wallet as the actor when it signs for the manufacturer, in the event and the ledger head", async () => {
      const { devices, directory, admin, manufacturer, now } = await loadFixture(fixture);
      const wallet = await walletOf(directory, admin, manufacturer, GLN.manufacturer);
      await expect(through(wallet, manufacturer, devices, "registerLot", [GTIN, NEW_LOT, now, now + DAY]))
        .to.emit(devices, "LotRegistered")
        .withArgs(2n, GTIN, NEW_LOT, now, now + DAY, GLN.manufacturer, await wallet.getAddress());
      await expectLedgerHeadReplays(devices);
    });

    it("keys lot numbers by product: the same number under another GTIN is a new lot", async () => {
      const { devices, manufacturer, now, lotKey } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).registerLot(IMPLANT_GTIN, LOT, now, now + DAY))
        .to.emit(devices, "LotRegistered")
        .withArgs(2n, IMPLANT_GTIN, LOT, now, now + DAY, GLN.manufacturer, manufacturer.address);
      expect(await devices.lotKeyOf(IMPLANT_GTIN, LOT)).to.equal(2n);
      expect(await devices.lotKeyOf(GTIN, LOT)).to.equal(lotKey);
    });

    it("accepts a lot that does not expire (expiresAt 0), whose devices never expire", async () => {
      const { devices, manufacturer, now } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).registerLot(GTIN, NEW_LOT, now, 0))
        .to.emit(devices, "LotRegistered")
        .withArgs(2n, GTIN, NEW_LOT, now, 0n, GLN.manufacturer, manufacturer.address);
      expect((await devices.lot(2)).expiresAt).to.equal(0n);
      await devices.connect(manufacturer).commission(2, "SN-NO-EXPIRY");
      await time.increase(20n * 365n * DAY);
      expect((await devices.deviceState(deviceIdOf(GTIN, "SN-NO-EXPIRY"))).expired).to.equal(false);
    });

    it("accepts an expiry equal to the manufacture date", async () => {
      const { devices, manufacturer, now } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).registerLot(GTIN, NEW_LOT, now, now))
        .to.emit(devices, "LotRegistered")
        .withArgs(2n, GTIN, NEW_LOT, now, now, GLN.manufacturer, manufacturer.address);
    });

    it("accepts 20 characters, every punctuation mark of GS1 character set 82, digits and letters", async () => {
      const { devices, manufacturer, now } = await loadFixture(fixture);
      const alphanumeric = "AZaz09" + "X".repeat(14);
      await devices.connect(manufacturer).registerLot(GTIN, CS82_PUNCTUATION, now, 0);
      await devices.connect(manufacturer).registerLot(GTIN, alphanumeric, now, 0);
      expect(CS82_PUNCTUATION.length).to.equal(20);
      expect(await devices.lotKeyOf(GTIN, CS82_PUNCTUATION)).to.equal(2n);
      expect(await devices.lotKeyOf(GTIN, alphanumeric)).to.equal(3n);
    });

    describe("when the lot number is invalid", () => {
      for (const [what, lotNumber] of invalidCs82Values("LOT")) {
        it(`reverts when the lot number ${what} and registers nothing`, async () => {
          const { devices, manufacturer, now } = await loadFixture(fixture);
          const [headBefore] = await devices.ledgerHead();
          await expect(devices.connect(manufacturer).registerLot(GTIN, lotNumber, now, now + DAY))
            .to.be.revertedWithCustomError(devices, "DeviceRegistryInvalidLotNumber")
            .withArgs(lotNumber);
          expect(await devices.lotKeyOf(GTIN, lotNumber)).to.equal(0n);
          expect((await devices.lot(2)).gtin).to.equal(0n);
          expect((await devices.ledgerHead())[0]).to.equal(headBefore);
        });
      }

      it("reverts for every printable ASCII character outside GS1 character set 82", async () => {
        const { devices, manufacturer, now } = await loadFixture(fixture);
        for (const c of OUTSIDE_CS82) {
          const lotNumber = `LOT${c}1`;
          await expect(devices.connect(manufacturer).registerLot(GTIN, lotNumber, now, now + DAY))
            .to.be.revertedWithCustomError(devices, "DeviceRegistryInvalidLotNumber")
            .withArgs(lotNumber);
        }
      });
    });

    it("reverts when the expiry precedes the manufacture date", async () => {
      const { devices, manufacturer, now } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).registerLot(GTIN, NEW_LOT, now, now - 1n))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryInvalidLotDates")
        .withArgs(now, now - 1n);
      expect(await devices.lotKeyOf(GTIN, NEW_LOT)).to.equal(0n);
    });

    it("reverts when the product already has a lot with this number and keeps the first lot", async () => {
      const { devices, manufacturer, now, lotKey } = await loadFixture(fixture);
      const before = await lotOf(devices, lotKey);
      await expect(devices.connect(manufacturer).registerLot(GTIN, LOT, now, now + 2n * DAY))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryLotExists")
        .withArgs(GTIN, LOT);
      expect(await lotOf(devices, lotKey)).to.deep.equal(before);
      expect(await devices.lotKeyOf(GTIN, LOT)).to.equal(lotKey);
    });

    it("reverts when the product is not registered", async () => {
      const { devices, manufacturer, now } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).registerLot(UNREGISTERED_GTIN, NEW_LOT, now, 0))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryUnknownProduct")
        .withArgs(UNREGISTERED_GTIN);
    });

    it("reverts when the caller's organisation does not manufacture the product", async () => {
      const { devices, otherManufacturer, now } = await loadFixture(fixture);
      await expect(devices.connect(otherManufacturer).registerLot(GTIN, NEW_LOT, now, 0))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryNotManufacturer")
        .withArgs(GTIN, GLN.otherManufacturer);
      expect(await devices.lotKeyOf(GTIN, NEW_LOT)).to.equal(0n);
    });

    it("reverts for every organisation without the Manufacturer role", async () => {
      const f = await loadFixture(fixture);
      await expectManufacturersOnly(f, (account) => f.devices.connect(account).registerLot(GTIN, NEW_LOT, f.now, 0));
      expect(await f.devices.lotKeyOf(GTIN, NEW_LOT)).to.equal(0n);
    });

    it("reverts when the caller belongs to no organisation", async () => {
      const { devices, directory, outsider, now } = await loadFixture(fixture);
      await expect(devices.connect(outsider).registerLot(GTIN, NEW_LOT, now, 0))
        .to.be.revertedWithCustomError(directory, "DirectoryUnknownAccount")
        .withArgs(outsider.address);
    });

    it("reverts when the manufacturer is suspended", async () => {
      const { devices, directory, admin, manufacturer, now } = await loadFixture(fixture);
      await directory.connect(admin).suspendOrganisation(GLN.manufacturer);
      await expect(devices.connect(manufacturer).registerLot(GTIN, NEW_LOT, now, 0))
        .to.be.revertedWithCustomError(directory, "DirectoryOrganisationSuspended")
        .withArgs(GLN.manufacturer);
    });
  });

  describe("lot and lotKeyOf", () => {
    it("return the registered lot and its key", async () => {
      const { devices, lotKey, now } = await loadFixture(fixture);
      expect(lotKey).to.equal(1n);
      expect(await devices.lotKeyOf(GTIN, LOT)).to.equal(1n);
      expect(await lotOf(devices, lotKey)).to.deep.equal({
        gtin: GTIN,
        manufacturer: GLN.manufacturer,
        manufacturedAt: now - DAY,
        expiresAt: now + 365n * DAY,
        holdMark: 0n,
      });
    });

    it("return an empty lot and key 0 for lots never registered", async () => {
      const { devices } = await loadFixture(fixture);
      expect(await devices.lotKeyOf(GTIN, "NO-SUCH-LOT")).to.equal(0n);
      expect(await devices.lotKeyOf(IMPLANT_GTIN, LOT)).to.equal(0n);
      expect(await lotOf(devices, 2)).to.deep.equal({
        gtin: 0n,
        manufacturer: 0n,
        manufacturedAt: 0n,
        expiresAt: 0n,
        holdMark: 0n,
      });
    });
  });

  shouldBehaveLikePausable(async () => {
    const f = await loadFixture(fixture);
    return {
      target: f.devices.connect(f.admin),
      admin: f.admin,
      refused: [
        f.manufacturer,
        f.otherManufacturer,
        f.distributor,
        f.hospital,
        f.service,
        f.regulator,
        f.gateway,
        f.outsider,
      ],
      refusal: [f.devices, "ConsortiumGatedUnauthorised"],
      write: () => f.devices.connect(f.manufacturer).registerLot(GTIN, NEW_LOT, f.now, 0),
    };
  });
});
