import type { AdminContext } from "./admin-context";
import { PermanentDeployError } from "./errors";
import type { RoleName } from "./roles";
import { CONTRACT_NAMES } from "../manifest";
import { CONTRACT_KEYS } from "../sdk";

/**
 * The consortium admin's operations, one per task, sent through the SDK client. Each checks what it can from the
 * chain first and stops with one line (nothing sent) when the call would fail; the contract remains the authority.
 */

/** A GLN as written (13 digits, leading zeros kept). */
const text = (gln: bigint): string => gln.toString().padStart(13, "0");

const refuse = (field: string, value: string, message: string): never => {
  throw new PermanentDeployError("CONFLICT", field, value, message);
};

/** Stops with one line unless the chain's `check` admits the signer; `role` says what it must be. */
async function requireSigner(ctx: AdminContext, check: "isAdmin" | "isPauser", role: string): Promise<void> {
  if (!(await ctx.client.contracts.directory[check](ctx.signerAddress))) {
    throw new PermanentDeployError("NOT_ADMIN", "signer", ctx.signerAddress, `${ctx.signerAddress} is ${role}`);
  }
}

const requireAdmin = (ctx: AdminContext) => requireSigner(ctx, "isAdmin", "not the consortium admin");
/** Pausing is also open to guardians (under governance), who may never unpause. */
const requirePauser = (ctx: AdminContext) =>
  requireSigner(ctx, "isPauser", "neither the consortium admin nor a guardian");

export async function admitOrganisation(ctx: AdminContext, gln: bigint, roles: RoleName[], account: string) {
  await requireAdmin(ctx);
  return ctx.send("admitOrganisation", `admit ${text(gln)} as ${roles.join(", ")} with ${account}`, (s) =>
    s.directory.admitOrganisation({ gln, roles, account }),
  );
}

export async function suspendOrganisation(ctx: AdminContext, gln: bigint) {
  await requireAdmin(ctx);
  return ctx.send("suspendOrganisation", `suspend ${text(gln)}`, (s) => s.directory.suspendOrganisation({ gln }));
}

export async function reactivateOrganisation(ctx: AdminContext, gln: bigint) {
  await requireAdmin(ctx);
  return ctx.send("reactivateOrganisation", `reactivate ${text(gln)}`, (s) =>
    s.directory.reactivateOrganisation({ gln }),
  );
}

export async function addAccount(ctx: AdminContext, gln: bigint, account: string) {
  await requireAdmin(ctx);
  return ctx.send("addAccount", `add account ${account} to ${text(gln)}`, (s) =>
    s.directory.addAccount({ gln, account }),
  );
}

export async function removeAccount(ctx: AdminContext, account: string) {
  await requireAdmin(ctx);
  return ctx.send("removeAccount", `remove account ${account}`, (s) => s.directory.removeAccount({ account }));
}

export async function grantRole(ctx: AdminContext, gln: bigint, role: RoleName) {
  await requireAdmin(ctx);
  return ctx.send("grantOrganisationRole", `grant ${role} to ${text(gln)}`, (s) =>
    s.directory.grantOrganisationRole({ gln, role }),
  );
}

export async function revokeRole(ctx: AdminContext, gln: bigint, role: RoleName) {
  await requireAdmin(ctx);
  return ctx.send("revokeOrganisationRole", `revoke ${role} from ${text(gln)}`, (s) =>
    s.directory.revokeOrganisationRole({ gln, role }),
  );
}

export async function assignPrefix(ctx: AdminContext, gln: bigint, prefix: string) {
  await requireAdmin(ctx);
  return ctx.send("assignCompanyPrefix", `assign company prefix ${prefix} to ${text(gln)}`, (s) =>
    s.directory.assignCompanyPrefix({ gln, prefix }),
  );
}

export async function beginAdminTransfer(ctx: AdminContext, newAdmin: string) {
  await requireAdmin(ctx);
  const { directory } = ctx.client.contracts;
  const [pending] = await directory.pendingDefaultAdmin();
  if (pending === newAdmin) refuse("--new-admin", newAdmin, `the admin transfer to ${newAdmin} is already pending`);
  const delay = await directory.defaultAdminDelay();
  return ctx.send("beginDefaultAdminTransfer", `begin the admin transfer to ${newAdmin} (delay ${delay} s)`, (s) =>
    s.directory.beginDefaultAdminTransfer({ newAdmin }),
  );
}

export async function acceptAdminTransfer(ctx: AdminContext) {
  const [pending, schedule] = await ctx.client.contracts.directory.pendingDefaultAdmin();
  if (pending !== ctx.signerAddress) {
    refuse(
      "signer",
      ctx.signerAddress,
      `no admin transfer to ${ctx.signerAddress} is pending (pending admin: ${pending})`,
    );
  }
  const now = BigInt((await ctx.signer.provider!.getBlock("latest"))!.timestamp);
  if (now <= schedule) {
    const at = new Date(Number(schedule) * 1000).toISOString();
    refuse(
      "signer",
      ctx.signerAddress,
      `the admin transfer to ${ctx.signerAddress} can be accepted after ${at} (${schedule - now} s from now)`,
    );
  }
  return ctx.send("acceptDefaultAdminTransfer", `accept the admin transfer to ${ctx.signerAddress}`, (s) =>
    s.directory.acceptDefaultAdminTransfer(),
  );
}

export async function cancelAdminTransfer(ctx: AdminContext) {
  await requireAdmin(ctx);
  const [pending, schedule] = await ctx.client.contracts.directory.pendingDefaultAdmin();
  if (schedule === 0n) refuse("pendingDefaultAdmin", pending, "no admin transfer is pending");
  return ctx.send("cancelDefaultAdminTransfer", `cancel the admin transfer to ${pending}`, (s) =>
    s.directory.cancelDefaultAdminTransfer(),
  );
}

/** Pauses (or unpauses) every contract not already in that state; returns the names acted on. */
export async function setPaused(ctx: AdminContext, paused: boolean): Promise<string[]> {
  await (paused ? requirePauser(ctx) : requireAdmin(ctx));
  const method = paused ? "pause" : "unpause";
  const acted: string[] = [];
  for (const name of CONTRACT_NAMES) {
    const key = CONTRACT_KEYS[name];
    if ((await ctx.client.contracts[key].paused()) === paused) {
      ctx.log(`${name} is already ${paused ? "paused" : "unpaused"}`);
      continue;
    }
    await ctx.send(method, `${method} ${name}`, (s) => s[key][method]());
    acted.push(name);
  }
  return acted;
}
