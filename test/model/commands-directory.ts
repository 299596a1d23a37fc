import fc from "fast-check";
import { ethers } from "hardhat";
import { call, command, UdiCommand } from "./command";
import * as dir from "./model-directory";
import { registerProduct, updateProductMetadata, companyPrefixOwner } from "./model-products";
import { accountOf, actorArb, actorFor, hashArb, pick, OUTSIDER } from "./picks";
import { CONTRACTS, ORG } from "./types";
import { GLNS, GTINS, PREFIXES, TIME_STEP, UNKNOWN_DEVICE } from "./universe";

/** Commands for the directory, the consortium admin, pauses, the clock, the module hooks and products. */

const adminOf = (s: { admin: string }, a: readonly string[]) => Math.max(0, a.indexOf(s.admin));
/** Any signer, or the zero address. */
const accountAt = (a: readonly string[], n: number) =>
  n % (a.length + 1) === a.length ? ethers.ZeroAddress : a[n % (a.length + 1)];
const validMask = fc.subarray([1, 2, 3, 4, 5, 6], { minLength: 1 }).map((r) => r.reduce((m, x) => m | (1 << x), 0));

const admit = command(
  "admitOrganisation",
  { actor: actorArb, g: fc.nat(), roles: fc.oneof(validMask, fc.nat(255)), account: fc.nat() },
  (c, s, a) => {
    const gln = pick(GLNS, c.g);
    const account = accountAt(a, c.account);
    return call(actorFor(c.actor, adminOf(s, a)), "directory", "admitOrganisation", [gln, c.roles, account], (m, ctx) =>
      dir.admitOrganisation(m, ctx, gln, BigInt(c.roles), account),
    );
  },
);

const suspension = command("suspension", { actor: actorArb, g: fc.nat(), suspend: fc.boolean() }, (c, s, a) => {
  const suspended = [...s.orgs].filter(([, o]) => o.status === ORG.Suspended).map(([g]) => g);
  const gln = !c.suspend && suspended.length > 0 && c.g % 4 !== 3 ? pick(suspended, c.g >> 2) : pick(GLNS, c.g);
  const method = c.suspend ? "suspendOrganisation" : "reactivateOrganisation";
  return call(actorFor(c.actor, adminOf(s, a)), "directory", method, [gln], (m, ctx) =>
    dir.setSuspended(m, ctx, gln, c.suspend),
  );
});

const role = command("role", { actor: actorArb, g: fc.nat(), role: fc.nat(6), grant: fc.boolean() }, (c, s, a) => {
  const gln = pick(GLNS, c.g);
  const method = c.grant ? "grantOrganisationRole" : "revokeOrganisationRole";
  return call(actorFor(c.actor, adminOf(s, a)), "directory", method, [gln, c.role], (m, ctx) =>
    dir.setRole(m, ctx, gln, BigInt(c.role), c.grant),
  );
});

const accounts = command(
  "account",
  { actor: actorArb, g: fc.nat(), account: fc.nat(), other: fc.nat(), kind: fc.nat(2), bySelf: fc.boolean() },
  (c, s, a) => {
    const gln = pick(GLNS, c.g);
    const account = accountAt(a, c.account);
    const other = accountAt(a, c.other);
    const admin = adminOf(s, a);
    if (c.kind === 0) {
      return call(actorFor(c.actor, admin), "directory", "addAccount", [gln, account], (m, ctx) =>
        dir.addAccount(m, ctx, gln, account),
      );
    }
    if (c.kind === 1) {
      return call(actorFor(c.actor, admin), "directory", "removeAccount", [account], (m, ctx) =>
        dir.removeAccount(m, ctx, account),
      );
    }
    const self = a.indexOf(account);
    const natural = c.bySelf && self >= 0 ? self : admin;
    return call(actorFor(c.actor, natural), "directory", "rotateAccount", [account, other], (m, ctx) =>
      dir.rotateAccount(m, ctx, account, other),
    );
  },
);

const prefixes = command("prefix", { actor: actorArb, g: fc.nat(), p: fc.nat(), assign: fc.boolean() }, (c, s, a) => {
  const makers = [...s.orgs].filter(([, o]) => (o.roles & 2n) !== 0n).map(([g]) => g);
  const gln = makers.length > 0 && c.g % 4 !== 3 ? pick(makers, c.g >> 2) : pick(GLNS, c.g);
  const prefix = pick(PREFIXES, c.p);
  const actor = actorFor(c.actor, adminOf(s, a));
  if (c.assign) {
    return call(actor, "directory", "assignCompanyPrefix", [gln, prefix], (m, ctx) =>
      dir.assignCompanyPrefix(m, ctx, gln, prefix),
    );
  }
  return call(actor, "directory", "revokeCompanyPrefix", [prefix], (m, ctx) => dir.revokeCompanyPrefix(m, ctx, prefix));
});

