import type { EventDecoder } from "../decode/decoder";
import { PROJECTION_TABLES, projectionDdl } from "../store/schema";
import type { Sql } from "../store/sql";
import { applyEvent, contextOf, type StoredEventRow } from "./apply";

const PAGE = 5_000;

/**
 * Drops every projection and recomputes it from `events` in chain order (id = block number, log index), read from
 * `events` (another database: a rebuild check, or PostgreSQL's write-behind projections). Runs inside the caller's
 * transaction when there is one (a reorg rollback), else in its own.
 */
export function rebuildProjections(sql: Sql, decoder: EventDecoder, events: Sql = sql): number {
  const run = (): number => {
    sql.deviceKeys.clear();
    for (const table of Object.keys(PROJECTION_TABLES)) sql.exec(`DROP TABLE IF EXISTS ${table}`);
    sql.exec(projectionDdl());
    let count = 0;
    let after = -1;
    for (;;) {
      // Keyset pages in id (= chain) order: better-sqlite3 cannot write while a statement is still iterating.
      const rows = events.all<StoredEventRow>(
        `SELECT id, block_number, block_time, contract, name, topics, data FROM events WHERE id > ? ORDER BY id LIMIT ${PAGE}`,
        after,
      );
      for (const row of rows) applyEvent(sql, contextOf(row, decoder));
      count += rows.length;
      if (rows.length < PAGE) return count;
      after = rows[rows.length - 1].id;
    }
  };
  return sql.transaction(run);
}
