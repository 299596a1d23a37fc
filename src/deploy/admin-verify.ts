import type { AdminContext } from "./admin-context";
import { planBootstrap } from "./bootstrap-plan";
import type { ConsortiumConfig } from "./consortium-config";
import { PermanentDeployError } from "./errors";
import { CONTRACT_NAMES } from "../manifest";
import { CONTRACT_KEYS } from "../sdk";

/** Blocks per eth_getLogs query (Besu's default cap is 5,000). */
const LOG_PAGE = 5_000;

/**
 * Checks a deployment against its manifest (and a consortium config): code at every address, wiring, pause state,
 * ledger heads, admin, and — with a config — that the bootstrap has nothing left to send. Prints one line per fact;
 * stops with the first discrepancy.
 */
export async function verifyDeployment(ctx: AdminContext, config?: ConsortiumConfig): Promise<void> {
  const { manifest, log } = ctx;
  const { contracts } = ctx.client;
  const provider = ctx.signer.provider!;
  const fail = (field: string, value: string, message: string): never => {
    throw new PermanentDeployError("CONFLICT", field, value, message);
  };
  log(`deployment ${manifest.deploymentId} on chain ${manifest.chainId}`);
  for (const name of CONTRACT_NAMES) {
    const { address, blockNumber } = manifest.contracts[name];
    if ((await provider.getCode(address)) === "0x") fail(name, address, `${name}: no code at ${address}`);
    const contract = contracts[CONTRACT_KEYS[name]];
    const [head, count] = await contract.ledgerHead();
    const paused = await contract.paused();
    log(
      `${name} ${address} (block ${blockNumber}): ${paused ? "PAUSED" : "active"}, ledger head ${head} after ${count} events`,
    );
  }
  // DeviceRegistry has no view of its modules: read the one ModulesWired event, paging as Besu's log cap requires.
  const { devices } = contracts;
  const latest = await provider.getBlockNumber();
  let wired: unknown[] | undefined;
  for (let from = manifest.contracts.DeviceRegistry.blockNumber; from <= latest && !wired; from += LOG_PAGE) {
    const events = await devices.queryFilter(
      devices.filters.ModulesWired(),
      from,
      Math.min(from + LOG_PAGE - 1, latest),
    );
    wired = events[0]?.args.slice(0, 3);
  }
  const expected = [contracts.lifecycle, contracts.recalls, contracts.anchors];
  const expectedAddresses = await Promise.all(expected.map((c) => c.getAddress()));
  if (!wired) fail("DeviceRegistry", "", "DeviceRegistry was never wired to its modules (no ModulesWired event)");
  if (wired!.join() !== expectedAddresses.join()) {
    fail(
      "DeviceRegistry",
      wired!.join(),
      `DeviceRegistry is wired to ${wired!.join(", ")}, not the manifest's modules`,
    );
  }
  log("DeviceRegistry is wired to the lifecycle, recall and anchor modules");
  const [pending, schedule] = await contracts.directory.pendingDefaultAdmin();
  const pendingText = schedule === 0n ? "none" : `${pending} from ${new Date(Number(schedule) * 1000).toISOString()}`;
  log(`consortium admin ${await contracts.directory.defaultAdmin()}, pending transfer: ${pendingText}`);
  if (config) {
    const plan = await planBootstrap(contracts.directory, config, ctx.signerAddress).catch((error: Error) =>
      fail("config", "", error.message),
    );
    plan.notes.forEach((note) => log(`note: ${note}`));
    if (plan.steps.length > 0) {
      fail(
        "config",
        String(plan.steps.length),
        `the chain lacks ${plan.steps.length} bootstrap step(s) of the config (first: ${plan.steps[0].description})`,
      );
    }
    log(`the chain holds all ${config.organisations.length} organisations of the config`);
  }
}
