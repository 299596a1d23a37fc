import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deviceIdOf, DAY, GLN, GTIN, IMPLANT_GTIN, OTHER_GTIN } from "../fixtures";
import {
  CS82_PUNCTUATION,
  DeviceStatus,
  MAX_BATCH,
  OUTSIDE_CS82,
  deviceOf,
  expectLedgerHeadReplays,
  expectManufacturersOnly,
  expectedRecord,
  expectedState,
  invalidCs82Values,
  longSerials,
  lotsFixture,
  stateOf,
  walletOf,
} from "../helpers/devices";
import { through } from "../helpers/scenario";
import { shouldRefuseOutsidersAndPause } from "../behaviors/registry-write.behavior";

/** The per-transaction gas cap of Osaka-era chains (EIP-7825). */
const TX_GAS_CAP = 16_777_216n;
const SERIAL = "SN-0001";

async function fixture() {
  return lotsFixture();
}

const INVALID_SERIALS = invalidCs82Values("SN");

describe("DeviceRegistry: commissioning", () => {
  describe("commission", () => {
    it("returns the device id keccak256(abi.encode(gtin, serial))", async () => {
      const { devices, manufacturer, lotKey } = await loadFixture(fixture);
      expect(await devices.connect(manufacturer).commission.staticCall(lotKey, SERIAL)).to.equal(
        deviceIdOf(GTIN, SERIAL),
      );
    });

    it("emits DeviceCommissioned with the id, GTIN, serial, lot, organisation and actor", async () => {
      const { devices, manufacturer, lotKey } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).commission(lotKey, SERIAL))
        .to.emit(devices, "DeviceCommissioned")
        .withArgs(deviceIdOf(GTIN, SERIAL), GTIN, SERIAL, lotKey, GLN.manufacturer, manufacturer.address);
    });

    it("puts the device loose and Active in the manufacturer's custody", async () => {
      const { devices, manufacturer, lotKey } = await loadFixture(fixture);
      await devices.connect(manufacturer).commission(lotKey, SERIAL);
      const id = deviceIdOf(GTIN, SERIAL);
      expect(await deviceOf(devices, id)).to.deep.equal(
        expectedRecord({ custodian: GLN.manufacturer, status: DeviceStatus.Active, lotKey }),
      );
      expect(await stateOf(devices, id)).to.deep.equal(
        expectedState({ custodian: GLN.manufacturer, status: DeviceStatus.Active, lotKey }),
      );
      await expectLedgerHeadReplays(devices);
    });

    it("accepts 20-character serials of punctuation, digits and letters of GS1 character set 82", async () => {
      const { devices, manufacturer, lotKey } = await loadFixture(fixture);
      const alphanumeric = "azAZ09" + "9".repeat(14);
      await devices.connect(manufacturer).commission(lotKey, CS82_PUNCTUATION);
      await devices.connect(manufacturer).commission(lotKey, alphanumeric);
      expect((await devices.device(deviceIdOf(GTIN, CS82_PUNCTUATION))).status).to.equal(DeviceStatus.Active);
      expect((await devices.device(deviceIdOf(GTIN, alphanumeric))).status).to.equal(DeviceStatus.Active);
    });

    it("commissions the same serial under another product as a different device", async () => {
      const { devices, manufacturer, lotKey, now } = await loadFixture(fixture);
      await devices.connect(manufacturer).registerLot(IMPLANT_GTIN, "IMPLANT-LOT", now, now + DAY);
      const implantLot = await devices.lotKeyOf(IMPLANT_GTIN, "IMPLANT-LOT");
      await devices.connect(manufacturer).commission(lotKey, SERIAL);
      await expect(devices.connect(manufacturer).commission(implantLot, SERIAL))
        .to.emit(devices, "DeviceCommissioned")
        .withArgs(
          deviceIdOf(IMPLANT_GTIN, SERIAL),
          IMPLANT_GTIN,
          SERIAL,
          implantLot,
          GLN.manufacturer,
          manufacturer.address,
        );
      expect(deviceIdOf(IMPLANT_GTIN, SERIAL)).not.to.equal(deviceIdOf(GTIN, SERIAL));
      expect((await devices.deviceState(deviceIdOf(IMPLANT_GTIN, SERIAL))).gtin).to.equal(IMPLANT_GTIN);
    });

    it("records a contract wallet as the actor when it signs for the manufacturer, in the event and the ledger head", async () => {
      const { devices, directory, admin, manufacturer, lotKey } = await loadFixture(fixture);
      const wallet = await walletOf(directory, admin, manufacturer, GLN.manufacturer);
      await expect(through(wallet, manufacturer, devices, "commission", [lotKey, SERIAL]))
        .to.emit(devices, "DeviceCommissioned")
        .withArgs(deviceIdOf(GTIN, SERIAL), GTIN, SERIAL, lotKey, GLN.manufacturer, await wallet.getAddress());
      await expectLedgerHeadReplays(devices);
    });

    describe("when the serial is invalid", () => {
      for (const [what, serial] of INVALID_SERIALS) {
        it(`reverts when the serial ${what} and commissions nothing`, async () => {
          const { devices, manufacturer, lotKey } = await loadFixture(fixture);
          const [headBefore, countBefore] = await devices.ledgerHead();
          await expect(devices.connect(manufacturer).commission(lotKey, serial))
            .to.be.revertedWithCustomError(devices, "DeviceRegistryInvalidSerial")
            .withArgs(serial);
          expect((await devices.device(deviceIdOf(GTIN, serial))).status).to.equal(DeviceStatus.None);
          expect([...(await devices.ledgerHead())]).to.deep.equal([headBefore, countBefore]);
        });
      }

      it("reverts for every printable ASCII character outside GS1 character set 82", async () => {
        const { devices, manufacturer, lotKey } = await loadFixture(fixture);
        for (const c of OUTSIDE_CS82) {
          const serial = `SN${c}1`;
          await expect(devices.connect(manufacturer).commission(lotKey, serial))
            .to.be.revertedWithCustomError(devices, "DeviceRegistryInvalidSerial")
            .withArgs(serial);
        }
      });
    });

    it("reverts when the GTIN + serial was already commissioned and leaves the device unchanged", async () => {
      const { devices, manufacturer, lotKey } = await loadFixture(fixture);
      await devices.connect(manufacturer).commission(lotKey, SERIAL);
      const id = deviceIdOf(GTIN, SERIAL);
      const before = await deviceOf(devices, id);
      await expect(devices.connect(manufacturer).commission(lotKey, SERIAL))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryDeviceExists")
        .withArgs(id);
      expect(await deviceOf(devices, id)).to.deep.equal(before);
    });

    it("reverts when the serial was commissioned in another lot of the same product", async () => {
      const { devices, manufacturer, lotKey, secondLotKey } = await loadFixture(fixture);
      await devices.connect(manufacturer).commission(lotKey, SERIAL);
      const id = deviceIdOf(GTIN, SERIAL);
      await expect(devices.connect(manufacturer).commission(secondLotKey, SERIAL))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryDeviceExists")
        .withArgs(id);
      expect((await devices.device(id)).lotKey).to.equal(lotKey);
    });

    it("reverts when the lot is unknown", async () => {
      const { devices, manufacturer } = await loadFixture(fixture);
      for (const unknownLot of [0n, 99n]) {
        await expect(devices.connect(manufacturer).commission(unknownLot, SERIAL))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryUnknownLot")
          .withArgs(unknownLot);
      }
    });

    it("reverts when the lot is of another manufacturer's product", async () => {
      const { devices, manufacturer, otherManufacturer, lotKey, otherLotKey } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).commission(otherLotKey, SERIAL))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryNotManufacturer")
        .withArgs(OTHER_GTIN, GLN.manufacturer);
      await expect(devices.connect(otherManufacturer).commission(lotKey, SERIAL))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryNotManufacturer")
        .withArgs(GTIN, GLN.otherManufacturer);
      expect((await devices.device(deviceIdOf(OTHER_GTIN, SERIAL))).status).to.equal(DeviceStatus.None);
      expect((await devices.device(deviceIdOf(GTIN, SERIAL))).status).to.equal(DeviceStatus.None);
    });

    it("reverts for every organisation without the Manufacturer role", async () => {
      const f = await loadFixture(fixture);
      await expectManufacturersOnly(f, (account) => f.devices.connect(account).commission(f.lotKey, SERIAL));
      expect((await f.devices.device(deviceIdOf(GTIN, SERIAL))).status).to.equal(DeviceStatus.None);
    });

    shouldRefuseOutsidersAndPause(
      () => loadFixture(fixture),
      (f) => f.manufacturer,
      (f, signer) => f.devices.connect(signer).commission(f.lotKey, SERIAL),
    );

    it("reverts when the manufacturer is suspended", async () => {
      const { devices, directory, admin, manufacturer, lotKey } = await loadFixture(fixture);
      await directory.connect(admin).suspendOrganisation(GLN.manufacturer);
      await expect(devices.connect(manufacturer).commission(lotKey, SERIAL))
        .to.be.revertedWithCustomError(directory, "DirectoryOrganisationSuspended")
        .withArgs(GLN.manufacturer);
    });
  });

  describe("commissionBatch", () => {
    const BATCH = ["SN-A", "SN-B", "SN-C"];

    it("emits one DevicesCommissioned event carrying the lot, GTIN, serials, organisation and actor", async () => {
      const { devices, manufacturer, lotKey } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).commissionBatch(lotKey, BATCH))
        .to.emit(devices, "DevicesCommissioned")
        .withArgs(lotKey, GTIN, BATCH, GLN.manufacturer, manufacturer.address)
        .and.not.to.emit(devices, "DeviceCommissioned");
    });

    it("commissions every serial as device keccak256(abi.encode(gtin, serial)), loose and Active", async () => {
      const { devices, manufacturer, lotKey } = await loadFixture(fixture);
      await devices.connect(manufacturer).commissionBatch(lotKey, BATCH);
      for (const serial of BATCH) {
        expect(await deviceOf(devices, deviceIdOf(GTIN, serial))).to.deep.equal(
          expectedRecord({ custodian: GLN.manufacturer, status: DeviceStatus.Active, lotKey }),
        );
        expect(await stateOf(devices, deviceIdOf(GTIN, serial))).to.deep.equal(
          expectedState({ custodian: GLN.manufacturer, status: DeviceStatus.Active, lotKey }),
        );
      }
      await expectLedgerHeadReplays(devices);
    });

    it("records a contract wallet as the actor when it signs for the manufacturer, in the event and the ledger head", async () => {
      const { devices, directory, admin, manufacturer, lotKey } = await loadFixture(fixture);
      const wallet = await walletOf(directory, admin, manufacturer, GLN.manufacturer);
      await expect(through(wallet, manufacturer, devices, "commissionBatch", [lotKey, BATCH]))
        .to.emit(devices, "DevicesCommissioned")
        .withArgs(lotKey, GTIN, BATCH, GLN.manufacturer, await wallet.getAddress());
      await expectLedgerHeadReplays(devices);
    });

    it("reverts when the batch is empty", async () => {
      const { devices, manufacturer, lotKey } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).commissionBatch(lotKey, []))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryEmptyBatch")
        .withArgs();
    });

    it("reverts when the batch holds MAX_BATCH + 1 serials", async () => {
      const { devices, manufacturer, lotKey } = await loadFixture(fixture);
      expect(await devices.MAX_BATCH()).to.equal(BigInt(MAX_BATCH));
      const serials = longSerials(MAX_BATCH + 1);
      await expect(devices.connect(manufacturer).commissionBatch(lotKey, serials))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryBatchTooLarge")
        .withArgs(MAX_BATCH + 1, MAX_BATCH);
      expect((await devices.device(deviceIdOf(GTIN, serials[0]))).status).to.equal(DeviceStatus.None);
    });

    it("commissions MAX_BATCH serials of 20 characters within the 16,777,216 gas per-transaction cap", async () => {
      const { devices, manufacturer, lotKey } = await loadFixture(fixture);
      const serials = longSerials(MAX_BATCH);
      expect(serials.every((serial) => serial.length === 20)).to.equal(true);
      const receipt = await (await devices.connect(manufacturer).commissionBatch(lotKey, serials)).wait();
      expect(receipt!.gasUsed).to.be.lt(TX_GAS_CAP);
      expect(receipt!.logs.length).to.equal(1);
      for (const serial of [serials[0], serials[MAX_BATCH - 1]]) {
        expect((await devices.device(deviceIdOf(GTIN, serial))).status).to.equal(DeviceStatus.Active);
      }
    });

    const DUPLICATES = [
      {
        what: "a serial repeats within it",
        earlier: [] as string[],
        batch: ["SN-A", "SN-B", "SN-A"],
        repeated: "SN-A",
      },
      { what: "a serial was commissioned before", earlier: ["SN-C"], batch: BATCH, repeated: "SN-C" },
    ];
    for (const { what, earlier, batch, repeated } of DUPLICATES) {
      it(`reverts the whole batch when ${what}`, async () => {
        const { devices, manufacturer, lotKey } = await loadFixture(fixture);
        for (const serial of earlier) await devices.connect(manufacturer).commission(lotKey, serial);
        const [headBefore, countBefore] = await devices.ledgerHead();
        await expect(devices.connect(manufacturer).commissionBatch(lotKey, batch))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryDeviceExists")
          .withArgs(deviceIdOf(GTIN, repeated));
        for (const serial of ["SN-A", "SN-B"]) {
          expect((await devices.device(deviceIdOf(GTIN, serial))).status).to.equal(DeviceStatus.None);
        }
        expect([...(await devices.ledgerHead())]).to.deep.equal([headBefore, countBefore]);
      });
    }

    it("reverts the whole batch when one serial is invalid", async () => {
      const { devices, manufacturer, lotKey } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).commissionBatch(lotKey, ["SN-A", "SN#B"]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryInvalidSerial")
        .withArgs("SN#B");
      expect((await devices.device(deviceIdOf(GTIN, "SN-A"))).status).to.equal(DeviceStatus.None);
    });

    it("reverts when the lot is unknown", async () => {
      const { devices, manufacturer } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).commissionBatch(99, BATCH))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryUnknownLot")
        .withArgs(99);
    });

    it("reverts when the lot is of another manufacturer's product", async () => {
      const { devices, manufacturer, otherLotKey } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).commissionBatch(otherLotKey, BATCH))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryNotManufacturer")
        .withArgs(OTHER_GTIN, GLN.manufacturer);
      expect((await devices.device(deviceIdOf(OTHER_GTIN, BATCH[0]))).status).to.equal(DeviceStatus.None);
    });

    it("reverts for every organisation without the Manufacturer role", async () => {
      const f = await loadFixture(fixture);
      await expectManufacturersOnly(f, (account) => f.devices.connect(account).commissionBatch(f.lotKey, BATCH));
    });

    shouldRefuseOutsidersAndPause(
      () => loadFixture(fixture),
      (f) => f.manufacturer,
      (f, signer) => f.devices.connect(signer).commissionBatch(f.lotKey, BATCH),
    );
  });
});
