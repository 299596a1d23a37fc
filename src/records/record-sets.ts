import { createReadStream, existsSync, readdirSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import path from "node:path";
import { buildFromFile } from "./build";
import { recordHash, recordTime } from "./canonical";
import { TreeFileError } from "./errors";
import { readRecords } from "./input";
import type { TreeMeta } from "./tree-file";

/**
 * Record members reported as EPCIS 2.0 sensor readings, with their measurement type (GS1 CBV) and unit of measure
 * (UN/CEFACT Rec 20). Other members stay in the records, behind their hashes.
 */
export const SENSOR_FIELDS: Record<string, { type: string; uom: string }> = {
  temperature: { type: "Temperature", uom: "CEL" },
  humidity: { type: "RelativeHumidity", uom: "P1" },
};

/** An anchored record set whose records the exporter holds, checked against its root, as EPCIS sensor reports. */
export interface AnchoredReadings {
  root: string;
  records: number;
  /** One report per record and sensor member: type, value, uom, time, and the record's hash (`udi:recordHash`). */
  sensorReports: Record<string, unknown>[];
}

/** The largest set whose records are reported one by one (an EPCIS document is read whole). */
export const MAX_REPORTED_RECORDS = 100_000;

/** Reads the `udiLedger` member of a tree file (streamed: it is the last line `writeTreeFile` writes). */
export async function readTreeMeta(file: string): Promise<TreeMeta> {
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let meta: TreeMeta | undefined;
  for await (const line of lines) {
    if (line.startsWith('"udiLedger":')) meta = JSON.parse(line.slice('"udiLedger":'.length)) as TreeMeta;
  }
  if (meta === undefined) throw new TreeFileError(file, "has no udiLedger member (was it written by records anchor?)");
  return meta;
}

/** The tree files under `dir`: its own tree.json, or those of its subdirectories (one level down). */
function treeFilesOf(dir: string): string[] {
  if (existsSync(path.join(dir, "tree.json"))) return [path.join(dir, "tree.json")];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new TreeFileError(dir, "is not a directory");
  return readdirSync(dir)
    .map((name) => path.join(dir, name, "tree.json"))
    .filter((file) => existsSync(file));
}

/** Where a set's records are: `readings.jsonl` beside the tree, else the `file:` URI it was anchored with. */
function recordsFileOf(dir: string, meta: TreeMeta): string | undefined {
  if (existsSync(path.join(dir, "readings.jsonl"))) return path.join(dir, "readings.jsonl");
  if (!meta.uri.startsWith("file:")) return undefined;
  const target = meta.uri.slice("file:".length);
  const candidates = path.isAbsolute(target) ? [target] : [path.join(dir, target), path.resolve(target)];
  return candidates.find((file) => existsSync(file));
}

/**
 * Loads the record sets kept under `dirs` (what `records anchor --out` or the demo write), keyed by root. Each set's
 * records are re-read and its tree rebuilt: a set whose records do not give its root is refused (TreeFileError), so
 * nothing unanchored is exported. Sets without their records file, or over {@link MAX_REPORTED_RECORDS}, are
 * listed in `skipped` with the reason.
 */
export async function loadRecordSets(
  dirs: readonly string[],
): Promise<{ sets: Map<string, AnchoredReadings>; skipped: string[] }> {
  const sets = new Map<string, AnchoredReadings>();
  const skipped: string[] = [];
  for (const file of dirs.flatMap(treeFilesOf)) {
    const dir = path.dirname(file);
    const meta = await readTreeMeta(file);
    const input = recordsFileOf(dir, meta);
    if (input === undefined) {
      skipped.push(`${file}: records not found (readings.jsonl or ${meta.uri})`);
      continue;
    }
    if (meta.recordCount > MAX_REPORTED_RECORDS) {
      skipped.push(`${file}: ${meta.recordCount} records, over ${MAX_REPORTED_RECORDS}: only the anchor is exported`);
      continue;
    }
    const built = await buildFromFile(input, { target: meta.target, timeField: meta.timeField });
    if (built.tree.root !== meta.root) {
      throw new TreeFileError(
        file,
        `its records (${input}) give root ${built.tree.root}, not the anchored ${meta.root}`,
      );
    }
    const sensorReports: Record<string, unknown>[] = [];
    for await (const item of readRecords(input)) {
      if (!("record" in item)) continue;
      const time = new Date(recordTime(item.record, meta.timeField, item.line) * 1000).toISOString();
      const hash = recordHash(item.record, item.line);
      for (const [field, { type, uom }] of Object.entries(SENSOR_FIELDS)) {
        const value = item.record[field];
        if (typeof value === "number") sensorReports.push({ type, value, uom, time, "udi:recordHash": hash });
      }
    }
    sets.set(meta.root, { root: meta.root, records: built.tree.count, sensorReports });
  }
  return { sets, skipped };
}
