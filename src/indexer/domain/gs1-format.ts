/**
 * Formatting of the GS1 keys the chain stores as integers (GTIN-14, GLN-13, SSCC-18) into the forms auditors read:
 * zero-padded keys, bracketed UDI element strings and GS1 Digital Link URIs. The check digits were validated
 * on-chain; they are kept as they are.
 */
export const gtin14 = (gtin: string | number | bigint): string => String(gtin).padStart(14, "0");
export const gln13 = (gln: string | number | bigint): string => String(gln).padStart(13, "0");
export const sscc18 = (sscc: string | number | bigint): string => String(sscc).padStart(18, "0");

/** The human-readable UDI: `(01)<GTIN-14>(21)<serial>`. */
export const udiOf = (gtin: string, serial: string): string => `(01)${gtin14(gtin)}(21)${serial}`;

/** GS1 Digital Link's percent-encoding of an AI value (RFC 3986 unreserved characters stay). */
const encodeAi = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());

export const DIGITAL_LINK = "https://id.gs1.org";

/** A serialised device: `https://id.gs1.org/01/<GTIN>/21/<serial>`. */
export const sgtinUri = (gtin: string, serial: string): string =>
  `${DIGITAL_LINK}/01/${gtin14(gtin)}/21/${encodeAi(serial)}`;
/** A product class: `https://id.gs1.org/01/<GTIN>`. */
export const gtinUri = (gtin: string): string => `${DIGITAL_LINK}/01/${gtin14(gtin)}`;
/** A lot of a product: `https://id.gs1.org/01/<GTIN>/10/<lot>`. */
export const lgtinUri = (gtin: string, lot: string): string => `${DIGITAL_LINK}/01/${gtin14(gtin)}/10/${encodeAi(lot)}`;
/** A logistic unit: `https://id.gs1.org/00/<SSCC>`. */
export const ssccUri = (sscc: string): string => `${DIGITAL_LINK}/00/${sscc18(sscc)}`;
/** A physical location (care site, warehouse): `https://id.gs1.org/414/<GLN>`. */
export const locationUri = (gln: string): string => `${DIGITAL_LINK}/414/${gln13(gln)}`;
/** A party (organisation): `https://id.gs1.org/417/<GLN>`. */
export const partyUri = (gln: string): string => `${DIGITAL_LINK}/417/${gln13(gln)}`;
