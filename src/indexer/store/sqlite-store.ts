import { statSync } from "node:fs";
import Database from "better-sqlite3";
import { ALERT_EVENTS, createAlertProjector, createAlertTables } from "../alerts/outbox";
import { applyEvent } from "../projections/apply";
import { rebuildProjections } from "../projections/rebuild";
import {
  RETIRED_TABLES,
  SCHEMA_VERSION,
  SOURCE_TABLES,
  needsMigration,
  eventId,
  projectionDdl,
  knownBlocks,
} from "./schema";
import { createSql } from "./sql";
import type { Checkpoint, RangeBatch, Store, StoreOptions } from "./store";

/** Opens (creating when absent) the SQLite database of an indexer. */
export function openSqliteStore(path: string, options: StoreOptions): Store {
  const db = new Database(path, { readonly: options.readonly ?? false });
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined;
  const found = hasMeta
    ? (db.prepare("SELECT value FROM meta WHERE key = 'schemaVersion'").pluck().get() as string | undefined)
    : undefined;
  let migrate: boolean;
  try {
    migrate = needsMigration(found, path);
  } catch (error) {
    db.close();
    throw error;
  }
  if (!options.readonly) {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    // No automatic checkpoints inside range commits: each one fsyncs and stalls the replay for hundreds of
    // milliseconds. `flushWal()` runs them between ranges when the WAL grows large, and when the sync is idle.
    db.pragma("wal_autocheckpoint = 0");
    db.exec(SOURCE_TABLES);
    db.exec(projectionDdl());
  }
  db.pragma("cache_size = -65536");
  const sql = createSql(db);
  if (!options.readonly) createAlertTables(sql);
  if (!options.readonly && found !== String(SCHEMA_VERSION)) {
    // The raw events are kept as the chain gave them; projections of an older layout are recomputed from them.
    if (migrate) {
      for (const table of RETIRED_TABLES) db.exec(`DROP TABLE IF EXISTS ${table}`);
      rebuildProjections(sql, options.decoder);
    }
    sql.run("INSERT OR REPLACE INTO meta VALUES ('schemaVersion', ?)", String(SCHEMA_VERSION));
  }

  const checkpoint = (): Checkpoint | undefined => {
    const row = sql.get<{ block_number: number; block_hash: string; block_time: number }>(
      "SELECT block_number, block_hash, block_time FROM checkpoint WHERE id = 1",
    );
    return row && { number: row.block_number, hash: row.block_hash, time: row.block_time };
  };
  const setCheckpoint = (c: Checkpoint) =>
    sql.run("INSERT OR REPLACE INTO checkpoint VALUES (1, ?, ?, ?)", c.number, c.hash, c.time);

  const insertEvent = db.prepare(
    "INSERT INTO events (id, block_number, block_hash, block_time, tx_hash, tx_index, log_index, address, contract," +
      " name, topics, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );

  const alerts = createAlertProjector(sql);

  const applyRange = db.transaction((batch: RangeBatch) => {
    const rangeAlerts = options.readonly ? null : alerts.begin();
    for (const log of batch.logs) {
      const id = eventId(log.blockNumber, log.logIndex);
      insertEvent.run(
        id,
        log.blockNumber,
        log.blockHash,
        log.blockTime,
        log.txHash,
        log.txIndex,
        log.logIndex,
        log.address,
        log.contract,
        log.name,
        log.topics,
        log.data,
      );
      if (log.args) {
        const event = {
          id,
          blockNumber: log.blockNumber,
          blockTime: log.blockTime,
          contract: log.contract,
          name: log.name,
          args: log.args,
        };
        applyEvent(sql, event);
        // Alerts see the projections just after their event, in this transaction (alerts/outbox.ts).
        if (rangeAlerts && ALERT_EVENTS.has(log.name))
          rangeAlerts.event({ event, blockHash: log.blockHash, logIndex: log.logIndex, txHash: log.txHash });
      }
    }
    for (const b of batch.blocks) {
      sql.run("INSERT OR REPLACE INTO blocks VALUES (?, ?, ?, ?)", b.number, b.hash, b.parentHash, b.time);
    }
    sql.run("DELETE FROM blocks WHERE number < ?", batch.checkpoint.number - options.reorgWindow);
    setCheckpoint(batch.checkpoint);
  });

  const rollbackTo = db.transaction((ancestor: Checkpoint): number => {
    const removed = sql.run("DELETE FROM events WHERE id >= ?", eventId(ancestor.number + 1, 0)).changes;
    sql.run("DELETE FROM blocks WHERE number > ?", ancestor.number);
    sql.run("INSERT OR REPLACE INTO blocks VALUES (?, ?, NULL, ?)", ancestor.number, ancestor.hash, ancestor.time);
    setCheckpoint(ancestor);
    alerts.rollBack(ancestor.number, Date.now());
    rebuildProjections(sql, options.decoder);
    return removed;
  });

  return {
    name: path,
    sql,
    meta: (key) => sql.get<{ value: string }>("SELECT value FROM meta WHERE key = ?", key)?.value,
    setMeta: (key, value) => void sql.run("INSERT OR REPLACE INTO meta VALUES (?, ?)", key, value),
    checkpoint,
    acquireWriter: () => undefined,
    initCheckpoint: (c) =>
      db.transaction(() => {
        if (checkpoint()) return;
        setCheckpoint(c);
        sql.run("INSERT OR REPLACE INTO blocks VALUES (?, ?, NULL, ?)", c.number, c.hash, c.time);
      })(),
    applyRange(batch) {
      try {
        applyRange(batch);
      } catch (error) {
        sql.deviceKeys.clear(); // the transaction rolled back: keys remembered in it may name no row
        throw error;
      }
    },
    knownBlocks: (from, to) => knownBlocks(sql, from, to),
    rollbackTo(ancestor) {
      try {
        return rollbackTo(ancestor);
      } finally {
        sql.deviceKeys.clear();
      }
    },
    rebuild: () => rebuildProjections(sql, options.decoder),
    flushWal(minBytes) {
      if (options.readonly) return;
      let size: number;
      try {
        size = statSync(`${path}-wal`).size;
      } catch {
        return;
      }
      if (size > minBytes) db.pragma(minBytes === 0 ? "wal_checkpoint(TRUNCATE)" : "wal_checkpoint(PASSIVE)");
    },
    close: () => db.close(),
  };
}
