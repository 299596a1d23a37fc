import { UdiLedgerError } from "../errors";

/** What went wrong, in one word a script or a test can branch on. */
export type DeployErrorCode =
  | "USAGE" // a command-line argument is missing or malformed
  | "UNKNOWN_NETWORK" // no network of that name in hardhat.config.ts
  | "VARIABLE" // a CONSORTIUM_* variable is missing or malformed
  | "CONFIG" // the consortium config file is unreadable or invalid
  | "UNREACHABLE" // the RPC endpoint did not answer
  | "CHAIN_ID_MISMATCH" // the RPC answers another chain id than configured
  | "INSUFFICIENT_FUNDS" // the deployer cannot pay for the transactions ahead
  | "PENDING_TRANSACTIONS" // the deployer still has unmined transactions
  | "STALE_JOURNAL" // the Ignition journal names contracts the chain does not hold
  | "CONFLICT" // the chain holds membership that contradicts the config
  | "NOT_ADMIN" // the signing account is not the consortium admin
  | "IGNITION" // Ignition refused or failed the deployment
  | "TRANSACTION" // a transaction reverted
  | "ADMIN_TRANSFER_PENDING" // the admin transfer to the timelock waits for its delay: run again after it
  | "MANIFEST"; // the manifest is missing or malformed

/**
 * A deployment or administration step that stopped; `message` is one line naming the field and the value. Retryable
 * errors may pass when the same command runs again (a node down, transactions still pending); permanent ones need the
 * input changed first.
 */
export abstract class DeployError extends UdiLedgerError {
  constructor(
    readonly code: DeployErrorCode,
    readonly field: string,
    readonly value: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, { ...options, details: { field, value } });
  }
}

/** Fix the input (variables, config, chain state) before running again. */
export class PermanentDeployError extends DeployError {
  readonly retryable = false;
}

/** Running the same command again may succeed (the node was down, transactions were still pending). */
export class RetryableDeployError extends DeployError {
  readonly retryable = true;
}

/** The first line of an error's message, for one-line reports. */
export const firstLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split("\n").find((line) => line.trim() !== "") ?? "";
