import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { readFileSync } from "node:fs";

export const ROOT = path.resolve(__dirname, "..", "..", "..");
const BIN = path.join(ROOT, "node_modules", ".bin");

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Waits until `child` has exited (or `ms` passed); true when it exited. */
export function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Stops a process this test started, by its pid: SIGTERM, then SIGKILL if it lingers. */
export async function stopByPid(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  process.kill(child.pid, "SIGTERM");
  if (!(await exited(child, 5_000))) {
    process.kill(child.pid, "SIGKILL");
    await exited(child, 5_000);
  }
}

/** The environment for a child: this one without any network or consortium setting a test did not choose. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${BIN}${path.delimiter}${process.env.PATH}` };
  for (const key of Object.keys(env)) {
    if (key.startsWith("CONSORTIUM_") || key.startsWith("HARDHAT_VAR_") || key === "HARDHAT_NETWORK") delete env[key];
  }
  return { ...env, ...extra };
}

/** `npm run deploy`'s command line, from package.json, with `args` appended (run without npm's own output). */
export function deployCommand(args: string[]): { file: string; argv: string[] } {
  const scripts = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
  const [bin, ...rest] = scripts.deploy.split(/\s+/);
  return { file: path.join(BIN, bin), argv: [...rest, ...args] };
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `npm run deploy -- <args>`; `onLine` sees each stdout line as it comes. */
export function startDeploy(args: string[], env: Record<string, string>, onLine?: (line: string) => void) {
  const { file, argv } = deployCommand(args);
  const child = spawn(file, argv, { cwd: ROOT, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let partial = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    partial += chunk.toString();
    const lines = partial.split("\n");
    partial = lines.pop()!;
    lines.forEach((line) => onLine?.(line));
  });
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Finished>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

/** Runs `npx hardhat <args>` (an admin task, say) to the end. */
export function runHardhat(args: string[], env: Record<string, string>): Promise<Finished> {
  const child = spawn(path.join(BIN, "hardhat"), args, {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

/** Runs `npm run deploy -- <args>` to the end. */
export const runDeploy = (args: string[], env: Record<string, string> = {}): Promise<Finished> =>
  startDeploy(args, env).done;
