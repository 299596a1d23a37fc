import { ethers } from "hardhat";
import { isCompanyPrefix, isGln } from "./gs1";
import { emit, whenNotPaused } from "./model-core";
import { CONTRACTS, ORG, ROLE, revert, type ContractName, type Ctx, type ModelState, type OrgRec } from "./types";

/** The directory, the consortium admin (OpenZeppelin default-admin rules), pauses and the module hooks, as the model
 * states them. Each function checks in the contract's order, then applies the change and emits. */

const ALL_ROLES = 0x7en;

export function onlyAdmin(s: ModelState, ctx: Ctx): void {
  if (ctx.sender !== s.admin) revert("AccessControlUnauthorizedAccount", ctx.sender, ethers.ZeroHash);
}

export function requireOrg(s: ModelState, gln: bigint): OrgRec {
  const rec = s.orgs.get(gln);
  if (rec === undefined) revert("DirectoryUnknownOrganisation", gln);
  return rec;
}

function requireUnbound(s: ModelState, account: string): void {
  if (account === ethers.ZeroAddress) revert("DirectoryZeroAccount");
  const gln = s.accounts.get(account);
  if (gln !== undefined) revert("DirectoryAccountInUse", account, gln);
}

function requireBound(s: ModelState, account: string): bigint {
  const gln = s.accounts.get(account);
  if (gln === undefined) revert("DirectoryUnknownAccount", account);
  return gln;
}

function roleBit(role: bigint): bigint {
  if (role === ROLE.None) revert("DirectoryInvalidRoles", 0n);
  return 1n << role;
}

function bind(s: ModelState, ctx: Ctx, gln: bigint, account: string): void {
  const rec = s.orgs.get(gln)!;
  if (rec.accounts.length === 16) revert("DirectoryTooManyAccounts", gln, 16n);
  rec.accounts.push(account);
  s.accounts.set(account, gln);
  ctx.touched.accounts.add(account);
}

/** EnumerableSet removal: the last account moves into the hole. */
function unbind(s: ModelState, ctx: Ctx, gln: bigint, account: string): void {
  const list = s.orgs.get(gln)!.accounts;
  const index = list.indexOf(account);
  const last = list.pop()!;
  if (last !== account) list[index] = last;
  s.accounts.delete(account);
  ctx.touched.accounts.add(account);
}

function adminWrite(s: ModelState, ctx: Ctx, gln?: bigint): void {
  onlyAdmin(s, ctx);
  whenNotPaused(s, "directory");
  if (gln !== undefined) ctx.touched.orgs.add(gln);
}

export function admitOrganisation(s: ModelState, ctx: Ctx, gln: bigint, roles: bigint, account: string): void {
  adminWrite(s, ctx, gln);
  ctx.touched.accounts.add(account);
  if (!isGln(gln)) revert("DirectoryInvalidGln", gln);
  if (s.orgs.has(gln)) revert("DirectoryOrganisationExists", gln);
  if (roles === 0n || (roles & ~ALL_ROLES & 0xffn) !== 0n) revert("DirectoryInvalidRoles", roles);
  requireUnbound(s, account);
  s.orgs.set(gln, { status: ORG.Active, roles, accounts: [] });
  bind(s, ctx, gln, account);
  emit(ctx, "directory", "OrganisationAdmitted", gln, roles, account, ctx.sender);
  emit(ctx, "directory", "AccountAdded", gln, account, ctx.sender);
}

export function setSuspended(s: ModelState, ctx: Ctx, gln: bigint, suspend: boolean): void {
  adminWrite(s, ctx, gln);
  const rec = requireOrg(s, gln);
  if (suspend && rec.status === ORG.Suspended) revert("DirectoryOrganisationSuspended", gln);
  if (!suspend && rec.status !== ORG.Suspended) revert("DirectoryOrganisationNotSuspended", gln);
  rec.status = suspend ? ORG.Suspended : ORG.Active;
  emit(ctx, "directory", suspend ? "OrganisationSuspended" : "OrganisationReactivated", gln, ctx.sender);
}

export function setRole(s: ModelState, ctx: Ctx, gln: bigint, role: bigint, grant: boolean): void {
  adminWrite(s, ctx, gln);
  const rec = requireOrg(s, gln);
  const bit = roleBit(role);
  if (grant && (rec.roles & bit) !== 0n) revert("DirectoryRoleAlreadyGranted", gln, role);
  if (!grant && (rec.roles & bit) === 0n) revert("DirectoryMissingRole", gln, role);
  rec.roles = grant ? rec.roles | bit : rec.roles & ~bit;
  emit(ctx, "directory", grant ? "OrganisationRoleGranted" : "OrganisationRoleRevoked", gln, role, ctx.sender);
}

export function addAccount(s: ModelState, ctx: Ctx, gln: bigint, account: string): void {
  adminWrite(s, ctx, gln);
  ctx.touched.accounts.add(account);
  requireOrg(s, gln);
  requireUnbound(s, account);
  bind(s, ctx, gln, account);
  emit(ctx, "directory", "AccountAdded", gln, account, ctx.sender);
}

export function removeAccount(s: ModelState, ctx: Ctx, account: string): void {
  adminWrite(s, ctx);
  ctx.touched.accounts.add(account);
  const gln = requireBound(s, account);
  ctx.touched.orgs.add(gln);
  unbind(s, ctx, gln, account);
  emit(ctx, "directory", "AccountRemoved", gln, account, ctx.sender);
}

