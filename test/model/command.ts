import { expect } from "chai";
import { ethers } from "hardhat";
import fc from "fast-check";
import { compareViews } from "./compare";
import { foldHead, ledgerHeadOf, plain, send, type Outcome, type Real } from "./real";
import {
  ModelRevert,
  emptyTouched,
  mergeTouched,
  type ContractName,
  type Ctx,
  type ModelState,
  type Touched,
} from "./types";

/** The model as fast-check carries it: the state, and everything any command of the sequence touched. */
export interface ModelBox {
  state: ModelState;
  everTouched: Touched;
  /** The resolved steps of the sequence so far, named in assertion messages. */
  trail: string[];
}

/** One resolved step: a transaction (or a clock advance) and the model operation that predicts it. */
export interface Step {
  label: string;
  /** Index of the signer in ACTOR_NAMES. */
  actor: number;
  contract: ContractName;
  method: string;
  args: unknown[];
  model: (s: ModelState, ctx: Ctx) => void;
  /** Seconds to advance the chain's clock instead of sending a transaction. */
  advance?: bigint;
}

/** How an argument reads in a step's label: strings quoted (hex ones and addresses bare), lists bracketed. */
const shown = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(shown).join(", ")}]`
    : typeof v === "string" && !v.startsWith("0x")
      ? `"${v}"`
      : String(v);

/** A transaction step, labelled with its method and the arguments it sends. */
export const call = (
  actor: number,
  contract: ContractName,
  method: string,
  args: unknown[],
  model: Step["model"],
): Step => ({ label: `${method}(${args.map(shown).join(", ")})`, actor, contract, method, args, model });

/** Resolves a step from the current model state (ids of existing records, natural actors). */
export type Planner = (s: ModelState, addresses: readonly string[]) => Step;

async function blockTime(outcome: Outcome): Promise<bigint> {
  const block = outcome.ok ? outcome.receipt.blockNumber : "latest";
  return BigInt((await ethers.provider.getBlock(block))!.timestamp);
}

/** How many steps ran and how many succeeded, over every sequence of the process. */
export const stepStats = { steps: 0, succeeded: 0, outcomes: new Map<string, number>() };

/** Runs the real transaction and the model operation, and compares outcome, events, views and ledger heads. */
export async function runStep(box: ModelBox, real: Real, step: Step): Promise<void> {
  if (step.advance !== undefined) {
    await ethers.provider.send("evm_increaseTime", [Number(step.advance)]);
    await ethers.provider.send("evm_mine", []);
    box.trail.push(step.label);
    const t = emptyTouched();
    step.model(box.state, { sender: ethers.ZeroAddress, events: [], touched: t, blockTime: 0n });
    mergeTouched(box.everTouched, t);
    return compareViews(real, box.state, t, step.label);
  }
  const sender = real.signers[step.actor];
  const outcome = await send(real, sender, step.contract, step.method, step.args);
  const ctx: Ctx = { sender: sender.address, events: [], touched: emptyTouched(), blockTime: await blockTime(outcome) };
  const next = structuredClone(box.state);
  let predicted: ModelRevert | undefined;
  try {
    step.model(next, ctx);
  } catch (error) {
    if (!(error instanceof ModelRevert)) throw error;
    predicted = error;
  }
  box.trail.push(`${step.label} by ${sender.address}`);
  const what = `step ${box.trail.length}: ${box.trail.slice(-12).join(" → ")}`;
  stepStats.steps++;
  if (outcome.ok) stepStats.succeeded++;
  const key = `${step.method}: ${outcome.ok ? "ok" : outcome.error.name}`;
  stepStats.outcomes.set(key, (stepStats.outcomes.get(key) ?? 0) + 1);
  if (predicted) {
    const actual = outcome.ok ? "success" : { name: outcome.error.name, args: outcome.error.args };
    expect(actual, `outcome of ${what}`).to.deep.equal({
      name: predicted.errorName,
      args: plain(predicted.errorArgs),
    });
  } else {
    const actual = outcome.ok ? outcome.events : { reverted: outcome.error.name, args: outcome.error.args };
    const expected = ctx.events.map((e) => ({ contract: e.contract, name: e.name, args: plain(e.args) }));
    expect(actual, `events of ${what}`).to.deep.equal(expected);
    box.state = next;
  }
  mergeTouched(box.everTouched, ctx.touched);
  await compareViews(real, box.state, ctx.touched, what);
  if (outcome.ok) await checkHeads(real, outcome.receipt.logs, what);
}

/** Folds the transaction's logs into each emitting contract's running head and compares it with `ledgerHead()`. */
async function checkHeads(
  real: Real,
  logs: readonly { address: string; topics: readonly string[]; data: string }[],
  what: string,
): Promise<void> {
  const emitted = new Set<ContractName>();
  for (const log of logs) {
    const name = real.byAddress.get(log.address.toLowerCase())!;
    real.heads[name] = { head: foldHead(real.heads[name].head, log), count: real.heads[name].count + 1n };
    emitted.add(name);
  }
  for (const name of emitted) {
    expect(await ledgerHeadOf(real, name), `${name}.ledgerHead() after ${what}`).to.deep.equal(real.heads[name]);
  }
}

/** A fast-check command that resolves its step against the model when it runs. */
export class UdiCommand implements fc.AsyncCommand<ModelBox, Real> {
  constructor(
    private readonly name: string,
    /** The generated choices; the step resolved from them (ids, actor) is named in every assertion message. */
    private readonly choices: unknown,
    private readonly plan: Planner,
  ) {}

  check(): boolean {
    return true;
  }

  async run(box: ModelBox, real: Real): Promise<void> {
    await runStep(
      box,
      real,
      this.plan(
        box.state,
        real.signers.map((s) => s.address),
      ),
    );
  }

  /** Stable across shrinking (the resolved step depends on the state, so it is reported by the failing assertion). */
  toString(): string {
    return `${this.name} ${JSON.stringify(this.choices, (_, v) => (typeof v === "bigint" ? v.toString() : v))}`;
  }
}

/** A command arbitrary: fast-check draws the `choices`, and `plan` resolves them into a step against the model. */
export const command = <T>(
  name: string,
  choices: { [K in keyof T]: fc.Arbitrary<T[K]> },
  plan: (c: T, s: ModelState, addresses: readonly string[]) => Step,
): fc.Arbitrary<UdiCommand> => fc.record(choices).map((c) => new UdiCommand(name, c, (s, a) => plan(c, s, a)));