const pauses = command(
  "pause",
  { actor: actorArb, contract: fc.constantFrom(...CONTRACTS), pause: fc.boolean(), roll: fc.nat(3) },
  (c, s, a) => {
    // While something is paused, mostly unpause it, so that sequences do not stall behind a pause.
    const paused = CONTRACTS.filter((name) => s.paused[name]);
    const pause = paused.length > 0 ? c.roll === 3 && c.pause : c.pause;
    const contract = !pause && paused.length > 0 ? paused[0] : c.contract;
    const method = pause ? "pause" : "unpause";
    return {
      ...call(actorFor(c.actor, adminOf(s, a)), contract, method, [], (m, ctx) =>
        dir.setPaused(m, ctx, contract, pause),
      ),
      label: `${contract}.${method}()`,
    };
  },
);

const adminTransfer = command("admin", { actor: actorArb, kind: fc.nat(2), to: fc.nat() }, (c, s, a) => {
  const admin = adminOf(s, a);
  if (c.kind === 0) {
    const to = pick(a, c.to);
    return call(actorFor(c.actor, admin), "directory", "beginDefaultAdminTransfer", [to], (m, ctx) =>
      dir.beginAdminTransfer(m, ctx, to),
    );
  }
  if (c.kind === 1) {
    return call(actorFor(c.actor, admin), "directory", "cancelDefaultAdminTransfer", [], dir.cancelAdminTransfer);
  }
  const pending = a.indexOf(s.pendingAdmin);
  return call(
    actorFor(c.actor, pending < 0 ? OUTSIDER : pending),
    "directory",
    "acceptDefaultAdminTransfer",
    [],
    dir.acceptAdminTransfer,
  );
});

/** Advances the chain's clock past the 30-day expiry and the admin delay; every device's expiry may change. */
const advance = fc.constant(null).map(
  () =>
    new UdiCommand("advance", null, () => ({
      label: `advance the clock ${TIME_STEP} s`,
      actor: 0,
      contract: "directory",
      method: "",
      args: [],
      advance: TIME_STEP,
      model: (m, ctx) => {
        m.clock += TIME_STEP;
        for (const id of m.devices.keys()) ctx.touched.devices.add(id);
      },
    })),
);

const HOOKS: [string, unknown[]][] = [
  ["setDeviceStatus", [UNKNOWN_DEVICE, 6]],
  ["placeHold", [1, 0, 1, 0, [], []]],
  ["releaseHold", [0]],
  ["clearDeviceHold", [UNKNOWN_DEVICE, 1]],
  ["flagShipmentExcursion", [1]],
  ["wireModules", [ethers.ZeroAddress, ethers.ZeroAddress, ethers.ZeroAddress]],
];

const hooks = command("hook", { actor: fc.nat(12), h: fc.nat() }, (c) => {
  const [method, args] = pick(HOOKS, c.h);
  const model = method === "wireModules" ? dir.wireModules : dir.callHook;
  return { label: `devices.${method}(…)`, actor: c.actor, contract: "devices", method, args, model };
});

const products = command(
  "product",
  {
    actor: actorArb,
    g: fc.nat(),
    hash: hashArb,
    tracked: fc.boolean(),
    implantable: fc.boolean(),
    update: fc.boolean(),
  },
  (c, s, a) => {
    const gtin = pick(GTINS, c.g);
    const owner = s.products.get(gtin)?.manufacturer ?? companyPrefixOwner(s, gtin)[0];
    const actor = actorFor(c.actor, accountOf(s, owner, a));
    if (c.update) {
      return call(actor, "products", "updateProductMetadata", [gtin, c.hash], (m, ctx) =>
        updateProductMetadata(m, ctx, gtin, c.hash),
      );
    }
    const args = [gtin, c.hash, c.tracked, c.implantable];
    return call(actor, "products", "registerProduct", args, (m, ctx) =>
      registerProduct(m, ctx, gtin, c.hash, c.tracked, c.implantable),
    );
  },
);

/** Each arbitrary with its weight in the sequences. */
export const directoryCommands: [fc.Arbitrary<UdiCommand>, number][] = [
  [admit, 1],
  [suspension, 2],
  [role, 2],
  [accounts, 2],
  [prefixes, 1],
  [pauses, 1],
  [adminTransfer, 1],
  [advance, 1],
  [hooks, 1],
  [products, 2],
];
