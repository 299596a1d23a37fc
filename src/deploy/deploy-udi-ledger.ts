import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Manifest } from "../manifest";
import { createClient } from "../sdk";
import { executeBootstrap } from "./bootstrap-execute";
import { bootstrapGasUpperBound, planBootstrap } from "./bootstrap-plan";
import { assertFunds, assertNetworkVariables, probeChainId, waitForPendingTransactions } from "./chain-checks";
import type { ConsortiumConfig } from "./consortium-config";
import { PermanentDeployError } from "./errors";
import { quoteFees } from "./fees";
import { ignitionGasEstimate } from "./gas-estimate";
import { assertGovernanceConfig, handOverToGovernance } from "./governance-deploy";
import { HANDOVER_GAS_UPPER_BOUND } from "./governance-handover";
import {
  deployedContracts,
  ignitionModule,
  journalParameters,
  manifestNames,
  readJournal,
  runIgnition,
  type JournalState,
} from "./ignition-run";
import { buildManifest, writeManifestIfChanged } from "./manifest-file";

/** Chain ids of throw-away development chains, whose journals are wiped when the chain was restarted. */
const DEV_CHAIN_IDS = [31337];

/**
 * Reads the deployment's journal and checks it against the chain: written for another chain → stop; naming contracts
 * the chain does not hold → stop, unless this is a restarted development chain or `reset`, when the journal is to be
 * wiped (returned as empty; the caller deletes it once every other check passed).
 */
async function inspectJournal(
  hre: HardhatRuntimeEnvironment,
  deploymentDir: string,
  chainId: number,
  reset: boolean,
): Promise<{ journal: JournalState; wipe: boolean }> {
  const journal = await readJournal(deploymentDir);
  const empty: JournalState = { exists: false, completed: [], addresses: {} };
  if (reset) return { journal: empty, wipe: true };
  const id = path.basename(deploymentDir);
  if (journal.exists && journal.chainId !== chainId) {
    const message = `journal ${deploymentDir} was written for chain ${journal.chainId}, not chain ${chainId}; use another --deployment-id`;
    throw new PermanentDeployError("STALE_JOURNAL", "deploymentId", id, message);
  }
  const missing: string[] = [];
  for (const [name, address] of Object.entries(journal.addresses)) {
    if ((await hre.ethers.provider.getCode(address)) === "0x") missing.push(`${name} at ${address}`);
  }
  if (missing.length === 0) return { journal, wipe: false };
  if (DEV_CHAIN_IDS.includes(chainId)) return { journal: empty, wipe: true };
  const message = `journal ${deploymentDir} records ${missing[0]} but chain ${chainId} has no code there (was the chain reset?); use --reset or another --deployment-id`;
  throw new PermanentDeployError("STALE_JOURNAL", "deploymentId", id, message);
}

/**
 * The Ignition parameters: the admin transfer delay of the config, else of the journal (else the module's default, or
 * 0 under governance: the timelock's delay already guards every admin change, and the hand-over waits for this one);
 * under governance, the governor's and the timelock's.
 */
async function ignitionParameters(
  hre: HardhatRuntimeEnvironment,
  deploymentDir: string,
  config: ConsortiumConfig | undefined,
  governance: boolean,
): Promise<Record<string, Record<string, bigint>>> {
  const udiLedger =
    config?.adminTransferDelay !== undefined
      ? { adminTransferDelay: config.adminTransferDelay }
      : await journalParameters(hre, deploymentDir);
  if (!governance || !config?.governance) return Object.keys(udiLedger).length > 0 ? { UdiLedger: udiLedger } : {};
  const g = config.governance;
  return {
    UdiLedger: { adminTransferDelay: 0n, ...udiLedger },
    Governance: {
      timelockDelay: g.timelockDelay,
      votingDelay: g.votingDelay,
      votingPeriod: g.votingPeriod,
      quorumPercent: g.quorumPercent,
    },
  };
}

export interface DeployOptions {
  /** The consortium to bootstrap; without one the deployer stays the only admin and nothing else is sent. */
  config?: ConsortiumConfig;
  /**
   * Deploy the governor and the timelock too (parameters from `config.governance`) and, once the founding members are
   * admitted, hand the admin to the timelock: the deployer keeps no role.
   */
  governance?: boolean;
  /** Ignition deployment id; `udi-ledger-<chainId>` by default. */
  deploymentId?: string;
  /** Folder of Ignition deployment folders (`ignition/deployments`). */
  journalRoot: string;
  /** Where to write the manifest; none written when undefined. */
  manifestPath?: string;
  /** Wipe this deployment's journal first and deploy a new system. */
  reset?: boolean;
  /** Blocks to wait for each transaction. */
  confirmations: number;
  /** How often Ignition polls for new blocks (default 250 ms). */
  pollingIntervalMs?: number;
  /** How long to wait for transactions of a killed run still pending (default 2 minutes). */
  pendingTimeoutMs?: number;
  log: (line: string) => void;
}

