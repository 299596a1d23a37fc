import { Command } from "commander";
import { registerUdiCommand } from "./commands/udi";
import { registerAuditCommands } from "./commands/audit";
import { registerRecordsCommands } from "./commands/records";

/** The `udi-ledger` command: one program, one file per group of subcommands. */
export function createProgram(): Command {
  const program = new Command("udi-ledger")
    .description("udi-ledger: medical-device traceability on a permissioned EVM chain")
    .showHelpAfterError();
  registerUdiCommand(program);
  registerAuditCommands(program);
  registerRecordsCommands(program);
  return program;
}

if (require.main === module) {
  createProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
