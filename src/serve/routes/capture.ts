import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { CaptureGateway } from "../../capture/gateway";
import type { CaptureErrorBehaviour, EventOutcome } from "../../capture/types";
import { callerOf, type RouteContext } from "../context";
import { LIST_PAGE_PROPERTIES, type ListQuery } from "../list-page";
import { offsetPage } from "../paging";
import { HttpProblem, problemFromError, sendProblem } from "../problems";
import { VERSION_HEADERS } from "./epcis";

/** GS1's problem types of the capture interface (EPCIS 2.0 REST binding). */
const VALIDATION = { type: "epcisException:ValidationException", title: "ValidationException" };
const TOO_LARGE = { type: "epcisException:CaptureLimitExceededException", title: "Capture Payload too large" };
const EXISTS = { type: "epcisException:ResourceAlreadyExistsException", title: "ResourceAlreadyExistsException" };

const EVENT_TYPES = new Set([
  "ObjectEvent",
  "AggregationEvent",
  "AssociationEvent",
  "TransformationEvent",
  "TransactionEvent",
]);
const BEHAVIOURS = ["rollback", "proceed"] as const;
const JOB_ID = {
  type: "object",
  required: ["captureID"],
  properties: { captureID: { type: "string", maxLength: 64 } },
};

function gatewayOf(ctx: RouteContext): CaptureGateway {
  if (!ctx.capture) throw new HttpProblem(503, "this service does not capture (start it with serve --capture)");
  return ctx.capture;
}

/** The submitter of a capture: 403 for a token restricted to an organisation other than the one the gateway signs for. */
function submitterOf(gateway: CaptureGateway, request: FastifyRequest) {
  const { tokenId, gln } = callerOf(request);
  if (gln !== null && gateway.organisation !== null && gln !== gateway.organisation)
    throw new HttpProblem(403, `this token is restricted to ${gln}; this gateway signs for ${gateway.organisation}`);
  return { tokenId, gln };
}

/** The `GS1-Capture-Error-Behaviour` header: rollback (the default) or proceed. */
function behaviourOf(request: FastifyRequest): CaptureErrorBehaviour {
  const raw = request.headers["gs1-capture-error-behaviour"];
  if (raw === undefined) return "rollback";
  const value = String(raw).trim().toLowerCase();
  if ((BEHAVIOURS as readonly string[]).includes(value)) return value as CaptureErrorBehaviour;
  throw new HttpProblem(400, `GS1-Capture-Error-Behaviour "${raw}" is not one of ${BEHAVIOURS.join(", ")}`, {
    parameter: "GS1-Capture-Error-Behaviour",
  });
}

/** 400 (GS1's ValidationException) naming the first place the body breaks GS1's EPCIS 2.0 JSON Schema. */
function checkSchema(gateway: CaptureGateway, body: unknown): void {
  const [first, ...more] = gateway.validate(body);
  if (!first) return;
  // `/epcisBody/eventList/0` → `body.epcisBody.eventList.0`, as the service names every body parameter.
  const parameter = `body${first.path === "/" ? "" : first.path.replace(/\//g, ".")}`;
  throw new HttpProblem(400, `${parameter} ${first.message} (EPCIS 2.0 JSON Schema)`, {
    ...VALIDATION,
    parameter,
    schemaPath: first.schemaPath,
    violations: [first, ...more],
  });
}

/** 415 unless the body is JSON (`application/json` or `application/ld+json`), as the binding's capture takes. */
function requireJson(request: FastifyRequest): void {
  const type = String(request.headers["content-type"] ?? "")
    .split(";")[0]
    .trim()
    .toLowerCase();
  if (type !== "application/json" && type !== "application/ld+json")
    throw new HttpProblem(415, `Content-Type "${type}": capture takes application/json or application/ld+json`, {
      parameter: "Content-Type",
    });
}

/** The events of an EPCISDocument or EPCISQueryDocument, each carrying the document's JSON-LD context. */
function eventsOf(body: Record<string, unknown>): unknown[] {
  const epcisBody = (body.epcisBody ?? {}) as Record<string, unknown>;
  const list =
    body.type === "EPCISDocument"
      ? epcisBody.eventList
      : ((epcisBody.queryResults as { resultsBody?: { eventList?: unknown } } | undefined)?.resultsBody?.eventList ??
        undefined);
  if (body.type !== "EPCISDocument" && body.type !== "EPCISQueryDocument")
    throw new HttpProblem(
      400,
      `body.type "${String(body.type)}": /capture takes an EPCISDocument or EPCISQueryDocument`,
      {
        ...VALIDATION,
        parameter: "body.type",
      },
    );
  if (!Array.isArray(list) || list.length === 0)
    throw new HttpProblem(400, "the document holds no event (epcisBody.eventList is empty)", {
      ...VALIDATION,
      parameter: "body.epcisBody.eventList",
    });
  const context = body["@context"];
  return list.map((e) => ((e as Record<string, unknown>)["@context"] ? e : { "@context": context, ...(e as object) }));
}

const limitHeaders = (gateway: CaptureGateway) => ({
  "GS1-EPCIS-Capture-Limit": String(gateway.limits.events),
  "GS1-EPCIS-Capture-File-Size-Limit": String(gateway.limits.bytes),
});

/** A job the caller may see (its own organisation's, or any for an unrestricted token), else 404. */
function visibleJob(gateway: CaptureGateway, request: FastifyRequest, id: string) {
  const job = gateway.job(id);
  const gln = callerOf(request).gln;
  if (!job || (gln !== null && job.gln !== gln))
    throw new HttpProblem(404, `no capture job ${id}`, { parameter: "captureID" });
  const { gln: _gln, ...view } = job;
  return view;
}

