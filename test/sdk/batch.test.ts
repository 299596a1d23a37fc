import { expect } from "chai";
import fc from "fast-check";
import { chunksOf, GasCapError, planChunks } from "../../src/sdk";

const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;

describe("SDK batch splitting", function () {
  it("plans chunks that each fit the item cap and the gas cap, covering every item in order", async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 400 }),
        fc.bigInt({ min: 20_000n, max: 60_000n }),
        fc.bigInt({ min: 50_000n, max: 20_000_000n }),
        async (count, maxItems, perItem, extra) => {
          const base = 30_000n;
          const gasCap = base + perItem + extra;
          const items = Array.from({ length: count }, (_, i) => i);
          const estimate = async (chunk: readonly number[]) => base + perItem * BigInt(chunk.length);
          const chunks = await planChunks("test", items, { maxItems, gasCap }, estimate);
          expect(chunks.flatMap((c) => [...c.items])).to.deep.equal(items);
          for (const c of chunks) {
            expect(c.items.length).to.be.at.most(maxItems);
            expect(c.gas <= gasCap).to.equal(true);
          }
          const ideal = Math.min(maxItems, Number((gasCap - base) / perItem));
          expect(chunks.length).to.equal(Math.ceil(count / ideal));
        },
      ),
      { numRuns: 40, seed: SEED },
    );
  });

  it("throws GasCapError naming the gas and the cap when one item does not fit", async function () {
    const error = await planChunks("commissionBatch", [1], { maxItems: 400, gasCap: 10n }, async () => 11n).catch(
      (e) => e,
    );
    expect(error).to.be.instanceOf(GasCapError);
    expect(error.message).to.equal("commissionBatch: estimated gas 11 exceeds the cap 10");
    expect(error.retryable).to.equal(false);
  });

  it("splits without estimates by item count", function () {
    expect(chunksOf([1, 2, 3, 4, 5], 2)).to.deep.equal([[1, 2], [3, 4], [5]]);
    expect(() => chunksOf([1], 0)).to.throw(RangeError);
  });
});
