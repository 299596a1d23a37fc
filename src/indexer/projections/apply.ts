import type { DeployedName } from "../../manifest";
import type { EventDecoder } from "../decode/decoder";
import { handlerOf } from "../handlers";
import type { EventContext } from "../handlers/types";
import type { Sql } from "../store/sql";

/** Applies one stored event to the projections (events without a handler change none). */
export function applyEvent(sql: Sql, event: EventContext): void {
  handlerOf(event.contract as DeployedName, event.name)?.(sql, event);
}

/** A stored event row with its raw log, as read back from `events`. */
export interface StoredEventRow {
  id: number;
  block_number: number;
  block_time: number;
  contract: string;
  name: string;
  topics: Buffer;
  data: Buffer;
}

/** The topics of a stored row: 32-byte words as 0x hex. */
export function topicsOf(blob: Buffer): string[] {
  const out: string[] = [];
  for (let i = 0; i < blob.length; i += 32) out.push("0x" + blob.subarray(i, i + 32).toString("hex"));
  return out;
}

/** Decodes a stored row back into the event the handlers saw when it was indexed. */
export function contextOf(row: StoredEventRow, decoder: EventDecoder): EventContext {
  const decoded = decoder.decode(topicsOf(row.topics), "0x" + row.data.toString("hex"));
  return {
    id: row.id,
    blockNumber: row.block_number,
    blockTime: row.block_time,
    contract: row.contract,
    name: decoded?.name ?? row.name,
    args: decoded?.args ?? {},
  };
}
