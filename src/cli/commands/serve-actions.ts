/** What `udi-ledger serve` does, loaded when it runs (so that `--help` and `--version` start fast). */
import { InvalidArgumentError } from "../../indexer/errors";
import { readManifest } from "../../manifest";
import { readOrganisations } from "../../serve/organisations";
import { startService } from "../../serve/server";

export interface ServeCommandOptions {
  rpc: string;
  deployment: string;
  db: string;
  port: number;
  host: string;
  follow?: boolean;
  tokens?: string;
  consortium?: string;
  rateLimit: number;
  poll: number;
  allowPrivateWebhooks?: boolean;
  alertAttempts: number;
  capture?: boolean;
  epcisSchema?: string;
  captureDb?: string;
  captureLimit: number;
  captureMaxBytes: number;
}

/** The gateway's settings: the key from the environment only (never a flag: it would show in `ps`). */
function captureOptions(o: ServeCommandOptions) {
  if (!o.capture) return undefined;
  const signerKey = process.env.UDI_SIGNER_KEY;
  if (!signerKey)
    throw new InvalidArgumentError("UDI_SIGNER_KEY", "", "must hold the organisation's key for --capture");
  if (!o.epcisSchema)
    throw new InvalidArgumentError("epcis-schema", "", "is required with --capture (GS1's EPCIS-JSON-Schema.json)");
  const limits = { events: o.captureLimit, bytes: o.captureMaxBytes };
  return { signerKey, schemaPath: o.epcisSchema, limits, dbPath: o.captureDb };
}

/** Serves until SIGINT or SIGTERM, then finishes in-flight requests and the indexer's range, and exits 0. */
export async function serveCommand(o: ServeCommandOptions): Promise<void> {
  const service = await startService({
    rpcUrl: o.rpc,
    manifest: readManifest(o.deployment),
    dbPath: o.db,
    port: o.port,
    host: o.host,
    follow: o.follow === true,
    tokensPath: o.tokens,
    organisations: readOrganisations(o.consortium),
    logger: { level: "info" },
    rateLimitPerMinute: o.rateLimit === 0 ? false : o.rateLimit,
    pollIntervalMs: o.poll,
    allowPrivateWebhooks: o.allowPrivateWebhooks === true,
    delivery: { maxAttempts: o.alertAttempts },
    capture: captureOptions(o),
  });
  service.app.log.info({ url: service.url, follow: o.follow === true, tokens: o.tokens ?? null }, "serving");
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      service.app.log.info({ signal }, "shutting down: finishing requests and the indexer's range");
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void service.close().then(resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  service.app.log.info("stopped");
}
