import type { FastifyBaseLogger, FastifyInstance, FastifyServerOptions } from "fastify";
import { openCaptureGateway, type CaptureLimits, type OpenedGateway } from "../capture";
import type { Manifest } from "../manifest";
import { openAudit, type Audit } from "../indexer/audit";
import { createConfig } from "../indexer/config";
import { InvalidArgumentError, RpcTransportError, StoreLockedError } from "../indexer/errors";
import { isPostgresUrl } from "../indexer/store/postgres/target";
import { createIndexer, type Indexer } from "../indexer/sync/indexer";
import { verifyDatabase } from "../indexer/verify/verify";
import { startDeliveryWorker, type DeliveryPolicy, type DeliveryWorker } from "./alerts/delivery";
import { openAlertStore } from "./alerts/store";
import { createServeApp } from "./app";
import type { IndexerStatus } from "./context";
import { organisationNames, type Organisations } from "./organisations";

export interface ServiceOptions {
  rpcUrl: string;
  manifest: Manifest;
  dbPath: string;
  port?: number;
  host?: string;
  /** Keep indexing new blocks while serving (else: catch up once, then serve what is stored). */
  follow?: boolean;
  tokensPath?: string;
  organisations?: Organisations;
  logger?: FastifyServerOptions["logger"];
  rateLimitPerMinute?: number | false;
  /** Head polling interval of the following indexer (ms). */
  pollIntervalMs?: number;
  /** Retry and timeout of alert deliveries (alerts/delivery.ts). */
  delivery?: Partial<DeliveryPolicy>;
  /** Lets subscriptions name loopback, private and link-local webhook targets (on-premise consortia, tests). */
  allowPrivateWebhooks?: boolean;
  /**
   * Runs the EPCIS capture gateway, signing with the organisation's key (`serve --capture`). Its jobs and journal
   * follow one key's nonces, so they stay with this process: in `dbPath` when that is an SQLite file, else in
   * `dbPath` here (`--capture-db`), an SQLite file required with a PostgreSQL database.
   */
  capture?: { signerKey: string; schemaPath: string; limits?: Partial<CaptureLimits>; dbPath?: string };
}

/** A running service: its address, and `close()` that finishes in-flight requests and the indexer's range. */
export interface Service {
  app: FastifyInstance;
  url: string;
  indexer: IndexerStatus;
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;
/** How often a follower tries to take the lead (the leader's death frees the lock at once). */
const FOLLOWER_RETRY_MS = 1_000;

/** True when an indexer failure is the RPC endpoint not answering (rather than the chain answering something wrong). */
function unreachable(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) if (e instanceof RpcTransportError) return true;
  return false;
}

/**
 * Starts the audit service: the indexer (catching up, then following with `follow`) and the HTTP app on one store.
 * A failing indexer (the RPC node gone) is restarted with backoff while reads go on being served from the store,
 * with the chain position they reflect; so is a first catch-up that fails on an indexed store (the service starts
 * on what is stored, /health saying the chain is unreachable). A store never indexed has nothing to serve: then an
 * unreachable chain is an error. Refuses to serve without tokens on an address other than loopback.
 *
 * Several replicas may serve one PostgreSQL database: each indexer claims the store's writer lock as it starts, and
 * one session holds it (the leader). The others are followers: they serve reads and try to take the lead every
 * FOLLOWER_RETRY_MS, so one of them resumes from the committed checkpoint moments after the leader dies. On an
 * SQLite file the one process is the leader.
 */
