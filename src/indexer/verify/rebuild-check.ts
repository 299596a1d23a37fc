import Database from "better-sqlite3";
import type { EventDecoder } from "../decode/decoder";
import { rebuildProjections } from "../projections/rebuild";
import { PROJECTION_TABLES } from "../store/schema";
import { createSql, type Sql } from "../store/sql";

/** Projections of a database compared with a fresh rebuild from its own events. */
export interface RebuildComparison {
  tables: number;
  differences: string[];
}

/** Differences reported per table and direction, at most. */
const SHOWN = 5;

/**
 * Recomputes every projection from the stored events into a scratch SQLite database (the stored one is only read),
 * then compares each table both ways, row by row as JSON (so SQLite and PostgreSQL stores compare alike): rows stored
 * but not rebuilt, and rows rebuilt but not stored.
 */
export function compareWithRebuild(stored: Sql, decoder: EventDecoder): RebuildComparison {
  const fresh = new Database("");
  try {
    const sql = createSql(fresh);
    rebuildProjections(sql, decoder, stored);
    const differences: string[] = [];
    for (const table of Object.keys(PROJECTION_TABLES)) {
      const rebuilt = counted(sql.all<Record<string, unknown>>(`SELECT * FROM ${table}`));
      const kept = counted(stored.all<Record<string, unknown>>(`SELECT * FROM ${table}`));
      for (const row of surplus(kept, rebuilt))
        differences.push(`${table}: stored row not derivable from events: ${row}`);
      for (const row of surplus(rebuilt, kept))
        differences.push(`${table}: row derived from events is missing: ${row}`);
    }
    return { tables: Object.keys(PROJECTION_TABLES).length, differences };
  } finally {
    fresh.close();
  }
}

/** Rows as JSON text (columns in table order), with how many times each occurs. */
function counted(rows: Record<string, unknown>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const text = JSON.stringify(row);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return counts;
}

/** Up to SHOWN rows of `a` that `b` does not have as often. */
function surplus(a: Map<string, number>, b: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [row, n] of a) if (n > (b.get(row) ?? 0) && out.push(row) >= SHOWN) break;
  return out;
}
