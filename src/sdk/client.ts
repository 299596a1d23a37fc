import { NonceManager, type ContractRunner, type Provider, type Signer } from "ethers";
import type { Manifest } from "../manifest";
import { connectContracts, type Contracts } from "./contracts";
import { SdkInputError } from "./errors";
import { deviceId, lotId } from "../contracts/ids";
import { createNonceSender, type NonceSender } from "./nonce";
import { bindOperations, submitOperations, unsignedOperations } from "./operation";
import { anchorOperations } from "./operations/anchors";
import { deviceOperations } from "./operations/devices";
import { directoryOperations } from "./operations/directory";
import { lifecycleOperations } from "./operations/lifecycle";
import { productOperations } from "./operations/products";
import { recallOperations } from "./operations/recalls";
import { createReads } from "./reads";
import { createGovernance } from "./governance/client";
import { waitForReceipt, type FeeOverrides, type TxContext } from "./transact";

/** The per-transaction gas cap of Osaka-era chains (EIP-7825), the default cap of every transaction. */
export const EIP7825_GAS_CAP = 16_777_216n;

/** DeviceRegistry.MAX_BATCH: items per call (serials, devices, containers, lots). */
export const DEFAULT_MAX_BATCH = 400;

/** Options of {@link createClient}. */
export interface ClientOptions {
  /**
   * A Signer to send transactions (the client then assigns its nonces: do not send from the same key elsewhere
   * concurrently without expecting a resynchronisation), or a Provider for reads and unsigned transactions only.
   */
  runner: ContractRunner;
  manifest: Manifest;
  /** Largest estimated gas of one transaction; batches split under it (default {@link EIP7825_GAS_CAP}). */
  gasCap?: bigint;
  /** Items per transaction (default and maximum: the contracts' MAX_BATCH, 400). */
  maxBatch?: number;
  /** Confirmations to wait for (default 1: QBFT blocks are final). */
  confirmations?: number;
  /** How long to wait for confirmations, in ms (default: no limit). */
  timeoutMs?: number;
  /** Gas limit headroom over estimates, percent (default 20; never above the gas cap). */
  gasHeadroomPercent?: number;
  /**
   * The fee fields of each transaction, asked for at each send (e.g. zero fees on a free-gas chain, or a fixed gas
   * price); by default the signer asks the node.
   */
  fees?: () => Promise<FeeOverrides>;
}

const isSigner = (runner: ContractRunner): runner is Signer =>
  typeof (runner as Signer).getAddress === "function" && typeof (runner as Signer).sendTransaction === "function";

function providerOf(runner: ContractRunner): Provider {
  const provider = isSigner(runner) ? runner.provider : (runner as Provider);
  if (!provider || typeof (provider as Provider).getBlockNumber !== "function") {
    throw new SdkInputError("runner", "runner", "needs a provider (a Signer connected to one, or a Provider)");
  }
  return provider;
}

/**
 * A typed client of one udi-ledger deployment: one method per contract operation (one object argument; devices,
 * lots, products, containers and organisations given as UDIs / GS1 strings or as fields), unsigned-transaction
 * builders for the same operations, read helpers, and the id derivations.
 */
export function createClient(options: ClientOptions) {
  const { runner, manifest } = options;
  const provider = providerOf(runner);
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  if (!Number.isInteger(maxBatch) || maxBatch < 1 || maxBatch > DEFAULT_MAX_BATCH) {
    throw new SdkInputError("maxBatch", maxBatch, `must be 1 to ${DEFAULT_MAX_BATCH}`);
  }
  const gasCap = options.gasCap ?? EIP7825_GAS_CAP;
  if (gasCap <= 0n) throw new SdkInputError("gasCap", gasCap, "must be positive");
  const contracts: Contracts = connectContracts(manifest, runner);
  // An ethers NonceManager would override the nonces this client assigns: manage the signer it wraps instead.
  const signer = runner instanceof NonceManager ? runner.signer : isSigner(runner) ? runner : undefined;
  const sender: NonceSender | undefined = signer ? createNonceSender(signer) : undefined;
  const ctx: TxContext = {
    contracts,
    provider,
    sender,
    chainId: BigInt(manifest.chainId),
    gasCap,
    maxBatch,
    confirmations: options.confirmations ?? 1,
    timeoutMs: options.timeoutMs,
    gasHeadroomPercent: options.gasHeadroomPercent ?? 20,
    fromBlock: manifest.contracts.DeviceRegistry.blockNumber,
    fees: options.fees,
  };
  const operations = {
    directory: directoryOperations(ctx),
    products: productOperations(ctx),
    devices: deviceOperations(ctx),
    lifecycle: lifecycleOperations(ctx),
    recalls: recallOperations(ctx),
    anchors: anchorOperations(ctx),
  };
  const governance = createGovernance(ctx, operations, manifest);
  return {
    manifest,
    contracts,
    sender,
    reads: createReads(contracts, provider),
    ids: { deviceId, lotId },
    /** Proposals, votes, queue and execute through the consortium governor (a `--governance` deployment). */
    governance,
    directory: bindOperations(ctx, operations.directory),
    products: bindOperations(ctx, operations.products),
    devices: bindOperations(ctx, operations.devices),
    lifecycle: bindOperations(ctx, operations.lifecycle),
    recalls: bindOperations(ctx, operations.recalls),
    anchors: bindOperations(ctx, operations.anchors),
    /** The single operations sent without waiting: `(await client.submit.directory.pause()).wait()`. */
    submit: {
      directory: submitOperations(ctx, operations.directory),
      products: submitOperations(ctx, operations.products),
      devices: submitOperations(ctx, operations.devices),
      lifecycle: submitOperations(ctx, operations.lifecycle),
      recalls: submitOperations(ctx, operations.recalls),
      anchors: submitOperations(ctx, operations.anchors),
      governance: governance.submit,
    },
    unsigned: {
      directory: unsignedOperations(ctx, operations.directory),
      products: unsignedOperations(ctx, operations.products),
      devices: unsignedOperations(ctx, operations.devices),
      lifecycle: unsignedOperations(ctx, operations.lifecycle),
      recalls: unsignedOperations(ctx, operations.recalls),
      anchors: unsignedOperations(ctx, operations.anchors),
    },
    /** Waits for the client's confirmations of a transaction sent elsewhere (e.g. one built unsigned). */
    waitFor: (hash: string) => waitForReceipt(provider, hash, ctx.confirmations, ctx.timeoutMs),
    /** Throws when the node's chain id is not the manifest's. */
    async verifyChain(): Promise<void> {
      const { chainId } = await provider.getNetwork();
      if (chainId !== ctx.chainId)
        throw new SdkInputError("manifest.chainId", manifest.chainId, `node is on chain ${chainId}`);
    },
  };
}

/** A client of one deployment. */
export type Client = ReturnType<typeof createClient>;
