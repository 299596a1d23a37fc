import { PermanentError } from "../errors";

/** Base of the records module's errors (input, receipts, tree files): all permanent; each names its field or record. */
export abstract class RecordsError extends PermanentError {}

/**
 * A record, a line of an input file or an option was refused: names the field, the line (1-based, 0 when it is not
 * from a file) and why. Permanent.
 */
export class RecordInputError extends RecordsError {
  readonly code = "RECORD_INPUT";
  constructor(
    readonly field: string,
    readonly line: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${line > 0 ? `line ${line}: ` : ""}${field} ${reason}`, { ...options, details: { field, line, reason } });
  }
}

/** Input lines were refused; `errors` lists the first of them (line number, field, reason), `total` counts all. */
export class RecordBatchError extends RecordsError {
  readonly code = "RECORD_BATCH";
  constructor(
    readonly errors: readonly RecordInputError[],
    readonly total: number = errors.length,
  ) {
    const shown = errors.slice(0, 20).map((e) => `  ${e.message}`);
    if (total > shown.length) shown.push(`  … and ${total - shown.length} more`);
    super(`${total} invalid record${total === 1 ? "" : "s"}, nothing anchored:\n${shown.join("\n")}`, {
      details: { field: "records", lines: errors.map((e) => e.line), total },
    });
  }
}

/** Two input lines hold the same record (same canonical hash, time and target): a tree commits each once. */
export class DuplicateRecordError extends RecordsError {
  readonly code = "RECORD_DUPLICATE";
  constructor(
    readonly recordHash: string,
    readonly lines: readonly [number, number],
  ) {
    super(`record ${recordHash} appears twice (lines ${lines[0]} and ${lines[1]})`, {
      details: { field: "record", recordHash, lines },
    });
  }
}

/** A receipt was refused offline or on chain; `check` names the check that failed and `reason` says why. */
export class ReceiptRefusedError extends RecordsError {
  readonly code = "RECEIPT_REFUSED";
  constructor(
    readonly recordHash: string,
    readonly check: ReceiptCheck,
    readonly reason: string,
  ) {
    super(`receipt of record ${recordHash}: ${check}: ${reason}`, { details: { field: check, recordHash, reason } });
  }
}

/** The checks a receipt goes through, in order. */
export type ReceiptCheck =
  "format" | "record" | "leaf" | "proof" | "chain" | "registry" | "anchor" | "transaction" | "verifyRecord";

/** A tree file (`tree.json`) that is missing, malformed, or does not hold the record asked for. Permanent. */
export class TreeFileError extends RecordsError {
  readonly code = "TREE_FILE";
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`tree file ${path}: ${reason}`, { details: { field: "tree", path, reason } });
  }
}
