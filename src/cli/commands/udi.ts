import type { Command } from "commander";

/** Registers `udi-ledger udi` (being written: issue 4). */
export function registerUdiCommand(program: Command): void {
  void program;
}
