import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { freePort, rpcCall } from "./net";

/** An anvil node started by a test: kill exactly this process in `after`. */
export interface AnvilNode {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

const ANVIL = join(__dirname, "..", "..", "..", "node_modules", ".bin", "anvil");

/** Starts `anvil --hardfork paris` on a free loopback port and waits until it answers. */
export async function startAnvil(extraArgs: string[] = []): Promise<AnvilNode> {
  const port = await freePort();
  const child = spawn(
    ANVIL,
    ["--hardfork", "paris", "--host", "127.0.0.1", "--port", String(port), "--base-fee", "0", "--silent", ...extraArgs],
    { stdio: "ignore" },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      await rpcCall(url, "eth_chainId");
      break;
    } catch (error) {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill("SIGKILL");
        throw new Error(`anvil did not start on port ${port}: ${(error as Error).message}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}
