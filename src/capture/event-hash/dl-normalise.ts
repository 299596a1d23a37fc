import { GS1_RESOLVER } from "../../gs1/digital-link";

/**
 * A GS1 Digital Link URI on any host in the constrained canonical form the CBV 2.0 event hash writes: the resolver
 * `https://id.gs1.org`, AI numbers instead of short names, no query string, no CPV (22), only the finest level of
 * identification (a serial drops the lot), GTINs at 14 digits. The steps and the final syntax check follow GS1's
 * reference implementation (`dl_normaliser.py`) one by one, so that the same URI hashes the same; a URI the check
 * refuses is hashed as written. Tolerant by design (no errors): `parseDigitalLink` refuses what the hash must accept.
 */

const KEYS = "01|8006|8010|414|417|8017|8018|255|00|253|401|402|8003|8004";
const SHORT_NAMES: [string, string][] = [
  ["gtin", "01"],
  ["itip", "8006"],
  ["cpid", "8010"],
  ["gln", "414"],
  ["party", "417"],
  ["gsrnp", "8017"],
  ["gsrn", "8018"],
  ["gcn", "255"],
  ["sscc", "00"],
  ["gdti", "253"],
  ["ginc", "401"],
  ["gsin", "402"],
  ["grai", "8003"],
  ["giai", "8004"],
  ["cpv", "22"],
  ["lot", "10"],
  ["ser", "21"],
];
const ALL_KEYS = `${KEYS}|${SHORT_NAMES.slice(0, 14)
  .map(([name]) => name)
  .join("|")}`;

/** A Digital Link candidate: an http(s) URI whose path holds `/<key>/<4 digits…>` before any query or fragment. */
const CANDIDATE = new RegExp(`^https?:[^?#]*/(${ALL_KEYS})/[0-9]{4}[^/]`);
const CANONICAL = new RegExp(`^https://id\\.gs1\\.org/(${KEYS})/[0-9]{4}[^/]`);
/** Where to cut a foreign URI, in the reference's order of preference. */
const CUT_ORDER = [
  "00",
  "01",
  "253",
  "255",
  "401",
  "402",
  "414",
  "417",
  "8003",
  "8004",
  "8006",
  "8010",
  "8017",
  "8018",
];

/** A value character the canonical form allows bare (GS1 character set 82 less what a URI path reserves). */
const V = "[\\x22\\x27\\x2D\\x2E\\x30-\\x39\\x3B-\\x3F\\x41-\\x5A\\x5F\\x61-\\x7A]";
const R = GS1_RESOLVER.replace(/\./g, "\\.");
const VALID = [
  `00/[0-9]{18}`,
  `01/[0-9]{14}/21/${V}{0,20}`,
  `01/[0-9]{14}/10/${V}{0,20}`,
  `01/[0-9]{14}`,
  `01/[0-9]{14}/235/${V}{0,28}`,
  `253/[0-9]{13}${V}{0,17}`,
  `255/[0-9]{13}[0-9]{0,12}`,
  `401/${V}{0,30}`,
  `402/[0-9]{17}`,
  `414/[0-9]{13}`,
  `414/[0-9]{13}/254/${V}{0,20}`,
  `417/[0-9]{13}`,
  `8003/[0-9]{14}${V}{0,16}`,
  `8004/${V}{0,30}`,
  `8006/[0-9]{18}/21/${V}{0,20}`,
  `8006/[0-9]{18}/10/${V}{0,20}`,
  `8006/[0-9]{18}`,
  `8010/[\\x23\\x2D\\x2F\\x30-\\x39\\x41-\\x5A]{0,30}/8011/[0-9]{0,12}`,
  `8010/[\\x23\\x2D\\x2F\\x30-\\x39\\x41-\\x5A]{0,30}`,
  `8017/[0-9]{18}`,
  `8018/[0-9]{18}`,
].map((path) => new RegExp(`^${R}/${path}$`));

const CPV_LAST = new RegExp(`^${R}/(01/[0-9]{14}|8006/[0-9]{18})/22/${V}{0,20}$`);
const CPV_INSIDE = new RegExp(`^${R}/(01/[0-9]{14}|8006/[0-9]{18})/22/(${V}|/){0,20}$`);
const LOT_AND_SERIAL = new RegExp(`^${R}/(01/[0-9]{14}|8006/[0-9]{18})/10/${V}{0,20}/21/${V}{0,20}$`);

/** The canonical form of a Digital Link URI, or undefined when `text` is none (or the reference's check refuses it). */
export function normaliseDigitalLink(text: string): string | undefined {
  if (!CANDIDATE.test(text)) return undefined;
  let uri = text.split("?")[0];
  for (const [name, ai] of SHORT_NAMES) uri = uri.replaceAll(`/${name}/`, `/${ai}/`);
  if (!CANONICAL.test(uri)) {
    const cut = CUT_ORDER.find((ai) => uri.includes(`/${ai}/`));
    if (cut) uri = GS1_RESOLVER + uri.slice(uri.indexOf(`/${cut}/`));
  }
  const gtin = /^https:\/\/id\.gs1\.org\/01\/([0-9]+)/.exec(uri);
  if (gtin && [8, 12, 13].includes(gtin[1].length)) {
    uri = uri.replaceAll("/01/", `/01/${"0".repeat(14 - gtin[1].length)}`);
  }
  if (CPV_LAST.test(uri) || CPV_INSIDE.test(uri)) uri = uri.replace(/\/22\/[^/]*/, "");
  if (LOT_AND_SERIAL.test(uri)) uri = uri.replace(/\/10\/[^/]*/, "");
  return VALID.some((valid) => valid.test(uri)) ? uri : undefined;
}
