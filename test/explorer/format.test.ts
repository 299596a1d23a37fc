import { expect } from "chai";
import {
  custodyPath,
  describeEvent,
  formatDate,
  formatDateTime,
  reasonWords,
  toCsv,
  verdictWords,
  type LedgerEvent,
} from "../../explorer/src/format";
import { cleanScan, explorerPathOf } from "../../explorer/src/udi";
import { GS } from "../../src/gs1";

const GTIN = "09506000134352";
const event = (name: string, args: LedgerEvent["args"], at = "2026-03-01T10:00:00Z"): LedgerEvent => ({
  id: 1,
  blockNumber: 5,
  blockHash: "0xb",
  blockTime: at,
  txHash: "0xt",
  logIndex: 0,
  contract: "DeviceRegistry",
  event: name,
  actor: null,
  organisation: (args.organisation as string) ?? null,
  args,
});

describe("explorer: verdict wording and formatting", function () {
  it("words an ok check as usable and each do-not-use reason for a clinician", function () {
    expect(verdictWords({ verdict: "ok", reasons: [], lot: null })).to.include({ headline: "Usable", tone: "ok" });
    const recalled = verdictWords({
      verdict: "do-not-use",
      reasons: [{ code: "recalled", detail: "", recallId: 2, recallClass: "ClassI", action: "Removal" }],
      lot: null,
    });
    expect(recalled.headline).to.equal("Do not use");
    expect(recalled.reasons[0]).to.deep.equal({
      title: "Recalled (Class I, recall 2)",
      explanation: "Class I: use may cause serious injury or death. Action: remove it from use and return it.",
    });
    expect(reasonWords({ code: "expired", detail: "" }, "2026-01-31T00:00:00Z").explanation).to.equal(
      "Its use-by date was 31 Jan 2026.",
    );
    expect(reasonWords({ code: "unknown", detail: "" }, null).title).to.equal("Not registered: possibly counterfeit");
    const elsewhere = reasonWords(
      { code: "held-elsewhere", detail: "", custodian: "1", here: "2" },
      null,
      (g) => `Org ${g}`,
    );
    expect(elsewhere.explanation).to.equal("The ledger says Org 1 holds it, not Org 2. Check how it came here.");
    for (const code of ["quarantined", "decommissioned", "destroyed", "installed", "in-transit"])
      expect(reasonWords({ code, detail: "x" }, null).explanation, code).to.not.equal("x");
    expect(reasonWords({ code: "new-reason", detail: "the service's words" }, null)).to.deep.equal({
      title: "new-reason",
      explanation: "the service's words",
    });
  });

  it("formats dates in UTC and describes events with names", function () {
    expect(formatDateTime("2026-12-06T21:05:07Z")).to.equal("6 Dec 2026, 21:05 UTC");
    expect(formatDate(null)).to.equal("—");
    const names = (g: string) => ({ "1": "Acme", "2": "Ward 3" })[g] ?? g;
    expect(
      describeEvent(event("ShipmentDispatched", { shipmentId: 4, sender: "1", recipient: "2" }), names),
    ).to.deep.equal({
      title: "Shipped",
      detail: "shipment 4 from Acme to Ward 3",
    });
    expect(
      describeEvent(event("ShipmentReceived", { shipmentId: 4, recipient: "2", quarantined: true }), names).title,
    ).to.equal("Received into quarantine");
    expect(describeEvent(event("SomethingNew", {})).title).to.equal("something new");
  });

  it("draws the custody path from commissioning and received shipments, not rejected ones", function () {
    const path = custodyPath([
      event("DeviceCommissioned", { organisation: "1" }, "2026-01-01T00:00:00Z"),
      event("ShipmentDispatched", { shipmentId: 1, sender: "1", recipient: "2" }),
      event("ShipmentRejected", { shipmentId: 1, recipient: "2" }),
      event("ShipmentDispatched", { shipmentId: 2, sender: "1", recipient: "3" }),
      event("ShipmentReceived", { shipmentId: 2, recipient: "3" }, "2026-02-01T00:00:00Z"),
      event("ShipmentDispatched", { shipmentId: 3, sender: "3", recipient: "4" }),
    ]);
    expect(path.map((s) => [s.gln, s.how])).to.deep.equal([
      ["1", "commissioned"],
      ["3", "received"],
      ["4", "in-transit"],
    ]);
  });

  it("writes CSV with quoting and defuses spreadsheet formulas from chain data", function () {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["=1+1", 'x,"y"'],
          [null, "-2"],
        ],
      ),
    ).to.equal('a,b\r\n\'=1+1,"x,""y"""\r\n,\'-2\r\n');
  });

  it("leads every UDI syntax to the device's Digital Link path; a lot to its page; nonsense nowhere", function () {
    const path = `/01/${GTIN}/21/A%2FB`;
    for (const udi of [
      `(01)${GTIN}(21)A/B`,
      `]d201${GTIN}21A/B${GS}10L1`,
      `01${GTIN}21A/B\r\n`,
      `https://id.gs1.org/01/${GTIN}/21/A%2FB`,
    ])
      expect(explorerPathOf(udi), JSON.stringify(udi)).to.equal(path);
    expect(explorerPathOf(`(01)${GTIN}(10)L<1>`)).to.equal(`/lots/${GTIN}/L%3C1%3E`);
    expect(explorerPathOf("hello")).to.equal(null);
    expect(cleanScan("  ]d2010950\t\n")).to.equal("]d2010950");
  });
});
