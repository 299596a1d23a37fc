import { withCheckDigit } from "../../gs1/check-digit";
import { GS1_RESOLVER } from "../../gs1/digital-link";

/**
 * EPC URNs (TDS 2.x) in the canonical GS1 Digital Link form the CBV 2.0 event hash writes (rule: every identifier as
 * a constrained, canonical `https://id.gs1.org/…` URI). Local on purpose, not `src/gs1/epc-uri.ts`: the hash must
 * never refuse a value (an identifier it cannot read is hashed as written, as the reference implementation does),
 * it covers every scheme the reference does, beyond the ledger's own (GIAI, GRAI, GDTI, GSRN, CPI, ITIP…), and it
 * keeps a URN's own percent-escapes, escaping only `!()*+,:` (the reference's `webURIPercentEncoder`), where
 * `encodeAiValue` would re-encode from the decoded value (`'` → `%27`) and change the hash. The ledger's schemes
 * (sgtin, sscc, sgln, pgln, lgtin) could be read through `parseEpc` once it lands, keeping this tolerance.
 */

/** One character of an EPC URN text component: TDS's GS3A3 set, `%`-escapes for what a URN reserves. */
const C =
  "(?:%2[125-9A-Fa-f]|%3[0-9A-Fa-f]|%4[1-9A-Fa-f]|%5[0-9AaFf]|%6[1-9A-Fa-f]|%7[0-9Aa]|[!')(*+,.0-9:;=A-Za-z_-])";

