import { ALERT_EVENTS, ALERT_TABLES, OUTBOX_COLUMNS, createAlertProjector } from "../../alerts/outbox";
import { StoreError, StoreLockedError } from "../../errors";
import { applyEvent } from "../../projections/apply";
import { rebuildProjections } from "../../projections/rebuild";
import {
  RETIRED_TABLES,
  SCHEMA_VERSION,
  SOURCE_TABLES,
  eventId,
  needsMigration,
  projectionDdl,
  knownBlocks,
} from "../schema";
import type { Checkpoint, RangeBatch, Store, StoreOptions } from "../store";
import type { Statement } from "./bridge";
import { postgresDdl, tableShapes, type TableShape } from "./ddl";
import { openMirror, insertRows, type Mirror } from "./mirror";
import { openPgSql, type PgSql } from "./pg-sql";
import type { PostgresTarget } from "./target";

const SOURCE = tableShapes(SOURCE_TABLES);
const PROJECTIONS = [...tableShapes(projectionDdl()).values()];
const OUTBOX = tableShapes(ALERT_TABLES).get("alert_outbox")!;
/** A new alert: the projector's values, then its state. */
const NEW_ALERT: TableShape = {
  ...OUTBOX,
  columns: [...OUTBOX_COLUMNS, "state"].map((name) => OUTBOX.columns.find((c) => c.name === name)!),
};

/** SQLSTATE raised when another session holds the indexer lock of this schema. */
const LOCKED = "UL001";
/**
 * One writer per schema: a session advisory lock keyed by the schema, taken (or re-entered) by every write
 * transaction, so a writer whose session was lost (a server restart) writes nothing until it holds it again.
 */
const WRITER_LOCK: Statement = {
  text: `DO $$ BEGIN IF NOT pg_try_advisory_lock(20231, hashtext(current_schema())) THEN
    RAISE EXCEPTION 'the indexer lock is held by another session' USING ERRCODE = '${LOCKED}'; END IF; END $$`,
};

/**
 * The index in PostgreSQL (a `postgres://` URL; `--schema` names the schema). The same tables as SQLite; reads run
 * on PostgreSQL, writes go through the leader's write-behind mirror (mirror.ts): each range is one PostgreSQL
 * transaction of a few set-based statements (the events, the blocks, the touched projection rows, new alerts) with
 * the checkpoint moved only from the one the mirror was built on (so two writers can never interleave ranges).
 */
