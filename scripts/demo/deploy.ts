import { execFile } from "node:child_process";
import { copyFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { DemoChain } from "./chain";
import { consortiumConfig, type OrgKey } from "./consortium";

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * Deploys and bootstraps the demo consortium through the deployment code path (`scripts/deploy.ts`, network
 * `consortium` pointed at the chain) and returns the path of the manifest, copied to `<out>/deployment.json`.
 */
export async function deployDemo(chain: DemoChain, out: string): Promise<string> {
  const accounts = Object.fromEntries(
    Object.entries(chain.accounts).map(([k, signers]) => [k, signers.map((s) => s.address)]),
  ) as Record<OrgKey, string[]>;
  const configPath = path.join(out, "consortium.json");
  writeFileSync(configPath, JSON.stringify(consortiumConfig(accounts), null, 2) + "\n");
  const manifestDir = path.join(out, "deployments");
  const args = ["--transpile-only", path.join(ROOT, "scripts", "deploy.ts"), "--network", "consortium"];
  args.push("--consortium", configPath, "--manifest-dir", manifestDir, "--journal-dir", path.join(out, "ignition"));
  const env = {
    ...process.env,
    CONSORTIUM_RPC_URL: chain.url,
    CONSORTIUM_CHAIN_ID: String(chain.chainId),
    CONSORTIUM_PRIVATE_KEY: chain.deployerKey,
  };
  const tsNode = path.join(ROOT, "node_modules", "ts-node", "dist", "bin.js");
  try {
    await promisify(execFile)(process.execPath, [tsNode, ...args], { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`deployment failed: ${(e.stderr || e.message).trim()}`, { cause: error });
  }
  const manifestPath = path.join(out, "deployment.json");
  copyFileSync(path.join(manifestDir, "consortium.json"), manifestPath);
  return manifestPath;
}
