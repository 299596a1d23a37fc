import { Role } from "../contracts/generated/facts";

/** An organisation role a member may hold: `IConsortiumDirectory.Role` without its unset `None`. */
export type RoleName = Exclude<keyof typeof Role, "None">;

/** Organisation roles by name (bit `value` of an organisation's role mask), from the generated contract facts. */
export const ROLE_VALUES: Readonly<Record<RoleName, number>> = (({ None: _none, ...roles }) => roles)(Role);

export const ROLE_NAMES = Object.keys(ROLE_VALUES) as RoleName[];

const normalise = (name: string): string => name.replace(/[\s_-]/g, "").toLowerCase();
const BY_NORMALISED = new Map(ROLE_NAMES.map((name) => [normalise(name), name]));

/**
 * The role a name stands for, in any case and with or without separators ("HealthcareProvider",
 * "HEALTHCARE_PROVIDER", "healthcare-provider"); undefined when it names none.
 */
export const parseRoleName = (name: string): RoleName | undefined => BY_NORMALISED.get(normalise(name));

/** The role mask of a set of roles. */
export const roleMask = (roles: readonly RoleName[]): number => roles.reduce((m, r) => m | (1 << ROLE_VALUES[r]), 0);

/** The roles of a role mask, in enum order. */
export const rolesOfMask = (mask: number): RoleName[] => ROLE_NAMES.filter((r) => (mask & (1 << ROLE_VALUES[r])) !== 0);
