import { existsSync } from "node:fs";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { DeploymentResult, DeploymentResultType, ExecutionEventListener } from "@nomicfoundation/ignition-core";
import { CONTRACT_NAMES, GOVERNANCE_NAMES, type DeployedContract, type DeployedName } from "../manifest";
import { PermanentDeployError, RetryableDeployError, firstLine } from "./errors";

/**
 * Ignition and the deployment's module (UdiLedger, or Governance: UdiLedger with the timelock and the governor),
 * loaded when a deployment runs: they are Hardhat-only packages, which the package built from src/ does not ship.
 */
async function loadIgnition(governance = false) {
  const [core, helpers, module] = await Promise.all([
    import("@nomicfoundation/ignition-core"),
    import("@nomicfoundation/hardhat-ignition/helpers"),
    governance ? import("../../ignition/modules/Governance") : import("../../ignition/modules/UdiLedger"),
  ]);
  const resolver = (hre: HardhatRuntimeEnvironment) => new helpers.HardhatArtifactResolver(hre);
  return { core, resolver, module: module.default };
}

/** The deployment's Ignition module: its id and every future of it and of the modules it uses, in order. */
export async function ignitionModule(governance = false): Promise<{ id: string; futureIds: string[] }> {
  const { module } = await loadIgnition(governance);
  const ids = [...module.submodules].flatMap((sub) => [...sub.futures].map((future) => future.id));
  return { id: module.id, futureIds: [...ids, ...[...module.futures].map((future) => future.id)] };
}

const DEPLOYED_NAMES: readonly DeployedName[] = [...CONTRACT_NAMES, ...GOVERNANCE_NAMES];

/** The contract a future deploys (`<module>#<contract>`), if it deploys one. */
export const contractOfFuture = (futureId: string): DeployedName | undefined =>
  DEPLOYED_NAMES.find((name) => futureId.endsWith(`#${name}`));

/** What the Ignition journal of one deployment records. */
export interface JournalState {
  /** Whether the deployment directory holds a journal at all. */
  exists: boolean;
  /** The chain the journal was written against. */
  chainId?: number;
  /** Futures completed successfully. */
  completed: string[];
  /** Contracts deployed so far, by name. */
  addresses: Partial<Record<DeployedName, string>>;
}

/** Reads the journal in `deploymentDir` without touching the chain. */
export async function readJournal(deploymentDir: string): Promise<JournalState> {
  if (!existsSync(path.join(deploymentDir, "journal.jsonl"))) return { exists: false, completed: [], addresses: {} };
  const { core } = await loadIgnition();
  const result = await core.status(deploymentDir);
  const addresses: Partial<Record<DeployedName, string>> = {};
  for (const [futureId, contract] of Object.entries(result.contracts)) {
    const name = contractOfFuture(futureId);
    if (name) addresses[name] = contract.address;
  }
  return { exists: true, chainId: result.chainId, completed: result.successful, addresses };
}

type IgnitionCore = Awaited<ReturnType<typeof loadIgnition>>["core"];

/** Progress lines from Ignition's execution events. */
function progressListener(core: IgnitionCore, log: (line: string) => void): ExecutionEventListener {
  const { ExecutionEventResultType } = core;
  const handlers: Partial<ExecutionEventListener> = {
    transactionSend: (e) => log(`ignition: sent ${e.futureId} (tx ${e.hash})`),
    deploymentExecutionStateComplete: (e) => {
      if (e.result.type === ExecutionEventResultType.SUCCESS)
        log(`ignition: deployed ${e.futureId} at ${e.result.result}`);
    },
    callExecutionStateComplete: (e) => {
      if (e.result.type === ExecutionEventResultType.SUCCESS) log(`ignition: called ${e.futureId}`);
    },
    onchainInteractionBumpFees: (e) => log(`ignition: bumped the fees of ${e.futureId}`),
    onchainInteractionDropped: (e) => log(`ignition: ${e.futureId}: transaction dropped, sending again`),
    reconciliationWarnings: (e) => e.warnings.forEach((w) => log(`ignition: warning: ${w}`)),
  };
  return new Proxy(handlers, {
    get: (target, key: string) => target[key as keyof typeof target] ?? (() => {}),
  }) as ExecutionEventListener;
}

/** One line out of an unsuccessful Ignition result. */
function describeFailure(
  core: IgnitionCore,
  result: Exclude<DeploymentResult, { type: DeploymentResultType.SUCCESSFUL_DEPLOYMENT }>,
): string {
  const { DeploymentResultType } = core;
  const entries = (errors: Record<string, string[]>) =>
    Object.entries(errors).flatMap(([futureId, list]) => list.map((error) => `${futureId}: ${firstLine(error)}`));
  switch (result.type) {
    case DeploymentResultType.VALIDATION_ERROR:
      return `Ignition validation failed: ${entries(result.errors).join("; ")}`;
    case DeploymentResultType.RECONCILIATION_ERROR:
      return `the journal does not match the module or its parameters (${entries(result.errors).join("; ")}); use another --deployment-id or --reset`;
    case DeploymentResultType.PREVIOUS_RUN_ERROR:
      return `a previous run failed (${entries(result.errors).join("; ")}); fix the cause, then wipe the future or use --reset`;
    case DeploymentResultType.EXECUTION_ERROR: {
      const parts = [
        ...result.failed.map((f) => `${f.futureId} failed: ${firstLine(f.error)}`),
        ...result.timedOut.map((f) => `${f.futureId} timed out`),
        ...result.held.map((f) => `${f.futureId} held: ${f.reason}`),
      ];
      return `Ignition execution stopped: ${parts.join("; ")}`;
    }
  }
}