export function openPgStore(target: PostgresTarget, options: StoreOptions): Store {
  const name = target.schema ? `${target.redacted} (schema ${target.schema})` : target.redacted;
  const pg: PgSql = openPgSql(target);
  let tables: boolean;
  try {
    tables = prepareSchema(pg, target, name, options);
  } catch (error) {
    pg.close();
    throw error;
  }
  const locked = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw error instanceof StoreError && error.sqlState === LOCKED ? new StoreLockedError(name) : error;
    }
  };

  /**
   * The range sent last, until its answer is read: PostgreSQL writes it while the caller fetches the next range and
   * applies it to the mirror. Read (and a failure thrown) before anything that must see it.
   */
  let writing: (() => unknown) | null = null;
  const settle = () => {
    const sent = writing;
    writing = null;
    if (sent) locked(sent);
  };
  /** `settle`, from outside a range: a failed range leaves the mirror ahead of PostgreSQL, so it goes. */
  const settled = () => {
    try {
      settle();
    } catch (error) {
      dropMirror();
      throw error;
    }
  };
  let reader: PgSql | null = null;
  const readerSql = () => (reader ??= openPgSql(target, "udi-ledger indexer reads"));
  const checkpoint = (): Checkpoint | undefined => {
    if (!tables) return undefined;
    settled();
    const row = pg.get<{ block_number: number; block_hash: string; block_time: number }>(
      "SELECT block_number, block_hash, block_time FROM checkpoint WHERE id = 1",
    );
    return row && { number: row.block_number, hash: row.block_hash, time: row.block_time };
  };
  const setCheckpoint = (c: Checkpoint) =>
    pg.run(
      `INSERT INTO checkpoint VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE
       SET block_number = excluded.block_number, block_hash = excluded.block_hash, block_time = excluded.block_time`,
      c.number,
      c.hash,
      c.time,
    );
  const setBlock = (number: number, hash: string, time: number) =>
    pg.run(
      `INSERT INTO blocks VALUES (?, ?, NULL, ?) ON CONFLICT (number) DO UPDATE
       SET hash = excluded.hash, parent_hash = NULL, time = excluded.time`,
      number,
      hash,
      time,
    );

  let mirror: Mirror | null = null;
  const dropMirror = () => {
    mirror?.close();
    mirror = null;
  };
  /** The mirror, filled from PostgreSQL's projections when this process starts writing (or after a failure). */
  const leaderMirror = (): Mirror => {
    if (mirror) return mirror;
    return locked(() =>
      pg.snapshot(() => {
        pg.batch([WRITER_LOCK]);
        const m = openMirror(PROJECTIONS, checkpoint()!);
        m.sql.transaction(() => {
          for (const shape of PROJECTIONS) {
            const insert = `INSERT INTO ${shape.name} VALUES (${shape.columns.map(() => "?").join(", ")})`;
            for (const row of pg.rows(`SELECT * FROM ${shape.name}`).rows) m.sql.run(insert, ...row);
          }
        });
        m.track();
        return (mirror = m);
      }),
    );
  };
  /** Recomputes the projections from PostgreSQL's events into a fresh mirror and replaces PostgreSQL's with them. */
  const replaceProjections = (to: Checkpoint): number => {
    dropMirror();
    const m = openMirror(PROJECTIONS, to);
    try {
      const count = rebuildProjections(m.sql, options.decoder, pg);
      pg.batch(m.everything());
      m.track();
      mirror = m;
      return count;
    } catch (error) {
      m.close();
      throw error;
    }
  };

  return {
    name,
    sql: pg,
    meta: (key) => (tables ? pg.get<{ value: string }>("SELECT value FROM meta WHERE key = ?", key)?.value : undefined),
    setMeta: (key, value) =>
      void pg.run("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value),
    checkpoint,
    acquireWriter: () => locked(() => void pg.batch([WRITER_LOCK])),
    initCheckpoint: (c) =>
      pg.transaction(() => {
        if (checkpoint()) return;
        setCheckpoint(c);
        setBlock(c.number, c.hash, c.time);
      }),
    applyRange(batch) {
      const m = leaderMirror();
      const outbox: unknown[][] = [];
      // Subscriptions on a connection of their own: the writer's waits for the range in flight.
      const alerts = createAlertProjector(readerSql(), m.sql, (values) => outbox.push(values)).begin();
      try {
        locked(() =>
          m.sql.transaction(() => {
            for (const log of batch.logs) {
              if (!log.args) continue;
              const event = {
                id: eventId(log.blockNumber, log.logIndex),
                blockNumber: log.blockNumber,
                blockTime: log.blockTime,
                contract: log.contract,
                name: log.name,
                args: log.args,
              };
              applyEvent(m.sql, event);
              // Alerts see the projections just after their event (alerts/outbox.ts).
              if (alerts && ALERT_EVENTS.has(log.name))
                alerts.event({ event, blockHash: log.blockHash, logIndex: log.logIndex, txHash: log.txHash });
            }
            // The previous range went to PostgreSQL while this one was applied to the mirror: it must have committed
            // before this one follows it (its failure rolls this one back too).
            settle();
            writing = pg.send([
              { text: "BEGIN" },
              WRITER_LOCK,
              moveCheckpoint(m.checkpoint, batch.checkpoint),
              ...rangeStatements(batch, options.reorgWindow),
              ...m.changes(),
              ...(outbox.length > 0
                ? [
                    insertRows(
                      NEW_ALERT,
                      outbox.map((values) => [...values, "pending"]),
                      "ON CONFLICT (key) DO NOTHING",
                    ),
                  ]
                : []),
              { text: "COMMIT" },
            ]);
          }),
        );
        m.checkpoint = batch.checkpoint;
      } catch (error) {
        // The mirror's transaction rolled back, but it may hold the range in flight; PostgreSQL's may or may not
        // have committed (a connection lost in COMMIT): the next range starts from a mirror filled again.
        dropMirror();
        throw error;
      }
    },
    knownBlocks: (from, to) => knownBlocks(pg, from, to),
    rollbackTo: (ancestor) =>
      locked(() =>
        pg.transaction(() => {
          settled();
          pg.batch([WRITER_LOCK]);
          const removed = pg.run("DELETE FROM events WHERE id >= ?", eventId(ancestor.number + 1, 0)).changes;
          pg.run("DELETE FROM blocks WHERE number > ?", ancestor.number);
          setBlock(ancestor.number, ancestor.hash, ancestor.time);
          setCheckpoint(ancestor);
          createAlertProjector(pg).rollBack(ancestor.number, Date.now());
          replaceProjections(ancestor);
          return removed;
        }),
      ),
    rebuild: () =>
      locked(() =>
        pg.transaction(() => {
          pg.batch([WRITER_LOCK]);
          return replaceProjections(checkpoint()!);
        }),
      ),
    flushWal: () => undefined, // PostgreSQL checkpoints on its own
    close() {
      try {
        settle();
      } catch {
        // Not committed: the checkpoint says so, and the next run indexes the range again.
      } finally {
        dropMirror();
        reader?.close();
        pg.close();
      }
    },
  };
}

