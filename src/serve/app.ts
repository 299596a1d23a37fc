import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from "fastify";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import { useFastKeccak } from "../contracts/ids";
import type { Audit } from "../indexer/audit";
import type { CaptureGateway } from "../capture/gateway";
import type { AlertStore } from "./alerts/store";
import type { VerifyReport } from "../indexer/verify/verify";
import { createAuthenticator } from "./auth";
import { registerExplorer } from "./explorer";
import type { IndexerStatus, RouteContext } from "./context";
import { organisationNames, type Organisations } from "./organisations";
import { problemFromError, problemOf, sendProblem } from "./problems";
import { registerCaptureRoutes } from "./routes/capture";
import { registerCheckRoute } from "./routes/check";
import { registerDeliveryRoutes } from "./routes/deliveries";
import { registerEpcisRoutes } from "./routes/epcis";
import { registerHealthRoutes } from "./routes/health";
import { registerLedgerRoutes } from "./routes/ledger";
import { registerListRoutes } from "./routes/lists";
import { registerRecallRoutes } from "./routes/recalls";
import { registerSubscriptionRoutes } from "./routes/subscriptions";

export interface ServeAppOptions {
  audit: Audit;
  /** Tokens file; without one every route is open (the CLI allows that only on a loopback address). */
  tokensPath?: string;
  organisations?: Organisations;
  verify?: () => Promise<VerifyReport>;
  indexer?: IndexerStatus;
  /** Fastify's logger option: false, true, or pino options (level, stream). */
  logger?: FastifyServerOptions["logger"];
  /** Requests per client (token, else address) per minute; false turns the limit off. Default 60,000. */
  rateLimitPerMinute?: number | false;
  /** Largest request body, in bytes (default 64 KiB). */
  bodyLimit?: number;
  /** Subscriptions and the alert outbox (a writable connection to the store). */
  alerts?: AlertStore;
  /** Subscriptions may name loopback, private and link-local webhook targets (default: refused). */
  allowPrivateWebhooks?: boolean;
  /** The EPCIS capture gateway: registers /capture and POST /events (`capture` scope). */
  capture?: CaptureGateway;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * The audit service as a Fastify app (not listening): JSON-schema validation of every request (unknown query
 * parameters refused), bearer tokens with scopes, a rate limit, one structured log line per request, RFC 7807
 * problems for every error (404 unknown route, 405 wrong method with Allow), and its OpenAPI document.
 */
export async function createServeApp(options: ServeAppOptions): Promise<FastifyInstance> {
  await useFastKeccak(); // device ids of /check and /events paths: hash-wasm instead of ethers' keccak
  const app = Fastify({
    logger: options.logger ?? false,
    // Fastify's own two lines per request off: the onResponse hook writes one line with the status and time.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    forceCloseConnections: "idle",
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } },
  });
  const auth = createAuthenticator(options.tokensPath, app.log);
  const ctx: RouteContext = {
    audit: options.audit,
    organisations: options.organisations ?? organisationNames(new Map()),
    auth,
    verify: options.verify,
    indexer: options.indexer ?? { following: false, role: "leader", lastError: null, restarts: 0, chain: "unknown" },
    alerts: options.alerts,
    allowPrivateWebhooks: options.allowPrivateWebhooks === true,
    capture: options.capture,
  };

  app.decorateRequest("caller", null);
  app.setErrorHandler((error, request, reply) => {
    const problem = problemFromError(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, "request failed");
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problemOf(404, `no resource at ${request.method} ${request.url.split("?")[0]}`, { instance: request.url }),
    ),
  );
  app.addHook("onRequest", async (request) => {
    const scope = request.routeOptions.config.scope;
    if (scope === undefined) return;
    request.caller = auth.authenticate(request.headers.authorization);
    auth.require(request.caller, scope);
  });
  app.addHook("onResponse", async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
        token: request.caller?.tokenId ?? null,
      },
      "request",
    );
  });
  if (options.rateLimitPerMinute !== false) {
    await app.register(rateLimit, {
      max: options.rateLimitPerMinute ?? 60_000,
      timeWindow: 60_000,
      keyGenerator: (request) => request.headers.authorization ?? request.ip,
      errorResponseBuilder: (request, context) => ({
        statusCode: 429,
        message: `more than ${context.max} requests in ${context.after}: slow down`,
      }),
    });
  }
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "udi-ledger audit service",
        version: "1",
        description:
          "Point-of-use checks, audit resources, recall status reports and the EPCIS 2.0 query interface of a " +
          "udi-ledger deployment. Errors are RFC 7807 application/problem+json.",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
  });

  const methods = new Map<string, Set<string>>();
  app.addHook("onRoute", (route) => {
    const list = Array.isArray(route.method) ? route.method : [route.method];
    const known = methods.get(route.url) ?? new Set<string>();
    for (const m of list) known.add(m);
    methods.set(route.url, known);
  });
  registerHealthRoutes(app, ctx);
  registerCheckRoute(app, ctx);
  registerLedgerRoutes(app, ctx);
  registerRecallRoutes(app, ctx);
  registerListRoutes(app, ctx);
  registerEpcisRoutes(app, ctx);
  registerSubscriptionRoutes(app, ctx);
  registerDeliveryRoutes(app, ctx);
  if (ctx.capture) registerCaptureRoutes(app, ctx);
  registerExplorer(app); // the audit explorer (dist/explorer) at / and its deep links, for browsers
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  // 405 with Allow for the other methods of every path (Fastify alone answers 404).
  for (const [url, known] of [...methods.entries()]) {
    const others = METHODS.filter((m) => !known.has(m));
    const allow = [...known].filter((m) => m !== "HEAD").join(", ");
    app.route({
      method: others as unknown as string[],
      url,
      schema: { hide: true },
      handler: async (request, reply) => {
        reply.header("Allow", allow);
        return sendProblem(
          reply,
          problemOf(405, `${request.method} is not allowed here; use ${allow}`, { instance: request.url }),
        );
      },
    });
  }
  return app;
}
