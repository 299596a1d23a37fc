import { canonicalJson, recordTime } from "./canonical";
import { RecordBatchError, RecordInputError } from "./errors";
import { evaluateExcursions, readingOf, type ExcursionResult, type ExcursionRule } from "./excursion";
import { readRecordBlocks, type InputFormat, type InputLine } from "./input";
import { createFastKeccak } from "./keccak";
import type { RecordTarget } from "./leaf";
import { createTreeBuilder, type RecordTree } from "./record-tree";

/** How a batch is read and committed. */
export interface BuildOptions {
  target: RecordTarget;
  /** The member holding each record's time (unix seconds or ISO 8601); default `time`. */
  timeField?: string;
  /** Leave invalid lines out (they are still reported) instead of refusing the batch. */
  skipInvalid?: boolean;
  /** Compute the excursion flag from the readings. */
  excursionRule?: ExcursionRule;
  /** Called every 65,536 records with the count so far. */
  onProgress?: (records: number) => void;
}

/** A committed batch: the tree, the lines left out, and the excursion verdict when a rule was given. */
export interface BuildResult {
  tree: RecordTree;
  timeField: string;
  skipped: RecordInputError[];
  /** Invalid lines in all (only the first 1,000 are kept in `skipped`). */
  skippedCount: number;
  excursion?: ExcursionResult;
}

const KEPT_ERRORS = 1000;

/** Builds the tree of a JSONL or CSV file, streaming it: memory holds 76 bytes a record, never the records. */
export async function buildFromFile(path: string, options: BuildOptions, format?: InputFormat): Promise<BuildResult> {
  const batch = await startBatch(options);
  for await (const block of readRecordBlocks(path, format)) for (const item of block) batch.take(item);
  return batch.finish();
}

/** Builds the tree of records held in memory (their index + 1 stands for the line number in errors). */
export async function buildFromRecords(records: readonly unknown[], options: BuildOptions): Promise<BuildResult> {
  const batch = await startBatch(options);
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (typeof record === "object" && record !== null && !Array.isArray(record)) {
      batch.take({ line: i + 1, record: record as Record<string, unknown> });
    } else {
      batch.take({ line: i + 1, error: new RecordInputError("record", i + 1, "is not a JSON object") });
    }
  }
  return batch.finish();
}

interface Batch {
  take(item: InputLine): void;
  finish(): BuildResult;
}

async function startBatch(options: BuildOptions): Promise<Batch> {
  const keccak = await createFastKeccak();
  const builder = createTreeBuilder(options.target, keccak);
  const timeField = options.timeField ?? "time";
  const rule = options.excursionRule;
  const errors: RecordInputError[] = [];
  let errorCount = 0;
  let times = new Float64Array(rule ? 1024 : 0);
  let values = new Float64Array(times.length);
  let lines = new Uint32Array(times.length);
  // The canonical JSON's UTF-8 bytes are written into one buffer, reused (grown when a record needs more).
  let utf8 = Buffer.allocUnsafe(4096);
  const canonicalBytes = (text: string) => {
    if (text.length * 3 > utf8.length) utf8 = Buffer.allocUnsafe(text.length * 3);
    return utf8.subarray(0, utf8.write(text, 0, "utf8"));
  };
  return {
    take(item) {
      let error = "error" in item ? item.error : undefined;
      if ("record" in item) {
        try {
          const time = recordTime(item.record, timeField, item.line);
          const reading = rule ? readingOf(rule, item.record, item.line) : 0;
          const hash = keccak(canonicalBytes(canonicalJson(item.record, item.line)));
          const n = builder.count;
          builder.add(hash, time, item.line);
          if (rule) {
            if (n === times.length) [times, values, lines] = [grow(times), grow(values), grow(lines)];
            times[n] = time;
            values[n] = reading;
            lines[n] = item.line;
          }
          if (builder.count % 65536 === 0) options.onProgress?.(builder.count);
        } catch (caught) {
          if (!(caught instanceof RecordInputError)) throw caught;
          error = caught;
        }
      }
      if (error !== undefined) {
        errorCount++;
        if (errors.length < KEPT_ERRORS) errors.push(error);
      }
    },
    finish() {
      if (errorCount > 0 && options.skipInvalid !== true) throw new RecordBatchError(errors, errorCount);
      const tree = builder.finish();
      const n = builder.count;
      const excursion = rule
        ? evaluateExcursions(rule, times.subarray(0, n), values.subarray(0, n), lines.subarray(0, n))
        : undefined;
      return { tree, timeField, skipped: errors, skippedCount: errorCount, excursion };
    },
  };
}

function grow<T extends Float64Array | Uint32Array>(array: T): T {
  const next = new (array.constructor as new (n: number) => T)(Math.max(1024, array.length * 2));
  next.set(array);
  return next;
}
