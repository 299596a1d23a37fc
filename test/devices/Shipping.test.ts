import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { GLN, GTIN, Role } from "../fixtures";
import {
  allButManufacturer,
  CASE,
  CASE_2,
  ContainerStatus,
  DOCUMENT,
  DeviceStatus,
  MAX_BATCH,
  ShipmentStatus,
  UNKNOWN_GLN,
  anchorExcursion,
  containerOf,
  deviceOf,
  expectLedgerHeadReplays,
  expectedContainer,
  expectedRecord,
  expectedState,
  packedFixture,
  receiveQuarantined,
  shipFrom,
  shipmentOf,
  stateOf,
  unknownIds,
  walletOf,
} from "../helpers/devices";
import { recallNotice } from "../helpers/lifecycle";
import { shouldRefuseOutsidersAndPause } from "../behaviors/registry-write.behavior";
import { through } from "../helpers/scenario";
import type { Interface } from "ethers";
import type { ContractWallet, DeviceLifecycle, DeviceRegistry } from "../../typechain-types";

async function fixture() {
  return packedFixture();
}

/** The fixture with shipment 1 in transit from the manufacturer to the distributor: two loose devices and CASE. */
async function inTransit() {
  const f = await loadFixture(fixture);
  const looseShipped = [f.loose[0], f.loose[1]];
  const shipmentId = await shipFrom(f.devices, f.manufacturer, GLN.distributor, looseShipped, [CASE]);
  return { ...f, shipmentId, looseShipped };
}

const PROCEDURE = ethers.id("procedure-record-commitment");

/** The deviceState of a device packed in CASE while CASE travels on shipment 1 from the manufacturer. */
const packedOnShipment1 = (lotKey: bigint) =>
  expectedState({ custodian: GLN.manufacturer, status: DeviceStatus.InTransit, lotKey, container: CASE, shipment: 1n });

type InTransit = Awaited<ReturnType<typeof inTransit>>;
type Party = "manufacturer" | "distributor" | "hospital";

/** One of the two ways a shipment closes with custody left with the sender. */
interface Closing {
  fn: "rejectShipment" | "cancelShipment";
  event: "ShipmentRejected" | "ShipmentCancelled";
  /** The shipment's status once closed this way, and the word for it in test names. */
  status: bigint;
  past: string;
  /** The one organisation that may close it this way, its role in the shipment, and who is refused. */
  closer: Party;
  role: "recipient" | "sender";
  refused: Party[];
  notPartyError: "DeviceRegistryNotRecipient" | "DeviceRegistryNotSender";
}

/**
 * What `rejectShipment` (by the recipient) and `cancelShipment` (by the sender) share: both close the shipment in
 * transit and leave every item with the sender, Active again.
 */
function shouldCloseShipmentToSender(c: Closing): void {
  const close = (f: InTransit, signer: HardhatEthersSigner, ids = f.looseShipped, containers = [CASE]) =>
    f.devices.connect(signer)[c.fn](f.shipmentId, ids, containers);

  it(`emits ${c.event} with the ${c.role} and the actor`, async () => {
    const f = await inTransit();
    await expect(close(f, f[c.closer]))
      .to.emit(f.devices, c.event)
      .withArgs(f.shipmentId, GLN[c.closer], f[c.closer].address);
  });

  it("leaves custody with the sender and makes every item Active again", async () => {
    const f = await inTransit();
    const { devices, lotKey } = f;
    await close(f, f[c.closer]);
    for (const id of f.looseShipped) {
      const active = { custodian: GLN.manufacturer, status: DeviceStatus.Active, lotKey };
      expect(await deviceOf(devices, id)).to.deep.equal(expectedRecord(active));
      expect(await stateOf(devices, id)).to.deep.equal(expectedState(active));
    }
    expect(await containerOf(devices, CASE)).to.deep.equal(
      expectedContainer({ custodian: GLN.manufacturer, status: ContainerStatus.Active, lotKey, deviceCount: 3n }),
    );
    for (const id of f.packed) {
      expect(await stateOf(devices, id)).to.deep.equal(
        expectedState({ custodian: GLN.manufacturer, status: DeviceStatus.Active, lotKey, container: CASE }),
      );
    }
    expect((await devices.shipment(f.shipmentId)).status).to.equal(c.status);
    await expect(devices.connect(f.manufacturer).unpack(CASE, [f.packed[0]])).to.emit(devices, "DevicesUnpacked");
    await expectLedgerHeadReplays(devices);
  });

  it("reverts when the lists differ from what was shipped", async () => {
    const f = await inTransit();
    const [shipped, closer, id] = [f.looseShipped, f[c.closer], f.shipmentId];
    for (const [ids, containers] of [
      [shipped, []],
      [[shipped[0]], [CASE]],
    ] as [string[], bigint[]][]) {
      await expect(close(f, closer, ids, containers))
        .to.be.revertedWithCustomError(f.devices, "DeviceRegistryManifestMismatch")
        .withArgs(id);
    }
    for (const ids of [
      [f.loose[2], shipped[1]],
      [shipped[0], f.loose[2]],
    ]) {
      await expect(close(f, closer, ids))
        .to.be.revertedWithCustomError(f.devices, "DeviceRegistryNotInShipment")
        .withArgs(f.loose[2], id);
    }
    await expect(close(f, closer, shipped, [CASE_2]))
      .to.be.revertedWithCustomError(f.devices, "DeviceRegistryContainerNotInShipment")
      .withArgs(CASE_2, id);
    expect((await f.devices.shipment(id)).status).to.equal(ShipmentStatus.InTransit);
  });

  it(`reverts when the caller's organisation is not the ${c.role}`, async () => {
    const f = await inTransit();
    for (const party of c.refused) {
      await expect(close(f, f[party]))
        .to.be.revertedWithCustomError(f.devices, c.notPartyError)
        .withArgs(f.shipmentId, GLN[party]);
    }
    expect((await f.devices.shipment(f.shipmentId)).status).to.equal(ShipmentStatus.InTransit);
  });

  it("reverts when the shipment was received", async () => {
    const f = await inTransit();
    await f.devices.connect(f.distributor).receiveShipment(f.shipmentId, f.looseShipped, [CASE]);
    await expect(close(f, f[c.closer]))
      .to.be.revertedWithCustomError(f.devices, "DeviceRegistryShipmentClosed")
      .withArgs(f.shipmentId, ShipmentStatus.Received);
    expect((await f.devices.device(f.looseShipped[0])).custodian).to.equal(GLN.distributor);
    expect((await f.devices.container(CASE)).custodian).to.equal(GLN.distributor);
  });

  it(`reverts when the shipment was ${c.past} already`, async () => {
    const f = await inTransit();
    await close(f, f[c.closer]);
    await expect(close(f, f[c.closer]))
      .to.be.revertedWithCustomError(f.devices, "DeviceRegistryShipmentClosed")
      .withArgs(f.shipmentId, c.status);
  });

  it("reverts when the shipment is unknown", async () => {
    const f = await inTransit();
    await expect(f.devices.connect(f[c.closer])[c.fn](7, f.looseShipped, [CASE]))
      .to.be.revertedWithCustomError(f.devices, "DeviceRegistryUnknownShipment")
      .withArgs(7);
  });

  shouldRefuseOutsidersAndPause(inTransit, (f) => f[c.closer], close);

  it(`records a contract wallet as the actor when it signs for the ${c.role}, in the event and the ledger head`, async () => {
    const f = await inTransit();
    const { devices, directory, admin, shipmentId, looseShipped } = f;
    const wallet = await walletOf(directory, admin, f[c.closer], GLN[c.closer]);
    const data = (devices.interface as Interface).encodeFunctionData(c.fn, [shipmentId, looseShipped, [CASE]]);
    await expect(wallet.connect(f[c.closer]).execute(await devices.getAddress(), data))
      .to.emit(devices, c.event)
      .withArgs(shipmentId, GLN[c.closer], await wallet.getAddress());
    await expectLedgerHeadReplays(devices);
  });
}

