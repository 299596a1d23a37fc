import fc from "fast-check";
import { commission, commissionBatch, registerLot, companyPrefixOwner } from "./model-products";
import { closeShipment, pack, releaseContainer, ship, unpack } from "./model-custody";
import { resolveDevice } from "./model-core";
import { call, command, type UdiCommand } from "./command";
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

const lots = command("registerLot", { actor: actorArb, g: fc.nat(), lot: fc.nat(), dates: fc.nat() }, (c, s, a) => {
  const gtin = pick(GTINS, c.g);
  const lotNumber = pick(LOT_NUMBERS, c.lot);
  const [made, expires] = pick(LOT_DATES, c.dates);
  const madeAt = s.origin + made;
  const expiresAt = expires === null ? 0n : s.origin + expires;
  const owner = s.products.get(gtin)?.manufacturer ?? companyPrefixOwner(s, gtin)[0];
  const args = [gtin, lotNumber, madeAt, expiresAt];
  return call(actorFor(c.actor, accountOf(s, owner, a)), "devices", "registerLot", args, (m, ctx) =>
    registerLot(m, ctx, gtin, lotNumber, madeAt, expiresAt),
  );
});

const commissioning = command(
  "commission",
  {
    actor: actorArb,
    lot: fc.nat(),
    serials: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
    batch: fc.boolean(),
  },
  (c, s, a) => {
    const lotKey = lotAt(s, c.lot);
    const actor = actorFor(c.actor, accountOf(s, manufacturerOfLot(s, lotKey), a));
    const serials = c.serials.map(serialAt);
    if (c.batch) {
      return call(actor, "devices", "commissionBatch", [lotKey, serials], (m, ctx) =>
        commissionBatch(m, ctx, lotKey, serials),
      );
    }
    const serial = serials[0] ?? "S0";
    return call(actor, "devices", "commission", [lotKey, serial], (m, ctx) => commission(m, ctx, lotKey, serial));
  },
);

/** Loose Active devices of `org`, of `lotKey` when given. */
function looseActive(s: ModelState, org: bigint, lotKey?: bigint): string[] {
  return [...s.devices]
    .filter(([, d]) => d.custodian === org && d.container === 0n && d.status === DS.Active)
    .filter(([, d]) => lotKey === undefined || d.lotKey === lotKey)
    .map(([id]) => id);
}

const packing = command(
  "pack",
  {
    actor: actorArb,
    box: fc.nat(),
    devs: fc.array(fc.nat(), { maxLength: 3 }),
    smart: smartArb,
    unpack: fc.boolean(),
  },
  (c, s, a) => {
    const sscc = c.unpack ? pickContainer(s, c.box) : pick(SSCCS, c.box);
    const box = s.containers.get(sscc);
    let ids = c.devs.map((n) => pickDevice(s, n));
    if (c.unpack) {
      if (c.smart && box) {
        const inside = [...s.devices].filter(([, d]) => d.container === box.key).map(([id]) => id);
        ids = inside.slice(0, Math.max(1, c.devs.length));
      }
      return call(
        actorFor(c.actor, accountOf(s, box?.custodian ?? 0n, a)),
        "devices",
        "unpack",
        [sscc, ids],
        (m, ctx) => unpack(m, ctx, sscc, ids),
      );
    }
    const first = ids.length > 0 ? s.devices.get(ids[0]) : undefined;
    const org = first ? resolveDevice(s, ids[0]).custodian : (box?.custodian ?? 0n);
    if (c.smart && first) ids = looseActive(s, org, box?.lotKey || first.lotKey).slice(0, ids.length);
    return call(actorFor(c.actor, accountOf(s, org, a)), "devices", "pack", [sscc, ids], (m, ctx) =>
      pack(m, ctx, sscc, ids),
    );
  },
);

const release = command("releaseContainer", { actor: actorArb, box: fc.nat() }, (c, s, a) => {
  const sscc = pickContainer(s, c.box);
  return call(
    actorFor(c.actor, accountOf(s, s.containers.get(sscc)?.custodian ?? 0n, a)),
    "devices",
    "releaseContainer",
    [sscc],
    (m, ctx) => releaseContainer(m, ctx, sscc),
  );
});

const shipping = command(
  "ship",
  {
    actor: actorArb,
    to: fc.nat(),
    devs: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    boxes: fc.array(fc.nat(), { maxLength: 2 }),
    smart: smartArb,
    doc: hashArb,
    title: fc.boolean(),
  },
  (c, s, a) => {
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
    return call(actorFor(c.actor, accountOf(s, org, a)), "devices", "ship", args, (m, ctx) =>
      ship(m, ctx, recipient, ids, boxes, c.doc, c.title),
    );
  },
);

const closing = command(
  "closeShipment",
  {
    actor: actorArb,
    how: fc.constantFrom("receive", "receive", "reject", "cancel"),
    k: fc.nat(),
    mode: fc.constantFrom(...MANIFEST_MODES),
    other: fc.nat(),
  },
  (c, s, a) => {
    const id = pickShipment(s, c.k);
    const sh = s.shipments.get(id);
    const lists = manifestOf(sh?.deviceIds ?? [], sh?.containers ?? [], c.mode, pickDevice(s, c.other));
    const natural = c.how === "cancel" ? sh?.sender : sh?.recipient;
    const method = c.how === "receive" ? "receiveShipment" : c.how === "reject" ? "rejectShipment" : "cancelShipment";
    return call(
      actorFor(c.actor, accountOf(s, natural ?? 0n, a)),
      "devices",
      method,
      [id, lists.ids, lists.containers],
      (m, ctx) => closeShipment(m, ctx, c.how, id, lists.ids, lists.containers),
    );
  },
);

export const deviceCommands: [fc.Arbitrary<UdiCommand>, number][] = [
  [lots, 1],
  [commissioning, 4],
  [packing, 3],
  [release, 1],
  [shipping, 4],
  [closing, 4],
];
