import type { AdminContext, Contracts } from "./admin-context";
import { PermanentDeployError } from "./errors";
import { ROLE_VALUES, roleMask, type RoleName } from "./roles";
import { CONTRACT_NAMES } from "../manifest";

/**
 * The consortium admin's operations, one per task. Each checks what it can from the chain first and stops with one
 * line (nothing sent) when the call would fail; the contract remains the authority.
 */

/** A GLN as written (13 digits, leading zeros kept). */
const text = (gln: bigint): string => gln.toString().padStart(13, "0");

const refuse = (field: string, value: string, message: string): never => {
  throw new PermanentDeployError("CONFLICT", field, value, message);
};

async function requireAdmin(ctx: AdminContext): Promise<void> {
  if (!(await ctx.directory.isAdmin(ctx.signerAddress))) {
    throw new PermanentDeployError(
      "NOT_ADMIN",
      "signer",
      ctx.signerAddress,
      `${ctx.signerAddress} is not the consortium admin`,
    );
  }
}

export async function admitOrganisation(ctx: AdminContext, gln: bigint, roles: RoleName[], account: string) {
  await requireAdmin(ctx);
  const description = `admit ${text(gln)} as ${roles.join(", ")} with ${account}`;
  return ctx.send(ctx.directory, "admitOrganisation", [gln, roleMask(roles), account], description);
}

export async function suspendOrganisation(ctx: AdminContext, gln: bigint) {
  await requireAdmin(ctx);
  return ctx.send(ctx.directory, "suspendOrganisation", [gln], `suspend ${text(gln)}`);
}

export async function reactivateOrganisation(ctx: AdminContext, gln: bigint) {
  await requireAdmin(ctx);
  return ctx.send(ctx.directory, "reactivateOrganisation", [gln], `reactivate ${text(gln)}`);
}

export async function addAccount(ctx: AdminContext, gln: bigint, account: string) {
  await requireAdmin(ctx);
  return ctx.send(ctx.directory, "addAccount", [gln, account], `add account ${account} to ${text(gln)}`);
}

export async function removeAccount(ctx: AdminContext, account: string) {
  await requireAdmin(ctx);
  return ctx.send(ctx.directory, "removeAccount", [account], `remove account ${account}`);
}

export async function grantRole(ctx: AdminContext, gln: bigint, role: RoleName) {
  await requireAdmin(ctx);
  return ctx.send(ctx.directory, "grantOrganisationRole", [gln, ROLE_VALUES[role]], `grant ${role} to ${text(gln)}`);
}

export async function revokeRole(ctx: AdminContext, gln: bigint, role: RoleName) {
  await requireAdmin(ctx);
  return ctx.send(
    ctx.directory,
    "revokeOrganisationRole",
    [gln, ROLE_VALUES[role]],
    `revoke ${role} from ${text(gln)}`,
  );
}

export async function assignPrefix(ctx: AdminContext, gln: bigint, prefix: string) {
  await requireAdmin(ctx);
  return ctx.send(
    ctx.directory,
    "assignCompanyPrefix",
    [gln, prefix],
    `assign company prefix ${prefix} to ${text(gln)}`,
  );
}

export async function beginAdminTransfer(ctx: AdminContext, newAdmin: string) {
  await requireAdmin(ctx);
  const [pending] = await ctx.directory.pendingDefaultAdmin();
  if (pending === newAdmin) refuse("--new-admin", newAdmin, `the admin transfer to ${newAdmin} is already pending`);
  const delay = await ctx.directory.defaultAdminDelay();
  return ctx.send(
    ctx.directory,
    "beginDefaultAdminTransfer",
    [newAdmin],
    `begin the admin transfer to ${newAdmin} (delay ${delay} s)`,
  );
}

export async function acceptAdminTransfer(ctx: AdminContext) {
  const [pending, schedule] = await ctx.directory.pendingDefaultAdmin();
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
  return ctx.send(ctx.directory, "acceptDefaultAdminTransfer", [], `accept the admin transfer to ${ctx.signerAddress}`);
}

export async function cancelAdminTransfer(ctx: AdminContext) {
  await requireAdmin(ctx);
  const [pending, schedule] = await ctx.directory.pendingDefaultAdmin();
  if (schedule === 0n) refuse("pendingDefaultAdmin", pending, "no admin transfer is pending");
  return ctx.send(ctx.directory, "cancelDefaultAdminTransfer", [], `cancel the admin transfer to ${pending}`);
}

/** Pauses (or unpauses) every contract not already in that state; returns the names acted on. */
export async function setPaused(ctx: AdminContext, paused: boolean): Promise<string[]> {
  await requireAdmin(ctx);
  const acted: string[] = [];
  for (const name of CONTRACT_NAMES) {
    const contract = ctx.contracts[name as keyof Contracts];
    if ((await contract.paused()) === paused) {
      ctx.log(`${name} is already ${paused ? "paused" : "unpaused"}`);
      continue;
    }
    await ctx.send(contract, paused ? "pause" : "unpause", [], `${paused ? "pause" : "unpause"} ${name}`);
    acted.push(name);
  }
  return acted;
}
