import { expect } from "chai";
import { ethers } from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { CS82, withCheckDigit } from "../../src/gs1";
import { deviceId, lotId } from "../../src/sdk";
import { GTIN, LOT } from "../fixtures";
import { sdkFixture } from "./helpers";

const RUNS = Number(process.env.FC_RUNS ?? 40);
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const attribute = fc.string({ unit: fc.constantFrom(...CS82), minLength: 1, maxLength: 20 });

/** The storage slot of a `mapping(bytes32 => uint32)` holding `value` under `key`, scanning the first slots. */
async function mappingSlotHolding(contract: string, key: string, value: bigint): Promise<number | undefined> {
  for (let slot = 0; slot < 64; slot++) {
    const location = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["bytes32", "uint256"], [key, slot]));
    if (BigInt(await ethers.provider.getStorage(contract, location)) === value) return slot;
  }
  return undefined;
}

describe("SDK id derivations", function () {
  it("deviceId equals the id the registry derives when commissioning (any serial of set 82)", async function () {
    const f = await loadFixture(sdkFixture);
    const registry = f.devices.connect(f.manufacturer);
    await fc.assert(
      fc.asyncProperty(attribute, async (serial) => {
        expect(await registry.commission.staticCall(f.lotKey, serial)).to.equal(deviceId(GTIN, serial));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("deviceId equals the id of the DeviceCommissioned event", async function () {
    const f = await loadFixture(sdkFixture);
    const { result } = await f
      .clientOf(f.manufacturer)
      .devices.commission({ lot: { lotKey: f.lotKey }, serial: "ID-1" });
    expect(result).to.equal(deviceId(GTIN, "ID-1"));
  });

  it("deviceId hashes abi.encode, so (gtin, serial) pairs cannot collide by concatenation", function () {
    expect(deviceId(1n, "23")).to.not.equal(deviceId(12n, "3"));
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 14n - 1n }), attribute, (gtin, serial) => {
        const expected = ethers.keccak256(
          ethers.AbiCoder.defaultAbiCoder().encode(["uint64", "string"], [gtin, serial]),
        );
        expect(deviceId(gtin, serial)).to.equal(expected);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("lotId is the key under which the registry stores a lot's key", async function () {
    const f = await loadFixture(sdkFixture);
    const registry = await f.devices.getAddress();
    const slot = await mappingSlotHolding(registry, lotId(GTIN, LOT), f.lotKey);
    expect(slot, "a mapping slot holding the fixture lot's key under lotId").to.not.equal(undefined);
    const client = f.clientOf(f.manufacturer);
    let registered = 0;
    await fc.assert(
      fc.asyncProperty(attribute, async (suffix) => {
        const lot = `${(registered++).toString(36)}-${suffix}`.slice(0, 20);
        const { result: lotKey } = await client.devices.registerLot({ gtin: GTIN, lot });
        expect(await mappingSlotHolding(registry, lotId(GTIN, lot), lotKey)).to.equal(slot);
        expect(await f.devices.lotKeyOf(GTIN, lot)).to.equal(lotKey);
      }),
      { numRuns: Math.min(RUNS, 10), seed: SEED },
    );
  });

  it("lotId separates GTINs", function () {
    const other = BigInt(withCheckDigit("0061414100029"));
    expect(lotId(GTIN, LOT)).to.not.equal(lotId(other, LOT));
  });
});
