import { createEventDecoder } from "../../../src/indexer/decode/decoder";
import type { Sql } from "../../../src/indexer/store/sql";
import { openStore } from "../../../src/indexer/store/store";

/** Runs `fn` on the index at `db` (an SQLite path or a PostgreSQL URL), opened read-only, and closes it. */
export function readDb<T>(db: string, fn: (sql: Sql) => T): T {
  const store = openStore(db, { decoder: createEventDecoder(), reorgWindow: 1, readonly: true });
  try {
    return fn(store.sql);
  } finally {
    store.close();
  }
}
