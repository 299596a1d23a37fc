import { ethers } from "hardhat";
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner as Signer } from "@nomicfoundation/hardhat-ethers/signers";
import type { IDataAnchorRegistry } from "../typechain-types/contracts/DataAnchorRegistry";
import { consortiumGatedPausable, shouldBehaveLikePausable } from "./behaviors/pausable.behavior";
import { walletOf } from "./helpers/devices";
import { DAY, GLN, GTIN } from "./fixtures";
import {
  deliveredFixture,
  ship,
  membersExcept,
  type OrgName,
  anchorRequest,
  merkleTree,
  standardLeaf,
  expectLedgerHeadReplays,
  AnchorTarget,
  DeviceStatus,
  ContainerStatus,
  ShipmentStatus,
  SSCC_A,
  UNKNOWN_DEVICE,
} from "./helpers/lifecycle";
import { through } from "./helpers/scenario";

const word = (value: bigint | number): string => ethers.toBeHex(value, 32);

type AnchorRequest = IDataAnchorRegistry.AnchorRequestStruct;

/** The arguments of the DataAnchored event that anchoring `request` as anchor `anchorId` emits. */
const anchoredArgs = (anchorId: unknown, request: AnchorRequest, organisation: unknown, actor: unknown): unknown[] => [
  anchorId,
  request.target,
  request.targetId,
  request.root,
  request.recordCount,
  request.windowStart,
  request.windowEnd,
  request.uriHash,
  request.excursion,
  organisation,
  actor,
];
/** The largest shipment id and lot key (both uint32 counters). */
const MAX_UINT32 = 2n ** 32n - 1n;

/**
 * Moves one of the device registry's uint32 counters (DeviceStorage `_lotCount` in slot 3, `_shipmentCount` in slot 9)
 * so that the next id it hands out is 2^32 - 1, after checking that the slot holds the expected current count.
 */
async function moveCounterToLastId(registry: string, slot: number, current: bigint): Promise<void> {
  expect(await ethers.provider.getStorage(registry, slot)).to.equal(word(current));
  await ethers.provider.send("hardhat_setStorageAt", [registry, ethers.toQuantity(slot), word(MAX_UINT32 - 1n)]);
}

/** Five temperature readings of a shipment's logger, as OpenZeppelin standard-tree leaves. */
const READINGS: [number, number, string][] = [
  [1_700_000_000, 412, ethers.id("logger-7")],
  [1_700_000_900, 455, ethers.id("logger-7")],
  [1_700_001_800, 498, ethers.id("logger-7")],
  [1_700_002_700, 861, ethers.id("logger-7")],
  [1_700_003_600, 430, ethers.id("logger-7")],
];
const LEAVES = READINGS.map((r) => standardLeaf(["uint40", "int16", "bytes32"], r));

