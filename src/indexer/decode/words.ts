import { DecodeError } from "../errors";
import type { EventValue } from "../answers";

export type { EventValue };

/**
 * Readers of ABI-encoded words straight off the hex text of a log (no 0x prefix, no byte conversion): the decoder's
 * hot path. `p` is the character offset of a 32-byte word; dynamic readers follow offsets relative to `base`.
 */
export type WordReader = (hex: string, p: number, base: number) => EventValue;

const WORD = 64;

/** Value of a word that must be a small integer (an offset or a length). */
function smallInt(hex: string, p: number, what: string): number {
  if (p + WORD > hex.length) throw new DecodeError("(log)", what, `word at ${p / 2} is past the end of the data`);
  const high = hex.substring(p, p + WORD - 12);
  if (!/^0*$/.test(high)) throw new DecodeError("(log)", what, `value at byte ${p / 2} is implausibly large`);
  return Number.parseInt(hex.substring(p + WORD - 12, p + WORD), 16);
}

/** Decimal text of a hex quantity of any size: Number when it fits in 2^52, BigInt otherwise. */
export function hexToDecimal(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++;
  const significant = digits.substring(i);
  return significant.length <= 13 ? String(Number.parseInt(significant, 16)) : BigInt("0x" + significant).toString();
}

/** uintN, N ≤ 48: a JavaScript number. */
export const uintSmall =
  (bits: number): WordReader =>
  (hex, p) =>
    Number.parseInt(hex.substring(p + WORD - bits / 4, p + WORD), 16);

/** uintN, N > 48 (GTINs, GLNs, SSCCs, uint256): decimal text, exact. */
export const uintLarge =
  (bits: number): WordReader =>
  (hex, p) =>
    hexToDecimal(hex.substring(p + WORD - bits / 4, p + WORD));

export const address: WordReader = (hex, p) => "0x" + hex.substring(p + 24, p + WORD);

export const bool: WordReader = (hex, p) => hex.charCodeAt(p + WORD - 1) !== 48;

/** bytesN: 0x-prefixed, 2N hex digits. */
export const fixedBytes =
  (size: number): WordReader =>
  (hex, p) =>
    "0x" + hex.substring(p, p + size * 2);

/** The raw hex of a length-prefixed byte string at character offset `at`. */
function bytesAt(hex: string, at: number, what: string): string {
  const length = smallInt(hex, at, what) * 2;
  if (at + WORD + length > hex.length) throw new DecodeError("(log)", what, `${length / 2} bytes run past the data`);
  return hex.substring(at + WORD, at + WORD + length);
}

const offsetFrom = (hex: string, p: number, base: number, what: string): number => base + smallInt(hex, p, what) * 2;

export const string: WordReader = (hex, p, base) =>
  Buffer.from(bytesAt(hex, offsetFrom(hex, p, base, "string"), "string"), "hex").toString("utf8");

export const bytes: WordReader = (hex, p, base) => "0x" + bytesAt(hex, offsetFrom(hex, p, base, "bytes"), "bytes");

/** T[] where T is static (one word each). */
export const staticArray =
  (element: WordReader): WordReader =>
  (hex, p, base) => {
    const at = offsetFrom(hex, p, base, "array");
    const length = smallInt(hex, at, "array length");
    if (at + WORD * (length + 1) > hex.length) throw new DecodeError("(log)", "array", `${length} items past the data`);
    const out: EventValue[] = new Array(length);
    for (let i = 0, q = at + WORD; i < length; i++, q += WORD) out[i] = element(hex, q, 0);
    return out;
  };

/** T[] where T is dynamic (string, bytes): each item is an offset from the start of the items. */
export const dynamicArray =
  (element: WordReader): WordReader =>
  (hex, p, base) => {
    const at = offsetFrom(hex, p, base, "array");
    const length = smallInt(hex, at, "array length");
    const items = at + WORD;
    if (items + WORD * length > hex.length) throw new DecodeError("(log)", "array", `${length} items past the data`);
    const out: EventValue[] = new Array(length);
    for (let i = 0; i < length; i++) out[i] = element(hex, items + i * WORD, items);
    return out;
  };
