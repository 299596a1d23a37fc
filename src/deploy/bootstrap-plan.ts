import { getAddress } from "ethers";
import type { ConsortiumDirectory } from "../../typechain-types";
import { withCheckDigit } from "../gs1";
import type { Client, Pending } from "../sdk";
import type { ConsortiumConfig, OrganisationConfig } from "./consortium-config";
import { MAX_ACCOUNTS_PER_ORGANISATION } from "./consortium-config";
import { PermanentDeployError } from "./errors";
import { ROLE_VALUES, rolesOfMask } from "./roles";

/**
 * Gas limit of each bootstrap transaction. Steps are sent back to back (each depends on the one before, so none can
 * be estimated first); the limits are the measured worst cases (16 accounts to sync, a 12-digit prefix) with margin.
 */
export const STEP_GAS = {
  admit: 300_000n,
  addAccount: 200_000n,
  grantRole: 300_000n,
  assignPrefix: 450_000n,
  beginAdminTransfer: 200_000n,
} as const;

/** The same for the steps issue 22 added: validator addresses, and the hand-over of a `--governance` deployment. */
export const GOVERNANCE_STEP_GAS = {
  setValidator: 220_000n,
  grantGuardian: 150_000n,
  completeBootstrap: 300_000n,
} as const;

export type StepKind = keyof typeof STEP_GAS | keyof typeof GOVERNANCE_STEP_GAS;

/** The fixed gas limit of a step. */
export const stepGas = (kind: StepKind): bigint =>
  kind in STEP_GAS
    ? STEP_GAS[kind as keyof typeof STEP_GAS]
    : GOVERNANCE_STEP_GAS[kind as keyof typeof GOVERNANCE_STEP_GAS];

/** The directory operations of an SDK client, sent without waiting. */
type DirectorySubmit = Client["submit"]["directory"];

/** One directory transaction the bootstrap still has to send. */
export interface BootstrapStep {
  kind: StepKind;
  description: string;
  gasLimit: bigint;
  /** Sends the step through the client's operations, with its fixed gas limit. */
  send(submit: Client["submit"]): Promise<Pending<void>>;
}

export interface BootstrapPlan {
  steps: BootstrapStep[];
  /** Differences the bootstrap reports but leaves alone (it never revokes, removes or reactivates). */
  notes: string[];
}

/** The most gas bootstrapping `config` on an empty directory can take. */
export function bootstrapGasUpperBound(config: ConsortiumConfig): bigint {
  let gas = config.admin === undefined ? 0n : STEP_GAS.beginAdminTransfer;
  for (const org of config.organisations) {
    gas += STEP_GAS.admit + BigInt(org.accounts.length - 1) * STEP_GAS.addAccount;
    gas += BigInt(org.companyPrefixes.length) * STEP_GAS.assignPrefix;
    if (org.validator !== undefined) gas += GOVERNANCE_STEP_GAS.setValidator;
  }
  return gas;
}

/** A GTIN-14 whose company-prefix digits start with `prefix` (indicator 0, zero item reference). */
const gtinUnder = (prefix: string): bigint => {
  return BigInt(withCheckDigit(`0${prefix}`.padEnd(13, "0")));
};

const label = (org: OrganisationConfig) => (org.name ? `${org.glnText} (${org.name})` : org.glnText);

const conflict = (field: string, value: string, message: string): never => {
  throw new PermanentDeployError("CONFLICT", field, value, message);
};

/**
 * Compares the config with the directory and lists the transactions that make the chain hold it: admissions,
 * missing roles, accounts and prefixes, then the admin transfer. Reads only; stops on any contradiction (an account
 * or prefix held by another organisation, the signer not being admin) before anything is sent.
 */
