// SuMo (@morenabarboni/sumo) mutation-testing configuration, written by hand (see docs/quality.md).
//
// SuMo mutates contracts in place, compiles each mutant with `hardhat compile` and runs
// `hardhat test --bail <test files>`: run it in a scratch copy of the repository, never in a checkout others use.
// `npm run mutation` runs `hardhat clean && hardhat compile && sumo test`.
//
// UDI_MUTATE: comma-separated contract paths under contracts/ to mutate (default: every production contract).
// UDI_MUTATION_TESTS: comma-separated test paths under test/ to run against each mutant (default: every test).
// UDI_MUTATION_MINIMAL=1: SuMo's minimal mutation rules (fewer, less redundant mutants).
// Test doubles (contracts/test/) and interfaces are never mutated.
const fs = require("fs");
const path = require("path");

const list = (value) =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

/** Paths under `dir`, relative to it, of the files whose names end with one of `extensions`. */
function filesUnder(dir, extensions, prefix = "") {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) return filesUnder(path.join(dir, entry.name), extensions, rel + "/");
    return extensions.some((ext) => entry.name.endsWith(ext)) ? [rel] : [];
  });
}

const contracts = filesUnder(path.join(__dirname, "contracts"), [".sol"]);
const tests = filesUnder(path.join(__dirname, "test"), [".ts", ".js"]);
const mutate = list(process.env.UDI_MUTATE);
const run = list(process.env.UDI_MUTATION_TESTS);

const skipContracts = [
  "test",
  "interfaces",
  ...(mutate.length === 0 ? [] : contracts.filter((c) => !c.startsWith("test/") && !mutate.includes(c))),
];
const skipTests = run.length === 0 ? [] : tests.filter((t) => !run.includes(t));

module.exports = {
  buildDir: "artifacts",
  contractsDir: "contracts",
  testDir: "test",
  skipContracts,
  skipTests,
  // A mutant whose tests run longer than this is counted as timed out.
  testingTimeOutInSec: 600,
  network: "none",
  testingFramework: "hardhat",
  minimal: process.env.UDI_MUTATION_MINIMAL === "1",
  tce: false,
};
