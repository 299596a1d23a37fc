import { expect } from "chai";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { GLN } from "../fixtures";
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
  const get = (url: string, token = reader) => app.inject({ method: "GET", url, headers: bearer(token) });

  before(async function () {
    s = await indexedHardhatScenario("serve-lists");
    const tokensPath = join(s.dir, "tokens.json");
    reader = addToken(tokensPath, { scopes: ["read"] }).token;
    hospital = addToken(tokensPath, { scopes: ["read"], gln: gln13(GLN.hospital) }).token;
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
});
