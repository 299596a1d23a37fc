import type { FastifyInstance } from "fastify";
import { position, type RouteContext } from "../context";
import { GLN_PARAMS, ownOrganisation } from "../gln-scope";
import { HttpProblem } from "../problems";
import { deviceFactsIn } from "./check";

/** A lot's path parameters (`/lots/{gtin}/{lot}` and its paged devices). */
export const LOT_PARAMS = {
  type: "object",
  required: ["gtin", "lot"],
  properties: {
    gtin: { type: "string", pattern: "^[0-9]{8,14}$", description: "GTIN-8/12/13/14" },
    lot: { type: "string", minLength: 1, maxLength: 20, description: "lot number (AI 10)" },
  },
} as const;

/** A shipment's path parameters (`/shipments/{id}` and its paged devices). */
export const SHIPMENT_PARAMS = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", pattern: "^[1-9][0-9]{0,14}$" } },
} as const;

/** JSON audit resources: a device with its trail, an organisation's inventory, a lot, a shipment. */
export function registerLedgerRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const read = { scope: "read" as const };
  const names = ctx.organisations;

  app.get<{ Params: { "*": string } }>(
    "/devices/*",
    {
      config: read,
      schema: {
        summary: "A device: its state, product, lot, recall, and its full trail of events",
        tags: ["audit"],
        params: { type: "object", properties: { "*": { type: "string", minLength: 1, maxLength: 512 } } },
      },
    },
    async (request) =>
      ctx.audit.snapshot((asOf) => {
        const facts = deviceFactsIn(ctx, request.params["*"]);
        if (!facts.known)
          throw new HttpProblem(404, `device ${facts.deviceId} is not in the ledger`, { parameter: "udi" });
        const trail = ctx.audit.trail(facts.deviceId);
        return { ...facts, asOf: position(asOf), custodianName: names.name(facts.custodian!), events: trail.events };
      }),
  );

  app.get<{ Params: { gln: string } }>(
    "/organisations/:gln/inventory",
    {
      config: read,
      schema: {
        summary: "The devices and containers an organisation holds, by status",
        tags: ["audit"],
        params: GLN_PARAMS,
      },
    },
    async (request) => {
      const inventory = ctx.audit.inventory(ownOrganisation(request, request.params.gln));
      return { ...inventory, name: names.name(inventory.gln), asOf: position(inventory.asOf) };
    },
  );

  app.get<{ Params: { gtin: string; lot: string } }>(
    "/lots/:gtin/:lot",
    {
      config: read,
      schema: {
        summary: "A production lot: its devices, where they are, and the lot-level events",
        tags: ["audit"],
        params: LOT_PARAMS,
      },
    },
    async (request) => {
      const lot = ctx.audit.lot(request.params.gtin, request.params.lot);
      return { ...lot, asOf: position(lot.asOf) };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/shipments/:id",
    {
      config: read,
      schema: {
        summary: "A shipment: sender, recipient, items, status and events",
        tags: ["audit"],
        params: SHIPMENT_PARAMS,
      },
    },
    async (request) => {
      const s = ctx.audit.shipment(request.params.id);
      return {
        ...s,
        senderName: names.name(s.sender),
        recipientName: names.name(s.recipient),
        asOf: position(s.asOf),
      };
    },
  );
}
