import { expect } from "chai";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { GLN, GTIN } from "../fixtures";
import { indexedHardhatScenario, type IndexedScenario } from "../indexer/helpers/indexed-hardhat";
import type { Audit } from "../../src/indexer/audit";
import { testApp } from "./helpers";
import { EPCIS_SCHEMA } from "../helpers/standards";

/** The official schema, read from the shared standards folder (never copied into the repository). */
const SCHEMA = EPCIS_SCHEMA;

type Ev = Record<string, unknown> & { eventID: string };

describe("udi-ledger serve: EPCIS 2.0 query interface", function () {
  let s: IndexedScenario;
  let app: FastifyInstance;
  let audit: Audit;
  let close: () => Promise<void>;
  let validate: ReturnType<Ajv["compile"]>;
  let exported: Ev[];
  const gtin = GTIN.toString().padStart(14, "0");
  const sn2 = `https://id.gs1.org/01/${gtin}/21/SN-0002`;

  /** Every event of a query, following Link rel="next"; each page validated against the EPCIS schema. */
  async function all(url: string): Promise<{ events: Ev[]; pages: number }> {
    const events: Ev[] = [];
    let next: string | null = url;
    let pages = 0;
    while (next) {
      const r = await app.inject({ method: "GET", url: next });
      expect(r.statusCode, r.body).to.equal(200);
      expect(r.headers["gs1-epcis-version"]).to.equal("2.0.0");
      expect(r.headers["gs1-cbv-version"]).to.equal("2.0.0");
      const doc = r.json();
      expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 2))).to.equal(true);
      events.push(...doc.epcisBody.queryResults.resultsBody.eventList);
      const link = r.headers.link as string | undefined;
      next = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1] : null;
      pages++;
    }
    return { events, pages };
  }
  const problem = async (url: string) => {
    const r = await app.inject({ method: "GET", url });
    expect(r.statusCode, url).to.equal(400);
    expect(r.headers["content-type"]).to.match(/^application\/problem\+json/);
    return r.json() as { parameter: string; type: string; title: string; detail: string };
  };

  before(async function () {
    s = await indexedHardhatScenario("serve-epcis");
    ({ app, audit, close } = await testApp(s.dbPath));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, "utf8")));
    exported = (audit.epcis() as { epcisBody: { eventList: Ev[] } }).epcisBody.eventList;
  });
  after(async () => {
    await close?.();
    await s?.close();
  });

  it("pages every event (perPage, nextPageToken, Link rel=next): the export's events, same eventIDs, same order", async function () {
    const { events, pages } = await all("/events?perPage=7");
    expect(pages).to.equal(Math.ceil(exported.length / 7));
    expect(events).to.deep.equal(exported);
    expect(new Set(events.map((e) => e.eventID)).size).to.equal(exported.length);
  });

  it("matches an EPC given as a Digital Link URI or an EPC URN, in epcList or childEPCs", async function () {
    const expected = exported.filter((e) =>
      [...((e.epcList as string[]) ?? []), ...((e.childEPCs as string[]) ?? [])].includes(sn2),
    );
    expect(expected.length).to.be.at.least(3); // commissioning, packing, the serial recall
    const byUri = await all(`/events?MATCH_epc=${encodeURIComponent(sn2)}`);
    expect(byUri.events).to.deep.equal(expected);
    const urn = `urn:epc:id:sgtin:0614141.${gtin[0]}${gtin.slice(8, 13)}.SN-0002`;
    expect((await all(`/events?MATCH_epc=${encodeURIComponent(urn)}`)).events).to.deep.equal(expected);
    const anyEpc = await all(`/epcs/${encodeURIComponent(sn2)}/events`);
    expect(anyEpc.events.map((e) => e.eventID)).to.include.members(expected.map((e) => e.eventID));
    const product = await all(
      `/events?MATCH_epc=${encodeURIComponent(`urn:epc:idpat:sgtin:0614141.${gtin[0]}${gtin.slice(8, 13)}.*`)}`,
    );
    expect(product.events.length).to.be.greaterThan(expected.length);
  });

  it("filters by eventType, bizStep, disposition, action, bizLocation, eventID and time", async function () {
    const agg = await all("/events?eventType=AggregationEvent&perPage=100");
    expect(agg.events).to.deep.equal(exported.filter((e) => e.type === "AggregationEvent"));
    expect(agg.events.length).to.be.greaterThan(0);
    const shipping = await all("/events?EQ_bizStep=shipping|receiving");
    expect(shipping.events).to.deep.equal(
      exported.filter((e) => ["shipping", "receiving"].includes(e.bizStep as string)),
    );
    const cbvUri = await all(`/events?EQ_bizStep=${encodeURIComponent("https://ref.gs1.org/cbv/BizStep-shipping")}`);
    expect(cbvUri.events).to.deep.equal(exported.filter((e) => e.bizStep === "shipping"));
    expect((await all("/events?EQ_disposition=recalled")).events).to.deep.equal(
      exported.filter((e) => e.disposition === "recalled"),
    );
    expect((await all("/events?EQ_action=DELETE")).events).to.deep.equal(exported.filter((e) => e.action === "DELETE"));
    const place = (exported.find((e) => e.bizLocation) as unknown as { bizLocation: { id: string } }).bizLocation.id;
    expect((await all(`/events?EQ_bizLocation=${encodeURIComponent(place)}`)).events).to.deep.equal(
      exported.filter((e) => (e.bizLocation as { id: string } | undefined)?.id === place),
    );
    const one = exported[5];
    expect((await all(`/events?EQ_eventID=${encodeURIComponent(one.eventID)}`)).events).to.deep.equal([one]);
    const times = [...new Set(exported.map((e) => e.eventTime as string))].sort();
    const [from, to] = [times[2], times[times.length - 2]];
    const windowed = await all(`/events?GE_eventTime=${from}&LT_eventTime=${to}`);
    expect(windowed.events).to.deep.equal(
      exported.filter((e) => (e.eventTime as string) >= from && (e.eventTime as string) < to),
    );
    expect((await all(`/events?GE_recordTime=${from}&LT_recordTime=${to}`)).events).to.deep.equal(windowed.events);
  });

  it("orders by eventTime descending and stops at eventCountLimit across pages", async function () {
    const desc = await all("/events?orderBy=eventTime&orderDirection=DESC&perPage=9");
    expect(desc.events).to.deep.equal([...exported].reverse());
    const limited = await all("/events?eventCountLimit=10&perPage=4");
    expect(limited.pages).to.equal(3);
    expect(limited.events).to.deep.equal(exported.slice(0, 10));
  });

  it("answers the discovery resources, each with /{id}/events", async function () {
    const types = (await app.inject({ url: "/eventTypes" })).json();
    expect(types).to.include({ type: "Collection" });
    expect(types.member).to.have.members(["ObjectEvent", "AggregationEvent"]);
    expect((await all("/bizSteps/shipping/events")).events).to.deep.equal(
      exported.filter((e) => e.bizStep === "shipping"),
    );
    expect((await all("/dispositions/in_transit/events")).events).to.deep.equal(
      exported.filter((e) => e.disposition === "in_transit"),
    );
    expect((await all("/eventTypes/AggregationEvent/events")).events).to.deep.equal(
      exported.filter((e) => e.type === "AggregationEvent"),
    );
    const locations = (await app.inject({ url: "/bizLocations" })).json().member as string[];
    expect(locations).to.include(`https://id.gs1.org/414/${GLN.manufacturer.toString().padStart(13, "0")}`);
    // /epcs pages every device and container
    const epcs: string[] = [];
    let next: string | null = "/epcs?perPage=5";
    while (next) {
      const r: Awaited<ReturnType<FastifyInstance["inject"]>> = await app.inject({ url: next });
      epcs.push(...(r.json().member as string[]));
      next = r.headers.link ? /^<([^>]+)>/.exec(r.headers.link as string)![1] : null;
    }
    expect(epcs).to.include(sn2);
    expect(new Set(epcs).size).to.equal(epcs.length);
    expect(epcs.length).to.equal(audit.epcs(0, 10_000).length);
  });

  it("refuses unknown or malformed parameters with a QueryParameterException naming them", async function () {
    const cases: [string, string][] = [
      ["/events?EQ_colour=red", "EQ_colour"],
      ["/events?GE_eventTime=yesterday", "GE_eventTime"],
      ["/events?LT_recordTime=2026-13-45T99:00:00Z", "LT_recordTime"],
      ["/events?MATCH_epc=not-an-epc", "MATCH_epc"],
      ["/events?MATCH_epc=urn:epc:id:sgtin:0614141.12.X", "MATCH_epc"],
      ["/events?MATCH_epc=urn:epc:id:sgtin:bad", "MATCH_epc"],
      ["/events?eventType=BogusEvent", "eventType"],
      ["/events?EQ_action=MOVE", "EQ_action"],
      ["/events?orderBy=eventTime&orderDirection=UP", "orderDirection"],
      ["/events?perPage=0", "perPage"],
      ["/events?perPage=abc", "perPage"],
      ["/events?EQ_eventID=abc", "EQ_eventID"],
      ["/events?nextPageToken=garbage", "nextPageToken"],
    ];
    for (const [url, parameter] of cases) {
      const p = await problem(url);
      expect(p.parameter, url).to.equal(parameter);
      expect(p.type, url).to.equal("epcisException:QueryParameterException");
      expect(p.detail, url)
        .to.be.a("string")
        .and.not.match(/\n\s+at /);
    }
    expect((await problem("/events?MATCH_epc=urn:epc:id:sgtin:bad")).detail).to.match(
      /is not a well-formed urn:epc:id:sgtin: it takes <company prefix>/,
    );
    expect((await problem("/events?MATCH_epc=urn:epc:id:giai:1.2")).detail).to.include("not a scheme this ledger uses");
    // a token continues only the query that issued it
    const first = await app.inject({ url: "/events?perPage=2&EQ_bizStep=shipping" });
    const token = /nextPageToken=([^&>]+)/.exec(first.headers.link as string)![1];
    expect((await problem(`/events?perPage=2&EQ_bizStep=receiving&nextPageToken=${token}`)).parameter).to.equal(
      "nextPageToken",
    );
  });
});
