import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const FILE = join(__dirname, "..", "..", "..", "reports", "indexer-faults.json");

/** Adds one test's fault counts to reports/indexer-faults.json (generated, never committed). */
export function recordFaults(section: string, counts: Record<string, unknown>): void {
  mkdirSync(join(FILE, ".."), { recursive: true });
  const report = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, "utf8")) as Record<string, unknown>) : {};
  report[section] = { ...counts, recordedAt: new Date().toISOString() };
  writeFileSync(FILE, JSON.stringify(report, null, 2) + "\n");
}
