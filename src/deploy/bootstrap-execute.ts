import type { Signer, TransactionReceipt, TransactionResponse } from "ethers";
import type { BootstrapPlan } from "./bootstrap-plan";
import { PermanentDeployError, RetryableDeployError, firstLine } from "./errors";
import type { FeeOverrides } from "./fees";

/**
 * Sends every step of the plan back to back with consecutive nonces (a whole consortium lands in a block or two,
 * whatever the block time), then waits for each receipt in order. A killed run leaves the rest to the next one, which
 * plans again from the chain.
 */
export async function executeBootstrap(
  signer: Signer,
  plan: BootstrapPlan,
  fees: FeeOverrides,
  confirmations: number,
  log: (line: string) => void,
): Promise<void> {
  let nonce = await signer.getNonce("pending");
  const sent: TransactionResponse[] = [];
  for (const step of plan.steps) {
    try {
      sent.push(
        await signer.sendTransaction({ to: plan.directory, data: step.data, gasLimit: step.gasLimit, nonce, ...fees }),
      );
    } catch (error) {
      throw new RetryableDeployError(
        "TRANSACTION",
        step.kind,
        step.description,
        `bootstrap: could not send "${step.description}": ${firstLine(error)}`,
      );
    }
    nonce += 1;
    log(`bootstrap: sent ${step.description} (tx ${sent[sent.length - 1].hash})`);
  }
  for (const [i, tx] of sent.entries()) {
    const step = plan.steps[i];
    let receipt: TransactionReceipt | null;
    try {
      receipt = await tx.wait(confirmations);
    } catch (error) {
      const failed = (error as { receipt?: TransactionReceipt }).receipt;
      const where = failed ? ` in block ${failed.blockNumber}` : "";
      throw new PermanentDeployError(
        "TRANSACTION",
        step.kind,
        tx.hash,
        `bootstrap: "${step.description}" reverted${where} (tx ${tx.hash}); run the deploy again to re-plan from the chain`,
      );
    }
    log(`bootstrap: ${step.description}: done in block ${receipt?.blockNumber} (gas ${receipt?.gasUsed})`);
  }
}
