import { normaliseDigitalLink } from "./dl-normalise";
import { epcUrnToDigitalLink } from "./epc-to-dl";

/**
 * The value rules of the CBV 2.0 event hash: timestamps in UTC at millisecond precision, numbers without redundant
 * zeros, CBV 1.x URNs as CBV 2.0 Web URIs, identifiers as canonical GS1 Digital Link URIs. Each rule follows GS1's
 * reference implementation (RalphTro/epcis-event-hash-generator), including where it reads Python's conversions.
 */

const CBV = "https://ref.gs1.org/cbv/";
const VOC = "https://ref.gs1.org/voc/";

/** CBV 1.x URN prefixes and the CBV 2.0 Web URI prefixes that replace them (anywhere in a value, as the reference). */
const CBV_URNS: [string, string][] = [
  ["urn:epcglobal:cbv:bizstep:", `${CBV}BizStep-`],
  ["urn:epcglobal:cbv:disp:", `${CBV}Disp-`],
  ["urn:epcglobal:cbv:btt:", `${CBV}BTT-`],
  ["urn:epcglobal:cbv:sdt:", `${CBV}SDT-`],
  ["urn:epcglobal:cbv:er:", `${CBV}ER-`],
];

/** Python's `float()` syntax for finite decimals (underscores between digits allowed). */
const DECIMAL =
  /^[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?$/;

/**
 * A number as the reference writes it: `str(int(x))` when integral (Python's float rounding kept, so a 20-digit
 * number hashes as the nearest double, as there), else Python's `repr` of the double (shortest round trip, with
 * exponents below 1e-4 written `1e-05`).
 */
function formatNumber(text: string): string | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const n = Number(text.replaceAll("_", ""));
  if (!Number.isFinite(n)) return undefined;
  if (Number.isInteger(n)) return BigInt(n).toString();
  if (Math.abs(n) >= 1e-4) return String(n);
  return n.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
}

/** Every value rule but the timestamp's: CBV URNs, numbers, then identifiers. */
export function canonicalValue(raw: string): string {
  let text = raw;
  for (const [urn, web] of CBV_URNS) text = text.replaceAll(urn, web);
  text = formatNumber(text) ?? text;
  return epcUrnToDigitalLink(text) ?? normaliseDigitalLink(text) ?? text;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * An ISO 8601 date-time in UTC at millisecond precision (`2020-03-04T10:00:30.000Z`). Microseconds round to
 * milliseconds half to even, as Python's `round(µs, -3)` in the reference; a round-up to the next second carries
 * (where the reference fails). A time without an offset is read as UTC (EPCIS requires one; the reference would use
 * its machine's zone). Text that is no date-time is returned as given.
 */
export function canonicalTimestamp(text: string): string {
  const m = ISO.exec(text);
  if (!m) return text;
  const [, y, mo, d, h, mi, s = "0", fraction = "", zone = "Z"] = m;
  const micros = Number(fraction.padEnd(6, "0").slice(0, 6));
  const whole = Math.floor(micros / 1000);
  const rest = micros % 1000;
  const millis = rest > 500 || (rest === 500 && whole % 2 === 1) ? whole + 1 : whole;
  if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +s > 59) return text;
  const sign = zone.toUpperCase() === "Z" ? 0 : zone.startsWith("-") ? -1 : 1;
  const offsetMinutes = sign * (Number(zone.slice(1, 3) || 0) * 60 + (zone.length > 3 ? Number(zone.slice(-2)) : 0));
  return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, millis) - offsetMinutes * 60_000).toISOString();
}

/** Bare CBV terms (`"shipping"`) and the Web URI prefix the EPCIS JSON-LD context expands them with, per property. */
const BARE_TERMS: Record<string, string> = {
  "event.bizStep": `${CBV}BizStep-`,
  "event.disposition": `${CBV}Disp-`,
  "persistentDisposition.set": `${CBV}Disp-`,
  "persistentDisposition.unset": `${CBV}Disp-`,
  "bizTransactionList.type": `${CBV}BTT-`,
  "sourceList.type": `${CBV}SDT-`,
  "destinationList.type": `${CBV}SDT-`,
  "sensorReport.type": VOC,
  "sensorReport.exception": VOC,
  "sensorReport.component": `${CBV}Comp-`,
  "errorDeclaration.reason": `${CBV}ER-`,
};

/**
 * A bare CBV term of a vocabulary-valued property as its Web URI (`bizStep: "shipping"` →
 * `https://ref.gs1.org/cbv/BizStep-shipping`), what JSON-LD expansion of the EPCIS context gives the reference.
 * `parent` is the property holding the object (`event` for the event itself, `bizTransactionList` for its elements).
 */
export function expandBareTerm(parent: string, key: string, value: string): string {
  const prefix = BARE_TERMS[`${parent}.${key}`];
  return prefix && /^[A-Za-z0-9_]+$/.test(value) ? prefix + value : value;
}
