import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse } from "ethers";
import { consortiumFixture, GLN, GTIN, Role } from "./fixtures";
import { DOC, commissionAll, recallNotice, ship, type Consortium } from "./helpers/scenario";
import { DeviceStatus, HoldScope, ShipmentStatus } from "./helpers/lifecycle";
import { enumLabel } from "../src/contracts";

/**
 * Ordering races: two transactions land in the same block, in one order and then the other (automine off, then one
 * `evm_mine`). For each pair, both orders are asserted: which transaction wins, the loser's exact custom error, and
 * the state that results.
 */

/** Fees that order the two transactions of a block: the first pays the higher priority fee. */
const feesFor = (position: number) => ({
  gasLimit: 3_000_000,
  maxFeePerGas: ethers.parseUnits("100", "gwei"),
  maxPriorityFeePerGas: ethers.parseUnits(String(10 - position), "gwei"),
});

type Send = (overrides: ReturnType<typeof feesFor>) => Promise<ContractTransactionResponse>;

/** Sends both transactions with automine off, mines one block, and returns each one's success, in sending order. */
async function inOneBlock(first: Send, second: Send): Promise<[boolean, boolean]> {
  await ethers.provider.send("evm_setAutomine", [false]);
  try {
    const a = await first(feesFor(0));
    const b = await second(feesFor(1));
    await ethers.provider.send("evm_mine", []);
    const ra = (await ethers.provider.getTransactionReceipt(a.hash))!;
    const rb = (await ethers.provider.getTransactionReceipt(b.hash))!;
    expect(ra.blockNumber, "both transactions in one block").to.equal(rb.blockNumber);
    expect(ra.index, "mined in sending order").to.be.lessThan(rb.index);
    return [ra.status === 1, rb.status === 1];
  } finally {
    await ethers.provider.send("evm_setAutomine", [true]);
  }
}

/** The consortium with two devices in transit from the manufacturer to the distributor (shipment 1). */
async function inTransitFixture() {
  const f = await consortiumFixture();
  const ids = await commissionAll(f, f.lotKey, GTIN, ["RACE-1", "RACE-2"]);
  const shipmentId = await ship(f, f.manufacturer, GLN.distributor, ids);
  return { ...f, ids, shipmentId };
}
type F = Awaited<ReturnType<typeof inTransitFixture>>;

const productRecall =
  (f: Consortium): Send =>
  (o) =>
    f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN, HoldScope.Product), o);
const receive =
  (f: F): Send =>
  (o) =>
    f.devices.connect(f.distributor).receiveShipment(f.shipmentId, f.ids, [], o);
const reject =
  (f: F): Send =>
  (o) =>
    f.devices.connect(f.distributor).rejectShipment(f.shipmentId, f.ids, [], o);
const cancel =
  (f: F): Send =>
  (o) =>
    f.devices.connect(f.manufacturer).cancelShipment(f.shipmentId, f.ids, [], o);

async function custodyOf(f: F): Promise<[bigint, bigint, bigint][]> {
  return Promise.all(
    f.ids.map(async (id) => {
      const s = await f.devices.deviceState(id);
      return [s.custodian, s.status, s.heldBy] as [bigint, bigint, bigint];
    }),
  );
}