describe("DeviceRegistry: shipping", () => {
  describe("ship", () => {
    it("returns consecutive shipment ids starting at 1", async () => {
      const { devices, manufacturer, loose } = await loadFixture(fixture);
      const shipper = devices.connect(manufacturer);
      expect(await shipper.ship.staticCall(GLN.distributor, [loose[0]], [], DOCUMENT, true)).to.equal(1n);
      await shipper.ship(GLN.distributor, [loose[0]], [], DOCUMENT, true);
      expect(await shipper.ship.staticCall(GLN.distributor, [loose[1]], [], DOCUMENT, true)).to.equal(2n);
      await shipper.ship(GLN.distributor, [loose[1]], [], DOCUMENT, true);
      expect((await devices.shipment(2)).status).to.equal(ShipmentStatus.InTransit);
    });

    describe("with loose devices", () => {
      it("emits ShipmentDispatched with the parties, devices, document, title flag and actor", async () => {
        const { devices, manufacturer, loose } = await loadFixture(fixture);
        await expect(devices.connect(manufacturer).ship(GLN.distributor, [loose[0], loose[1]], [], DOCUMENT, true))
          .to.emit(devices, "ShipmentDispatched")
          .withArgs(
            1n,
            GLN.manufacturer,
            GLN.distributor,
            [loose[0], loose[1]],
            [],
            DOCUMENT,
            true,
            manufacturer.address,
          );
      });

      it("puts the devices in transit on the shipment while custody stays with the sender", async () => {
        const { devices, manufacturer, loose, lotKey } = await loadFixture(fixture);
        await devices.connect(manufacturer).ship(GLN.distributor, [loose[0], loose[1]], [], DOCUMENT, true);
        for (const id of [loose[0], loose[1]]) {
          expect(await deviceOf(devices, id)).to.deep.equal(
            expectedRecord({ custodian: GLN.manufacturer, status: DeviceStatus.InTransit, lotKey, shipment: 1n }),
          );
          expect(await stateOf(devices, id)).to.deep.equal(
            expectedState({ custodian: GLN.manufacturer, status: DeviceStatus.InTransit, lotKey, shipment: 1n }),
          );
        }
        expect(await shipmentOf(devices, 1n)).to.deep.equal({
          sender: GLN.manufacturer,
          recipient: GLN.distributor,
          status: ShipmentStatus.InTransit,
          excursion: false,
          itemCount: 2n,
        });
        expect((await devices.device(loose[2])).status).to.equal(DeviceStatus.Active);
      });
    });

    describe("with containers", () => {
      it("emits ShipmentDispatched listing the containers", async () => {
        const { devices, manufacturer } = await loadFixture(fixture);
        await expect(devices.connect(manufacturer).ship(GLN.distributor, [], [CASE], DOCUMENT, true))
          .to.emit(devices, "ShipmentDispatched")
          .withArgs(1n, GLN.manufacturer, GLN.distributor, [], [CASE], DOCUMENT, true, manufacturer.address);
      });

      it("puts the container in transit, and deviceState shows its devices InTransit on the shipment", async () => {
        const { devices, manufacturer, packed, lotKey } = await loadFixture(fixture);
        await devices.connect(manufacturer).ship(GLN.distributor, [], [CASE], DOCUMENT, true);
        expect(await containerOf(devices, CASE)).to.deep.equal(
          expectedContainer({
            custodian: GLN.manufacturer,
            status: ContainerStatus.InTransit,
            lotKey,
            shipment: 1n,
            deviceCount: 3n,
          }),
        );
        for (const id of packed) {
          expect(await stateOf(devices, id)).to.deep.equal(packedOnShipment1(lotKey));
        }
        expect((await shipmentOf(devices, 1n)).itemCount).to.equal(1n);
      });
    });

    describe("with loose devices and containers", () => {
      it("emits ShipmentDispatched listing both, with no document and no title transfer", async () => {
        const { devices, manufacturer, loose } = await loadFixture(fixture);
        await expect(devices.connect(manufacturer).ship(GLN.hospital, [loose[0]], [CASE], ethers.ZeroHash, false))
          .to.emit(devices, "ShipmentDispatched")
          .withArgs(
            1n,
            GLN.manufacturer,
            GLN.hospital,
            [loose[0]],
            [CASE],
            ethers.ZeroHash,
            false,
            manufacturer.address,
          );
      });

      it("puts every item in transit on the one shipment", async () => {
        const { devices, manufacturer, loose, packed, lotKey } = await loadFixture(fixture);
        await devices.connect(manufacturer).ship(GLN.hospital, [loose[0]], [CASE], DOCUMENT, true);
        expect(await stateOf(devices, loose[0])).to.deep.equal(
          expectedState({ custodian: GLN.manufacturer, status: DeviceStatus.InTransit, lotKey, shipment: 1n }),
        );
        expect(await stateOf(devices, packed[0])).to.deep.equal(packedOnShipment1(lotKey));
        expect(await shipmentOf(devices, 1n)).to.deep.equal({
          sender: GLN.manufacturer,
          recipient: GLN.hospital,
          status: ShipmentStatus.InTransit,
          excursion: false,
          itemCount: 2n,
        });
      });
    });

    it("ships to every organisation with a role that may hold devices", async () => {
      const { devices, manufacturer, loose, secondIds } = await loadFixture(fixture);
      const recipients = [GLN.otherManufacturer, GLN.distributor, GLN.hospital, GLN.service];
      const items = [loose[0], loose[1], loose[2], secondIds[0]];
      for (let i = 0; i < recipients.length; i++) {
        await expect(devices.connect(manufacturer).ship(recipients[i], [items[i]], [], DOCUMENT, true))
          .to.emit(devices, "ShipmentDispatched")
          .withArgs(i + 1, GLN.manufacturer, recipients[i], [items[i]], [], DOCUMENT, true, manufacturer.address);
      }
    });

    it("ships to a regulator that was also granted a role that may hold devices", async () => {
      const { devices, directory, admin, manufacturer, loose } = await loadFixture(fixture);
      await directory.connect(admin).grantOrganisationRole(GLN.regulator, Role.Distributor);
      await expect(devices.connect(manufacturer).ship(GLN.regulator, [loose[0]], [], DOCUMENT, true))
        .to.emit(devices, "ShipmentDispatched")
        .withArgs(1n, GLN.manufacturer, GLN.regulator, [loose[0]], [], DOCUMENT, true, manufacturer.address);
    });

    describe("when the recipient is invalid", () => {
      const cases: [string, (f: Awaited<ReturnType<typeof fixture>>) => Promise<bigint>][] = [
        ["the sender itself", async () => GLN.manufacturer],
        ["an unknown organisation", async () => UNKNOWN_GLN],
        ["GLN zero", async () => 0n],
        [
          "a suspended organisation",
          async (f) => {
            await f.directory.connect(f.admin).suspendOrganisation(GLN.distributor);
            return GLN.distributor;
          },
        ],
        ["a regulator only", async () => GLN.regulator],
        ["a data gateway only", async () => GLN.gateway],
      ];
      for (const [what, recipientOf] of cases) {
        it(`reverts when the recipient is ${what} and ships nothing`, async () => {
          const f = await loadFixture(fixture);
          const recipient = await recipientOf(f);
          await expect(f.devices.connect(f.manufacturer).ship(recipient, [f.loose[0]], [CASE], DOCUMENT, true))
            .to.be.revertedWithCustomError(f.devices, "DeviceRegistryInvalidRecipient")
            .withArgs(recipient);
          expect((await f.devices.device(f.loose[0])).status).to.equal(DeviceStatus.Active);
          expect((await f.devices.container(CASE)).status).to.equal(ContainerStatus.Active);
          expect((await f.devices.shipment(1)).status).to.equal(ShipmentStatus.None);
        });
      }
    });

    it("reverts when the caller's organisation does not hold a device", async () => {
      const { devices, distributor, loose } = await loadFixture(fixture);
      await expect(devices.connect(distributor).ship(GLN.hospital, [loose[0]], [], DOCUMENT, true))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryNotCustodian")
        .withArgs(loose[0], GLN.distributor);
      expect((await devices.device(loose[0])).status).to.equal(DeviceStatus.Active);
    });

    it("reverts for every organisation that does not hold the device", async () => {
      const f = await loadFixture(fixture);
      for (const [account, org] of allButManufacturer(f)) {
        await expect(f.devices.connect(account).ship(GLN.manufacturer, [f.loose[0]], [], DOCUMENT, true))
          .to.be.revertedWithCustomError(f.devices, "DeviceRegistryNotCustodian")
          .withArgs(f.loose[0], org);
        await expect(f.devices.connect(account).ship(GLN.manufacturer, [], [CASE], DOCUMENT, true))
          .to.be.revertedWithCustomError(f.devices, "DeviceRegistryContainerNotCustodian")
          .withArgs(CASE, org);
      }
      expect((await f.devices.shipment(1)).status).to.equal(ShipmentStatus.None);
    });

    it("reverts when the caller's organisation does not hold a container", async () => {
      const { devices, distributor } = await loadFixture(fixture);
      await expect(devices.connect(distributor).ship(GLN.hospital, [], [CASE], DOCUMENT, true))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerNotCustodian")
        .withArgs(CASE, GLN.distributor);
      expect((await devices.container(CASE)).status).to.equal(ContainerStatus.Active);
    });

    it("reverts when a device is packed, naming its container, and leaves the other items untouched", async () => {
      const { devices, manufacturer, loose, packed } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).ship(GLN.distributor, [loose[0], packed[0]], [], DOCUMENT, true))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryDevicePacked")
        .withArgs(packed[0], CASE);
      expect((await devices.device(loose[0])).status).to.equal(DeviceStatus.Active);
      expect((await devices.device(loose[0])).shipment).to.equal(0n);
    });

    describe("when a device is not Active", () => {
      it("reverts when the device is in transit", async () => {
        const { devices, manufacturer, loose } = await loadFixture(fixture);
        await shipFrom(devices, manufacturer, GLN.distributor, [loose[0]], []);
        await expect(devices.connect(manufacturer).ship(GLN.hospital, [loose[0]], [], DOCUMENT, true))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryDeviceUnavailable")
          .withArgs(loose[0], DeviceStatus.InTransit);
        expect((await devices.device(loose[0])).shipment).to.equal(1n);
      });

      it("reverts when the device is listed twice", async () => {
        const { devices, manufacturer, loose } = await loadFixture(fixture);
        await expect(devices.connect(manufacturer).ship(GLN.distributor, [loose[0], loose[0]], [], DOCUMENT, true))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryDeviceUnavailable")
          .withArgs(loose[0], DeviceStatus.InTransit);
        expect((await devices.device(loose[0])).status).to.equal(DeviceStatus.Active);
      });

      it("reverts when the device is installed", async () => {
        const { devices, lifecycle, manufacturer, hospital, loose } = await loadFixture(fixture);
        const shipmentId = await shipFrom(devices, manufacturer, GLN.hospital, [loose[0]], []);
        await devices.connect(hospital).receiveShipment(shipmentId, [loose[0]], []);
        await lifecycle.connect(hospital).install(loose[0], GLN.hospital, PROCEDURE);
        await expect(devices.connect(hospital).ship(GLN.distributor, [loose[0]], [], DOCUMENT, true))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryDeviceUnavailable")
          .withArgs(loose[0], DeviceStatus.Installed);
      });

      // Statuses the manufacturer's own lifecycle call puts a device in its custody into.
      const byLifecycle: [string, bigint, (life: DeviceLifecycle, id: string) => Promise<unknown>][] = [
        ["quarantined", DeviceStatus.Quarantined, (life, id) => life.quarantine(id, ethers.id("suspected damage"))],
        ["decommissioned", DeviceStatus.Decommissioned, (life, id) => life.decommission(id)],
        ["destroyed", DeviceStatus.Destroyed, (life, id) => life.destroy(id)],
      ];
      for (const [what, status, act] of byLifecycle) {
        it(`reverts when the device is ${what}`, async () => {
          const { devices, lifecycle, manufacturer, loose } = await loadFixture(fixture);
          await act(lifecycle.connect(manufacturer), loose[0]);
          await expect(devices.connect(manufacturer).ship(GLN.distributor, [loose[0]], [], DOCUMENT, true))
            .to.be.revertedWithCustomError(devices, "DeviceRegistryDeviceUnavailable")
            .withArgs(loose[0], status);
          expect((await devices.device(loose[0])).status).to.equal(status);
        });
      }
    });

    it("reverts when a device is unknown", async () => {
      const { devices, manufacturer } = await loadFixture(fixture);
      const [unknown] = unknownIds(1);
      await expect(devices.connect(manufacturer).ship(GLN.distributor, [unknown], [], DOCUMENT, true))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryUnknownDevice")
        .withArgs(unknown);
    });

    it("reverts when a container is empty", async () => {
      const { devices, manufacturer, packed } = await loadFixture(fixture);
      await devices.connect(manufacturer).unpack(CASE, packed);
      await expect(devices.connect(manufacturer).ship(GLN.distributor, [], [CASE], DOCUMENT, true))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerEmpty")
        .withArgs(CASE);
      expect((await devices.container(CASE)).status).to.equal(ContainerStatus.Active);
    });

    it("reverts when a container is in transit", async () => {
      const { devices, manufacturer } = await loadFixture(fixture);
      await shipFrom(devices, manufacturer, GLN.distributor, [], [CASE]);
      await expect(devices.connect(manufacturer).ship(GLN.hospital, [], [CASE], DOCUMENT, true))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerUnavailable")
        .withArgs(CASE, ContainerStatus.InTransit);
      expect((await devices.container(CASE)).shipment).to.equal(1n);
    });

    it("reverts when a container is listed twice", async () => {
      const { devices, manufacturer } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).ship(GLN.distributor, [], [CASE, CASE], DOCUMENT, true))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerUnavailable")
        .withArgs(CASE, ContainerStatus.InTransit);
      expect((await devices.container(CASE)).status).to.equal(ContainerStatus.Active);
    });

    it("reverts when a container is quarantined", async () => {
      const f = await loadFixture(fixture);
      await receiveQuarantined(f, CASE);
      await expect(f.devices.connect(f.distributor).ship(GLN.hospital, [], [CASE], DOCUMENT, true))
        .to.be.revertedWithCustomError(f.devices, "DeviceRegistryContainerUnavailable")
        .withArgs(CASE, ContainerStatus.Quarantined);
    });

    it("reverts when a container is unknown", async () => {
      const { devices, manufacturer, loose } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).ship(GLN.distributor, [loose[0]], [CASE_2], DOCUMENT, true))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryUnknownContainer")
        .withArgs(CASE_2);
      expect((await devices.device(loose[0])).status).to.equal(DeviceStatus.Active);
    });

    it("reverts when the shipment is empty", async () => {
      const { devices, manufacturer } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).ship(GLN.distributor, [], [], DOCUMENT, true))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryEmptyBatch")
        .withArgs();
    });

    it("reverts when devices and containers together exceed MAX_BATCH", async () => {
      const { devices, manufacturer } = await loadFixture(fixture);
      await expect(devices.connect(manufacturer).ship(GLN.distributor, unknownIds(MAX_BATCH + 1), [], DOCUMENT, true))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryBatchTooLarge")
        .withArgs(MAX_BATCH + 1, MAX_BATCH);
      await expect(devices.connect(manufacturer).ship(GLN.distributor, unknownIds(MAX_BATCH), [CASE], DOCUMENT, true))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryBatchTooLarge")
        .withArgs(MAX_BATCH + 1, MAX_BATCH);
    });

    shouldRefuseOutsidersAndPause(
      () => loadFixture(fixture),
      (f) => f.manufacturer,
      (f, signer) => f.devices.connect(signer).ship(GLN.distributor, [f.loose[0]], [], DOCUMENT, true),
    );

    it("reverts when the sender is suspended", async () => {
      const { devices, directory, admin, manufacturer, loose } = await loadFixture(fixture);
      await directory.connect(admin).suspendOrganisation(GLN.manufacturer);
      await expect(devices.connect(manufacturer).ship(GLN.distributor, [loose[0]], [], DOCUMENT, true))
        .to.be.revertedWithCustomError(directory, "DirectoryOrganisationSuspended")
        .withArgs(GLN.manufacturer);
    });

    it("records a contract wallet as the actor when it signs for the sender, in the event and the ledger head", async () => {
      const { devices, directory, admin, manufacturer, loose } = await loadFixture(fixture);
      const wallet = await walletOf(directory, admin, manufacturer, GLN.manufacturer);
      const data = devices.interface.encodeFunctionData("ship", [GLN.distributor, [loose[0]], [CASE], DOCUMENT, true]);
      await expect(wallet.connect(manufacturer).execute(await devices.getAddress(), data))
        .to.emit(devices, "ShipmentDispatched")
        .withArgs(1n, GLN.manufacturer, GLN.distributor, [loose[0]], [CASE], DOCUMENT, true, await wallet.getAddress());
      await expectLedgerHeadReplays(devices);
    });

    describe("when a container is held by a recall", () => {
      /** CASE delivered to the distributor, then a product-wide recall of GTIN (recall 1) naming `returnTo`. */
      async function heldAtDistributor(returnTo = 0n) {
        const f = await loadFixture(fixture);
        const delivered = await shipFrom(f.devices, f.manufacturer, GLN.distributor, [], [CASE]);
        await f.devices.connect(f.distributor).receiveShipment(delivered, [], [CASE]);
        await f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN, { returnTo }));
        return { ...f, delivered };
      }

      it("reverts when the recipient is not a return destination, and ships nothing", async () => {
        const { devices, distributor, delivered } = await heldAtDistributor();
        for (const recipient of [GLN.hospital, GLN.service]) {
          await expect(devices.connect(distributor).ship(recipient, [], [CASE], DOCUMENT, true))
            .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerHeld")
            .withArgs(CASE, 1);
        }
        const c = await containerOf(devices, CASE);
        expect([c.custodian, c.status, c.shipment]).to.deep.equal([GLN.distributor, ContainerStatus.Active, 0n]);
        expect((await devices.shipment(delivered + 1n)).status).to.equal(ShipmentStatus.None);
      });

      it("ships it back to the product's manufacturer", async () => {
        const { devices, distributor, delivered } = await heldAtDistributor();
        await expect(devices.connect(distributor).ship(GLN.manufacturer, [], [CASE], DOCUMENT, true))
          .to.emit(devices, "ShipmentDispatched")
          .withArgs(delivered + 1n, GLN.distributor, GLN.manufacturer, [], [CASE], DOCUMENT, true, distributor.address);
        expect((await devices.container(CASE)).status).to.equal(ContainerStatus.InTransit);
      });

      it("ships it to the return organisation the recall names, and to no other", async () => {
        const { devices, distributor, delivered } = await heldAtDistributor(GLN.service);
        await expect(devices.connect(distributor).ship(GLN.hospital, [], [CASE], DOCUMENT, true))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerHeld")
          .withArgs(CASE, 1);
        await expect(devices.connect(distributor).ship(GLN.service, [], [CASE], DOCUMENT, true))
          .to.emit(devices, "ShipmentDispatched")
          .withArgs(delivered + 1n, GLN.distributor, GLN.service, [], [CASE], DOCUMENT, true, distributor.address);
      });
    });
  });

  describe("receiveShipment", () => {
    it("emits ShipmentReceived with the recipient, no quarantine, and the actor", async () => {
      const { devices, distributor, shipmentId, looseShipped } = await inTransit();
      await expect(devices.connect(distributor).receiveShipment(shipmentId, looseShipped, [CASE]))
        .to.emit(devices, "ShipmentReceived")
        .withArgs(shipmentId, GLN.distributor, false, distributor.address);
    });

    it("hands the loose devices, the container and its devices to the recipient and closes the shipment", async () => {
      const { devices, distributor, shipmentId, looseShipped, packed, lotKey } = await inTransit();
      await devices.connect(distributor).receiveShipment(shipmentId, looseShipped, [CASE]);
      for (const id of looseShipped) {
        expect(await deviceOf(devices, id)).to.deep.equal(
          expectedRecord({ custodian: GLN.distributor, status: DeviceStatus.Active, lotKey }),
        );
      }
      expect(await containerOf(devices, CASE)).to.deep.equal(
        expectedContainer({ custodian: GLN.distributor, status: ContainerStatus.Active, lotKey, deviceCount: 3n }),
      );
      for (const id of packed) {
        expect(await stateOf(devices, id)).to.deep.equal(
          expectedState({ custodian: GLN.distributor, status: DeviceStatus.Active, lotKey, container: CASE }),
        );
      }
      expect(await shipmentOf(devices, shipmentId)).to.deep.equal({
        sender: GLN.manufacturer,
        recipient: GLN.distributor,
        status: ShipmentStatus.Received,
        excursion: false,
        itemCount: 3n,
      });
      await expectLedgerHeadReplays(devices);
    });

    it("accepts the devices and containers in any order", async () => {
      const { devices, manufacturer, distributor, loose, lotKey } = await loadFixture(fixture);
      await devices.connect(manufacturer).pack(CASE_2, [loose[2]]);
      const shipmentId = await shipFrom(devices, manufacturer, GLN.distributor, [loose[0], loose[1]], [CASE, CASE_2]);
      await expect(devices.connect(distributor).receiveShipment(shipmentId, [loose[1], loose[0]], [CASE_2, CASE]))
        .to.emit(devices, "ShipmentReceived")
        .withArgs(shipmentId, GLN.distributor, false, distributor.address);
      expect(await stateOf(devices, loose[2])).to.deep.equal(
        expectedState({ custodian: GLN.distributor, status: DeviceStatus.Active, lotKey, container: CASE_2 }),
      );
      expect((await devices.device(loose[0])).custodian).to.equal(GLN.distributor);
    });

    it("moves custody: the recipient may ship onward and the sender no longer may", async () => {
      const { devices, manufacturer, distributor, shipmentId, looseShipped } = await inTransit();
      await devices.connect(distributor).receiveShipment(shipmentId, looseShipped, [CASE]);
      await expect(devices.connect(manufacturer).ship(GLN.hospital, [looseShipped[0]], [], DOCUMENT, true))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryNotCustodian")
        .withArgs(looseShipped[0], GLN.manufacturer);
      await expect(devices.connect(manufacturer).ship(GLN.hospital, [], [CASE], DOCUMENT, true))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerNotCustodian")
        .withArgs(CASE, GLN.manufacturer);
      await expect(devices.connect(distributor).ship(GLN.hospital, [looseShipped[0]], [CASE], DOCUMENT, true))
        .to.emit(devices, "ShipmentDispatched")
        .withArgs(
          shipmentId + 1n,
          GLN.distributor,
          GLN.hospital,
          [looseShipped[0]],
          [CASE],
          DOCUMENT,
          true,
          distributor.address,
        );
    });

    it("lets the recipient unpack a device from a received container into its own custody", async () => {
      const { devices, distributor, shipmentId, looseShipped, packed, lotKey } = await inTransit();
      await devices.connect(distributor).receiveShipment(shipmentId, looseShipped, [CASE]);
      await expect(devices.connect(distributor).unpack(CASE, [packed[0]]))
        .to.emit(devices, "DevicesUnpacked")
        .withArgs(CASE, [packed[0]], GLN.distributor, distributor.address);
      expect(await stateOf(devices, packed[0])).to.deep.equal(
        expectedState({ custodian: GLN.distributor, status: DeviceStatus.Active, lotKey }),
      );
    });

    /** The distributor's contract wallet receives shipment 1; the event names the wallet as the actor. */
    async function expectWalletReceives(f: InTransit) {
      const { devices, directory, admin, distributor, shipmentId, looseShipped } = f;
      const wallet = await walletOf(directory, admin, distributor, GLN.distributor);
      const data = devices.interface.encodeFunctionData("receiveShipment", [shipmentId, looseShipped, [CASE]]);
      await expect(wallet.connect(distributor).execute(await devices.getAddress(), data))
        .to.emit(devices, "ShipmentReceived")
        .withArgs(shipmentId, GLN.distributor, false, await wallet.getAddress());
    }

    it("records a contract wallet as the actor when it signs for the recipient", async () => {
      await expectWalletReceives(await inTransit());
    });

    it("chains the contract wallet into the ledger head when it signs for the recipient", async () => {
      const f = await inTransit();
      await expectWalletReceives(f);
      await expectLedgerHeadReplays(f.devices);
    });

    describe("when a container is recalled in transit", () => {
      /** CASE alone in transit from the manufacturer to the distributor, then a product-wide recall of GTIN. */
      async function recalledInTransit(returnTo = 0n) {
        const f = await loadFixture(fixture);
        const shipmentId = await shipFrom(f.devices, f.manufacturer, GLN.distributor, [], [CASE]);
        await f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN, { returnTo }));
        return { ...f, shipmentId };
      }

      it("reverts when the recipient is not a return destination, leaving the container in transit", async () => {
        const { devices, distributor, shipmentId } = await recalledInTransit();
        await expect(devices.connect(distributor).receiveShipment(shipmentId, [], [CASE]))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerHeld")
          .withArgs(CASE, 1);
        const c = await containerOf(devices, CASE);
        expect([c.custodian, c.status, c.shipment]).to.deep.equal([
          GLN.manufacturer,
          ContainerStatus.InTransit,
          shipmentId,
        ]);
        expect((await devices.shipment(shipmentId)).status).to.equal(ShipmentStatus.InTransit);
        await expect(devices.connect(distributor).rejectShipment(shipmentId, [], [CASE]))
          .to.emit(devices, "ShipmentRejected")
          .withArgs(shipmentId, GLN.distributor, distributor.address);
        expect((await devices.container(CASE)).custodian).to.equal(GLN.manufacturer);
      });

      it("hands it over when the recall names the recipient as its return organisation", async () => {
        const { devices, distributor, shipmentId } = await recalledInTransit(GLN.distributor);
        await expect(devices.connect(distributor).receiveShipment(shipmentId, [], [CASE]))
          .to.emit(devices, "ShipmentReceived")
          .withArgs(shipmentId, GLN.distributor, false, distributor.address);
        const c = await containerOf(devices, CASE);
        expect([c.custodian, c.status, c.shipment]).to.deep.equal([GLN.distributor, ContainerStatus.Active, 0n]);
      });
    });

    describe("when the lists differ from what was shipped", () => {
      it("reverts when a device is missing", async () => {
        const { devices, distributor, shipmentId, looseShipped } = await inTransit();
        await expect(devices.connect(distributor).receiveShipment(shipmentId, [looseShipped[0]], [CASE]))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryManifestMismatch")
          .withArgs(shipmentId);
        expect((await devices.device(looseShipped[0])).shipment).to.equal(shipmentId);
        expect((await devices.shipment(shipmentId)).status).to.equal(ShipmentStatus.InTransit);
      });

      it("reverts when a container is missing", async () => {
        const { devices, distributor, shipmentId, looseShipped } = await inTransit();
        await expect(devices.connect(distributor).receiveShipment(shipmentId, looseShipped, []))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryManifestMismatch")
          .withArgs(shipmentId);
      });

      it("reverts when an extra device is listed", async () => {
        const { devices, distributor, shipmentId, looseShipped, loose } = await inTransit();
        await expect(devices.connect(distributor).receiveShipment(shipmentId, [...looseShipped, loose[2]], [CASE]))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryManifestMismatch")
          .withArgs(shipmentId);
        expect((await devices.device(loose[2])).custodian).to.equal(GLN.manufacturer);
      });

      it("reverts when a device not shipped replaces one that was", async () => {
        const { devices, distributor, shipmentId, looseShipped, loose } = await inTransit();
        await expect(devices.connect(distributor).receiveShipment(shipmentId, [looseShipped[0], loose[2]], [CASE]))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryNotInShipment")
          .withArgs(loose[2], shipmentId);
        expect((await devices.device(loose[2])).custodian).to.equal(GLN.manufacturer);
        expect((await devices.device(looseShipped[0])).custodian).to.equal(GLN.manufacturer);
      });

      it("reverts when a shipped device is listed twice in place of another", async () => {
        const { devices, distributor, shipmentId, looseShipped } = await inTransit();
        await expect(
          devices.connect(distributor).receiveShipment(shipmentId, [looseShipped[0], looseShipped[0]], [CASE]),
        )
          .to.be.revertedWithCustomError(devices, "DeviceRegistryNotInShipment")
          .withArgs(looseShipped[0], shipmentId);
      });

      it("reverts when a device packed in a shipped container is listed as loose", async () => {
        const { devices, distributor, shipmentId, looseShipped, packed } = await inTransit();
        await expect(devices.connect(distributor).receiveShipment(shipmentId, [looseShipped[0], packed[0]], [CASE]))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryNotInShipment")
          .withArgs(packed[0], shipmentId);
      });

      it("reverts when a container not shipped replaces one that was", async () => {
        const { devices, distributor, shipmentId, looseShipped } = await inTransit();
        await expect(devices.connect(distributor).receiveShipment(shipmentId, looseShipped, [CASE_2]))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryContainerNotInShipment")
          .withArgs(CASE_2, shipmentId);
        expect((await devices.container(CASE)).status).to.equal(ContainerStatus.InTransit);
      });

      it("reverts when the items of another shipment are listed", async () => {
        const { devices, manufacturer, distributor, shipmentId, loose } = await inTransit();
        const other = await shipFrom(devices, manufacturer, GLN.distributor, [loose[2]], []);
        await expect(devices.connect(distributor).receiveShipment(other, [loose[0]], []))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryNotInShipment")
          .withArgs(loose[0], other);
        expect((await devices.device(loose[0])).shipment).to.equal(shipmentId);
      });
    });

    it("reverts when the caller's organisation is not the recipient", async () => {
      const { devices, manufacturer, hospital, shipmentId, looseShipped } = await inTransit();
      for (const [account, org] of [
        [manufacturer, GLN.manufacturer],
        [hospital, GLN.hospital],
      ] as [HardhatEthersSigner, bigint][]) {
        await expect(devices.connect(account).receiveShipment(shipmentId, looseShipped, [CASE]))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryNotRecipient")
          .withArgs(shipmentId, org);
      }
      expect((await devices.shipment(shipmentId)).status).to.equal(ShipmentStatus.InTransit);
    });

    it("reverts when the shipment was received already", async () => {
      const { devices, distributor, shipmentId, looseShipped } = await inTransit();
      await devices.connect(distributor).receiveShipment(shipmentId, looseShipped, [CASE]);
      await expect(devices.connect(distributor).receiveShipment(shipmentId, looseShipped, [CASE]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryShipmentClosed")
        .withArgs(shipmentId, ShipmentStatus.Received);
    });

    it("reverts when the shipment was rejected or cancelled", async () => {
      const { devices, manufacturer, distributor, shipmentId, looseShipped, loose } = await inTransit();
      await devices.connect(distributor).rejectShipment(shipmentId, looseShipped, [CASE]);
      await expect(devices.connect(distributor).receiveShipment(shipmentId, looseShipped, [CASE]))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryShipmentClosed")
        .withArgs(shipmentId, ShipmentStatus.Rejected);
      const cancelled = await shipFrom(devices, manufacturer, GLN.distributor, [loose[2]], []);
      await devices.connect(manufacturer).cancelShipment(cancelled, [loose[2]], []);
      await expect(devices.connect(distributor).receiveShipment(cancelled, [loose[2]], []))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryShipmentClosed")
        .withArgs(cancelled, ShipmentStatus.Cancelled);
      expect((await devices.device(loose[2])).custodian).to.equal(GLN.manufacturer);
    });

    it("reverts when the shipment is unknown", async () => {
      const { devices, distributor, looseShipped } = await inTransit();
      for (const unknown of [0n, 2n, 99n]) {
        await expect(devices.connect(distributor).receiveShipment(unknown, looseShipped, [CASE]))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryUnknownShipment")
          .withArgs(unknown);
      }
    });

    shouldRefuseOutsidersAndPause(
      inTransit,
      (f) => f.distributor,
      (f, signer) => f.devices.connect(signer).receiveShipment(f.shipmentId, f.looseShipped, [CASE]),
    );
  });

  describe("rejectShipment", () => {
    shouldCloseShipmentToSender({
      fn: "rejectShipment",
      event: "ShipmentRejected",
      status: ShipmentStatus.Rejected,
      past: "rejected",
      closer: "distributor",
      role: "recipient",
      refused: ["manufacturer", "hospital"],
      notPartyError: "DeviceRegistryNotRecipient",
    });

    it("lets the sender ship the items again", async () => {
      const { devices, manufacturer, distributor, shipmentId, looseShipped } = await inTransit();
      await devices.connect(distributor).rejectShipment(shipmentId, [looseShipped[1], looseShipped[0]], [CASE]);
      await expect(devices.connect(manufacturer).ship(GLN.hospital, looseShipped, [CASE], DOCUMENT, false))
        .to.emit(devices, "ShipmentDispatched")
        .withArgs(
          shipmentId + 1n,
          GLN.manufacturer,
          GLN.hospital,
          looseShipped,
          [CASE],
          DOCUMENT,
          false,
          manufacturer.address,
        );
    });
  });

  describe("cancelShipment", () => {
    shouldCloseShipmentToSender({
      fn: "cancelShipment",
      event: "ShipmentCancelled",
      status: ShipmentStatus.Cancelled,
      past: "cancelled",
      closer: "manufacturer",
      role: "sender",
      refused: ["distributor", "hospital"],
      notPartyError: "DeviceRegistryNotSender",
    });
  });

  describe("module hooks", () => {
    /** A loose device, a shipment in transit, and each hook called directly by `account`. */
    async function directHookCalls(f: Awaited<ReturnType<typeof fixture>>) {
      const shipmentId = await shipFrom(f.devices, f.manufacturer, GLN.distributor, [f.loose[0]], []);
      const [id] = f.loose.slice(1);
      const callsBy = (account: HardhatEthersSigner) => {
        const devices = f.devices.connect(account);
        return [
          () => devices.setDeviceStatus(id, DeviceStatus.Destroyed),
          () => devices.placeHold(1, GTIN, 1, 0, [], []),
          () => devices.releaseHold(GTIN),
          () => devices.clearDeviceHold(id, 1),
          () => devices.flagShipmentExcursion(shipmentId),
        ];
      };
      return { shipmentId, id, callsBy };
    }

    it("refuse every direct caller, naming it, and change nothing", async () => {
      const f = await loadFixture(fixture);
      const { shipmentId, id, callsBy } = await directHookCalls(f);
      const accounts = [f.admin, f.manufacturer, f.distributor, f.hospital, f.regulator, f.gateway, f.outsider];
      for (const account of accounts) {
        for (const call of callsBy(account)) {
          await expect(call())
            .to.be.revertedWithCustomError(f.devices, "DeviceRegistryUnauthorisedModule")
            .withArgs(account.address);
        }
      }
      expect((await f.devices.device(id)).status).to.equal(DeviceStatus.Active);
      expect((await f.devices.hold(GTIN)).recallId).to.equal(0n);
      expect((await f.devices.shipment(shipmentId)).excursion).to.equal(false);
    });

    it("check the pause before the caller: while the registry is paused a direct caller gets EnforcedPause", async () => {
      const f = await loadFixture(fixture);
      const { callsBy } = await directHookCalls(f);
      await f.devices.connect(f.admin).pause();
      for (const call of callsBy(f.outsider)) {
        await expect(call()).to.be.revertedWithCustomError(f.devices, "EnforcedPause");
      }
    });

    it("refuse a contract wallet, naming the wallet", async () => {
      const { devices, directory, admin, manufacturer, loose } = await loadFixture(fixture);
      const wallet = await walletOf(directory, admin, manufacturer, GLN.manufacturer);
      const data = devices.interface.encodeFunctionData("setDeviceStatus", [loose[0], DeviceStatus.Destroyed]);
      await expect(wallet.connect(manufacturer).execute(await devices.getAddress(), data))
        .to.be.revertedWithCustomError(devices, "DeviceRegistryUnauthorisedModule")
        .withArgs(await wallet.getAddress());
    });

    describe("wireModules", () => {
      it("emitted ModulesWired with the three modules when the Ignition module wired them", async () => {
        const { devices, lifecycle, recalls, anchors, admin } = await loadFixture(fixture);
        const logs = await devices.queryFilter(devices.filters.ModulesWired());
        expect(logs).to.have.length(1);
        expect([...logs[0].args]).to.deep.equal([
          await lifecycle.getAddress(),
          await recalls.getAddress(),
          await anchors.getAddress(),
          admin.address,
        ]);
      });

      it("reverts when the deployer wires the modules a second time, keeping the first wiring", async () => {
        const { devices, lifecycle, admin, manufacturer, outsider, loose } = await loadFixture(fixture);
        await expect(devices.connect(admin).wireModules(outsider.address, outsider.address, outsider.address))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryWiringClosed")
          .withArgs(admin.address);
        await lifecycle.connect(manufacturer).quarantine(loose[0], ethers.id("wiring still in place"));
        expect((await devices.device(loose[0])).status).to.equal(DeviceStatus.Quarantined);
        await expect(devices.connect(outsider).setDeviceStatus(loose[0], DeviceStatus.Active))
          .to.be.revertedWithCustomError(devices, "DeviceRegistryUnauthorisedModule")
          .withArgs(outsider.address);
      });

      /**
       * A second DeviceRegistry on the consortium's directory and products, deployed by `deploy` (which returns its
       * address), and the addresses of the three modules to wire into it.
       */
      async function freshRegistry(
        f: Awaited<ReturnType<typeof fixture>>,
        deploy: (initCode: string) => Promise<string>,
      ) {
        const factory = await ethers.getContractFactory("DeviceRegistry");
        const { data } = await factory.getDeployTransaction(
          await f.directory.getAddress(),
          await f.products.getAddress(),
        );
        const modules = await Promise.all([f.lifecycle, f.recalls, f.anchors].map((m) => m.getAddress()));
        return { registry: factory.attach(await deploy(data)) as DeviceRegistry, modules };
      }

      it("lets a contract wallet that deployed the registry wire it once, naming it in the event, the ledger head and the error", async () => {
        const f = await loadFixture(fixture);
        const wallet = (await ethers.deployContract("ContractWallet", [], f.manufacturer)) as unknown as ContractWallet;
        const { registry, modules } = await freshRegistry(f, async (initCode) => {
          const address = await wallet.connect(f.manufacturer).deploy.staticCall(ethers.ZeroHash, initCode);
          await wallet.connect(f.manufacturer).deploy(ethers.ZeroHash, initCode);
          return address;
        });
        // The account that signed for the wallet is not the deployer.
        await expect(registry.connect(f.manufacturer).wireModules(modules[0], modules[1], modules[2]))
          .to.be.revertedWithCustomError(registry, "DeviceRegistryWiringClosed")
          .withArgs(f.manufacturer.address);
        await expect(through(wallet, f.manufacturer, registry, "wireModules", modules))
          .to.emit(registry, "ModulesWired")
          .withArgs(modules[0], modules[1], modules[2], await wallet.getAddress());
        await expect(through(wallet, f.manufacturer, registry, "wireModules", modules))
          .to.be.revertedWithCustomError(registry, "DeviceRegistryWiringClosed")
          .withArgs(await wallet.getAddress());
        await expectLedgerHeadReplays(registry);
      });

      it("lets the deployer wire the modules while the registry is paused", async () => {
        const f = await loadFixture(fixture);
        const { registry, modules } = await freshRegistry(f, async (initCode) => {
          const tx = await f.outsider.sendTransaction({ data: initCode });
          return (await tx.wait())!.contractAddress!;
        });
        await registry.connect(f.admin).pause();
        await expect(registry.connect(f.outsider).wireModules(modules[0], modules[1], modules[2]))
          .to.emit(registry, "ModulesWired")
          .withArgs(modules[0], modules[1], modules[2], f.outsider.address);
      });

      it("reverts when any other account wires the modules", async () => {
        const { devices, manufacturer, regulator, outsider } = await loadFixture(fixture);
        for (const account of [manufacturer, regulator, outsider]) {
          await expect(devices.connect(account).wireModules(account.address, account.address, account.address))
            .to.be.revertedWithCustomError(devices, "DeviceRegistryWiringClosed")
            .withArgs(account.address);
        }
      });
    });
  });

  describe("ledger head", () => {
    it("equals the head replayed from the logs after a mixed scenario", async () => {
      const f = await loadFixture(fixture);
      const { devices, manufacturer, distributor, hospital, loose, packed, secondIds } = f;
      await devices.connect(manufacturer).commission(f.lotKey, "SN-LEDGER-1");
      await devices.connect(manufacturer).pack(CASE_2, secondIds);
      const first = await shipFrom(devices, manufacturer, GLN.distributor, [loose[0]], [CASE]);
      await devices.connect(distributor).rejectShipment(first, [loose[0]], [CASE]);
      const second = await shipFrom(devices, manufacturer, GLN.distributor, [loose[0], loose[1]], [CASE, CASE_2]);
      await devices.connect(distributor).receiveShipment(second, [loose[1], loose[0]], [CASE_2, CASE]);
      await devices.connect(distributor).unpack(CASE, [packed[0]]);
      const third = await shipFrom(devices, distributor, GLN.hospital, [packed[0]], []);
      await devices.connect(distributor).cancelShipment(third, [packed[0]], []);
      const fourth = await shipFrom(devices, distributor, GLN.hospital, [], [CASE_2]);
      await anchorExcursion(f.anchors, f.gateway, fourth);
      await devices.connect(hospital).receiveShipment(fourth, [], [CASE_2]);
      await devices.connect(hospital).releaseContainer(CASE_2);
      await devices.connect(f.admin).pause();
      await devices.connect(f.admin).unpause();
      await devices.connect(manufacturer).commissionBatch(f.secondLotKey, ["SN-LEDGER-2", "SN-LEDGER-3"]);
      const [, count] = await devices.ledgerHead();
      // 7 events from the fixture (module wiring, 3 lots, 2 batches, 1 pack) and 15 above.
      expect(count).to.equal(22n);
      await expectLedgerHeadReplays(devices);
    });
  });
});
