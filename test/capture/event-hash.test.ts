import { expect } from "chai";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { EventHashError, eventHash, eventIdOf, eventPreHash } from "../../src/capture/event-hash";
import { canonicalValue } from "../../src/capture/event-hash/values";
import { EPCIS_EXAMPLES as EXAMPLES } from "../helpers/standards";

type Event = Record<string, unknown>;

/**
 * GS1's reference vectors: example documents of github.com/RalphTro/epcis-event-hash-generator
 * (`tests/examples/documents/*`) with their expected CBV 2.0 hashes (`tests/examples/expected/CBV2.0/*.hashes`); each
 * entry names its two source files. 25 events: all five event types but AssociationEvent, every standard field.
 */
const VECTORS = JSON.parse(readFileSync(path.join(__dirname, "event-hash-vectors.json"), "utf8")) as {
  source: string;
  expected: string;
  "@context": unknown;
  events: { hash: string; event: Event }[];
}[];

/** GS1's EPCIS 2.0 example documents, read where the consortium keeps them (never copied into the repository). */

const NI = /^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/;

const base: Event = {
  type: "ObjectEvent",
  eventTime: "2024-05-06T10:00:00.000+02:00",
  eventTimeZoneOffset: "+02:00",
  epcList: ["urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:0614141.107346.2018"],
  action: "OBSERVE",
  bizStep: "shipping",
  disposition: "in_transit",
  readPoint: { id: "urn:epc:id:sgln:0614141.00777.0" },
};
const CONTEXT = ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld", { ext: "https://ns.example.com/ext/" }];
const hash = (changes: Event, from: Event = base) => eventHash({ ...from, ...changes }, CONTEXT);

const shipment: Event = {
  ...base,
  bizTransactionList: [
    { type: "po", bizTransaction: "urn:epcglobal:cbv:bt:0614141000005:PO-4711" },
    { type: "desadv", bizTransaction: "urn:epcglobal:cbv:bt:0614141000005:ASN-12" },
  ],
  sourceList: [
    { type: "owning_party", source: "urn:epc:id:pgln:0614141.00000" },
    { type: "location", source: "urn:epc:id:sgln:0614141.00777.0" },
  ],
  destinationList: [
    { type: "owning_party", destination: "urn:epc:id:pgln:4012345.00000" },
    { type: "location", destination: "urn:epc:id:sgln:4012345.00012.0" },
  ],
  sensorElementList: [
    {
      sensorMetadata: { time: "2024-05-06T09:00:00Z", deviceID: "urn:epc:id:giai:4000001.111" },
      sensorReport: [
        { type: "Temperature", value: 4.5, uom: "CEL" },
        { type: "RelativeHumidity", value: 40, uom: "P1" },
      ],
    },
  ],
  ilmd: { "cbvmda:lotNumber": "LOT-1", "cbvmda:itemExpirationDate": "2027-01-31" },
  "ext:carrier": { "ext:name": "Acme Freight", "ext:vehicle": "TRUCK-7" },
};