export async function planBootstrap(
  directory: ConsortiumDirectory,
  config: ConsortiumConfig,
  signer: string,
): Promise<BootstrapPlan> {
  const steps: BootstrapStep[] = [];
  const notes: string[] = [];
  const add = (
    kind: StepKind,
    description: string,
    send: (d: DirectorySubmit, options: { gasLimit: bigint }) => Promise<Pending<void>>,
  ) =>
    steps.push({
      kind,
      description,
      gasLimit: stepGas(kind),
      send: (s) => send(s.directory, { gasLimit: stepGas(kind) }),
    });

  for (const [i, org] of config.organisations.entries()) {
    const at = `organisations[${i}]`;
    const onChain = await directory.organisation(org.gln);
    const admitted = Number(onChain.status) !== 0;
    const unbound: string[] = [];
    for (const [j, account] of org.accounts.entries()) {
      const owner = await directory.organisationOf(account);
      if (owner === org.gln) continue;
      if (owner !== 0n) {
        conflict(
          `${at}.accounts[${j}]`,
          account,
          `account ${account} of ${label(org)} is already bound to GLN ${owner} on chain`,
        );
      }
      unbound.push(account);
    }
    const accountCount = admitted ? Number(onChain.accountCount) : 0;
    if (accountCount + unbound.length > MAX_ACCOUNTS_PER_ORGANISATION) {
      conflict(
        `${at}.accounts`,
        org.glnText,
        `${label(org)} would have ${accountCount + unbound.length} accounts, at most ${MAX_ACCOUNTS_PER_ORGANISATION}`,
      );
    }

    if (!admitted) {
      const [first, ...rest] = unbound;
      add("admit", `admit ${label(org)} as ${org.roles.join(", ")} with ${first}`, (d, options) =>
        d.admitOrganisation({ gln: org.gln, roles: org.roles, account: first }, options),
      );
      unbound.splice(0, unbound.length, ...rest);
    } else {
      const mask = Number(onChain.roles);
      if (Number(onChain.status) === 2) notes.push(`${label(org)} is suspended on chain; left suspended`);
      for (const role of org.roles) {
        if ((mask & (1 << ROLE_VALUES[role])) === 0) {
          add("grantRole", `grant ${role} to ${label(org)}`, (d, options) =>
            d.grantOrganisationRole({ gln: org.gln, role }, options),
          );
        }
      }
      const extra = rolesOfMask(mask).filter((role) => !org.roles.includes(role));
      if (extra.length > 0) notes.push(`${label(org)} also holds ${extra.join(", ")} on chain; left granted`);
    }
    for (const account of unbound) {
      add("addAccount", `add account ${account} to ${label(org)}`, (d, options) =>
        d.addAccount({ gln: org.gln, account }, options),
      );
    }

    for (const [j, prefix] of org.companyPrefixes.entries()) {
      const [owner, length] = await directory.companyPrefixOwner(gtinUnder(prefix));
      if (owner === org.gln && Number(length) === prefix.length) continue;
      if (owner !== 0n) {
        const held =
          Number(length) === prefix.length
            ? `held by GLN ${owner}`
            : `overlaps a ${length}-digit prefix of GLN ${owner}`;
        conflict(
          `${at}.companyPrefixes[${j}]`,
          prefix,
          `company prefix "${prefix}" of ${label(org)} is ${held} on chain`,
        );
      }
      add("assignPrefix", `assign company prefix ${prefix} to ${label(org)}`, (d, options) =>
        d.assignCompanyPrefix({ gln: org.gln, prefix }, options),
      );
    }

    const validator = org.validator;
    if (validator !== undefined && (!admitted || getAddress(await directory.validatorOf(org.gln)) !== validator)) {
      add("setValidator", `set ${validator} as the validator of ${label(org)}`, (d, options) =>
        d.setOrganisationValidator({ gln: org.gln, validator }, options),
      );
    }
  }

  const signerIsAdmin = await directory.isAdmin(signer);
  const newAdmin = config.admin;
  if (newAdmin !== undefined && getAddress(newAdmin) !== getAddress(signer)) {
    const current = await directory.defaultAdmin();
    const [pending, schedule] = await directory.pendingDefaultAdmin();
    if (getAddress(current) === config.admin) {
      notes.push(`${config.admin} is the consortium admin`);
    } else if (getAddress(pending) === config.admin) {
      notes.push(
        `the admin transfer to ${config.admin} is pending; it can accept from ${new Date(Number(schedule) * 1000).toISOString()}`,
      );
    } else {
      add("beginAdminTransfer", `begin the admin transfer to ${config.admin}`, (d, options) =>
        d.beginDefaultAdminTransfer({ newAdmin }, options),
      );
    }
  }

  if (steps.length > 0) {
    if (!signerIsAdmin) {
      throw new PermanentDeployError(
        "NOT_ADMIN",
        "admin",
        signer,
        `${signer} is not the consortium admin, but the bootstrap still has ${steps.length} step(s) to do (first: ${steps[0].description})`,
      );
    }
    if (await directory.paused()) {
      conflict(
        "directory",
        await directory.getAddress(),
        "the directory is paused; unpause it (npx hardhat udi unpause) before bootstrapping",
      );
    }
  }
  return { steps, notes };
}
