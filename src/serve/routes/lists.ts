import type { FastifyInstance, FastifyRequest } from "fastify";
import { position, type RouteContext } from "../context";
import { GLN_PARAMS, glnParameter, ownOrganisation } from "../gln-scope";
import { LIST_PAGE_PROPERTIES, listPage, type ListQuery } from "../list-page";
import { LOT_PARAMS, SHIPMENT_PARAMS } from "./ledger";
import { ShipmentStatus } from "../../contracts/generated/facts";

const ID = { type: "string", pattern: "^[1-9][0-9]{0,14}$" } as const;
const query = (properties: Record<string, unknown>) => ({
  type: "object",
  additionalProperties: false,
  properties: { ...properties, ...LIST_PAGE_PROPERTIES },
});
const SHIPMENT_STATUSES = Object.keys(ShipmentStatus).filter((s) => s !== "None");
/** A list's answer before paging: its own fields, the path it pages (for the next page's link) and every row. */
interface PagedRows {
  fields: Record<string, unknown>;
  path: string;
  rows: readonly unknown[];
}
const count = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

/**
 * The long lists of the audit resources, paged by the service (`perPage`, `nextPageToken`, `Link: rel="next"`) and
 * filtered by it, so that a page or a client never takes a whole table: a recall's affected devices, an organisation's
 * devices, shipments and alerts, a lot's and a shipment's devices. `GET /organisations/{gln}` sums them up. The lot
 * and shipment lists are scoped as `GET /lots/{gtin}/{lot}` and `GET /shipments/{id}` are: the read scope.
 */
