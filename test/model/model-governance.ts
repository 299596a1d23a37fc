import { ethers } from "hardhat";
import { emit, whenNotPaused } from "./model-core";
import { onlyAdmin, requireOrg } from "./model-directory";
import { ORG, revert, type Ctx, type ModelState } from "./types";

/** The directory's governance hooks as the model states them: guardians, validators, the network rules and votes. */

export const GUARDIAN_ROLE = ethers.id("GUARDIAN_ROLE");

/** OpenZeppelin `grantRole` / `revokeRole` of GUARDIAN_ROLE (admin only, open while paused, silent when no change). */
export function setGuardian(s: ModelState, ctx: Ctx, account: string, grant: boolean): void {
  onlyAdmin(s, ctx);
  ctx.touched.network = true;
  if (grant === s.guardians.has(account)) return;
  if (grant) s.guardians.add(account);
  else s.guardians.delete(account);
  emit(ctx, "directory", grant ? "RoleGranted" : "RoleRevoked", GUARDIAN_ROLE, account, ctx.sender);
}

/** `setOrganisationValidator(gln, validator)`: zero clears; one organisation per address. */
export function setValidator(s: ModelState, ctx: Ctx, gln: bigint, validator: string): void {
  onlyAdmin(s, ctx);
  whenNotPaused(s, "directory");
  ctx.touched.network = true;
  requireOrg(s, gln);
  const previous = s.validators.get(gln) ?? ethers.ZeroAddress;
  if (previous === validator) revert("DirectoryValidatorUnchanged", gln, validator);
  const holder = [...s.validators].find(([, v]) => v === validator);
  if (holder) revert("DirectoryValidatorInUse", validator, holder[0]);
  if (validator === ethers.ZeroAddress) s.validators.delete(gln);
  else s.validators.set(gln, validator);
  emit(ctx, "directory", "OrganisationValidatorChanged", gln, previous, validator, ctx.sender);
}

const isActive = (s: ModelState, gln: bigint | undefined): boolean =>
  gln !== undefined && s.orgs.get(gln)?.status === ORG.Active;

/** `transactionAllowed`: an account of an active organisation, the admin or a guardian. */
export const transactionAllowed = (s: ModelState, sender: string): boolean =>
  isActive(s, s.accounts.get(sender)) || sender === s.admin || s.guardians.has(sender);

/** `getVotes`: 1 for an account of an active organisation. */
export const votesOf = (s: ModelState, account: string): bigint => (isActive(s, s.accounts.get(account)) ? 1n : 0n);

/** `getValidators`, sorted (the contract's order is unspecified). */
export const validatorsOf = (s: ModelState): string[] =>
  [...s.validators]
    .filter(([gln]) => isActive(s, gln))
    .map(([, v]) => v.toLowerCase())
    .sort();
