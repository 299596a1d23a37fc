import type { Command } from "commander";

/** Registers the auditor commands (being written: issue 5). */
export function registerAuditCommands(program: Command): void {
  void program;
}