export function registerListRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const config = { scope: "read" as const };
  const names = ctx.organisations;

  app.get<{ Params: { id: string }; Querystring: ListQuery & { custodian?: string; disposition?: string } }>(
    "/recalls/:id/devices",
    {
      config,
      schema: {
        summary: "A recall's affected devices, paged, filtered by custodian (GLN-13) and disposition (or none)",
        tags: ["recalls"],
        params: { type: "object", required: ["id"], properties: { id: ID } },
        querystring: query({
          custodian: { type: "string", pattern: "^[0-9]{13}$" },
          disposition: { type: "string", enum: ["none", "Returned", "Corrected", "Destroyed"] },
        }),
      },
    },
    async (request, reply) => {
      const { custodian, disposition } = request.query;
      if (custodian) glnParameter(custodian, "custodian");
      return ctx.audit.snapshot((asOf) => {
        const { devices, recallId } = ctx.audit.recallImpact(request.params.id);
        const custodians: Record<string, number> = {};
        const dispositions: Record<string, number> = {};
        for (const d of devices) {
          count(custodians, d.custodian);
          count(dispositions, d.disposition ?? "none");
        }
        const rows = devices.filter(
          (d) =>
            (!custodian || d.custodian === custodian) && (!disposition || (d.disposition ?? "none") === disposition),
        );
        return {
          recallId,
          asOf: position(asOf),
          custodians: Object.entries(custodians).map(([gln, n]) => ({ gln, name: names.name(gln), devices: n })),
          dispositions,
          ...listPage(reply, `/recalls/${recallId}/devices`, request.query, rows),
        };
      });
    },
  );

  app.get<{ Params: { gln: string } }>(
    "/organisations/:gln",
    {
      config,
      schema: {
        summary: "An organisation: its inventory by status and product, shipments in and out by status, its alerts",
        tags: ["audit"],
        params: GLN_PARAMS,
      },
    },
    async (request) => {
      const gln = ownOrganisation(request, request.params.gln);
      return ctx.audit.snapshot((asOf) => {
        const inventory = ctx.audit.inventory(gln);
        const products = new Map<string, { gtin: string; total: number; byStatus: Record<string, number> }>();
        for (const d of inventory.devices) {
          const gtin = d.udi.slice(4, 18); // "(01)" + GTIN-14
          const p = products.get(gtin) ?? { gtin, total: 0, byStatus: {} };
          p.total++;
          count(p.byStatus, d.status);
          products.set(gtin, p);
        }
        const shipments = { in: {} as Record<string, number>, out: {} as Record<string, number> };
        for (const s of ctx.audit.organisationShipments(gln)) count(shipments[s.direction], s.status);
        return {
          gln: inventory.gln,
          name: names.name(inventory.gln),
          asOf: position(asOf),
          inventory: {
            total: inventory.total,
            byStatus: inventory.byStatus,
            byProduct: [...products.values()].sort((a, b) => a.gtin.localeCompare(b.gtin)),
            underRecall: inventory.devices.filter((d) => d.heldBy !== 0).length,
            containers: inventory.containers.length,
          },
          shipments,
          alerts: ctx.audit.organisationAlerts(gln).length,
        };
      });
    },
  );

  app.get<{ Params: { gln: string }; Querystring: ListQuery & { status?: string; gtin?: string } }>(
    "/organisations/:gln/devices",
    {
      config,
      schema: {
        summary: "The devices an organisation holds, paged, filtered by status and product (GTIN-14)",
        tags: ["audit"],
        params: GLN_PARAMS,
        querystring: query({
          status: { type: "string", maxLength: 40 },
          gtin: { type: "string", pattern: "^[0-9]{14}$" },
        }),
      },
    },
    async (request, reply) => {
      const gln = ownOrganisation(request, request.params.gln);
      const { status, gtin } = request.query;
      const inventory = ctx.audit.inventory(gln);
      const rows = inventory.devices.filter(
        (d) => (!status || d.status === status) && (!gtin || d.udi.slice(4, 18) === gtin),
      );
      return {
        gln: inventory.gln,
        asOf: position(inventory.asOf),
        ...listPage(reply, `/organisations/${gln}/devices`, request.query, rows),
      };
    },
  );

  app.get<{ Params: { gln: string }; Querystring: ListQuery & { direction?: "in" | "out"; status?: string } }>(
    "/organisations/:gln/shipments",
    {
      config,
      schema: {
        summary: "The shipments an organisation sent (out) or received (in), newest first, paged, filtered by status",
        tags: ["audit"],
        params: GLN_PARAMS,
        querystring: query({
          direction: { type: "string", enum: ["in", "out"] },
          status: { type: "string", enum: SHIPMENT_STATUSES },
        }),
      },
    },
    async (request, reply) => {
      const gln = ownOrganisation(request, request.params.gln);
      const { direction, status } = request.query;
      return ctx.audit.snapshot((asOf) => {
        const rows = ctx.audit
          .organisationShipments(gln)
          .filter((s) => (!direction || s.direction === direction) && (!status || s.status === status))
          .map((s) => ({ ...s, counterpartyName: names.name(s.counterparty) }));
        return {
          gln,
          asOf: position(asOf),
          ...listPage(reply, `/organisations/${gln}/shipments`, request.query, rows),
        };
      });
    },
  );

  /** A list with paging but no filters. */
  const pagedList = <P>(
    url: string,
    summary: string,
    params: object,
    list: (request: FastifyRequest<{ Params: P }>) => PagedRows,
  ) =>
    app.get<{ Params: P; Querystring: ListQuery }>(
      url,
      { config, schema: { summary, tags: ["audit"], params, querystring: query({}) } },
      async (request, reply) => {
        const { fields, path, rows } = list(request);
        return { ...fields, ...listPage(reply, path, request.query, rows) };
      },
    );

  pagedList<{ gln: string }>(
    "/organisations/:gln/alerts",
    "The alerts raised for an organisation (recalls, quarantines, shipments), newest first, paged",
    GLN_PARAMS,
    (request) => {
      const gln = ownOrganisation(request, request.params.gln);
      return ctx.audit.snapshot((asOf) => ({
        fields: { gln, asOf: position(asOf) },
        path: `/organisations/${gln}/alerts`,
        rows: ctx.audit.organisationAlerts(gln),
      }));
    },
  );

  pagedList<{ gtin: string; lot: string }>(
    "/lots/:gtin/:lot/devices",
    "A production lot's devices, where they are and how they stand, paged",
    LOT_PARAMS,
    (request) => {
      const lot = ctx.audit.lot(request.params.gtin, request.params.lot);
      return {
        fields: { gtin: lot.gtin, lotNumber: lot.lotNumber, asOf: position(lot.asOf) },
        path: `/lots/${lot.gtin}/${encodeURIComponent(lot.lotNumber)}/devices`,
        rows: lot.devices,
      };
    },
  );

  pagedList<{ id: string }>(
    "/shipments/:id/devices",
    "The devices a shipment carries, paged",
    SHIPMENT_PARAMS,
    (request) => {
      const s = ctx.audit.shipment(request.params.id);
      return {
        fields: { shipmentId: s.shipmentId, asOf: position(s.asOf) },
        path: `/shipments/${s.shipmentId}/devices`,
        rows: s.devices,
      };
    },
  );
}
