import path from "node:path";
import type { Manifest } from "../../src/manifest";
import { organisationNames } from "../../src/serve/organisations";
import { startService } from "../../src/serve/server";
import { addToken } from "../../src/serve/tokens";
import { DEMO_ORGANISATIONS } from "./consortium";

/**
 * `npm run demo -- --serve <port>`: keeps the demo's chain and serves its index (the explorer included) on
 * 127.0.0.1:<port>, following the chain, until interrupted; prints a link that logs in with a new read+admin token.
 */
export async function serveDemo(opts: {
  rpc: string;
  manifest: Manifest;
  out: string;
  port: number;
  log: (line: string) => void;
}): Promise<void> {
  const tokensPath = path.join(opts.out, "tokens.json");
  const { token } = addToken(tokensPath, { scopes: ["read", "admin"], label: "demo explorer" });
  const service = await startService({
    rpcUrl: opts.rpc,
    manifest: opts.manifest,
    dbPath: path.join(opts.out, "audit.sqlite"),
    port: opts.port,
    follow: true,
    tokensPath,
    organisations: organisationNames(new Map(DEMO_ORGANISATIONS.map((o) => [o.gln, o.name]))),
  });
  opts.log(`\n▸ the explorer: open ${service.url}/#token=${token}\n  (Ctrl-C stops the service and the chain)`);
  await new Promise<void>((resolve) => process.once("SIGINT", resolve).once("SIGTERM", resolve));
  await service.close();
}
