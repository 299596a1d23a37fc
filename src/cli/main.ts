import { readFileSync } from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { registerUdiCommand } from "./commands/udi";
import { registerAuditCommands } from "./commands/audit";
import { registerDbCommands } from "./commands/db";
import { registerRecordsCommands } from "./commands/records";
import { registerServeCommand } from "./commands/serve";
import { registerTokenCommands } from "./commands/token";

/** This package's version: from its package.json, found above this file (src/cli in the sources, dist/src/cli built). */
function packageVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "udi-ledger" && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level: look further up
    }
  }
  return "unknown";
}

/** The `udi-ledger` command: one program, one file per group of subcommands. */
export function createProgram(): Command {
  const program = new Command("udi-ledger")
    .description("udi-ledger: medical-device traceability on a permissioned EVM chain")
    .version(packageVersion())
    .showHelpAfterError();
  registerUdiCommand(program);
  registerAuditCommands(program);
  registerDbCommands(program);
  registerRecordsCommands(program);
  registerServeCommand(program);
  registerTokenCommands(program);
  return program;
}

/** Runs the command line `argv`; an error no command handled is printed as one line, exit code 1. */
export function run(argv: readonly string[]): Promise<void> {
  return createProgram()
    .parseAsync(argv)
    .then(() => undefined)
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
