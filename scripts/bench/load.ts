import autocannon from "autocannon";
import type { Audit } from "../../src/indexer/audit";
import { createServeApp } from "../../src/serve/app";

/** Connections autocannon keeps open (bench:serve, bench:postgres). */
export const CONNECTIONS = 16;

/**
 * Requests per second and latency of GET `paths` on the server at `url` for `seconds` (autocannon on loopback, in a
 * worker thread; each connection cycles through the paths). Any non-2xx answer or error fails the measurement.
 */
export async function measure(url: string, paths: string[], seconds: number) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    workers: 1,
    requests: paths.map((p) => ({ method: "GET" as const, path: p })),
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${paths[0]}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return {
    rps: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
  };
}

/** The service on `audit` (no rate limit), listening on a free loopback port: its URL, and how to close it. */
export async function serveAudit(audit: Audit): Promise<{ url: string; close(): Promise<void> }> {
  const app = await createServeApp({ audit, rateLimitPerMinute: false });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  return {
    url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`,
    close: () => app.close(),
  };
}
