import { expect } from "chai";
import { Gs1Error, parseEpc, type EpcKey } from "../../src/gs1";

// GTIN-14 10614141073464 is indicator 1, company prefix 0614141, item reference 07346, check digit 4.
const VALID: [string, EpcKey][] = [
  ["urn:epc:id:sgtin:0614141.107346.2017", { kind: "sgtin", gtin: "10614141073464", serial: "2017" }],
  ["urn:epc:id:sgtin:061414123.1073.X", { kind: "sgtin", gtin: "10614141230737", serial: "X" }],
  ["urn:epc:id:sgtin:0614141.107346.A%2FB.c%25", { kind: "sgtin", gtin: "10614141073464", serial: "A/B.c%" }],
  ["URN:EPC:ID:SGTIN:0614141.107346.!'()*+,-.:;=_", { kind: "sgtin", gtin: "10614141073464", serial: "!'()*+,-.:;=_" }],
  ["urn:epc:id:sscc:0614141.1234567890", { kind: "sscc", sscc: "106141412345678908" }],
  ["urn:epc:id:sgln:0614141.07346.1234", { kind: "sgln", gln: "0614141073467", extension: "1234" }],
  ["urn:epc:id:sgln:0614141.07346.0", { kind: "sgln", gln: "0614141073467", extension: "0" }],
  ["urn:epc:id:pgln:9520001.11111", { kind: "pgln", gln: "9520001111112" }],
  ["urn:epc:class:lgtin:4012345.012345.998877", { kind: "lgtin", gtin: "04012345123456", lot: "998877" }],
  ["urn:epc:class:lgtin:4012345.012345.L%2F1.2", { kind: "lgtin", gtin: "04012345123456", lot: "L/1.2" }],
  ["urn:epc:idpat:sgtin:4012345.098765.*", { kind: "gtinPattern", gtin: "04012345987652" }],
  ["urn:epc:idpat:sgtin:4012345.098765.77", { kind: "sgtin", gtin: "04012345987652", serial: "77" }],
  ["https://id.gs1.org/01/70614141123451/21/2017", { kind: "sgtin", gtin: "70614141123451", serial: "2017" }],
  ["https://example.com/a/01/70614141123451/21/A%2FB", { kind: "sgtin", gtin: "70614141123451", serial: "A/B" }],
  ["https://id.gs1.org/01/70614141123451/10/L1/21/S1", { kind: "sgtin", gtin: "70614141123451", serial: "S1" }],
  ["https://id.gs1.org/01/70614141123451/10/L1", { kind: "lgtin", gtin: "70614141123451", lot: "L1" }],
  ["https://id.gs1.org/01/70614141123451", { kind: "gtin", gtin: "70614141123451" }],
  ["https://id.gs1.org/01/614141123452", { kind: "gtin", gtin: "00614141123452" }],
  ["https://id.gs1.org/00/106141412345678908", { kind: "sscc", sscc: "106141412345678908" }],
  ["https://id.gs1.org/414/0614141073467", { kind: "sgln", gln: "0614141073467", extension: "0" }],
  ["https://id.gs1.org/417/9520001111112", { kind: "pgln", gln: "9520001111112" }],
];

