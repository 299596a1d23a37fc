import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import {
  FeeData,
  HDNodeWallet,
  JsonRpcProvider,
  Wallet,
  formatEther,
  keccak256,
  parseEther,
  toUtf8Bytes,
  type BaseWallet,
} from "ethers";
import type { OrgKey } from "./consortium";
import { probeGasCost, type ZeroFees } from "./gas";

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
  /** What the demo found out about gas on a chain given by --rpc, and what it did about it (printed). */
  gas?: string;
  stop(): Promise<void>;
}

/**
 * A provider that quotes the chain's zero fees once it is known to be free, so every signer connected to it sends
 * zero-priced transactions. ethers would take `eth_gasPrice` when the base fee is zero (it tests the base fee for
 * truth), and anvil with `--gas-price 0 --base-fee 0` answers 1 gwei there: an unfunded key could not send.
 */
class DemoProvider extends JsonRpcProvider {
  #zeroFees?: FeeData;

  sendZeroPriced(fees: ZeroFees): void {
    this.#zeroFees = new FeeData(fees.gasPrice ?? null, fees.maxFeePerGas ?? null, fees.maxPriorityFeePerGas ?? null);
  }

  override async getFeeData(): Promise<FeeData> {
    return this.#zeroFees ?? super.getFeeData();
  }
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

/** What the demo sends each organisation key that holds less than {@link LOW_BALANCE} on a chain that charges. */
const FUNDING = parseEther("0.1");
const LOW_BALANCE = parseEther("0.05");

/**
 * Uses the chain at `url`: deploys with CONSORTIUM_PRIVATE_KEY, each organisation signing with a key derived from it.
 * Where gas is free (judged by {@link probeGasCost}: a zero-priced transaction from an empty key is mined) every
 * signer sends zero-priced transactions and no key is funded; otherwise the deployer funds the organisation keys.
 */
export async function connectChain(url: string): Promise<DemoChain> {
  const provider = new DemoProvider(url, undefined, { cacheTimeout: -1 });
  const chainId = await waitForRpc(provider);
  const key = process.env.CONSORTIUM_PRIVATE_KEY;
  const accounts = {} as Record<OrgKey, BaseWallet[]>;
  const stop = async () => provider.destroy();
  if (!key || !/^(0x)?[0-9a-fA-F]{64}$/.test(key)) {
    await stop();
    throw new Error(
      "CONSORTIUM_PRIVATE_KEY must be set to a 32-byte hex key of the chain given by --rpc (funded where gas is charged)",
    );
  }
  try {
    const deployer = new Wallet(key, provider);
    for (const [org, count] of ORG_ACCOUNTS) {
      accounts[org] = Array.from(
        { length: count },
        (_, i) => new Wallet(keccak256(toUtf8Bytes(`${key}:udi-ledger-demo:${org}:${i}`)), provider),
      );
    }
    const cost = await probeGasCost(provider);
    if (cost.free) {
      provider.sendZeroPriced(cost.fees);
      return { url, chainId, provider, deployerKey: key, accounts, gas: `gas is free (${cost.evidence})`, stop };
    }
    const unfunded: BaseWallet[] = [];
    for (const signer of Object.values(accounts).flat()) {
      if ((await provider.getBalance(signer.address)) < LOW_BALANCE) unfunded.push(signer);
    }
    const balance = await provider.getBalance(deployer.address);
    if (balance < FUNDING * BigInt(unfunded.length)) {
      throw new Error(
        `the chain charges for gas (${cost.evidence}) and the CONSORTIUM_PRIVATE_KEY account ${deployer.address} ` +
          `holds ${formatEther(balance)} ether: it needs more than ${formatEther(FUNDING * BigInt(unfunded.length))} ` +
          `to fund ${unfunded.length} organisation keys, and gas for the deployment`,
      );
    }
    for (const signer of unfunded) {
      await (await deployer.sendTransaction({ to: signer.address, value: FUNDING })).wait();
    }
    const gas = `gas is charged (${cost.evidence}): ${unfunded.length} organisation keys funded by the deployer`;
    return { url, chainId, provider, deployerKey: key, accounts, gas, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
