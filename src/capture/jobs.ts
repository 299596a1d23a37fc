import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { createSql } from "../indexer/store/sql";
import type { CaptureErrorBehaviour, EventOutcome } from "./types";

/** A capture job as the EPCIS 2.0 REST binding shows it (`CaptureJob`), with each event's outcome. */
export interface CaptureJobView {
  captureID: string;
  createdAt: string;
  finishedAt?: string;
  running: boolean;
  success: boolean;
  captureErrorBehaviour: CaptureErrorBehaviour;
  /** One outcome per event of the document, in order (empty for events not handled yet). */
  events: EventOutcome[];
}

/** A job the gateway still has to finish (after a restart too): its document's events and who sent it. */
export interface OpenJob {
  captureId: string;
  behaviour: CaptureErrorBehaviour;
  events: unknown[];
  /** Event ids, in document order, and which of them were claimed by this job (the others are duplicates). */
  eventIds: string[];
  claimed: boolean[];
}

/** Capture jobs, their events' outcomes, and the claims that make capturing an event twice send it once. */
export interface CaptureJobStore {
  readonly db: Database.Database;
  /**
   * Records a new running job and claims its events' ids in one transaction: an id already claimed (committed, or in
   * a job still running) is a duplicate, recorded at once with the capture that holds it.
   */
  create(input: {
    behaviour: CaptureErrorBehaviour;
    events: unknown[];
    eventIds: string[];
    tokenId: string | null;
    gln: string | null;
  }): OpenJob;
  /** Ends a job: records every outcome, releases the claims of events not committed (so they may be captured again). */
  finish(captureId: string, outcomes: EventOutcome[]): void;
  /** Running jobs, oldest first (what a restarted gateway resumes). */
  open(): OpenJob[];
  job(captureId: string): (CaptureJobView & { gln: string | null }) | undefined;
  /** Jobs newest first, from `offset`, visible to a caller restricted to `gln` (null: all). */
  list(gln: string | null, offset: number, limit: number): CaptureJobView[];
  close(): void;
}

const TABLES = `
CREATE TABLE IF NOT EXISTS capture_jobs (
  capture_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  finished_at INTEGER,
  behaviour TEXT NOT NULL,
  token_id TEXT,
  gln TEXT,
  document TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS capture_events (
  capture_id TEXT NOT NULL REFERENCES capture_jobs (capture_id),
  idx INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  claimed INTEGER NOT NULL,
  outcome TEXT,
  PRIMARY KEY (capture_id, idx)
);
CREATE TABLE IF NOT EXISTS capture_claims (
  event_id TEXT PRIMARY KEY,
  capture_id TEXT NOT NULL
);`;

/** Outcomes that are not errors: a duplicate was captured before, and is not sent again. */
const SUCCEEDED = new Set<EventOutcome["status"]>(["committed", "duplicate"]);

interface JobRow {
  capture_id: string;
  created_at: number;
  finished_at: number | null;
  behaviour: CaptureErrorBehaviour;
  gln: string | null;
}

