import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Client } from "../sdk";
import { executeBootstrap } from "./bootstrap-execute";
import { assertFunds } from "./chain-checks";
import type { ConsortiumConfig } from "./consortium-config";
import { PermanentDeployError, RetryableDeployError } from "./errors";
import { planHandover } from "./governance-handover";

/** The longest wait for the admin transfer's delay within one run; a longer one ends the run (run it again later). */
const MAX_WAIT_SECONDS = 60n;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Checks a config can be deployed `--governance`, before anything is sent. */
export function assertGovernanceConfig(config: ConsortiumConfig | undefined): asserts config is ConsortiumConfig & {
  governance: NonNullable<ConsortiumConfig["governance"]>;
} {
  if (config?.governance === undefined) {
    throw new PermanentDeployError(
      "CONFIG",
      "governance",
      "",
      "--governance needs a consortium config (--consortium) with a governance section (the governor's parameters)",
    );
  }
  if (config.admin !== undefined) {
    throw new PermanentDeployError(
      "CONFIG",
      "admin",
      config.admin,
      "a governed deployment hands the admin to the timelock: remove the admin field or deploy without --governance",
    );
  }
}

/**
 * Waits (≤ about a minute) until the chain's time has reached `after` and `ready` (the acceptance, simulated on the
 * pending block) passes: whether the next block is later than the last depends on the node. A longer wait stops the
 * run, to be run again.
 */
async function waitForChainTime(
  hre: HardhatRuntimeEnvironment,
  after: bigint,
  ready: () => Promise<boolean>,
  log: (line: string) => void,
) {
  const at = new Date(Number(after) * 1000).toISOString();
  for (let waited = 0n; ; waited++) {
    const latest = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp);
    const now = BigInt(Math.floor(Date.now() / 1000));
    const chainNow = latest > now ? latest : now;
    if (after - chainNow > MAX_WAIT_SECONDS || waited > MAX_WAIT_SECONDS + 10n) {
      throw new RetryableDeployError(
        "ADMIN_TRANSFER_PENDING",
        "adminTransferDelaySeconds",
        String(after - chainNow),
        `the directory's admin transfer to the timelock can be accepted after ${at}: run the deploy again then`,
      );
    }
    if (chainNow >= after && (await ready())) return;
    if (waited === 0n) log(`governance: waiting until ${at} for the admin transfer's delay`);
    await sleep(1_000);
  }
}

/**
 * Hands a deployment whose founding members are admitted to governance: guardian, admin transfer to the timelock,
 * then `completeBootstrap`. Each phase is planned from the chain, so a run stopped anywhere completes when run again
 * and sends nothing once done. Returns the transactions sent.
 */
export async function handOverToGovernance(
  hre: HardhatRuntimeEnvironment,
  client: Client,
  config: ConsortiumConfig,
  deployer: string,
  maxPricePerGas: bigint,
  log: (line: string) => void,
): Promise<number> {
  let sent = 0;
  // At most two phases: the transfer begun, then accepted.
  for (let phase = 0; phase < 3; phase++) {
    const plan = await planHandover(client, config, deployer);
    plan.notes.forEach((note) => log(`governance: ${note}`));
    if (plan.done) return sent;
    if (plan.acceptableAfter !== undefined) {
      const { timelock, governor, directory } = client.contracts;
      const ready = () =>
        timelock!.completeBootstrap.estimateGas(governor!.target, [directory.target]).then(
          () => true,
          () => false,
        );
      await waitForChainTime(hre, plan.acceptableAfter, ready, log);
    }
    const gas = plan.steps.reduce((sum, s) => sum + s.gasLimit, 0n);
    await assertFunds(
      hre,
      deployer,
      gas,
      maxPricePerGas,
      `the hand-over to governance (${plan.steps.length} transactions)`,
    );
    await executeBootstrap(client, plan, log);
    sent += plan.steps.length;
  }
  throw new PermanentDeployError("CONFLICT", "governance", deployer, "the hand-over to the timelock did not complete");
}
