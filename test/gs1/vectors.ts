import { GS } from "../../src/gs1";

/** The parser's test vectors, shared by its own tests and by every command that reads a UDI. */

/** Every syntax the parser accepts for one device (GTIN-14 and serial), with the lot and dates around it. */
export function deviceSyntaxes(gtin: string, serial: string, lot = "LOT-1"): { name: string; input: string }[] {
  const dl = encodeURIComponent(serial);
  const forms = [
    { name: "bracketed, GTIN and serial", input: `(01)${gtin}(21)${serial}` },
    { name: "bracketed, full UDI", input: `(01)${gtin}(11)250601(17)290100(10)${lot}(21)${serial}` },
    { name: "raw, no symbology identifier", input: `01${gtin}17290101` + `10${lot}${GS}21${serial}` },
    ...["]d2", "]C1", "]Q3", "]e0", GS, `]d2${GS}`].map((prefix) => ({
      name: `raw after ${JSON.stringify(prefix)}`,
      input: `${prefix}01${gtin}10${lot}${GS}21${serial}`,
    })),
    { name: "raw with a 4-digit AI (8012)", input: `01${gtin}8012V1.2${GS}21${serial}${GS}` },
    { name: "Digital Link, serial only", input: `https://id.gs1.org/01/${gtin}/21/${dl}` },
    {
      name: "Digital Link with /22/ and /10/ qualifiers and query attributes",
      input: `https://id.gs1.org/01/${gtin}/22/V2/10/${lot}/21/${dl}?17=290101&11=250600`,
    },
    { name: "Digital Link on another domain and path", input: `https://example.com/a/b/01/${gtin}/10/${lot}/21/${dl}` },
    { name: "Digital Link with convenience alphas", input: `http://id.example.org/gtin/${gtin}/lot/${lot}/ser/${dl}` },
  ];
  if (gtin.startsWith("0"))
    forms.push({ name: "Digital Link with a GTIN-13", input: `https://id.gs1.org/01/${gtin.slice(1)}/21/${dl}` });
  return forms;
}

/** A GTIN-14 with a valid check digit, for the malformed vectors. */
const GTIN = "09506000134352";

/** Inputs the parser refuses, with the reason, AI and field it names. */
export const MALFORMED_UDIS: { name: string; input: string; reason: string; ai?: string; field: string }[] = [
  { name: "empty input", input: "", reason: "syntax", field: "input" },
  { name: "text that is not an element string", input: "(01", reason: "syntax", field: "element string" },
  { name: "a non-numeric AI", input: "(0A)123", reason: "syntax", field: "element string" },
  { name: "an unsupported AI (bracketed)", input: `(01)${GTIN}(99)X`, reason: "unsupported-ai", ai: "99", field: "ai" },
  { name: "an unsupported AI (raw)", input: `01${GTIN}240X`, reason: "unsupported-ai", ai: "240X", field: "ai" },
  {
    name: "an unsupported AI (URI path)",
    input: `https://id.gs1.org/01/${GTIN}/235/X`,
    reason: "unsupported-ai",
    ai: "235",
    field: "ai",
  },
  {
    name: "an unsupported AI (URI query)",
    input: `https://id.gs1.org/01/${GTIN}?7003=2601011200`,
    reason: "unsupported-ai",
    ai: "7003",
    field: "ai",
  },
  { name: "an empty value", input: `(01)${GTIN}(10)(21)A`, reason: "length", ai: "10", field: "value" },
  { name: "an empty raw field", input: `01${GTIN}10${GS}21A`, reason: "length", ai: "10", field: "lot" },
  { name: "a double separator", input: `01${GTIN}10A${GS}${GS}21A`, reason: "syntax", field: "element string" },
  { name: "a foreign symbology identifier", input: `]A001${GTIN}`, reason: "syntax", field: "symbology identifier" },
  { name: "a truncated predefined-length value", input: `0109506000`, reason: "length", ai: "01", field: "gtin" },
  {
    name: "a separator inside a predefined-length value",
    input: `0109506${GS}000134352`,
    reason: "length",
    ai: "01",
    field: "gtin",
  },
  { name: "a GTIN of 13 digits", input: `(01)9506000134352`, reason: "length", ai: "01", field: "gtin" },
  {
    name: "a lot of 21 characters",
    input: `(01)${GTIN}(10)${"L".repeat(21)}`,
    reason: "length",
    ai: "10",
    field: "lot",
  },
  {
    name: "a serial of 21 characters",
    input: `(01)${GTIN}(21)${"9".repeat(21)}`,
    reason: "length",
    ai: "21",
    field: "serial",
  },
  { name: "a GIAI of 31 characters", input: `(8004)${"1".repeat(31)}`, reason: "length", ai: "8004", field: "giai" },
  {
    name: "a software version of 21 characters",
    input: `(01)${GTIN}(8012)${"v".repeat(21)}`,
    reason: "length",
    ai: "8012",
    field: "softwareVersion",
  },
  { name: "letters in a GTIN", input: `(01)0950600013435A`, reason: "charset", ai: "01", field: "gtin" },
  ...[" ", "#", "$", "@", "[", "~", "é", GS].map((bad) => ({
    name: `${JSON.stringify(bad)} in a serial (outside character set 82)`,
    input: `(01)${GTIN}(21)A${bad}B`,
    reason: "charset",
    ai: "21",
    field: "serial",
  })),
  { name: "a bad GTIN check digit", input: `(01)09506000134353`, reason: "check-digit", ai: "01", field: "gtin" },
  { name: "a bad SSCC check digit", input: `(00)106141411234567890`, reason: "check-digit", ai: "00", field: "sscc" },
  {
    name: "a bad GLN check digit (414)",
    input: `(414)0614141000013`,
    reason: "check-digit",
    ai: "414",
    field: "locationGln",
  },
  {
    name: "a bad GLN check digit (417)",
    input: `(417)0614141000013`,
    reason: "check-digit",
    ai: "417",
    field: "partyGln",
  },
  { name: "expiry month 00", input: `(01)${GTIN}(17)290001`, reason: "date", ai: "17", field: "expiry" },
  { name: "expiry month 13", input: `(01)${GTIN}(17)291301`, reason: "date", ai: "17", field: "expiry" },
  { name: "production day 32", input: `(01)${GTIN}(11)250132`, reason: "date", ai: "11", field: "productionDate" },
  { name: "31 April", input: `(01)${GTIN}(17)290431`, reason: "date", ai: "17", field: "expiry" },
  {
    name: "29 February outside a leap year",
    input: `(01)${GTIN}(17)270229`,
    reason: "date",
    ai: "17",
    field: "expiry",
  },
];
