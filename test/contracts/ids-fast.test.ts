import { expect } from "chai";
import fc from "fast-check";
import { AbiCoder, keccak256 } from "ethers";
import { deviceId, lotId, useFastKeccak } from "../../src/contracts/ids";

const SEED = Number(process.env.UDI_FC_SEED ?? 7);
const reference = (key: bigint, text: string): string =>
  keccak256(AbiCoder.defaultAbiCoder().encode(["uint64", "string"], [key, text]));

describe("id derivations with hash-wasm's keccak (useFastKeccak, as the service runs them)", function () {
  before(async function () {
    await useFastKeccak();
  });

  it("gives the ids abi.encode(uint64, string) hashed gives, for any key and text", function () {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.string({ unit: "binary", maxLength: 80 }), (k, t) => {
        expect(deviceId(k, t)).to.equal(reference(k, t));
        expect(lotId(k.toString(), t)).to.equal(reference(k, t));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
