import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type * as HardhatConfig from "hardhat/config";
import { formatEther } from "ethers";
import { PermanentDeployError, RetryableDeployError, firstLine } from "./errors";
import { CONSORTIUM_NETWORK, readConsortiumSettings, redactUrl, type VariableSource } from "./networks";

/**
 * Hardhat's configuration variables (`npx hardhat vars set`), loaded when first asked for: src/ is built into a
 * package that does not ship Hardhat, and only the deploy command and the admin tasks, which run under it, ask.
 */
export function hardhatVars(): VariableSource {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("hardhat/config") as typeof HardhatConfig).vars;
}

/** Stops when the selected network is the consortium and one of its variables is missing or malformed. */
export function assertNetworkVariables(hre: HardhatRuntimeEnvironment): void {
  if (hre.network.name !== CONSORTIUM_NETWORK) return;
  const { problems } = readConsortiumSettings(process.env, hardhatVars());
  if (problems.length === 0) return;
  const more =
    problems.length > 1
      ? ` (and ${problems.length - 1} more: ${problems
          .slice(1)
          .map((p) => p.variable)
          .join(", ")})`
      : "";
  throw new PermanentDeployError("VARIABLE", problems[0].variable, "", `${problems[0].message}${more}`);
}

/** Where the selected network's RPC lives, for messages ("in-process" for the Hardhat network). */
export function rpcLabel(hre: HardhatRuntimeEnvironment): string {
  const config = hre.network.config as { url?: string };
  const source = hre.network.name === CONSORTIUM_NETWORK ? " (CONSORTIUM_RPC_URL)" : "";
  return config.url === undefined ? "the in-process Hardhat network" : `${redactUrl(config.url)}${source}`;
}

/** Asks the node for its chain id: stops when it does not answer or answers another id than configured. */
export async function probeChainId(hre: HardhatRuntimeEnvironment): Promise<number> {
  const expected = hre.network.config.chainId;
  const variable = hre.network.name === CONSORTIUM_NETWORK ? "CONSORTIUM_CHAIN_ID" : "chainId";
  const mismatch = (answered: number) =>
    new PermanentDeployError(
      "CHAIN_ID_MISMATCH",
      variable,
      String(expected),
      `network ${hre.network.name}: ${variable} is ${expected} but the RPC at ${rpcLabel(hre)} answers chain id ${answered}`,
    );
  let answered: unknown;
  try {
    answered = await hre.network.provider.request({ method: "eth_chainId" });
  } catch (error) {
    // Hardhat's own chain-id check (HH101) answers first when the network config sets a chainId.
    const wrongChain = /HH101: .*with id (\d+)/.exec(firstLine(error));
    if (wrongChain) throw mismatch(Number(wrongChain[1]));
    const parent = (error as { parent?: { code?: string; message?: string } }).parent;
    const cause = parent?.code ?? parent?.message ?? firstLine(error);
    throw new RetryableDeployError(
      "UNREACHABLE",
      "url",
      rpcLabel(hre),
      `network ${hre.network.name}: cannot reach the RPC at ${rpcLabel(hre)}: ${cause}`,
    );
  }
  const chainId = Number(BigInt(answered as string));
  if (expected !== undefined && expected !== chainId) throw mismatch(chainId);
  return chainId;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until every transaction `account` has sent is mined (a run killed mid-way may leave some in the pool), so
 * what is read from the chain next is final.
 */
export async function waitForPendingTransactions(
  hre: HardhatRuntimeEnvironment,
  account: string,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<void> {
  const count = async (tag: string) =>
    Number(
      BigInt(
        (await hre.network.provider.request({ method: "eth_getTransactionCount", params: [account, tag] })) as string,
      ),
    );
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    const [pending, latest] = [await count("pending"), await count("latest")];
    if (pending <= latest) return;
    if (!announced) log(`waiting for ${pending - latest} pending transaction(s) of ${account} to be mined`);
    announced = true;
    if (Date.now() > deadline) {
      throw new RetryableDeployError(
        "PENDING_TRANSACTIONS",
        "deployer",
        account,
        `deployer ${account} still has ${pending - latest} pending transaction(s) after ${timeoutMs / 1000} s; run again once they are mined`,
      );
    }
    await sleep(250);
  }
}

/** Stops when `account` cannot pay `gas` at `pricePerGas` (skipped on zero-gas-price chains). */
export async function assertFunds(
  hre: HardhatRuntimeEnvironment,
  account: string,
  gas: bigint,
  pricePerGas: bigint,
  what: string,
): Promise<void> {
  if (gas === 0n || pricePerGas === 0n) return;
  const balance = BigInt(
    (await hre.network.provider.request({ method: "eth_getBalance", params: [account, "latest"] })) as string,
  );
  const needed = gas * pricePerGas;
  if (balance >= needed) return;
  throw new PermanentDeployError(
    "INSUFFICIENT_FUNDS",
    "deployer",
    account,
    `deployer ${account} holds ${formatEther(balance)} ETH on network ${hre.network.name} but ${what} needs up to ` +
      `${formatEther(needed)} ETH (${gas} gas at ${pricePerGas} wei); fund it, or use a zero-gas-price network (CONSORTIUM_GAS_PRICE=0)`,
  );
}