export async function startService(options: ServiceOptions): Promise<Service> {
  const host = options.host ?? "127.0.0.1";
  if (!options.tokensPath && !LOOPBACK.test(host))
    throw new InvalidArgumentError("host", host, "serving beyond loopback needs --tokens (the ledger is not public)");
  const shared = isPostgresUrl(options.dbPath);
  const captureDb = options.capture && (options.capture.dbPath ?? (shared ? undefined : options.dbPath));
  if (options.capture && !captureDb)
    throw new InvalidArgumentError(
      "capture-db",
      "",
      "is required with --capture when --db is a PostgreSQL URL: the capture jobs and the transaction journal of " +
        "the signing key live in a local SQLite file",
    );
  const status: IndexerStatus = {
    following: options.follow === true,
    // A replica of a shared database leads once its indexer holds the writer lock.
    role: shared ? "follower" : "leader",
    lastError: null,
    restarts: 0,
    chain: "unknown",
  };
  const logTo: { app?: FastifyBaseLogger } = {};
  const setRole = (role: IndexerStatus["role"]) => {
    if (status.role === role) return;
    status.role = role;
    logTo.app?.info(
      { role },
      role === "leader" ? "leading: this replica indexes" : "following: another replica indexes",
    );
  };
  let stopping = false;
  let current: Indexer | null = null;
  const config = createConfig({
    rpcUrl: options.rpcUrl,
    manifest: options.manifest,
    dbPath: options.dbPath,
    follow: options.follow === true,
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
  });
  let firstRun: Promise<void> | null = null;
  let worker: DeliveryWorker | null = null;
  /** One indexer run; `atHead` is called each time it reaches the chain's head. */
  const runOnce = async (follow = config.follow, atHead?: () => void): Promise<void> => {
    // A stored range or a rollback may have queued (or cancelled) alerts: the delivery worker looks at once.
    current = createIndexer({ ...config, follow }, (event) => {
      setRole("leader"); // a run reports progress only once it holds the writer lock (Store.acquireWriter)
      if (event.kind === "idle") atHead?.();
      if (event.kind === "range" || event.kind === "reorg") worker?.wake();
      // The chain answered: a following indexer reports it without ending its run.
      status.chain = "reachable";
      status.lastError = null;
    });
    try {
      await current.run();
      status.lastError = null;
      status.chain = "reachable";
    } catch (error) {
      if (error instanceof StoreLockedError) {
        setRole("follower"); // not a failure: another replica leads
        throw error;
      }
      status.lastError = error instanceof Error ? error.message : String(error);
      status.chain = unreachable(error) ? "unreachable" : "reachable";
      throw error;
    } finally {
      current.store.close();
      current = null;
      if (shared && !stopping) setRole("follower"); // its session, and with it the lock, closed with the store
    }
  };
  let wake = (): void => undefined;
  const pause = (ms: number) => new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, ms)));
  /**
   * Runs the indexer (after `first`, a run already going) until stopped when following, else until it caught up
   * once: failures are retried with backoff, the lead every FOLLOWER_RETRY_MS.
   */
  const keepIndexing = async (first?: Promise<void>): Promise<void> => {
    for (let attempt = 1; !stopping; attempt++) {
      try {
        await (first ?? runOnce());
        if (!options.follow) return; // caught up once: serve what is stored, as without the failure
        if (!stopping) status.lastError = "the indexer stopped";
      } catch (error) {
        if (error instanceof StoreLockedError) {
          attempt = 0; // a follower: no backoff, and its retries are no failures
          if (!stopping) await pause(FOLLOWER_RETRY_MS);
          continue;
        }
        status.restarts++;
        logTo.app?.warn({ err: status.lastError, attempt }, "indexer failed; serving from the store, retrying");
      } finally {
        first = undefined;
      }
      if (!stopping) await pause(Math.min(30_000, 250 * 2 ** Math.min(attempt, 7)));
    }
  };
  // A new database is indexed to the head before serving; a following service goes on in that same run (so the
  // leader's session keeps the writer lock). An indexed one serves at once, as does a follower finding the database
  // being indexed by the leader.
  let caughtUp = options.follow === true; // following catches up as it goes
  if (hasCheckpoint(options.dbPath)) {
    if (!caughtUp)
      caughtUp = await runOnce(false).then(
        () => true,
        () => false, // serve what is stored; the catch-up is retried in the background
      );
  } else
    do {
      let reached = (): void => undefined;
      const atHead = new Promise<void>((resolve) => (reached = resolve));
      const run = runOnce(config.follow, () => reached());
      caughtUp = await (options.follow ? Promise.race([atHead, run]) : run).then(
        () => true,
        (error: unknown) => {
          if (error instanceof StoreLockedError) return false;
          throw error;
        },
      );
      if (caughtUp && options.follow) firstRun = keepIndexing(run);
      // Locked: another replica leads. Serve what it stores once it has set the database up, or lead if it died.
      if (!caughtUp) await pause(FOLLOWER_RETRY_MS);
    } while (!caughtUp && !hasCheckpoint(options.dbPath));
  let audit: Audit = openAudit(options.dbPath);
  const alerts = openAlertStore(options.dbPath);
  const capture: OpenedGateway | undefined =
    options.capture &&
    (await openCaptureGateway({
      rpcUrl: options.rpcUrl,
      manifest: options.manifest,
      signerKey: options.capture.signerKey,
      schemaPath: options.capture.schemaPath,
      limits: options.capture.limits,
      dbPath: captureDb!,
      // The app (and its logger) is made with the gateway; the gateway logs nothing before it starts.
      log: {
        info: (o, msg) => logTo.app?.info(o, msg),
        warn: (o, msg) => logTo.app?.warn(o, msg),
        error: (o, msg) => logTo.app?.error(o, msg),
      },
    }));
  const app = await createServeApp({
    audit,
    alerts,
    capture: capture?.gateway,
    tokensPath: options.tokensPath,
    organisations: options.organisations,
    logger: options.logger,
    indexer: status,
    rateLimitPerMinute: options.rateLimitPerMinute,
    allowPrivateWebhooks: options.allowPrivateWebhooks,
    verify: () => verifyDatabase({ rpcUrl: options.rpcUrl, manifest: options.manifest, dbPath: options.dbPath }),
  });
  if (status.lastError) app.log.warn({ err: status.lastError }, "cannot catch up; serving from the store, retrying");
  if (status.role === "follower") app.log.info({ role: status.role }, "following: another replica indexes");
  if (!firstRun && (options.follow || !caughtUp)) firstRun = keepIndexing();
  worker = startDeliveryWorker({
    store: alerts,
    chainId: options.manifest.chainId,
    organisations: options.organisations ?? organisationNames(new Map()),
    log: app.log,
    policy: options.delivery,
    allowPrivate: options.allowPrivateWebhooks,
  });
  logTo.app = app.log;
  if (capture) {
    capture.gateway.start(); // resumes the jobs a previous process left running
    app.log.info({ organisation: capture.organisation, account: capture.account }, "capturing EPCIS events");
  }
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    app,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    indexer: status,
    async close() {
      stopping = true;
      (current as Indexer | null)?.stop(); // stops after the range in progress, committed in its transaction
      wake();
      await app.close(); // finishes in-flight requests
      await firstRun;
      await worker?.stop(); // deliveries on the wire finish (bounded by their timeout) and are recorded
      await capture?.gateway.stop(); // the job in progress confirms and records its transaction in flight
      capture?.close();
      alerts.close();
      audit.close();
      audit = undefined as never;
    },
  };
}

function hasCheckpoint(dbPath: string): boolean {
  try {
    openAudit(dbPath).close();
    return true;
  } catch {
    return false;
  }
}
