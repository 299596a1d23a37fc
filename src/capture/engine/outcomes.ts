import type { CaptureEvent, EventOutcome } from "../types";
import type { Failure } from "./failure";
import type { JournalRow } from "./journal";
import { unitsOf } from "./units";

/** Why a rollback document stopped: the first event that fails, and how. */
interface Stop {
  event: number;
  why: string;
}

const isBad = (r: JournalRow) => r.state === "reverted" || r.state === "refused";
const withError = (f: Failure) => (f.error ? { error: f.error } : {});

/** The simulation's refusals the journal holds, by event. */
export const simulatedIn = (rows: readonly JournalRow[]): Map<number, Failure> =>
  new Map(rows.filter((r) => r.state === "simulated").map((r) => [r.events[0], r.failure as Failure]));

/** The stop of a rollback document at the first failing journal row or simulated failure. */
function stopAt(rows: readonly JournalRow[], simulated: ReadonlyMap<number, Failure>): Stop | undefined {
  const sent = rows.find(isBad);
  if (sent?.failure) {
    const event = Math.min(...sent.events);
    const name = sent.failure.error?.name ?? sent.failure.reason;
    return { event, why: `event ${event} failed on chain after simulation (${name})` };
  }
  if (simulated.size === 0) return undefined;
  const event = Math.min(...simulated.keys());
  const failure = simulated.get(event) as Failure;
  return { event, why: `event ${event} would fail (${failure.error?.name ?? failure.reason})` };
}

/**
 * One outcome per event, from the journal (what was sent and where it ended) and the simulation (what the chain
 * would refuse): committed when every part of it is in a mined transaction (the outcome points at the first, and
 * that call's own log); failed when a transaction of it reverted or was refused after simulation, or the simulation
 * refused it; otherwise rolled back, saying which event stopped the document.
 */
export function outcomesOf(events: readonly CaptureEvent[], rows: readonly JournalRow[]): EventOutcome[] {
  const live = rows.filter((r) => r.state !== "dropped");
  const simulated = simulatedIn(live);
  const stop = stopAt(live, simulated);
  const minedUnits = live.filter((r) => r.state === "mined").flatMap((r) => r.units);
  return events.map((e) => {
    const base = { index: e.index, eventId: e.eventId };
    const mined = live.filter((r) => r.state === "mined" && r.units.some((u) => u.event === e.index));
    const bad = live.find((r) => isBad(r) && r.events.includes(e.index));
    if (bad?.failure) {
      const before = mined.length > 0 ? `; committed before it: ${mined.map((r) => r.hash).join(", ")}` : "";
      const reason = `refused on chain after simulation (another party moved first): ${bad.failure.reason}${before}`;
      return { ...base, status: "failed", reason, ...withError(bad.failure) };
    }
    const simulatedFailure = simulated.get(e.index);
    if (simulatedFailure) {
      const reason = `refused in simulation: ${simulatedFailure.reason}`;
      return { ...base, status: "failed", reason, ...withError(simulatedFailure) };
    }
    if (unitsOf([e], minedUnits).length === 0 && mined.length > 0) {
      const first = mined[0];
      // Every call the plan makes emits its own log; -1 would say the receipt held none.
      const at = {
        txHash: first.hash as string,
        blockNumber: first.blockNumber as number,
        logIndex: first.logIndex ?? -1,
      };
      return { ...base, status: "committed", ...at };
    }
    return { ...base, status: "rolledBack", reason: `not sent: ${stop?.why ?? "the document stopped"}` };
  });
}