/** Input, the reason and a fragment of the message saying what is wrong. */
const INVALID: [string, string, string][] = [
  ["", "syntax", "is empty"],
  ["(01)70614141123451(21)2017", "syntax", "neither a GS1 Digital Link URI nor an EPC URN"],
  ["urn:isbn:0451450523", "syntax", "is not an EPC URN"],
  ["urn:epc:id:giai:4000001.12346", "syntax", "urn:epc:id:giai is not a scheme this ledger uses"],
  ["urn:epc:id:sgtin:bad", "syntax", "is not a well-formed urn:epc:id:sgtin: it takes <company prefix>"],
  ["urn:epc:id:sgtin:0614141.107346", "syntax", "is not a well-formed urn:epc:id:sgtin"],
  ["urn:epc:id:sscc:0614141.123456789.1", "syntax", "is not a well-formed urn:epc:id:sscc"],
  ["urn:epc:id:pgln:9520001.1111.1", "syntax", "is not a well-formed urn:epc:id:pgln"],
  ["urn:epc:id:sgln:0614141.07346", "syntax", "is not a well-formed urn:epc:id:sgln"],
  ["urn:epc:id:sgtin:0614141.12.X", "length", "indicator + item reference has 9 digits, not 13"],
  ["urn:epc:id:sgtin:06141.1073460.X", "length", "company prefix 06141 has 5 digits, not 6 to 12"],
  ["urn:epc:id:sscc:0614141.123456789", "length", "extension + serial reference has 16 digits, not 17"],
  ["urn:epc:id:sscc:0614141.12345678901", "length", "has 18 digits, not 17"],
  ["urn:epc:id:sgln:0614141.0734.0", "length", "location reference has 11 digits, not 12"],
  ["urn:epc:id:pgln:9520001.111111", "length", "party reference has 13 digits, not 12"],
  ["urn:epc:id:sgtin:0614141.107346.", "length", "serial is empty"],
  ["urn:epc:id:sgtin:0614141.107346.123456789012345678901", "length", "has 21 characters, not 1 to 20"],
  ["urn:epc:id:sgtin:0614141.107346.a/b", "charset", `serial has "/", which an EPC URN must percent-escape`],
  ["urn:epc:id:sgtin:0614141.107346.a b", "charset", `serial has " ", which an EPC URN must percent-escape`],
  ["urn:epc:id:sgtin:0614141.107346.%23", "charset", `serial "#" has "#", outside GS1 character set 82`],
  ["urn:epc:id:sgtin:0614141.107346.%C3%A9", "charset", "outside GS1 character set 82"],
  ["urn:epc:class:lgtin:4012345.012345.L~1", "charset", `lot has "~"`],
  ["urn:epc:id:sgln:0614141.07346.%7E", "charset", `extension "~" has "~"`],
  ["urn:epc:id:sgtin:0614141.107346.%zz", "percent-encoding", "serial has a malformed percent-escape"],
  ["urn:epc:id:sgtin:0614141.107346.%FF", "percent-encoding", "not UTF-8"],
  ["https://id.gs1.org/01/70614141123452/21/2017", "check-digit", "fails its GS1 mod-10 check digit"],
  ["https://id.gs1.org/00/106141412345678909", "check-digit", "fails its GS1 mod-10 check digit"],
  ["https://id.gs1.org/414/0614141073468", "check-digit", "fails its GS1 mod-10 check digit"],
  ["https://id.gs1.org/00/10614141234567890", "length", "has 17 characters, expected exactly 18"],
  ["https://id.gs1.org/414/061414107346", "length", "has 12 characters, expected exactly 13"],
  ["https://id.gs1.org/01/70614141123451/21/a%20b", "charset", "outside GS1 character set 82"],
  ["https://id.gs1.org/8004/4000001111", "syntax", "names no GTIN, SSCC or GLN"],
];

describe("GS1 EPC identifiers (EPC URNs and Digital Link URIs)", function () {
  for (const [input, key] of VALID) {
    it(`reads ${input}`, function () {
      expect(parseEpc(input)).to.deep.equal(key);
    });
  }

  for (const [input, reason, detail] of INVALID) {
    it(`refuses ${JSON.stringify(input)} (${reason})`, function () {
      let caught: unknown;
      try {
        parseEpc(input, "epcList[0]");
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(Gs1Error);
      const e = caught as Gs1Error;
      expect(e.reason).to.equal(reason);
      expect(e.message).to.include(detail);
      // URN refusals name the caller's field; Digital Link ones the AI's field (the URI parser's own).
      if (input.startsWith("urn:") || !input.startsWith("http")) expect(e.field).to.equal("epcList[0]");
    });
  }

  it("computes the check digit a URN leaves out, the same as the Digital Link URI carries", function () {
    expect(parseEpc("urn:epc:id:sgtin:0614141.712345.2017")).to.deep.equal(
      parseEpc("https://id.gs1.org/01/70614141123451/21/2017"),
    );
    expect(parseEpc("urn:epc:id:sscc:0614141.1234567890")).to.deep.equal(
      parseEpc("https://id.gs1.org/00/106141412345678908"),
    );
  });
});
