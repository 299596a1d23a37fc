import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { EPCIS_CONTEXT } from "../../indexer/exports/epcis";
import { locationUri } from "../../gs1";
import type { RouteContext } from "../context";
import {
  EVENTS_QUERY_SCHEMA,
  parseEventsQuery,
  QUERY_PARAMETER_PROBLEM,
  queryDocument,
  type EventsQuery,
} from "../epcis-query";
import { decodeToken, encodeToken, nextLink, offsetPage, queryFingerprint } from "../paging";

/** Candidates read from the store per round while a page is filled. */
const BATCH = 256;
/** The versions every EPCIS response names. */
export const VERSION_HEADERS = { "GS1-EPCIS-Version": "2.0.0", "GS1-CBV-Version": "2.0.0" };

/** The event types, business steps and dispositions this ledger's EPCIS mapping produces. */
export const EVENT_TYPES_USED = ["ObjectEvent", "AggregationEvent"];
export const BIZ_STEPS_USED = [
  "commissioning",
  "packing",
  "unpacking",
  "shipping",
  "receiving",
  "void_shipping",
  "installing",
  "removing",
  "inspecting",
  "repairing",
  "holding",
  "decommissioning",
  "destroying",
  "sensor_reporting",
];
export const DISPOSITIONS_USED = [
  "active",
  "available",
  "container_closed",
  "container_open",
  "in_progress",
  "in_transit",
  "non_sellable_other",
  "returned",
  "conformant",
  "non_conformant",
  "needs_replacement",
  "inactive",
  "destroyed",
  "recalled",
  "unknown",
];

const PAGE_QUERY = {
  type: "object",
  additionalProperties: false,
  properties: {
    perPage: { type: "integer", minimum: 1, maximum: 1000, default: 30 },
    nextPageToken: { type: "string", minLength: 1, maxLength: 512 },
  },
} as const;

/** Answers an events query: fills a page from the store in chain order (or reverse), Link rel="next" when more. */
function answerEvents(
  ctx: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  query: EventsQuery,
  implied: EventsQuery = {},
) {
  const chainId = ctx.audit.manifest.chainId;
  const { narrow, test } = parseEventsQuery({ ...query, ...implied }, chainId);
  const path = request.url.split("?")[0];
  const fingerprint = queryFingerprint(path, query);
  const start = query.nextPageToken ? decodeToken(query.nextPageToken, fingerprint) : null;
  const returned = start?.returned ?? 0;
  const perPage = query.perPage ?? 30;
  const want = Math.min(perPage, (query.eventCountLimit ?? Infinity) - returned);
  const page: { id: number; event: Record<string, unknown> }[] = [];
  let after = start?.after;
  let asOf = ctx.audit.asOf;
  let more = false;
  while (want > 0) {
    const batch = ctx.audit.epcisEvents({ ...narrow, after, limit: BATCH });
    asOf = batch.asOf;
    for (const c of batch.events) {
      if (!test(c.event)) {
        after = c.id;
        continue;
      }
      if (page.length === want) {
        more = true;
        break;
      }
      page.push(c);
      after = c.id;
    }
    if (more || batch.events.length < BATCH) break;
  }
  if (more && returned + page.length < (query.eventCountLimit ?? Infinity)) {
    const token = encodeToken({ after: page[page.length - 1].id, returned: returned + page.length }, fingerprint);
    reply.header("Link", nextLink(path, query, token));
  }
  reply.headers(VERSION_HEADERS).type("application/ld+json");
  return queryDocument(
    page.map((c) => c.event),
    asOf,
    chainId,
  );
}

const collection = (member: string[]) => ({ "@context": EPCIS_CONTEXT, type: "Collection", member });

/** The EPCIS 2.0 REST binding's query side: `GET /events` and the discovery resources, each with `/{id}/events`. */
export function registerEpcisRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const config = {
    scope: "read" as const,
    parameterProblem: QUERY_PARAMETER_PROBLEM,
  };
  app.get<{ Querystring: EventsQuery }>(
    "/events",
    {
      config,
      schema: {
        summary: "EPCIS 2.0 events matching a SimpleEventQuery, paged (perPage, nextPageToken, Link rel=next)",
        tags: ["epcis"],
        querystring: EVENTS_QUERY_SCHEMA,
      },
    },
    async (request, reply) => answerEvents(ctx, request, reply, request.query),
  );

  /** A discovery resource: its list, and its `/{id}/events` as the query parameter it stands for. */
  const discovery = (
    name: string,
    parameter: keyof EventsQuery,
    members: (offset: number, limit: number) => string[],
    paged = false,
  ) => {
    app.get<{ Querystring: { perPage?: number; nextPageToken?: string } }>(
      `/${name}`,
      { config, schema: { summary: `Known ${name} (a Collection)`, tags: ["epcis"], querystring: PAGE_QUERY } },
      async (request, reply) => {
        reply.headers(VERSION_HEADERS);
        if (!paged) return collection(members(0, Number.MAX_SAFE_INTEGER));
        return collection(offsetPage(reply, `/${name}`, request.query, 30, members));
      },
    );
    app.get<{ Params: { id: string }; Querystring: EventsQuery }>(
      `/${name}/:id/events`,
      {
        config,
        schema: {
          summary: `EPCIS events for one of the ${name} (as ${String(parameter)}), paged`,
          tags: ["epcis"],
          params: {
            type: "object",
            required: ["id"],
            properties: { id: { type: "string", minLength: 1, maxLength: 512 } },
          },
          querystring: EVENTS_QUERY_SCHEMA,
        },
      },
      async (request, reply) => answerEvents(ctx, request, reply, request.query, { [parameter]: request.params.id }),
    );
  };
  discovery("eventTypes", "eventType", () => EVENT_TYPES_USED);
  discovery("epcs", "MATCH_anyEPC", (offset, limit) => ctx.audit.epcs(offset, limit), true);
  discovery("bizSteps", "EQ_bizStep", () => BIZ_STEPS_USED);
  discovery("bizLocations", "EQ_bizLocation", () => ctx.audit.organisations().map((gln) => locationUri(gln)));
  discovery("dispositions", "EQ_disposition", () => DISPOSITIONS_USED);
}
