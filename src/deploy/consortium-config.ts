import { readFileSync } from "node:fs";
import { checksummedAddress, glnProblem } from "./arguments";
import { PermanentDeployError } from "./errors";
import { parseGovernanceConfig, type GovernanceConfig } from "./governance-config";
import { parseRoleName, ROLE_NAMES, type RoleName } from "./roles";

/** Most signing accounts one organisation may have (ConsortiumDirectory.MAX_ACCOUNTS_PER_ORGANISATION). */
export const MAX_ACCOUNTS_PER_ORGANISATION = 16;
/** Largest delay the directory's `uint48` admin-transfer delay can hold. */
const MAX_DELAY = 2n ** 48n - 1n;

/** One organisation to admit, as the consortium config describes it. */
export interface OrganisationConfig {
  /** Label for people; never goes on-chain. */
  name?: string;
  /** The GLN as written in the config (13 digits, leading zeros kept). */
  glnText: string;
  gln: bigint;
  roles: RoleName[];
  /** Checksummed; the first is the account the organisation is admitted with. */
  accounts: string[];
  companyPrefixes: string[];
  /** The QBFT validator node the organisation runs (ConsortiumDirectory.setOrganisationValidator). */
  validator?: string;
}

/** The consortium a deployment bootstraps (see docs/deploying-to-besu.md for the file format). */
export interface ConsortiumConfig {
  /** Ignition parameter `adminTransferDelay`, in seconds; fixed at the first deployment. */
  adminTransferDelay?: bigint;
  /** When set and not the deployer: after the bootstrap, the admin transfer to this account is begun. */
  admin?: string;
  organisations: OrganisationConfig[];
  /** The governor's and timelock's parameters, used by `npm run deploy -- --governance`. */
  governance?: GovernanceConfig;
}

const ROOT_KEYS = ["$schema", "description", "adminTransferDelaySeconds", "admin", "organisations", "governance"];
const ORGANISATION_KEYS = ["name", "gln", "roles", "accounts", "companyPrefixes", "validator"];

