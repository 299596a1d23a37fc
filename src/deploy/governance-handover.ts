import { getAddress } from "ethers";
import type { Client } from "../sdk";
import type { BootstrapPlan, BootstrapStep } from "./bootstrap-plan";
import { GOVERNANCE_STEP_GAS, STEP_GAS, stepGas } from "./bootstrap-plan";
import type { ConsortiumConfig } from "./consortium-config";
import { PermanentDeployError } from "./errors";

/** The most gas the hand-over can take: the guardian, the admin transfer and `completeBootstrap`. */
export const HANDOVER_GAS_UPPER_BOUND =
  GOVERNANCE_STEP_GAS.grantGuardian + STEP_GAS.beginAdminTransfer + GOVERNANCE_STEP_GAS.completeBootstrap;

/** Where a governed deployment's hand-over stands, read from the chain. */
export interface HandoverPlan extends BootstrapPlan {
  /** Whether the timelock already holds the directory's admin and the deployer no role: nothing is left. */
  done: boolean;
  /** When the admin transfer to the timelock is pending: the time (seconds) after which it can be accepted. */
  acceptableAfter?: bigint;
}

const step = (
  kind: BootstrapStep["kind"],
  description: string,
  send: (submit: Client["submit"], options: { gasLimit: bigint }) => ReturnType<BootstrapStep["send"]>,
): BootstrapStep => ({ kind, description, gasLimit: stepGas(kind), send: (s) => send(s, { gasLimit: stepGas(kind) }) });

/**
 * What is left of the hand-over to governance (run once the founding members are admitted): grant the guardian,
 * begin the directory's admin transfer to the timelock, then — once its delay has passed — `completeBootstrap`,
 * which accepts it, makes the governor the timelock's proposer and canceller and revokes the deployer's admin of the
 * timelock. Reads only; the first phase's steps are returned until the transfer is pending, then the last step.
 */
export async function planHandover(client: Client, config: ConsortiumConfig, deployer: string): Promise<HandoverPlan> {
  const { directory, timelock, governor } = client.contracts;
  if (!timelock || !governor) {
    throw new PermanentDeployError("MANIFEST", "contracts", client.manifest.deploymentId, "no timelock or governor");
  }
  const timelockAddress = getAddress(await timelock.getAddress());
  const admin = getAddress(await directory.defaultAdmin());
  const deployerAdminsTimelock = await timelock.hasRole(await timelock.DEFAULT_ADMIN_ROLE(), deployer);
  if (admin === timelockAddress) {
    if (deployerAdminsTimelock) {
      throw new PermanentDeployError(
        "CONFLICT",
        "deployer",
        deployer,
        `the timelock holds the directory's admin but ${deployer} still administers the timelock (not completed by this deployment)`,
      );
    }
    return { steps: [], notes: [`the timelock ${timelockAddress} is the consortium admin`], done: true };
  }
  if (admin !== getAddress(deployer) || !deployerAdminsTimelock) {
    throw new PermanentDeployError(
      "NOT_ADMIN",
      "admin",
      deployer,
      `${deployer} cannot hand over to the timelock: the directory's admin is ${admin}` +
        (deployerAdminsTimelock ? "" : " and the deployer does not administer the timelock"),
    );
  }

  const steps: BootstrapStep[] = [];
  const guardian = config.governance?.guardian;
  if (guardian !== undefined && !(await directory.hasRole(await directory.GUARDIAN_ROLE(), guardian))) {
    steps.push(
      step("grantGuardian", `grant the guardian role to ${guardian}`, (s, options) =>
        s.directory.grantGuardian({ account: guardian }, options),
      ),
    );
  }
  const [pending, schedule] = await directory.pendingDefaultAdmin();
  if (getAddress(pending) !== timelockAddress || schedule === 0n) {
    steps.push(
      step("beginAdminTransfer", `begin the directory's admin transfer to the timelock ${timelockAddress}`, (s, o) =>
        s.directory.beginDefaultAdminTransfer({ newAdmin: timelockAddress }, o),
      ),
    );
    return { steps, notes: [], done: false };
  }
  const directoryAddress = await directory.getAddress();
  steps.push(
    step("completeBootstrap", `complete the bootstrap: the timelock accepts the admin, the governor proposes`, (s, o) =>
      s.governance.completeBootstrap({ contracts: [directoryAddress] }, o),
    ),
  );
  return { steps, notes: [], done: false, acceptableAfter: schedule };
}