/** The problem of one event `POST /events` could not capture. */
function eventProblem(outcome: EventOutcome, captureId: string): HttpProblem | null {
  const common = { captureID: captureId, eventID: outcome.eventId };
  switch (outcome.status) {
    case "committed":
      return null;
    case "duplicate":
      return new HttpProblem(409, `event ${outcome.eventId} was captured before (capture ${outcome.captureId})`, {
        ...EXISTS,
        ...common,
        capturedBy: outcome.captureId,
      });
    case "refused":
      return new HttpProblem(400, `event ${outcome.field}: ${outcome.reason}`, {
        ...VALIDATION,
        ...common,
        parameter: `body.${outcome.field}`,
      });
    default:
      return new HttpProblem(422, `the ledger refused the event: ${outcome.reason}`, {
        ...common,
        ...("error" in outcome && outcome.error ? { error: outcome.error } : {}),
      });
  }
}

/**
 * The EPCIS 2.0 capture interface (`capture` scope): OPTIONS /capture (limits), POST /capture (a document, 202 and a
 * job), GET /capture and /capture/{captureID} (jobs, with each event's transaction or reason), POST /events (one
 * event, synchronously: 201, or the problem that stopped it).
 */
export function registerCaptureRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const gateway = gatewayOf(ctx);
  const config = { scope: "capture" as const };
  app.addContentTypeParser("application/ld+json", { parseAs: "string" }, app.getDefaultJsonParser("error", "error"));
  // A body over the limit is GS1's CaptureLimitExceededException, with the limits in headers.
  const errorHandler = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const tooLarge = error.code === "FST_ERR_CTP_BODY_TOO_LARGE";
    const problem = problemFromError(
      tooLarge
        ? new HttpProblem(413, `the body exceeds ${gateway.limits.bytes} bytes`, { ...TOO_LARGE, parameter: "body" })
        : error,
      request,
    );
    if (problem.status === 413) reply.headers(limitHeaders(gateway));
    if (problem.status >= 500) request.log.error({ err: error }, "request failed");
    return sendProblem(reply, problem);
  };
  const write = { config, bodyLimit: gateway.limits.bytes, errorHandler };

  app.options(
    "/capture",
    { config, schema: { summary: "The capture interface's limits", tags: ["capture"] } },
    (_r, reply) =>
      reply
        .code(204)
        .headers({
          Allow: "OPTIONS, POST, GET",
          ...VERSION_HEADERS,
          ...limitHeaders(gateway),
          "GS1-Capture-Error-Behaviour": BEHAVIOURS.join(", "),
        })
        .send(),
  );

  app.post(
    "/capture",
    { ...write, schema: { summary: "Capture an EPCIS 2.0 document (asynchronous)", tags: ["capture"] } },
    async (request, reply) => {
      const behaviour = behaviourOf(request);
      requireJson(request);
      checkSchema(gateway, request.body);
      const events = eventsOf(request.body as Record<string, unknown>);
      if (events.length > gateway.limits.events) {
        reply.headers(limitHeaders(gateway));
        throw new HttpProblem(
          413,
          `the document holds ${events.length} events; the limit is ${gateway.limits.events}`,
          {
            ...TOO_LARGE,
            parameter: "body.epcisBody.eventList",
          },
        );
      }
      const captureId = gateway.submit(events, behaviour, submitterOf(gateway, request));
      return reply
        .code(202)
        .headers({ ...VERSION_HEADERS, Location: `/capture/${captureId}` })
        .send();
    },
  );

  app.get<{ Querystring: ListQuery }>(
    "/capture",
    {
      config,
      schema: {
        summary: "Capture jobs, newest first (paged)",
        tags: ["capture"],
        querystring: { type: "object", additionalProperties: false, properties: LIST_PAGE_PROPERTIES },
      },
    },
    async (request, reply) => {
      const gln = callerOf(request).gln;
      const perPage = LIST_PAGE_PROPERTIES.perPage.default;
      const jobs = offsetPage(reply, "/capture", request.query, perPage, (offset, limit) =>
        gateway.list(gln, offset, limit),
      );
      reply.headers(VERSION_HEADERS);
      return jobs;
    },
  );

  app.get<{ Params: { captureID: string } }>(
    "/capture/:captureID",
    { config, schema: { summary: "A capture job and its events' outcomes", tags: ["capture"], params: JOB_ID } },
    async (request, reply) => {
      reply.headers(VERSION_HEADERS);
      return visibleJob(gateway, request, request.params.captureID);
    },
  );

  app.post(
    "/events",
    { ...write, schema: { summary: "Capture one EPCIS event (synchronous)", tags: ["capture"] } },
    async (request, reply) => {
      requireJson(request);
      const body = request.body as Record<string, unknown> | null;
      if (!body || typeof body !== "object" || !EVENT_TYPES.has(String(body.type)))
        throw new HttpProblem(400, "POST /events takes one EPCIS event (type ObjectEvent, AggregationEvent…)", {
          ...VALIDATION,
          parameter: "body.type",
        });
      checkSchema(gateway, body);
      const { captureId, outcome } = await gateway.captureNow(body, submitterOf(gateway, request));
      const problem = eventProblem(outcome, captureId);
      if (problem) throw problem;
      return reply
        .code(201)
        .headers({ ...VERSION_HEADERS, Location: `/capture/${captureId}` })
        .send(visibleJob(gateway, request, captureId));
    },
  );
}
