import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { UdiLedgerError } from "../errors";
import { Gs1Error } from "../gs1";
import { InvalidArgumentError, NotIndexedError, RpcTransportError, StoreUnavailableError } from "../indexer/errors";

/** Base of the `type` URIs of this service's problems (RFC 7807 §3.1). */
export const PROBLEM_BASE = "urn:udi-ledger:problem:";
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** An RFC 7807 problem document, with the parameter at fault when there is one. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** The request parameter (path, query, header or body field) that was refused. */
  parameter?: string;
  [extension: string]: unknown;
}

const TITLES: Record<number, [string, string]> = {
  400: ["bad-request", "Bad Request"],
  401: ["unauthorized", "Unauthorized"],
  403: ["forbidden", "Forbidden"],
  404: ["not-found", "Not Found"],
  405: ["method-not-allowed", "Method Not Allowed"],
  406: ["not-acceptable", "Not Acceptable"],
  409: ["conflict", "Conflict"],
  413: ["payload-too-large", "Payload Too Large"],
  415: ["unsupported-media-type", "Unsupported Media Type"],
  422: ["unprocessable", "Unprocessable Content"],
  429: ["too-many-requests", "Too Many Requests"],
  500: ["internal", "Internal Server Error"],
  502: ["bad-gateway", "Bad Gateway"],
  503: ["unavailable", "Service Unavailable"],
};

/**
 * An error a route throws to answer with a problem: the status, what went wrong and the parameter at fault. `type`
 * defaults from the status; EPCIS query errors use GS1's exception names (`QueryParameterException`).
 */
export class HttpProblem extends UdiLedgerError {
  readonly code = "HTTP_PROBLEM";
  readonly retryable = false;
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly extra: { parameter?: string; type?: string; title?: string; [key: string]: unknown } = {},
  ) {
    super(detail, { details: { status, ...extra } });
  }
}

/** The problem document of a status, with `detail` and extensions. */
export function problemOf(status: number, detail: string, extra: Record<string, unknown> = {}): Problem {
  const [slug, title] = TITLES[status] ?? ["error", "Error"];
  return { type: PROBLEM_BASE + slug, title, status, detail, ...extra };
}

/** Sends a problem document (never a stack trace). */
export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** `querystring/eventType` → `eventType`: the parameter a validation error names. */
function validationParameter(error: FastifyError): string | undefined {
  const first = error.validation?.[0];
  if (!first) return undefined;
  const missing = (first.params as { missingProperty?: string; additionalProperty?: string }) ?? {};
  const named = missing.additionalProperty ?? missing.missingProperty;
  const path = first.instancePath.replace(/^\//, "").replace(/\//g, ".");
  return [path, named].filter((p) => p).join(".") || undefined;
}

/**
 * What any error becomes: validation errors → 400 naming the parameter; refused arguments → 400 (404 when they name
 * nothing the index holds); Fastify's own client errors keep their status (413, 415…); anything else → 500 with a
 * generic detail, logged with its stack, never sent.
 */
export function problemFromError(error: unknown, request: FastifyRequest): Problem {
  const instance = request.url;
  if (error instanceof HttpProblem) {
    const { type, title, ...extra } = error.extra;
    const base = problemOf(error.status, error.detail, { instance, ...extra });
    return { ...base, ...(type ? { type } : {}), ...(title ? { title } : {}) };
  }
  if (error instanceof NotIndexedError) return problemOf(404, error.message, { instance, parameter: error.field });
  if (error instanceof InvalidArgumentError) return problemOf(400, error.message, { instance, parameter: error.field });
  if (error instanceof RpcTransportError)
    return problemOf(502, `the chain's RPC endpoint did not answer (${error.message})`, { instance });
  if (error instanceof StoreUnavailableError)
    return problemOf(503, "the database is unavailable; try again shortly", { instance });
  if (error instanceof Gs1Error) return problemOf(400, error.message, { instance, parameter: "udi" });
  const e = error as FastifyError;
  if (e.validation) {
    const parameter = validationParameter(e);
    const where = e.validationContext ?? "request";
    const reason = e.validation[0]?.message ?? "is invalid";
    const detail = `${where} parameter ${parameter ?? "(unnamed)"} ${reason}`;
    // EPCIS query routes name GS1's exception for a refused parameter, as their own checks do.
    const typed = where === "querystring" ? request.routeOptions.config.parameterProblem : undefined;
    return problemOf(400, detail, { instance, ...(parameter ? { parameter } : {}), ...typed });
  }
  if (typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500) {
    // Fastify's content-type parser errors (malformed or empty JSON, body too large, unsupported type) concern the body.
    const parameter = e.code?.startsWith("FST_ERR_CTP_") ? "body" : undefined;
    return problemOf(e.statusCode, e.message, { instance, ...(parameter ? { parameter } : {}) });
  }
  return problemOf(500, "the service failed to answer this request; it is logged", { instance });
}
