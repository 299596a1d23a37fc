import type { ContractTransaction, Provider, TransactionReceipt } from "ethers";
import type { Contracts } from "./contracts";
import { toSdkError } from "./decode-error";
import { ConfirmationTimeoutError, GasCapError, SdkInputError } from "./errors";
import type { NonceSender } from "./nonce";

/** Fee fields to put on a transaction: a legacy gas price, or EIP-1559 fees. */
export interface FeeOverrides {
  gasPrice?: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
}

/** What every operation needs: the bindings, the node, the sender (when the runner signs) and the limits. */
export interface TxContext {
  contracts: Contracts;
  provider: Provider;
  sender?: NonceSender;
  chainId: bigint;
  /** Per-transaction gas cap (default 16,777,216: EIP-7825). */
  gasCap: bigint;
  /** Items per transaction (the contracts' MAX_BATCH, 400). */
  maxBatch: number;
  /** Blocks to wait for (QBFT: 1, final). */
  confirmations: number;
  /** Milliseconds to wait for confirmations; undefined waits forever. */
  timeoutMs?: number;
  /** Gas limit headroom over the estimate, in percent (capped at the gas cap). */
  gasHeadroomPercent: number;
  /** The block logs are searched from (the device registry's deployment block). */
  fromBlock: number;
  /** The fee fields of each transaction, asked for at each send; undefined leaves them to the signer. */
  fees?: () => Promise<FeeOverrides>;
}

/** Options of a transaction sent without waiting for it. */
export interface SubmitOptions {
  /** Send with this gas limit instead of estimating: for a transaction that depends on others not yet mined. */
  gasLimit?: bigint;
}

/** A transaction the node accepted: its hash now, its receipt once confirmed (a revert is thrown, decoded). */
export interface Submitted {
  hash: string;
  wait(): Promise<TransactionReceipt>;
}

/** A transaction mined with enough confirmations, and what it produced. */
export interface Confirmed<R> {
  result: R;
  hash: string;
  receipt: TransactionReceipt;
}

/** An unsigned transaction for integrators who sign elsewhere (an HSM, a custody service, a multisig UI). */
export interface UnsignedTransaction {
  to: string;
  data: string;
  value: bigint;
  chainId: bigint;
  from?: string;
  nonce?: number;
  gasLimit?: bigint;
}

/** Options of the unsigned-transaction builders. */
export interface UnsignedOptions {
  /** The account that will sign: enables gas estimation (which also surfaces reverts now, typed). */
  from?: string;
  /** A nonce to set; `"pending"` reads the account's pending count from the node. */
  nonce?: number | "pending";
  /** Set to false to skip estimation even when `from` is given. */
  estimateGas?: boolean;
}

function requireSender(ctx: TxContext) {
  if (!ctx.sender) throw new SdkInputError("runner", "provider", "cannot sign: create the client with a Signer runner");
  return ctx.sender;
}

/** Estimates a transaction's gas as `from` (default: the client's signer), decoding a revert into a typed error. */
export async function estimateGas(ctx: TxContext, tx: ContractTransaction, from?: string): Promise<bigint> {
  const account = from ?? (ctx.sender ? await ctx.sender.address() : undefined);
  try {
    return await ctx.provider.estimateGas({ to: tx.to, data: tx.data, from: account });
  } catch (error) {
    throw toSdkError(error);
  }
}

