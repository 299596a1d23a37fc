import type { EventValue } from "../decode/decoder";
import type { Sql } from "../store/sql";

/** A stored event as the projection handlers see it. */
export interface EventContext {
  /** Row id in `events`. */
  id: number;
  blockNumber: number;
  blockTime: number;
  contract: string;
  name: string;
  args: Record<string, EventValue>;
}

/** Applies one event to the projections: deterministic, reads and writes nothing but the projection tables. */
export type Handler = (sql: Sql, event: EventContext) => void;

/** Handlers of one contract's events, by event name. */
export type HandlerTable = Record<string, Handler>;

export const str = (value: EventValue): string => value as string;
export const num = (value: EventValue): number => value as number;
export const list = (value: EventValue): string[] => value as string[];
export const flag = (value: EventValue): number => (value ? 1 : 0);

/** The event's arguments `names`, in that order, as a row's values: booleans bound as 0 or 1, the rest as decoded. */
export const fields = (e: EventContext, ...names: string[]): (string | number | EventValue[])[] =>
  names.map((name) => {
    const value = e.args[name];
    return typeof value === "boolean" ? flag(value) : value;
  });
