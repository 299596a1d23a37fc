import type { Contracts } from "../../sdk/contracts";
import type { CaptureEvent, LedgerOp } from "../types";
import { commissionCall, packCall, registerLotCall, singleCall, type CallSpec, type DispatchedItems } from "./calls";
import type { Unit } from "./units";

/** One transaction of a plan: the units it carries and the events whose outcome depends on it. */
export interface Step extends CallSpec {
  units: Unit[];
  /** Document indices of the events it belongs to (a registerLot: the events commissioning into its lot). */
  events: number[];
  /** The batching group (a lot's commissions, one SSCC's packs), whose chunk size a gas cap may lower. */
  group?: string;
  items: number;
}

/** What planning is told besides the units: lots the chain knows, events to send alone, smaller chunk sizes. */
export interface PlanInput {
  contracts: Contracts;
  maxBatch: number;
  events: ReadonlyMap<number, CaptureEvent>;
  /** `gtin|lot` → lot key on chain before the document (absent or 0: unknown). */
  lotKeys: ReadonlyMap<string, bigint>;
  /** Events a failed grouped call split out: each in calls of its own. */
  isolated: ReadonlySet<number>;
  /** group → largest chunk that stayed under the gas cap. */
  chunkLimits: ReadonlyMap<string, number>;
  /** The items of shipments dispatched before (settlements must list exactly them). */
  dispatched: DispatchedItems;
}

export const lotKeyId = (gtin: string, lot: string) => `${gtin}|${lot}`;

type Batched = Extract<LedgerOp, { kind: "commission" | "pack" | "unpack" }>;
const isBatched = (op: LedgerOp): op is Batched =>
  op.kind === "commission" || op.kind === "pack" || op.kind === "unpack";

const opOf = (p: PlanInput, u: Unit): LedgerOp => (p.events.get(u.event) as CaptureEvent).ops[u.op];

function groupOf(p: PlanInput, u: Unit): string | undefined {
  const op = opOf(p, u);
  const key =
    op.kind === "commission"
      ? `commission|${lotKeyId(op.gtin, op.lot)}`
      : op.kind === "pack" || op.kind === "unpack"
        ? `${op.kind}|${op.sscc}`
        : undefined;
  return key && p.isolated.has(u.event) ? `${key}|${u.event}` : key;
}

/** Splits a run of units of one group into chunks of at most `size` items, cutting units at chunk edges. */
function chunk(units: Unit[], size: number): Unit[][] {
  const chunks: Unit[][] = [[]];
  let room = size;
  for (const unit of units) {
    for (let from = unit.from; from < unit.to;) {
      if (room === 0) {
        chunks.push([]);
        room = size;
      }
      const to = Math.min(unit.to, from + room);
      chunks[chunks.length - 1].push({ ...unit, from, to });
      room -= to - from;
      from = to;
    }
  }
  return chunks;
}

const eventsOf = (units: Unit[]) => [...new Set(units.map((u) => u.event))];
const itemsIn = (units: Unit[]) => units.reduce((n, u) => n + u.to - u.from, 0);

/**
 * The plan: consecutive commissions of one lot become commissionBatch calls (a lot the chain does not know is
 * registered first), consecutive packs (unpacks) of one SSCC one pack (unpack) call, each chunked under the item cap
 * and any lower chunk size the gas cap forced; every other operation one call.
 */
export function planSteps(p: PlanInput, units: readonly Unit[]): Step[] {
  const steps: Step[] = [];
  const registering = new Set<string>();
  for (let i = 0; i < units.length;) {
    const group = groupOf(p, units[i]);
    let end = i + 1;
    while (group && end < units.length && groupOf(p, units[end]) === group) end++;
    const run = units.slice(i, end);
    i = end;
    const op = opOf(p, run[0]);
    if (!isBatched(op)) {
      steps.push({ ...singleCall(p.contracts, op, p.dispatched), units: run, events: eventsOf(run), items: 1 });
      continue;
    }
    if (op.kind === "commission") {
      const lot = lotKeyId(op.gtin, op.lot);
      const known = p.lotKeys.get(lot);
      if (!known && !registering.has(lot)) {
        registering.add(lot);
        steps.push({ ...registerLotCall(p.contracts, op), units: [], events: eventsOf(run), items: 0 });
      }
    }
    const size = Math.min(p.maxBatch, p.chunkLimits.get(group as string) ?? p.maxBatch);
    for (const part of chunk(run, size)) {
      const spec = batchCall(p, op, part);
      steps.push({ ...spec, units: part, events: eventsOf(part), group, items: itemsIn(part) });
    }
  }
  return steps;
}

/** The call of one chunk of a group: every unit of it is of the group's lot or SSCC. */
function batchCall(p: PlanInput, first: Batched, part: Unit[]): CallSpec {
  if (first.kind === "commission") {
    const serials = part.flatMap((u) => (opOf(p, u) as typeof first).serials.slice(u.from, u.to));
    return commissionCall(p.contracts, first.gtin, first.lot, serials, p.lotKeys.get(lotKeyId(first.gtin, first.lot)));
  }
  const devices = part.flatMap((u) => (opOf(p, u) as typeof first).devices.slice(u.from, u.to));
  return packCall(p.contracts, first.kind, first.sscc, devices);
}
