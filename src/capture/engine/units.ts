import type { CaptureEvent, LedgerOp } from "../types";

/**
 * The part of one operation a transaction carries: items [from, to) of operation `op` of the event at document index
 * `event`. Items are a commission's serials and a pack's or unpack's devices; any other operation is one item. The
 * journal records the units of each transaction, so a resumed capture sends only the parts no transaction holds.
 */
export interface Unit {
  event: number;
  op: number;
  from: number;
  to: number;
}

/** How many items an operation has (what batch calls chunk). */
export const itemCount = (op: LedgerOp): number =>
  op.kind === "commission" ? op.serials.length : op.kind === "pack" || op.kind === "unpack" ? op.devices.length : 1;

/** Every item of every event's operations, in document order, minus the parts in `done`. */
export function unitsOf(events: readonly CaptureEvent[], done: readonly Unit[] = []): Unit[] {
  const covered = new Map<string, boolean[]>();
  for (const u of done) {
    const key = `${u.event}/${u.op}`;
    const marks = covered.get(key) ?? [];
    for (let i = u.from; i < u.to; i++) marks[i] = true;
    covered.set(key, marks);
  }
  const units: Unit[] = [];
  for (const event of events) {
    event.ops.forEach((op, opIndex) => {
      const marks = covered.get(`${event.index}/${opIndex}`) ?? [];
      const count = itemCount(op);
      for (let from = 0; from < count;) {
        if (marks[from]) {
          from++;
          continue;
        }
        let to = from;
        while (to < count && !marks[to]) to++;
        units.push({ event: event.index, op: opIndex, from, to });
        from = to;
      }
    });
  }
  return units;
}
