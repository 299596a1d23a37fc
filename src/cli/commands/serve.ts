import type { Command } from "commander";
import { int } from "./audit";
import { addDatabaseOptions } from "./database";
import type { ServeCommandOptions } from "./serve-actions";

/** Registers `serve` (the HTTP audit service); its implementation loads when it runs. */
export function registerServeCommand(program: Command): void {
  addDatabaseOptions(
    program
      .command("serve")
      .description("serve the index over HTTP: point-of-use checks, audit resources, recall status, EPCIS 2.0 queries")
      .requiredOption("--rpc <url>", "JSON-RPC endpoint")
      .requiredOption("--deployment <manifest.json>", "deployment manifest (deployments/<network>.json)"),
    "the index (created and indexed when absent)",
  )
    .option("--port <n>", "TCP port (0: any free port)", int("port"), 8080)
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--follow", "keep indexing new blocks while serving")
    .option("--tokens <tokens.json>", "bearer tokens file (udi-ledger token add); required beyond loopback")
    .option("--consortium <consortium.json>", "consortium file whose organisation names responses show")
    .option("--rate-limit <n>", "requests per client per minute (0: no limit)", int("rate-limit"), 60_000)
    .option("--poll <ms>", "head polling interval with --follow", int("poll"), 1_000)
    .option(
      "--alert-attempts <n>",
      "attempts before an alert is given up as dead (listed, re-queueable)",
      int("alert-attempts"),
      20,
    )
    .option(
      "--allow-private-webhooks",
      "let subscriptions deliver to loopback, private and link-local addresses (on-premise receivers; off: refused)",
    )
    .option("--capture", "run the EPCIS 2.0 capture gateway, signing with the key in the environment's UDI_SIGNER_KEY")
    .option("--epcis-schema <file>", "GS1's EPCIS 2.0 JSON Schema (EPCIS-JSON-Schema.json), required with --capture")
    .option("--capture-db <file>", "SQLite file of the capture jobs and journal, required with --capture on PostgreSQL")
    .option("--capture-limit <n>", "events one capture request may carry", int("capture-limit"), 10_000)
    .option(
      "--capture-max-bytes <n>",
      "bytes one capture request may carry",
      int("capture-max-bytes"),
      16 * 1024 * 1024,
    )
    .action(async (o: ServeCommandOptions) => (await import("./serve-actions")).serveCommand(o));
}
