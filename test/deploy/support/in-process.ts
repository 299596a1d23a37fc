import path from "node:path";
import hre from "hardhat";
import type { ConsortiumDirectory } from "../../../typechain-types";
import { parseConsortiumConfig, type ConsortiumConfig } from "../../../src/deploy/consortium-config";
import { deployUdiLedger, type DeployOutcome } from "../../../src/deploy/deploy-udi-ledger";
import { tempDir } from "./consortium";

export interface InProcessDeployment extends DeployOutcome {
  journalRoot: string;
  manifestPath: string;
  lines: string[];
  directory: ConsortiumDirectory;
}

/** A consortium config built from raw JSON-like values. */
export const configOf = (raw: Record<string, unknown>): ConsortiumConfig => parseConsortiumConfig(raw);

/**
 * Runs the deploy library (the code path of `npm run deploy`) on the in-process Hardhat network with its own
 * journal and manifest folders; pass `at` to run again on the same folders.
 */
export async function deployInProcess(
  config?: ConsortiumConfig,
  at?: { journalRoot: string; manifestPath: string },
  extra: { reset?: boolean; governance?: boolean; log?: (line: string) => void } = {},
): Promise<InProcessDeployment> {
  const journalRoot = at?.journalRoot ?? tempDir("journal");
  const manifestPath = at?.manifestPath ?? path.join(tempDir("manifest"), "hardhat.json");
  const lines: string[] = [];
  const outcome = await deployUdiLedger(hre, {
    config,
    journalRoot,
    manifestPath,
    confirmations: 1,
    pollingIntervalMs: 10,
    ...extra,
    log: (line) => {
      lines.push(line);
      extra.log?.(line);
    },
  });
  const directory = (await hre.ethers.getContractAt(
    "ConsortiumDirectory",
    outcome.manifest.contracts.ConsortiumDirectory.address,
  )) as unknown as ConsortiumDirectory;
  return { ...outcome, journalRoot, manifestPath, lines, directory };
}