/** Checks a parsed consortium config; every error is one line naming the source, the field and the value. */
export function parseConsortiumConfig(value: unknown, source = "config"): ConsortiumConfig {
  const fail = (field: string, shown: unknown, message: string): never => {
    const text = typeof shown === "string" ? shown : (JSON.stringify(shown) ?? String(shown));
    throw new PermanentDeployError("CONFIG", field, text, `${source} ${field}: ${message}`);
  };
  const quote = (v: unknown) => JSON.stringify(v);
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  const checkKeys = (obj: Record<string, unknown>, allowed: string[], where: string) => {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) fail(`${where}${key}`, key, `unknown field (expected ${allowed.join(", ")})`);
    }
  };
  const address = (raw: unknown, field: string): string =>
    typeof raw === "string"
      ? checksummedAddress(raw, (problem) => fail(field, raw, problem))
      : fail(field, raw, `${quote(raw)} is not an address`);

  if (!isObject(value)) return fail("(root)", value, "must be a JSON object");
  checkKeys(value, ROOT_KEYS, "");

  let adminTransferDelay: bigint | undefined;
  if (value.adminTransferDelaySeconds !== undefined) {
    const raw = value.adminTransferDelaySeconds;
    if (!Number.isSafeInteger(raw) || (raw as number) < 0 || BigInt(raw as number) > MAX_DELAY) {
      fail("adminTransferDelaySeconds", raw, `${quote(raw)} is not a whole number of seconds (0 to 2^48-1)`);
    }
    adminTransferDelay = BigInt(raw as number);
  }
  const admin = value.admin === undefined ? undefined : address(value.admin, "admin");
  if (value.governance !== undefined && !isObject(value.governance)) {
    fail("governance", value.governance, "must be an object");
  }
  const governance = isObject(value.governance) ? parseGovernanceConfig(value.governance, fail, address) : undefined;
  const validatorOwner = new Map<string, string>();

  if (!Array.isArray(value.organisations)) return fail("organisations", value.organisations, "must be an array");
  const organisations: OrganisationConfig[] = [];
  const glnOwner = new Map<string, string>();
  const accountOwner = new Map<string, string>();
  const prefixOwner = new Map<string, string>();

  value.organisations.forEach((raw: unknown, i: number) => {
    const at = `organisations[${i}]`;
    if (!isObject(raw)) return fail(at, raw, "must be an object");
    checkKeys(raw, ORGANISATION_KEYS, `${at}.`);
    if (raw.name !== undefined && typeof raw.name !== "string") fail(`${at}.name`, raw.name, "must be a string");

    const glnText = raw.gln;
    if (typeof glnText !== "string")
      return fail(`${at}.gln`, glnText, `${quote(glnText)} is not a GLN (a string of 13 digits)`);
    const problem = glnProblem(glnText);
    if (problem) fail(`${at}.gln`, glnText, problem);
    const glnTaken = glnOwner.get(glnText);
    if (glnTaken) fail(`${at}.gln`, glnText, `duplicate GLN "${glnText}" (also ${glnTaken})`);
    glnOwner.set(glnText, at);

    if (!Array.isArray(raw.roles) || raw.roles.length === 0) {
      return fail(`${at}.roles`, raw.roles, "must be a non-empty array of role names");
    }
    const roles: RoleName[] = [];
    raw.roles.forEach((name: unknown, j: number) => {
      const role = typeof name === "string" ? parseRoleName(name) : undefined;
      if (!role)
        fail(`${at}.roles[${j}]`, name, `unknown role ${quote(name)} (expected one of ${ROLE_NAMES.join(", ")})`);
      if (roles.includes(role!)) fail(`${at}.roles[${j}]`, name, `duplicate role ${quote(name)}`);
      roles.push(role!);
    });

    if (!Array.isArray(raw.accounts) || raw.accounts.length === 0) {
      return fail(`${at}.accounts`, raw.accounts, "must be a non-empty array of addresses (the first admits it)");
    }
    if (raw.accounts.length > MAX_ACCOUNTS_PER_ORGANISATION) {
      fail(
        `${at}.accounts`,
        raw.accounts.length,
        `${raw.accounts.length} accounts, at most ${MAX_ACCOUNTS_PER_ORGANISATION}`,
      );
    }
    const accounts = raw.accounts.map((entry: unknown, j: number) => {
      const account = address(entry, `${at}.accounts[${j}]`);
      const taken = accountOwner.get(account.toLowerCase());
      if (taken) fail(`${at}.accounts[${j}]`, account, `duplicate account ${account} (also ${taken})`);
      accountOwner.set(account.toLowerCase(), `${at}.accounts[${j}]`);
      return account;
    });

    const rawPrefixes = raw.companyPrefixes ?? [];
    if (!Array.isArray(rawPrefixes)) return fail(`${at}.companyPrefixes`, rawPrefixes, "must be an array");
    if (rawPrefixes.length > 0 && !roles.includes("Manufacturer")) {
      fail(
        `${at}.companyPrefixes`,
        rawPrefixes,
        "only an organisation with the Manufacturer role may hold company prefixes",
      );
    }
    const companyPrefixes = rawPrefixes.map((prefix: unknown, j: number) => {
      const field = `${at}.companyPrefixes[${j}]`;
      if (typeof prefix !== "string" || !/^[0-9]{4,12}$/.test(prefix)) {
        return fail(field, prefix, `${quote(prefix)} is not a GS1 company prefix (a string of 4 to 12 digits)`);
      }
      for (const [other, owner] of prefixOwner) {
        if (other === prefix) fail(field, prefix, `duplicate company prefix "${prefix}" (also ${owner})`);
        if (other.startsWith(prefix) || prefix.startsWith(other)) {
          fail(field, prefix, `company prefix "${prefix}" overlaps "${other}" (${owner})`);
        }
      }
      prefixOwner.set(prefix, field);
      return prefix;
    });

    let validator: string | undefined;
    if (raw.validator !== undefined) {
      validator = address(raw.validator, `${at}.validator`);
      const taken = validatorOwner.get(validator);
      if (taken) fail(`${at}.validator`, validator, `duplicate validator ${validator} (also ${taken})`);
      validatorOwner.set(validator, `${at}.validator`);
    }

    organisations.push({
      ...(raw.name === undefined ? {} : { name: raw.name as string }),
      ...(validator === undefined ? {} : { validator }),
      glnText,
      gln: BigInt(glnText),
      roles,
      accounts,
      companyPrefixes,
    });
  });

  return { adminTransferDelay, admin, organisations, ...(governance ? { governance } : {}) };
}

/** Reads and checks a consortium config file. */
export function readConsortiumConfig(path: string): ConsortiumConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new PermanentDeployError("CONFIG", "(file)", path, `config ${path}: cannot read it (${reason})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PermanentDeployError("CONFIG", "(file)", path, `config ${path}: not JSON (${(error as Error).message})`);
  }
  return parseConsortiumConfig(parsed, `config ${path}`);
}
