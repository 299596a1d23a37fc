import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { consortiumFixture, replayLedgerHead, deviceIdOf, GTIN, GLN } from "./fixtures";

describe("smoke", () => {
  it("commissions, ships and receives, and the ledger heads replay", async () => {
    const f = await loadFixture(consortiumFixture);
    const tx = await f.devices.connect(f.manufacturer).commission(f.lotKey, "SN0001");
    const r = await tx.wait();
    console.log("commission gas", r!.gasUsed);
    const id = deviceIdOf(GTIN, "SN0001");
    await f.devices.connect(f.manufacturer).ship(GLN.distributor, [id], [], ethers.ZeroHash, true);
    await f.devices.connect(f.distributor).receiveShipment(1, [id], []);
    const s = await f.devices.deviceState(id);
    expect(s.custodian).to.equal(GLN.distributor);
    for (const c of [f.directory, f.products, f.devices]) {
      const [head, count] = await c.ledgerHead();
      const replay = await replayLedgerHead(await c.getAddress());
      expect(head).to.equal(replay.head);
      expect(count).to.equal(replay.count);
    }
  });
});
import { ethers } from "hardhat";
