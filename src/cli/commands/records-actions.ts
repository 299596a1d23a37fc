/** The implementations of `udi-ledger records …`, loaded when one of them runs (records.ts registers them). */
import { createReadStream, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { JsonRpcProvider, Wallet } from "ethers";
import { isRetryable, UdiLedgerError } from "../../errors";
import { readManifest } from "../../manifest";
import { createClient } from "../../sdk/client";
import { ContractRevertError } from "../../sdk/errors";
import { toSdkError } from "../../sdk/decode-error";
import {
  anchorTree,
  buildFromFile,
  createReceiptVerifier,
  parseExcursionRule,
  proveRecord,
  ReceiptRefusedError,
  RecordInputError,
  resolveTarget,
  writeAnchoredBatch,
  type RecordReceipt,
} from "../../records";
import { SIGNER_KEY_VARIABLE } from "./records";

/** Exit codes: 0 all held, 1 a receipt or the chain refused, 2 invalid input, 75 a transport fault (retry). */
export const RECORDS_EXIT = { ok: 0, refused: 1, input: 2, retryable: 75 } as const;

const out = (text: string): void => void process.stdout.write(text + "\n");

/** Prints an error and sets the exit code its kind calls for. */
export function fail(error: unknown): void {
  const typed = error instanceof UdiLedgerError ? error : toSdkError(error);
  process.stderr.write(`${typed.name}: ${typed.message}\n`);
  if (isRetryable(typed)) process.exitCode = RECORDS_EXIT.retryable;
  else if (typed instanceof ContractRevertError || typed instanceof ReceiptRefusedError) {
    process.exitCode = RECORDS_EXIT.refused;
  } else process.exitCode = RECORDS_EXIT.input;
}

/** A time option: unix seconds or ISO 8601 with zone. */
const timeOption = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const seconds = /^\d+$/.test(value) ? Number(value) : Math.floor(Date.parse(value) / 1000);
  if (!Number.isSafeInteger(seconds)) throw new RecordInputError(name, 0, `${JSON.stringify(value)} is not a time`);
  return seconds;
};

/** A record given on the command line: JSON text, or `@file` holding it. */
export function recordOption(text: string): unknown {
  const source = text.startsWith("@") ? readFileSync(text.slice(1), "utf8") : text;
  try {
    return JSON.parse(source);
  } catch (error) {
    throw new RecordInputError("--record", 0, `is not JSON (${(error as Error).message})`);
  }
}

export interface AnchorOptions {
  rpc: string;
  deployment: string;
  in: string;
  target: string;
  out: string;
  windowStart?: string;
  windowEnd?: string;
  excursionRule?: string;
  timeField: string;
  format?: "jsonl" | "csv";
  skipInvalid?: boolean;
  uri?: string;
  receipts: boolean;
  json?: boolean;
}