describe("DataAnchorRegistry", () => {
  /**
   * Devices delivered to the hospital (shipment 1, received) and shipment 2 in transit from the manufacturer to the
   * hospital, carrying one loose device and a container holding another.
   */
  async function fixture() {
    const f = await deliveredFixture();
    const [m1, m2] = f.inStock;
    await f.devices.connect(f.manufacturer).pack(SSCC_A, [m2]);
    const transit = await ship(f.devices, f.manufacturer, GLN.hospital, [m1], [SSCC_A]);
    return { ...f, m1, m2, transit, h1: f.atHospital[0] };
  }
  type Fixture = Awaited<ReturnType<typeof fixture>>;

  async function receiveTransit(f: Fixture) {
    return f.devices.connect(f.hospital).receiveShipment(f.transit, [f.m1], [SSCC_A]);
  }

  /** The stored anchor holds the request's fields and the organisation that anchored it. */
  async function expectAnchor(f: Fixture, anchorId: number, request: AnchorRequest, organisation: bigint) {
    const a = await f.anchors.anchorOf(anchorId);
    for (const field of ["root", "windowStart", "windowEnd", "recordCount", "target", "excursion"] as const) {
      expect(a[field], field).to.equal(request[field]);
    }
    expect(a.organisation).to.equal(organisation);
  }

  /** Each member in turn anchors `request` (anchor ids 1, 2…): the event and the stored anchor. */
  async function expectAnchoredBy(f: Fixture, request: AnchorRequest, members: { signer: Signer; gln: bigint }[]) {
    for (const [i, m] of members.entries()) {
      await expect(f.anchors.connect(m.signer).anchor(request))
        .to.emit(f.anchors, "DataAnchored")
        .withArgs(...anchoredArgs(i + 1, request, m.gln, m.signer.address));
      await expectAnchor(f, i + 1, request, m.gln);
    }
  }

  /** Every other member is refused as no party to the target, an unknown account by the directory; none anchors. */
  async function expectOnlyPartiesAnchor(f: Fixture, request: AnchorRequest, ...parties: OrgName[]) {
    for (const m of membersExcept(f, ...parties)) {
      await expect(f.anchors.connect(m.signer).anchor(request))
        .to.be.revertedWithCustomError(f.anchors, "DataAnchorRegistryNotParty")
        .withArgs(request.target, request.targetId, m.gln);
    }
    await expect(f.anchors.connect(f.outsider).anchor(request))
      .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
      .withArgs(f.outsider.address);
    expect((await f.anchors.anchorOf(1)).root).to.equal(ethers.ZeroHash);
  }

  describe("anchor", () => {
    describe("on a shipment", () => {
      it("lets a data gateway anchor records and emits DataAnchored", async () => {
        const f = await loadFixture(fixture);
        const request = anchorRequest(AnchorTarget.Shipment, BigInt(f.transit));
        await expectAnchoredBy(f, request, [{ signer: f.gateway, gln: GLN.gateway }]);
        expect((await f.anchors.anchorOf(2)).root).to.equal(ethers.ZeroHash);
        expect((await f.devices.shipment(f.transit)).excursion).to.equal(false);
      });

      it("lets the sender and the recipient anchor records", async () => {
        const f = await loadFixture(fixture);
        const request = anchorRequest(AnchorTarget.Shipment, BigInt(f.transit));
        await expectAnchoredBy(f, request, [
          { signer: f.manufacturer, gln: GLN.manufacturer },
          { signer: f.hospital, gln: GLN.hospital },
        ]);
      });

      it("records a contract wallet as the actor when it signs for the recipient, in the event and the ledger head", async () => {
        const f = await loadFixture(fixture);
        const wallet = await walletOf(f.directory, f.admin, f.hospital, GLN.hospital);
        const request = anchorRequest(AnchorTarget.Shipment, BigInt(f.transit), { excursion: true });
        await expect(through(wallet, f.hospital, f.anchors, "anchor", [request]))
          .to.emit(f.anchors, "DataAnchored")
          .withArgs(...anchoredArgs(1, request, GLN.hospital, await wallet.getAddress()));
        expect((await f.anchors.anchorOf(1)).organisation).to.equal(GLN.hospital);
        expect((await f.devices.shipment(f.transit)).excursion).to.equal(true);
        await expectLedgerHeadReplays(f.anchors);
      });

      it("anchors on the shipment with the largest id, 2^32 - 1", async () => {
        const f = await loadFixture(fixture);
        await moveCounterToLastId(await f.devices.getAddress(), 9, BigInt(f.transit));
        const last = await ship(f.devices, f.hospital, GLN.distributor, [f.h1]);
        expect(last).to.equal(MAX_UINT32);
        const request = anchorRequest(AnchorTarget.Shipment, MAX_UINT32);
        await expectAnchoredBy(f, request, [{ signer: f.distributor, gln: GLN.distributor }]);
      });

      it("reverts when the caller is not a party to the shipment", async () => {
        const f = await loadFixture(fixture);
        const request = anchorRequest(AnchorTarget.Shipment, BigInt(f.transit));
        await expectOnlyPartiesAnchor(f, request, "manufacturer", "hospital", "gateway");
      });
    });

    describe("on a device", () => {
      it("lets the custodian and a data gateway anchor records", async () => {
        const f = await loadFixture(fixture);
        const request = anchorRequest(AnchorTarget.Device, f.h1, { excursion: true });
        await expectAnchoredBy(f, request, [
          { signer: f.hospital, gln: GLN.hospital },
          { signer: f.gateway, gln: GLN.gateway },
        ]);
        expect((await f.devices.deviceState(f.h1)).status).to.equal(DeviceStatus.Active);
      });

      it("treats the custodian of a packed device's container as its custodian", async () => {
        const f = await loadFixture(fixture);
        const request = anchorRequest(AnchorTarget.Device, f.m2);
        await expect(f.anchors.connect(f.manufacturer).anchor(request))
          .to.emit(f.anchors, "DataAnchored")
          .withArgs(...anchoredArgs(1, request, GLN.manufacturer, f.manufacturer.address));
        await expect(f.anchors.connect(f.hospital).anchor(request))
          .to.be.revertedWithCustomError(f.anchors, "DataAnchorRegistryNotParty")
          .withArgs(AnchorTarget.Device, f.m2, GLN.hospital);
      });

      it("reverts when the caller is not the custodian", async () => {
        const f = await loadFixture(fixture);
        await expectOnlyPartiesAnchor(f, anchorRequest(AnchorTarget.Device, f.h1), "hospital", "gateway");
      });
    });

    describe("on a lot", () => {
      it("lets the lot's manufacturer and a data gateway anchor records", async () => {
        const f = await loadFixture(fixture);
        await expectAnchoredBy(f, anchorRequest(AnchorTarget.Lot, f.lotKey), [
          { signer: f.manufacturer, gln: GLN.manufacturer },
          { signer: f.gateway, gln: GLN.gateway },
        ]);
      });

      it("anchors on the lot with the largest key, 2^32 - 1", async () => {
        const f = await loadFixture(fixture);
        await moveCounterToLastId(await f.devices.getAddress(), 3, BigInt(f.implantLot));
        await f.devices.connect(f.manufacturer).registerLot(GTIN, "LOT-LAST", Number(f.now - DAY), 0);
        expect(await f.devices.lotKeyOf(GTIN, "LOT-LAST")).to.equal(MAX_UINT32);
        const request = anchorRequest(AnchorTarget.Lot, MAX_UINT32);
        await expectAnchoredBy(f, request, [{ signer: f.manufacturer, gln: GLN.manufacturer }]);
      });

      it("reverts when the caller is not the lot's manufacturer", async () => {
        const f = await loadFixture(fixture);
        await expectOnlyPartiesAnchor(f, anchorRequest(AnchorTarget.Lot, f.lotKey), "manufacturer", "gateway");
      });
    });

    it("reverts when the caller's organisation is suspended", async () => {
      const f = await loadFixture(fixture);
      await f.directory.connect(f.admin).suspendOrganisation(GLN.gateway);
      await expect(f.anchors.connect(f.gateway).anchor(anchorRequest(AnchorTarget.Lot, f.lotKey)))
        .to.be.revertedWithCustomError(f.directory, "DirectoryOrganisationSuspended")
        .withArgs(GLN.gateway);
    });

    it("reverts when the target is unknown, even for a data gateway", async () => {
      const f = await loadFixture(fixture);
      const cases: [number, string][] = [
        [AnchorTarget.None, word(f.transit)],
        [AnchorTarget.None, ethers.ZeroHash],
        [AnchorTarget.Shipment, word(0)],
        [AnchorTarget.Shipment, word(99)],
        [AnchorTarget.Shipment, word((1n << 32n) + BigInt(f.transit))],
        [AnchorTarget.Shipment, word(ethers.MaxUint256)],
        [AnchorTarget.Device, UNKNOWN_DEVICE],
        [AnchorTarget.Device, ethers.ZeroHash],
        [AnchorTarget.Lot, word(0)],
        [AnchorTarget.Lot, word(999)],
        [AnchorTarget.Lot, word((1n << 32n) + f.lotKey)],
      ];
      for (const [target, targetId] of cases) {
        for (const signer of [f.gateway, f.manufacturer]) {
          await expect(f.anchors.connect(signer).anchor(anchorRequest(target, targetId)))
            .to.be.revertedWithCustomError(f.anchors, "DataAnchorRegistryUnknownTarget")
            .withArgs(target, targetId);
        }
      }
      expect((await f.anchors.anchorOf(1)).root).to.equal(ethers.ZeroHash);
    });

    it("reverts when the root is zero, the count zero or the window reversed", async () => {
      const f = await loadFixture(fixture);
      const cases = [
        { root: ethers.ZeroHash },
        { recordCount: 0 },
        { windowStart: 1_700_003_601, windowEnd: 1_700_003_600 },
      ];
      for (const overrides of cases) {
        const request = anchorRequest(AnchorTarget.Shipment, BigInt(f.transit), { ...overrides, excursion: true });
        await expect(f.anchors.connect(f.gateway).anchor(request))
          .to.be.revertedWithCustomError(f.anchors, "DataAnchorRegistryInvalidAnchor")
          .withArgs(request.root, request.recordCount, request.windowStart, request.windowEnd);
      }
      expect((await f.anchors.anchorOf(1)).root).to.equal(ethers.ZeroHash);
      expect((await f.devices.shipment(f.transit)).excursion).to.equal(false);
    });

    it("accepts a window of a single instant", async () => {
      const f = await loadFixture(fixture);
      const request = anchorRequest(AnchorTarget.Lot, f.lotKey, {
        windowStart: 1_700_000_000,
        windowEnd: 1_700_000_000,
      });
      await expectAnchoredBy(f, request, [{ signer: f.gateway, gln: GLN.gateway }]);
    });
  });

  describe("excursions", () => {
    it("quarantines the loose devices and containers of a shipment in transit on receipt", async () => {
      const f = await loadFixture(fixture);
      const request = anchorRequest(AnchorTarget.Shipment, BigInt(f.transit), { excursion: true });
      await expectAnchoredBy(f, request, [{ signer: f.gateway, gln: GLN.gateway }]);
      expect((await f.devices.shipment(f.transit)).excursion).to.equal(true);
      await expect(receiveTransit(f))
        .to.emit(f.devices, "ShipmentReceived")
        .withArgs(f.transit, GLN.hospital, true, f.hospital.address);
      const loose = await f.devices.deviceState(f.m1);
      expect(loose.status).to.equal(DeviceStatus.Quarantined);
      expect(loose.custodian).to.equal(GLN.hospital);
      expect((await f.devices.device(f.m1)).status).to.equal(DeviceStatus.Quarantined);
      const c = await f.devices.container(SSCC_A);
      expect(c.status).to.equal(ContainerStatus.Quarantined);
      expect(c.custodian).to.equal(GLN.hospital);
      const packed = await f.devices.deviceState(f.m2);
      expect(packed.status).to.equal(DeviceStatus.Quarantined);
      expect(packed.custodian).to.equal(GLN.hospital);
      expect(packed.container).to.equal(SSCC_A);
      expect((await f.devices.shipment(f.transit)).status).to.equal(ShipmentStatus.Received);
    });

    it("receives normally when the shipment's records show no excursion", async () => {
      const f = await loadFixture(fixture);
      await f.anchors.connect(f.gateway).anchor(anchorRequest(AnchorTarget.Shipment, BigInt(f.transit)));
      await expect(receiveTransit(f))
        .to.emit(f.devices, "ShipmentReceived")
        .withArgs(f.transit, GLN.hospital, false, f.hospital.address);
      expect((await f.devices.deviceState(f.m1)).status).to.equal(DeviceStatus.Active);
      expect((await f.devices.container(SSCC_A)).status).to.equal(ContainerStatus.Active);
      expect((await f.devices.deviceState(f.m2)).status).to.equal(DeviceStatus.Active);
    });

    it("changes nothing when the excursion is anchored after receipt", async () => {
      const f = await loadFixture(fixture);
      const request = anchorRequest(AnchorTarget.Shipment, BigInt(f.delivery), { excursion: true });
      await expectAnchoredBy(f, request, [{ signer: f.hospital, gln: GLN.hospital }]);
      const s = await f.devices.shipment(f.delivery);
      expect(s.excursion).to.equal(false);
      expect(s.status).to.equal(ShipmentStatus.Received);
      for (const id of f.atHospital) {
        const state = await f.devices.deviceState(id);
        expect(state.status).to.equal(DeviceStatus.Active);
        expect(state.custodian).to.equal(GLN.hospital);
      }
    });

    it("does not flag a shipment when the excursion is anchored on a device or a lot", async () => {
      const f = await loadFixture(fixture);
      await f.anchors.connect(f.gateway).anchor(anchorRequest(AnchorTarget.Device, f.m1, { excursion: true }));
      await f.anchors.connect(f.gateway).anchor(anchorRequest(AnchorTarget.Lot, f.lotKey, { excursion: true }));
      expect((await f.devices.shipment(f.transit)).excursion).to.equal(false);
      await expect(receiveTransit(f))
        .to.emit(f.devices, "ShipmentReceived")
        .withArgs(f.transit, GLN.hospital, false, f.hospital.address);
      expect((await f.devices.deviceState(f.m1)).status).to.equal(DeviceStatus.Active);
    });

    it("reverts the excursion anchor while the device registry is paused", async () => {
      const f = await loadFixture(fixture);
      await f.devices.connect(f.admin).pause();
      await expect(
        f.anchors
          .connect(f.gateway)
          .anchor(anchorRequest(AnchorTarget.Shipment, BigInt(f.transit), { excursion: true })),
      )
        .to.be.revertedWithCustomError(f.devices, "EnforcedPause")
        .withArgs();
      expect((await f.anchors.anchorOf(1)).root).to.equal(ethers.ZeroHash);
    });
  });

  describe("verifyRecord", () => {
    async function anchoredTreeFixture() {
      const f = await fixture();
      const tree = merkleTree(LEAVES);
      await f.anchors
        .connect(f.gateway)
        .anchor(
          anchorRequest(AnchorTarget.Shipment, BigInt(f.transit), { root: tree.root, recordCount: LEAVES.length }),
        );
      const single = LEAVES[3];
      await f.anchors
        .connect(f.gateway)
        .anchor(anchorRequest(AnchorTarget.Lot, f.lotKey, { root: single, recordCount: 1 }));
      return { ...f, tree };
    }

    it("is true for every anchored record with its proof", async () => {
      const f = await loadFixture(anchoredTreeFixture);
      for (let i = 0; i < LEAVES.length; i++) {
        expect(await f.anchors.verifyRecord(1, LEAVES[i], f.tree.proofs[i])).to.equal(true);
      }
    });

    it("is false for a record that was not anchored", async () => {
      const f = await loadFixture(anchoredTreeFixture);
      const forged = standardLeaf(["uint40", "int16", "bytes32"], [1_700_002_700, 461, ethers.id("logger-7")]);
      expect(await f.anchors.verifyRecord(1, forged, f.tree.proofs[3])).to.equal(false);
      expect(await f.anchors.verifyRecord(1, ethers.keccak256(LEAVES[0]), f.tree.proofs[0])).to.equal(false);
    });

    it("is false for a wrong proof", async () => {
      const f = await loadFixture(anchoredTreeFixture);
      const tampered = [...f.tree.proofs[0]];
      tampered[tampered.length - 1] = ethers.id("tampered");
      expect(await f.anchors.verifyRecord(1, LEAVES[0], tampered)).to.equal(false);
      expect(await f.anchors.verifyRecord(1, LEAVES[0], f.tree.proofs[2])).to.equal(false);
      expect(await f.anchors.verifyRecord(1, LEAVES[0], [])).to.equal(false);
      expect(await f.anchors.verifyRecord(2, LEAVES[0], f.tree.proofs[0])).to.equal(false);
    });

    it("verifies a single-record anchor with an empty proof", async () => {
      const f = await loadFixture(anchoredTreeFixture);
      expect(await f.anchors.verifyRecord(2, LEAVES[3], [])).to.equal(true);
      expect(await f.anchors.verifyRecord(2, LEAVES[4], [])).to.equal(false);
    });

    it("reverts when the anchor is unknown", async () => {
      const f = await loadFixture(anchoredTreeFixture);
      for (const id of [0, 3, 99]) {
        await expect(f.anchors.verifyRecord(id, LEAVES[0], f.tree.proofs[0]))
          .to.be.revertedWithCustomError(f.anchors, "DataAnchorRegistryUnknownAnchor")
          .withArgs(id);
      }
    });
  });

  describe("when paused", () => {
    shouldBehaveLikePausable(async () => {
      const f = await loadFixture(fixture);
      return consortiumGatedPausable(f, f.anchors, () =>
        f.anchors.connect(f.gateway).anchor(anchorRequest(AnchorTarget.Lot, f.lotKey)),
      );
    });

    it("keeps verifying records while paused", async () => {
      const f = await loadFixture(fixture);
      const tree = merkleTree(LEAVES);
      await f.anchors
        .connect(f.gateway)
        .anchor(anchorRequest(AnchorTarget.Lot, f.lotKey, { root: tree.root, recordCount: LEAVES.length }));
      await f.anchors.connect(f.admin).pause();
      expect(await f.anchors.verifyRecord(1, LEAVES[1], tree.proofs[1])).to.equal(true);
    });
  });

  describe("ledgerHead", () => {
    it("equals the head replayed from the contract's logs", async () => {
      const f = await loadFixture(fixture);
      await f.anchors
        .connect(f.gateway)
        .anchor(anchorRequest(AnchorTarget.Shipment, BigInt(f.transit), { excursion: true }));
      await f.anchors.connect(f.hospital).anchor(anchorRequest(AnchorTarget.Device, f.h1));
      await f.anchors.connect(f.manufacturer).anchor(anchorRequest(AnchorTarget.Lot, f.lotKey));
      await f.anchors.connect(f.admin).pause();
      await f.anchors.connect(f.admin).unpause();
      await receiveTransit(f);
      const [, count] = await f.anchors.ledgerHead();
      expect(count).to.equal(5n);
      await expectLedgerHeadReplays(f.anchors);
      await expectLedgerHeadReplays(f.devices);
    });
  });
});
