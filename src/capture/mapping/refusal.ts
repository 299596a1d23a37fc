import { PermanentError } from "../../errors";

/**
 * An EPCIS event the ledger cannot represent: the field (a JSON path inside the event, `epcList[2]`) and why.
 * Thrown inside the mapping and returned by `mapEvent` as its refusal; permanent, the same event is refused again.
 */
export class EventRefusedError extends PermanentError {
  readonly code = "EVENT_REFUSED";

  constructor(
    readonly field: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${field}: ${reason}`, { ...options, details: { field, reason } });
  }
}

/** Refuses the event at `field`. */
export const refuse = (field: string, reason: string, cause?: unknown): never => {
  throw new EventRefusedError(field, reason, cause === undefined ? undefined : { cause });
};
