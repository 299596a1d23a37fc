import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { HDNodeWallet, JsonRpcProvider, Wallet, keccak256, parseEther, toUtf8Bytes, type BaseWallet } from "ethers";
import type { OrgKey } from "./consortium";

const ROOT = path.resolve(__dirname, "..", "..");
/** Hardhat's well-known development mnemonic: its keys are public and fund only local chains. */
const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/** The chain the demo runs on, the key that deploys, and one signer per organisation account. */
export interface DemoChain {
  url: string;
  chainId: number;
  provider: JsonRpcProvider;
  deployerKey: string;
  accounts: Record<OrgKey, BaseWallet[]>;
  stop(): Promise<void>;
}

const ORG_ACCOUNTS: [OrgKey, number][] = [
  ["manufacturer", 1],
  ["distributorNorth", 1],
  ["distributorSouth", 1],
  ["hospitalCity", 2],
  ["hospitalCounty", 1],
  ["service", 1],
  ["regulator", 1],
  ["gateway", 1],
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForRpc(provider: JsonRpcProvider, child?: ChildProcess): Promise<number> {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (child && child.exitCode !== null) throw new Error(`hardhat node exited with code ${child.exitCode}`);
    try {
      return Number((await provider.getNetwork()).chainId);
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`no JSON-RPC answer at ${provider._getConnection().url}`);
}

/** Starts `hardhat node` on a free loopback port; the development keys are its funded accounts. */
export async function startLocalChain(): Promise<DemoChain> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules", "hardhat", "internal", "cli", "bootstrap.js"), "node"].concat([
      "--hostname",
      "127.0.0.1",
      "--port",
      String(port),
    ]),
    { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
  );
  const url = `http://127.0.0.1:${port}`;
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: false, cacheTimeout: -1 });
  const stop = async () => {
    provider.destroy();
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  };
  try {
    const chainId = await waitForRpc(provider, child);
    const wallet = (i: number) => HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`);
    let next = 1;
    const accounts = {} as Record<OrgKey, BaseWallet[]>;
    for (const [key, count] of ORG_ACCOUNTS) {
      accounts[key] = Array.from({ length: count }, () => wallet(next++).connect(provider));
    }
    return { url, chainId, provider, deployerKey: wallet(0).privateKey, accounts, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Uses the chain at `url`: deploys with CONSORTIUM_PRIVATE_KEY, each organisation signing with a key derived from it
 * (funded by the deployer where gas is not free).
 */
export async function connectChain(url: string): Promise<DemoChain> {
  const provider = new JsonRpcProvider(url, undefined, { cacheTimeout: -1 });
  const chainId = await waitForRpc(provider);
  const key = process.env.CONSORTIUM_PRIVATE_KEY;
  const accounts = {} as Record<OrgKey, BaseWallet[]>;
  const stop = async () => provider.destroy();
  if (key && /^(0x)?[0-9a-fA-F]{64}$/.test(key)) {
    const deployer = new Wallet(key, provider);
    const gasPrice = (await provider.getFeeData()).gasPrice ?? 0n;
    for (const [org, count] of ORG_ACCOUNTS) {
      accounts[org] = [];
      for (let i = 0; i < count; i++) {
        const derived = new Wallet(keccak256(toUtf8Bytes(`${key}:udi-ledger-demo:${org}:${i}`)), provider);
        if (gasPrice > 0n && (await provider.getBalance(derived.address)) < parseEther("0.05")) {
          await (await deployer.sendTransaction({ to: derived.address, value: parseEther("0.1") })).wait();
        }
        accounts[org].push(derived);
      }
    }
    return { url, chainId, provider, deployerKey: key, accounts, stop };
  }
  await stop();
  throw new Error("CONSORTIUM_PRIVATE_KEY must be set to a funded 32-byte hex key of the chain given by --rpc");
}