export async function anchorCommand(o: AnchorOptions): Promise<void> {
  const manifest = readManifest(o.deployment);
  const key = process.env[SIGNER_KEY_VARIABLE];
  if (!key) throw new RecordInputError(SIGNER_KEY_VARIABLE, 0, "is not set (the key of the anchoring account)");
  const provider = new JsonRpcProvider(o.rpc, undefined, { staticNetwork: true });
  const client = createClient({ runner: new Wallet(key, provider), manifest });
  await client.verifyChain();
  const resolved = await resolveTarget(o.target, client);
  const rule = o.excursionRule === undefined ? undefined : parseExcursionRule(o.excursionRule);
  const built = await buildFromFile(
    o.in,
    { target: resolved.target, timeField: o.timeField, skipInvalid: o.skipInvalid, excursionRule: rule },
    o.format,
  );
  for (const skipped of built.skipped) process.stderr.write(`skipped ${skipped.message}\n`);
  const { tree } = built;
  const [start, end] = [timeOption("--window-start", o.windowStart), timeOption("--window-end", o.windowEnd)];
  const window =
    start !== undefined || end !== undefined
      ? { start: start ?? tree.window.start, end: end ?? tree.window.end }
      : undefined;
  const uri = o.uri ?? `file:${resolve(o.in)}`;
  const anchor = await anchorTree(client, resolved, tree, { uri, excursion: built.excursion?.excursion, window });
  const meta = await writeAnchoredBatch(o.out, built, anchor, { uri, window, receipts: o.receipts });
  const summary = { ...meta, skipped: built.skippedCount, out: o.out };
  if (o.json) return out(JSON.stringify(summary, null, 2));
  out(
    `anchored ${tree.count} records on ${o.target} as anchor ${anchor.anchorId} (root ${tree.root}, ` +
      `tx ${anchor.txHash}, block ${anchor.blockNumber})` +
      (built.excursion ? `; excursion ${built.excursion.excursion ? "YES" : "no"} by ${built.excursion.rule}` : "") +
      (built.skippedCount > 0 ? `; ${built.skippedCount} invalid lines skipped` : "") +
      `; wrote ${join(o.out, "tree.json")}${o.receipts ? ` and ${join(o.out, "receipts.jsonl")}` : ""}`,
  );
}

/** The receipts of `--receipt` (one JSON document) or `--receipts` (JSONL), with their line numbers. */
async function* receiptsOf(o: { receipt?: string; receipts?: string }): AsyncGenerator<[number, RecordReceipt]> {
  if (o.receipt !== undefined) {
    yield [1, recordOption(`@${o.receipt}`) as RecordReceipt];
    return;
  }
  const lines = createInterface({ input: createReadStream(o.receipts!, { encoding: "utf8" }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === "") continue;
    try {
      yield [line, JSON.parse(text) as RecordReceipt];
    } catch (error) {
      throw new RecordInputError("--receipts", line, `is not JSON (${(error as Error).message})`);
    }
  }
}

export interface VerifyOptions {
  rpc: string;
  deployment: string;
  receipt?: string;
  receipts?: string;
  record?: string;
  json?: boolean;
}

export async function verifyCommand(o: VerifyOptions): Promise<void> {
  if ((o.receipt === undefined) === (o.receipts === undefined)) {
    throw new RecordInputError("--receipt/--receipts", 0, "give exactly one of them");
  }
  if (o.record !== undefined && o.receipt === undefined) {
    throw new RecordInputError("--record", 0, "goes with --receipt (one receipt, one record)");
  }
  const record = o.record === undefined ? undefined : recordOption(o.record);
  const manifest = readManifest(o.deployment);
  const verifier = createReceiptVerifier(new JsonRpcProvider(o.rpc, undefined, { staticNetwork: true }), manifest);
  const failures: { line: number; record: string; check: string; reason: string }[] = [];
  let count = 0;
  for await (const [line, receipt] of receiptsOf(o)) {
    count++;
    const verdict = await verifier.verify(receipt, record);
    if (!verdict.ok) {
      failures.push({ line, record: String(receipt?.hash), check: verdict.check, reason: verdict.reason });
      if (!o.json) out(`FAIL line ${line}, record ${String(receipt?.hash)}: ${verdict.check}: ${verdict.reason}`);
    }
  }
  if (count === 0) throw new RecordInputError(o.receipts ?? "--receipts", 0, "holds no receipts");
  if (o.json) out(JSON.stringify({ ok: failures.length === 0, receipts: count, failures }, null, 2));
  else if (failures.length === 0) out(`OK ${count} receipt${count === 1 ? "" : "s"} verified offline and on chain`);
  else out(`FAILED ${failures.length} of ${count} receipts`);
  process.exitCode = failures.length === 0 ? RECORDS_EXIT.ok : RECORDS_EXIT.refused;
}

/** `records prove`: prints the receipt of a record from a kept tree.json. */
export async function proveCommand(o: { tree: string; record: string }): Promise<void> {
  out(JSON.stringify(await proveRecord(o.tree, recordOption(o.record))));
}
