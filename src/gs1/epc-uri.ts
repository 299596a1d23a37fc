import { firstOutsideCs82 } from "./charset";
import { withCheckDigit } from "./check-digit";
import { isHttpUri } from "./digital-link";
import { Gs1Error } from "./errors";
import { parseDigitalLink } from "./parse";

/**
 * A GS1 key an EPC names, with keys as digit strings at full length (GTIN-14, GLN-13, SSCC-18). `gtin` is a product
 * class (a Digital Link `/01/<GTIN>` alone); `gtinPattern` is every serial of a GTIN (`urn:epc:idpat:sgtin:….*`).
 * An SGLN's extension is `"0"` when the URN names the location itself (a Digital Link `/414/` always does).
 */
export type EpcKey =
  | { kind: "sgtin"; gtin: string; serial: string }
  | { kind: "sscc"; sscc: string }
  | { kind: "sgln"; gln: string; extension: string }
  | { kind: "pgln"; gln: string }
  | { kind: "lgtin"; gtin: string; lot: string }
  | { kind: "gtin"; gtin: string }
  | { kind: "gtinPattern"; gtin: string };

/** What each EPC URN scheme this ledger reads takes after its colon (TDS 2.x), for refusals. */
const URN_SHAPES: Record<string, string> = {
  "id:sgtin": "<company prefix>.<indicator + item reference>.<serial> (13 digits before the serial)",
  "idpat:sgtin": "<company prefix>.<indicator + item reference>.<serial or *>",
  "class:lgtin": "<company prefix>.<indicator + item reference>.<lot>",
  "id:sscc": "<company prefix>.<extension + serial reference> (17 digits)",
  "id:sgln": "<company prefix>.<location reference>.<extension> (12 digits before the extension)",
  "id:pgln": "<company prefix>.<party reference> (12 digits)",
};

const URN = /^urn:epc:(id|idpat|class):([a-z]+):(.*)$/i;
/** A GS1 company prefix in an EPC URN: 6 to 12 digits (TDS). */
const COMPANY_PREFIX = /^[0-9]{6,12}$/;

/**
 * Reads an EPC given as an EPC URN (`urn:epc:id:sgtin`, `sscc`, `sgln`, `pgln`, `urn:epc:class:lgtin`,
 * `urn:epc:idpat:sgtin:<prefix>.<item>.*`) or a GS1 Digital Link URI (any host), computing the check digits a URN
 * leaves out and checking those a URI carries, the key lengths, and serials, lots and extensions (percent-decoded)
 * against GS1 character set 82. A Digital Link's lot or variant qualifier beside a serial, and its data attributes,
 * are not part of the EPC and are not read. Throws a {@link Gs1Error} naming `field` and what is wrong.
 */
export function parseEpc(text: string, field = "epc"): EpcKey {
  if (typeof text !== "string" || text.length === 0) throw new Gs1Error("syntax", field, "is empty", undefined, "");
  if (/^urn:/i.test(text)) return parseEpcUrn(text, field);
  if (!isHttpUri(text)) {
    throw new Gs1Error("syntax", field, "is neither a GS1 Digital Link URI nor an EPC URN", undefined, text);
  }
  const data = parseDigitalLink(text);
  if (data.sscc) return { kind: "sscc", sscc: data.sscc };
  if (data.gtin && data.serial !== undefined) return { kind: "sgtin", gtin: data.gtin, serial: data.serial };
  if (data.gtin && data.lot !== undefined) return { kind: "lgtin", gtin: data.gtin, lot: data.lot };
  if (data.gtin) return { kind: "gtin", gtin: data.gtin };
  if (data.locationGln) return { kind: "sgln", gln: data.locationGln, extension: "0" };
  if (data.partyGln) return { kind: "pgln", gln: data.partyGln };
  throw new Gs1Error("syntax", field, "names no GTIN, SSCC or GLN", undefined, text);
}

