import { expect } from "chai";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { cli } from "../cli/in-process";
import { GLN, GTIN, LOT, OTHER_GTIN } from "../fixtures";
import { indexedHardhatScenario, type IndexedScenario } from "../indexer/helpers/indexed-hardhat";
import { EXPIRED_ID, LOT_B_IDS, OTHER_IDS, RECALLS, SHIPMENTS, SINGLE, ids } from "../indexer/helpers/scenario";
import { openAudit } from "../../src/indexer/audit";
import { TOKENS_RELOAD_MS } from "../../src/serve/auth";
import { addToken } from "../../src/serve/tokens";
import { bearer, hasNoStack, testApp, type LogLines } from "./helpers";

const gln13 = (g: bigint) => g.toString().padStart(13, "0");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("udi-ledger serve: the app", function () {
  let s: IndexedScenario;
  let app: FastifyInstance;
  let logs: LogLines;
  let close: () => Promise<void>;
  let tokensPath: string;
  let reader: string;
  let hospital: string;
  let manufacturer: string;
  let admin: string;
  const get = (url: string, token?: string) => app.inject({ method: "GET", url, headers: token ? bearer(token) : {} });

  before(async function () {
    s = await indexedHardhatScenario("serve-app");
    tokensPath = join(s.dir, "tokens.json");
    reader = addToken(tokensPath, { scopes: ["read"] }).token;
    hospital = addToken(tokensPath, { scopes: ["read"], gln: gln13(GLN.hospital) }).token;
    manufacturer = addToken(tokensPath, { scopes: ["read"], gln: gln13(GLN.manufacturer) }).token;
    admin = addToken(tokensPath, { scopes: ["admin"] }).token;
    ({ app, logs, close } = await testApp(s.dbPath, { tokensPath }));
  });
  after(async () => {
    await close?.();
    await s?.close();
  });

  describe("access", function () {
    it("serves /health without a token", async function () {
      const r = await get("/health");
      expect(r.statusCode).to.equal(200);
      expect(r.json().asOf.blockNumber).to.equal(s.report.checkpoint.number);
    });

    it("answers 401 without a token or with an unknown one, 403 without the scope", async function () {
      for (const [token, status] of [
        [undefined, 401],
        ["udi_nope_nope", 401],
        [admin, 403],
      ] as const) {
        const r = await get("/recalls", token);
        expect(r.statusCode, String(token)).to.equal(status);
        expect(r.headers["content-type"]).to.match(/^application\/problem\+json/);
        expect(r.json().status).to.equal(status);
      }
      expect((await get("/recalls", admin)).json().detail).to.equal('this token lacks the "read" scope');
    });

    it("picks up tokens added and revoked while it runs, without a restart", async function () {
      const run = await cli("token", "add", "--tokens", tokensPath, "--scope", "read", "--label", "late");
      const token = run.stdout.trim();
      expect(run.stdout).to.match(/^udi_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\n$/);
      await sleep(TOKENS_RELOAD_MS + 100);
      expect((await get("/recalls", token)).statusCode).to.equal(200);
      const id = token.split("_")[1];
      const listed = JSON.parse((await cli("token", "list", "--tokens", tokensPath, "--json")).stdout);
      expect(listed.find((t: { id: string }) => t.id === id)).to.include({ label: "late" });
      expect(JSON.stringify(listed)).not.to.contain(token.split("_")[2]);
      expect((await cli("token", "revoke", id, "--tokens", tokensPath)).stdout).to.equal(`revoked ${id}\n`);
      await sleep(TOKENS_RELOAD_MS + 100);
      expect((await get("/recalls", token)).statusCode).to.equal(401);
    });

    it("refuses an unknown scope and a bad GLN when adding a token", async function () {
      await cli("token", "add", "--tokens", tokensPath, "--scope", "read,write").then(
        () => expect.fail("must throw"),
        (e: Error) => expect(e.message).to.match(/scope "write": is not one of read, subscribe, admin, capture/),
      );
      await cli("token", "add", "--tokens", tokensPath, "--scope", "read", "--gln", "0614141000013").then(
        () => expect.fail("must throw"),
        (e: Error) => expect(e.message).to.match(/gln "0614141000013": fails its GS1 mod-10 check digit/),
      );
    });
  });

  describe("GET /check/{udi}", function () {
    const check = async (udi: string, token = reader) => {
      const r = await get(`/check/${udi}`, token);
      expect(r.statusCode, r.body).to.equal(200);
      return r.json();
    };
    const gtin = GTIN.toString().padStart(14, "0");
    const codes = (body: { reasons: { code: string }[] }) => body.reasons.map((r) => r.code);

    it("says ok for an active device held here, with product, lot, expiry, custodian and chain position", async function () {
      const body = await check(encodeURIComponent(`(01)${gtin}(21)SN-B-0002`), manufacturer);
      expect(body.verdict).to.equal("ok");
      expect(body.reasons).to.deep.equal([]);
      expect(body.deviceId).to.equal(LOT_B_IDS[1]);
      expect(body.lot.lotNumber).to.equal("LOT-2026-B");
      expect(body.lot.expiry).to.match(/^\d{4}-\d\d-\d\dT/);
      expect(body.product.gtin).to.equal(gtin);
      expect(body.custodian.gln).to.equal(gln13(GLN.manufacturer));
      expect(body.asOf.blockNumber).to.equal(s.report.checkpoint.number);
    });

    it("reads every UDI syntax to the same device", async function () {
      const forms = [
        encodeURIComponent(`(01)${gtin}(21)SN-B-0002`),
        encodeURIComponent(`]d201${gtin}21SN-B-0002`),
        `https://id.gs1.org/01/${gtin}/21/SN-B-0002`,
        encodeURIComponent(`https://example.org/01/${gtin}/21/SN-B-0002`),
      ];
      for (const form of forms) expect((await check(form)).deviceId, form).to.equal(LOT_B_IDS[1]);
    });

    it("says do-not-use, with each reason, when it is held elsewhere, recalled, expired, destroyed or in transit", async function () {
      expect(codes(await check(encodeURIComponent(`(01)${gtin}(21)SN-B-0002`), hospital))).to.deep.equal([
        "held-elsewhere",
      ]);
      const recalled = await check(encodeURIComponent(`(01)${gtin}(21)SN-0002`));
      expect(recalled.deviceId).to.equal(ids[1]);
      expect(recalled.reasons[0]).to.include({
        code: "recalled",
        recallId: RECALLS.serials,
        recallClass: "ClassI",
        action: "Correction",
      });
      const other = await check(encodeURIComponent(`(01)${OTHER_GTIN14()}(21)OT-1`));
      expect(other.deviceId).to.equal(OTHER_IDS[0]);
      expect(other.reasons[0]).to.include({ code: "recalled", recallId: RECALLS.product });
      expect(codes(await check(encodeURIComponent(`(01)${gtin}(21)SN-OLD-1`)))).to.deep.equal(["expired"]);
      expect((await check(encodeURIComponent(`(01)${gtin}(21)SN-OLD-1`))).deviceId).to.equal(EXPIRED_ID);
      expect(codes(await check(encodeURIComponent(`(01)${gtin}(21)SN-0004`)))).to.deep.equal(["destroyed"]);
      const transit = await check(encodeURIComponent(`(01)${gtin}(21)SN-S1`), hospital);
      expect(transit.deviceId).to.equal(SINGLE);
      expect(codes(transit)).to.deep.equal(["in-transit"]);
    });

    it("says unknown (possible counterfeit) for a well-formed UDI the ledger never saw", async function () {
      const body = await check(encodeURIComponent(`(01)${gtin}(21)FAKE-1`));
      expect(body.verdict).to.equal("do-not-use");
      expect(codes(body)).to.deep.equal(["unknown"]);
      expect(body.reasons[0].detail).to.contain("counterfeit");
    });

    it("refuses a malformed UDI with 400 naming udi, and a gln another than the token's with 403", async function () {
      for (const bad of [
        "garbage",
        encodeURIComponent(`(01)${gtin.slice(0, 13)}9(21)X`),
        encodeURIComponent(`(01)${gtin}`),
      ]) {
        const r = await get(`/check/${bad}`, reader);
        expect(r.statusCode, bad).to.equal(400);
        expect(r.json().parameter).to.equal("udi");
        expect(hasNoStack(r.body)).to.equal(true);
      }
      const r = await get(
        `/check/${encodeURIComponent(`(01)${gtin}(21)SN-S1`)}?gln=${gln13(GLN.distributor)}`,
        hospital,
      );
      expect(r.statusCode).to.equal(403);
      expect((await get(`/check/x?gln=123`, reader)).json()).to.include({ status: 400, parameter: "gln" });
      expect((await get(`/check/x?colour=red`, reader)).json()).to.include({ status: 400, parameter: "colour" });
    });
  });

  describe("audit resources", function () {
    it("GET /devices/{udi} is the device's state and the trail openAudit gives", async function () {
      const r = await get(
        `/devices/${encodeURIComponent(`(01)${GTIN.toString().padStart(14, "0")}(21)SN-0004`)}`,
        reader,
      );
      expect(r.statusCode).to.equal(200);
      const body = r.json();
      expect(body.status).to.equal("Destroyed");
      expect(body.events.map((e: { id: number }) => e.id)).to.deep.equal(await trailIds(s.dbPath, ids[3]));
      expect((await get(`/devices/${encodeURIComponent("(01)00614141000128(21)NOPE")}`, reader)).statusCode).to.equal(
        404,
      );
    });

    it("GET /organisations/{gln}/inventory; a GLN-bound token sees only its own", async function () {
      const r = await get(`/organisations/${gln13(GLN.distributor)}/inventory`, reader);
      expect(r.statusCode).to.equal(200);
      expect(r.json().byStatus).to.deep.equal({ Active: 2 });
      expect((await get(`/organisations/${gln13(GLN.distributor)}/inventory`, hospital)).statusCode).to.equal(403);
      expect((await get(`/organisations/${gln13(GLN.hospital)}/inventory`, hospital)).statusCode).to.equal(200);
      const bad = await get(`/organisations/0614141000013/inventory`, reader);
      expect(bad.json()).to.include({ status: 400, parameter: "gln" });
      expect((await get(`/organisations/12/inventory`, reader)).json()).to.include({ status: 400, parameter: "gln" });
    });

    it("GET /lots/{gtin}/{lot} and /shipments/{id}", async function () {
      const lot = (await get(`/lots/${GTIN}/${LOT}`, reader)).json();
      expect(lot.devices).to.have.length(7);
      const shipment = (await get(`/shipments/${SHIPMENTS.inTransit}`, reader)).json();
      expect(shipment).to.include({
        status: "InTransit",
        sender: gln13(GLN.manufacturer),
        recipient: gln13(GLN.distributor),
      });
      expect(shipment.devices.map((d: { deviceId: string }) => d.deviceId)).to.deep.equal([SINGLE]);
      expect(shipment.events.map((e: { event: string }) => e.event)).to.deep.equal([
        "ShipmentDispatched",
        "DataAnchored",
      ]);
      expect((await get(`/shipments/999`, reader)).json()).to.include({ status: 404, parameter: "shipmentId" });
      expect((await get(`/shipments/abc`, reader)).json()).to.include({ status: 400, parameter: "id" });
      expect((await get(`/lots/${GTIN}/NO-SUCH`, reader)).statusCode).to.equal(404);
    });

    it("GET /recalls lists them; /recalls/{id} is the status report with both effectiveness figures", async function () {
      const list = (await get("/recalls", reader)).json();
      expect(list.recalls.map((r: { recallId: number }) => r.recallId)).to.deep.equal([3, 2, 1]);
      const report = (await get(`/recalls/${RECALLS.lot}`, reader)).json();
      // Lot recall: 7 affected, 3 dispositioned; acknowledged by the distributor and the hospital.
      expect(report.summary).to.include({ affectedDevices: 7, dispositionedDevices: 3 });
      expect(report.effectiveness.dispositionedDevices).to.equal(0.4286);
      // The issuer (the manufacturer) is not a consignee; the devices returned to it are reported apart.
      const glns = report.consignees.map((c: { gln: string }) => c.gln);
      expect(glns).to.have.members([gln13(GLN.distributor), gln13(GLN.hospital)]);
      expect(report.recall.issuer).to.equal(gln13(GLN.manufacturer));
      expect(report.returnedToIssuer).to.include({ gln: gln13(GLN.manufacturer), dispositionPending: 3 });
      const acked = report.consignees
        .filter((c: { acknowledged: boolean }) => c.acknowledged)
        .map((c: { gln: string }) => c.gln);
      expect(acked).to.have.members([gln13(GLN.distributor), gln13(GLN.hospital)]);
      expect(report.summary.acknowledged).to.equal(2);
      expect(report.summary.outstanding).to.equal(report.summary.consignees - 2);
      expect(report.effectiveness.acknowledgedConsignees).to.equal(
        Math.round((2 / report.summary.consignees) * 10_000) / 10_000,
      );
      expect(report.dispositions).to.deep.equal({ Returned: 1, Corrected: 1, Destroyed: 1 });
      const held = report.consignees.reduce((n: number, c: { quantityHeld: number }) => n + c.quantityHeld, 0);
      expect(held).to.equal(1);
      expect(report.summary).to.include({ devicesStillHeld: 1, consignees: 2, outstanding: 0 });
      expect(report).not.to.have.property("devices"); // a paged list of its own: /recalls/{id}/devices
      expect((await get("/recalls/42", reader)).statusCode).to.equal(404);
    });

    it("GET /verify needs the admin scope and a chain (503 when the app has none)", async function () {
      expect((await get("/verify", reader)).statusCode).to.equal(403);
      expect((await get("/verify", admin)).json()).to.include({ status: 503 });
    });
  });

  describe("bad requests", function () {
    it("answers unknown routes 404 and wrong methods 405 with Allow, as problems", async function () {
      const r404 = await get("/no/such/thing", reader);
      expect(r404.statusCode).to.equal(404);
      expect(r404.headers["content-type"]).to.match(/^application\/problem\+json/);
      const r405 = await app.inject({ method: "DELETE", url: "/recalls", headers: bearer(reader) });
      expect(r405.statusCode).to.equal(405);
      expect(r405.headers.allow).to.equal("GET");
      expect(r405.json().type).to.equal("urn:udi-ledger:problem:method-not-allowed");
    });

    it("answers an oversized body 413 and a malformed JSON body 400, and keeps serving", async function () {
      const big = await app.inject({
        method: "POST",
        url: "/recalls",
        headers: { ...bearer(reader), "content-type": "application/json" },
        payload: JSON.stringify({ pad: "x".repeat(100_000) }),
      });
      expect(big.statusCode).to.equal(413);
      expect(big.headers["content-type"]).to.match(/^application\/problem\+json/);
      const broken = await app.inject({
        method: "POST",
        url: "/recalls",
        headers: { ...bearer(reader), "content-type": "application/json" },
        payload: '{"a": ',
      });
      expect(broken.statusCode).to.equal(400);
      expect(hasNoStack(big.body) && hasNoStack(broken.body)).to.equal(true);
      expect((await get("/health")).statusCode).to.equal(200);
    });

    it("rate-limits a client past its limit with a 429 problem", async function () {
      const limited = await testApp(s.dbPath, { rateLimitPerMinute: 2 });
      try {
        const codes = [];
        for (let i = 0; i < 3; i++) codes.push((await limited.app.inject({ url: "/health" })).statusCode);
        expect(codes).to.deep.equal([200, 200, 429]);
      } finally {
        await limited.close();
      }
    });
  });

  it("logs one structured line per request", async function () {
    const before = logs.filter((l) => l.msg === "request").length;
    await get("/health");
    await get("/recalls", reader);
    await get("/nope", reader);
    const lines = logs.filter((l) => l.msg === "request").slice(before);
    expect(lines.map((l) => [l.url, l.status])).to.deep.equal([
      ["/health", 200],
      ["/recalls", 200],
      ["/nope", 404],
    ]);
    expect(lines[1].token).to.be.a("string");
    expect(lines[0].ms).to.be.a("number");
  });

  it("serves its OpenAPI 3 document, generated from the route schemas", async function () {
    const doc = (await get("/openapi.json")).json();
    expect(doc.openapi).to.match(/^3\./);
    for (const path of [
      "/check/{*}",
      "/events",
      "/recalls/{id}",
      "/organisations/{gln}/inventory",
      "/organisations/{gln}",
      "/recalls/{id}/devices",
      "/epcs/{id}/events",
    ])
      expect(doc.paths, path).to.have.property(path);
    expect(doc.paths["/events"].get.parameters.map((p: { name: string }) => p.name)).to.include.members([
      "MATCH_epc",
      "GE_eventTime",
      "perPage",
      "nextPageToken",
    ]);
  });
});

async function trailIds(dbPath: string, deviceId: string): Promise<number[]> {
  const audit = openAudit(dbPath);
  try {
    return audit.trail(deviceId).events.map((e) => e.id);
  } finally {
    audit.close();
  }
}

const OTHER_GTIN14 = (): string => OTHER_GTIN.toString().padStart(14, "0");
