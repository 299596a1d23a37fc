import { createReadStream } from "node:fs";
import { RecordInputError } from "./errors";

/** Input formats: one JSON object a line, or CSV with a header row. */
export type InputFormat = "jsonl" | "csv";

/** One line of input: a record, or why the line was refused. */
export type InputLine = { line: number; record: Record<string, unknown> } | { line: number; error: RecordInputError };

/** The format of a file by its extension (.jsonl/.ndjson/.json → jsonl, .csv → csv). */
export function formatOf(path: string): InputFormat {
  if (/\.(jsonl|ndjson|json)$/i.test(path)) return "jsonl";
  if (/\.csv$/i.test(path)) return "csv";
  throw new RecordInputError("--in", 0, `${JSON.stringify(path)} has no known extension (.jsonl, .ndjson, .csv)`);
}

/**
 * Streams the records of a file, one line at a time (memory does not grow with the file). Blank lines are skipped;
 * every other line gives a record or an error naming its line number (1-based, as an editor shows it).
 */
export async function* readRecords(path: string, format: InputFormat = formatOf(path)): AsyncGenerator<InputLine> {
  for await (const block of readRecordBlocks(path, format)) yield* block;
}

/**
 * The records of a file as {@link readRecords} gives them, a block (about 1 MB of lines) at a time: a reader that
 * takes each block synchronously makes no promise per record (a million of them were a tenth of the build).
 */
export async function* readRecordBlocks(
  path: string,
  format: InputFormat = formatOf(path),
): AsyncGenerator<InputLine[]> {
  const parse = format === "csv" ? csvParser() : parseJsonLine;
  let line = 0;
  for await (const block of readLineBlocks(path)) {
    const parsed: InputLine[] = [];
    for (const text of block) {
      line++;
      if (text.trim() === "") continue;
      const item = parse(text, line);
      if (item !== undefined) parsed.push(item);
    }
    yield parsed;
  }
}

/** Bytes read at a time: a million telemetry lines are 65 MB, read in 65 blocks. */
const BLOCK_BYTES = 1 << 20;
const LINE_BREAK = /\r\n|\r|\n/;

/**
 * The lines of a file, a block of whole lines at a time (memory holds one block, about 1 MB), split as readline splits
 * them with `crlfDelay: Infinity`: at `\n`, `\r\n` or a lone `\r`, a last line without a break included. Each block is
 * cut after its last `\n` byte, which is never inside a UTF-8 sequence, so every block decodes on its own; the
 * lines come out in file order, one string each, with no per-line promise or event.
 */
export async function* readLineBlocks(path: string): AsyncGenerator<string[]> {
  let rest: Buffer | undefined;
  for await (const chunk of createReadStream(path, { highWaterMark: BLOCK_BYTES }) as AsyncIterable<Buffer>) {
    const data = rest === undefined ? chunk : Buffer.concat([rest, chunk]);
    const last = data.lastIndexOf(10);
    if (last < 0) {
      rest = data;
      continue;
    }
    rest = last + 1 < data.length ? data.subarray(last + 1) : undefined;
    yield splitLines(data.toString("utf8", 0, last + 1));
  }
  if (rest !== undefined) yield splitLines(rest.toString("utf8"));
}

function splitLines(text: string): string[] {
  const lines = text.includes("\r") ? text.split(LINE_BREAK) : text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Parses one JSONL line into a record (a JSON object). */
export function parseJsonLine(text: string, line: number): InputLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, error: new RecordInputError("line", line, `is not JSON (${(error as Error).message})`) };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { line, error: new RecordInputError("line", line, "is not a JSON object") };
  }
  return { line, record: value as Record<string, unknown> };
}

/** JSON's number grammar: a CSV cell that matches it becomes a number; any other cell stays a string. */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * A CSV (RFC 4180 within a line: fields may be quoted, `""` is a quote; quoted line breaks are refused) parser: the
 * first line names the fields. A cell is a number when it is written as a JSON number (`007` stays a string), an
 * empty cell leaves its field out, any other cell is a string. Returns undefined for the header line.
 */
export function csvParser(): (text: string, line: number) => InputLine | undefined {
  let header: string[] | undefined;
  return (text, line) => {
    const cells = splitCsvLine(text, line);
    if (cells instanceof RecordInputError) return { line, error: cells };
    if (header === undefined) {
      const seen = new Set<string>();
      for (const name of cells) {
        if (name === "" || seen.has(name)) {
          throw new RecordInputError("header", line, `names the field ${JSON.stringify(name)} twice or empty`);
        }
        seen.add(name);
      }
      header = cells;
      return undefined;
    }
    if (cells.length !== header.length) {
      const reason = `has ${cells.length} fields, the header ${header.length}`;
      return { line, error: new RecordInputError("line", line, reason) };
    }
    const record: Record<string, unknown> = {};
    cells.forEach((cell, i) => {
      if (cell !== "") record[header![i]] = JSON_NUMBER.test(cell) ? Number(cell) : cell;
    });
    return { line, record };
  };
}

function splitCsvLine(text: string, line: number): string[] | RecordInputError {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let cell = "";
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) return new RecordInputError("line", line, "has an unterminated quoted field");
        cell += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          cell += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      cells.push(cell);
      if (i < text.length && text[i] !== ",") {
        return new RecordInputError("line", line, `has text after a quoted field at column ${i + 1}`);
      }
    } else {
      const comma = text.indexOf(",", i);
      const end = comma < 0 ? text.length : comma;
      const cell = text.slice(i, end);
      if (cell.includes('"')) return new RecordInputError("line", line, `has a stray quote at column ${i + 1}`);
      cells.push(cell);
      i = end;
    }
    if (i >= text.length) return cells;
    i++; // the comma
    if (i === text.length) {
      cells.push("");
      return cells;
    }
  }
}
