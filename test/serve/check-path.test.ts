import { expect } from "chai";
import fc from "fast-check";
import { deviceId, useFastKeccak } from "../../src/contracts/ids";
import { Gs1Error, parseGs1 } from "../../src/gs1";
import { CS82 } from "../../src/gs1/charset";
import { withCheckDigit } from "../../src/gs1/check-digit";
import { resolveDeviceRef } from "../../src/indexer/domain/device-ref";
import { InvalidArgumentError } from "../../src/indexer/errors";

/** What the general parser makes of a UDI: the device it names, or the refusal resolveDeviceRef must give. */
function throughParser(text: string): { deviceId: string; gtin: string; serial: string } | string {
  try {
    const { gtin, serial } = parseGs1(text.trim()); // as resolveDeviceRef trims
    const key = BigInt(gtin!).toString();
    return { deviceId: deviceId(key, serial!), gtin: key, serial: serial! };
  } catch (error) {
    if (!(error instanceof Gs1Error)) throw error;
    return new InvalidArgumentError("device", text, error.message).message;
  }
}

function resolved(text: string): ReturnType<typeof resolveDeviceRef> | string {
  try {
    return resolveDeviceRef(text);
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    return error.message;
  }
}

const digits = (n: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: n, maxLength: n });
/** GS1's character set 82 and a few characters outside it (space, é, #, ?). */
const serialChar = fc.constantFrom(...CS82, " ", "é", "#", "?");

describe("udi-ledger serve: the point-of-use check's UDI reading", function () {
  before(async () => {
    await useFastKeccak(); // as the service does
  });

  it("reads https://id.gs1.org/01/<GTIN>/21/<serial> as the general GS1 parser does, refusals included", function () {
    const gtin = fc.oneof(digits(13).map(withCheckDigit), digits(14)); // valid, and mostly invalid check digits
    const serial = fc.string({ unit: serialChar, minLength: 0, maxLength: 24 });
    fc.assert(
      fc.property(gtin, serial, (g, s) => {
        const text = `https://id.gs1.org/01/${g}/21/${s}`;
        expect(resolved(text), text).to.deep.equal(throughParser(text));
      }),
      { numRuns: 2_000 },
    );
    // The cases the plain form leaves to the general parser read the same too.
    const g = withCheckDigit("0061414100012");
    for (const text of [
      `https://id.gs1.org/01/${g}/21/A%2FB`,
      `https://id.gs1.org/01/${g}/21/SN1?17=300101`,
      `https://id.gs1.org/01/${g}/10/LOT/21/SN1`,
      `https://example.com/01/${g}/21/SN1`,
      `HTTPS://ID.GS1.ORG/01/${g}/21/SN1`,
      `https://id.gs1.org/01/${g}/21/SN1/`,
    ])
      expect(resolved(text), text).to.deep.equal(throughParser(text));
  });
});
