import { UdiLedgerError } from "../errors";
import type { ContractErrorArgs, ContractErrorName } from "./error-catalogue";

/** Base of every error the SDK throws: `retryable` says whether the same call may succeed if tried again. */
export abstract class SdkError extends UdiLedgerError {}

/** An argument the SDK refused before anything was sent: names the field, the value and why. Permanent. */
export class SdkInputError extends SdkError {
  readonly retryable = false;
  readonly code = "INVALID_INPUT";
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${field} ${describe(value)}: ${reason}`, { ...options, details: { field, value, reason } });
  }
}

/** A contract reverted with one of its custom errors; `errorName` and `args` are typed. Permanent. */
export class ContractRevertError<N extends ContractErrorName = ContractErrorName> extends SdkError {
  readonly retryable = false;
  readonly code = "CONTRACT_REVERT";
  constructor(
    readonly errorName: N,
    readonly args: ContractErrorArgs<N>,
    readonly data: string,
    options?: { cause?: unknown },
  ) {
    const shown = Object.entries(args as Record<string, unknown>)
      .map(([k, v]) => `${k}=${describe(v)}`)
      .join(", ");
    super(`${errorName}(${shown})`, { ...options, details: { errorName, args, data } });
  }

  /** Narrows to one error name: `if (e.is("DeviceRegistryNotCustodian")) e.args.deviceId`. */
  is<M extends ContractErrorName>(name: M): this is ContractRevertError<M> {
    return (this.errorName as string) === name;
  }
}

/** A revert that is not a custom error: `Error(string)`, `Panic(uint256)`, empty or unknown data. Permanent. */
export class UnknownRevertError extends SdkError {
  readonly retryable = false;
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
export class TransportError extends SdkError {
  readonly retryable = true;
  readonly code = "TRANSPORT";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The node refused a nonce (used, or a replacement); re-sending with a fresh nonce may succeed. Retryable. */
export class NonceError extends SdkError {
  readonly retryable = true;
  readonly code = "NONCE";
  constructor(
    readonly nonce: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`nonce ${nonce}: ${message}`, { ...options, details: { nonce } });
  }
}

/** The node refused a transaction for a reason other than a revert or a nonce (funds, signature, fees). Permanent. */
export class NodeRejectedError extends SdkError {
  readonly retryable = false;
  readonly code = "REJECTED";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** One transaction would need more gas than the configured cap, even with a single item. Permanent. */
export class GasCapError extends SdkError {
  readonly retryable = false;
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
export class ConfirmationTimeoutError extends SdkError {
  readonly retryable = true;
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

function describe(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
