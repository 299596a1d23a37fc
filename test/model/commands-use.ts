import fc from "fast-check";
import { ethers } from "hardhat";
import { GLN } from "../fixtures";
import { call, command, type Step, type UdiCommand } from "./command";
import { heldBy, resolveDevice } from "./model-core";
import * as life from "./model-lifecycle";
import { acknowledgeRecall, issueRecall, recordDisposition, terminateRecall, type Notice } from "./model-recalls";
import { accountOf, actorArb, actorFor, pick, pickDevice, pickRecall } from "./picks";
import { DS } from "./types";
import { CARE_SITES, GLNS, GTINS, VERSIONS } from "./universe";

/** Commands for devices in use: lifecycle records, recalls and data anchors. */

const LIFECYCLE = [
  "install",
  "explant",
  "service",
  "software",
  "quarantine",
  "release",
  "decommission",
  "destroy",
] as const;

/** The resolved statuses each lifecycle operation accepts (smart commands pick a device in one of them). */
const READY: Record<(typeof LIFECYCLE)[number], bigint[]> = {
  install: [DS.Active],
  explant: [DS.Installed],
  service: [DS.Active, DS.Installed, DS.Quarantined],
  software: [DS.Active, DS.Installed, DS.Quarantined],
  quarantine: [DS.Active],
  release: [DS.Quarantined],
  decommission: [DS.Active, DS.Installed, DS.Quarantined],
  destroy: [DS.Active, DS.Quarantined, DS.Decommissioned],
};

const lifecycle = command(
  "lifecycle",
  {
    actor: actorArb,
    dev: fc.nat(),
    op: fc.constantFrom(...LIFECYCLE),
    site: fc.constantFrom(...CARE_SITES, CARE_SITES[0], CARE_SITES[0]),
    hash: fc.constantFrom(ethers.id("record-1"), ethers.id("record-2"), ethers.ZeroHash),
    outcome: fc.nat(3),
    version: fc.nat(),
    byServicer: fc.boolean(),
    smart: fc.boolean(),
  },
  (c, s, a) => {
    const fits = [...s.devices.keys()].filter((d) => {
      const v = resolveDevice(s, d);
      const atCareSite = (s.orgs.get(v.custodian)?.roles ?? 0n) & (1n << 3n);
      return v.container === 0n && READY[c.op].includes(v.status) && (c.op !== "install" || atCareSite !== 0n);
    });
    // Half the time a device the operation accepts; a quarter of the time a loose device in a status it refuses
    // (so every refused transition is tried), otherwise any device at all.
    const loose = [...s.devices.keys()].filter((d) => resolveDevice(s, d).container === 0n);
    const misfits = loose.filter((d) => !READY[c.op].includes(resolveDevice(s, d).status));
    const pool = c.smart ? fits : c.dev % 2 === 0 ? misfits : [];
    const id = pool.length > 0 ? pick(pool, c.dev >> 2) : pickDevice(s, c.dev);
    const custodian = resolveDevice(s, id).custodian;
    const servicing = c.op === "service" || c.op === "software";
    const natural = accountOf(s, servicing && c.byServicer ? GLN.service : custodian, a);
    const actor = actorFor(c.actor, natural);
    const careSite = c.site;
    const version = pick(VERSIONS, c.version);
    const step = (method: string, args: unknown[], model: Step["model"]) =>
      call(actor, "lifecycle", method, args, model);
    switch (c.op) {
      case "install":
        return step("install", [id, careSite, c.hash], (m, ctx) => life.install(m, ctx, id, careSite, c.hash));
      case "explant":
        return step("explant", [id, c.hash], (m, ctx) => life.explant(m, ctx, id, c.hash));
      case "service":
        return step("recordService", [id, c.outcome, c.hash], (m, ctx) =>
          life.recordService(m, ctx, id, BigInt(c.outcome), c.hash),
        );
      case "software":
        return step("recordSoftwareUpdate", [id, version, c.hash], (m, ctx) =>
          life.recordSoftwareUpdate(m, ctx, id, version, c.hash),
        );
      case "quarantine":
        return step("quarantine", [id, c.hash], (m, ctx) => life.transition(m, ctx, "quarantine", id, c.hash));
      default: {
        const how = c.op;
        return step(how, [id], (m, ctx) => life.transition(m, ctx, how, id, c.hash));
      }
    }
  },
);

const authorise = command(
  "authoriseServiceProvider",
  { actor: actorArb, sp: fc.nat(), by: fc.nat(), authorised: fc.boolean() },
  (c, s, a) => {
    const sp = c.sp % 3 === 0 ? pick(GLNS, c.sp >> 2) : GLN.service;
    const natural = accountOf(s, pick([GLN.hospital, GLN.distributor, GLN.manufacturer, GLN.otherHospital], c.by), a);
    return call(actorFor(c.actor, natural), "lifecycle", "authoriseServiceProvider", [sp, c.authorised], (m, ctx) =>
      life.authoriseServiceProvider(m, ctx, sp, c.authorised),
    );
  },
);

