import { existsSync } from "node:fs";
import type { FastifyBaseLogger, FastifyInstance, FastifyServerOptions } from "fastify";
import { openCaptureGateway, type CaptureLimits, type OpenedGateway } from "../capture";
import type { Manifest } from "../manifest";
import { openAudit, type Audit } from "../indexer/audit";
import { createConfig } from "../indexer/config";
import { InvalidArgumentError, RpcTransportError } from "../indexer/errors";
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
  /** Runs the EPCIS capture gateway, signing with the organisation's key (`serve --capture`). */
  capture?: { signerKey: string; schemaPath: string; limits?: Partial<CaptureLimits> };
}

/** A running service: its address, and `close()` that finishes in-flight requests and the indexer's range. */
export interface Service {
  app: FastifyInstance;
  url: string;
  indexer: IndexerStatus;
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

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
 */
export async function startService(options: ServiceOptions): Promise<Service> {
  const host = options.host ?? "127.0.0.1";
  if (!options.tokensPath && !LOOPBACK.test(host))
    throw new InvalidArgumentError("host", host, "serving beyond loopback needs --tokens (the ledger is not public)");
  const status: IndexerStatus = { following: options.follow === true, lastError: null, restarts: 0, chain: "unknown" };
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
  const runOnce = async (follow = config.follow): Promise<void> => {
    // A stored range or a rollback may have queued (or cancelled) alerts: the delivery worker looks at once.
    current = createIndexer({ ...config, follow }, (event) => {
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
      status.lastError = error instanceof Error ? error.message : String(error);
      status.chain = unreachable(error) ? "unreachable" : "reachable";
      throw error;
    } finally {
      current.store.close();
      current = null;
    }
  };
  // Index what is missing before serving when the database is new; an indexed one serves at once.
  const indexed = existsSync(options.dbPath) && hasCheckpoint(options.dbPath);
  let caughtUp = options.follow === true; // following catches up as it goes
  if (!indexed)
    await runOnce(false); // to the head, then serve (and follow from there)
  else if (!caughtUp)
    caughtUp = await runOnce(false).then(
      () => true,
      () => false, // serve what is stored; the catch-up is retried in the background
    );
  let audit: Audit = openAudit(options.dbPath);
  const alerts = openAlertStore(options.dbPath);
  const logTo: { app?: FastifyBaseLogger } = {};
  const capture: OpenedGateway | undefined =
    options.capture &&
    (await openCaptureGateway({
      rpcUrl: options.rpcUrl,
      manifest: options.manifest,
      dbPath: options.dbPath,
      ...options.capture,
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
  let wake = (): void => undefined;
  const pause = (ms: number) => new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, ms)));
  if (!caughtUp) app.log.warn({ err: status.lastError }, "cannot catch up; serving from the store, retrying");
  if (options.follow || !caughtUp) {
    firstRun = (async () => {
      for (let attempt = 1; !stopping; attempt++) {
        try {
          await runOnce();
          if (!options.follow) return; // caught up once: serve what is stored, as without the failure
          if (!stopping) status.lastError = "the indexer stopped";
        } catch {
          status.restarts++;
          app.log.warn({ err: status.lastError, attempt }, "indexer failed; serving from the store, retrying");
        }
        if (!stopping) await pause(Math.min(30_000, 250 * 2 ** Math.min(attempt, 7)));
      }
    })();
  }
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
