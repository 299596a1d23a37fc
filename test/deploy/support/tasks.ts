import { expect } from "chai";
import hre, { ethers } from "hardhat";
import type { DeployError } from "../../../src/deploy/errors";
import { taskOutput } from "../../../tasks/task-output";

interface TaskRun {
  /** The refusal the task returned, if any. */
  error?: DeployError;
  out: string[];
  err: string[];
  exitCode: number | string | undefined;
}

/** Runs `npx hardhat udi <task>` in process, capturing its output and restoring the exit code it sets. */
export async function udi(task: string, args: Record<string, string>): Promise<TaskRun> {
  const { line, refusal } = taskOutput;
  const exitCode = process.exitCode;
  const run: TaskRun = { out: [], err: [], exitCode: undefined };
  taskOutput.line = (text) => run.out.push(text);
  taskOutput.refusal = (text) => run.err.push(text);
  try {
    run.error = (await hre.run({ scope: "udi", task }, args)) as DeployError | undefined;
    run.exitCode = process.exitCode;
  } finally {
    Object.assign(taskOutput, { line, refusal });
    process.exitCode = exitCode;
  }
  return run;
}

/** A successful run printed exactly `count` lines, each "<description>: done in block N (tx 0x…)". */
export function expectDone(run: TaskRun, descriptions: RegExp[]) {
  expect(run.err, run.err.join("\n")).to.deep.equal([]);
  expect(run.out).to.have.length(descriptions.length);
  run.out.forEach((line, i) =>
    expect(line).to.match(new RegExp(`^${descriptions[i].source}: done in block \\d+ \\(tx 0x[0-9a-f]{64}\\)$`)),
  );
}

/** A refusal: one line on stderr naming the task, exit code 1, nothing printed on stdout, nothing mined. */
export async function expectRefused(run: Promise<TaskRun>, code: string, line: RegExp) {
  const block = await ethers.provider.getBlockNumber();
  const result = await run;
  expect(result.error?.code, result.err.join("\n")).to.equal(code);
  expect([result.out, result.err.length, result.exitCode]).to.deep.equal([[], 1, 1]);
  expect(result.err[0]).to.match(line);
  expect(await ethers.provider.getBlockNumber()).to.equal(block);
}
