import type { EIP1193Provider } from "hardhat/types";
import type { FeeOverrides } from "../sdk";

export type { FeeOverrides };

/** What the chain charges, as far as sending transactions is concerned. */
export interface FeeQuote {
  overrides: FeeOverrides;
  /** The most a transaction may charge per gas with these overrides (what the node checks the balance against). */
  maxPricePerGas: bigint;
}

const ONE_GWEI = 1_000_000_000n;

async function quantity(
  provider: EIP1193Provider,
  method: string,
  params: unknown[] = [],
): Promise<bigint | undefined> {
  try {
    return BigInt((await provider.request({ method, params })) as string);
  } catch {
    return undefined;
  }
}

/**
 * The fees to send with, following Ignition's rules so the deployment and the bootstrap agree: a fixed gas price
 * when the network config sets one (CONSORTIUM_GAS_PRICE); zero fees when the chain's base fee is zero (Besu
 * `zeroBaseFee`, anvil `--base-fee 0`); EIP-1559 fees of `2 × baseFee + tip` otherwise; on pre-London chains
 * (GoQuorum) the node's gas price.
 */
export async function quoteFees(provider: EIP1193Provider, configuredGasPrice: number | "auto"): Promise<FeeQuote> {
  if (configuredGasPrice !== "auto") {
    const price = BigInt(configuredGasPrice);
    return { overrides: { gasPrice: price }, maxPricePerGas: price };
  }
  const block = (await provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
    baseFeePerGas?: string;
  };
  if (block.baseFeePerGas !== undefined) {
    const baseFee = BigInt(block.baseFeePerGas);
    if (baseFee === 0n) return { overrides: { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n }, maxPricePerGas: 0n };
    const tip = (await quantity(provider, "eth_maxPriorityFeePerGas")) ?? ONE_GWEI;
    const maxFee = baseFee * 2n + tip;
    return { overrides: { maxFeePerGas: maxFee, maxPriorityFeePerGas: tip }, maxPricePerGas: maxFee };
  }
  const gasPrice = (await quantity(provider, "eth_gasPrice")) ?? 0n;
  return { overrides: { gasPrice }, maxPricePerGas: gasPrice };
}
