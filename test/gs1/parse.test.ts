import { expect } from "chai";
import { GS, Gs1Error, parseBracketed, parseDigitalLink, parseGs1, parseRawElementString } from "../../src/gs1";
import { deviceSyntaxes, MALFORMED_UDIS } from "./vectors";

const NOW = new Date(Date.UTC(2026, 0, 15));
const GTIN = "09506000134352";
const SSCC = "106141411234567897";
const GLN = "0614141000012";

/** Asserts that parsing fails with this reason, naming this AI and field. */
function expectGs1Error(input: string, reason: string, ai: string | undefined, field: string): Gs1Error {
  try {
    parseGs1(input, { now: NOW });
  } catch (error) {
    expect(error).to.be.instanceOf(Gs1Error);
    const e = error as Gs1Error;
    expect({ reason: e.reason, ai: e.ai, field: e.field }).to.deep.equal({ reason, ai, field });
    expect(e.message).to.include(field);
    expect(e.retryable).to.equal(false);
    return e;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

describe("GS1 parsing", function () {
  describe("bracketed element strings", function () {
    it("parses a full UDI with every field named", function () {
      const d = parseBracketed(`(01)${GTIN}(11)250601(17)290100(10)LOT-1(21)SN)8`, { now: NOW });
      expect(d.gtin).to.equal(GTIN);
      expect(d.lot).to.equal("LOT-1");
      expect(d.serial).to.equal("SN)8");
      expect(d.productionDate).to.deep.equal({ raw: "250601", year: 2025, month: 6, day: 1 });
      expect(d.expiry).to.deep.equal({ raw: "290100", year: 2029, month: 1, day: 0 });
      expect(d.elements.map((e) => e.ai)).to.deep.equal(["01", "11", "17", "10", "21"]);
    });

    it("reads an escaped ( inside a value", function () {
      expect(parseBracketed(`(01)${GTIN}(21)A\\(B`).serial).to.equal("A(B");
    });

    it("parses logistic and location keys", function () {
      const d = parseGs1(`(00)${SSCC}(414)${GLN}(417)${GLN}(8004)0614141ASSET-1`);
      expect([d.sscc, d.locationGln, d.partyGln, d.giai]).to.deep.equal([SSCC, GLN, GLN, "0614141ASSET-1"]);
    });

    it("merges an identical repeat of an AI", function () {
      const d = parseGs1(`(01)${GTIN}(21)A(01)${GTIN}`);
      expect(d.elements).to.have.length(2);
    });
  });

  describe("raw element strings", function () {
    const body = `01${GTIN}17290101` + `10LOT-1${GS}21SN-1`;

    for (const prefix of ["", "]d2", "]C1", "]Q3", "]e0", GS, `]d2${GS}`]) {
      it(`parses with prefix ${JSON.stringify(prefix)}`, function () {
        const d = parseGs1(prefix + body, { now: NOW });
        expect(d.form).to.equal("raw");
        expect([d.gtin, d.lot, d.serial, d.expiry?.raw]).to.deep.equal([GTIN, "LOT-1", "SN-1", "290101"]);
      });
    }

    it("ends a variable-length value at the end of the data without a separator", function () {
      expect(parseRawElementString(`01${GTIN}21ABC`).serial).to.equal("ABC");
    });

    it("tolerates a separator after a predefined-length value and at the end", function () {
      const d = parseRawElementString(`01${GTIN}${GS}21ABC${GS}`);
      expect([d.gtin, d.serial]).to.deep.equal([GTIN, "ABC"]);
    });

    it("reads the 3- and 4-digit AIs", function () {
      const d = parseRawElementString(`414${GLN}8012V1.2${GS}01${GTIN}8004ASSET`);
      expect([d.locationGln, d.softwareVersion, d.gtin, d.giai]).to.deep.equal([GLN, "V1.2", GTIN, "ASSET"]);
    });
  });

  describe("Digital Link URIs", function () {
    it("parses path qualifiers and query attributes, on any domain and path prefix", function () {
      const d = parseDigitalLink(
        `https://example.com/a/b/01/${GTIN}/22/V/10/L%2F1/21/S%2B?17=290101&11=250600&linkType=gs1:pip#frag`,
        { now: NOW },
      );
      expect([d.gtin, d.cpv, d.lot, d.serial]).to.deep.equal([GTIN, "V", "L/1", "S+"]);
      expect([d.expiry?.raw, d.productionDate?.raw]).to.deep.equal(["290101", "250600"]);
    });

    it("widens a GTIN-13 in the path to 14 digits", function () {
      expect(parseDigitalLink("https://id.gs1.org/01/9506000134352/21/1").gtin).to.equal(GTIN);
    });

    it("accepts the convenience alphas of older URIs", function () {
      const d = parseDigitalLink(`http://id.example.org/gtin/${GTIN}/lot/L1/ser/S1`);
      expect([d.gtin, d.lot, d.serial]).to.deep.equal([GTIN, "L1", "S1"]);
    });

    it("parses an SSCC key and a GLN key", function () {
      expect(parseGs1(`https://id.gs1.org/00/${SSCC}`).sscc).to.equal(SSCC);
      expect(parseGs1(`https://id.gs1.org/414/${GLN}`).locationGln).to.equal(GLN);
    });
  });

  describe("every syntax of one device", function () {
    for (const { name, input } of deviceSyntaxes(GTIN, "S/N+1")) {
      it(`reads the GTIN and serial from ${name}`, function () {
        const d = parseGs1(input, { now: NOW });
        expect([d.gtin, d.serial]).to.deep.equal([GTIN, "S/N+1"]);
      });
    }
  });

  describe("malformed input", function () {
    for (const v of MALFORMED_UDIS) it(`refuses ${v.name}`, () => expectGs1Error(v.input, v.reason, v.ai, v.field));
    it("accepts 29 February in a leap year", () => expect(parseGs1(`(01)${GTIN}(17)280229`).expiry?.day).to.equal(29));
    it("refuses conflicting repeats", () => expectGs1Error(`(01)${GTIN}(21)A(21)B`, "duplicate", "21", "serial"));
    it("refuses a serial without a GTIN", () => expectGs1Error(`(21)ABC`, "missing-requirement", "21", "serial"));
    it("refuses a lot without a GTIN", () => expectGs1Error(`(10)ABC`, "missing-requirement", "10", "lot"));
    it("refuses an expiry without a GTIN", () => expectGs1Error(`(17)290101`, "missing-requirement", "17", "expiry"));
    it("refuses a URI that is not http(s)", () =>
      expectGs1Error(`https//id.gs1.org/01/${GTIN}`, "syntax", undefined, "element string"));
    it("refuses a URI without a primary key", () =>
      expectGs1Error(`https://id.gs1.org/foo/bar`, "syntax", undefined, "uri"));
    it("refuses qualifiers out of order", () =>
      expectGs1Error(`https://id.gs1.org/01/${GTIN}/21/S/10/L`, "qualifier-order", "01", "gtin"));
    it("refuses a CPV after the lot", () =>
      expectGs1Error(`https://id.gs1.org/01/${GTIN}/10/L/22/V`, "qualifier-order", "01", "gtin"));
    it("refuses a qualifier on a key that takes none", () =>
      expectGs1Error(`https://id.gs1.org/00/${SSCC}/21/S`, "qualifier-order", "00", "sscc"));
    it("refuses a qualifier in the query string", () =>
      expectGs1Error(`https://id.gs1.org/01/${GTIN}?21=S`, "qualifier-order", "21", "serial"));
    it("refuses a malformed percent-encoding", () =>
      expectGs1Error(`https://id.gs1.org/01/${GTIN}/21/A%ZZ`, "percent-encoding", "21", "serial"));
    it("refuses a percent-encoded character outside set 82", () =>
      expectGs1Error(`https://id.gs1.org/01/${GTIN}/21/A%23`, "charset", "21", "serial"));
    it("refuses a query value conflicting with the path", () =>
      expectGs1Error(`https://id.gs1.org/01/${GTIN}/10/L?10=M`, "duplicate", "10", "lot"));
  });
});
