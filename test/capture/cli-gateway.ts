import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServeProcess, type ServeProcess } from "../cli/serve-process";
import { freePort } from "../indexer/helpers/net";
import { EPCIS_SCHEMA } from "../helpers/standards";
import { keyOf, type CaptureChain, type Member } from "./harness";

/** `udi-ledger serve --capture` as a child process: its URL, its output so far, and how it ended. */
export interface CliGateway extends ServeProcess {
  url: string;
}

/**
 * Starts `udi-ledger serve --capture` (the CLI's own entry, run from the TypeScript sources) for `member` on
 * `dbPath`, its key in UDI_SIGNER_KEY, and waits until it serves. The caller stops it by its pid.
 */
export async function startCliGateway(
  chain: CaptureChain,
  member: Member,
  dbPath: string,
  rpcUrl = chain.node.url,
): Promise<CliGateway> {
  const manifestPath = join(chain.dir, "manifest.json");
  writeFileSync(manifestPath, JSON.stringify(chain.manifest));
  const port = await freePort();
  const args = ["--rpc", rpcUrl, "--deployment", manifestPath, "--db", dbPath, "--port", String(port)];
  const started = await startServeProcess([...args, "--capture", "--epcis-schema", EPCIS_SCHEMA], {
    ...process.env,
    UDI_SIGNER_KEY: keyOf(member),
  });
  return { url: `http://127.0.0.1:${port}`, ...started };
}