/** A defined enum value (1..max) ten times out of eleven, otherwise None. */
const mostlyDefined = (max: number) =>
  fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 1, max }) }, { weight: 1, arbitrary: fc.constant(0) });

/** Organisations that hold stock and so acknowledge recalls (a small set, so repeats happen). */
const HOLDER_ORGS = [GLN.manufacturer, GLN.distributor, GLN.hospital];

const issue = command(
  "issueRecall",
  {
    actor: actorArb,
    g: fc.nat(),
    recallClass: mostlyDefined(4),
    action: mostlyDefined(4),
    scope: mostlyDefined(3),
    returnTo: fc.nat(),
    lots: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
    devs: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    byRegulator: fc.boolean(),
    smart: fc.constantFrom(true, true, true, false),
  },
  (c, s, a) => {
    const gtin = c.g % 5 === 4 ? pick(GTINS, c.g >> 3) : pick(GTINS.slice(0, 3), c.g >> 3);
    const lotsOf = [...s.lots].filter(([, l]) => l.gtin === gtin).map(([k]) => k);
    const devsOf = [...s.devices].filter(([, d]) => d.gtin === gtin).map(([id]) => id);
    const lotKeys = c.lots.map((n) =>
      c.smart && lotsOf.length > 0 ? pick(lotsOf, n) : BigInt((n % (s.lots.size + 1)) + 1),
    );
    const deviceIds = c.devs.map((n) => (c.smart && devsOf.length > 0 ? pick(devsOf, n) : pickDevice(s, n)));
    const notice: Notice = {
      gtin,
      recallClass: BigInt(c.recallClass),
      action: BigInt(c.action),
      scope: BigInt(c.scope),
      returnTo: c.returnTo % 3 !== 0 ? 0n : pick(GLNS, c.returnTo >> 2),
      noticeHash: ethers.id(`notice-${c.g}`),
      lotKeys: c.scope === 2 || !c.smart ? lotKeys : [],
      deviceIds: c.scope === 3 || !c.smart ? deviceIds : [],
    };
    const issuer = c.byRegulator ? GLN.regulator : (s.products.get(gtin)?.manufacturer ?? 0n);
    const { lotKeys: l, deviceIds: d, ...rest } = notice;
    return {
      ...call(actorFor(c.actor, accountOf(s, issuer, a)), "recalls", "issueRecall", [notice], (m, ctx) =>
        issueRecall(m, ctx, { ...notice, lotKeys: [...l], deviceIds: [...d] }),
      ),
      label: `issueRecall(${JSON.stringify(rest, (_, v) => (typeof v === "bigint" ? v.toString() : v))}, lots [${l.join(", ")}], devices [${d.join(", ")}])`,
    };
  },
);

const recallActs = command(
  "recallAct",
  {
    actor: actorArb,
    k: fc.nat(),
    kind: fc.nat(2),
    dev: fc.nat(),
    disposition: fc.nat(3),
    byIssuer: fc.boolean(),
    org: fc.nat(),
  },
  (c, s, a) => {
    const recallId = pickRecall(s, c.k);
    const r = s.recalls.get(recallId);
    const issuer = accountOf(s, r?.issuer ?? 0n, a);
    if (c.kind === 0) {
      const natural = accountOf(s, c.org % 4 === 3 ? pick(GLNS, c.org >> 2) : pick(HOLDER_ORGS, c.org >> 2), a);
      return call(actorFor(c.actor, natural), "recalls", "acknowledgeRecall", [recallId], (m, ctx) =>
        acknowledgeRecall(m, ctx, recallId),
      );
    }
    if (c.kind === 1) {
      return call(actorFor(c.actor, issuer), "recalls", "terminateRecall", [recallId], (m, ctx) =>
        terminateRecall(m, ctx, recallId),
      );
    }
    const held = [...s.devices].filter(([id, d]) => heldBy(s, id, d) === recallId).map(([id]) => id);
    const id = held.length > 0 && c.dev % 4 !== 3 ? pick(held, c.dev) : pickDevice(s, c.dev);
    const natural = c.byIssuer ? issuer : accountOf(s, resolveDevice(s, id).custodian, a);
    return call(actorFor(c.actor, natural), "recalls", "recordDisposition", [recallId, id, c.disposition], (m, ctx) =>
      recordDisposition(m, ctx, recallId, id, BigInt(c.disposition)),
    );
  },
);

export const useCommands: [fc.Arbitrary<UdiCommand>, number][] = [
  [lifecycle, 5],
  [authorise, 1],
  [issue, 3],
  [recallActs, 4],
];
