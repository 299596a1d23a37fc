import { gln13, sgtinUri, ssccUri } from "../../gs1";
import type { Sql } from "../store/sql";

/** The EPCs the index knows (devices as SGTINs, then containers as SSCCs), `limit` from position `offset`. */
export function epcPage(sql: Sql, offset: number, limit: number): string[] {
  return sql
    .all<{ kind: number; a: string; b: string }>(
      `SELECT 0 AS kind, gtin AS a, serial AS b, device_key AS k FROM devices
       UNION ALL SELECT 1, sscc, '', key FROM containers
       ORDER BY kind, k LIMIT ? OFFSET ?`,
      limit,
      offset,
    )
    .map((r) => (r.kind === 0 ? sgtinUri(r.a, r.b) : ssccUri(r.a)));
}

/** The GLN-13 of every organisation admitted (where its events happen), in GLN order. */
export function organisationGlns(sql: Sql): string[] {
  return sql
    .all<{ gln: string }>("SELECT gln FROM organisations ORDER BY CAST(gln AS INTEGER)")
    .map((r) => gln13(r.gln));
}
