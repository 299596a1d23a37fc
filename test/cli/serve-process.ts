import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** `udi-ledger serve` as a child process: its output so far, and how it ended. */
export interface ServeProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `udi-ledger serve <args>` (the CLI's own entry, run from the TypeScript sources: no build needed) and waits
 * for its "serving" log line; a process that exits or takes over a minute first is killed and its output thrown.
 * The caller stops it by its pid.
 */
export async function startServeProcess(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ServeProcess> {
  const entry = "require('./src/cli/main').run(['node', 'udi-ledger', ...process.argv.slice(1)])";
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", entry, "serve", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 60_000;
  while (!out.includes('"msg":"serving"')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`udi-ledger serve did not start:\n${out}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, output: () => out, exited };
}
