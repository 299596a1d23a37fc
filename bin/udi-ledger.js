#!/usr/bin/env node
// Entry point of the `udi-ledger` command: runs the TypeScript sources through ts-node (installed by `npm ci`).
require("ts-node").register({
  transpileOnly: true,
  project: require("node:path").join(__dirname, "..", "tsconfig.json"),
});
require("../src/cli/main")
  .createProgram()
  .parseAsync(process.argv)
  .catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
