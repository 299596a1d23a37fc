import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { MAPPING_ROWS, mapEvent } from "../../src/capture/mapping";
import { recordHash } from "../../src/records";
import { BT_DESADV, BT_PO, G1, installing, MAPPED, object, SHIP_TO } from "./mapping-fixtures";
import { REFUSED } from "./mapping-refusals";
import { REFUSED_ITEMS } from "./mapping-refusals-items";
import { MAPPED_SENSORS, REFUSED_SENSORS } from "./mapping-sensors";

const EXAMPLES = path.join(__dirname, "..", "..", "..", "shared", "standards", "epcis", "examples");
const CLASS_LEVEL = "counts a class of objects: the ledger tracks serialised devices only";
const LASTING = "sets a lasting state the ledger does not keep";
const G3 = { gtin: "70614141123451", serial: "2018" };
/** GS1's example documents: each event's exact outcome, in document order. */
const EXAMPLE_OUTCOMES: Record<string, ReturnType<typeof mapEvent>[]> = {
  "AssociationEvent-b.jsonld": [
    {
      ok: false,
      refusal: {
        field: "type",
        reason:
          "AssociationEvent: the ledger does not associate devices with other objects (installations are ObjectEvents)",
      },
    },
  ],
  "ErrorDeclarationAndCorrectiveEvent.jsonld": Array(2).fill({
    ok: false,
    refusal: {
      field: "type",
      reason: "TransformationEvent: the ledger has no operation turning input objects into output objects",
    },
  }),
  "Example_9.6.1-ObjectEvent.jsonld": [
    {
      ok: false,
      refusal: {
        field: "destinationList",
        reason: "is missing: a shipment needs its recipient (owning_party, possessing_party or location)",
      },
    },
    { ok: true, ops: [{ kind: "receive", devices: [{ gtin: G1, serial: "2018" }], containers: [] }] },
  ],
  "Example_9.6.1-ObjectEventWithDigitalLink.jsonld": [
    {
      ok: false,
      refusal: {
        field: "destinationList",
        reason: "is missing: a shipment needs its recipient (owning_party, possessing_party or location)",
      },
    },
    { ok: true, ops: [{ kind: "receive", devices: [G3], containers: [] }] },
  ],
  "Example_9.6.3-AggregationEvent.jsonld": [
    { ok: false, refusal: { field: "childQuantityList", reason: CLASS_LEVEL } },
  ],
  "PersistentDisposition-example.jsonld": Array(2).fill({
    ok: false,
    refusal: { field: "persistentDisposition", reason: LASTING },
  }),
  // GS1's sensor example is an inspection without an outcome; its sensor data would be anchored on a shipment.
  "SensorDataExample1.jsonld": [
    {
      ok: false,
      refusal: {
        field: "disposition",
        reason: "none with inspecting: the ledger maps inspecting with conformant, non_conformant, needs_replacement",
      },
    },
  ],
};

describe("capture: EPCIS 2.0 / CBV 2.0 events mapped to ledger operations", function () {
  describe("each row of the mapping", function () {
    for (const [name, event, ops] of [...MAPPED, ...MAPPED_SENSORS]) {
      it(`maps ${name}`, function () {
        expect(mapEvent(event, 0)).to.deep.equal({ ok: true, ops });
      });
    }

    it("has a case for every row, business step and disposition it accepts", function () {
      for (const row of MAPPING_ROWS) {
        const cases = MAPPED.filter(([, , ops]) => ops[0].kind === row.op);
        expect(cases, row.op).to.not.be.empty;
        for (const step of row.bizSteps) {
          expect(
            cases.some(([, e]) => String(e.bizStep).endsWith(step)),
            `${row.op}: ${step}`,
          ).to.be.true;
        }
      }
    });

    it("is the table docs/capture.md shows, row for row", function () {
      const doc = readFileSync(path.join(__dirname, "..", "..", "docs", "capture.md"), "utf8");
      const ticked = (cell: string) => [...cell.matchAll(/`([a-zA-Z_]+)`/g)].map((m) => m[1]);
      const documented = doc
        .split("\n")
        .filter((line) => /^\|\s*(ObjectEvent|AggregationEvent)\s*\|/.test(line))
        .map((line) => {
          const [type, steps, actions, dispositions, op] = line
            .split("|")
            .slice(1, 6)
            .map((c) => c.trim());
          const none = dispositions.startsWith("none") ? [""] : [];
          return {
            type,
            bizSteps: ticked(steps),
            actions: actions.split(", "),
            dispositions: [...none, ...ticked(dispositions)],
            op: ticked(op)[0],
          };
        });
      expect(documented).to.deep.equal(
        MAPPING_ROWS.map(({ type, bizSteps, actions, dispositions, op }) => ({
          type,
          bizSteps,
          actions,
          dispositions,
          op,
        })),
      );
    });

    it("hashes the business transactions of a shipment whatever their order", function () {
      const ship = (list: unknown[]) =>
        mapEvent(object("OBSERVE", "shipping", { ...SHIP_TO, bizTransactionList: list }), 0);
      expect(ship([BT_PO, BT_DESADV])).to.deep.equal(ship([BT_DESADV, BT_PO]));
      expect(ship([BT_PO])).to.not.deep.equal(ship([BT_DESADV, BT_PO]));
    });

    it("derives a different commitment for a different event", function () {
      const other = mapEvent({ ...installing, eventTime: "2026-12-01T11:00:00Z" }, 0);
      expect(other).to.have.nested.property("ops[0].procedureCommitment").that.not.equals(recordHash(installing));
    });

    it("takes vendor extensions as context, and refuses the same member un-namespaced", function () {
      expect(mapEvent(object("OBSERVE", "receiving", { "example:myField": "x" }), 0).ok).to.equal(true);
      expect(mapEvent(object("OBSERVE", "receiving", { myField: "x" }), 0)).to.deep.include({ ok: false });
    });
  });

  describe("refusals", function () {
    for (const [name, event, field, reason] of [...REFUSED, ...REFUSED_ITEMS, ...REFUSED_SENSORS]) {
      it(`refuses ${name} at ${field}`, function () {
        const mapped = mapEvent(event, 3);
        expect(mapped.ok, JSON.stringify(mapped)).to.equal(false);
        if (mapped.ok) return;
        expect(mapped.refusal.field).to.equal(field);
        expect(mapped.refusal.reason).to.include(reason);
      });
    }
  });

  describe("GS1's example documents", function () {
    it("covers every example document", function () {
      expect(readdirSync(EXAMPLES).filter((f) => f.endsWith(".jsonld"))).to.have.members(Object.keys(EXAMPLE_OUTCOMES));
    });

    for (const [file, outcomes] of Object.entries(EXAMPLE_OUTCOMES)) {
      it(`maps or refuses each event of ${file} as documented`, function () {
        const doc = JSON.parse(readFileSync(path.join(EXAMPLES, file), "utf8")) as {
          epcisBody: { eventList: unknown[] };
        };
        expect(doc.epcisBody.eventList.map((e, i) => mapEvent(e, i))).to.deep.equal(outcomes);
      });
    }
  });
});
