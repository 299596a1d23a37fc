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

/**
 * An error that retrying cannot help: the input, the file or the state must change first. The base of permanent
 * errors outside the areas that have their own (`PermanentSdkError`, `PermanentIndexerError`).
 */
export abstract class PermanentError extends UdiLedgerError {
  readonly retryable = false;
}

/** A value as an error message shows it: strings and objects as JSON (bigints in decimal), anything else as text. */
export function describeValue(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** An area's base of permanent errors (`PermanentSdkError`, `PermanentIndexerError`…): what `fieldErrorBase` extends. */
type PermanentErrorBase = abstract new (
  message: string,
  options?: UdiLedgerErrorOptions,
) => UdiLedgerError & { readonly retryable: false };

/**
 * The base of an area's errors about one refused value, below that area's base of permanent errors `Base` (so
 * `instanceof SdkError` still holds; the same value is refused again): the constructor takes the field, the value, the
 * reason and an optional cause, keeps the first three as properties and as `details`, and writes the message with
 * `format` (`<field> <value as JSON>: <reason>` unless the area words it otherwise). Subclasses declare only `code`.
 */
export function fieldErrorBase<V = unknown>(
  Base: PermanentErrorBase,
  format: (field: string, value: V, reason: string) => string = (field, value, reason) =>
    `${field} ${describeValue(value)}: ${reason}`,
) {
  abstract class FieldError extends Base {
    constructor(
      readonly field: string,
      readonly value: V,
      readonly reason: string,
      options?: { cause?: unknown },
    ) {
      super(format(field, value, reason), { ...options, details: { field, value, reason } });
    }
  }
  return FieldError;
}

/** True when `error` is a udi-ledger error worth retrying. Unknown errors are permanent. */
export const isRetryable = (error: unknown): boolean => error instanceof UdiLedgerError && error.retryable;
