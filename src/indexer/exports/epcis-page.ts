import type { EventDecoder } from "../decode/decoder";
import { DEVICE_EPC_EVENT_IDS } from "../queries/device-events";
import { eventEntriesOrdered } from "../queries/event-entry";
import type { Sql } from "../store/sql";
import { provenance } from "./epcis";
import { EPCIS_MAPPERS, type EpcisEvent } from "./epcis-events";
import { createEpcisLookups } from "./epcis-lookups";

/** What narrows the stored events before they are mapped: each a superset of what it stands for. */
export interface EpcisCandidates {
  /** Only events whose EPCIS form may name this device (its trail, recall terminations included). */
  deviceId?: string;
  /** Only the event at this chain position (the eventID's block hash and log index). */
  position?: { blockHash: string; logIndex: number };
  /** Block time bounds in seconds: from inclusive, to exclusive. */
  fromTime?: number;
  toTime?: number;
  /** Only events with these chain names (e.g. the names that map to one EPCIS event type). */
  names?: readonly string[];
  /** Keyset cursor: only events after (or, descending, before) this event id. */
  after?: number;
  descending?: boolean;
  /** Candidates read in one call. */
  limit: number;
}

/** A candidate EPCIS event with its chain position (the event id, for cursors). */
export interface EpcisCandidate {
  id: number;
  event: EpcisEvent;
}

/**
 * The stored events that have an EPCIS form, narrowed by `c`, mapped exactly as `udi-ledger export epcis` maps them
 * (same eventIDs, same fields), in chain order or its reverse, at most `c.limit` of them.
 */
export function epcisCandidates(
  sql: Sql,
  decoder: EventDecoder,
  chainId: number,
  c: EpcisCandidates,
): EpcisCandidate[] {
  const names = (c.names ?? Object.keys(EPCIS_MAPPERS)).filter((n) => n in EPCIS_MAPPERS);
  const filters = ["e.name IN (SELECT value FROM json_each(@names))"];
  const params: Record<string, unknown> = { names: JSON.stringify(names), limit: c.limit };
  if (c.deviceId !== undefined) {
    filters.push(`e.id IN (${DEVICE_EPC_EVENT_IDS})`);
    params.device = c.deviceId;
  }
  if (c.position) {
    filters.push("e.block_hash = @blockHash AND e.log_index = @logIndex");
    Object.assign(params, c.position);
  }
  if (c.fromTime !== undefined) {
    filters.push("e.block_time >= @fromTime");
    params.fromTime = c.fromTime;
  }
  if (c.toTime !== undefined) {
    filters.push("e.block_time < @toTime");
    params.toTime = c.toTime;
  }
  if (c.after !== undefined) {
    filters.push(c.descending ? "e.id < @after" : "e.id > @after");
    params.after = c.after;
  }
  const look = createEpcisLookups(sql);
  const order = `ORDER BY e.id ${c.descending ? "DESC" : "ASC"} LIMIT @limit`;
  return eventEntriesOrdered(sql, decoder, filters.join(" AND "), order, params).map((e) => ({
    id: e.id,
    event: { ...provenance(chainId, e), ...EPCIS_MAPPERS[e.event](e, look) },
  }));
}
