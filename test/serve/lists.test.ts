import { expect } from "chai";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { GLN, GTIN, LOT } from "../fixtures";
import { indexedHardhatScenario, type IndexedScenario } from "../indexer/helpers/indexed-hardhat";
import { RECALLS, SHIPMENTS } from "../indexer/helpers/scenario";
import { addToken } from "../../src/serve/tokens";
import { bearer, testApp } from "./helpers";

const gln13 = (g: bigint) => g.toString().padStart(13, "0");

describe("udi-ledger serve: lists paged and filtered by the service", function () {
  let s: IndexedScenario;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let reader: string;
  let hospital: string;
  let subscriber: string;
  const get = (url: string, token = reader) => app.inject({ method: "GET", url, headers: bearer(token) });
  /** Every page of a list, following each answer's `Link: rel="next"`; the device ids in order and the page count. */
  const follow = async (url: string) => {
    const ids: string[] = [];
    let pages = 0;
    for (let next: string | null = url; next; pages++) {
      const r = await get(next);
      const page = r.json();
      expect(page.offset, next).to.equal(ids.length);
      ids.push(...page.items.map((d: { deviceId: string }) => d.deviceId));
      next = r.headers.link ? /^<([^>]+)>; rel="next"$/.exec(String(r.headers.link))![1] : null;
      expect(next === null, next ?? url).to.equal(page.nextPageToken === null);
    }
    return { ids, pages };
  };

  before(async function () {
    s = await indexedHardhatScenario("serve-lists");
    const tokensPath = join(s.dir, "tokens.json");
    reader = addToken(tokensPath, { scopes: ["read"] }).token;
    hospital = addToken(tokensPath, { scopes: ["read"], gln: gln13(GLN.hospital) }).token;
    subscriber = addToken(tokensPath, { scopes: ["subscribe"] }).token;
    ({ app, close } = await testApp(s.dbPath, { tokensPath }));
  });
  after(async () => {
    await close?.();
    await s?.close();
  });

  it("pages a recall's affected devices with nextPageToken and Link, each device once, in order", async function () {
    const whole = (await get(`/recalls/${RECALLS.lot}/devices?perPage=1000`)).json();
    expect(whole.total).to.equal(7);
    const seen: string[] = [];
    let url = `/recalls/${RECALLS.lot}/devices?perPage=3`;
    for (let pages = 1; ; pages++) {
      const r = await get(url);
      const page = r.json();
      expect(page.offset).to.equal(seen.length);
      seen.push(...page.items.map((d: { deviceId: string }) => d.deviceId));
      if (!page.nextPageToken) {
        expect(r.headers.link).to.equal(undefined);
        expect(pages).to.equal(3);
        break;
      }
      expect(r.headers.link).to.contain(`nextPageToken=${page.nextPageToken}`);
      url = `/recalls/${RECALLS.lot}/devices?perPage=3&nextPageToken=${page.nextPageToken}`;
    }
    expect(seen).to.deep.equal(whole.items.map((d: { deviceId: string }) => d.deviceId));
  });

  it("filters a recall's devices by disposition and custodian on the server; the facets count the whole list", async function () {
    const open = (await get(`/recalls/${RECALLS.lot}/devices?disposition=none`)).json();
    expect(open.total).to.equal(4);
    expect(open.items.every((d: { disposition: string | null }) => d.disposition === null)).to.equal(true);
    expect(open.dispositions).to.deep.equal({ none: 4, Returned: 1, Corrected: 1, Destroyed: 1 });
    const distributor = gln13(GLN.distributor);
    const held = (await get(`/recalls/${RECALLS.lot}/devices?custodian=${distributor}`)).json();
    expect(held.items.map((d: { custodian: string }) => d.custodian)).to.deep.equal([distributor, distributor]);
    const both = (await get(`/recalls/${RECALLS.lot}/devices?custodian=${distributor}&disposition=none`)).json();
    expect(both.total).to.equal(1);
  });

  it("refuses a bad filter, a bad check digit and a token from another query, naming the parameter", async function () {
    const cases: [string, string][] = [
      [`/recalls/${RECALLS.lot}/devices?disposition=Lost`, "disposition"],
      [`/recalls/${RECALLS.lot}/devices?custodian=0614141000013`, "custodian"],
      [`/organisations/${gln13(GLN.distributor)}/shipments?direction=sideways`, "direction"],
    ];
    for (const [url, parameter] of cases) expect((await get(url)).json(), url).to.include({ status: 400, parameter });
    const token = (await get(`/recalls/${RECALLS.lot}/devices?perPage=2`)).json().nextPageToken;
    const other = (
      await get(`/recalls/${RECALLS.lot}/devices?perPage=2&disposition=none&nextPageToken=${token}`)
    ).json();
    expect(other).to.include({ status: 400, parameter: "nextPageToken" });
    expect((await get(`/recalls/42/devices`)).json()).to.include({ status: 404, parameter: "recallId" });
  });

  it("sums an organisation up: inventory by status and product, shipments in and out by status", async function () {
    const org = (await get(`/organisations/${gln13(GLN.distributor)}`)).json();
    expect(org.inventory).to.deep.include({ total: 2, byStatus: { Active: 2 }, underRecall: 1, containers: 1 });
    expect(org.inventory.byProduct.map((p: { total: number }) => p.total)).to.deep.equal([2]);
    expect(org.shipments).to.deep.equal({
      in: { InTransit: 1, Received: 1 },
      out: { Received: 1, Cancelled: 1, Rejected: 1 },
    });
    expect(org.alerts).to.equal(0); // nobody subscribed
    const incoming = (await get(`/organisations/${gln13(GLN.distributor)}/shipments?direction=in`)).json();
    expect(incoming.items.map((x: { shipmentId: number }) => x.shipmentId)).to.deep.equal([
      SHIPMENTS.inTransit,
      SHIPMENTS.quarantined,
    ]);
    const rejected = (await get(`/organisations/${gln13(GLN.distributor)}/shipments?status=Rejected`)).json();
    expect(rejected.items).to.have.length(1);
    expect(rejected.items[0]).to.include({ shipmentId: SHIPMENTS.rejected, direction: "out" });
    const devices = (await get(`/organisations/${gln13(GLN.distributor)}/devices?status=Active&perPage=1`)).json();
    expect(devices).to.include({ total: 2, offset: 0 });
    expect(devices.items).to.have.length(1);
  });

  it("keeps a GLN-bound token to its own organisation on every organisation route", async function () {
    for (const path of ["", "/devices", "/shipments", "/alerts"]) {
      const other = await get(`/organisations/${gln13(GLN.distributor)}${path}`, hospital);
      expect(other.json(), path).to.include({ status: 403, parameter: "gln" });
      expect((await get(`/organisations/${gln13(GLN.hospital)}${path}`, hospital)).statusCode, path).to.equal(200);
    }
  });

  it("pages a lot's and a shipment's devices through Link rel=next, the same devices as their parent routes", async function () {
    const lot = (await get(`/lots/${GTIN}/${LOT}`)).json();
    const lotIds = lot.devices.map((d: { deviceId: string }) => d.deviceId);
    expect(lotIds).to.have.length(7);
    expect(await follow(`/lots/${GTIN}/${LOT}/devices?perPage=3`)).to.deep.equal({ ids: lotIds, pages: 3 });
    const first = (await get(`/lots/${GTIN}/${LOT}/devices?perPage=3`)).json();
    expect(first).to.include({ gtin: lot.gtin, lotNumber: LOT, total: 7, offset: 0 });
    expect(first.items[0]).to.deep.equal(lot.devices[0]);
    let paged = 0;
    for (const id of Object.values(SHIPMENTS)) {
      const devices = (await get(`/shipments/${id}`)).json().devices.map((d: { deviceId: string }) => d.deviceId);
      const { ids, pages } = await follow(`/shipments/${id}/devices?perPage=1`);
      expect(ids, `shipment ${id}`).to.deep.equal(devices);
      if (pages > 1) paged++;
    }
    expect(paged, "shipments of more than one device").to.be.greaterThan(0);
  });

  it("refuses a bad paging parameter, a token of another lot and an unknown lot or shipment, naming the parameter", async function () {
    const cases: [string, number, string][] = [
      [`/lots/${GTIN}/${LOT}/devices?perPage=0`, 400, "perPage"],
      [`/shipments/${SHIPMENTS.delivered}/devices?perPage=1001`, 400, "perPage"],
      [`/shipments/${SHIPMENTS.delivered}/devices?nextPageToken=nonsense`, 400, "nextPageToken"],
      [`/shipments/${SHIPMENTS.delivered}/devices?page=2`, 400, "page"],
      [`/shipments/abc/devices`, 400, "id"],
      [`/lots/12/${LOT}/devices`, 400, "gtin"],
      [`/shipments/999/devices`, 404, "shipmentId"],
    ];
    for (const [url, status, parameter] of cases)
      expect((await get(url)).json(), url).to.include({ status, parameter });
    expect((await get(`/lots/${GTIN}/NO-SUCH/devices`)).statusCode).to.equal(404);
    const token = (await get(`/lots/${GTIN}/${LOT}/devices?perPage=2`)).json().nextPageToken;
    const elsewhere = (await get(`/shipments/${SHIPMENTS.delivered}/devices?nextPageToken=${token}`)).json();
    expect(elsewhere).to.include({ status: 400, parameter: "nextPageToken" });
  });

  it("scopes a lot's and a shipment's devices as their parent routes: the read scope, no GLN binding", async function () {
    for (const path of [`/lots/${GTIN}/${LOT}`, `/shipments/${SHIPMENTS.delivered}`]) {
      for (const url of [path, `${path}/devices`]) {
        expect((await get(url, subscriber)).json(), url).to.include({ status: 403, scope: "read" });
        expect((await app.inject({ method: "GET", url })).statusCode, url).to.equal(401);
        expect((await get(url, hospital)).statusCode, url).to.equal(200);
      }
    }
  });
});
