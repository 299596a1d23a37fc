import fc from "fast-check";
import { UdiCommand } from "./command";
import * as gov from "./model-governance";
import * as dir from "./model-directory";
import { actorArb, actorFor, pick } from "./picks";
import { CONTRACTS } from "./types";
import { GLNS, VALIDATORS } from "./universe";

/** Commands for governance on the directory: guardians (who pause but never unpause) and QBFT validators. */

const adminOf = (s: { admin: string }, a: readonly string[]) => Math.max(0, a.indexOf(s.admin));

const guardian = fc.record({ actor: actorArb, account: fc.nat(), grant: fc.boolean() }).map(
  (c) =>
    new UdiCommand("guardian", c, (s, a) => {
      const current = [...s.guardians];
      const account = !c.grant && current.length > 0 ? pick(current, c.account) : pick(a, c.account);
      const method = c.grant ? "grantRole" : "revokeRole";
      return {
        label: `${method}(GUARDIAN_ROLE, ${account})`,
        actor: actorFor(c.actor, adminOf(s, a)),
        contract: "directory",
        method,
        args: [gov.GUARDIAN_ROLE, account],
        model: (m, ctx) => gov.setGuardian(m, ctx, account, c.grant),
      };
    }),
);

/** A guardian (when there is one) pauses or tries to unpause any contract. */
const guardianPause = fc.record({ g: fc.nat(), contract: fc.constantFrom(...CONTRACTS), pause: fc.boolean() }).map(
  (c) =>
    new UdiCommand("guardianPause", c, (s, a) => {
      const guardians = [...s.guardians];
      const actor = guardians.length > 0 ? a.indexOf(pick(guardians, c.g)) : adminOf(s, a);
      const method = c.pause ? "pause" : "unpause";
      return {
        label: `${c.contract}.${method}() by a guardian`,
        actor,
        contract: c.contract,
        method,
        args: [],
        model: (m, ctx) => dir.setPaused(m, ctx, c.contract, c.pause),
      };
    }),
);

const validator = fc.record({ actor: actorArb, g: fc.nat(), v: fc.nat() }).map(
  (c) =>
    new UdiCommand("validator", c, (s, a) => {
      const gln = pick(GLNS, c.g);
      const address = pick(VALIDATORS, c.v);
      return {
        label: `setOrganisationValidator(${gln}, ${address})`,
        actor: actorFor(c.actor, adminOf(s, a)),
        contract: "directory",
        method: "setOrganisationValidator",
        args: [gln, address],
        model: (m, ctx) => gov.setValidator(m, ctx, gln, address),
      };
    }),
);

export const governanceCommands: [fc.Arbitrary<UdiCommand>, number][] = [
  [guardian, 1],
  [guardianPause, 1],
  [validator, 1],
];
