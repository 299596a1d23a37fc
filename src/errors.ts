/** The structured fields of an error (the field, the value, the reason…), for programs and logs. */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/** What every udi-ledger error may carry besides its message. */
export interface UdiLedgerErrorOptions {
  details?: ErrorDetails;
  cause?: unknown;
}

/**
 * The base of every error udi-ledger throws (SDK, GS1, indexer, manifest, deployment). `code` is a stable machine code
 * to branch on; `retryable` says whether the same call may succeed if tried again, and is declared by each concrete
 * class (retryable and permanent errors are different classes); `details` holds the structured fields the message
 * is written from; `cause` is the standard one. `name` is the concrete class name.
 */
export abstract class UdiLedgerError extends Error {
  abstract readonly code: string;
  abstract readonly retryable: boolean;
  readonly details: ErrorDetails;

  constructor(message: string, options: UdiLedgerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = Object.freeze({ ...options.details });
  }
}

/** True when `error` is a udi-ledger error worth retrying. Unknown errors are permanent. */
export const isRetryable = (error: unknown): boolean => error instanceof UdiLedgerError && error.retryable;
