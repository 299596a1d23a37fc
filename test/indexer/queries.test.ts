import { expect } from "chai";
import { openQueryContext, type QueryContext } from "../../src/indexer/queries/context";
import { inventory } from "../../src/indexer/queries/inventory";
import { lotHistory } from "../../src/indexer/queries/lot";
import { recallImpact } from "../../src/indexer/queries/recall-impact";
import { deviceTrail } from "../../src/indexer/queries/trail";
import { GLN, GTIN, LOT, OTHER_GTIN } from "../fixtures";
import { STORES, type IndexedScenario } from "./helpers/indexed-hardhat";
import { scenarioPerStore } from "./helpers/scenario-per-store";
import { CASE, ids, LOT_B_IDS, RECALLS, SHIPMENTS } from "./helpers/scenario";

/** A GS1 key as auditors read it: zero-padded to its full length. */
const padded = (key: bigint, digits: number): string => key.toString().padStart(digits, "0");

const scenario = scenarioPerStore("queries");

for (const kind of STORES)
  describe(`indexer queries (${kind})`, function () {
    let s: IndexedScenario;
    let ctx: QueryContext;

    before(async function () {
      s = await scenario(kind);
      ctx = openQueryContext(s.dbPath);
    });
    after(async () => {
      ctx?.close();
      await s?.close();
    });

    describe("trail", function () {
      it("lists a device's whole history in chain order, with block, tx, log index, actor and organisation", function () {
        const trail = deviceTrail(
          ctx.store.sql,
          ctx.decoder,
          `(01)${GTIN.toString().padStart(14, "0")}(21)SN-0004`,
          ctx.asOf,
        );
        expect(trail.deviceId).to.equal(ids[3]);
        expect(trail.events.map((e) => e.event)).to.deep.equal([
          "LotRegistered",
          "DevicesCommissioned",
          "ShipmentDispatched",
          "DataAnchored",
          "ShipmentReceived",
          "DeviceReleased",
          "ShipmentDispatched",
          "ShipmentRejected",
          "ShipmentDispatched",
          "ShipmentCancelled",
          "ShipmentDispatched",
          "ShipmentReceived",
          "DeviceInstalled",
          "ServiceRecorded",
          "SoftwareUpdated",
          "DeviceExplanted",
          "DeviceQuarantined",
          "DeviceDecommissioned",
          "DeviceDestroyed",
          "RecallIssued",
          "RecallDispositionRecorded",
          "RecallTerminated",
        ]);
        expect(trail.state).to.include({ status: "Destroyed", custodian: padded(GLN.hospital, 13), heldBy: 0 });
        const serviced = trail.events.find((e) => e.event === "ServiceRecorded")!;
        expect(serviced.organisation).to.equal(padded(GLN.service, 13));
        // GS1 keys keep their full length (a GLN its leading 0), in the organisation and in the arguments.
        expect(serviced.organisation).to.have.length(13).and.match(/^0/);
        const dispatched = trail.events.find((e) => e.event === "ShipmentDispatched")!;
        expect(dispatched.args).to.include({ sender: padded(GLN.manufacturer, 13) });
        expect(serviced.actor).to.match(/^0x[0-9a-f]{40}$/);
        expect(serviced.txHash).to.match(/^0x[0-9a-f]{64}$/);
        for (const e of trail.events) expect(e.blockNumber).to.be.at.most(ctx.asOf.number);
      });

      it("accepts a Digital Link URI and a device id for the same device", function () {
        const uri = `https://id.gs1.org/01/${GTIN.toString().padStart(14, "0")}/21/SN-0004`;
        const byUri = deviceTrail(ctx.store.sql, ctx.decoder, uri, ctx.asOf);
        const byId = deviceTrail(ctx.store.sql, ctx.decoder, ids[3], ctx.asOf);
        expect(byUri).to.deep.equal(byId);
      });

      it("includes the shipments that carried a device inside a container", function () {
        const trail = deviceTrail(ctx.store.sql, ctx.decoder, ids[0], ctx.asOf);
        const shipped = trail.events.filter((e) => e.event === "ShipmentDispatched").map((e) => e.args.shipmentId);
        expect(shipped).to.deep.equal([SHIPMENTS.quarantined]);
        expect(trail.state).to.include({
          container: padded(CASE, 18),
          custodian: padded(GLN.distributor, 13),
          status: "Active",
        });
      });
    });

    describe("inventory", function () {
      it("counts what an organisation holds by effective status, packed devices included", function () {
        const inv = inventory(ctx.store.sql, GLN.distributor.toString(), ctx.asOf);
        expect(inv.gln).to.equal(padded(GLN.distributor, 13));
        expect(inv.byStatus).to.deep.equal({ Active: 2 });
        expect(inv.devices.map((d) => d.deviceId).sort()).to.deep.equal([ids[0], ids[1]].sort());
        expect(inv.containers).to.deep.equal([
          { sscc: CASE.toString().padStart(18, "0"), status: "Active", deviceCount: 2 },
        ]);
        expect(inventory(ctx.store.sql, GLN.hospital.toString(), ctx.asOf).byStatus).to.deep.equal({ Destroyed: 1 });
      });
    });

    describe("recall-impact", function () {
      it("measures a lot recall: affected devices, custodians, acknowledgements, dispositions, effectiveness", function () {
        const impact = recallImpact(ctx.store.sql, String(RECALLS.lot), ctx.asOf);
        expect(impact.recall).to.include({
          scope: "Lots",
          status: "Terminated",
          recallClass: "ClassII",
          action: "Removal",
        });
        expect(impact.affected).to.equal(7);
        expect(impact.dispositioned).to.equal(3);
        expect(impact.effectivenessPercent).to.equal(42.86);
        expect(impact.dispositions).to.deep.equal({ Returned: 1, Corrected: 1, Destroyed: 1 });
        expect(impact.acknowledgements.map((a) => a.gln)).to.deep.equal([
          padded(GLN.distributor, 13),
          padded(GLN.hospital, 13),
        ]);
        const distributor = impact.custodians.find((c) => c.gln === padded(GLN.distributor, 13))!;
        expect(distributor).to.deep.equal({
          gln: padded(GLN.distributor, 13),
          devices: 2,
          outstanding: 1,
          acknowledged: true,
        });
      });

      it("reports an open serial recall holding its devices and a product recall over another manufacturer", function () {
        const serials = recallImpact(ctx.store.sql, String(RECALLS.serials), ctx.asOf);
        expect(serials.devices.map((d) => [d.deviceId, d.heldBy, d.disposition])).to.have.deep.members([
          [ids[1], RECALLS.serials, null],
          [LOT_B_IDS[0], RECALLS.serials, null],
        ]);
        expect(serials.effectivenessPercent).to.equal(0);
        const product = recallImpact(ctx.store.sql, String(RECALLS.product), ctx.asOf);
        expect(product.recall.gtin).to.equal(padded(OTHER_GTIN, 14));
        expect(product.custodians).to.deep.equal([
          { gln: padded(GLN.otherManufacturer, 13), devices: 2, outstanding: 2, acknowledged: true },
        ]);
      });

      it("rejects an unknown recall, naming it", function () {
        expect(() => recallImpact(ctx.store.sql, "99", ctx.asOf)).to.throw(
          'recallId "99": no such recall in the index',
        );
      });
    });

    describe("lot", function () {
      it("lists a lot's devices and the events about the lot", function () {
        const lot = lotHistory(ctx.store.sql, ctx.decoder, GTIN.toString(), LOT, ctx.asOf);
        expect(lot.devices).to.have.length(7);
        expect(lot).to.include({ gtin: padded(GTIN, 14), manufacturer: padded(GLN.manufacturer, 13) });
        expect(lot.events.map((e) => e.event)).to.deep.equal(["LotRegistered", "RecallIssued"]);
        expect(lot.byStatus).to.deep.equal({ Active: 5, InTransit: 1, Destroyed: 1 });
      });
    });
  });