export interface DeployOutcome {
  manifest: Manifest;
  /** Ignition futures that had to run (0 on a re-run of a complete deployment). */
  futuresRun: number;
  /** Bootstrap transactions sent (with the hand-over to governance). */
  bootstrapSteps: number;
  /** Whether the manifest file was (re)written. */
  manifestWritten: boolean;
}

/**
 * Deploys the whole system through the Ignition module, bootstraps the consortium, and writes the manifest. Every
 * check (variables, RPC, chain id, journal, funds, bootstrap plan) runs before the first transaction of its stage;
 * a second run finds nothing to do and sends nothing; a run killed at any point completes when run again.
 */
export async function deployUdiLedger(hre: HardhatRuntimeEnvironment, options: DeployOptions): Promise<DeployOutcome> {
  const { log, config } = options;
  const governance = options.governance === true;
  if (governance) assertGovernanceConfig(config);
  assertNetworkVariables(hre);
  const chainId = await probeChainId(hre);
  const accounts = (await hre.network.provider.request({ method: "eth_accounts" })) as string[];
  if (accounts.length === 0) {
    throw new PermanentDeployError(
      "VARIABLE",
      "accounts",
      hre.network.name,
      `network ${hre.network.name} has no account to deploy with`,
    );
  }
  const deployer = hre.ethers.getAddress(accounts[0]);
  const deploymentId = options.deploymentId ?? `udi-ledger-${chainId}`;
  const deploymentDir = path.resolve(options.journalRoot, deploymentId);

  const { journal, wipe } = await inspectJournal(hre, deploymentDir, chainId, options.reset === true);
  await waitForPendingTransactions(hre, deployer, options.pendingTimeoutMs ?? 120_000, log);
  const fees = await quoteFees(hre.network.provider, hre.network.config.gasPrice);
  const { futureIds } = await ignitionModule(governance);
  const remaining = futureIds.filter((id) => !journal.completed.includes(id));
  if (remaining.length > 0) {
    const bootstrap = (config ? bootstrapGasUpperBound(config) : 0n) + (governance ? HANDOVER_GAS_UPPER_BOUND : 0n);
    const gas = (await ignitionGasEstimate(hre, remaining)) + bootstrap;
    await assertFunds(
      hre,
      deployer,
      gas,
      fees.maxPricePerGas,
      `the deployment (${remaining.length} Ignition futures and the bootstrap)`,
    );
  }
  if (wipe && existsSync(deploymentDir)) {
    log(`wiping journal ${deploymentDir}${options.reset ? "" : " (the development chain was restarted)"}`);
    rmSync(deploymentDir, { recursive: true, force: true });
  }
  log(`network ${hre.network.name} (chain ${chainId}), deployer ${deployer}, deployment ${deploymentId}`);
  log(
    remaining.length > 0
      ? `ignition: ${remaining.length} of ${futureIds.length} futures to run`
      : "ignition: journal complete, nothing to deploy",
  );
  const parameters = await ignitionParameters(hre, deploymentDir, config, governance);
  await runIgnition(hre, {
    deploymentDir,
    governance,
    parameters,
    confirmations: options.confirmations,
    pollingIntervalMs: options.pollingIntervalMs ?? 250,
    log,
  });
  const manifest = buildManifest(
    chainId,
    deploymentId,
    await deployedContracts(hre, deploymentDir, manifestNames(governance)),
  );

  let bootstrapSteps = 0;
  if (config) {
    const client = createClient({
      runner: await hre.ethers.getSigner(deployer),
      manifest,
      confirmations: options.confirmations,
      fees: async () => fees.overrides,
    });
    const plan = await planBootstrap(client.contracts.directory, config, deployer);
    plan.notes.forEach((note) => log(`bootstrap: note: ${note}`));
    if (plan.steps.length > 0) {
      const gas = plan.steps.reduce((sum, step) => sum + step.gasLimit, 0n);
      await assertFunds(hre, deployer, gas, fees.maxPricePerGas, `the bootstrap (${plan.steps.length} transactions)`);
      log(`bootstrap: ${plan.steps.length} transaction(s) to send`);
      await executeBootstrap(client, plan, log);
    } else {
      log("bootstrap: the chain already holds the config, nothing to send");
    }
    bootstrapSteps = plan.steps.length;
    if (governance) {
      bootstrapSteps += await handOverToGovernance(hre, client, config, deployer, fees.maxPricePerGas, log);
    }
  }

  let manifestWritten = false;
  if (options.manifestPath) {
    manifestWritten = writeManifestIfChanged(options.manifestPath, manifest);
    log(`manifest ${options.manifestPath} ${manifestWritten ? "written" : "unchanged"}`);
  }
  return { manifest, futuresRun: remaining.length, bootstrapSteps, manifestWritten };
}
