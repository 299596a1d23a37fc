import { hasValidCheckDigit } from "./check-digit";
import { GS1_RESOLVER, encodeAiValue } from "./digital-link";
import { joinBracketed } from "./element-string";
import { Gs1Error } from "./errors";

/**
 * The forms auditors read of the GS1 keys the chain stores as integers (GTIN-14, GLN-13, SSCC-18): zero-padded keys,
 * bracketed UDIs and GS1 Digital Link URIs. The check digits were validated on chain; they are kept as they are.
 * The URIs are the ones `buildDigitalLink` gives for the same fields, written directly: exports call them per event.
 */
export const gtin14 = (gtin: string | number | bigint): string => String(gtin).padStart(14, "0");
export const gln13 = (gln: string | number | bigint): string => String(gln).padStart(13, "0");
export const sscc18 = (sscc: string | number | bigint): string => String(sscc).padStart(18, "0");

/** The human-readable UDI: `(01)<GTIN-14>(21)<serial>`. */
export const udiOf = (gtin: string | bigint, serial: string): string =>
  joinBracketed([
    { ai: "01", value: gtin14(gtin) },
    { ai: "21", value: serial },
  ]);

/** A serialised device: `https://id.gs1.org/01/<GTIN>/21/<serial>`. */
export const sgtinUri = (gtin: string | bigint, serial: string): string =>
  `${GS1_RESOLVER}/01/${gtin14(gtin)}/21/${encodeAiValue(serial)}`;
/** A product class: `https://id.gs1.org/01/<GTIN>`. */
export const gtinUri = (gtin: string | bigint): string => `${GS1_RESOLVER}/01/${gtin14(gtin)}`;
/** A lot of a product: `https://id.gs1.org/01/<GTIN>/10/<lot>`. */
export const lgtinUri = (gtin: string | bigint, lot: string): string =>
  `${GS1_RESOLVER}/01/${gtin14(gtin)}/10/${encodeAiValue(lot)}`;
/** A logistic unit: `https://id.gs1.org/00/<SSCC>`. */
export const ssccUri = (sscc: string | bigint): string => `${GS1_RESOLVER}/00/${sscc18(sscc)}`;
/** A physical location (care site, warehouse): `https://id.gs1.org/414/<GLN>`. */
export const locationUri = (gln: string | bigint): string => `${GS1_RESOLVER}/414/${gln13(gln)}`;
/** A party (organisation): `https://id.gs1.org/417/<GLN>`. */
export const partyUri = (gln: string | bigint): string => `${GS1_RESOLVER}/417/${gln13(gln)}`;

/** The GS1 keys the chain stores, by the lengths they may be written in (the first is the stored length). */
const KEY_LENGTHS = { gtin: [14, 8, 12, 13], gln: [13], sscc: [18] } as const;

export type Gs1KeyKind = keyof typeof KEY_LENGTHS;

/** The full length of each key: what a key stored as an integer is padded back to. */
export const GS1_KEY_LENGTH: Record<Gs1KeyKind, number> = { gtin: 14, gln: 13, sscc: 18 };

/**
 * A GS1 key written as digits (a GTIN-8/12/13/14, a GLN-13, an SSCC-18), checked for length and mod-10 check digit
 * and returned at its full length (GTINs widened to 14 digits). Throws a {@link Gs1Error} naming `field`.
 */
export function parseGs1Key(kind: Gs1KeyKind, text: string, field: string = kind): string {
  const lengths: readonly number[] = KEY_LENGTHS[kind];
  if (!/^[0-9]+$/.test(text) || !lengths.includes(text.length))
    throw new Gs1Error(
      "length",
      field,
      `must be ${[...lengths].sort((a, b) => a - b).join(", ")} digits`,
      undefined,
      text,
    );
  const full = text.padStart(GS1_KEY_LENGTH[kind], "0");
  if (!hasValidCheckDigit(full))
    throw new Gs1Error("check-digit", field, "fails its GS1 mod-10 check digit", undefined, text);
  return full;
}
