import { expect } from "chai";
import fc from "fast-check";
import {
  buildDigitalLink,
  buildElementString,
  CS82,
  parseGs1,
  SYMBOLOGY_PREFIXES,
  withCheckDigit,
  type Gs1Data,
  type Gs1Fields,
} from "../../src/gs1";

const NOW = new Date(Date.UTC(2026, 5, 1));
const RUNS = Number(process.env.FC_RUNS ?? 200);
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const params = { numRuns: RUNS, seed: SEED };

const digits = (length: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: length, maxLength: length });
const key = (bodyLength: number) => digits(bodyLength).map(withCheckDigit);
const cs82 = (max: number) => fc.string({ unit: fc.constantFrom(...CS82), minLength: 1, maxLength: max });
/** Dates inside GS1's century window around NOW (2026): 1977-2075; day 0 means "day not given". */
const date = fc
  .record({
    year: fc.integer({ min: 1977, max: 2075 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 0, max: 31 }),
  })
  .map((d) => ({ ...d, day: Math.min(d.day, new Date(Date.UTC(d.year, d.month, 0)).getUTCDate()) }));

/** Trade-item fields: a GTIN and any of the attributes that need one, plus any other key. */
const tradeItem: fc.Arbitrary<Gs1Fields> = fc.record(
  {
    gtin: key(13),
    lot: cs82(20),
    serial: cs82(20),
    cpv: cs82(20),
    expiry: date,
    productionDate: date,
    softwareVersion: cs82(20),
    sscc: key(17),
    locationGln: key(12),
    partyGln: key(12),
    giai: cs82(30),
  },
  { requiredKeys: ["gtin"] },
);
/** Keys that stand alone: an SSCC, a GLN, a GIAI. */
const standalone: fc.Arbitrary<Gs1Fields> = fc.oneof(
  fc.record({ sscc: key(17) }),
  fc.record({ locationGln: key(12), partyGln: key(12) }, { requiredKeys: [] }).filter((r) => Object.keys(r).length > 0),
  fc.record({ giai: cs82(30) }),
);
const anyFields = fc.oneof(tradeItem, standalone);

/** The fields of parsed data, dates as {year, month, day}. */
function fieldsOf(d: Gs1Data): Gs1Fields {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(d)) {
    if (name === "elements" || name === "form") continue;
    out[name] = typeof value === "object" ? { year: value.year, month: value.month, day: value.day } : value;
  }
  return out as Gs1Fields;
}

const formats: [string, (f: Gs1Fields) => string][] = [
  ["bracketed", (f) => buildElementString(f, { now: NOW })],
  ["raw", (f) => buildElementString(f, { format: "raw", now: NOW })],
  ...SYMBOLOGY_PREFIXES.map((p): [string, (f: Gs1Fields) => string] => [
    `raw ${p}`,
    (f) => buildElementString(f, { format: "raw", symbology: p, now: NOW }),
  ]),
  ["digital link", (f) => buildDigitalLink(f, { now: NOW })],
  ["digital link on another domain", (f) => buildDigitalLink(f, { base: "https://udi.example.org/r/", now: NOW })],
];

describe("GS1 round trips (fast-check)", function () {
  for (const [name, build] of formats) {
    it(`parse(build(fields)) returns the fields: ${name}`, function () {
      fc.assert(
        fc.property(anyFields, (fields) => {
          expect(fieldsOf(parseGs1(build(fields), { now: NOW }))).to.deep.equal(fields);
        }),
        params,
      );
    });
  }

  it("converting between forms keeps every field", function () {
    fc.assert(
      fc.property(
        anyFields,
        fc.array(fc.integer({ min: 0, max: formats.length - 1 }), { minLength: 1, maxLength: 4 }),
        (fields, path) => {
          let text = formats[0][1](fields);
          for (const step of path) text = formats[step][1](fieldsOf(parseGs1(text, { now: NOW })));
          expect(fieldsOf(parseGs1(text, { now: NOW }))).to.deep.equal(fields);
        },
      ),
      params,
    );
  });

  it("building is canonical: build(parse(build(f))) === build(f)", function () {
    fc.assert(
      fc.property(anyFields, (fields) => {
        for (const [, build] of formats) {
          const once = build(fields);
          expect(build(fieldsOf(parseGs1(once, { now: NOW })))).to.equal(once);
        }
      }),
      { ...params, numRuns: Math.ceil(RUNS / 4) },
    );
  });

  it("a raw element string needs a separator only after non-final variable-length values", function () {
    const raw = buildElementString(
      { gtin: "09506000134352", expiry: "290101", lot: "L1", serial: "S1" },
      { format: "raw" },
    );
    expect(raw).to.equal("010950600013435217290101" + "10L1\u001d21S1");
  });

  it("escapes ( in bracketed values and percent-encodes URI values", function () {
    const fields = { gtin: "09506000134352", serial: "A(B/C%" };
    expect(buildElementString(fields)).to.equal("(01)09506000134352(21)A\\(B/C%");
    expect(buildDigitalLink(fields)).to.equal("https://id.gs1.org/01/09506000134352/21/A%28B%2FC%25");
  });

  it("refuses to build invalid fields, as the parser would", function () {
    expect(() => buildElementString({ gtin: "09506000134353" })).to.throw("check digit");
    expect(() => buildElementString({ serial: "S1" })).to.throw("requires (01)");
    expect(() =>
      buildElementString({ gtin: "09506000134352", expiry: { year: 2150, month: 1, day: 1 } }, { now: NOW }),
    ).to.throw("century window");
  });
});
