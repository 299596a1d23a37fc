import type { Command } from "commander";
import type { AnchorOptions, VerifyOptions } from "./records-actions";

/** The implementations, loaded when a command runs: `--help` and `--version` need neither ethers nor the records module. */
const actions = () => import("./records-actions");

/** The environment variable holding the anchoring key (a DataGateway's, or a party's to the target). */
export const SIGNER_KEY_VARIABLE = "UDI_LEDGER_PRIVATE_KEY";

/** Registers `records anchor | verify | prove`. */
export function registerRecordsCommands(program: Command): void {
  const records = program
    .command("records")
    .description("Merkle-committed device readings and telemetry: anchor a batch, verify receipts, prove a record");
  /** Runs an implementation; its errors set the exit code (records-actions.ts RECORDS_EXIT). */
  const guard =
    <O>(name: "anchorCommand" | "verifyCommand" | "proveCommand") =>
    async (o: O) => {
      const a = await actions();
      await (a[name] as (o: O) => Promise<void>)(o).catch(a.fail);
    };

  records
    .command("anchor")
    .description(`commit a JSONL/CSV batch as a Merkle root on DataAnchorRegistry (signer: $${SIGNER_KEY_VARIABLE})`)
    .requiredOption("--rpc <url>", "JSON-RPC endpoint")
    .requiredOption("--deployment <manifest.json>", "deployment manifest")
    .requiredOption("--in <file>", "records: .jsonl (one JSON object a line) or .csv (header row)")
    .requiredOption("--target <target>", "device:<udi> | shipment:<id> | lot:<gtin>/<lot>")
    .requiredOption("--out <dir>", "where tree.json and receipts.jsonl are written")
    .option("--window-start <time>", "anchor window start (unix seconds or ISO 8601)")
    .option("--window-end <time>", "anchor window end (unix seconds or ISO 8601)")
    .option("--excursion-rule <rule>", "compute the excursion flag, e.g. temperature:2..8@30m")
    .option("--time-field <name>", "the member holding each record's time", "time")
    .option("--format <format>", "jsonl or csv (default: from the extension)")
    .option("--skip-invalid", "anchor the valid records and report the invalid lines (default: anchor nothing)")
    .option("--uri <uri>", "where the records are kept (its hash is anchored; default file:<--in>)")
    .option("--no-receipts", "write tree.json only (issue receipts later with records prove)")
    .option("--json", "print the summary as JSON")
    .action(guard<AnchorOptions>("anchorCommand"));

  records
    .command("verify")
    .description("check receipts offline and on chain; exit 0 only if every one holds")
    .requiredOption("--rpc <url>", "JSON-RPC endpoint")
    .requiredOption("--deployment <manifest.json>", "deployment manifest")
    .option("--receipt <file>", "one receipt (JSON)")
    .option("--receipts <file>", "receipts, one JSON a line")
    .option("--record <json>", "the record itself (JSON text or @file): its canonical hash must be the receipt's")
    .option("--json", "print the outcome as JSON")
    .action(guard<VerifyOptions>("verifyCommand"));

  records
    .command("prove")
    .description("issue the receipt of a record from a kept tree.json")
    .requiredOption("--tree <file>", "tree.json written by records anchor")
    .requiredOption("--record <json>", "the record (JSON text or @file)")
    .action(guard<{ tree: string; record: string }>("proveCommand"));
}
