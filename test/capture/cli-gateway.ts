import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../indexer/helpers/net";
import { EPCIS_SCHEMA } from "../helpers/standards";
import { keyOf, type CaptureChain, type Member } from "./harness";

const ROOT = join(__dirname, "..", "..");

/** `udi-ledger serve --capture` as a child process: its URL, its output so far, and how it ended. */
export interface CliGateway {
  url: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `udi-ledger serve --capture` (the CLI's own entry, run from the TypeScript sources) for `member` on
 * `dbPath`, its key in UDI_SIGNER_KEY, and waits until it serves. The caller stops it by its pid.
 */
export async function startCliGateway(
  chain: CaptureChain,
  member: Member,
  dbPath: string,
  rpcUrl = chain.node.url,
): Promise<CliGateway> {
  const manifestPath = join(chain.dir, "manifest.json");
  writeFileSync(manifestPath, JSON.stringify(chain.manifest));
  const port = await freePort();
  const args = ["--rpc", rpcUrl, "--deployment", manifestPath, "--db", dbPath, "--port", String(port)];
  const child = spawn(
    process.execPath,
    [
      "-r",
      "ts-node/register/transpile-only",
      "-e",
      "require('./src/cli/main').run(['node', 'udi-ledger', ...process.argv.slice(1)])",
      "serve",
      ...args,
      "--capture",
      "--epcis-schema",
      EPCIS_SCHEMA,
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, UDI_SIGNER_KEY: keyOf(member) } },
  );
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 60_000;
  while (!out.includes('"msg":"serving"')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`udi-ledger serve --capture did not start:\n${out}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: `http://127.0.0.1:${port}`, child, output: () => out, exited };
}
