import fc from "fast-check";
import { commission, commissionBatch, registerLot, companyPrefixOwner } from "./model-products";
import { closeShipment, pack, releaseContainer, ship, unpack } from "./model-custody";
import { resolveDevice } from "./model-core";
import { UdiCommand } from "./command";
import {
  MANIFEST_MODES,
  accountOf,
  actorArb,
  actorFor,
  hashArb,
  manifestOf,
  pick,
  pickDevice,
  pickContainer,
  pickRecipient,
  pickShipment,
  smartArb,
} from "./picks";
import { CS, DS, type ModelState } from "./types";
import { BAD_SERIALS, GTINS, LOT_DATES, LOT_NUMBERS, SERIALS, SSCCS } from "./universe";

/** Commands for lots, commissioning, containers and shipments. */

/** Serials: mostly from the pool, sometimes malformed. */
const serialAt = (n: number) => (n % 10 === 9 ? pick(BAD_SERIALS, n >> 4) : pick(SERIALS, n));
/** A lot key: an existing lot most of the time, or the next (unknown) key. */
const lotAt = (s: ModelState, n: number) => BigInt(n % 6 === 5 ? s.lots.size + 1 : ((n >> 3) % s.lots.size) + 1);
const manufacturerOfLot = (s: ModelState, lotKey: bigint) => s.lots.get(lotKey)?.manufacturer ?? 0n;

const lots = fc.record({ actor: actorArb, g: fc.nat(), lot: fc.nat(), dates: fc.nat() }).map(
  (c) =>
    new UdiCommand("registerLot", c, (s, a) => {
      const gtin = pick(GTINS, c.g);
      const lotNumber = pick(LOT_NUMBERS, c.lot);
      const [made, expires] = pick(LOT_DATES, c.dates);
      const madeAt = s.origin + made;
      const expiresAt = expires === null ? 0n : s.origin + expires;
      const owner = s.products.get(gtin)?.manufacturer ?? companyPrefixOwner(s, gtin)[0];
      const args = [gtin, lotNumber, madeAt, expiresAt];
      return {
        label: `registerLot(${gtin}, "${lotNumber}", ${madeAt}, ${expiresAt})`,
        actor: actorFor(c.actor, accountOf(s, owner, a)),
        contract: "devices",
        method: "registerLot",
        args,
        model: (m, ctx) => registerLot(m, ctx, gtin, lotNumber, madeAt, expiresAt),
      };
    }),
);

const commissioning = fc
  .record({
    actor: actorArb,
    lot: fc.nat(),
    serials: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
    batch: fc.boolean(),
  })
  .map(
    (c) =>
      new UdiCommand("commission", c, (s, a) => {
        const lotKey = lotAt(s, c.lot);
        const actor = actorFor(c.actor, accountOf(s, manufacturerOfLot(s, lotKey), a));
        const serials = c.serials.map(serialAt);
        if (c.batch) {
          return {
            label: `commissionBatch(${lotKey}, ${JSON.stringify(serials)})`,
            actor,
            contract: "devices",
            method: "commissionBatch",
            args: [lotKey, serials],
            model: (m, ctx) => commissionBatch(m, ctx, lotKey, serials),
          };
        }
        const serial = serials[0] ?? "S0";
        return {
          label: `commission(${lotKey}, "${serial}")`,
          actor,
          contract: "devices",
          method: "commission",
          args: [lotKey, serial],
          model: (m, ctx) => commission(m, ctx, lotKey, serial),
        };
      }),
  );

/** Loose Active devices of `org`, of `lotKey` when given. */
function looseActive(s: ModelState, org: bigint, lotKey?: bigint): string[] {
  return [...s.devices]
    .filter(([, d]) => d.custodian === org && d.container === 0n && d.status === DS.Active)
    .filter(([, d]) => lotKey === undefined || d.lotKey === lotKey)
    .map(([id]) => id);
}

