import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  CONTRACT_NAMES,
  GOVERNANCE_NAMES,
  parseManifest,
  type DeployedContract,
  type DeployedName,
  type Manifest,
} from "../manifest";

/** `deployments/<network>.json` under `dir`. */
export const manifestPathFor = (dir: string, network: string): string => path.join(dir, `${network}.json`);

/**
 * The manifest of a deployment, contracts in their canonical order (the six, then the governance pair when deployed),
 * checked by the shared reader.
 */
export function buildManifest(
  chainId: number,
  deploymentId: string,
  contracts: Partial<Record<DeployedName, DeployedContract>>,
): Manifest {
  const names = [...CONTRACT_NAMES, ...GOVERNANCE_NAMES].filter((name) => contracts[name] !== undefined);
  const ordered = Object.fromEntries(
    names.map((name) => [name, { address: contracts[name]!.address, blockNumber: contracts[name]!.blockNumber }]),
  );
  return parseManifest({ chainId, deploymentId, contracts: ordered });
}

export const manifestText = (manifest: Manifest): string => `${JSON.stringify(manifest, null, 2)}\n`;

/**
 * Writes the manifest unless the file already holds exactly this text (a re-run leaves it untouched, mtime
 * included). Writes a temporary file and renames it, so readers never see half a manifest. True when written.
 */
export function writeManifestIfChanged(file: string, manifest: Manifest): boolean {
  const text = manifestText(manifest);
  if (existsSync(file) && readFileSync(file, "utf8") === text) return false;
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
  return true;
}
