import type { HttpNetworkUserConfig } from "hardhat/types";

/**
 * The networks deployments target, built from the environment or Hardhat configuration variables. This file is
 * imported by hardhat.config.ts, so it must not import the Hardhat runtime.
 */

export const CONSORTIUM_NETWORK = "consortium";
/** The embedded default chain started by `npm run chain` (`hardhat node`). */
export const LOCALHOST_URL = "http://127.0.0.1:8545";
/** Every network hardhat.config.ts defines. */
export const NETWORK_NAMES = ["hardhat", "localhost", CONSORTIUM_NETWORK] as const;
/** The URL the consortium network points to while CONSORTIUM_RPC_URL is unset (the `.invalid` TLD never resolves). */
export const UNSET_RPC_URL = "http://consortium-rpc-url-not-set.invalid";

export const REQUIRED_VARIABLES = ["CONSORTIUM_RPC_URL", "CONSORTIUM_CHAIN_ID", "CONSORTIUM_PRIVATE_KEY"] as const;
export const OPTIONAL_VARIABLES = ["CONSORTIUM_GAS_PRICE", "CONSORTIUM_CONFIRMATIONS"] as const;

/** Hardhat configuration variables (`npx hardhat vars set NAME`), or any source with the same shape. */
export interface VariableSource {
  has(name: string): boolean;
  get(name: string): string;
}

export interface ConsortiumSettings {
  /** JSON-RPC endpoint of one consortium node. */
  url: string;
  /** The chain id the node must answer. */
  chainId: number;
  /** The deployer's key, 0x-prefixed. */
  privateKey: string;
  /** Fixed gas price in wei (0 on free-gas networks), or "auto" to ask the node. */
  gasPrice: bigint | "auto";
  /** Blocks to wait for each transaction (1 on QBFT/IBFT: instant finality). */
  confirmations: number;
}

/** One missing or malformed variable; `message` names it and never echoes a key. */
export interface VariableProblem {
  variable: string;
  message: string;
}

type Env = Record<string, string | undefined>;

/** A variable from the environment, else from Hardhat configuration variables; blank counts as unset. */
export function readVariable(name: string, env: Env, vars?: VariableSource): string | undefined {
  const fromEnv = env[name]?.trim();
  if (fromEnv) return fromEnv;
  const fromVars = vars?.has(name) ? vars.get(name).trim() : undefined;
  return fromVars || undefined;
}

/** A URL without its credentials, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  } catch {
    return url.replace(/\/\/[^@/]*@/, "//");
  }
}

const positiveInteger = (raw: string, max = Number.MAX_SAFE_INTEGER): number | undefined =>
  /^[0-9]+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= max ? Number(raw) : undefined;

/** Reads and checks the consortium network's variables; `settings` is set only when there is no problem. */
export function readConsortiumSettings(
  env: Env,
  vars?: VariableSource,
): { settings?: ConsortiumSettings; problems: VariableProblem[] } {
  const problems: VariableProblem[] = [];
  const problem = (variable: string, message: string) => problems.push({ variable, message: `${variable} ${message}` });
  const read = (name: string) => readVariable(name, env, vars);

  const url = read("CONSORTIUM_RPC_URL");
  if (url === undefined) problem("CONSORTIUM_RPC_URL", "is not set (environment or Hardhat configuration variable)");
  else if (!/^https?:\/\/[^\s]+$/.test(url) || !URL.canParse(url)) {
    problem("CONSORTIUM_RPC_URL", `"${redactUrl(url)}" is not an http:// or https:// URL`);
  }

  const rawChainId = read("CONSORTIUM_CHAIN_ID");
  const chainId = rawChainId === undefined ? undefined : positiveInteger(rawChainId);
  if (rawChainId === undefined)
    problem("CONSORTIUM_CHAIN_ID", "is not set (environment or Hardhat configuration variable)");
  else if (chainId === undefined) problem("CONSORTIUM_CHAIN_ID", `"${rawChainId}" is not a positive integer`);

  const rawKey = read("CONSORTIUM_PRIVATE_KEY");
  const key = rawKey === undefined ? undefined : rawKey.startsWith("0x") ? rawKey : `0x${rawKey}`;
  if (key === undefined) {
    problem("CONSORTIUM_PRIVATE_KEY", "is not set (environment or Hardhat configuration variable)");
  } else if (!/^0x[0-9a-fA-F]{64}$/.test(key) || /^0x0{64}$/.test(key)) {
    problem("CONSORTIUM_PRIVATE_KEY", "is not a private key (64 hex digits, 0x optional; value not shown)");
  }

  const rawGasPrice = read("CONSORTIUM_GAS_PRICE") ?? "auto";
  const gasPrice = rawGasPrice === "auto" ? "auto" : /^[0-9]+$/.test(rawGasPrice) ? BigInt(rawGasPrice) : undefined;
  if (gasPrice === undefined) {
    problem("CONSORTIUM_GAS_PRICE", `"${rawGasPrice}" is neither "auto" nor a whole number of wei`);
  }

  const rawConfirmations = read("CONSORTIUM_CONFIRMATIONS") ?? "1";
  const confirmations = positiveInteger(rawConfirmations, 1000);
  if (confirmations === undefined) {
    problem("CONSORTIUM_CONFIRMATIONS", `"${rawConfirmations}" is not a whole number from 1 to 1000`);
  }

  if (problems.length > 0) return { problems };
  return {
    settings: { url: url!, chainId: chainId!, privateKey: key!, gasPrice: gasPrice!, confirmations: confirmations! },
    problems,
  };
}

/**
 * The `consortium` network for hardhat.config.ts. With any variable missing or malformed it still loads (so other
 * commands work) but points nowhere and holds no key; deploy and the admin tasks report the problem before sending.
 */
export function consortiumNetworkConfig(env: Env, vars?: VariableSource): HttpNetworkUserConfig {
  const { settings } = readConsortiumSettings(env, vars);
  if (!settings) return { url: UNSET_RPC_URL, accounts: [] };
  const fixed = settings.gasPrice === "auto" ? undefined : settings.gasPrice;
  return {
    url: settings.url,
    chainId: settings.chainId,
    accounts: [settings.privateKey],
    gasPrice: fixed === undefined ? "auto" : Number(fixed),
    ignition: fixed === undefined ? {} : { gasPrice: fixed, maxFeePerGas: fixed, maxPriorityFeePerGas: fixed },
  };
}

/** The `localhost` network: the embedded chain of `npm run chain`. */
export const localhostNetworkConfig = (): HttpNetworkUserConfig => ({ url: LOCALHOST_URL });

/** Blocks to wait for each transaction on `network` (1 unless CONSORTIUM_CONFIRMATIONS says otherwise). */
export function confirmationsFor(network: string, env: Env, vars?: VariableSource): number {
  if (network !== CONSORTIUM_NETWORK) return 1;
  return readConsortiumSettings(env, vars).settings?.confirmations ?? 1;
}
