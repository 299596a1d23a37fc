#!/usr/bin/env node
// Entry point of the `udi-ledger` command: the compiled JavaScript (`npm run build`; `npm ci` builds it).
require("../dist/src/cli/main").run(process.argv);
