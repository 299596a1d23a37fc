import { expect } from "chai";
import { createDocumentValidator } from "../../src/capture";
import { mapEvent } from "../../src/capture/mapping";
import { parseEpc } from "../../src/gs1";
import * as D from "./documents";
import { EPCIS_SCHEMA } from "../helpers/standards";

const PRODUCT = "00614141000128";
const DEVICES = D.devicesOf(PRODUCT, "DOC", 3);
const CASE = D.caseSscc(1);
const [DISTRIBUTOR, HOSPITAL] = ["0614143000010", "0614144000019"];

/** One event of each kind the builders make, identifiers written in `form`. */
const everyEvent = (form: D.IdForm) => [
  D.commissioning(DEVICES, "LOT-DOC", { form, expires: "2030-12-31", produced: "2026-01-15" }),
  D.packing(CASE, DEVICES, { form }),
  D.shipping({ cases: [CASE] }, DISTRIBUTOR, { form, po: "PO-1" }),
  D.receiving({ cases: [CASE] }, { form }),
  D.unpacking(CASE, DEVICES, { form }),
  D.installing(DEVICES.slice(0, 1), HOSPITAL, { form }),
  D.holding(DEVICES.slice(1, 2), { form }),
  D.release(DEVICES.slice(1, 2), { form }),
];

describe("capture test documents (test/capture/documents.ts)", () => {
  const validate = createDocumentValidator(EPCIS_SCHEMA);

  for (const form of ["dl", "urn"] as const) {
    it(`builds documents GS1's EPCIS 2.0 JSON Schema accepts, identifiers as ${form}`, () => {
      expect(validate(D.epcisDocument(everyEvent(form)))).to.deep.equal([]);
    });

    it(`builds events the mapping reads as the operations they stand for (${form})`, () => {
      const kinds = everyEvent(form).map((e) => {
        const mapped = mapEvent(e);
        return mapped.ok ? mapped.ops.map((op) => op.kind).join("+") : `refused ${mapped.refusal.field}`;
      });
      expect(kinds).to.deep.equal([
        "commission",
        "pack",
        "ship",
        "receive",
        "unpack",
        "install",
        "quarantine",
        "release",
      ]);
    });
  }

  it("writes the same keys in both forms (the parser reads them back equal)", () => {
    const pairs: [string, string][] = [
      [D.sgtin(DEVICES[0], "dl"), D.sgtin(DEVICES[0], "urn")],
      [D.sscc(CASE, "dl"), D.sscc(CASE, "urn")],
      [D.party(DISTRIBUTOR, "dl"), D.party(DISTRIBUTOR, "urn")],
      [D.location(HOSPITAL, "dl"), D.location(HOSPITAL, "urn")],
    ];
    for (const [dl, urn] of pairs) expect(parseEpc(urn), urn).to.deep.equal(parseEpc(dl));
  });

  it("is refused by the schema when an event breaks it (the check can fail)", () => {
    const broken = { ...D.commissioning(DEVICES, "LOT-DOC"), action: "CREATE" };
    expect(validate(D.epcisDocument([broken]))).to.not.deep.equal([]);
  });
});
