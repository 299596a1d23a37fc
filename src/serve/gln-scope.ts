import type { FastifyRequest } from "fastify";
import { callerOf } from "./context";
import { HttpProblem } from "./problems";
import { Gs1Error, parseGs1Key } from "../gs1";

/** A GLN parameter with its check digit verified: 400 naming `parameter` otherwise. */
export function glnParameter(text: string, parameter = "gln"): string {
  try {
    return parseGs1Key("gln", text, parameter);
  } catch (error) {
    if (error instanceof Gs1Error) throw new HttpProblem(400, error.message, { parameter });
    throw error;
  }
}

/**
 * The organisation a request may see: the `gln` path parameter, checked, and refused (403 naming `gln`) when the
 * token is bound to another organisation. Inventory, shipments and alerts of an organisation are its own business.
 */
export function ownOrganisation(request: FastifyRequest, gln: string): string {
  const caller = callerOf(request);
  if (caller.gln !== null && caller.gln !== gln)
    throw new HttpProblem(403, `this token sees the inventory of GLN ${caller.gln} only`, { parameter: "gln" });
  return glnParameter(gln);
}

/** The JSON schema of a GLN-13 path parameter. */
export const GLN_PARAMS = {
  type: "object",
  required: ["gln"],
  properties: { gln: { type: "string", pattern: "^[0-9]{13}$", description: "GLN-13" } },
} as const;