describe("CBV 2.0 event hash (src/capture/event-hash.ts)", () => {
  describe("GS1's reference vectors", () => {
    for (const document of VECTORS) {
      document.events.forEach(({ hash: expected, event }, index) => {
        it(`${path.basename(document.source)} event ${index} (${String(event.type)}) hashes to ${expected.slice(14, 26)}…`, () => {
          expect(eventHash(event, document["@context"])).to.equal(expected);
        });
      });
    }
  });

  describe("the pre-hash string", () => {
    it("writes a small ObjectEvent as the rules give it, by hand: UTC time, Digital Link EPCs, CBV Web URIs", () => {
      expect(eventPreHash(base, CONTEXT)).to.equal(
        "eventType=ObjectEventeventTime=2024-05-06T08:00:00.000ZeventTimeZoneOffset=+02:00" +
          "epcListepc=https://id.gs1.org/01/10614141073464/21/2017epc=https://id.gs1.org/01/10614141073464/21/2018" +
          "action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-shippingdisposition=https://ref.gs1.org/cbv/Disp-in_transit" +
          "readPointid=https://id.gs1.org/414/0614141007776",
      );
    });

    it("writes an AggregationEvent's parent, sorted children and child quantities, by hand", () => {
      const packing: Event = {
        type: "AggregationEvent",
        eventTime: "2024-05-06T10:00:00Z",
        eventTimeZoneOffset: "+00:00",
        parentID: "urn:epc:id:sscc:0614141.1234567890",
        childEPCs: ["https://id.gs1.org/01/10614141073464/21/B", "urn:epc:id:sgtin:0614141.107346.A"],
        childQuantityList: [{ epcClass: "urn:epc:class:lgtin:0614141.107346.L1", quantity: 5.0 }],
        action: "ADD",
        bizStep: "packing",
      };
      expect(eventPreHash(packing)).to.equal(
        "eventType=AggregationEventeventTime=2024-05-06T10:00:00.000ZeventTimeZoneOffset=+00:00" +
          "parentID=https://id.gs1.org/00/106141412345678908" +
          "childEPCsepc=https://id.gs1.org/01/10614141073464/21/Aepc=https://id.gs1.org/01/10614141073464/21/B" +
          "childQuantityListquantityElementepcClass=https://id.gs1.org/01/10614141073464/10/L1quantity=5" +
          "action=ADDbizStep=https://ref.gs1.org/cbv/BizStep-packing",
      );
    });

    it("puts business transactions, sources and destinations type first, sorted, and extensions last", () => {
      const text = eventPreHash(shipment, CONTEXT);
      expect(text).to.include(
        "bizTransactionListtype=https://ref.gs1.org/cbv/BTT-desadvbizTransaction=urn:epcglobal:cbv:bt:0614141000005:ASN-12" +
          "type=https://ref.gs1.org/cbv/BTT-pobizTransaction=urn:epcglobal:cbv:bt:0614141000005:PO-4711" +
          "sourceListtype=https://ref.gs1.org/cbv/SDT-locationsource=https://id.gs1.org/414/0614141007776" +
          "type=https://ref.gs1.org/cbv/SDT-owning_partysource=https://id.gs1.org/417/0614141000005",
      );
      expect(text).to.include("sensorElementsensorMetadatatime=2024-05-06T09:00:00.000Z");
      const carrier = "{https://ns.example.com/ext/}carrier{https://ns.example.com/ext/}name=Acme Freight";
      expect(text.endsWith(`${carrier}{https://ns.example.com/ext/}vehicle=TRUCK-7`)).to.be.true;
      expect(text).to.match(/ilmd\{urn:epcglobal:cbv:mda\}itemExpirationDate=2027-01-31.*\{https:\/\/ns\.example\.com/);
    });
  });

  describe("what does not change the hash", () => {
    it("the same instant written with another offset or precision", () => {
      expect(hash({ eventTime: "2024-05-06T08:00:00Z" })).to.equal(hash({}));
      expect(hash({ eventTime: "2024-05-06T01:00:00.0004-07:00" })).to.equal(hash({}));
    });

    it("the order of EPCs, business transactions, sources, destinations and sensor reports", () => {
      const reversed = (key: string) => ({ [key]: [...(shipment[key] as unknown[])].reverse() });
      for (const key of ["epcList", "bizTransactionList", "sourceList", "destinationList"]) {
        expect(hash(reversed(key), shipment), key).to.equal(hash({}, shipment));
      }
      const [element] = shipment.sensorElementList as Event[];
      const reports = [...(element.sensorReport as unknown[])].reverse();
      expect(hash({ sensorElementList: [{ ...element, sensorReport: reports }] }, shipment)).to.equal(
        hash({}, shipment),
      );
    });

    it("an EPC URN or its GS1 Digital Link URI, on any host, with a query string or a lot beside the serial", () => {
      const forms = [
        "https://id.gs1.org/01/10614141073464/21/2017",
        "https://example.com/resolver/01/10614141073464/10/LOT9/21/2017?17=270131",
        "http://id.example.org/gtin/10614141073464/ser/2017",
      ];
      const [, second] = base.epcList as string[];
      for (const epc of forms) expect(hash({ epcList: [epc, second] }), epc).to.equal(hash({}));
      expect(hash({ readPoint: { id: "https://id.gs1.org/414/0614141007776" } })).to.equal(hash({}));
      const sscc = { parentID: "urn:epc:id:sscc:0614141.1234567890" };
      expect(hash({ parentID: "https://example.com/00/106141412345678908" })).to.equal(hash(sscc));
    });

    it("writes every EPC URN scheme as the reference does (its epclist_normalisation example)", () => {
      // URNs of tests/examples/documents/epclist_normalisation.jsonld (RalphTro/epcis-event-hash-generator); forms
      // from the pre-hash GS1 France's port expects for it (epcis2.js test/data/hashing/samplePrehashesAndHashes.js),
      // but the SSCC: the port keeps the 19-digit form the reference has since corrected (see its vectors above).
      const expected: Record<string, string> = {
        "urn:epc:id:sgtin:4012345.011111.98%22": "01/04012345111118/21/98%22",
        "urn:epc:id:sgtin:415056789012.0.987654": "01/04150567890128/21/987654",
        "urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()": "01/80614141123458/21/6789%2F%26%25%22%21%3F%28%29",
        "urn:epc:id:sgln:4012345.00005.122": "414/4012345000054/254/122",
        "urn:epc:id:grai:4012345.00022.334455": "8003/04012345000221334455",
        "urn:epc:id:giai:4012345.ABC345": "8004/4012345ABC345",
        "urn:epc:id:gsrn:4012345.0000006765": "8018/401234500000067657",
        "urn:epc:id:gsrnp:4012345.0000000007": "8017/401234500000000074",
        "urn:epc:id:gdti:4012345.00009.PO-4711": "253/4012345000092PO-4711",
        "urn:epc:id:gdti:987659999999..9": "253/98765999999929",
        "urn:epc:id:cpi:0614141.11111111111111-A%23%2F.1234": "8010/061414111111111111111-A%23%2F/8011/1234",
        "urn:epc:id:ginc:0614141.xyz47%2F11": "401/0614141xyz47%2F11",
        "urn:epc:id:gsin:4012345.222333444": "402/40123452223334442",
        "urn:epc:id:itip:4012345.011111.01.02.987": "8006/040123451111180102/21/987",
        "urn:epc:id:upui:1234567.098765.51qIgY)%3C%26Jp3*j7'SDB": "01/01234567987651/235/51qIgY%29%3C%26Jp3%2Aj7'SDB",
        "urn:epc:id:pgln:999999999999.": "417/9999999999994",
        "urn:epc:class:lgtin:4012345.012345.Lot987": "01/04012345123456/10/Lot987",
        "https://example.com/gtin/09780345418913/21/765tz?abc=211121": "01/09780345418913/21/765tz",
      };
      // Pattern URNs, as the reference's dl_normaliser.py writes them (the example has none).
      expected["urn:epc:idpat:itip:4012345.011111.01.02.*"] = "8006/040123451111180102";
      expected["urn:epc:idpat:cpi:0614141.123ABC.*"] = "8010/0614141123ABC";
      for (const [epc, path] of Object.entries(expected)) {
        expect(canonicalValue(epc), epc).to.equal(`https://id.gs1.org/${path}`);
      }
      expect(canonicalValue("urn:epc:id:sgtin:4012345.11111.1"), "12 digits before the serial").to.equal(
        "urn:epc:id:sgtin:4012345.11111.1",
      );
    });

    it("a bare CBV term, its CBV 2.0 Web URI, its CURIE or its CBV 1.x URN", () => {
      const same = [
        "https://ref.gs1.org/cbv/BizStep-shipping",
        "cbv:BizStep-shipping",
        "urn:epcglobal:cbv:bizstep:shipping",
      ];
      for (const bizStep of same) expect(hash({ bizStep }), bizStep).to.equal(hash({}));
    });

    it("the prefix or key order of user extensions: they are named by namespace IRI", () => {
      const renamed = { "other:carrier": { "other:vehicle": "TRUCK-7", "other:name": "Acme Freight" } };
      const context = [...CONTEXT, { other: "https://ns.example.com/ext/" }];
      const { "ext:carrier": _carrier, ...rest } = shipment;
      expect(eventHash({ ...rest, ...renamed }, context)).to.equal(eventHash(shipment, CONTEXT));
    });

    it("eventID, recordTime, errorDeclaration and certificationInfo, which the reference leaves out", () => {
      const extra = {
        eventID: "urn:uuid:9b2f5c1e-0000-4000-8000-000000000001",
        recordTime: "2024-05-06T10:00:05Z",
        errorDeclaration: { declarationTime: "2024-05-07T10:00:00Z", reason: "incorrect_data" },
        certificationInfo: "https://accreditation.example.org/certificate/1",
      };
      expect(hash(extra)).to.equal(hash({}));
    });
  });

  describe("what changes the hash", () => {
    it("every field: time, offset, EPCs, action, CBV terms, locations, transactions, parties, sensor data, ilmd, extensions", () => {
      const [element] = shipment.sensorElementList as Event[];
      const changes: Event[] = [
        { eventTime: "2024-05-06T10:00:00.001+02:00" },
        { eventTimeZoneOffset: "+01:00" },
        { epcList: (shipment.epcList as string[]).slice(1) },
        { action: "ADD" },
        { bizStep: "receiving" },
        { disposition: "in_progress" },
        { readPoint: { id: "urn:epc:id:sgln:0614141.00777.1" } },
        { bizLocation: { id: "urn:epc:id:sgln:0614141.00777.0" } },
        { bizTransactionList: [{ type: "po", bizTransaction: "urn:epcglobal:cbv:bt:0614141000005:PO-4711" }] },
        { bizTransactionList: [{ type: "inv", bizTransaction: "urn:epcglobal:cbv:bt:0614141000005:PO-4711" }] },
        { sourceList: [{ type: "owning_party", source: "urn:epc:id:pgln:0614141.00000" }] },
        { destinationList: [{ type: "owning_party", destination: "urn:epc:id:pgln:4012345.00000" }] },
        { sensorElementList: [{ ...element, sensorReport: [{ type: "Temperature", value: 4.6, uom: "CEL" }] }] },
        { ilmd: { "cbvmda:lotNumber": "LOT-2", "cbvmda:itemExpirationDate": "2027-01-31" } },
        { "ext:carrier": { "ext:name": "Acme Freight", "ext:vehicle": "TRUCK-8" } },
        { "ext:seal": "S-1" },
      ];
      const hashes = [hash({}, shipment), ...changes.map((change) => hash(change, shipment))];
      expect(new Set(hashes).size).to.equal(changes.length + 1);
    });
  });

  describe("the event id", () => {
    it("is the eventID when present and not blank, else the hash", () => {
      const id = "urn:uuid:9b2f5c1e-0000-4000-8000-000000000001";
      expect(eventIdOf({ ...base, eventID: id })).to.equal(id);
      expect(eventIdOf(base)).to.equal(eventHash(base)).and.match(NI);
      expect(eventIdOf({ ...base, eventID: " " })).to.equal(eventHash(base));
    });

    it("refuses what is not an EPCIS event, naming the field", () => {
      for (const [input, field] of [
        [null, "event"],
        [[base], "event"],
        [{ ...base, type: "Event" }, "type"],
        [{ eventTime: "2024-05-06T10:00:00Z" }, "type"],
      ] as const) {
        const call = () => eventIdOf(input);
        expect(call).to.throw(EventHashError).with.property("field", field);
      }
    });
  });

  describe("GS1's EPCIS 2.0 example documents (../shared/standards/epcis/examples)", () => {
    const files = readdirSync(EXAMPLES).filter((name) => name.endsWith(".jsonld"));

    it("gives every event a hash of the right form, and events that differ different hashes", () => {
      expect(files.length).to.be.greaterThan(0);
      const byEvent = new Map<string, string>();
      for (const name of files) {
        const document = JSON.parse(readFileSync(path.join(EXAMPLES, name), "utf8"));
        const events = (document.epcisBody.eventList ?? [document.epcisBody.event]) as Event[];
        for (const event of events) {
          const { eventID: _id, errorDeclaration: _error, ...hashed } = event;
          const value = eventHash(event, document["@context"]);
          expect(value, `${name}: ${String(event.eventID)}`).to.match(NI);
          byEvent.set(JSON.stringify(hashed), value);
        }
      }
      expect(byEvent.size).to.be.greaterThan(5);
      expect(new Set(byEvent.values()).size).to.equal(byEvent.size);
    });
  });
});
