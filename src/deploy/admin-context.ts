import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { BaseContract, Signer, TransactionReceipt } from "ethers";
import { vars } from "hardhat/config";
import type {
  ConsortiumDirectory,
  DataAnchorRegistry,
  DeviceLifecycle,
  DeviceRegistry,
  ProductRegistry,
  RecallRegistry,
} from "../../typechain-types";
import { CONTRACT_NAMES, ManifestError, readManifest, type ContractName, type Manifest } from "../manifest";
import { toSdkError } from "../sdk";
import { assertNetworkVariables, probeChainId } from "./chain-checks";
import { PermanentDeployError, firstLine } from "./errors";
import { quoteFees } from "./fees";
import { manifestPathFor } from "./manifest-file";
import { confirmationsFor } from "./networks";

/** The six deployed contracts, typed. */
export interface Contracts {
  ConsortiumDirectory: ConsortiumDirectory;
  ProductRegistry: ProductRegistry;
  DeviceRegistry: DeviceRegistry;
  DeviceLifecycle: DeviceLifecycle;
  RecallRegistry: RecallRegistry;
  DataAnchorRegistry: DataAnchorRegistry;
}

/** What an admin task acts with: the manifest's contracts bound to the network's first account. */
export interface AdminContext {
  manifest: Manifest;
  signer: Signer;
  signerAddress: string;
  contracts: Contracts;
  directory: ConsortiumDirectory;
  /** Sends one call after simulating it (a revert stops with the decoded custom error, nothing sent). */
  send(contract: BaseContract, method: string, args: unknown[], description: string): Promise<TransactionReceipt>;
  log(line: string): void;
}

/**
 * Checks the network's variables and its RPC, loads the manifest of the selected network (or `manifestFile`) and
 * checks it is for the chain the RPC answers, and binds every contract to the network's first account (or `from`,
 * one of them).
 */
export async function adminContext(
  hre: HardhatRuntimeEnvironment,
  manifestFile: string | undefined,
  log: (line: string) => void,
  from?: string,
): Promise<AdminContext> {
  assertNetworkVariables(hre);
  const chainId = await probeChainId(hre);
  const file = manifestFile ?? manifestPathFor(path.join(hre.config.paths.root, "deployments"), hre.network.name);
  let manifest: Manifest;
  try {
    manifest = readManifest(file);
  } catch (error) {
    const reason = error instanceof ManifestError ? error.message : firstLine(error);
    throw new PermanentDeployError(
      "MANIFEST",
      "--manifest",
      file,
      `${reason} (deploy first: npm run deploy -- --network ${hre.network.name})`,
    );
  }
  if (chainId !== manifest.chainId) {
    throw new PermanentDeployError(
      "CHAIN_ID_MISMATCH",
      "--manifest",
      file,
      `manifest ${file} is for chain ${manifest.chainId} but network ${hre.network.name} answers chain ${chainId}`,
    );
  }
  const signers = await hre.ethers.getSigners();
  const signer = from === undefined ? signers[0] : signers.find((s) => s.address.toLowerCase() === from.toLowerCase());
  if (!signer) {
    const message =
      from === undefined
        ? `network ${hre.network.name} has no account to sign with`
        : `--from ${from} is not an account of network ${hre.network.name}`;
    throw new PermanentDeployError(from === undefined ? "VARIABLE" : "USAGE", "--from", from ?? "", message);
  }
  const entries = await Promise.all(
    CONTRACT_NAMES.map(
      async (name: ContractName) =>
        [name, await hre.ethers.getContractAt(name, manifest.contracts[name].address, signer)] as const,
    ),
  );
  const contracts = Object.fromEntries(entries) as unknown as Contracts;
  const confirmations = confirmationsFor(hre.network.name, process.env, vars);

  const send: AdminContext["send"] = async (contract, method, args, description) => {
    const to = await contract.getAddress();
    const data = contract.interface.encodeFunctionData(method, args);
    let gas: bigint;
    try {
      gas = await signer.estimateGas({ to, data });
    } catch (error) {
      // The SDK decodes the custom errors of every deployable, with argument names.
      const reason = firstLine(toSdkError(error));
      throw new PermanentDeployError(
        "TRANSACTION",
        method,
        description,
        `${description}: the chain would revert with ${reason}; nothing sent`,
      );
    }
    const fees = await quoteFees(hre.network.provider, hre.network.config.gasPrice);
    const tx = await signer.sendTransaction({ to, data, gasLimit: (gas * 12n) / 10n, ...fees.overrides });
    const receipt = await tx.wait(confirmations).catch((error: unknown) => {
      throw new PermanentDeployError(
        "TRANSACTION",
        method,
        tx.hash,
        `${description}: reverted (tx ${tx.hash}): ${firstLine(error)}`,
      );
    });
    log(`${description}: done in block ${receipt!.blockNumber} (tx ${tx.hash})`);
    return receipt!;
  };

  return {
    manifest,
    signer,
    signerAddress: await signer.getAddress(),
    contracts,
    directory: contracts.ConsortiumDirectory,
    send,
    log,
  };
}