const packing = fc
  .record({
    actor: actorArb,
    box: fc.nat(),
    devs: fc.array(fc.nat(), { maxLength: 3 }),
    smart: smartArb,
    unpack: fc.boolean(),
  })
  .map(
    (c) =>
      new UdiCommand("pack", c, (s, a) => {
        const sscc = c.unpack ? pickContainer(s, c.box) : pick(SSCCS, c.box);
        const box = s.containers.get(sscc);
        let ids = c.devs.map((n) => pickDevice(s, n));
        if (c.unpack) {
          if (c.smart && box) {
            const inside = [...s.devices].filter(([, d]) => d.container === box.key).map(([id]) => id);
            ids = inside.slice(0, Math.max(1, c.devs.length));
          }
          return {
            label: `unpack(${sscc}, [${ids.join(", ")}])`,
            actor: actorFor(c.actor, accountOf(s, box?.custodian ?? 0n, a)),
            contract: "devices",
            method: "unpack",
            args: [sscc, ids],
            model: (m, ctx) => unpack(m, ctx, sscc, ids),
          };
        }
        const first = ids.length > 0 ? s.devices.get(ids[0]) : undefined;
        const org = first ? resolveDevice(s, ids[0]).custodian : (box?.custodian ?? 0n);
        if (c.smart && first) ids = looseActive(s, org, box?.lotKey || first.lotKey).slice(0, ids.length);
        return {
          label: `pack(${sscc}, [${ids.join(", ")}])`,
          actor: actorFor(c.actor, accountOf(s, org, a)),
          contract: "devices",
          method: "pack",
          args: [sscc, ids],
          model: (m, ctx) => pack(m, ctx, sscc, ids),
        };
      }),
  );

const release = fc.record({ actor: actorArb, box: fc.nat() }).map(
  (c) =>
    new UdiCommand("releaseContainer", c, (s, a) => {
      const sscc = pickContainer(s, c.box);
      return {
        label: `releaseContainer(${sscc})`,
        actor: actorFor(c.actor, accountOf(s, s.containers.get(sscc)?.custodian ?? 0n, a)),
        contract: "devices",
        method: "releaseContainer",
        args: [sscc],
        model: (m, ctx) => releaseContainer(m, ctx, sscc),
      };
    }),
);

const shipping = fc
  .record({
    actor: actorArb,
    to: fc.nat(),
    devs: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    boxes: fc.array(fc.nat(), { maxLength: 2 }),
    smart: smartArb,
    doc: hashArb,
    title: fc.boolean(),
  })
  .map(
    (c) =>
      new UdiCommand("ship", c, (s, a) => {
        const recipient = pickRecipient(c.to);
        let ids = c.devs.map((n) => pickDevice(s, n));
        let boxes = c.boxes.map((n) => pickContainer(s, n));
        const org =
          ids.length > 0 ? resolveDevice(s, ids[0]).custodian : (s.containers.get(boxes[0] ?? 0n)?.custodian ?? 0n);
        if (c.smart) {
          ids = looseActive(s, org).slice(0, ids.length);
          boxes = [...s.containers]
            .filter(([, box]) => box.custodian === org && box.status === CS.Active && box.deviceCount > 0n)
            .map(([sscc]) => sscc)
            .slice(0, boxes.length);
        }
        const args = [recipient, ids, boxes, c.doc, c.title];
        return {
          label: `ship(${recipient}, [${ids.join(", ")}], [${boxes.join(", ")}])`,
          actor: actorFor(c.actor, accountOf(s, org, a)),
          contract: "devices",
          method: "ship",
          args,
          model: (m, ctx) => ship(m, ctx, recipient, ids, boxes, c.doc, c.title),
        };
      }),
  );

const closing = fc
  .record({
    actor: actorArb,
    how: fc.constantFrom("receive", "receive", "reject", "cancel"),
    k: fc.nat(),
    mode: fc.constantFrom(...MANIFEST_MODES),
    other: fc.nat(),
  })
  .map(
    (c) =>
      new UdiCommand("closeShipment", c, (s, a) => {
        const id = pickShipment(s, c.k);
        const sh = s.shipments.get(id);
        const lists = manifestOf(sh?.deviceIds ?? [], sh?.containers ?? [], c.mode, pickDevice(s, c.other));
        const natural = c.how === "cancel" ? sh?.sender : sh?.recipient;
        const method =
          c.how === "receive" ? "receiveShipment" : c.how === "reject" ? "rejectShipment" : "cancelShipment";
        return {
          label: `${method}(${id}, [${lists.ids.join(", ")}], [${lists.containers.join(", ")}])`,
          actor: actorFor(c.actor, accountOf(s, natural ?? 0n, a)),
          contract: "devices",
          method,
          args: [id, lists.ids, lists.containers],
          model: (m, ctx) => closeShipment(m, ctx, c.how, id, lists.ids, lists.containers),
        };
      }),
  );

export const deviceCommands: [fc.Arbitrary<UdiCommand>, number][] = [
  [lots, 1],
  [commissioning, 4],
  [packing, 3],
  [release, 1],
  [shipping, 4],
  [closing, 4],
];
