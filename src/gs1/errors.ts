import { PermanentError } from "../errors";

/** Why a GS1 input was refused. */
export type Gs1ErrorReason =
  | "syntax"
  | "unsupported-ai"
  | "length"
  | "charset"
  | "check-digit"
  | "date"
  | "duplicate"
  | "missing-requirement"
  | "qualifier-order"
  | "percent-encoding";

/**
 * A GS1 element string, Digital Link URI or field value that is malformed. Permanent: the same input always fails.
 * Names the AI (when one is concerned), the field, the offending value and the reason.
 */
export class Gs1Error extends PermanentError {
  readonly code = "INVALID_GS1";

  constructor(
    readonly reason: Gs1ErrorReason,
    readonly field: string,
    readonly detail: string,
    readonly ai?: string,
    readonly value?: string,
  ) {
    super(`${ai ? `AI (${ai}) ` : ""}${field}${value !== undefined ? ` ${JSON.stringify(value)}` : ""}: ${detail}`, {
      details: { reason, field, detail, ai, value },
    });
  }
}
