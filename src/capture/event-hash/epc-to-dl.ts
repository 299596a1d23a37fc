import { withCheckDigit } from "../../gs1/check-digit";
import { GS1_RESOLVER } from "../../gs1/digital-link";

/**
 * EPC URNs (TDS 2.x) in the canonical GS1 Digital Link form the CBV 2.0 event hash writes (rule: every identifier as
 * a constrained, canonical `https://id.gs1.org/…` URI). Local on purpose, not `src/gs1/epc-uri.ts`: the hash must
 * never refuse a value (an identifier it cannot read is hashed as written, as the reference implementation does),
 * it covers the schemes the reference does beyond the ledger's own (GIAI, GRAI, GDTI, GSRN, SGCN, GINC, GSIN), and it
 * keeps a URN's own percent-escapes, escaping only `!()*+,:` (the reference's `webURIPercentEncoder`), where
 * `encodeAiValue` would re-encode from the decoded value (`'` → `%27`) and change the hash. The ledger's schemes
 * (sgtin, sscc, sgln, pgln, lgtin) could be read through `parseEpc` once it lands, keeping this tolerance.
 * Not covered (hashed as written): CPI, ITIP, UPUI and the pattern URNs other than SGTIN, GRAI, GDTI and SGCN.
 */

/** One character of an EPC URN text component: TDS's GS3A3 set, `%`-escapes for what a URN reserves. */
const C =
  "(?:%2[125-9A-Fa-f]|%3[0-9A-Fa-f]|%4[1-9A-Fa-f]|%5[0-9AaFf]|%6[1-9A-Fa-f]|%7[0-9Aa]|[!')(*+,.0-9:;=A-Za-z_-])";

/** The characters the reference escapes in a URN value copied into a Digital Link path. */
const webEscape = (value: string): string =>
  value.replace(/[!()*+,:]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The length of a URN text component, an escape counting as one character. */
const textLength = (value: string): number => value.replace(/%[0-9A-Fa-f]{2}/g, "%").length;

/** `prefix.reference[.rest]` of a URN body, with the reference's digit count fixed by the scheme. */
interface Parts {
  prefix: string;
  reference: string;
  rest: string;
}

interface Scheme {
  /** The body after `urn:epc:<form>:<scheme>:`. */
  body: RegExp;
  /** Digits of company prefix + reference, when the scheme fixes them. */
  digits?: number;
  /** Longest text component; `total` when the limit counts the company prefix too (GIAI, GINC). */
  maxRest?: { length: number; total?: boolean };
  toPath: (p: Parts) => string;
}

const KEY = "([0-9]{6,12})\\.([0-9]*)";
const withRest = (rest: string) => new RegExp(`^${KEY}\\.(${rest})$`);
const twoPart = new RegExp(`^${KEY}()$`);
/** Indicator digit first, then the company prefix, then the rest of the reference (GTIN, SSCC). */
const indicatorFirst = (p: Parts) => withCheckDigit(p.reference[0] + p.prefix + p.reference.slice(1));

const SCHEMES: Record<string, Scheme> = {
  "id:sgtin": {
    body: withRest(`${C}+`),
    digits: 13,
    maxRest: { length: 20 },
    toPath: (p) => `/01/${indicatorFirst(p)}/21/${webEscape(p.rest)}`,
  },
  "id:sscc": { body: twoPart, digits: 17, toPath: (p) => `/00/${indicatorFirst(p)}` },
  "id:sgln": {
    body: withRest(`${C}+`),
    digits: 12,
    maxRest: { length: 20 },
    toPath: (p) => `/414/${withCheckDigit(p.prefix + p.reference)}${p.rest === "0" ? "" : `/254/${webEscape(p.rest)}`}`,
  },
  "id:pgln": { body: twoPart, digits: 12, toPath: (p) => `/417/${withCheckDigit(p.prefix + p.reference)}` },
  "id:grai": {
    body: withRest(`${C}+`),
    digits: 12,
    maxRest: { length: 16 },
    toPath: (p) => `/8003/${withCheckDigit(`0${p.prefix}${p.reference}`)}${webEscape(p.rest)}`,
  },
  "id:giai": {
    body: new RegExp(`^([0-9]{6,12})\\.()(${C}+)$`),
    maxRest: { length: 30, total: true },
    toPath: (p) => `/8004/${p.prefix}${webEscape(p.rest)}`,
  },
  "id:gsrn": { body: twoPart, digits: 17, toPath: (p) => `/8018/${withCheckDigit(p.prefix + p.reference)}` },
  "id:gsrnp": { body: twoPart, digits: 17, toPath: (p) => `/8017/${withCheckDigit(p.prefix + p.reference)}` },
  "id:gdti": {
    body: withRest(`${C}*`),
    digits: 12,
    maxRest: { length: 19 },
    toPath: (p) => `/253/${withCheckDigit(p.prefix + p.reference)}${webEscape(p.rest)}`,
  },
  "id:sgcn": {
    body: withRest("[0-9]{1,12}"),
    digits: 12,
    toPath: (p) => `/255/${withCheckDigit(p.prefix + p.reference)}${p.rest}`,
  },
  "id:ginc": {
    body: new RegExp(`^([0-9]{6,12})\\.()(${C}+)$`),
    maxRest: { length: 30, total: true },
    toPath: (p) => `/401/${p.prefix}${webEscape(p.rest)}`,
  },
  "id:gsin": { body: twoPart, digits: 16, toPath: (p) => `/402/${withCheckDigit(p.prefix + p.reference)}` },
  "class:lgtin": {
    body: withRest(`${C}+`),
    digits: 13,
    maxRest: { length: 20 },
    toPath: (p) => `/01/${indicatorFirst(p)}/10/${webEscape(p.rest)}`,
  },
  "idpat:sgtin": { body: withRest("\\*"), digits: 13, toPath: (p) => `/01/${indicatorFirst(p)}` },
  "idpat:grai": {
    body: withRest("\\*"),
    digits: 12,
    toPath: (p) => `/8003/${withCheckDigit(`0${p.prefix}${p.reference}`)}`,
  },
  "idpat:gdti": { body: withRest("\\*"), digits: 12, toPath: (p) => `/253/${withCheckDigit(p.prefix + p.reference)}` },
  "idpat:sgcn": { body: withRest("\\*"), digits: 12, toPath: (p) => `/255/${withCheckDigit(p.prefix + p.reference)}` },
};

const URN = /^urn:epc:(id|class|idpat):([a-z]+):(.+)$/;

/** The canonical Digital Link URI of an EPC URN, or undefined when `text` is not one this module reads. */
export function epcUrnToDigitalLink(text: string): string | undefined {
  const urn = URN.exec(text);
  const scheme = urn && SCHEMES[`${urn[1]}:${urn[2]}`];
  const m = scheme && scheme.body.exec(urn[3]);
  if (!scheme || !m) return undefined;
  const parts: Parts = { prefix: m[1], reference: m[2], rest: m[3] };
  if (scheme.digits !== undefined && parts.prefix.length + parts.reference.length !== scheme.digits) return undefined;
  if (scheme.digits === undefined && parts.reference !== "") return undefined;
  const limit = scheme.maxRest;
  if (limit && textLength(parts.rest) > limit.length - (limit.total ? parts.prefix.length : 0)) return undefined;
  return GS1_RESOLVER + scheme.toPath(parts);
}
