import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import { ROOT, freePort, stopByPid } from "./processes";

/** The well-known development mnemonic anvil funds its accounts from. */
export const ANVIL_MNEMONIC = "test test test test test test test test test test test junk";

export interface Anvil {
  url: string;
  chainId: number;
  provider: JsonRpcProvider;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts anvil (the npm package @foundry-rs/anvil) as a separate process on a free loopback port, on the `paris`
 * hardfork; `freeGas` adds `--base-fee 0 --gas-price 0`, `blockTime` mines on an interval instead of per transaction.
 */
export async function startAnvil(options: { chainId: number; freeGas: boolean; blockTime?: number }): Promise<Anvil> {
  const port = await freePort();
  const args = [
    "--hardfork",
    "paris",
    "--chain-id",
    String(options.chainId),
    "--port",
    String(port),
    "--host",
    "127.0.0.1",
  ];
  if (options.freeGas) args.push("--base-fee", "0", "--gas-price", "0");
  if (options.blockTime !== undefined) args.push("--block-time", String(options.blockTime));
  const child = spawn(path.join(ROOT, "node_modules", ".bin", "anvil"), args, { cwd: ROOT, stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  const provider = new JsonRpcProvider(url, options.chainId, { staticNetwork: true, pollingInterval: 200 });
  const stop = async () => {
    provider.destroy();
    await stopByPid(child);
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      await provider.getBlockNumber();
      return { url, chainId: options.chainId, provider, process: child, stop };
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`anvil did not start on ${url}: ${(error as Error).message}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
