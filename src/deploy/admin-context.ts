import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer, TransactionReceipt } from "ethers";
import { ManifestError, readManifest, type Manifest } from "../manifest";
import { UdiLedgerError } from "../errors";
import { ContractRevertError, createClient, toSdkError, UnknownRevertError, type Client, type Pending } from "../sdk";
import { assertNetworkVariables, hardhatVars, probeChainId } from "./chain-checks";
import { PermanentDeployError, RetryableDeployError, firstLine } from "./errors";
import { quoteFees } from "./fees";
import { manifestPathFor } from "./manifest-file";
import { confirmationsFor } from "./networks";

/** What an admin task acts with: an SDK client of the manifest's deployment, signing with one of the network's accounts. */
export interface AdminContext {
  manifest: Manifest;
  signer: Signer;
  signerAddress: string;
  client: Client;
  /**
   * Sends one SDK operation (`method`, the contract function it calls) and waits for its confirmations: the SDK
   * simulates it first, so a revert stops with the decoded custom error and nothing sent.
   */
  send(
    method: string,
    description: string,
    submit: (operations: Client["submit"]) => Promise<Pending<unknown>>,
  ): Promise<TransactionReceipt>;
  log(line: string): void;
}

const isRevert = (error: UdiLedgerError) => error instanceof ContractRevertError || error instanceof UnknownRevertError;

/** The task's refusal for an SDK error: permanent or retryable as the SDK error is. */
const refusal = (error: UdiLedgerError, field: string, value: string, message: string) =>
  error.retryable
    ? new RetryableDeployError("TRANSACTION", field, value, message, { cause: error })
    : new PermanentDeployError("TRANSACTION", field, value, message, { cause: error });

/**
 * Checks the network's variables and its RPC, loads the manifest of the selected network (or `manifestFile`) and
 * checks it is for the chain the RPC answers, and creates an SDK client signing with the network's first account (or
 * `from`, one of them), with the network's confirmations and fees.
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
  const client = createClient({
    runner: signer,
    manifest,
    confirmations: confirmationsFor(hre.network.name, process.env, hardhatVars()),
    fees: async () => (await quoteFees(hre.network.provider, hre.network.config.gasPrice)).overrides,
  });

  const send: AdminContext["send"] = async (method, description, submit) => {
    let pending: Pending<unknown>;
    try {
      pending = await submit(client.submit);
    } catch (error) {
      const typed = toSdkError(error);
      const why = isRevert(typed)
        ? `the chain would revert with ${firstLine(typed)}; nothing sent`
        : `not sent: ${firstLine(typed)}`;
      throw refusal(typed, method, description, `${description}: ${why}`);
    }
    try {
      const { receipt } = await pending.wait();
      log(`${description}: done in block ${receipt.blockNumber} (tx ${pending.hash})`);
      return receipt;
    } catch (error) {
      const typed = toSdkError(error);
      const what = isRevert(typed) ? "reverted" : "not confirmed";
      throw refusal(typed, method, pending.hash, `${description}: ${what} (tx ${pending.hash}): ${firstLine(typed)}`);
    }
  };

  return { manifest, signer, signerAddress: await signer.getAddress(), client, send, log };
}
