import { createProgram, run } from "../../src/cli/main";

type Captured = { stdout: string; stderr: string; exitCode: number };

/** Runs `main` with `env` set, capturing what it prints and the exit code it sets; restores all three after. */
async function captured(env: Record<string, string>, main: () => Promise<unknown>): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const saved = { exitCode: process.exitCode, env: { ...process.env } };
  process.exitCode = undefined;
  Object.assign(process.env, env);
  process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    await main();
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    process.env = saved.env;
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = saved.exitCode;
  return { stdout: out.join(""), stderr: err.join(""), exitCode };
}

/** Runs `udi-ledger <args>` in-process; an error no command handled rejects (so tests can read it whole). */
export const cli = (...args: string[]): Promise<Captured> =>
  captured({}, () => createProgram().parseAsync(["node", "udi-ledger", ...args]));

/** Runs `udi-ledger <args>` in-process exactly as the bin does (`run`: errors printed, exit code set), with `env`. */
export const cliAsBin = (env: Record<string, string>, ...args: string[]): Promise<Captured> =>
  captured(env, () => run(["node", "udi-ledger", ...args]));
