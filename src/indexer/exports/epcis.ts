import type { EventDecoder } from "../decode/decoder";
import { resolveDeviceRef } from "../domain/device-ref";
import { InvalidArgumentError } from "../errors";
import { DEVICE_EVENT_IDS } from "../queries/device-events";
import { eventEntries, type EventEntry } from "../queries/event-entry";
import type { Checkpoint } from "../store/store";
import type { Sql } from "../store/sql";
import { EPCIS_MAPPERS, type EpcisEvent } from "./epcis-events";
import { createEpcisLookups, type AnchoredSensorData } from "./epcis-lookups";

/** The EPCIS 2.0 JSON-LD context, and the prefix of this ledger's extension fields. */
export const EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
export const UDI_NAMESPACE = "urn:udi-ledger:epcis:";

export interface EpcisExportOptions {
  chainId: number;
  asOf: Checkpoint;
  /** Only the events in this device's trail. */
  device?: string;
  /** ISO 8601 bounds on the block time (inclusive). */
  from?: string;
  to?: string;
  /** Document creation time (defaults to now). */
  creationDate?: Date;
  /** Anchored record sets the exporter holds, by root: their readings go into the anchors' sensorElementList. */
  recordSets?: ReadonlyMap<string, AnchoredSensorData>;
}

function seconds(field: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new InvalidArgumentError(field, text, "is not an ISO 8601 date-time");
  return Math.floor(ms / 1000);
}

/** The chain position every exported event carries, and its event id. */
export function provenance(chainId: number, e: EventEntry): EpcisEvent {
  return {
    eventID: `urn:udi-ledger:event:${chainId}:${e.blockHash}:${e.logIndex}`,
    eventTime: e.blockTime,
    eventTimeZoneOffset: "+00:00",
    "udi:chainId": chainId,
    "udi:blockNumber": e.blockNumber,
    "udi:blockHash": e.blockHash,
    "udi:transactionHash": e.txHash,
    "udi:logIndex": e.logIndex,
    "udi:contract": e.contract,
    "udi:event": e.event,
    ...(e.actor ? { "udi:actor": e.actor } : {}),
    ...(e.organisation ? { "udi:organisation": e.organisation } : {}),
  };
}

/** The indexed events (optionally one device's, within a time window) as an EPCIS 2.0 JSON-LD document. */
export function epcisDocument(sql: Sql, decoder: EventDecoder, options: EpcisExportOptions): Record<string, unknown> {
  const from = seconds("from", options.from, 0);
  const to = seconds("to", options.to, Number.MAX_SAFE_INTEGER);
  const names = Object.keys(EPCIS_MAPPERS);
  const filters = ["e.block_time BETWEEN @from AND @to", "e.name IN (SELECT value FROM json_each(@names))"];
  const params: Record<string, unknown> = { from, to, names: JSON.stringify(names) };
  if (options.device !== undefined) {
    filters.push(`e.id IN (${DEVICE_EVENT_IDS})`);
    params.device = resolveDeviceRef(options.device).deviceId;
  }
  const look = { ...createEpcisLookups(sql), recordSet: (root: string) => options.recordSets?.get(root) };
  const eventList = eventEntries(sql, decoder, filters.join(" AND "), params).map((e) => ({
    ...provenance(options.chainId, e),
    ...EPCIS_MAPPERS[e.event](e, look),
  }));
  return {
    "@context": [EPCIS_CONTEXT, { udi: UDI_NAMESPACE }],
    type: "EPCISDocument",
    schemaVersion: "2.0",
    creationDate: (options.creationDate ?? new Date()).toISOString(),
    "udi:chainId": options.chainId,
    "udi:indexedBlock": options.asOf.number,
    "udi:indexedBlockHash": options.asOf.hash,
    epcisBody: { eventList },
  };
}
