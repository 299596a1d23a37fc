import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expectRefused, malformedFixture } from "./malformed/fixture";
import { KEY_ENTRIES } from "./malformed/keys";
import { RECORD_ENTRIES } from "./malformed/records";
import { LIMIT_ENTRIES } from "./malformed/limits";

/**
 * The malformed-input catalogue: zero addresses; empty, overlong and out-of-charset serials and lot numbers; bad check
 * digits and lengths of GTINs, GLNs and SSCCs; duplicates; unknown ids; expired devices; batches above the cap and
 * empty ones; zero hashes and undefined enum values. Each entry must revert with its custom error and arguments, and
 * leave every contract's ledger head and every view of the fixture's records unchanged.
 */
const CATALOGUE = [...KEY_ENTRIES, ...RECORD_ENTRIES, ...LIMIT_ENTRIES];

describe(`malformed-input catalogue (${CATALOGUE.length} entries)`, () => {
  for (const entry of CATALOGUE) {
    it(`refuses to ${entry[0]}, leaving the state unchanged`, async () => {
      await expectRefused(await loadFixture(malformedFixture), entry);
    });
  }
});
