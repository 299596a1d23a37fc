import { describeValue, fieldErrorBase, UdiLedgerError } from "../errors";
import type { ContractErrorArgs, ContractErrorName } from "./error-catalogue";

/** Base of every error the SDK throws: `retryable` says whether the same call may succeed if tried again. */
export abstract class SdkError extends UdiLedgerError {}

/** An SDK error the same call may pass if tried again (the node unreachable, a nonce taken, a receipt late). */
export abstract class RetryableSdkError extends SdkError {
  readonly retryable = true;
}

/** An SDK error that retrying cannot help: the input, the contract state or the account must change first. */
export abstract class PermanentSdkError extends SdkError {
  readonly retryable = false;
}

/** An argument the SDK refused before anything was sent: names the field, the value and why. Permanent. */
export class SdkInputError extends fieldErrorBase(PermanentSdkError) {
  readonly code = "INVALID_INPUT";
}

/** A contract reverted with one of its custom errors; `errorName` and `args` are typed. Permanent. */
export class ContractRevertError<N extends ContractErrorName = ContractErrorName> extends PermanentSdkError {
  readonly code = "CONTRACT_REVERT";
  constructor(
    readonly errorName: N,
    readonly args: ContractErrorArgs<N>,
    readonly data: string,
    options?: { cause?: unknown },
  ) {
    const shown = Object.entries(args as Record<string, unknown>)
      .map(([k, v]) => `${k}=${describeValue(v)}`)
      .join(", ");
    super(`${errorName}(${shown})`, { ...options, details: { errorName, args, data } });
  }

  /** Narrows to one error name: `if (e.is("DeviceRegistryNotCustodian")) e.args.deviceId`. */
  is<M extends ContractErrorName>(name: M): this is ContractRevertError<M> {
    return (this.errorName as string) === name;
  }
}

/** A revert that is not a custom error: `Error(string)`, `Panic(uint256)`, empty or unknown data. Permanent. */
export class UnknownRevertError extends PermanentSdkError {
  readonly code = "UNKNOWN_REVERT";
  constructor(
    readonly data: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`reverted: ${reason} (data ${data || "0x"})`, { ...options, details: { data, reason } });
  }
}

/** The node could not be reached or answered with a server fault; the same call may succeed later. Retryable. */
export class TransportError extends RetryableSdkError {
  readonly code = "TRANSPORT";
}

/** The node refused a transaction for a reason other than a revert or a nonce (funds, signature, fees). Permanent. */
export class NodeRejectedError extends PermanentSdkError {
  readonly code = "REJECTED";
}

/** The node refused a nonce (used, or a replacement); re-sending with a fresh nonce may succeed. Retryable. */
export class NonceError extends RetryableSdkError {
  readonly code = "NONCE";
  constructor(
    readonly nonce: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`nonce ${nonce}: ${message}`, { ...options, details: { nonce } });
  }
}

/** One transaction would need more gas than the configured cap, even with a single item. Permanent. */
export class GasCapError extends PermanentSdkError {
  readonly code = "GAS_CAP";
  constructor(
    readonly operation: string,
    readonly gas: bigint,
    readonly cap: bigint,
  ) {
    super(`${operation}: estimated gas ${gas} exceeds the cap ${cap}`, { details: { operation, gas, cap } });
  }
}

/** A transaction was not confirmed in time; it may still be mined. Retryable (wait again by hash). */
export class ConfirmationTimeoutError extends RetryableSdkError {
  readonly code = "CONFIRMATION_TIMEOUT";
  constructor(
    readonly hash: string,
    readonly timeoutMs: number,
  ) {
    super(`transaction ${hash} not confirmed within ${timeoutMs} ms`, { details: { hash, timeoutMs } });
  }
}

/** A batch failed part way: `completed` chunks are on-chain, the rest were not sent. Retryable as its cause. */
export class BatchError extends SdkError {
  readonly code = "BATCH_INCOMPLETE";
  constructor(
    readonly operation: string,
    readonly completedItems: number,
    readonly totalItems: number,
    readonly completedHashes: readonly string[],
    readonly cause: SdkError,
  ) {
    super(`${operation}: ${completedItems} of ${totalItems} items done, then ${cause.message}`, {
      cause,
      details: { operation, completedItems, totalItems, completedHashes },
    });
  }

  /** The rest of the batch is the failed call and those after it: as retryable as that call. */
  get retryable(): boolean {
    return this.cause.retryable;
  }
}
