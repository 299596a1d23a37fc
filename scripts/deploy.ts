/**
 * `npm run deploy -- --network <name> [--consortium <consortium.json> [--governance]]`: deploys the whole system
 * through the Ignition module, bootstraps the consortium from the config (with `--governance`: deploys the governor and
 * the timelock and hands them the admin), and writes deployments/<network>.json. Safe to run again: a
 * complete deployment is left as it is, an interrupted one is completed. Every failure is one line on stderr.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command } from "commander";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { assertNetworkVariables, hardhatVars } from "../src/deploy/chain-checks";
import type * as DeployModule from "../src/deploy/deploy-udi-ledger";
import { readConsortiumConfig } from "../src/deploy/consortium-config";
import { DeployError, PermanentDeployError, firstLine } from "../src/deploy/errors";
import { manifestPathFor, manifestText } from "../src/deploy/manifest-file";
import { NETWORK_NAMES, confirmationsFor } from "../src/deploy/networks";

const ROOT = path.resolve(__dirname, "..");

interface CliOptions {
  network?: string;
  consortium?: string;
  deploymentId?: string;
  journalDir: string;
  manifestDir: string;
  reset?: boolean;
  governance?: boolean;
  compile: boolean;
}

function parseArguments(argv: string[]): CliOptions {
  return new Command("deploy")
    .description("Deploy udi-ledger with Ignition, bootstrap the consortium and write deployments/<network>.json")
    .option("--network <name>", `network from hardhat.config.ts (${NETWORK_NAMES.join(", ")})`)
    .option("--consortium <file>", "consortium config to bootstrap (organisations, roles, accounts, prefixes)")
    .option("--deployment-id <id>", "Ignition deployment id (default udi-ledger-<chainId>)")
    .option("--journal-dir <dir>", "folder of Ignition journals", path.join(ROOT, "ignition", "deployments"))
    .option("--manifest-dir <dir>", "folder the manifest is written to", path.join(ROOT, "deployments"))
    .option("--reset", "wipe this deployment's journal and deploy a new system")
    .option(
      "--governance",
      "deploy the governor and timelock (the config's governance section) and hand them the admin",
    )
    .option("--no-compile", "skip compiling first")
    .parse(argv)
    .opts<CliOptions>();
}

async function main(argv: string[], log: (line: string) => void): Promise<void> {
  const options = parseArguments(argv);
  const network = options.network;
  if (network === undefined) {
    throw new PermanentDeployError(
      "USAGE",
      "--network",
      "",
      `--network is required (one of ${NETWORK_NAMES.join(", ")})`,
    );
  }
  if (!(NETWORK_NAMES as readonly string[]).includes(network)) {
    throw new PermanentDeployError(
      "UNKNOWN_NETWORK",
      "--network",
      network,
      `unknown network "${network}": hardhat.config.ts defines ${NETWORK_NAMES.join(", ")}`,
    );
  }
  const config = options.consortium === undefined ? undefined : readConsortiumConfig(options.consortium);

  // The Hardhat runtime reads its network from the environment when it is first loaded.
  process.env.HARDHAT_NETWORK = network;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hre = require("hardhat") as HardhatRuntimeEnvironment;
  assertNetworkVariables(hre);
  if (options.compile) await hre.run("compile", { quiet: true });
  // Loaded once compiled: the deploy library sends through the SDK, which needs the generated contract bindings.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { deployUdiLedger } = require("../src/deploy/deploy-udi-ledger") as typeof DeployModule;

  // The in-process network forgets everything when the command ends: journal in a temporary folder, no manifest.
  const ephemeral = network === "hardhat";
  const journalRoot = ephemeral ? mkdtempSync(path.join(tmpdir(), "udi-ledger-ignition-")) : options.journalDir;
  const outcome = await deployUdiLedger(hre, {
    config,
    deploymentId: options.deploymentId,
    journalRoot,
    manifestPath: ephemeral ? undefined : manifestPathFor(options.manifestDir, network),
    reset: options.reset,
    governance: options.governance,
    confirmations: confirmationsFor(network, process.env, hardhatVars()),
    log,
  }).finally(() => {
    if (ephemeral) rmSync(journalRoot, { recursive: true, force: true });
  });
  if (ephemeral) log(`in-process network: nothing persisted; the manifest would be\n${manifestText(outcome.manifest)}`);
  const sent = outcome.futuresRun === 0 && outcome.bootstrapSteps === 0 ? "nothing sent" : "done";
  log(`deployment ${outcome.manifest.deploymentId} on chain ${outcome.manifest.chainId}: ${sent}`);
}

const flush = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write("", () => resolve()));

main(process.argv, (line) => process.stdout.write(`${line}\n`))
  .then(() => 0)
  .catch((error: unknown) => {
    const known = error instanceof DeployError;
    process.stderr.write(`deploy: ${known ? error.message : `unexpected error: ${firstLine(error)}`}\n`);
    if (!known && process.env.UDI_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  })
  .then(async (code) => {
    await Promise.all([flush(process.stdout), flush(process.stderr)]);
    process.exit(code);
  });