export function rotateAccount(s: ModelState, ctx: Ctx, oldAccount: string, newAccount: string): void {
  whenNotPaused(s, "directory");
  ctx.touched.accounts.add(oldAccount).add(newAccount);
  if (ctx.sender !== oldAccount && ctx.sender !== s.admin) {
    revert("DirectoryUnauthorisedRotation", ctx.sender, oldAccount);
  }
  const gln = requireBound(s, oldAccount);
  ctx.touched.orgs.add(gln);
  requireUnbound(s, newAccount);
  unbind(s, ctx, gln, oldAccount);
  bind(s, ctx, gln, newAccount);
  emit(ctx, "directory", "AccountRotated", gln, oldAccount, newAccount, ctx.sender);
}

export function assignCompanyPrefix(s: ModelState, ctx: Ctx, gln: bigint, prefix: string): void {
  adminWrite(s, ctx, gln);
  ctx.touched.prefixes = true;
  const rec = requireOrg(s, gln);
  if ((rec.roles & (1n << ROLE.Manufacturer)) === 0n) revert("DirectoryMissingRole", gln, ROLE.Manufacturer);
  if (!isCompanyPrefix(prefix)) revert("DirectoryInvalidCompanyPrefix", prefix);
  const owner = s.prefixes.get(prefix);
  if (owner !== undefined) revert("DirectoryCompanyPrefixTaken", prefix, owner);
  // GS1 never allocates a prefix that starts another, or is started by one.
  for (const assigned of s.prefixes.keys()) {
    if (assigned.startsWith(prefix) || prefix.startsWith(assigned)) revert("DirectoryCompanyPrefixOverlaps", prefix);
  }
  s.prefixes.set(prefix, gln);
  emit(ctx, "directory", "CompanyPrefixAssigned", gln, prefix, ctx.sender);
}

export function revokeCompanyPrefix(s: ModelState, ctx: Ctx, prefix: string): void {
  adminWrite(s, ctx);
  ctx.touched.prefixes = true;
  if (!isCompanyPrefix(prefix)) revert("DirectoryInvalidCompanyPrefix", prefix);
  const gln = s.prefixes.get(prefix);
  if (gln === undefined) revert("DirectoryUnknownCompanyPrefix", prefix);
  s.prefixes.delete(prefix);
  emit(ctx, "directory", "CompanyPrefixRevoked", gln, prefix, ctx.sender);
}

/**
 * `pause()` / `unpause()` of any contract: the admin or a guardian may pause, only the admin unpause; the directory
 * checks its own roles, the registries ask the directory.
 */
export function setPaused(s: ModelState, ctx: Ctx, contract: ContractName, pause: boolean): void {
  const allowed = ctx.sender === s.admin || (pause && s.guardians.has(ctx.sender));
  if (contract !== "directory" && !allowed) revert("ConsortiumGatedUnauthorised", ctx.sender);
  if (contract === "directory" && pause && !allowed) revert("DirectoryUnauthorisedPause", ctx.sender);
  if (contract === "directory" && !pause) onlyAdmin(s, ctx);
  if (pause && s.paused[contract]) revert("EnforcedPause");
  if (!pause && !s.paused[contract]) revert("ExpectedPause");
  s.paused[contract] = pause;
  emit(ctx, contract, pause ? "Paused" : "Unpaused", ctx.sender);
}

// ===== CONSORTIUM ADMIN (two-step transfer with a delay) =====

function cancelPending(s: ModelState, ctx: Ctx): void {
  if (s.pendingSchedule !== 0n) emit(ctx, "directory", "DefaultAdminTransferCanceled");
  s.pendingAdmin = ethers.ZeroAddress;
  s.pendingSchedule = 0n;
  s.pendingBeganAt = 0n;
}

export function beginAdminTransfer(s: ModelState, ctx: Ctx, newAdmin: string): void {
  onlyAdmin(s, ctx);
  ctx.touched.admin = true;
  cancelPending(s, ctx);
  s.pendingAdmin = newAdmin;
  s.pendingSchedule = ctx.blockTime + s.adminDelay;
  s.pendingBeganAt = s.clock;
  emit(ctx, "directory", "DefaultAdminTransferScheduled", newAdmin, s.pendingSchedule);
}

export function cancelAdminTransfer(s: ModelState, ctx: Ctx): void {
  onlyAdmin(s, ctx);
  ctx.touched.admin = true;
  cancelPending(s, ctx);
}

export function acceptAdminTransfer(s: ModelState, ctx: Ctx): void {
  ctx.touched.admin = true;
  if (ctx.sender !== s.pendingAdmin) revert("AccessControlInvalidDefaultAdmin", ctx.sender);
  if (s.clock <= s.pendingBeganAt + s.adminDelay) revert("AccessControlEnforcedDefaultAdminDelay", s.pendingSchedule);
  emit(ctx, "directory", "RoleRevoked", ethers.ZeroHash, s.admin, ctx.sender);
  emit(ctx, "directory", "RoleGranted", ethers.ZeroHash, s.pendingAdmin, ctx.sender);
  s.admin = s.pendingAdmin;
  s.pendingAdmin = ethers.ZeroAddress;
  s.pendingSchedule = 0n;
  s.pendingBeganAt = 0n;
}

// ===== MODULE HOOKS AND WIRING: nobody but the wired modules (and, once, the deployer) =====

export function callHook(s: ModelState, ctx: Ctx): void {
  whenNotPaused(s, "devices");
  revert("DeviceRegistryUnauthorisedModule", ctx.sender);
}

export function wireModules(_s: ModelState, ctx: Ctx): void {
  revert("DeviceRegistryWiringClosed", ctx.sender);
}

export const PAUSABLE: readonly ContractName[] = CONTRACTS;
