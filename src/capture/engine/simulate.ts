import { toQuantity, type Provider } from "ethers";
import { CaptureSimulator__factory } from "../../../typechain-types/factories/contracts/tools/CaptureSimulator__factory";
import { toSdkError } from "../../sdk/decode-error";
import { SdkInputError } from "../../sdk/errors";
import type { Built, Call } from "./calls";
import { SimulationGasError } from "./errors";
import { failureOfError, failureOfRevert, type Failure } from "./failure";
import type { Step } from "./plan";
import { retrying } from "./retry";
import type { Unit } from "./units";

/** What one call did in simulation. */
export interface CallResult {
  ok: boolean;
  gasUsed: bigint;
  data: string;
}

/** Runs calls in order as the signer against the latest state, each seeing what the earlier ones left. */
export type Executor = (calls: readonly Call[]) => Promise<CallResult[]>;

type RpcProvider = Provider & { send(method: string, params: unknown[]): Promise<string> };

/**
 * The executor: one `eth_call` from the signer to the signer, with a state override that gives the signer's address
 * the CaptureSimulator's runtime code (obtained once by running its creation code in an `eth_call`), so each inner
 * call's `msg.sender` is the signer. `gas` is the whole simulation's gas; a node may cap it lower.
 */
export function createExecutor(provider: Provider, from: string, gas: bigint): Executor {
  const rpc = provider as RpcProvider;
  if (typeof rpc.send !== "function")
    throw new SdkInputError("wallet.provider", "provider", "needs a JSON-RPC provider (eth_call state overrides)");
  const abi = CaptureSimulator__factory.createInterface();
  let runtime: Promise<string> | undefined;
  const code = () =>
    (runtime ??= retrying(() => provider.call({ data: CaptureSimulator__factory.bytecode })).catch((error) => {
      runtime = undefined; // asked again by the next run
      throw error;
    }));
  return async (calls) => {
    if (calls.length === 0) return [];
    const data = abi.encodeFunctionData("run", [calls.map((c) => c.to), calls.map((c) => c.data)]);
    let raw: string;
    try {
      const override = { [from]: { code: await code() } };
      const request = [{ from, to: from, data, gas: toQuantity(gas) }, "latest", override];
      raw = await retrying(() => rpc.send("eth_call", request));
    } catch (error) {
      const typed = toSdkError(error);
      // The executor's own loop ran out (Hardhat: "Transaction ran out of gas"; Geth, anvil: "out of gas").
      if (/out of gas/i.test(typed.message)) throw new SimulationGasError(gas, calls.length);
      throw typed;
    }
    const [success, used, returned, executed] = abi.decodeFunctionResult("run", raw);
    if (Number(executed) < calls.length) throw new SimulationGasError(gas, calls.length, Number(executed));
    return calls.map((_, i) => ({
      ok: success[i] as boolean,
      gasUsed: used[i] as bigint,
      data: returned[i] as string,
    }));
  };
}

/** Builds a step's call from its reads; an input the SDK refuses (a bad GLN, a hash) becomes the reason. */
export async function buildStep(step: Step, reads: readonly string[]): Promise<Built> {
  try {
    return await step.build(reads);
  } catch (error) {
    return { reason: `${step.fn}: ${failureOfError(error).reason}` };
  }
}

/** Gas a transaction adds to its call: 21,000 and its calldata (EIP-2028: 16 per non-zero byte, 4 per zero). */
export function intrinsicGas(call: Call): bigint {
  let gas = 21_000n;
  for (let i = 2; i < call.data.length; i += 2) gas += call.data.slice(i, i + 2) === "00" ? 4n : 16n;
  return gas;
}

/** What one step did in simulation: its gas as a transaction, or why it fails. */
export type StepResult = { ok: true; gas: bigint } | { ok: false; failure: Failure };

/**
 * Simulates steps in order: a step with reads first runs the calls before it plus its reads (so it is built from the
 * state they leave), then every built call runs once more in one executor call. A failed call's changes are undone,
 * as a reverted transaction's are, and the steps after it see the state without it.
 */
export async function simulateSteps(execute: Executor, steps: readonly Step[]): Promise<StepResult[]> {
  const calls: Call[] = [];
  const slot: (number | Failure)[] = [];
  for (const step of steps) {
    let reads: string[] = [];
    if (step.reads.length > 0) {
      const answers = (await execute([...calls, ...step.reads])).slice(calls.length);
      const refused = answers.find((a) => !a.ok);
      if (refused) {
        slot.push(failureOfRevert(refused.data));
        continue;
      }
      reads = answers.map((a) => a.data);
    }
    const built = await buildStep(step, reads);
    if ("reason" in built) {
      slot.push({ reason: built.reason });
      continue;
    }
    slot.push(calls.length);
    calls.push(built.call);
  }
  const results = await execute(calls);
  return slot.map((s) => {
    if (typeof s !== "number") return { ok: false, failure: s };
    const r = results[s];
    return r.ok
      ? { ok: true, gas: r.gasUsed + intrinsicGas(calls[s]) }
      : { ok: false, failure: failureOfRevert(r.data) };
  });
}

/** The plan a simulation settled on and the events the chain refuses (by document index). */
export interface Simulation {
  steps: Step[];
  failures: Map<number, Failure>;
}

/** Plans units given the events to isolate and the chunk sizes the gas cap forced. */
export type Planner = (units: Unit[], isolated: ReadonlySet<number>, limits: ReadonlyMap<string, number>) => Step[];

/**
 * Simulates until the plan holds: a grouped call that fails is split into calls per event and simulated again, to
 * find exactly which events fail; a failing event is left out (its other calls too) and the rest simulated again
 * without it; a chunk whose gas is over `gasCap` is cut smaller. Ends when a round changes nothing.
 */
export async function simulateDocument(
  execute: Executor,
  plan: Planner,
  units: readonly Unit[],
  gasCap: bigint,
): Promise<Simulation> {
  const failures = new Map<number, Failure>();
  const isolated = new Set<number>();
  const limits = new Map<string, number>();
  for (;;) {
    const steps = plan(
      units.filter((u) => !failures.has(u.event)),
      isolated,
      limits,
    );
    const results = await simulateSteps(execute, steps);
    let changed = false;
    results.forEach((r, i) => {
      const { group, items } = steps[i];
      if (!r.ok || !group || items < 2 || r.gas <= gasCap) return;
      limits.set(group, Math.max(1, Math.min(items - 1, Number((BigInt(items) * gasCap) / r.gas))));
      changed = true;
    });
    const first = results.findIndex((r) => !r.ok);
    if (first >= 0) {
      const step = steps[first];
      const failure = (results[first] as { failure: Failure }).failure;
      const split = step.units.length > 0 && step.events.length > 1 && step.events.some((e) => !isolated.has(e));
      for (const e of step.events) {
        if (split) isolated.add(e);
        else failures.set(e, failure);
      }
      changed = true;
    }
    if (!changed) return { steps, failures };
  }
}
