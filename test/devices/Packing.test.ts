import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ethers } from "hardhat";
import { sscc, GLN, GTIN } from "../fixtures";
import { recallNotice, HoldScope } from "../helpers/lifecycle";
import { shouldBoundBatches, shouldRefuseOutsidersAndPause } from "../behaviors/registry-write.behavior";
import {
  allButManufacturer,
  CASE,
  CASE_2,
  ContainerStatus,
  DOCUMENT,
  DeviceStatus,
  containerOf,
  deviceOf,
  expectLedgerHeadReplays,
  expectedContainer,
  expectedRecord,
  expectedState,
  packedFixture,
  receiveQuarantined,
  shipFrom,
  stateOf,
  unknownIds,
  walletOf,
} from "../helpers/devices";
import { through } from "../helpers/scenario";

async function fixture() {
  return packedFixture();
}

/** CASE_2 with its check digit changed. */
const WRONG_CHECK_DIGIT = CASE_2 % 10n === 9n ? CASE_2 - 1n : CASE_2 + 1n;
/** 19 digits with a correct mod-10 check digit: one digit too many for an SSCC. */
const NINETEEN_DIGITS = sscc("306141410000000001");

describe("DeviceRegistry: packing", () => {
  describe("pack", () => {
    it("creates the container on first pack in the packer's custody", async () => {
      const { devices, manufacturer, loose, lotKey } = await loadFixture(fixture);
      expect((await devices.container(CASE_2)).status).to.equal(ContainerStatus.None);
      await devices.connect(manufacturer).pack(CASE_2, loose.slice(0, 2));
      expect(await containerOf(devices, CASE_2)).to.deep.equal(
        expectedContainer({
          custodian: GLN.manufacturer,
          status: ContainerStatus.Active,
          lotKey,
          deviceCount: 2n,
          key: 2n,
        }),
      );
    });

    it("emits DevicesPacked with the SSCC, devices, lot, organisation and actor", async () => {
      const { devices, manufacturer, loose, lotKey } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).pack(CASE_2, loose.slice(0, 2)))
        .to.emit(devices, "DevicesPacked")
        .withArgs(CASE_2, loose.slice(0, 2), lotKey, GLN.manufacturer, manufacturer.address);
    });

    it("records a contract wallet as the actor when it signs for the packer, in the event and the ledger head", async () => {
      const { devices, directory, admin, manufacturer, loose, lotKey } = await loadFixture(fixture);
      const wallet = await walletOf(directory, admin, manufacturer, GLN.manufacturer);
      await expect(through(wallet, manufacturer, devices, "pack", [CASE_2, loose.slice(0, 2)]))
        .to.emit(devices, "DevicesPacked")
        .withArgs(CASE_2, loose.slice(0, 2), lotKey, GLN.manufacturer, await wallet.getAddress());
      await expectLedgerHeadReplays(devices);
    });

    it("points each device at the container, whose SSCC and custodian deviceState shows", async () => {
      const { devices, manufacturer, loose, lotKey } = await loadFixture(fixture);
      await devices.connect(manufacturer).pack(CASE_2, loose.slice(0, 2));
      for (const id of loose.slice(0, 2)) {
        const raw = await devices.device(id);
        expect(raw.container).to.equal(2n);
        expect(raw.status).to.equal(DeviceStatus.Active);
        expect(await stateOf(devices, id)).to.deep.equal(
          expectedState({ custodian: GLN.manufacturer, status: DeviceStatus.Active, lotKey, container: CASE_2 }),
        );
      }
      expect((await devices.device(loose[2])).container).to.equal(0n);
      await expectLedgerHeadReplays(devices);
    });

    it("adds devices of the same lot to a container that holds some", async () => {
      const { devices, manufacturer, loose, lotKey } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).pack(CASE, [loose[0]]))
        .to.emit(devices, "DevicesPacked")
        .withArgs(CASE, [loose[0]], lotKey, GLN.manufacturer, manufacturer.address);
      const c = await devices.container(CASE);
      expect(c.key).to.equal(1n);
      expect(c.deviceCount).to.equal(4n);
      expect((await devices.device(loose[0])).container).to.equal(1n);
    });

    it("accepts another lot once the container was emptied", async () => {
      const { devices, manufacturer, packed, secondIds, secondLotKey } = await loadFixture(fixture);
      await devices.connect(manufacturer).unpack(CASE, packed);
      await expect(devices.connect(manufacturer).pack(CASE, secondIds))
        .to.emit(devices, "DevicesPacked")
        .withArgs(CASE, secondIds, secondLotKey, GLN.manufacturer, manufacturer.address);
      expect((await devices.container(CASE)).lotKey).to.equal(secondLotKey);
    });

    describe("when a device carries a recall's hold mark", () => {
      /** Recall 1 of GTIN, scoped to the serial of loose[0]. */
      async function heldLooseDevice() {
        const f = await loadFixture(fixture);
        await f.recalls
          .connect(f.manufacturer)
          .issueRecall(recallNotice(GTIN, { scope: HoldScope.Serials, deviceIds: [f.loose[0]] }));
        return f;
      }

      it("marks the container held by the open recall, so it ships only to a return destination", async () => {
        const { devices, manufacturer, loose } = await heldLooseDevice();
        await devices.connect(manufacturer).pack(CASE_2, [loose[1], loose[0], loose[2]]);
        expect((await devices.container(CASE_2)).holdMark).to.equal(1n);
        await expect(devices.connect(manufacturer).ship(GLN.distributor, [], [CASE_2], DOCUMENT, true))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerHeld")
          .withArgs(CASE_2, 1);
      });

      it("ignores the mark of a recall that was terminated: the container is not held", async () => {
        const { devices, recalls, manufacturer, loose } = await heldLooseDevice();
        await recalls.connect(manufacturer).terminateRecall(1);
        expect((await devices.device(loose[0])).holdMark).to.equal(1n);
        await devices.connect(manufacturer).pack(CASE_2, [loose[0]]);
        expect((await devices.container(CASE_2)).holdMark).to.equal(0n);
      });
    });

    describe("when the SSCC is invalid", () => {
      const invalid: [string, bigint][] = [
        ["is zero", 0n],
        ["fails its check digit", WRONG_CHECK_DIGIT],
        ["has 19 digits", NINETEEN_DIGITS],
      ];
      for (const [what, value] of invalid) {
        it(`reverts when the SSCC ${what} and creates no container`, async () => {
          const { devices, manufacturer, loose } = await loadFixture(fixture);
          await expect(devices.connect(manufacturer).pack(value, [loose[0]]))
            .to.be.revertedWithCustomError(devices, "DeviceRegistryInvalidSscc")
            .withArgs(value);
          expect((await devices.container(value)).status).to.equal(ContainerStatus.None);
          expect((await devices.device(loose[0])).container).to.equal(0n);
        });
      }
    });

    it("reverts when the caller's organisation does not hold the container", async () => {
      const { devices, distributor, loose } = await loadFixture(fixture);
      await expect(devices.connect(distributor).pack(CASE, [loose[0]]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerNotCustodian")
        .withArgs(CASE, GLN.distributor);
      expect((await devices.container(CASE)).deviceCount).to.equal(3n);
    });

    it("reverts when the container was received by another organisation", async () => {
      const { devices, manufacturer, distributor, loose } = await loadFixture(fixture);
      const shipmentId = await shipFrom(devices, manufacturer, GLN.distributor, [], [CASE]);
      await devices.connect(distributor).receiveShipment(shipmentId, [], [CASE]);
      await expect(devices.connect(manufacturer).pack(CASE, [loose[0]]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerNotCustodian")
        .withArgs(CASE, GLN.manufacturer);
    });

    it("reverts when the caller's organisation does not hold a device, creating no container", async () => {
      const { devices, distributor, loose } = await loadFixture(fixture);
      await expect(devices.connect(distributor).pack(CASE_2, [loose[0]]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryNotCustodian")
        .withArgs(loose[0], GLN.distributor);
      expect((await devices.container(CASE_2)).status).to.equal(ContainerStatus.None);
      expect((await devices.device(loose[0])).container).to.equal(0n);
    });

    it("reverts for every organisation that does not hold the device", async () => {
      const f = await loadFixture(fixture);
      for (const [account, org] of allButManufacturer(f)) {
        await expect(f.devices.connect(account).pack(CASE_2, [f.loose[0]]))
          .to.be.revertedWithCustomError(f.devices, "DeviceRegistryNotCustodian")
          .withArgs(f.loose[0], org);
      }
      expect((await f.devices.container(CASE_2)).status).to.equal(ContainerStatus.None);
    });

    it("reverts when a device is unknown", async () => {
      const { devices, manufacturer, loose } = await loadFixture(fixture);
      const [unknown] = unknownIds(1);
      await expect(devices.connect(manufacturer).pack(CASE_2, [loose[0], unknown]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryUnknownDevice")
        .withArgs(unknown);
      expect((await devices.device(loose[0])).container).to.equal(0n);
    });

    it("reverts when a device is packed already, naming its container", async () => {
      const { devices, manufacturer, packed } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).pack(CASE_2, [packed[0]]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryDevicePacked")
        .withArgs(packed[0], CASE);
      await expect(devices.connect(manufacturer).pack(CASE, [packed[0]]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryDevicePacked")
        .withArgs(packed[0], CASE);
      expect((await devices.container(CASE)).deviceCount).to.equal(3n);
      expect((await devices.device(packed[0])).container).to.equal(1n);
    });

    it("reverts when a device is listed twice", async () => {
      const { devices, manufacturer, loose } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).pack(CASE, [loose[0], loose[0]]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryDevicePacked")
        .withArgs(loose[0], CASE);
      expect((await devices.container(CASE)).deviceCount).to.equal(3n);
    });

    it("reverts when a device's lot differs from the container's", async () => {
      const { devices, manufacturer, secondIds, lotKey, secondLotKey } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).pack(CASE, [secondIds[0]]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerLotMismatch")
        .withArgs(CASE, lotKey, secondLotKey);
      expect((await devices.device(secondIds[0])).container).to.equal(0n);
    });

    it("reverts when devices of two lots are packed into a new container", async () => {
      const { devices, manufacturer, loose, secondIds, lotKey, secondLotKey } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).pack(CASE_2, [loose[0], secondIds[0]]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerLotMismatch")
        .withArgs(CASE_2, lotKey, secondLotKey);
      expect((await devices.container(CASE_2)).status).to.equal(ContainerStatus.None);
    });

    it("reverts when a device is in transit", async () => {
      const { devices, manufacturer, loose } = await loadFixture(fixture);
      await shipFrom(devices, manufacturer, GLN.distributor, [loose[0]], []);
      await expect(devices.connect(manufacturer).pack(CASE_2, [loose[0]]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryDeviceUnavailable")
        .withArgs(loose[0], DeviceStatus.InTransit);
    });

    it("reverts when a device is quarantined", async () => {
      const { devices, lifecycle, manufacturer, loose } = await loadFixture(fixture);
      await lifecycle.connect(manufacturer).quarantine(loose[0], ethers.id("suspected damage"));
      await expect(devices.connect(manufacturer).pack(CASE, [loose[0]]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryDeviceUnavailable")
        .withArgs(loose[0], DeviceStatus.Quarantined);
    });

    it("reverts when the container is in transit", async () => {
      const { devices, manufacturer, loose } = await loadFixture(fixture);
      await shipFrom(devices, manufacturer, GLN.distributor, [], [CASE]);
      await expect(devices.connect(manufacturer).pack(CASE, [loose[0]]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerUnavailable")
        .withArgs(CASE, ContainerStatus.InTransit);
    });

    it("reverts when the container is quarantined", async () => {
      const f = await loadFixture(fixture);
      await receiveQuarantined(f, CASE);
      await expect(f.devices.connect(f.distributor).pack(CASE, [f.loose[0]]))
        .to.be.revertedWithCustomError(f.devices, "DeviceRegistryContainerUnavailable")
        .withArgs(CASE, ContainerStatus.Quarantined);
    });

    shouldBoundBatches(
      () => loadFixture(fixture),
      (f, ids) => f.devices.connect(f.manufacturer).pack(CASE_2, ids),
      async (f) => {
        expect((await f.devices.container(CASE_2)).status).to.equal(ContainerStatus.None);
      },
    );

    shouldRefuseOutsidersAndPause(
      () => loadFixture(fixture),
      (f) => f.manufacturer,
      (f, signer) => f.devices.connect(signer).pack(CASE_2, [f.loose[0]]),
    );
  });

  describe("unpack", () => {
    it("emits DevicesUnpacked with the SSCC, devices, organisation and actor", async () => {
      const { devices, manufacturer, packed } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).unpack(CASE, [packed[0], packed[2]]))
        .to.emit(devices, "DevicesUnpacked")
        .withArgs(CASE, [packed[0], packed[2]], GLN.manufacturer, manufacturer.address);
    });

    it("records a contract wallet as the actor when it signs for the custodian, in the event and the ledger head", async () => {
      const { devices, directory, admin, manufacturer, packed } = await loadFixture(fixture);
      const wallet = await walletOf(directory, admin, manufacturer, GLN.manufacturer);
      await expect(through(wallet, manufacturer, devices, "unpack", [CASE, [packed[0]]]))
        .to.emit(devices, "DevicesUnpacked")
        .withArgs(CASE, [packed[0]], GLN.manufacturer, await wallet.getAddress());
      await expectLedgerHeadReplays(devices);
    });

    it("leaves the devices loose and Active in the custodian's hands; the container keeps its lot", async () => {
      const { devices, manufacturer, packed, lotKey } = await loadFixture(fixture);
      await devices.connect(manufacturer).unpack(CASE, [packed[0]]);
      expect((await devices.device(packed[0])).container).to.equal(0n);
      expect(await stateOf(devices, packed[0])).to.deep.equal(
        expectedState({ custodian: GLN.manufacturer, status: DeviceStatus.Active, lotKey }),
      );
      expect(await stateOf(devices, packed[1])).to.deep.equal(
        expectedState({ custodian: GLN.manufacturer, status: DeviceStatus.Active, lotKey, container: CASE }),
      );
      const c = await devices.container(CASE);
      expect(c.deviceCount).to.equal(2n);
      expect(c.lotKey).to.equal(lotKey);
      await expectLedgerHeadReplays(devices);
    });

    it("resets the container's lot when it is emptied", async () => {
      const { devices, manufacturer, packed } = await loadFixture(fixture);
      await devices.connect(manufacturer).unpack(CASE, packed);
      expect(await containerOf(devices, CASE)).to.deep.equal(
        expectedContainer({ custodian: GLN.manufacturer, status: ContainerStatus.Active, lotKey: 0n, deviceCount: 0n }),
      );
    });

    it("lets the organisation that received the container unpack its devices into its own custody", async () => {
      const { devices, manufacturer, distributor, packed, lotKey } = await loadFixture(fixture);
      const shipmentId = await shipFrom(devices, manufacturer, GLN.distributor, [], [CASE]);
      await devices.connect(distributor).receiveShipment(shipmentId, [], [CASE]);
      await expect(devices.connect(distributor).unpack(CASE, [packed[0]]))
        .to.emit(devices, "DevicesUnpacked")
        .withArgs(CASE, [packed[0]], GLN.distributor, distributor.address);
      expect((await devices.device(packed[0])).custodian).to.equal(GLN.distributor);
      expect(await stateOf(devices, packed[0])).to.deep.equal(
        expectedState({ custodian: GLN.distributor, status: DeviceStatus.Active, lotKey }),
      );
    });

    it("leaves devices Quarantined when they leave a quarantined container", async () => {
      const f = await loadFixture(fixture);
      await receiveQuarantined(f, CASE);
      const [id] = f.packed;
      expect(await stateOf(f.devices, id)).to.deep.equal(
        expectedState({
          custodian: GLN.distributor,
          status: DeviceStatus.Quarantined,
          lotKey: f.lotKey,
          container: CASE,
        }),
      );
      await expect(f.devices.connect(f.distributor).unpack(CASE, [id]))
        .to.emit(f.devices, "DevicesUnpacked")
        .withArgs(CASE, [id], GLN.distributor, f.distributor.address);
      expect(await deviceOf(f.devices, id)).to.deep.equal(
        expectedRecord({ custodian: GLN.distributor, status: DeviceStatus.Quarantined, lotKey: f.lotKey }),
      );
      expect(await stateOf(f.devices, id)).to.deep.equal(
        expectedState({ custodian: GLN.distributor, status: DeviceStatus.Quarantined, lotKey: f.lotKey }),
      );
    });

    it("reverts when the container is unknown", async () => {
      const { devices, manufacturer, loose } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).unpack(CASE_2, [loose[0]]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryUnknownContainer")
        .withArgs(CASE_2);
    });

    it("reverts when the caller's organisation does not hold the container", async () => {
      const { devices, distributor, packed } = await loadFixture(fixture);
      await expect(devices.connect(distributor).unpack(CASE, [packed[0]]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerNotCustodian")
        .withArgs(CASE, GLN.distributor);
      expect((await devices.device(packed[0])).container).to.equal(1n);
    });

    it("reverts for every organisation that does not hold the container", async () => {
      const f = await loadFixture(fixture);
      for (const [account, org] of allButManufacturer(f)) {
        await expect(f.devices.connect(account).unpack(CASE, [f.packed[0]]))
          .to.be.revertedWithCustomError(f.devices, "DeviceRegistryContainerNotCustodian")
          .withArgs(CASE, org);
      }
      expect((await f.devices.container(CASE)).deviceCount).to.equal(3n);
    });

    it("reverts when a device is loose", async () => {
      const { devices, manufacturer, packed, loose } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).unpack(CASE, [packed[0], loose[0]]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryNotInContainer")
        .withArgs(loose[0], CASE);
      expect((await devices.device(packed[0])).container).to.equal(1n);
      expect((await devices.container(CASE)).deviceCount).to.equal(3n);
    });

    it("reverts when a device is packed in another container", async () => {
      const { devices, manufacturer, loose } = await loadFixture(fixture);
      await devices.connect(manufacturer).pack(CASE_2, [loose[0]]);
      await expect(devices.connect(manufacturer).unpack(CASE, [loose[0]]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryNotInContainer")
        .withArgs(loose[0], CASE);
      expect((await devices.device(loose[0])).container).to.equal(2n);
    });

    it("reverts when a device is listed twice", async () => {
      const { devices, manufacturer, packed } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).unpack(CASE, [packed[0], packed[0]]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryNotInContainer")
        .withArgs(packed[0], CASE);
      expect((await devices.container(CASE)).deviceCount).to.equal(3n);
    });

    it("reverts when a device is unknown", async () => {
      const { devices, manufacturer } = await loadFixture(fixture);
      const [unknown] = unknownIds(1);
      await expect(devices.connect(manufacturer).unpack(CASE, [unknown]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryUnknownDevice")
        .withArgs(unknown);
    });

    it("reverts when the container is in transit", async () => {
      const { devices, manufacturer, packed } = await loadFixture(fixture);
      await shipFrom(devices, manufacturer, GLN.distributor, [], [CASE]);
      await expect(devices.connect(manufacturer).unpack(CASE, [packed[0]]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerUnavailable")
        .withArgs(CASE, ContainerStatus.InTransit);
      expect((await devices.device(packed[0])).container).to.equal(1n);
    });

    shouldBoundBatches(
      () => loadFixture(fixture),
      (f, ids) => f.devices.connect(f.manufacturer).unpack(CASE, ids),
    );

    shouldRefuseOutsidersAndPause(
      () => loadFixture(fixture),
      (f) => f.manufacturer,
      (f, signer) => f.devices.connect(signer).unpack(CASE, [f.packed[0]]),
    );
  });

  describe("releaseContainer", () => {
    it("releases a quarantined container, emitting ContainerReleased, and its devices become Active", async () => {
      const f = await loadFixture(fixture);
      await receiveQuarantined(f, CASE);
      await expect(f.devices.connect(f.distributor).releaseContainer(CASE))
        .to.emit(f.devices, "ContainerReleased")
        .withArgs(CASE, GLN.distributor, f.distributor.address);
      expect((await f.devices.container(CASE)).status).to.equal(ContainerStatus.Active);
      for (const id of f.packed) {
        expect(await stateOf(f.devices, id)).to.deep.equal(
          expectedState({ custodian: GLN.distributor, status: DeviceStatus.Active, lotKey: f.lotKey, container: CASE }),
        );
      }
      await expectLedgerHeadReplays(f.devices);
    });

    it("records a contract wallet as the actor when it signs for the custodian, in the event and the ledger head", async () => {
      const f = await loadFixture(fixture);
      await receiveQuarantined(f, CASE);
      const wallet = await walletOf(f.directory, f.admin, f.distributor, GLN.distributor);
      await expect(through(wallet, f.distributor, f.devices, "releaseContainer", [CASE]))
        .to.emit(f.devices, "ContainerReleased")
        .withArgs(CASE, GLN.distributor, await wallet.getAddress());
      await expectLedgerHeadReplays(f.devices);
    });

    it("lets a released container ship again", async () => {
      const f = await loadFixture(fixture);
      await receiveQuarantined(f, CASE);
      await f.devices.connect(f.distributor).releaseContainer(CASE);
      const shipmentId = await shipFrom(f.devices, f.distributor, GLN.hospital, [], [CASE]);
      expect((await f.devices.container(CASE)).shipment).to.equal(shipmentId);
    });

    it("reverts when the container is not quarantined", async () => {
      const { devices, manufacturer } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).releaseContainer(CASE))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerUnavailable")
        .withArgs(CASE, ContainerStatus.Active);
    });

    it("reverts when the container is in transit", async () => {
      const { devices, manufacturer } = await loadFixture(fixture);
      await shipFrom(devices, manufacturer, GLN.distributor, [], [CASE]);
      await expect(devices.connect(manufacturer).releaseContainer(CASE))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerUnavailable")
        .withArgs(CASE, ContainerStatus.InTransit);
    });

    it("reverts when the caller's organisation does not hold the container", async () => {
      const f = await loadFixture(fixture);
      await receiveQuarantined(f, CASE);
      const others = allButManufacturer(f).filter(([, org]) => org !== GLN.distributor);
      for (const [account, org] of [[f.manufacturer, GLN.manufacturer] as const, ...others]) {
        await expect(f.devices.connect(account).releaseContainer(CASE))
          .to.be.revertedWithCustomError(f.devices, "DeviceRegistryContainerNotCustodian")
          .withArgs(CASE, org);
      }
      expect((await f.devices.container(CASE)).status).to.equal(ContainerStatus.Quarantined);
    });

    it("reverts when the container is unknown", async () => {
      const { devices, manufacturer } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).releaseContainer(CASE_2))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryUnknownContainer")
        .withArgs(CASE_2);
    });

    shouldRefuseOutsidersAndPause(
      () => loadFixture(fixture),
      (f) => f.distributor,
      (f, signer) => f.devices.connect(signer).releaseContainer(CASE),
      (f) => receiveQuarantined(f, CASE),
    );
  });
});
