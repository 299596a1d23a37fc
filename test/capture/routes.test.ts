import { expect } from "chai";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { createCaptureGateway, type CaptureGateway } from "../../src/capture/gateway";
import { openCaptureJobStore, type CaptureJobStore } from "../../src/capture/jobs";
import { createDocumentValidator } from "../../src/capture/validate";
import { addToken } from "../../src/serve/tokens";
import { indexedHardhatScenario, type IndexedScenario } from "../indexer/helpers/indexed-hardhat";
import { bearer, hasNoStack, testApp } from "../serve/helpers";
import { commissioning, fakeEngine, silent } from "./fake-engine";
import { EPCIS_SCHEMA as SCHEMA } from "../helpers/standards";

const CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"];
const LIMITS = { events: 3, bytes: 4_096 };

/** An EPCISDocument of the given events. */
const documentOf = (events: object[]) => ({
  "@context": CONTEXT,
  type: "EPCISDocument",
  schemaVersion: "2.0",
  creationDate: "2026-12-01T10:00:00.000Z",
  epcisBody: { eventList: events },
});
const single = (serial: string, id: string) => ({ "@context": CONTEXT, ...commissioning(serial, id) });

describe("udi-ledger serve --capture: the EPCIS 2.0 capture interface", function () {
  let s: IndexedScenario;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let store: CaptureJobStore;
  let gateway: CaptureGateway;
  let capturer: string;
  let manufacturer: string;
  let reader: string;
  let elsewhere: string;
  const engine = fakeEngine({ failIds: new Set(["urn:uuid:fails"]) });

  before(async function () {
    s = await indexedHardhatScenario("capture-routes");
    const tokensPath = join(s.dir, "tokens.json");
    capturer = addToken(tokensPath, { scopes: ["capture"] }).token;
    manufacturer = addToken(tokensPath, { scopes: ["capture"], gln: "0614141000005" }).token;
    reader = addToken(tokensPath, { scopes: ["read"] }).token;
    elsewhere = addToken(tokensPath, { scopes: ["capture"], gln: "0614142000004" }).token;
    store = openCaptureJobStore(join(s.dir, "capture.sqlite"));
    gateway = createCaptureGateway({
      store,
      engine: engine.engine,
      validate: createDocumentValidator(SCHEMA),
      limits: LIMITS,
      organisation: "0614141000005",
      log: silent,
    });
    gateway.start();
    ({ app, close } = await testApp(s.dbPath, { tokensPath, capture: gateway }));
  });
  after(async () => {
    await close();
    await gateway.stop();
    store.close();
  });

  const post = (url: string, body: unknown, token = capturer, headers: Record<string, string> = {}) =>
    app.inject({
      method: "POST",
      url,
      headers: { ...bearer(token), "content-type": "application/ld+json", ...headers },
      payload: typeof body === "string" ? body : JSON.stringify(body),
    });
  const job = async (location: string, token = capturer) => {
    for (;;) {
      const r = await app.inject({ method: "GET", url: location, headers: bearer(token) });
      expect(r.statusCode, r.body).to.equal(200);
      if (!r.json().running) return r.json();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it("advertises its limits and error behaviours (OPTIONS /capture)", async function () {
    const r = await app.inject({ method: "OPTIONS", url: "/capture", headers: bearer(capturer) });
    expect(r.statusCode).to.equal(204);
    expect(r.headers).to.include({
      allow: "OPTIONS, POST, GET",
      "gs1-epcis-capture-limit": "3",
      "gs1-epcis-capture-file-size-limit": "4096",
      "gs1-capture-error-behaviour": "rollback, proceed",
      "gs1-epcis-version": "2.0.0",
    });
  });

  it("takes a document (202 and Location) and shows its job with each event's transaction", async function () {
    const r = await post(
      "/capture",
      documentOf([commissioning("R1", "urn:uuid:r1"), commissioning("R2", "urn:uuid:r2")]),
    );
    expect(r.statusCode, r.body).to.equal(202);
    expect(r.headers.location).to.match(/^\/capture\/cap_[A-Za-z0-9_-]{12}$/);
    const done = await job(r.headers.location as string);
    expect(done).to.include({ running: false, success: true, captureErrorBehaviour: "rollback" });
    expect(done.captureID).to.equal((r.headers.location as string).split("/")[2]);
    expect(done.events).to.deep.equal([
      { index: 0, eventId: "urn:uuid:r1", status: "committed", txHash: "0x0", blockNumber: 7, logIndex: 0 },
      { index: 1, eventId: "urn:uuid:r2", status: "committed", txHash: "0x1", blockNumber: 7, logIndex: 1 },
    ]);
    const list = await app.inject({ method: "GET", url: "/capture?perPage=1", headers: bearer(capturer) });
    expect(list.json().map((j: { captureID: string }) => j.captureID)).to.deep.equal([done.captureID]);
  });

  it("takes the proceed behaviour from GS1-Capture-Error-Behaviour and refuses an unknown one by name", async function () {
    const doc = documentOf([commissioning("P1", "urn:uuid:p1")]);
    const ok = await post("/capture", doc, capturer, { "GS1-Capture-Error-Behaviour": "proceed" });
    expect((await job(ok.headers.location as string)).captureErrorBehaviour).to.equal("proceed");
    const bad = await post("/capture", doc, capturer, { "GS1-Capture-Error-Behaviour": "all" });
    expect(bad.statusCode).to.equal(400);
    expect(bad.json()).to.include({ parameter: "GS1-Capture-Error-Behaviour" });
  });

  it("refuses a document that breaks GS1's schema with a ValidationException naming the path (400)", async function () {
    const broken = documentOf([{ ...commissioning("S1", "urn:uuid:s1"), action: "MOVE" }]);
    const r = await post("/capture", broken);
    expect(r.statusCode).to.equal(400);
    expect(r.headers["content-type"]).to.match(/^application\/problem\+json/);
    const problem = r.json();
    expect(problem.type).to.equal("epcisException:ValidationException");
    expect(problem.parameter).to.match(/^body\.epcisBody\.eventList\.0/);
    expect(problem.schemaPath).to.match(/^#\//);
    expect(hasNoStack(r.body)).to.equal(true);
    const text = await post("/capture", "hello", capturer, { "content-type": "text/plain" });
    expect(text.statusCode).to.equal(415);
    expect(text.json()).to.include({ parameter: "Content-Type" });
    const notJson = await post("/capture", "{ not json");
    expect(notJson.statusCode).to.equal(400);
    expect(notJson.json()).to.include({ parameter: "body" });
  });

  it("refuses more events or bytes than advertised: 413 CaptureLimitExceededException with the limits", async function () {
    const four = documentOf(["a", "b", "c", "d"].map((x) => commissioning(x, `urn:uuid:${x}`)));
    const tooMany = await post("/capture", four);
    expect(tooMany.statusCode).to.equal(413);
    expect(tooMany.json()).to.include({ type: "epcisException:CaptureLimitExceededException", status: 413 });
    expect(tooMany.headers["gs1-epcis-capture-limit"]).to.equal("3");
    const padded = { ...documentOf([commissioning("B1", "urn:uuid:b1")]), padding: "x".repeat(LIMITS.bytes) };
    const tooBig = await post("/capture", padded);
    expect(tooBig.statusCode).to.equal(413);
    expect(tooBig.json()).to.include({ type: "epcisException:CaptureLimitExceededException", parameter: "body" });
    expect(tooBig.headers["gs1-epcis-capture-file-size-limit"]).to.equal("4096");
  });

  it("needs the capture scope (401 without a token, 403 with a read token) and the gateway's organisation (403)", async function () {
    const doc = documentOf([commissioning("T1", "urn:uuid:t1")]);
    const none = await app.inject({ method: "POST", url: "/capture", payload: doc });
    expect(none.statusCode).to.equal(401);
    const read = await post("/capture", doc, reader);
    expect(read.statusCode).to.equal(403);
    expect(read.json().detail).to.equal('this token lacks the "capture" scope');
    const other = await post("/capture", doc, elsewhere);
    expect(other.statusCode).to.equal(403);
    expect(other.json().detail).to.equal(
      "this token is restricted to 0614142000004; this gateway signs for 0614141000005",
    );
  });

  it("shows an organisation's token its own jobs only (404 for the others')", async function () {
    const mine = await post("/capture", documentOf([commissioning("M1", "urn:uuid:m1")]), manufacturer);
    const theirs = await post("/capture", documentOf([commissioning("M2", "urn:uuid:m2")]), capturer);
    await job(mine.headers.location as string, manufacturer);
    const hidden = await app.inject({
      method: "GET",
      url: theirs.headers.location as string,
      headers: bearer(manufacturer),
    });
    expect(hidden.statusCode).to.equal(404);
    expect(hidden.json()).to.include({ parameter: "captureID" });
  });

  it("captures one event synchronously (POST /events): 201, then 409 for the same event", async function () {
    const first = await post("/events", single("E1", "urn:uuid:e1"));
    expect(first.statusCode, first.body).to.equal(201);
    expect(first.headers.location).to.match(/^\/capture\/cap_/);
    expect(first.json().events[0]).to.include({ status: "committed", eventId: "urn:uuid:e1" });
    const again = await post("/events", single("E1", "urn:uuid:e1"));
    expect(again.statusCode).to.equal(409);
    expect(again.json()).to.include({
      type: "epcisException:ResourceAlreadyExistsException",
      eventID: "urn:uuid:e1",
      capturedBy: first.json().captureID,
    });
  });

  it("answers POST /events with what stopped the event: 400 naming the field, 422 with the chain's error", async function () {
    const refused = await post("/events", { ...single("E2", "urn:uuid:e2"), ilmd: {} });
    expect(refused.statusCode).to.equal(400);
    expect(refused.json().type).to.equal("epcisException:ValidationException");
    expect(refused.json().parameter).to.match(/^body\.ilmd/);
    const failed = await post("/events", single("E3", "urn:uuid:fails"));
    expect(failed.statusCode).to.equal(422);
    expect(failed.json().error).to.deep.equal({ name: "DeviceRegistryNotCustodian", args: { deviceId: "0x01" } });
    const doc = await post("/events", documentOf([commissioning("E4", "urn:uuid:e4")]));
    expect(doc.statusCode).to.equal(400);
    expect(doc.json()).to.include({ parameter: "body.type" });
  });

  it("pages the job list newest first, with a Link to the next page", async function () {
    const get = (url: string) => app.inject({ method: "GET", url, headers: bearer(capturer) });
    const all = (await get("/capture?perPage=1000")).json().map((j: { captureID: string }) => j.captureID);
    expect(all.length).to.be.greaterThan(2);
    const first = await get("/capture?perPage=2");
    const link = /^<([^>]+)>; rel="next"$/.exec(first.headers.link as string)![1];
    const second = await get(link);
    const ids = [...first.json(), ...second.json()].map((j: { captureID: string }) => j.captureID);
    expect(ids).to.deep.equal(all.slice(0, ids.length));
    expect(ids.length).to.equal(Math.min(4, all.length));
  });
});
