import { readFileSync } from "node:fs";
import { fieldErrorBase, PermanentError } from "./errors";

/** The contracts of one deployment, by name. */
export const CONTRACT_NAMES = [
  "ConsortiumDirectory",
  "ProductRegistry",
  "DeviceRegistry",
  "DeviceLifecycle",
  "RecallRegistry",
  "DataAnchorRegistry",
] as const;

export type ContractName = (typeof CONTRACT_NAMES)[number];

/** The governance contracts a `--governance` deployment adds: the timelock holds every admin role, the governor proposes to it. */
export const GOVERNANCE_NAMES = ["ConsortiumTimelock", "ConsortiumGovernor"] as const;

export type GovernanceName = (typeof GOVERNANCE_NAMES)[number];

/** Any contract a manifest may list. */
export type DeployedName = ContractName | GovernanceName;

/** Where one contract lives and the block it was deployed in (the indexer starts there). */
export interface DeployedContract {
  address: string;
  blockNumber: number;
}

/**
 * The deployment manifest, `deployments/<network>.json`: the one file the SDK, the indexer and integrators read.
 */
export interface Manifest {
  chainId: number;
  deploymentId: string;
  /** The six contracts, and the governance pair when the deployment has one (both or neither). */
  contracts: Record<ContractName, DeployedContract> & Partial<Record<GovernanceName, DeployedContract>>;
}

/** The governance contracts of a manifest, or undefined when it was deployed without `--governance`. */
export const governanceOf = (manifest: Manifest): Record<GovernanceName, DeployedContract> | undefined =>
  manifest.contracts.ConsortiumGovernor && manifest.contracts.ConsortiumTimelock
    ? {
        ConsortiumTimelock: manifest.contracts.ConsortiumTimelock,
        ConsortiumGovernor: manifest.contracts.ConsortiumGovernor,
      }
    : undefined;

/** Every contract the manifest lists, the six first. */
export const deployedNames = (manifest: Manifest): DeployedName[] =>
  governanceOf(manifest) ? [...CONTRACT_NAMES, ...GOVERNANCE_NAMES] : [...CONTRACT_NAMES];

/** A manifest that is missing, unreadable or malformed; names the field and why (the value is in `details`). */
export class ManifestError extends fieldErrorBase(
  PermanentError,
  (field, _value, reason) => `manifest ${field}: ${reason}`,
) {
  readonly code = "MANIFEST";
}

const isAddress = (value: unknown): value is string => typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value);
const isBlock = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** Checks the shape of a parsed manifest and returns it typed. */
export function parseManifest(value: unknown): Manifest {
  if (typeof value !== "object" || value === null) throw new ManifestError("(root)", value, "must be a JSON object");
  const raw = value as Record<string, unknown>;
  if (!Number.isSafeInteger(raw.chainId) || (raw.chainId as number) <= 0) {
    throw new ManifestError("chainId", raw.chainId, "must be a positive integer");
  }
  if (typeof raw.deploymentId !== "string" || raw.deploymentId === "") {
    throw new ManifestError("deploymentId", raw.deploymentId, "must be a non-empty string");
  }
  if (typeof raw.contracts !== "object" || raw.contracts === null) {
    throw new ManifestError("contracts", raw.contracts, "must be an object");
  }
  const contracts = raw.contracts as Record<string, Record<string, unknown> | undefined>;
  const governance = GOVERNANCE_NAMES.filter((name) => contracts[name] !== undefined);
  if (governance.length === 1) {
    const missing = GOVERNANCE_NAMES.find((name) => !governance.includes(name))!;
    throw new ManifestError(
      `contracts.${missing}`,
      undefined,
      `is missing (a governed deployment lists both ${GOVERNANCE_NAMES.join(" and ")})`,
    );
  }
  for (const name of [...CONTRACT_NAMES, ...governance]) {
    const entry = contracts[name];
    if (!entry) throw new ManifestError(`contracts.${name}`, entry, "is missing");
    if (!isAddress(entry.address))
      throw new ManifestError(`contracts.${name}.address`, entry.address, "must be a 0x address");
    if (!isBlock(entry.blockNumber)) {
      throw new ManifestError(`contracts.${name}.blockNumber`, entry.blockNumber, "must be a non-negative integer");
    }
  }
  return raw as unknown as Manifest;
}

/** Reads and checks a manifest file. */
export function readManifest(path: string): Manifest {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ManifestError("(file)", path, `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ManifestError("(file)", path, `${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseManifest(parsed);
}
