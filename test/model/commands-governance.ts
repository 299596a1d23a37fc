import fc from "fast-check";
import { call, command, type UdiCommand } from "./command";
import * as gov from "./model-governance";
import * as dir from "./model-directory";
import { actorArb, actorFor, pick } from "./picks";
import { CONTRACTS } from "./types";
import { GLNS, VALIDATORS } from "./universe";

/** Commands for governance on the directory: guardians (who pause but never unpause) and QBFT validators. */

const adminOf = (s: { admin: string }, a: readonly string[]) => Math.max(0, a.indexOf(s.admin));

const guardian = command("guardian", { actor: actorArb, account: fc.nat(), grant: fc.boolean() }, (c, s, a) => {
  const current = [...s.guardians];
  const account = !c.grant && current.length > 0 ? pick(current, c.account) : pick(a, c.account);
  const method = c.grant ? "grantRole" : "revokeRole";
  return {
    ...call(actorFor(c.actor, adminOf(s, a)), "directory", method, [gov.GUARDIAN_ROLE, account], (m, ctx) =>
      gov.setGuardian(m, ctx, account, c.grant),
    ),
    label: `${method}(GUARDIAN_ROLE, ${account})`,
  };
});

/** A guardian (when there is one) pauses or tries to unpause any contract. */
const guardianPause = command(
  "guardianPause",
  { g: fc.nat(), contract: fc.constantFrom(...CONTRACTS), pause: fc.boolean() },
  (c, s, a) => {
    const guardians = [...s.guardians];
    const actor = guardians.length > 0 ? a.indexOf(pick(guardians, c.g)) : adminOf(s, a);
    const method = c.pause ? "pause" : "unpause";
    return {
      ...call(actor, c.contract, method, [], (m, ctx) => dir.setPaused(m, ctx, c.contract, c.pause)),
      label: `${c.contract}.${method}() by a guardian`,
    };
  },
);

const validator = command("validator", { actor: actorArb, g: fc.nat(), v: fc.nat() }, (c, s, a) => {
  const gln = pick(GLNS, c.g);
  const address = pick(VALIDATORS, c.v);
  return call(actorFor(c.actor, adminOf(s, a)), "directory", "setOrganisationValidator", [gln, address], (m, ctx) =>
    gov.setValidator(m, ctx, gln, address),
  );
});

export const governanceCommands: [fc.Arbitrary<UdiCommand>, number][] = [
  [guardian, 1],
  [guardianPause, 1],
  [validator, 1],
];
