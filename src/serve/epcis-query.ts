import type { EpcisCandidates } from "../indexer/exports/epcis-page";
import { EPCIS_CONTEXT, UDI_NAMESPACE } from "../indexer/exports/epcis";
import { deviceId } from "../contracts/ids";
import { epcMatch, matches, EpcSyntaxError, type EpcMatch } from "./epc";
import { HttpProblem } from "./problems";

/** GS1's exception for a refused query parameter (EPCIS 2.0 §8.2.7 / REST binding). */
export const QUERY_PARAMETER_EXCEPTION = "epcisException:QueryParameterException";
/** The type and title of every refused EPCIS query parameter (the routes' schema checks and the parsers' own). */
export const QUERY_PARAMETER_PROBLEM = { type: QUERY_PARAMETER_EXCEPTION, title: "QueryParameterException" };

export const EVENT_TYPES = [
  "ObjectEvent",
  "AggregationEvent",
  "TransactionEvent",
  "TransformationEvent",
  "AssociationEvent",
];

const list = { type: "string", minLength: 1, maxLength: 4096, description: "values separated by |" } as const;
const time = { type: "string", minLength: 1, maxLength: 64, description: "ISO 8601 date-time" } as const;

/** The query string `GET /events` accepts (EPCIS 2.0 SimpleEventQuery parameters that apply to this ledger). */
export const EVENTS_QUERY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    eventType: list,
    GE_eventTime: time,
    LT_eventTime: time,
    GE_recordTime: time,
    LT_recordTime: time,
    EQ_bizStep: list,
    EQ_disposition: list,
    EQ_action: list,
    EQ_bizLocation: list,
    EQ_eventID: list,
    MATCH_epc: list,
    MATCH_anyEPC: list,
    MATCH_parentID: list,
    MATCH_epcClass: list,
    orderBy: { type: "string", enum: ["eventTime", "recordTime"] },
    orderDirection: { type: "string", enum: ["ASC", "DESC"] },
    eventCountLimit: { type: "integer", minimum: 1 },
    perPage: { type: "integer", minimum: 1, maximum: 1000, default: 30 },
    nextPageToken: { type: "string", minLength: 1, maxLength: 512 },
  },
} as const;

export type EventsQuery = Partial<Record<keyof (typeof EVENTS_QUERY_SCHEMA)["properties"], string>> & {
  eventCountLimit?: number;
  perPage?: number;
};

type Ev = Record<string, unknown>;

/** A parsed query: how the store narrows it (a superset), and the exact test on each EPCIS event. */
export interface ParsedQuery {
  narrow: Omit<EpcisCandidates, "after" | "limit">;
  test: (event: Ev) => boolean;
}

const refuse = (parameter: string, value: string, reason: string): never => {
  throw new HttpProblem(400, `${parameter} "${value}": ${reason}`, { parameter, ...QUERY_PARAMETER_PROBLEM });
};

const values = (text: string): string[] => text.split("|").filter((v) => v !== "");

function seconds(parameter: string, text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text))
    refuse(parameter, text, "is not an ISO 8601 date-time with a time zone");
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) refuse(parameter, text, "is not a valid date-time");
  return Math.ceil(ms / 1000); // block times are whole seconds: t ≥ x ⇔ t ≥ ⌈x⌉, t < x ⇔ t < ⌈x⌉
}

function epcs(parameter: string, text: string): EpcMatch[] {
  return values(text).map((v) => {
    try {
      return epcMatch(v);
    } catch (error) {
      if (error instanceof EpcSyntaxError) return refuse(parameter, v, error.message);
      throw error;
    }
  });
}

/** CBV values may be bare (`shipping`), CBV 2.0 URIs or EPCIS 1.x URNs; the export writes them bare. */
const cbvValue = (v: string): string =>
  v.replace(/^https:\/\/ref\.gs1\.org\/cbv\/(BizStep|Disp)-/, "").replace(/^urn:epcglobal:cbv:(bizstep|disp):/, "");

const arr = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);
const classesOf = (e: Ev): string[] =>
  [...arr(e.quantityList), ...arr(e.childQuantityList)].map((q) => (q as unknown as { epcClass: string }).epcClass);

const EVENT_ID = /^urn:udi-ledger:event:(\d+):(0x[0-9a-f]{64}):(\d+)$/;

