import { join } from "node:path";

/** Bundled worker code by entry file, built once per process. */
const bundled = new Map<string, string>();

/**
 * The code of a worker thread whose entry is `name` (without extension) in `dir`. Compiled JavaScript runs as it
 * is; from the TypeScript sources (tests, the `udi-ledger` bin under ts-node) esbuild bundles the worker and its
 * imports in ≈ 0.1 s, once per process, where ts-node in the worker took 1.5–2.0 s to start (loading the TypeScript
 * compiler). Packages stay `require`s, resolved from `dir` (code evaluated in a worker would resolve them from the
 * working directory).
 */
export function workerCode(dir: string, name: string): { code: string; eval: boolean } {
  if (!__filename.endsWith(".ts")) return { code: join(dir, `${name}.js`), eval: false };
  const entry = join(dir, `${name}.ts`);
  let code = bundled.get(entry);
  if (!code) {
    code = bundleWorker(entry, dir);
    bundled.set(entry, code);
  }
  return { code, eval: true };
}

function bundleWorker(entry: string, dir: string): string {
  // Loaded only here: installed as a development dependency, like ts-node, which the TypeScript sources need anyway.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildSync } = require("esbuild") as typeof import("esbuild");
  const { outputFiles } = buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    write: false,
    // Not esbuild's default (the working directory when it was first loaded, which may since have gone).
    absWorkingDir: dir,
  });
  return (
    `(function (require, module, exports) {\n${outputFiles[0].text}\n})` +
    `(require("node:module").createRequire(${JSON.stringify(entry)}), { exports: {} }, {});`
  );
}