function parseEpcUrn(text: string, field: string): EpcKey {
  const m = URN.exec(text);
  if (!m) throw new Gs1Error("syntax", field, "is not an EPC URN (urn:epc:id|idpat|class:<scheme>:…)", undefined, text);
  const [, form, scheme, body] = m;
  const key = `${form.toLowerCase()}:${scheme.toLowerCase()}`;
  const shape = URN_SHAPES[key];
  if (!shape) {
    throw new Gs1Error("syntax", field, `urn:epc:${key} is not a scheme this ledger uses`, undefined, text);
  }
  const malformed = (detail = `is not a well-formed urn:epc:${key}: it takes ${shape}`) =>
    new Gs1Error("syntax", field, detail, undefined, text);
  // Only the first two dots separate: a serial, lot or extension may hold dots of its own.
  const first = body.indexOf(".");
  const second = first < 0 ? -1 : body.indexOf(".", first + 1);
  const prefix = first < 0 ? body : body.slice(0, first);
  const reference = first < 0 ? undefined : second < 0 ? body.slice(first + 1) : body.slice(first + 1, second);
  const rest = second < 0 ? undefined : body.slice(second + 1);
  const twoParts = key === "id:sscc" || key === "id:pgln";
  if (reference === undefined || (twoParts ? rest !== undefined : rest === undefined)) throw malformed();
  if (!/^[0-9]+$/.test(prefix) || !/^[0-9]+$/.test(reference)) throw malformed();
  if (!COMPANY_PREFIX.test(prefix)) {
    throw new Gs1Error(
      "length",
      field,
      `company prefix ${prefix} has ${prefix.length} digits, not 6 to 12`,
      undefined,
      text,
    );
  }
  const digits = (expected: number, what: string) => {
    const total = prefix.length + reference.length;
    if (total !== expected)
      throw new Gs1Error(
        "length",
        field,
        `company prefix + ${what} has ${total} digits, not ${expected}`,
        undefined,
        text,
      );
  };
  switch (key) {
    case "id:sscc":
      digits(17, "extension + serial reference");
      return { kind: "sscc", sscc: withCheckDigit(reference[0] + prefix + reference.slice(1)) };
    case "id:pgln":
      digits(12, "party reference");
      return { kind: "pgln", gln: withCheckDigit(prefix + reference) };
    case "id:sgln":
      digits(12, "location reference");
      return {
        kind: "sgln",
        gln: withCheckDigit(prefix + reference),
        extension: urnText(rest!, "extension", field, text),
      };
  }
  digits(13, "indicator + item reference");
  const gtin = withCheckDigit(reference[0] + prefix + reference.slice(1));
  if (key === "class:lgtin") return { kind: "lgtin", gtin, lot: urnText(rest!, "lot", field, text) };
  if (key === "idpat:sgtin" && rest === "*") return { kind: "gtinPattern", gtin };
  return { kind: "sgtin", gtin, serial: urnText(rest!, "serial", field, text) };
}

/**
 * A URN text component (serial, lot, SGLN extension) decoded: only the characters TDS allows bare, `%`-escapes for the
 * rest; the decoded value must be 1 to 20 characters of character set 82, as AIs 21, 10 and 254 are.
 */
function urnText(raw: string, name: "serial" | "lot" | "extension", field: string, text: string): string {
  const refuse = (reason: "length" | "charset" | "percent-encoding", detail: string) =>
    new Gs1Error(reason, field, `${name} ${detail}`, undefined, text);
  if (raw === "") throw refuse("length", "is empty");
  if (/%(?![0-9A-Fa-f]{2})/.test(raw)) throw refuse("percent-encoding", "has a malformed percent-escape");
  const bare = /[^A-Za-z0-9!'()*+,\-.:;=_%]/.exec(raw);
  if (bare) throw refuse("charset", `has ${JSON.stringify(bare[0])}, which an EPC URN must percent-escape`);
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw refuse("percent-encoding", "has a percent-escape that is not UTF-8");
  }
  if (value.length > 20) throw refuse("length", `${JSON.stringify(value)} has ${value.length} characters, not 1 to 20`);
  const outside = firstOutsideCs82(value);
  if (outside >= 0) {
    throw refuse(
      "charset",
      `${JSON.stringify(value)} has ${JSON.stringify(value[outside])}, outside GS1 character set 82`,
    );
  }
  return value;
}
