import { isRetryable } from "../errors";
import type { CaptureEngine } from "./engine";
import { eventIdOf } from "./event-hash";
import type { CaptureJobStore, CaptureJobView, OpenJob } from "./jobs";
import { mapEvent } from "./mapping";
import type { CaptureErrorBehaviour, CaptureEvent, EventOutcome } from "./types";
import type { DocumentValidator } from "./validate";

/** How much one request may carry (advertised as `GS1-EPCIS-Capture-Limit` and `…-File-Size-Limit`). */
export interface CaptureLimits {
  events: number;
  bytes: number;
}

export interface CaptureGatewayOptions {
  store: CaptureJobStore;
  engine: CaptureEngine;
  validate: DocumentValidator;
  limits: CaptureLimits;
  /** GLN-13 of the organisation the gateway signs for (a token restricted to another one may not capture here). */
  organisation: string | null;
  log: { info(o: object, msg: string): void; warn(o: object, msg: string): void; error(o: object, msg: string): void };
  /** First wait before a job interrupted by a retryable failure (the RPC node gone) is tried again, in ms. */
  retryMs?: number;
}

/** Who submits a capture: the token and the organisation it is restricted to. */
export interface Submitter {
  tokenId: string | null;
  gln: string | null;
}

export interface CaptureGateway {
  readonly limits: CaptureLimits;
  readonly organisation: string | null;
  readonly validate: DocumentValidator;
  /** Records a job for a document's events and queues it; returns its id at once. */
  submit(events: unknown[], behaviour: CaptureErrorBehaviour, by: Submitter): string;
  /** Captures one event and waits for its outcome (`POST /events`). */
  captureNow(event: unknown, by: Submitter): Promise<{ captureId: string; outcome: EventOutcome }>;
  job(captureId: string): (CaptureJobView & { gln: string | null }) | undefined;
  list(gln: string | null, offset: number, limit: number): CaptureJobView[];
  /** Resumes the jobs a previous process left running (in their order), then takes new ones. */
  start(): void;
  /** Finishes the job in progress (its transaction in flight is confirmed and recorded) and takes no more. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Maps a job's claimed events; a rollback job with a refused event sends nothing. */
function plan(job: OpenJob): { refused: EventOutcome[]; runnable: CaptureEvent[] } {
  const refused: EventOutcome[] = [];
  const runnable: CaptureEvent[] = [];
  job.events.forEach((event, index) => {
    if (!job.claimed[index]) return; // a duplicate: its outcome was recorded when the job was created
    const eventId = job.eventIds[index];
    const mapped = mapEvent(event, index);
    if (mapped.ok) runnable.push({ index, eventId, ops: mapped.ops });
    else refused.push({ index, eventId, status: "refused", ...mapped.refusal });
  });
  return { refused, runnable };
}

/**
 * The capture gateway's job runner: one job at a time, in order (one signing account: its transactions go out in
 * nonce order). Each job is mapped (mapping.ts), then handed to the engine, which simulates, sends and journals; a
 * retryable failure (the node unreachable) leaves the job running and tries it again with backoff, the engine
 * resuming from its journal, so nothing is sent twice.
 */
export function createCaptureGateway(options: CaptureGatewayOptions): CaptureGateway {
  const { store, engine, log } = options;
  const queue: OpenJob[] = [];
  const waiting = new Map<string, (outcomes: EventOutcome[]) => void>();
  let started = false;
  let stopping = false;
  let current: Promise<void> | null = null;

  async function runJob(job: OpenJob): Promise<EventOutcome[]> {
    const { refused, runnable } = plan(job);
    if (job.behaviour === "rollback" && refused.length > 0) {
      const first = refused[0] as Extract<EventOutcome, { status: "refused" }>;
      const reason = `not sent: event ${first.index} is refused (${first.field}: ${first.reason})`;
      const rolledBack = runnable.map((e): EventOutcome => ({
        index: e.index,
        eventId: e.eventId,
        status: "rolledBack",
        reason,
      }));
      return [...refused, ...rolledBack];
    }
    const sent = runnable.length > 0 ? await engine.run(job.captureId, job.behaviour, runnable) : [];
    return [...refused, ...sent];
  }

  async function drain(): Promise<void> {
    for (let job = queue.shift(); job && !stopping; job = queue.shift()) {
      let outcomes: EventOutcome[];
      for (let attempt = 0; ; attempt++) {
        try {
          outcomes = await runJob(job);
          break;
        } catch (error) {
          if (!isRetryable(error) || stopping) {
            if (stopping) return; // still running in the store: the next start resumes it
            log.error({ err: error, captureId: job.captureId }, "capture job failed");
            const reason = `the gateway could not process the document: ${(error as Error).message}`;
            outcomes = job.eventIds.flatMap((eventId, index): EventOutcome[] =>
              job.claimed[index] ? [{ index, eventId, status: "failed", reason }] : [],
            );
            break;
          }
          const wait = Math.min(30_000, (options.retryMs ?? 500) * 2 ** Math.min(attempt, 6));
          log.warn({ err: error, captureId: job.captureId, attempt, wait }, "capture job interrupted; retrying");
          await sleep(wait);
        }
      }
      store.finish(job.captureId, outcomes);
      log.info({ captureId: job.captureId, events: job.events.length }, "capture job finished");
      waiting.get(job.captureId)?.(outcomes);
      waiting.delete(job.captureId);
    }
  }

  const kick = () => {
    if (!started || stopping || current) return;
    current = drain().finally(() => {
      current = null;
      if (queue.length > 0) kick();
    });
  };

  const submit = (events: unknown[], behaviour: CaptureErrorBehaviour, by: Submitter): string => {
    const job = store.create({ behaviour, events, eventIds: events.map(eventIdOf), tokenId: by.tokenId, gln: by.gln });
    queue.push(job);
    kick();
    return job.captureId;
  };

  return {
    limits: options.limits,
    organisation: options.organisation,
    validate: options.validate,
    submit,
    async captureNow(event, by) {
      const job = store.create({ behaviour: "rollback", events: [event], eventIds: [eventIdOf(event)], ...by });
      const done = new Promise<EventOutcome[]>((resolve) => waiting.set(job.captureId, resolve));
      if (!job.claimed[0]) {
        store.finish(job.captureId, []);
        waiting.delete(job.captureId);
        return { captureId: job.captureId, outcome: store.job(job.captureId)!.events[0] };
      }
      queue.push(job);
      kick();
      const [outcome] = await done;
      return { captureId: job.captureId, outcome };
    },
    job: (id) => store.job(id),
    list: (gln, offset, limit) => store.list(gln, offset, limit),
    start() {
      started = true;
      queue.unshift(...store.open());
      kick();
    },
    async stop() {
      stopping = true;
      await current;
    },
  };
}
