import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const ROOT = path.resolve(__dirname, "..", "..");
const run = promisify(execFile);

/** What a demo run left: its output folder and what it printed. Both are set once the block's `before` has run. */
export interface DemoRun {
  out: string;
  stdout: string;
}

/**
 * The README's `npm run demo`, run once before the tests of the enclosing `describe` with `args()` and a smaller device
 * count than the default 120, into a fresh folder named from `prefix` that is removed after them. `env()` is the
 * environment of the run (this process's when it gives none); both are read when the run starts, so they may use what
 * an earlier `before` set up.
 */
export function demoRun(
  prefix: string,
  args: () => string[],
  env: () => NodeJS.ProcessEnv = () => process.env,
): DemoRun {
  const demo: DemoRun = { out: "", stdout: "" };
  before(async () => {
    demo.out = mkdtempSync(path.join(tmpdir(), prefix));
    ({ stdout: demo.stdout } = await run(
      "npm",
      ["run", "demo", "--", ...args(), "--devices", "40", "--out", demo.out],
      {
        cwd: ROOT,
        env: env(),
        maxBuffer: 64 * 1024 * 1024,
      },
    ));
  });
  after(() => {
    if (demo.out) rmSync(demo.out, { recursive: true, force: true });
  });
  return demo;
}
