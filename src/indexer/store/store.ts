import type { EventDecoder, EventValue } from "../decode/decoder";
import Database from "better-sqlite3";
import { openPgSql } from "./postgres/pg-sql";
import { openPgStore } from "./postgres/pg-store";
import { isPostgresUrl, postgresTarget } from "./postgres/target";
import { openSqliteStore } from "./sqlite-store";
import { createSql, type Sql } from "./sql";
import type { Checkpoint } from "../answers";

export type { Checkpoint };

/** A log ready to store: position, raw topics and data, and what the decoder made of it. */
export interface PreparedLog {
  blockNumber: number;
  blockHash: string;
  blockTime: number;
  txHash: string;
  txIndex: number;
  logIndex: number;
  address: string;
  contract: string;
  name: string;
  topics: Buffer;
  data: Buffer;
  args: Record<string, EventValue> | null;
}

/** One block range, applied in one transaction: its logs, the block hashes to remember, the new checkpoint. */
export interface RangeBatch {
  logs: PreparedLog[];
  blocks: { number: number; hash: string; parentHash: string | null; time: number | null }[];
  checkpoint: Checkpoint;
}

export interface Store {
  /** The database, as it may be shown (a PostgreSQL URL's password redacted). */
  readonly name: string;
  readonly sql: Sql;
  meta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  checkpoint(): Checkpoint | undefined;
  /**
   * Claims the right to write: on PostgreSQL the schema's writer lock, held by this store's session (a
   * `StoreLockedError` when another process holds it); SQLite's file lock serialises its writers by itself.
   */
  acquireWriter(): void;
  /** Sets the checkpoint of an empty database: the block before the first one to index. */
  initCheckpoint(checkpoint: Checkpoint): void;
  /** Stores a range's events, applies them to the projections and moves the checkpoint: one transaction. */
  applyRange(batch: RangeBatch): void;
  /** Block hashes remembered in [from, to], newest first (the unfinalised window, for reorg detection). */
  knownBlocks(from: number, to: number): { number: number; hash: string }[];
  /** Deletes everything above `ancestor`, recomputes the projections and moves the checkpoint: one transaction. */
  rollbackTo(ancestor: Checkpoint): number;
  /** Drops and recomputes every projection from the stored events. */
  rebuild(): number;
  /** Copies the WAL into the database file when it passed `minBytes` (0: whenever it holds anything). */
  flushWal(minBytes: number): void;
  close(): void;
}

export interface StoreOptions {
  decoder: EventDecoder;
  /** Blocks below checkpoint − window forget their hashes (reorgs deeper than this are refused). */
  reorgWindow: number;
  readonly?: boolean;
}

/**
 * Opens the index at `db`: a `postgres://` or `postgresql://` URL (postgres/pg-store.ts), else the path of an SQLite file
 * (sqlite-store.ts, created when absent). Nothing else in the code knows which of the two it has.
 */
export function openStore(db: string, options: StoreOptions): Store {
  return isPostgresUrl(db) ? openPgStore(postgresTarget(db), options) : openSqliteStore(db, options);
}

/**
 * A connection of its own to the database at `db`, for a component that reads and writes its tables beside the
 * index (the service's subscriptions and outbox): same URL-or-path rule as `openStore`.
 */
export function connectSql(db: string): Sql & { close(): void } {
  if (isPostgresUrl(db)) return openPgSql(postgresTarget(db));
  const connection = new Database(db);
  connection.pragma("journal_mode = WAL");
  connection.pragma("busy_timeout = 5000");
  return Object.assign(createSql(connection), { close: () => void connection.close() });
}