/** Turns the query string into the store's narrowing and an exact per-event test; refuses malformed values by name. */
export function parseEventsQuery(q: EventsQuery, chainId: number): ParsedQuery {
  const narrow: ParsedQuery["narrow"] = {};
  const tests: ((e: Ev) => boolean)[] = [];
  if (q.eventType !== undefined) {
    const types = values(q.eventType);
    for (const t of types)
      if (!EVENT_TYPES.includes(t) && !/^[a-z]+:[A-Za-z]+$/.test(t))
        refuse("eventType", t, "is not an EPCIS event type");
    tests.push((e) => types.includes(e.type as string));
  }
  if (q.GE_eventTime !== undefined) narrow.fromTime = seconds("GE_eventTime", q.GE_eventTime);
  if (q.LT_eventTime !== undefined) narrow.toTime = seconds("LT_eventTime", q.LT_eventTime);
  // recordTime: when the ledger recorded the event, which is its block time, like eventTime.
  if (q.GE_recordTime !== undefined)
    narrow.fromTime = Math.max(narrow.fromTime ?? 0, seconds("GE_recordTime", q.GE_recordTime));
  if (q.LT_recordTime !== undefined)
    narrow.toTime = Math.min(narrow.toTime ?? Infinity, seconds("LT_recordTime", q.LT_recordTime));
  for (const [param, field] of [
    ["EQ_bizStep", "bizStep"],
    ["EQ_disposition", "disposition"],
  ] as const) {
    const text = q[param];
    if (text === undefined) continue;
    const wanted = values(text).map(cbvValue);
    tests.push((e) => wanted.includes(e[field] as string));
  }
  if (q.EQ_action !== undefined) {
    const actions = values(q.EQ_action);
    for (const a of actions)
      if (!["ADD", "OBSERVE", "DELETE"].includes(a)) refuse("EQ_action", a, "is not ADD, OBSERVE or DELETE");
    tests.push((e) => actions.includes(e.action as string));
  }
  if (q.EQ_bizLocation !== undefined) {
    const places = epcs("EQ_bizLocation", q.EQ_bizLocation);
    tests.push((e) => places.some((m) => matches(m, (e.bizLocation as { id?: string } | undefined)?.id ?? "")));
  }
  if (q.EQ_eventID !== undefined) {
    const ids = values(q.EQ_eventID);
    for (const id of ids) {
      const m = EVENT_ID.exec(id);
      if (!m)
        refuse("EQ_eventID", id, "is not an eventID of this ledger (urn:udi-ledger:event:<chain>:<block hash>:<log>)");
      if (ids.length === 1 && Number(m![1]) === chainId)
        narrow.position = { blockHash: m![2], logIndex: Number(m![3]) };
    }
    tests.push((e) => ids.includes(e.eventID as string));
  }
  const epcTest = (param: "MATCH_epc" | "MATCH_anyEPC" | "MATCH_parentID", fields: (e: Ev) => string[]) => {
    const text = q[param];
    if (text === undefined) return;
    const wanted = epcs(param, text);
    if (param !== "MATCH_parentID" && wanted.length === 1) {
      const only = wanted[0];
      const sgtin = "exact" in only ? /^https:\/\/id\.gs1\.org\/01\/(\d{14})\/21\/(.+)$/.exec(only.exact) : null;
      if (sgtin) narrow.deviceId = deviceId(BigInt(sgtin[1]).toString(), decodeURIComponent(sgtin[2]));
    }
    tests.push((e) => fields(e).some((uri) => wanted.some((m) => matches(m, uri))));
  };
  epcTest("MATCH_epc", (e) => [...arr(e.epcList), ...arr(e.childEPCs)]);
  epcTest("MATCH_anyEPC", (e) => [
    ...arr(e.epcList),
    ...arr(e.childEPCs),
    ...(typeof e.parentID === "string" ? [e.parentID] : []),
    ...arr(e.inputEPCList),
    ...arr(e.outputEPCList),
  ]);
  epcTest("MATCH_parentID", (e) => (typeof e.parentID === "string" ? [e.parentID] : []));
  if (q.MATCH_epcClass !== undefined) {
    const wanted = epcs("MATCH_epcClass", q.MATCH_epcClass);
    tests.push((e) => classesOf(e).some((uri) => wanted.some((m) => matches(m, uri))));
  }
  // Chain order is eventTime (block time) order; without orderBy the service answers in chain order.
  narrow.descending = q.orderBy !== undefined && q.orderDirection !== "ASC";
  if (q.orderDirection !== undefined && q.orderBy === undefined)
    refuse("orderDirection", q.orderDirection, "needs orderBy");
  return { narrow, test: (e) => tests.every((t) => t(e)) };
}

/** An EPCIS 2.0 query document holding `events` (the REST binding's answer to a query). */
export function queryDocument(events: Ev[], asOf: { number: number; hash: string }, chainId: number): Ev {
  return {
    "@context": [EPCIS_CONTEXT, { udi: UDI_NAMESPACE }],
    type: "EPCISQueryDocument",
    schemaVersion: "2.0",
    creationDate: new Date().toISOString(),
    "udi:chainId": chainId,
    "udi:indexedBlock": asOf.number,
    "udi:indexedBlockHash": asOf.hash,
    epcisBody: { queryResults: { queryName: "SimpleEventQuery", resultsBody: { eventList: events } } },
  };
}
