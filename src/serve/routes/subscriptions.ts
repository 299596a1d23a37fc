import type { FastifyInstance, FastifyRequest } from "fastify";
import { callerOf, type RouteContext } from "../context";
import { HttpProblem } from "../problems";
import { Gs1Error, parseGs1Key } from "../../gs1";
import type { AlertStore, SubscriptionView } from "../alerts/store";
import { checkDestination, WebhookDestinationError } from "../alerts/destination";
import { INTEGER, NULLABLE_STRING, object, STRING } from "./schemas";

interface SubscriptionBody {
  url: string;
  secret: string;
  gln?: string;
  label?: string;
}

const SUBSCRIPTION = object({
  id: STRING,
  url: STRING,
  gln: NULLABLE_STRING,
  label: STRING,
  sinceBlock: INTEGER,
  createdAt: STRING,
  status: { type: "string", enum: ["active", "disabled"] },
  disabledReason: NULLABLE_STRING,
  deliveries: object({
    pending: INTEGER,
    delivered: INTEGER,
    cancelled: INTEGER,
    dead: INTEGER,
    lastError: NULLABLE_STRING,
  }),
});

/** A subscription id as a path parameter. */
export const SUBSCRIPTION_ID = { type: "string", pattern: "^sub_[A-Za-z0-9_-]{12}$" } as const;

const ID_PARAMS = { type: "object", required: ["id"], properties: { id: SUBSCRIPTION_ID } };

/** The writable store of subscriptions, or 503 when the app serves a database it may not write. */
export function alertStoreOf(ctx: RouteContext): AlertStore {
  if (!ctx.alerts) throw new HttpProblem(503, "this service has no writable store for subscriptions");
  return ctx.alerts;
}

/** A subscription the caller may see (its own GLN's, or any for an unrestricted token), else 404. */
export function visibleSubscription(ctx: RouteContext, request: FastifyRequest, id: string): SubscriptionView {
  const sub = alertStoreOf(ctx).subscription(id);
  const gln = callerOf(request).gln;
  if (!sub || (gln !== null && sub.gln !== gln))
    throw new HttpProblem(404, `no subscription ${id}`, { parameter: "id" });
  return sub;
}

/** A webhook destination (alerts/destination.ts), or a 400 naming `url` and why. */
function destination(text: string, allowPrivate: boolean): string {
  try {
    return checkDestination(text, allowPrivate).toString();
  } catch (error) {
    if (error instanceof WebhookDestinationError) throw new HttpProblem(400, error.message, { parameter: "url" });
    throw error;
  }
}

/**
 * Recall alert subscriptions (`subscribe` scope): POST /subscriptions, GET /subscriptions, GET and DELETE
 * /subscriptions/{id}. A token restricted to a GLN subscribes for that organisation only and sees only its own
 * subscriptions; an unrestricted token names a GLN or none (every organisation).
 */
export function registerSubscriptionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const scope = { scope: "subscribe" as const };
  const store = () => alertStoreOf(ctx);

  app.post<{ Body: SubscriptionBody }>(
    "/subscriptions",
    {
      config: scope,
      schema: {
        summary: "Subscribe a webhook to an organisation's recall alerts (or, unrestricted, to every organisation's)",
        description:
          "Alerts: recall.issued (a recall affects devices the organisation holds), shipment.dispatched (to it), " +
          "delivery.quarantined (a shipment it sent or received arrived quarantined), device.quarantined (a device " +
          "it holds), alert.retracted (a delivered alert's event was removed by a reorg). Each POST carries " +
          "Idempotency-Key and UDI-Ledger-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + '.' + body)>.",
        tags: ["alerts"],
        body: {
          type: "object",
          additionalProperties: false,
          required: ["url", "secret"],
          properties: {
            url: { type: "string", minLength: 1, maxLength: 2048 },
            secret: { type: "string", minLength: 16, maxLength: 512 },
            gln: { type: "string", pattern: "^[0-9]{13}$" },
            label: { type: "string", maxLength: 200 },
          },
        },
        response: { 201: SUBSCRIPTION },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const body = request.body;
      let gln: string | null = null;
      if (body.gln !== undefined) {
        try {
          gln = parseGs1Key("gln", body.gln, "gln");
        } catch (error) {
          if (error instanceof Gs1Error) throw new HttpProblem(400, error.message, { parameter: "gln" });
          throw error;
        }
      }
      if (caller.gln !== null) {
        if (gln !== null && gln !== caller.gln)
          throw new HttpProblem(403, `this token subscribes for GLN ${caller.gln} only`, { parameter: "gln" });
        gln = caller.gln;
      }
      const sub = store().createSubscription({
        url: destination(body.url, ctx.allowPrivateWebhooks),
        secret: body.secret,
        gln,
        label: body.label ?? "",
        tokenId: caller.tokenId,
      });
      request.log.info({ subscription: sub.id, gln: sub.gln, url: sub.url }, "subscription created");
      return reply.code(201).header("Location", `/subscriptions/${sub.id}`).send(sub);
    },
  );

  app.get(
    "/subscriptions",
    {
      config: scope,
      schema: {
        summary: "Subscriptions this token may see, with their delivery counts",
        tags: ["alerts"],
        response: { 200: object({ subscriptions: { type: "array", items: SUBSCRIPTION } }) },
      },
    },
    async (request) => ({ subscriptions: store().listSubscriptions(callerOf(request).gln) }),
  );

  app.get<{ Params: { id: string } }>(
    "/subscriptions/:id",
    {
      config: scope,
      schema: { summary: "One subscription", tags: ["alerts"], params: ID_PARAMS, response: { 200: SUBSCRIPTION } },
    },
    async (request) => visibleSubscription(ctx, request, request.params.id),
  );

  app.delete<{ Params: { id: string } }>(
    "/subscriptions/:id",
    {
      config: scope,
      schema: { summary: "Unsubscribe: alerts not yet delivered are dropped", tags: ["alerts"], params: ID_PARAMS },
    },
    async (request, reply) => {
      visibleSubscription(ctx, request, request.params.id);
      store().deleteSubscription(request.params.id);
      return reply.code(204).send();
    },
  );
}
