import type { EventDecoder, EventValue } from "../decode/decoder";
import { contextOf, type StoredEventRow } from "../projections/apply";
import type { Sql } from "../store/sql";
import { gln13, gtin14, sscc18 } from "../../gs1";
import type { EventEntry } from "../answers";

export type { EventEntry };

const GLN_FIELDS = ["organisation", "sender", "issuer", "recipient", "custodian", "gln", "manufacturer"];
const isDecimal = (v: EventValue | undefined): v is string => typeof v === "string" && /^\d+$/.test(v);

/** GS1 keys the chain stores as integers, by argument name, with their zero-padded form (GLN-13, GTIN-14, SSCC-18). */
const KEY_FORMATS: Record<string, (key: string) => string> = {
  ...Object.fromEntries([...GLN_FIELDS, "careSite", "serviceProvider", "returnTo"].map((f) => [f, gln13])),
  gtin: gtin14,
  sscc: sscc18,
  containers: sscc18,
};

/** The arguments as auditors read them: GS1 keys zero-padded to their full length (a GLN keeps its leading 0). */
export function displayArgs(args: Record<string, EventValue>): Record<string, EventValue> {
  const out: Record<string, EventValue> = {};
  for (const [name, value] of Object.entries(args)) {
    const format = KEY_FORMATS[name];
    if (format && isDecimal(value)) out[name] = format(value);
    else if (format && Array.isArray(value) && value.every(isDecimal)) out[name] = (value as string[]).map(format);
    else out[name] = value;
  }
  return out;
}

/** The acting account and organisation of an event's arguments. */
export function actorOf(
  name: string,
  args: Record<string, EventValue>,
): { actor: string | null; organisation: string | null } {
  const actor = (args.actor ??
    (name.startsWith("Role") ? args.sender : undefined) ??
    (name.endsWith("aused") ? args.account : undefined)) as string | undefined;
  const field = GLN_FIELDS.find((f) => isDecimal(args[f]));
  return { actor: actor ?? null, organisation: field ? gln13(args[field] as string) : null };
}

export const isoTime = (seconds: number): string => new Date(seconds * 1000).toISOString().replace(".000Z", "Z");

type Row = StoredEventRow & { block_hash: string; tx_hash: string; log_index: number };

/** Stored events matching `where` (on alias e), in chain order, decoded. */
export function eventEntries(sql: Sql, decoder: EventDecoder, where: string, ...params: unknown[]): EventEntry[] {
  return eventEntriesOrdered(sql, decoder, where, "ORDER BY e.id", ...params);
}

/** Stored events matching `where` (on alias e), in the order (and limit) `orderBy` gives, decoded. */
export function eventEntriesOrdered(
  sql: Sql,
  decoder: EventDecoder,
  where: string,
  orderBy: string,
  ...params: unknown[]
): EventEntry[] {
  const rows = sql.all<Row>(
    `SELECT e.id, e.block_number, e.block_hash, e.block_time, e.tx_hash, e.log_index, e.contract, e.name, e.topics, e.data
     FROM events e WHERE ${where} ${orderBy}`,
    ...params,
  );
  return rows.map((row) => {
    const event = contextOf(row, decoder);
    return {
      id: row.id,
      blockNumber: row.block_number,
      blockHash: row.block_hash,
      blockTime: isoTime(row.block_time),
      txHash: row.tx_hash,
      logIndex: row.log_index,
      contract: row.contract,
      event: event.name,
      ...actorOf(event.name, event.args),
      args: displayArgs(event.args),
    };
  });
}
