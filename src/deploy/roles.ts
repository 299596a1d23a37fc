/** Organisation roles by name, mirroring `IConsortiumDirectory.Role` (bit `value` of an organisation's role mask). */
export const ROLE_VALUES = {
  Manufacturer: 1,
  Distributor: 2,
  HealthcareProvider: 3,
  ServiceProvider: 4,
  Regulator: 5,
  DataGateway: 6,
} as const;

export type RoleName = keyof typeof ROLE_VALUES;

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
