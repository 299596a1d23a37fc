import Database from "better-sqlite3";
import type { EventDecoder } from "../decode/decoder";
import { rebuildProjections } from "../projections/rebuild";
import { PROJECTION_TABLES } from "../store/schema";
import { createSql } from "../store/sql";

/** Projections of a database compared with a fresh rebuild from its own events. */
export interface RebuildComparison {
  tables: number;
  differences: string[];
}

/**
 * Recomputes every projection from the stored events into an in-memory database (the stored one is attached and
 * only read), then compares each table both ways: rows stored but not rebuilt, and rows rebuilt but not stored.
 */
export function compareWithRebuild(dbPath: string, decoder: EventDecoder): RebuildComparison {
  const fresh = new Database(":memory:");
  try {
    fresh.prepare("ATTACH DATABASE ? AS stored").run(dbPath);
    const sql = createSql(fresh);
    rebuildProjections(sql, decoder);
    const differences: string[] = [];
    for (const table of Object.keys(PROJECTION_TABLES)) {
      const extra = sql.all<Record<string, unknown>>(
        `SELECT * FROM stored.${table} EXCEPT SELECT * FROM main.${table} LIMIT 5`,
      );
      const missing = sql.all<Record<string, unknown>>(
        `SELECT * FROM main.${table} EXCEPT SELECT * FROM stored.${table} LIMIT 5`,
      );
      for (const row of extra)
        differences.push(`${table}: stored row not derivable from events: ${JSON.stringify(row)}`);
      for (const row of missing)
        differences.push(`${table}: row derived from events is missing: ${JSON.stringify(row)}`);
    }
    return { tables: Object.keys(PROJECTION_TABLES).length, differences };
  } finally {
    fresh.close();
  }
}
