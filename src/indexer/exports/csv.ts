import type { EventDecoder } from "../decode/decoder";
import { eventEntries } from "../queries/event-entry";
import type { Sql } from "../store/sql";

const COLUMNS = [
  "block_number",
  "block_time",
  "block_hash",
  "tx_hash",
  "log_index",
  "contract",
  "event",
  "actor",
  "organisation",
  "args",
] as const;

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
const field = (value: unknown): string => {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Every stored event as CSV (one row per log, arguments as JSON), in chain order; yields chunks of lines. */
export function* eventsCsv(sql: Sql, decoder: EventDecoder, page = 5_000): Generator<string> {
  yield COLUMNS.join(",") + "\r\n";
  for (let after = 0; ;) {
    const entries = eventEntries(
      sql,
      decoder,
      `e.id IN (SELECT id FROM events WHERE id > ? ORDER BY id LIMIT ${page})`,
      after,
    );
    if (entries.length === 0) return;
    let chunk = "";
    for (const e of entries) {
      const row = [
        e.blockNumber,
        e.blockTime,
        e.blockHash,
        e.txHash,
        e.logIndex,
        e.contract,
        e.event,
        e.actor,
        e.organisation,
        JSON.stringify(e.args),
      ];
      chunk += row.map(field).join(",") + "\r\n";
      after = Math.max(after, e.id);
    }
    yield chunk;
  }
}
