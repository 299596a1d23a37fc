import type { FastifyInstance } from "fastify";
import { decide } from "../check";
import { callerOf, type RouteContext } from "../context";
import { HttpProblem } from "../problems";
import { InvalidArgumentError } from "../../indexer/errors";
import { BOOLEAN, INTEGER, nullable, NULLABLE_STRING, object, POSITION, STRING } from "./schemas";

/** A UDI the GS1 parser refuses is a 400 naming the `udi` parameter. */
const asUdiProblem = (error: unknown): unknown =>
  error instanceof InvalidArgumentError ? new HttpProblem(400, error.message, { parameter: "udi" }) : error;

/** The facts of the UDI in the path, read in the caller's snapshot. */
export function deviceFactsIn(ctx: RouteContext, udi: string) {
  try {
    return ctx.audit.device(udi);
  } catch (error) {
    throw asUdiProblem(error);
  }
}

/** The facts of the UDI in the path, read without holding the thread (the hot path). */
async function deviceFactsOf(ctx: RouteContext, udi: string) {
  try {
    return await ctx.audit.deviceAsync(udi);
  } catch (error) {
    throw asUdiProblem(error);
  }
}

/** The check answer's schema. */
const CHECK_RESPONSE = {
  type: "object",
  required: ["verdict", "reasons", "deviceId", "asOf"],
  properties: {
    verdict: { type: "string", enum: ["ok", "do-not-use"] },
    reasons: {
      type: "array",
      items: {
        type: "object",
        required: ["code", "detail"],
        properties: {
          code: {
            type: "string",
            enum: [
              "unknown",
              "recalled",
              "quarantined",
              "expired",
              "decommissioned",
              "destroyed",
              "installed",
              "in-transit",
              "held-elsewhere",
            ],
          },
          detail: STRING,
          recallId: INTEGER,
          recallClass: STRING,
          action: STRING,
          custodian: STRING,
          here: STRING,
        },
      },
    },
    deviceId: STRING,
    udi: NULLABLE_STRING,
    status: NULLABLE_STRING,
    product: nullable(object({ gtin: STRING, manufacturer: STRING, tracked: BOOLEAN, implantable: BOOLEAN })),
    lot: nullable(object({ lotNumber: STRING, expiry: NULLABLE_STRING })),
    custodian: nullable(object({ gln: STRING, name: NULLABLE_STRING })),
    asOf: POSITION,
  },
} as const;

const GLN = { type: "string", pattern: "^[0-9]{13}$", description: "GLN-13 of where the device is to be used" };

/** `GET /check/{udi}`: may this device be used here? The hot path: one prepared statement and one decision. */
export function registerCheckRoute(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Params: { "*": string }; Querystring: { gln?: string } }>(
    "/check/*",
    {
      config: { scope: "read" },
      schema: {
        summary: "Point-of-use check: may this device be used here, and why not",
        description:
          "The UDI in any GS1 syntax: bracketed or raw element string, or a Digital Link URI (URL-encoded or not). " +
          "`here` is the token's GLN, or `gln` for tokens without one.",
        tags: ["check"],
        params: {
          type: "object",
          properties: { "*": { type: "string", minLength: 1, maxLength: 512, description: "the UDI" } },
        },
        querystring: { type: "object", additionalProperties: false, properties: { gln: GLN } },
        response: { 200: CHECK_RESPONSE },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const asked = request.query.gln;
      if (caller.gln !== null && asked !== undefined && asked !== caller.gln)
        throw new HttpProblem(403, `this token checks for GLN ${caller.gln} only`, { parameter: "gln" });
      const facts = await deviceFactsOf(ctx, request.params["*"]);
      return decide(facts, caller.gln ?? asked ?? null, ctx.organisations);
    },
  );
}
