import type { Client, Pending } from "../sdk";
import type { BootstrapPlan } from "./bootstrap-plan";
import { PermanentDeployError, RetryableDeployError, firstLine } from "./errors";

/**
 * Sends every step of the plan back to back through the SDK client (its nonces are consecutive: a whole consortium
 * lands in a block or two, whatever the block time), then waits for each receipt in order. A killed run leaves the
 * rest to the next one, which plans again from the chain.
 */
export async function executeBootstrap(
  client: Client,
  plan: BootstrapPlan,
  log: (line: string) => void,
): Promise<void> {
  const sent: Pending<void>[] = [];
  for (const step of plan.steps) {
    try {
      sent.push(await step.send(client.submit));
    } catch (error) {
      throw new RetryableDeployError(
        "TRANSACTION",
        step.kind,
        step.description,
        `bootstrap: could not send "${step.description}": ${firstLine(error)}`,
        { cause: error },
      );
    }
    log(`bootstrap: sent ${step.description} (tx ${sent[sent.length - 1].hash})`);
  }
  for (const [i, pending] of sent.entries()) {
    const step = plan.steps[i];
    let receipt;
    try {
      ({ receipt } = await pending.wait());
    } catch (error) {
      throw new PermanentDeployError(
        "TRANSACTION",
        step.kind,
        pending.hash,
        `bootstrap: "${step.description}" reverted (tx ${pending.hash}): ${firstLine(error)}; run the deploy again to re-plan from the chain`,
        { cause: error },
      );
    }
    log(`bootstrap: ${step.description}: done in block ${receipt.blockNumber} (gas ${receipt.gasUsed})`);
  }
}
