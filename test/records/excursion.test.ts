import { expect } from "chai";
import {
  buildFromFile,
  evaluateExcursions,
  parseExcursionRule,
  RecordBatchError,
  RecordInputError,
  type RecordTarget,
} from "../../src/records";
import { tempFiles } from "./temp-files";

const TARGET: RecordTarget = { kind: "shipment", id: "0x" + "0".repeat(62) + "2a" };
const { file } = tempFiles("udi-excursions-");

describe("records: excursions from readings", function () {
  const QUARTER = 900;
  const series = (temps: number[]) => ({
    times: temps.map((_, i) => 1764000000 + i * QUARTER),
    values: temps,
    lines: temps.map((_, i) => i + 1),
  });
  const run = (rule: string, temps: number[]) => {
    const s = series(temps);
    return evaluateExcursions(parseExcursionRule(rule), s.times, s.values, s.lines);
  };

  it("flags a stretch out of range that lasts longer than the tolerance, with its evidence", function () {
    // Out at 10:45 (line 4), back in range at 11:45 (line 8): 60 minutes > 30.
    const result = run("temperature:2..8@30m", [5, 5, 6, 9.1, 10.4, 9.8, 8.5, 7.9, 6]);
    expect(result.excursion).to.equal(true);
    expect(result.episodes).to.deep.equal([
      {
        start: 1764000000 + 3 * QUARTER,
        end: 1764000000 + 7 * QUARTER,
        durationSeconds: 4 * QUARTER,
        readings: 4,
        worst: 10.4,
        firstLine: 4,
        excursion: true,
        open: false,
      },
    ]);
  });

  it("tolerates a stretch no longer than the tolerance, and flags any reading out with tolerance 0", function () {
    const brief = [5, 1.5, 5, 5]; // out for one reading: 15 minutes until back in range
    expect(run("temperature:2..8@30m", brief).excursion).to.equal(false);
    expect(run("temperature:2..8@15m", brief).excursion).to.equal(false);
    expect(run("temperature:2..8@14m", brief).excursion).to.equal(true);
    expect(run("temperature:2..8", brief).excursion).to.equal(true);
    expect(run("temperature:2..8", [2, 8, 5]).excursion).to.equal(false);
  });

  it("reads readings in time order whatever the input order, and keeps a stretch open at the end", function () {
    const s = series([5, 9, 9, 9]);
    const rule = parseExcursionRule("temperature:2..8@20m");
    const result = evaluateExcursions(rule, [...s.times].reverse(), [...s.values].reverse(), s.lines);
    expect(result.episodes).to.have.length(1);
    expect(result.episodes[0]).to.include({ open: true, durationSeconds: 2 * QUARTER, excursion: true });
  });

  it("computes the verdict while building from a file, refusing readings without the value", async function () {
    const lines = [5, 5, 12, 12, 12, 12, 5].map((t, i) =>
      JSON.stringify({ time: 1764000000 + i * QUARTER, temperature: t }),
    );
    const rule = parseExcursionRule("temperature:2..8@30m");
    const built = await buildFromFile(file("x.jsonl", lines.join("\n")), { target: TARGET, excursionRule: rule });
    expect(built.excursion?.excursion).to.equal(true);
    const missing = file("m.jsonl", `${lines[0]}\n{"time":1764009000}\n`);
    const error = (await buildFromFile(missing, { target: TARGET, excursionRule: rule }).catch(
      (e) => e,
    )) as RecordBatchError;
    expect(error.errors.map((e) => e.message)).to.deep.equal([
      "line 2: temperature is undefined: the excursion rule needs a number",
    ]);
    expect(() => parseExcursionRule("temperature:8..2")).to.throw(RecordInputError, /min > max/);
    expect(() => parseExcursionRule("temperature>8")).to.throw(RecordInputError, /field:min\.\.max/);
  });
});