/** Opens (creating its tables) the gateway's job store in the service's SQLite file. */
export function openCaptureJobStore(dbPath: string): CaptureJobStore {
  const db = new Database(dbPath);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  db.exec(TABLES);
  const sql = createSql(db);

  const outcomes = (captureId: string): EventOutcome[] =>
    sql
      .all<{ outcome: string | null }>(
        "SELECT outcome FROM capture_events WHERE capture_id = ? ORDER BY idx",
        captureId,
      )
      .flatMap((r) => (r.outcome === null ? [] : [JSON.parse(r.outcome) as EventOutcome]));
  const view = (r: JobRow): CaptureJobView & { gln: string | null } => {
    const events = outcomes(r.capture_id);
    const running = r.finished_at === null;
    const failed = events.some((e) => !SUCCEEDED.has(e.status));
    return {
      captureID: r.capture_id,
      createdAt: new Date(r.created_at).toISOString(),
      ...(running ? {} : { finishedAt: new Date(r.finished_at as number).toISOString() }),
      running,
      success: !failed,
      captureErrorBehaviour: r.behaviour,
      events,
      gln: r.gln,
    };
  };
  const openJob = (captureId: string, behaviour: CaptureErrorBehaviour, document: string): OpenJob => {
    const rows = sql.all<{ event_id: string; claimed: number }>(
      "SELECT event_id, claimed FROM capture_events WHERE capture_id = ? ORDER BY idx",
      captureId,
    );
    return {
      captureId,
      behaviour,
      events: JSON.parse(document) as unknown[],
      eventIds: rows.map((r) => r.event_id),
      claimed: rows.map((r) => r.claimed === 1),
    };
  };

  const create = db.transaction((input: Parameters<CaptureJobStore["create"]>[0]): OpenJob => {
    const captureId = `cap_${randomBytes(9).toString("base64url")}`;
    const seq = (sql.get<{ n: number }>("SELECT COALESCE(MAX(seq), 0) AS n FROM capture_jobs")?.n ?? 0) + 1;
    const document = JSON.stringify(input.events);
    sql.run(
      "INSERT INTO capture_jobs (capture_id, seq, created_at, behaviour, token_id, gln, document) VALUES (?, ?, ?, ?, ?, ?, ?)",
      captureId,
      seq,
      Date.now(),
      input.behaviour,
      input.tokenId,
      input.gln,
      document,
    );
    input.eventIds.forEach((eventId, idx) => {
      const holder = sql.get<{ capture_id: string }>(
        "SELECT capture_id FROM capture_claims WHERE event_id = ?",
        eventId,
      );
      const duplicate: EventOutcome | null = holder
        ? { index: idx, eventId, status: "duplicate", captureId: holder.capture_id }
        : null;
      if (!holder) sql.run("INSERT INTO capture_claims VALUES (?, ?)", eventId, captureId);
      sql.run(
        "INSERT INTO capture_events (capture_id, idx, event_id, claimed, outcome) VALUES (?, ?, ?, ?, ?)",
        captureId,
        idx,
        eventId,
        holder ? 0 : 1,
        duplicate && JSON.stringify(duplicate),
      );
    });
    return openJob(captureId, input.behaviour, document);
  });

  const finish = db.transaction((captureId: string, list: EventOutcome[]) => {
    for (const o of list) {
      sql.run(
        "UPDATE capture_events SET outcome = ? WHERE capture_id = ? AND idx = ?",
        JSON.stringify(o),
        captureId,
        o.index,
      );
      if (!SUCCEEDED.has(o.status))
        sql.run("DELETE FROM capture_claims WHERE event_id = ? AND capture_id = ?", o.eventId, captureId);
    }
    sql.run("UPDATE capture_jobs SET finished_at = ? WHERE capture_id = ?", Date.now(), captureId);
  });

  const SELECT = "SELECT capture_id, created_at, finished_at, behaviour, gln FROM capture_jobs";
  return {
    db,
    create,
    finish,
    open: () =>
      sql
        .all<{ capture_id: string; behaviour: CaptureErrorBehaviour; document: string }>(
          "SELECT capture_id, behaviour, document FROM capture_jobs WHERE finished_at IS NULL ORDER BY seq",
        )
        .map((r) => openJob(r.capture_id, r.behaviour, r.document)),
    job(captureId) {
      const row = sql.get<JobRow>(`${SELECT} WHERE capture_id = ?`, captureId);
      return row && view(row);
    },
    list: (gln, offset, limit) =>
      sql
        .all<JobRow>(
          `${SELECT} WHERE (? IS NULL OR gln = ?) ORDER BY seq DESC LIMIT ? OFFSET ?`,
          gln,
          gln,
          limit,
          offset,
        )
        .map((r) => {
          const { gln: _gln, ...rest } = view(r);
          return rest;
        }),
    close: () => db.close(),
  };
}
