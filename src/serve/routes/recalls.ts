import type { FastifyInstance } from "fastify";
import { position, type RouteContext } from "../context";
import { recallStatus } from "../recall-status";

/** `GET /recalls` and `GET /recalls/{id}` (the recall status report). */
export function registerRecallRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    "/recalls",
    { config: { scope: "read" }, schema: { summary: "Every recall, newest first", tags: ["recalls"] } },
    async () => {
      const { asOf, recalls } = ctx.audit.recalls();
      return { asOf: position(asOf), recalls };
    },
  );
  app.get<{ Params: { id: string } }>(
    "/recalls/:id",
    {
      config: { scope: "read" },
      schema: {
        summary: "A recall's status report (21 CFR 7.53): consignees, acknowledgements, dispositions, effectiveness",
        tags: ["recalls"],
        params: {
          type: "object",
          required: ["id"],
          properties: { id: { type: "string", pattern: "^[1-9][0-9]{0,14}$" } },
        },
      },
    },
    async (request) => recallStatus(ctx.audit, request.params.id, ctx.organisations),
  );
}