/** The gas limit to send with: the estimate plus headroom, never above the cap. */
export const gasLimitFor = (ctx: TxContext, estimate: bigint): bigint => {
  const padded = (estimate * BigInt(100 + ctx.gasHeadroomPercent)) / 100n;
  return padded < ctx.gasCap ? padded : estimate > ctx.gasCap ? estimate : ctx.gasCap;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until a transaction has `confirmations` blocks (its own included) by polling its receipt, which works on every
 * provider (Hardhat's in-process one has no `waitForTransaction`); polls every 20 ms, backing off to 1 s.
 */
export async function waitForReceipt(
  provider: Provider,
  hash: string,
  confirmations = 1,
  timeoutMs?: number,
): Promise<TransactionReceipt> {
  const started = Date.now();
  for (let delay = 20; ; delay = Math.min(delay * 2, 1_000)) {
    let receipt: TransactionReceipt | null;
    let latest: number;
    try {
      receipt = await provider.getTransactionReceipt(hash);
      latest = receipt ? await provider.getBlockNumber() : 0;
    } catch (error) {
      throw toSdkError(error);
    }
    if (receipt && latest - receipt.blockNumber + 1 >= confirmations) return receipt;
    if (timeoutMs !== undefined && Date.now() - started >= timeoutMs)
      throw new ConfirmationTimeoutError(hash, timeoutMs);
    await sleep(delay);
  }
}

/** Waits for a transaction's confirmations; a reverted receipt is replayed to decode its error. */
export async function confirm(
  ctx: TxContext,
  hash: string,
  tx: ContractTransaction,
  from?: string,
): Promise<TransactionReceipt> {
  const receipt = await waitForReceipt(ctx.provider, hash, ctx.confirmations, ctx.timeoutMs);
  if (receipt.status !== 1) {
    try {
      await ctx.provider.call({ to: tx.to, data: tx.data, from, blockTag: receipt.blockNumber });
    } catch (error) {
      throw toSdkError(error);
    }
    throw toSdkError(new Error(`transaction ${hash} reverted without data`));
  }
  return receipt;
}

/**
 * Sends with a managed nonce without waiting: estimates first (a revert is thrown decoded, nothing sent) unless
 * `gasLimit` is given, or uses the `estimate` already made; checks the gas cap.
 */
export async function submit(
  ctx: TxContext,
  tx: ContractTransaction,
  options: SubmitOptions & { estimate?: bigint } = {},
): Promise<Submitted> {
  const sender = requireSender(ctx);
  const gasLimit = options.gasLimit ?? gasLimitFor(ctx, options.estimate ?? (await estimateGas(ctx, tx)));
  if (gasLimit > ctx.gasCap) throw new GasCapError(`call ${tx.data.slice(0, 10)}`, gasLimit, ctx.gasCap);
  const fees = ctx.fees ? await ctx.fees() : {};
  const response = await sender.send({ to: tx.to, data: tx.data, gasLimit, ...fees });
  const from = await sender.address();
  return { hash: response.hash, wait: () => confirm(ctx, response.hash, tx, from) };
}

/** Estimates (unless `gas`, an estimate, is given), checks the gas cap, sends and waits for confirmations. */
export async function sendAndConfirm(
  ctx: TxContext,
  tx: ContractTransaction,
  gas?: bigint,
): Promise<{ hash: string; receipt: TransactionReceipt }> {
  const sent = await submit(ctx, tx, { estimate: gas });
  return { hash: sent.hash, receipt: await sent.wait() };
}

/** Builds the unsigned form of a prepared transaction. */
export async function toUnsigned(
  ctx: TxContext,
  tx: ContractTransaction,
  options: UnsignedOptions = {},
): Promise<UnsignedTransaction> {
  const unsigned: UnsignedTransaction = { to: tx.to, data: tx.data, value: 0n, chainId: ctx.chainId };
  if (options.from) unsigned.from = options.from;
  if (options.from && options.estimateGas !== false) {
    unsigned.gasLimit = gasLimitFor(ctx, await estimateGas(ctx, tx, options.from));
  }
  if (typeof options.nonce === "number") unsigned.nonce = options.nonce;
  if (options.nonce === "pending") {
    if (!options.from) throw new SdkInputError("nonce", "pending", "needs `from`");
    unsigned.nonce = await ctx.provider.getTransactionCount(options.from, "pending");
  }
  return unsigned;
}
