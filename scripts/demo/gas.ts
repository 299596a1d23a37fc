import { Transaction, Wallet, hexlify, randomBytes } from "ethers";

/** The JSON-RPC calls the probe makes (an ethers JsonRpcProvider has them). */
export interface RpcSender {
  send(method: string, params: unknown[]): Promise<unknown>;
}

/** The fee fields of a zero-priced transaction (the deploy library's fee overrides have the same shape). */
export interface ZeroFees {
  gasPrice?: 0n;
  maxFeePerGas?: 0n;
  maxPriorityFeePerGas?: 0n;
}

/** Whether the chain charges for gas, and the evidence. `fees` are the zero fee fields it took. */
export type GasCost = { free: true; fees: ZeroFees; evidence: string } | { free: false; evidence: string };

/**
 * Zero fees in the form the chain takes: EIP-1559 zeros once it has a base fee (what the deployment and Ignition send
 * when the base fee is zero), a zero gas price before London (GoQuorum, Besu pre-London).
 */
const zeroFees = (baseFee: bigint | undefined): ZeroFees =>
  baseFee === undefined ? { gasPrice: 0n } : { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Finds out whether the chain charges for gas from what it does, not from `eth_gasPrice` (anvil started with
 * `--gas-price 0 --base-fee 0` answers 1 gwei there, as it does to `eth_maxPriorityFeePerGas`). A positive base fee in
 * the latest block charges every transaction. Otherwise a zero-priced, zero-value transaction is sent from a fresh
 * key that holds nothing (EIP-1559 fees of zero once the chain has a base fee, a gas price of zero before): the chain
 * is free when it is mined, and charges when the node refuses it (a minimum gas price: Besu's `--min-gas-price`
 * default) or leaves it unmined for `timeoutMs`. The key is thrown away, so nothing is left pending on a key in use.
 */
export async function probeGasCost(rpc: RpcSender, timeoutMs = 30_000): Promise<GasCost> {
  const block = (await rpc.send("eth_getBlockByNumber", ["latest", false])) as { baseFeePerGas?: string };
  const baseFee = block.baseFeePerGas === undefined ? undefined : BigInt(block.baseFeePerGas);
  if (baseFee !== undefined && baseFee > 0n) return { free: false, evidence: `base fee ${baseFee} wei` };
  const fees = zeroFees(baseFee);
  const chainId = BigInt((await rpc.send("eth_chainId", [])) as string);
  const probe = new Wallet(hexlify(randomBytes(32)));
  const tx = Transaction.from({
    type: fees.gasPrice === undefined ? 2 : 0,
    chainId,
    nonce: 0,
    to: probe.address,
    value: 0n,
    gasLimit: 21_000n,
    ...fees,
  });
  let hash: string;
  try {
    hash = (await rpc.send("eth_sendRawTransaction", [await probe.signTransaction(tx)])) as string;
  } catch (error) {
    // ethers puts the node's own message under `info.error` (mapped errors) or `error` (the rest).
    const e = error as { info?: { error?: { message?: string } }; error?: { message?: string }; message?: string };
    const reason = e.info?.error?.message ?? e.error?.message ?? e.message;
    return { free: false, evidence: `a zero-priced transaction was refused: ${reason}` };
  }
  const started = Date.now();
  for (let delay = 50; Date.now() - started < timeoutMs; delay = Math.min(delay * 2, 1_000)) {
    const receipt = (await rpc.send("eth_getTransactionReceipt", [hash])) as { status?: string } | null;
    if (receipt) {
      return BigInt(receipt.status ?? "0x1") === 1n
        ? { free: true, fees, evidence: "a zero-priced transaction from an empty key was mined" }
        : { free: false, evidence: "a zero-priced transaction from an empty key failed" };
    }
    await sleep(delay);
  }
  return { free: false, evidence: `a zero-priced transaction was not mined within ${timeoutMs / 1000} s` };
}
