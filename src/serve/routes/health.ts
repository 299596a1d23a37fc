import type { FastifyInstance } from "fastify";
import { position, type RouteContext } from "../context";
import { HttpProblem } from "../problems";
import type { VerifyReport } from "../../indexer/verify/verify";
import { BOOLEAN, INTEGER, NULLABLE_STRING, object, POSITION, STRING } from "./schemas";

/** `GET /health` (open) and `GET /verify` (admin: the ledger-head check against the chain, per contract). */
export function registerHealthRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    "/health",
    {
      schema: {
        summary:
          "Liveness, the chain position the store reflects, and the indexer's state: whether this replica leads " +
          "(indexes) or follows (open, no token)",
        tags: ["service"],
        response: {
          200: object({
            status: STRING,
            asOf: POSITION,
            indexer: object({
              following: BOOLEAN,
              role: { type: "string", enum: ["leader", "follower"] },
              lastError: NULLABLE_STRING,
              restarts: INTEGER,
              chain: { type: "string", enum: ["reachable", "unreachable", "unknown"] },
            }),
          }),
        },
      },
    },
    async () => ({ status: "ok", asOf: position(ctx.audit.asOf), indexer: ctx.indexer }),
  );

  let running: Promise<VerifyReport> | null = null;
  app.get(
    "/verify",
    {
      config: { scope: "admin" },
      schema: {
        summary: "Recompute every contract's ledger head from the store and compare it with the chain",
        tags: ["service"],
      },
    },
    async () => {
      if (!ctx.verify) throw new HttpProblem(503, "this service has no RPC endpoint to verify against");
      running ??= ctx.verify().finally(() => (running = null)); // concurrent calls share one run
      const report = await running;
      return {
        ok: report.ok,
        asOf: position(report.checkpoint),
        contracts: report.heads,
        events: report.events,
        rebuild: report.rebuild,
        views: report.views,
      };
    },
  );
}
