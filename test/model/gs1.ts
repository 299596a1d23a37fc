/**
 * GS1 rules as the model states them, written from the GS1 General Specifications rather than copied from
 * contracts/libraries/GS1.sol, so that a mistake in the library shows up as a disagreement.
 */

/** GS1 character set 82 (General Specifications figure 7.11-1). */
const CS82 = new Set("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz".split(""));

/** True when the key, zero-padded to `digits` digits, ends in its mod-10 check digit. */
function checkDigitHolds(key: bigint, digits: number): boolean {
  const text = key.toString();
  if (key < 0n || text.length > digits) return false;
  const padded = text.padStart(digits, "0");
  const body = padded.slice(0, -1);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // Weights 3, 1, 3, 1… counted from the digit next to the check digit.
    sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10 === Number(padded[digits - 1]);
}

/** GTIN zero (all digits zero) is not a GTIN, though its check digit holds. */
export const isGtin = (gtin: bigint): boolean => gtin !== 0n && checkDigitHolds(gtin, 14);
export const isGln = (gln: bigint): boolean => gln !== 0n && checkDigitHolds(gln, 13);
export const isSscc = (sscc: bigint): boolean => sscc !== 0n && checkDigitHolds(sscc, 18);

/** A serial or lot number: 1 to 20 characters of character set 82 (AI 21, AI 10). */
export function isAttribute(value: string): boolean {
  const bytes = Buffer.from(value, "utf8");
  if (bytes.length === 0 || bytes.length > 20) return false;
  return [...bytes].every((b) => b < 0x80 && CS82.has(String.fromCharCode(b)));
}

/** A company prefix: 4 to 12 decimal digits. */
export const isCompanyPrefix = (prefix: string): boolean => /^[0-9]{4,12}$/.test(prefix);

/** The digits of a GTIN-14 after its indicator digit, as long as `length` (where a company prefix sits). */
export const prefixDigitsOf = (gtin: bigint, length: number): string =>
  gtin
    .toString()
    .padStart(14, "0")
    .slice(1, 1 + length);
