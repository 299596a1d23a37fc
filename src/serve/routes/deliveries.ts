import type { FastifyInstance } from "fastify";
import type { RouteContext } from "../context";
import { DELIVERY_STATES, listDeliveries, requeueDelivery, type DeliveryState } from "../alerts/deliveries";
import { decodeToken, encodeToken, nextLink, queryFingerprint } from "../paging";
import { HttpProblem } from "../problems";
import { INTEGER, NULLABLE_STRING, object, STRING } from "./schemas";
import { alertStoreOf, SUBSCRIPTION_ID, visibleSubscription } from "./subscriptions";

const DELIVERY = object({
  id: STRING,
  type: STRING,
  gln: STRING,
  state: { type: "string", enum: DELIVERY_STATES },
  attempts: INTEGER,
  lastError: NULLABLE_STRING,
  nextAttemptAt: NULLABLE_STRING,
  deliveredAt: NULLABLE_STRING,
  event: object({ name: STRING, blockNumber: INTEGER, blockHash: STRING, logIndex: INTEGER }),
  retracts: NULLABLE_STRING,
});

const DELIVERY_ID = { type: "string", pattern: "^alrt_[0-9a-f]{40}$" } as const;

interface ListQuery {
  state?: DeliveryState;
  perPage?: number;
  nextPageToken?: string;
}

/**
 * A subscription's deliveries (`subscribe` scope, the subscription's own GLN as for the subscription itself): the
 * list, paged in outbox order and filtered by state (`?state=dead`: the dead letters), and the re-queueing of a dead
 * alert once the receiver is fixed.
 */
export function registerDeliveryRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const scope = { scope: "subscribe" as const };

  app.get<{ Params: { id: string }; Querystring: ListQuery }>(
    "/subscriptions/:id/deliveries",
    {
      config: scope,
      schema: {
        summary: "A subscription's alerts and how their delivery went (state=dead: those given up), paged",
        tags: ["alerts"],
        params: { type: "object", required: ["id"], properties: { id: SUBSCRIPTION_ID } },
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            state: { type: "string", enum: DELIVERY_STATES },
            perPage: { type: "integer", minimum: 1, maximum: 1000, default: 50 },
            nextPageToken: { type: "string", minLength: 1, maxLength: 512 },
          },
        },
        response: {
          200: object({ deliveries: { type: "array", items: DELIVERY }, nextPageToken: NULLABLE_STRING }),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      visibleSubscription(ctx, request, id);
      const path = `/subscriptions/${id}/deliveries`;
      const query = request.query;
      const fingerprint = queryFingerprint(path, query as Record<string, unknown>);
      const cursor = query.nextPageToken ? decodeToken(query.nextPageToken, fingerprint) : { after: 0, returned: 0 };
      const page = listDeliveries(alertStoreOf(ctx).sql, id, query.state, cursor.after, query.perPage ?? 50);
      const next =
        page.more && page.lastSeq !== null
          ? encodeToken({ after: page.lastSeq, returned: cursor.returned + page.items.length }, fingerprint)
          : null;
      if (next) reply.header("Link", nextLink(path, query as Record<string, unknown>, next));
      return { deliveries: page.items, nextPageToken: next };
    },
  );

  app.post<{ Params: { id: string; deliveryId: string } }>(
    "/subscriptions/:id/deliveries/:deliveryId/retry",
    {
      config: scope,
      schema: {
        summary: "Re-queue a dead alert: it is sent again now, same key and document, with a fresh set of attempts",
        tags: ["alerts"],
        params: {
          type: "object",
          required: ["id", "deliveryId"],
          properties: { id: SUBSCRIPTION_ID, deliveryId: DELIVERY_ID },
        },
        response: { 202: DELIVERY },
      },
    },
    async (request, reply) => {
      const { id, deliveryId } = request.params;
      visibleSubscription(ctx, request, id);
      const result = requeueDelivery(alertStoreOf(ctx).sql, id, deliveryId, Date.now());
      switch (result.outcome) {
        case "requeued":
          request.log.info({ subscription: id, alert: deliveryId }, "dead alert re-queued");
          return reply.code(202).send(result.delivery);
        case "missing":
          throw new HttpProblem(404, `subscription ${id} has no alert ${deliveryId}`, { parameter: "deliveryId" });
        case "disabled":
          throw new HttpProblem(
            409,
            `subscription ${id} is disabled (its receiver answered 410 Gone): subscribe again`,
            {
              parameter: "id",
            },
          );
        case "not-dead":
          throw new HttpProblem(409, `alert ${deliveryId} is ${result.state}; only a dead alert is re-queued`, {
            parameter: "deliveryId",
          });
      }
    },
  );
}
