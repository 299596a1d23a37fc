import { expect } from "chai";
import fc from "fast-check";
import { AbiCoder, keccak256 } from "ethers";
import { deviceId, lotId } from "../../src/contracts/ids";

const SEED = Number(process.env.UDI_FC_SEED ?? 7);
/** The reference encoding of `Ids.sol`: keccak256(abi.encode(uint64, string)) through ethers' ABI coder. */
const reference = (key: bigint, text: string): string =>
  keccak256(AbiCoder.defaultAbiCoder().encode(["uint64", "string"], [key, text]));

describe("id derivations (src/contracts/ids.ts)", function () {
  const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
  const text = fc.string({ unit: "binary", maxLength: 80 });

  it("deviceId equals abi.encode(uint64 gtin, string serial) hashed, for any GTIN and serial", function () {
    fc.assert(
      fc.property(uint64, text, (gtin, serial) => {
        expect(deviceId(gtin, serial)).to.equal(reference(gtin, serial));
        expect(deviceId(gtin.toString(), serial)).to.equal(reference(gtin, serial));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("lotId equals abi.encode(uint64 gtin, string lotNumber) hashed, for any GTIN and lot number", function () {
    fc.assert(
      fc.property(uint64, text, (gtin, lot) => {
        expect(lotId(gtin, lot)).to.equal(reference(gtin, lot));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("separates serials that differ only past a 32-byte word boundary", function () {
    const long = "S".repeat(32);
    expect(deviceId(1n, long)).to.not.equal(deviceId(1n, long + "0"));
    expect(deviceId(1n, long + "0")).to.equal(reference(1n, long + "0"));
  });
});