/**
 * Creates the schema and tables (or checks them, read-only), under a transaction lock so replicas starting together
 * do it once. False when a read-only open finds no index.
 */
function prepareSchema(pg: PgSql, target: PostgresTarget, name: string, options: StoreOptions): boolean {
  const exists = () => pg.get<{ t: string | null }>("SELECT to_regclass('meta') AS t")!.t !== null;
  const version = () => pg.get<{ value: string }>("SELECT value FROM meta WHERE key = 'schemaVersion'")?.value;
  const current = exists() && !needsMigration(version(), name);
  if (options.readonly || current) return current || exists();
  // Creating or upgrading takes locks the leader's writes wait for: only when the layout is missing or older.
  return pg.transaction(() => {
    pg.exec("SELECT pg_advisory_xact_lock(20232)");
    if (target.schema) pg.exec(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`);
    const found = exists() ? version() : undefined;
    const migrate = needsMigration(found, name);
    // An older layout's projections are dropped, made anew and recomputed from the raw events below.
    if (migrate)
      for (const table of [...PROJECTIONS.map((s) => s.name), ...RETIRED_TABLES])
        pg.exec(`DROP TABLE IF EXISTS ${table}`);
    pg.exec(postgresDdl(SOURCE_TABLES + projectionDdl() + ALERT_TABLES));
    if (migrate) {
      // Projections of an older layout are recomputed from the raw events, kept as the chain gave them.
      const m = openMirror(PROJECTIONS, { number: -1, hash: "", time: 0 });
      try {
        rebuildProjections(m.sql, options.decoder, pg);
        pg.batch(m.everything());
      } finally {
        m.close();
      }
    }
    if (found !== String(SCHEMA_VERSION))
      pg.run(
        "INSERT INTO meta VALUES ('schemaVersion', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        String(SCHEMA_VERSION),
      );
    return true;
  });
}

/**
 * The checkpoint moves from `from` to `to` only if it is still at `from`, else the transaction fails (StoreLockedError):
 * checked on the server, so a range goes as one request, COMMIT included. A DO block takes no parameters: the values
 * are written in, checked to be integers and 32-byte hex first.
 */
function moveCheckpoint(from: Checkpoint, to: Checkpoint): Statement {
  const int = (value: number) => {
    if (!Number.isSafeInteger(value)) throw new TypeError(`checkpoint: ${value} is not an integer`);
    return String(value);
  };
  const hash = (value: string) => {
    if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new TypeError(`checkpoint: ${value} is not a block hash`);
    return `'${value}'`;
  };
  return {
    text: `DO $$ BEGIN
      UPDATE checkpoint SET block_number = ${int(to.number)}, block_hash = ${hash(to.hash)}, block_time = ${int(to.time)}
        WHERE id = 1 AND block_number = ${int(from.number)} AND block_hash = ${hash(from.hash)};
      IF NOT FOUND THEN RAISE EXCEPTION 'another writer moved the checkpoint' USING ERRCODE = '${LOCKED}'; END IF;
    END $$`,
  };
}

/** A range's raw events and block hashes, as set-based statements. */
function rangeStatements(batch: RangeBatch, reorgWindow: number): Statement[] {
  const statements: Statement[] = [];
  if (batch.logs.length > 0) {
    const rows = batch.logs.map((l) => [
      eventId(l.blockNumber, l.logIndex),
      l.blockNumber,
      l.blockHash,
      l.blockTime,
      l.txHash,
      l.txIndex,
      l.logIndex,
      l.address,
      l.contract,
      l.name,
      l.topics,
      l.data,
    ]);
    // A stored event is never updated: the same position again is an error, as on SQLite.
    statements.push(insertRows(SOURCE.get("events")!, rows, ""));
  }
  if (batch.blocks.length > 0)
    statements.push(
      insertRows(
        SOURCE.get("blocks")!,
        batch.blocks.map((b) => [b.number, b.hash, b.parentHash, b.time]),
      ),
    );
  statements.push({
    text: "DELETE FROM blocks WHERE number < $1",
    params: [batch.checkpoint.number - reorgWindow],
  });
  return statements;
}