describe("ordering races (two transactions in one block, both orders)", () => {
  describe("recall vs receive", () => {
    it("recall first: the receipt is refused because the device is held, and custody stays with the sender", async () => {
      const f = await loadFixture(inTransitFixture);
      expect(await inOneBlock(productRecall(f), receive(f))).to.deep.equal([true, false]);
      await expect(receive(f)(feesFor(0)))
        .to.be.revertedWithCustomError(f.devices, "DeviceRegistryDeviceHeld")
        .withArgs(f.ids[0], 1);
      expect(await custodyOf(f)).to.deep.equal(f.ids.map(() => [GLN.manufacturer, BigInt(DeviceStatus.InTransit), 1n]));
      expect((await f.devices.shipment(f.shipmentId)).status).to.equal(ShipmentStatus.InTransit);
    });

    it("receive first: the recipient takes custody and the recall then holds the devices where they are", async () => {
      const f = await loadFixture(inTransitFixture);
      expect(await inOneBlock(receive(f), productRecall(f))).to.deep.equal([true, true]);
      expect(await custodyOf(f)).to.deep.equal(f.ids.map(() => [GLN.distributor, BigInt(DeviceStatus.Active), 1n]));
      expect((await f.devices.shipment(f.shipmentId)).status).to.equal(ShipmentStatus.Received);
    });
  });

  describe("cancel vs receive", () => {
    const orders = [
      {
        first: "cancel",
        winner: cancel,
        loser: receive,
        closedAs: ShipmentStatus.Cancelled,
        custodian: GLN.manufacturer,
      },
      {
        first: "receive",
        winner: receive,
        loser: cancel,
        closedAs: ShipmentStatus.Received,
        custodian: GLN.distributor,
      },
    ];
    for (const { first, winner, loser, closedAs, custodian } of orders) {
      const refused = loser === receive ? "the receipt" : "the cancellation";
      it(`${first} first: ${refused} finds the shipment closed as ${enumLabel("ShipmentStatus", closedAs)}`, async () => {
        const f = await loadFixture(inTransitFixture);
        expect(await inOneBlock(winner(f), loser(f))).to.deep.equal([true, false]);
        await expect(loser(f)(feesFor(0)))
          .to.be.revertedWithCustomError(f.devices, "DeviceRegistryShipmentClosed")
          .withArgs(f.shipmentId, closedAs);
        expect(await custodyOf(f)).to.deep.equal(f.ids.map(() => [custodian, BigInt(DeviceStatus.Active), 0n]));
      });
    }
  });

  describe("reject vs recall", () => {
    const expected = (f: F) => f.ids.map(() => [GLN.manufacturer, BigInt(DeviceStatus.Active), 1n]);

    it("reject first: both succeed and the devices are back with the manufacturer, held", async () => {
      const f = await loadFixture(inTransitFixture);
      expect(await inOneBlock(reject(f), productRecall(f))).to.deep.equal([true, true]);
      expect(await custodyOf(f)).to.deep.equal(expected(f));
    });

    it("recall first: a rejection is never blocked by a hold, and the state is the same", async () => {
      const f = await loadFixture(inTransitFixture);
      expect(await inOneBlock(productRecall(f), reject(f))).to.deep.equal([true, true]);
      expect(await custodyOf(f)).to.deep.equal(expected(f));
      expect((await f.devices.shipment(f.shipmentId)).status).to.equal(ShipmentStatus.Rejected);
    });
  });

  describe("account removal vs its pending action", () => {
    /** A second distributor account (`spare`) that ships the devices on once they have arrived. */
    async function removalFixture() {
      const f = await inTransitFixture();
      await f.devices.connect(f.distributor).receiveShipment(f.shipmentId, f.ids, []);
      await f.directory.addAccount(GLN.distributor, f.spare);
      return f;
    }
    const remove =
      (f: F): Send =>
      (o) =>
        f.directory.removeAccount(f.spare, o);
    const onward =
      (f: F): Send =>
      (o) =>
        f.devices.connect(f.spare).ship(GLN.hospital, f.ids, [], DOC, true, o);

    it("removal first: the account's shipment is refused as from an unknown account", async () => {
      const f = await loadFixture(removalFixture);
      expect(await inOneBlock(remove(f), onward(f))).to.deep.equal([true, false]);
      await expect(onward(f)(feesFor(0)))
        .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
        .withArgs(f.spare.address);
      expect(await custodyOf(f)).to.deep.equal(f.ids.map(() => [GLN.distributor, BigInt(DeviceStatus.Active), 0n]));
      expect(await f.directory.organisationOf(f.spare)).to.equal(0n);
    });

    it("action first: the shipment stands after the key is removed, and the organisation's other key can cancel it", async () => {
      const f = await loadFixture(removalFixture);
      expect(await inOneBlock(onward(f), remove(f))).to.deep.equal([true, true]);
      expect(await custodyOf(f)).to.deep.equal(f.ids.map(() => [GLN.distributor, BigInt(DeviceStatus.InTransit), 0n]));
      await expect(f.devices.connect(f.distributor).cancelShipment(2, f.ids, []))
        .to.emit(f.devices, "ShipmentCancelled")
        .withArgs(2, GLN.distributor, f.distributor.address);
    });
  });

  describe("role revocation vs receive", () => {
    // README: "Regulators and data gateways never hold devices". `ship` refuses such a recipient; this race found that
    // `receiveShipment` did not check again, and the contract now refuses the receipt with the same error.
    const revoke =
      (f: F): Send =>
      (o) =>
        f.directory.revokeOrganisationRole(GLN.distributor, Role.Distributor, o);

    it("revocation first: the receipt is refused, since the recipient may no longer hold devices", async () => {
      const f = await loadFixture(inTransitFixture);
      const outcome = await inOneBlock(revoke(f), receive(f));
      expect(await f.directory.activeRoles(GLN.distributor)).to.equal(0n);
      expect(outcome, "the revocation lands and the receipt is refused").to.deep.equal([true, false]);
      await expect(receive(f)(feesFor(0)))
        .to.be.revertedWithCustomError(f.devices, "DeviceRegistryInvalidRecipient")
        .withArgs(GLN.distributor);
      expect(await custodyOf(f)).to.deep.equal(f.ids.map(() => [GLN.manufacturer, BigInt(DeviceStatus.InTransit), 0n]));
    });

    it("receive first: the recipient takes custody while it still holds the role", async () => {
      const f = await loadFixture(inTransitFixture);
      expect(await inOneBlock(receive(f), revoke(f))).to.deep.equal([true, true]);
      expect(await custodyOf(f)).to.deep.equal(f.ids.map(() => [GLN.distributor, BigInt(DeviceStatus.Active), 0n]));
    });
  });

  describe("admin transfer vs role revocation", () => {
    /** A transfer of the consortium admin to `spare`, scheduled and past its delay. */
    async function transferFixture() {
      const f = await consortiumFixture();
      await f.directory.beginDefaultAdminTransfer(f.spare);
      const [, schedule] = await f.directory.pendingDefaultAdmin();
      await time.increaseTo(schedule + 1n);
      return f;
    }
    const accept =
      (f: Consortium): Send =>
      (o) =>
        f.directory.connect(f.spare).acceptDefaultAdminTransfer(o);
    const revokeByOld =
      (f: Consortium): Send =>
      (o) =>
        f.directory.connect(f.admin).revokeOrganisationRole(GLN.distributor, Role.Distributor, o);

    it("acceptance first: the former admin's revocation is refused and the role stays", async () => {
      const f = await loadFixture(transferFixture);
      expect(await inOneBlock(accept(f), revokeByOld(f))).to.deep.equal([true, false]);
      await expect(revokeByOld(f)(feesFor(0)))
        .to.be.revertedWithCustomError(f.directory, "AccessControlUnauthorizedAccount")
        .withArgs(f.admin.address, ethers.ZeroHash);
      expect(await f.directory.defaultAdmin()).to.equal(f.spare.address);
      expect(await f.directory.hasOrganisationRole(GLN.distributor, Role.Distributor)).to.equal(true);
    });

    it("revocation first: it lands under the old admin, then the new admin takes over", async () => {
      const f = await loadFixture(transferFixture);
      expect(await inOneBlock(revokeByOld(f), accept(f))).to.deep.equal([true, true]);
      expect(await f.directory.defaultAdmin()).to.equal(f.spare.address);
      expect(await f.directory.isAdmin(f.admin)).to.equal(false);
      expect(await f.directory.hasOrganisationRole(GLN.distributor, Role.Distributor)).to.equal(false);
    });
  });
});
