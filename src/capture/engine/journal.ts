import type { Database } from "better-sqlite3";
import type { Failure } from "./failure";
import type { Unit } from "./units";

/**
 * Where a journalled transaction is: `signed` (written before it is broadcast; it may or may not have reached the
 * node), `mined` or `reverted` (its receipt), `refused` (never signed: the chain refused it at send time, after
 * simulation), `dropped` (signed, never mined, its nonce taken by another transaction: its units are sent again).
 * `simulated` rows hold no transaction: the simulation refused that one event.
 */
export type TxState = "signed" | "mined" | "reverted" | "refused" | "dropped" | "simulated";

/** One transaction of a capture (or a refusal at send time), in send order. */
export interface JournalRow {
  seq: number;
  fn: string;
  units: Unit[];
  events: number[];
  state: TxState;
  nonce?: number;
  hash?: string;
  raw?: string;
  blockNumber?: number;
  /** The log index of the call's own log (its DeviceCommissioned, DevicesPacked…). */
  logIndex?: number;
  failure?: Failure;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS capture_engine_tx (
  capture_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  fn TEXT NOT NULL,
  units TEXT NOT NULL,
  events TEXT NOT NULL,
  state TEXT NOT NULL,
  nonce INTEGER,
  hash TEXT,
  raw TEXT,
  block_number INTEGER,
  log_index INTEGER,
  failure TEXT,
  PRIMARY KEY (capture_id, seq)
)`;

interface Stored {
  seq: number;
  fn: string;
  units: string;
  events: string;
  state: TxState;
  nonce: number | null;
  hash: string | null;
  raw: string | null;
  block_number: number | null;
  log_index: number | null;
  failure: string | null;
}

/** The engine's journal in the gateway's SQLite file: each row is written before its transaction is broadcast. */
export interface Journal {
  rows(captureId: string): JournalRow[];
  /** Appends a row; returns it with its sequence number. */
  add(captureId: string, row: Omit<JournalRow, "seq">): JournalRow;
  /** Records where a row's transaction ended up. */
  settle(
    captureId: string,
    seq: number,
    state: TxState,
    at?: { blockNumber: number; logIndex?: number },
    failure?: Failure,
  ): void;
}

const orNone = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

export function openJournal(db: Database): Journal {
  db.exec(SCHEMA);
  const select = db.prepare<[string], Stored>("SELECT * FROM capture_engine_tx WHERE capture_id = ? ORDER BY seq");
  const next = db.prepare<[string], { seq: number }>(
    "SELECT COALESCE(MAX(seq) + 1, 0) AS seq FROM capture_engine_tx WHERE capture_id = ?",
  );
  const insert = db.prepare(
    `INSERT INTO capture_engine_tx (capture_id, seq, fn, units, events, state, nonce, hash, raw, failure)
     VALUES (@captureId, @seq, @fn, @units, @events, @state, @nonce, @hash, @raw, @failure)`,
  );
  const update = db.prepare(
    `UPDATE capture_engine_tx SET state = @state, block_number = @blockNumber, log_index = @logIndex,
     failure = @failure WHERE capture_id = @captureId AND seq = @seq`,
  );
  return {
    rows: (captureId) =>
      select.all(captureId).map((r) => ({
        seq: r.seq,
        fn: r.fn,
        units: JSON.parse(r.units) as Unit[],
        events: JSON.parse(r.events) as number[],
        state: r.state,
        nonce: orNone(r.nonce),
        hash: orNone(r.hash),
        raw: orNone(r.raw),
        blockNumber: orNone(r.block_number),
        logIndex: orNone(r.log_index),
        failure: r.failure === null ? undefined : (JSON.parse(r.failure) as Failure),
      })),
    add(captureId, row) {
      const seq = db.transaction(() => {
        const { seq } = next.get(captureId) as { seq: number };
        insert.run({
          captureId,
          seq,
          fn: row.fn,
          units: JSON.stringify(row.units),
          events: JSON.stringify(row.events),
          state: row.state,
          nonce: row.nonce ?? null,
          hash: row.hash ?? null,
          raw: row.raw ?? null,
          failure: row.failure ? JSON.stringify(row.failure) : null,
        });
        return seq;
      })();
      return { ...row, seq };
    },
    settle(captureId, seq, state, at, failure) {
      update.run({
        captureId,
        seq,
        state,
        blockNumber: at?.blockNumber ?? null,
        logIndex: at?.logIndex ?? null,
        failure: failure ? JSON.stringify(failure) : null,
      });
    },
  };
}
