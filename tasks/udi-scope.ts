import { scope } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { AdminContext } from "../src/deploy/admin-context";
import type * as AdminLibrary from "./admin-library";
import { taskOutput } from "./task-output";

/** `npx hardhat udi <task>`: the admin and governance tasks of udi-ledger. */
export const udi = scope("udi", "udi-ledger consortium administration (admin and governance tasks)");

export type Library = typeof AdminLibrary;
export type Args = Record<string, string | undefined>;
export type Body = (lib: Library, ctx: AdminContext, args: Args) => Promise<unknown>;

/**
 * A task's action: loads the library, builds the admin context (manifest, network, signer), runs `body`; a refusal
 * is one line on stderr, exit code 1, and the error returned (for scripts calling `hre.run`).
 */
export const udiAction =
  (name: string, body: Body) =>
  async (args: Args, hre: HardhatRuntimeEnvironment): Promise<unknown> => {
    const lib: Library = await import("./admin-library");
    try {
      const ctx = await lib.adminContext(hre, args.manifest, (line) => taskOutput.line(line), args.from);
      await body(lib, ctx, args);
      return undefined;
    } catch (error) {
      if (!(error instanceof lib.DeployError)) throw error;
      taskOutput.refusal(`udi ${name}: ${error.message}`);
      process.exitCode = 1;
      return error;
    }
  };