/** The characters the reference escapes in a URN value copied into a Digital Link path. */
const webEscape = (value: string): string =>
  value.replace(/[!()*+,:]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The length of a URN text component, an escape counting as one character. */
const textLength = (value: string): number => value.replace(/%[0-9A-Fa-f]{2}/g, "%").length;

/** `prefix.reference[.rest]` of a URN body. */
interface Parts {
  prefix: string;
  reference: string;
  rest: string;
}

interface Scheme {
  /** The body after `urn:epc:<form>:<scheme>:`, capturing prefix, reference and rest. */
  body: RegExp;
  /** The lengths the scheme fixes (digits of company prefix + reference, characters of a text component). */
  valid: (p: Parts) => boolean;
  toPath: (p: Parts) => string;
}

const KEY = "([0-9]{6,12})\\.([0-9]*)";
const withRest = (rest: string) => new RegExp(`^${KEY}\\.(${rest})$`);
const twoPart = new RegExp(`^${KEY}()$`);
/** A company prefix, then one text component (GIAI, GINC). */
const prefixAndText = new RegExp(`^([0-9]{6,12})\\.()(${C}+)$`);
const digits =
  (total: number, maxRest = Infinity) =>
  (p: Parts) =>
    p.prefix.length + p.reference.length === total && textLength(p.rest) <= maxRest;
/** A text component limited together with the company prefix (GIAI, GINC: 30 characters in all). */
const textWithPrefix = (p: Parts) => p.prefix.length + textLength(p.rest) <= 30;
/** Indicator digit first, then the company prefix, then the rest of the reference (GTIN, SSCC). */
const indicatorFirst = (p: Parts) => withCheckDigit(p.reference[0] + p.prefix + p.reference.slice(1));
const keyOf = (p: Parts) => withCheckDigit(p.prefix + p.reference);
const CPI_TEXT = "(?:%2[3dfDF]|%3[0-9]|%4[1-9A-Fa-f]|%5[0-9Aa]|[0-9A-Z-])";

const SCHEMES: Record<string, Scheme> = {
  "id:sgtin": {
    body: withRest(`${C}+`),
    valid: digits(13, 20),
    toPath: (p) => `/01/${indicatorFirst(p)}/21/${webEscape(p.rest)}`,
  },
  "id:sscc": { body: twoPart, valid: digits(17), toPath: (p) => `/00/${indicatorFirst(p)}` },
  "id:sgln": {
    body: withRest(`${C}+`),
    valid: digits(12, 20),
    toPath: (p) => `/414/${keyOf(p)}${p.rest === "0" ? "" : `/254/${webEscape(p.rest)}`}`,
  },
  "id:pgln": { body: twoPart, valid: digits(12), toPath: (p) => `/417/${keyOf(p)}` },
  "id:grai": {
    body: withRest(`${C}+`),
    valid: digits(12, 16),
    toPath: (p) => `/8003/${withCheckDigit(`0${p.prefix}${p.reference}`)}${webEscape(p.rest)}`,
  },
  "id:giai": { body: prefixAndText, valid: textWithPrefix, toPath: (p) => `/8004/${p.prefix}${webEscape(p.rest)}` },
  "id:gsrn": { body: twoPart, valid: digits(17), toPath: (p) => `/8018/${keyOf(p)}` },
  "id:gsrnp": { body: twoPart, valid: digits(17), toPath: (p) => `/8017/${keyOf(p)}` },
  "id:gdti": {
    body: withRest(`${C}*`),
    valid: digits(12, 19),
    toPath: (p) => `/253/${keyOf(p)}${webEscape(p.rest)}`,
  },
  "id:sgcn": { body: withRest("[0-9]{1,12}"), valid: digits(12), toPath: (p) => `/255/${keyOf(p)}${p.rest}` },
  "id:ginc": { body: prefixAndText, valid: textWithPrefix, toPath: (p) => `/401/${p.prefix}${webEscape(p.rest)}` },
  "id:gsin": { body: twoPart, valid: digits(16), toPath: (p) => `/402/${keyOf(p)}` },
  "id:cpi": {
    // The component/part reference is text here, the serial digits: `<prefix>.<reference>.<serial>`.
    body: new RegExp(`^([0-9]{6,12})\\.(${CPI_TEXT}+)\\.([0-9]{1,12})$`),
    valid: (p) => p.prefix.length + textLength(p.reference) <= 30,
    toPath: (p) => `/8010/${webEscape(p.prefix + p.reference)}/8011/${p.rest}`,
  },
  "id:itip": {
    body: withRest(`[0-9]{2}\\.[0-9]{2}\\.${C}+`),
    valid: (p) => digits(13)(p) && textLength(p.rest) <= 26,
    toPath: (p) =>
      `/8006/${indicatorFirst(p)}${p.rest.slice(0, 2)}${p.rest.slice(3, 5)}/21/${webEscape(p.rest.slice(6))}`,
  },
  "id:upui": {
    body: withRest(`${C}+`),
    valid: digits(13, 28),
    toPath: (p) => `/01/${indicatorFirst(p)}/235/${webEscape(p.rest)}`,
  },
  "class:lgtin": {
    body: withRest(`${C}+`),
    valid: digits(13, 20),
    toPath: (p) => `/01/${indicatorFirst(p)}/10/${webEscape(p.rest)}`,
  },
  "idpat:sgtin": { body: withRest("\\*"), valid: digits(13), toPath: (p) => `/01/${indicatorFirst(p)}` },
  "idpat:grai": {
    body: withRest("\\*"),
    valid: digits(12),
    toPath: (p) => `/8003/${withCheckDigit(`0${p.prefix}${p.reference}`)}`,
  },
  "idpat:cpi": {
    body: new RegExp(`^([0-9]{6,12})\\.(${CPI_TEXT}+)\\.(\\*)$`),
    valid: (p) => p.prefix.length + textLength(p.reference) <= 30,
    toPath: (p) => `/8010/${webEscape(p.prefix + p.reference)}`,
  },
  "idpat:itip": {
    body: withRest("[0-9]{2}\\.[0-9]{2}\\.\\*"),
    valid: digits(13),
    toPath: (p) => `/8006/${indicatorFirst(p)}${p.rest.slice(0, 2)}${p.rest.slice(3, 5)}`,
  },
  "idpat:upui": { body: withRest("\\*"), valid: digits(13), toPath: (p) => `/01/${indicatorFirst(p)}` },
  "idpat:gdti": { body: withRest("\\*"), valid: digits(12), toPath: (p) => `/253/${keyOf(p)}` },
  "idpat:sgcn": { body: withRest("\\*"), valid: digits(12), toPath: (p) => `/255/${keyOf(p)}` },
};

const URN = /^urn:epc:(id|class|idpat):([a-z]+):(.+)$/;

/** The canonical Digital Link URI of an EPC URN, or undefined when `text` is not one this module reads. */
export function epcUrnToDigitalLink(text: string): string | undefined {
  const urn = URN.exec(text);
  const scheme = urn && SCHEMES[`${urn[1]}:${urn[2]}`];
  const m = scheme && scheme.body.exec(urn[3]);
  if (!scheme || !m) return undefined;
  const parts: Parts = { prefix: m[1], reference: m[2], rest: m[3] };
  return scheme.valid(parts) ? GS1_RESOLVER + scheme.toPath(parts) : undefined;
}
