import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { contractOfFuture } from "./ignition-run";

/** Gas for the wiring call (three storage writes and an event) with margin. */
const WIRE_GAS = 200_000n;
/** Constructor execution (role grants, immutables) with margin. */
const CONSTRUCTOR_GAS = 200_000n;

/** Intrinsic calldata gas: 16 per non-zero byte, 4 per zero byte. */
function calldataGas(hex: string): bigint {
  let gas = 0n;
  for (let i = 2; i < hex.length; i += 2) gas += hex.slice(i, i + 2) === "00" ? 4n : 16n;
  return gas;
}

/**
 * An upper estimate of the gas the futures still to run will use: per contract the base and creation costs,
 * calldata of the init code, 200 gas per byte of runtime code and the constructor; a fixed amount for the wiring.
 */
export async function ignitionGasEstimate(hre: HardhatRuntimeEnvironment, remaining: string[]): Promise<bigint> {
  let gas = 0n;
  for (const futureId of remaining) {
    const name = contractOfFuture(futureId);
    if (!name) {
      gas += WIRE_GAS;
      continue;
    }
    const artifact = await hre.artifacts.readArtifact(name);
    const runtimeBytes = BigInt((artifact.deployedBytecode.length - 2) / 2);
    gas += 53_000n + calldataGas(artifact.bytecode) + 200n * runtimeBytes + CONSTRUCTOR_GAS;
  }
  return gas;
}
