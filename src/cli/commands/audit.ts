import { Option, type Command } from "commander";
import { MAX_BLOCK_RANGE } from "../../indexer/config";
import type { EpcisExportCommand, IndexOptions, QueryName, VerifyOptions } from "./audit-actions";
import { addDatabaseOptions } from "./database";

/** The implementations, loaded when a command runs: `--help` and `--version` need none of the indexer. */
const actions = () => import("./audit-actions");

/** The query commands: name (a key of the actions' QUERIES), positional arguments, what it answers. */
const QUERY_COMMANDS = [
  ["trail", "<device>", "full history of a device (UDI element string, Digital Link URI or device id)"],
  ["inventory", "<gln>", "devices an organisation holds, by status"],
  ["organisation", "<gln>", "an organisation's state and history, with the proposals and votes that changed it"],
  [
    "recall-impact",
    "<recallId>",
    "affected devices, custodians, acknowledgements, dispositions and effectiveness of a recall",
  ],
  ["lot", "<gtin> <lot>", "a production lot: its devices and lot-level events"],
  [
    "shipment",
    "<shipmentId>",
    "a shipment: parties, status, items and events, its telemetry anchors with record counts and windows",
  ],
] as const satisfies readonly (readonly [QueryName, string, string])[];

/** A commander parser of a non-negative integer option, naming it when refused. */
export const int =
  (name: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
    return n;
  };

/** Registers the auditor commands: index, verify, the queries, export, rebuild. */
export function registerAuditCommands(program: Command): void {
  const json = () => new Option("--json", "print JSON");

  addDatabaseOptions(
    program
      .command("index")
      .description("replay the event log of a deployment into the index (resumable; --follow keeps up with new blocks)")
      .requiredOption("--rpc <url>", "JSON-RPC endpoint")
      .requiredOption("--deployment <manifest.json>", "deployment manifest (deployments/<network>.json)"),
    "the index (created when absent)",
  )
    .option("--follow", "keep following new blocks")
    .option("--confirmations <n>", "blocks below the head left unindexed", int("confirmations"), 0)
    .option("--reorg-window <n>", "deepest reorg handled (block hashes kept)", int("reorg-window"), 128)
    .option(
      "--max-range <n>",
      `largest eth_getLogs block range (≤ ${MAX_BLOCK_RANGE})`,
      int("max-range"),
      MAX_BLOCK_RANGE,
    )
    .option("--timeout <ms>", "per-request timeout", int("timeout"), 15_000)
    .option("--poll <ms>", "head polling interval with --follow", int("poll"), 1_000)
    .action(async (o: IndexOptions) => (await actions()).indexCommand(o));

  addDatabaseOptions(
    program
      .command("verify")
      .description(
        "prove the index complete: ledger heads, canonical blocks, projections vs rebuild and on-chain views",
      )
      .requiredOption("--rpc <url>", "JSON-RPC endpoint")
      .requiredOption("--deployment <manifest.json>", "deployment manifest"),
  )
    .addOption(json())
    .action(async (o: VerifyOptions) => (await actions()).verifyCommand(o));

  for (const [name, usage, description] of QUERY_COMMANDS) {
    addDatabaseOptions(program.command(`${name} ${usage}`).description(description))
      .addOption(json())
      .action(async (...args: unknown[]) => {
        // commander passes the positional arguments, then the options, then the command.
        const { db: file, json: asJson } = args[args.length - 2] as { db: string; json?: boolean };
        (await actions()).QUERIES[name](file, asJson === true, args.slice(0, -2) as string[]);
      });
  }

  const exporter = program.command("export").description("export the index (EPCIS 2.0 JSON-LD or CSV)");
  addDatabaseOptions(exporter.command("epcis").description("EPCIS 2.0 JSON-LD document of the indexed events"))
    .requiredOption("--out <file>", "output file")
    .option("--device <udi>", "only the events of this device")
    .option("--from <iso>", "only events at or after this time")
    .option("--to <iso>", "only events at or before this time")
    .option("--records <dir...>", "anchored record sets kept here (records anchor --out): their readings are exported")
    .action(async (o: EpcisExportCommand) => (await actions()).exportEpcis(o));
  addDatabaseOptions(exporter.command("csv").description("every indexed event as CSV"))
    .requiredOption("--out <file>", "output file")
    .action(async (o: { db: string; out: string }) => (await actions()).exportCsv(o.db, o.out));

  addDatabaseOptions(
    program.command("rebuild").description("drop every projection and recompute it from the stored events"),
  ).action(async (o: { db: string }) => (await actions()).rebuild(o.db));
}