export interface IgnitionRunOptions {
  deploymentDir: string;
  /** Deploy the Governance module (the six contracts, the timelock and the governor) instead of UdiLedger. */
  governance?: boolean;
  /** Ignition module parameters by module id (`UdiLedger.adminTransferDelay`, `Governance.votingPeriod`…). */
  parameters: Record<string, Record<string, bigint>>;
  confirmations: number;
  /** How often to poll for new blocks. */
  pollingIntervalMs: number;
  log: (line: string) => void;
}

/** Deploys (or resumes) the UdiLedger module, journaling into `deploymentDir`. */
export async function runIgnition(hre: HardhatRuntimeEnvironment, options: IgnitionRunOptions): Promise<void> {
  const provider = hre.network.provider;
  const accounts = (await provider.request({ method: "eth_accounts" })) as string[];
  const networkIgnition = hre.config.networks[hre.network.name]?.ignition ?? {};
  const { core, resolver, module } = await loadIgnition(options.governance);
  const { DeploymentResultType } = core;
  let result: DeploymentResult;
  try {
    result = await core.deploy({
      config: { requiredConfirmations: options.confirmations, blockPollingInterval: options.pollingIntervalMs },
      provider,
      executionEventListener: progressListener(core, options.log),
      artifactResolver: resolver(hre),
      deploymentDir: options.deploymentDir,
      ignitionModule: module,
      deploymentParameters: options.parameters,
      accounts,
      defaultSender: accounts[0],
      maxFeePerGasLimit: networkIgnition.maxFeePerGasLimit,
      maxFeePerGas: networkIgnition.maxFeePerGas,
      maxPriorityFeePerGas: networkIgnition.maxPriorityFeePerGas,
      gasPrice: networkIgnition.gasPrice,
      disableFeeBumping: networkIgnition.disableFeeBumping,
    });
  } catch (error) {
    const line = firstLine(error);
    if (/waiting|confirmations/i.test(line)) {
      throw new RetryableDeployError("PENDING_TRANSACTIONS", "deployer", accounts[0] ?? "", `Ignition: ${line}`);
    }
    throw new PermanentDeployError("IGNITION", "deployment", options.deploymentDir, `Ignition: ${line}`);
  }
  if (result.type !== DeploymentResultType.SUCCESSFUL_DEPLOYMENT) {
    const message = describeFailure(core, result);
    const timedOut = result.type === DeploymentResultType.EXECUTION_ERROR && result.failed.length === 0;
    const ErrorType = timedOut ? RetryableDeployError : PermanentDeployError;
    throw new ErrorType("IGNITION", "deployment", options.deploymentDir, message);
  }
}

/**
 * The module parameters a journal was deployed with (the admin transfer delay given to ConsortiumDirectory), so a
 * later run that names none reconciles with the journal instead of with the module's defaults.
 */
export async function journalParameters(
  hre: HardhatRuntimeEnvironment,
  deploymentDir: string,
): Promise<Record<string, bigint>> {
  if (!existsSync(path.join(deploymentDir, "journal.jsonl"))) return {};
  const { core, resolver } = await loadIgnition();
  const transactions = await core.listTransactions(deploymentDir, resolver(hre));
  const directory = transactions.find((tx) => tx.name === "ConsortiumDirectory" && tx.params !== undefined);
  return directory ? { adminTransferDelay: BigInt(directory.params![0] as bigint | string | number) } : {};
}

/** The names a deployment's manifest lists: the six, and the governance pair with `governance`. */
export const manifestNames = (governance: boolean): readonly DeployedName[] =>
  governance ? DEPLOYED_NAMES : CONTRACT_NAMES;

/** The address and deployment block of every contract of a completed deployment (`names`: the manifest's). */
export async function deployedContracts(
  hre: HardhatRuntimeEnvironment,
  deploymentDir: string,
  names: readonly DeployedName[] = CONTRACT_NAMES,
): Promise<Partial<Record<DeployedName, DeployedContract>>> {
  const found: Partial<Record<DeployedName, DeployedContract>> = {};
  const { core, resolver } = await loadIgnition();
  for (const tx of await core.listTransactions(deploymentDir, resolver(hre))) {
    const name = names.find((n) => n === tx.name);
    if (!name || tx.address === undefined || tx.status !== "SUCCESS") continue;
    const receipt = (await hre.network.provider.request({
      method: "eth_getTransactionReceipt",
      params: [tx.txHash],
    })) as { blockNumber: string } | null;
    if (!receipt) {
      throw new PermanentDeployError(
        "STALE_JOURNAL",
        name,
        tx.txHash,
        `the chain has no receipt for ${name}'s deployment ${tx.txHash}`,
      );
    }
    found[name] = { address: hre.ethers.getAddress(tx.address), blockNumber: Number(BigInt(receipt.blockNumber)) };
  }
  for (const name of names) {
    if (!found[name])
      throw new PermanentDeployError("IGNITION", name, deploymentDir, `the journal records no deployment of ${name}`);
  }
  return found;
}
