import { getAddress, ZeroHash } from "ethers";
import { enumValue, Role, type EnumMember } from "../enums";
import { SdkInputError } from "../errors";
import { toGln, type GlnInput } from "../inputs";
import { plain } from "../operation";
import type { TxContext } from "../transact";
import { pauseOperations } from "./shared";

/** An organisation role by name (`"Manufacturer"`) or value. */
export type RoleInput = EnumMember<"Role"> | number;

const address = (value: string, field: string): string => {
  try {
    return getAddress(value);
  } catch {
    throw new SdkInputError(field, value, "must be a 0x address");
  }
};

/** The bit mask of a list of roles (bit `uint8(role)`), as the directory stores it. */
export function roleMask(roles: readonly RoleInput[]): number {
  if (roles.length === 0) throw new SdkInputError("roles", roles, "needs at least one role");
  return roles.reduce<number>((mask, role) => {
    const value = enumValue("Role", role);
    if (value === Role.None) throw new SdkInputError("roles", role, "None is not a role");
    return mask | (1 << value);
  }, 0);
}

/** The consortium directory's operations (consortium admin, except rotating one's own account). */
export function directoryOperations(ctx: TxContext) {
  const { directory } = ctx.contracts;
  const roleOf = (role: RoleInput) => {
    try {
      return enumValue("Role", role);
    } catch (error) {
      throw new SdkInputError("role", role, (error as Error).message);
    }
  };
  return {
    admitOrganisation: plain(async (a: { gln: GlnInput; roles: RoleInput[]; account: string }) =>
      directory.admitOrganisation.populateTransaction(toGln(a.gln), roleMask(a.roles), address(a.account, "account")),
    ),
    suspendOrganisation: plain(async (a: { gln: GlnInput }) =>
      directory.suspendOrganisation.populateTransaction(toGln(a.gln)),
    ),
    reactivateOrganisation: plain(async (a: { gln: GlnInput }) =>
      directory.reactivateOrganisation.populateTransaction(toGln(a.gln)),
    ),
    grantOrganisationRole: plain(async (a: { gln: GlnInput; role: RoleInput }) =>
      directory.grantOrganisationRole.populateTransaction(toGln(a.gln), roleOf(a.role)),
    ),
    revokeOrganisationRole: plain(async (a: { gln: GlnInput; role: RoleInput }) =>
      directory.revokeOrganisationRole.populateTransaction(toGln(a.gln), roleOf(a.role)),
    ),
    addAccount: plain(async (a: { gln: GlnInput; account: string }) =>
      directory.addAccount.populateTransaction(toGln(a.gln), address(a.account, "account")),
    ),
    removeAccount: plain(async (a: { account: string }) =>
      directory.removeAccount.populateTransaction(address(a.account, "account")),
    ),
    rotateAccount: plain(async (a: { oldAccount: string; newAccount: string }) =>
      directory.rotateAccount.populateTransaction(
        address(a.oldAccount, "oldAccount"),
        address(a.newAccount, "newAccount"),
      ),
    ),
    assignCompanyPrefix: plain(async (a: { gln: GlnInput; prefix: string }) => {
      if (!/^[0-9]{4,12}$/.test(a.prefix)) throw new SdkInputError("prefix", a.prefix, "must be 4 to 12 digits");
      return directory.assignCompanyPrefix.populateTransaction(toGln(a.gln), a.prefix);
    }),
    revokeCompanyPrefix: plain(async (a: { prefix: string }) =>
      directory.revokeCompanyPrefix.populateTransaction(a.prefix),
    ),
    beginDefaultAdminTransfer: plain(async (a: { newAdmin: string }) =>
      directory.beginDefaultAdminTransfer.populateTransaction(address(a.newAdmin, "newAdmin")),
    ),
    acceptDefaultAdminTransfer: plain(async (_a: void) => directory.acceptDefaultAdminTransfer.populateTransaction()),
    cancelDefaultAdminTransfer: plain(async (_a: void) => directory.cancelDefaultAdminTransfer.populateTransaction()),
    changeDefaultAdminDelay: plain(async (a: { newDelay: bigint | number }) =>
      directory.changeDefaultAdminDelay.populateTransaction(a.newDelay),
    ),
    rollbackDefaultAdminDelay: plain(async (_a: void) => directory.rollbackDefaultAdminDelay.populateTransaction()),
    /** AccessControl passthroughs; the directory's only role is DEFAULT_ADMIN_ROLE (0x00…), moved by the two steps. */
    grantRole: plain(async (a: { role?: string; account: string }) =>
      directory.grantRole.populateTransaction(a.role ?? ZeroHash, address(a.account, "account")),
    ),
    revokeRole: plain(async (a: { role?: string; account: string }) =>
      directory.revokeRole.populateTransaction(a.role ?? ZeroHash, address(a.account, "account")),
    ),
    renounceRole: plain(async (a: { role?: string; account: string }) =>
      directory.renounceRole.populateTransaction(a.role ?? ZeroHash, address(a.account, "account")),
    ),
    /** Emergency guardians (under governance): may pause every contract at once, never unpause, admit or grant. */
    grantGuardian: plain(async (a: { account: string }) =>
      directory.grantRole.populateTransaction(await directory.GUARDIAN_ROLE(), address(a.account, "account")),
    ),
    revokeGuardian: plain(async (a: { account: string }) =>
      directory.revokeRole.populateTransaction(await directory.GUARDIAN_ROLE(), address(a.account, "account")),
    ),
    /** The QBFT validator node an organisation runs (`getValidators`); the zero address clears it. */
    setOrganisationValidator: plain(async (a: { gln: GlnInput; validator: string }) =>
      directory.setOrganisationValidator.populateTransaction(toGln(a.gln), address(a.validator, "validator")),
    ),
    ...pauseOperations(directory),
  };
}
