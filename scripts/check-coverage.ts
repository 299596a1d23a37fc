/**
 * Coverage gate: reads the Istanbul data `hardhat coverage` writes (coverage.json) and fails when the branch coverage
 * of the production contracts — contracts/ without contracts/test/ (test doubles and gas anchors) and
 * contracts/interfaces/ — is below the threshold. Prints a table per file and every uncovered branch (file:line and
 * which arm), so each one can be covered or listed as unreachable in docs/quality.md.
 *
 * Run: `npm run coverage` (coverage, then this check). Options: `--min <percent>` (default 95, or UDI_MIN_BRANCH),
 * `--file <path>` (default coverage.json).
 */
import { existsSync, readFileSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { PermanentError } from "../src/errors";

interface BranchLocation {
  start: { line: number };
}

interface FileCoverage {
  path: string;
  b: Record<string, number[]>;
  branchMap: Record<string, { line?: number; type: string; locations: BranchLocation[]; loc?: BranchLocation }>;
  s: Record<string, number>;
  f: Record<string, number>;
}

/** A coverage check that cannot run (missing or malformed input): permanent, names what is wrong. */
export class CoverageInputError extends PermanentError {
  readonly code = "COVERAGE_INPUT";
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`coverage input ${field} is unusable: ${value}`, { details: { field, value } });
  }
}

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

/** True for the contracts that ship: under contracts/, not test doubles and not interfaces. */
export function isProductionContract(path: string): boolean {
  const rel = relative(process.cwd(), path).split(sep).join("/");
  return rel.startsWith("contracts/") && !rel.startsWith("contracts/test/") && !rel.startsWith("contracts/interfaces/");
}

function readCoverage(file: string): Record<string, FileCoverage> {
  if (!existsSync(file)) throw new CoverageInputError("file", `${file} does not exist (run hardhat coverage first)`);
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, FileCoverage>;
  } catch (error) {
    throw new CoverageInputError("file", `${file} is not JSON (${(error as Error).message})`);
  }
}

function percent(covered: number, total: number): number {
  return total === 0 ? 100 : (100 * covered) / total;
}

function main(): void {
  const file = resolve(option("file", "coverage.json"));
  const min = Number(option("min", process.env.UDI_MIN_BRANCH ?? "95"));
  if (!Number.isFinite(min)) throw new CoverageInputError("--min", option("min", ""));
  const data = readCoverage(file);
  const rows: string[] = [];
  const uncovered: string[] = [];
  let covered = 0;
  let total = 0;
  for (const [path, cov] of Object.entries(data).sort(([a], [b]) => a.localeCompare(b))) {
    if (!isProductionContract(path)) continue;
    let fileCovered = 0;
    let fileTotal = 0;
    for (const [id, counts] of Object.entries(cov.b)) {
      counts.forEach((count, arm) => {
        fileTotal++;
        if (count > 0) fileCovered++;
        else {
          const branch = cov.branchMap[id];
          const line = branch.locations[arm]?.start.line ?? branch.line ?? branch.loc?.start.line;
          uncovered.push(
            `${relative(process.cwd(), path)}:${line} (${branch.type}, arm ${arm + 1} of ${counts.length})`,
          );
        }
      });
    }
    covered += fileCovered;
    total += fileTotal;
    const lines = `${fileCovered}/${fileTotal}`.padStart(9);
    rows.push(`${percent(fileCovered, fileTotal).toFixed(2).padStart(7)}%  ${lines}  ${relative(process.cwd(), path)}`);
  }
  if (total === 0) throw new CoverageInputError("file", `${file} holds no branch of a production contract`);
  const overall = percent(covered, total);
  process.stdout.write(`Branch coverage of the production contracts (threshold ${min}%):\n${rows.join("\n")}\n`);
  process.stdout.write(`${overall.toFixed(2).padStart(7)}%  ${`${covered}/${total}`.padStart(9)}  all\n`);
  if (uncovered.length > 0) process.stdout.write(`Uncovered branches:\n  ${uncovered.join("\n  ")}\n`);
  if (overall < min) {
    process.stderr.write(`Branch coverage ${overall.toFixed(2)}% is below the ${min}% threshold.\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}
