import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Client } from "../../src/sdk";
import {
  anchorTree,
  buildFromFile,
  parseExcursionRule,
  resolveTarget,
  writeAnchoredBatch,
  type AnchorRef,
  type ExcursionResult,
} from "../../src/records";

/** The storage rule of the demo's products: 2–8 °C, excursions up to 30 minutes tolerated. */
export const COLD_CHAIN_RULE = "temperature:2..8@30m";

/** A small deterministic generator (mulberry32), so every demo run produces the same series for the same seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * A data logger's transit telemetry: one reading every 15 minutes from `start` for `hours`, around 5 °C with the
 * reefer's cycling and sensor noise. With `excursion`, a cross-dock door is left open after a third of the trip:
 * 75 minutes at 9–11 °C before the unit recovers (an excursion under the 30-minute rule). Without, one 15-minute
 * spike to 8.4 °C at loading, which the rule tolerates.
 */
export function transitTelemetry(logger: string, start: number, hours: number, excursion: boolean, seed: number) {
  const next = random(seed);
  const count = hours * 4;
  const doorOpen = Math.floor(count / 3);
  return Array.from({ length: count }, (_, i) => {
    let temperature = 5 + 1.2 * Math.sin((i / 8) * Math.PI) + (next() - 0.5) * 0.6;
    if (excursion && i >= doorOpen && i < doorOpen + 5) temperature = 9 + next() * 2;
    if (!excursion && i === 2) temperature = 8.4;
    return {
      time: iso(start + i * 900),
      logger,
      temperature: round(temperature, 2),
      humidity: round(55 + (next() - 0.5) * 10, 1),
      battery: round(3.7 - i * 0.001, 3),
    };
  });
}

/**
 * A day of an implanted cardiac lead's remote-monitoring readings on a CGM-like cadence (every 5 minutes, 288): heart
 * rate with a day/night rhythm, lead impedance drifting within its normal band, pacing percentage. Measurements of
 * the device only: no patient identifier is in any record.
 */
export function implantReadings(device: string, start: number, seed: number) {
  const next = random(seed);
  return Array.from({ length: 288 }, (_, i) => {
    const hour = (i * 5) / 60;
    const heartRate = 62 + 14 * Math.max(0, Math.sin(((hour - 7) / 24) * 2 * Math.PI)) + (next() - 0.5) * 6;
    return {
      time: iso(start + i * 300),
      device,
      heartRateBpm: Math.round(heartRate),
      leadImpedanceOhm: Math.round(520 + 15 * Math.sin(i / 40) + (next() - 0.5) * 8),
      pacedPercent: round(Math.max(0, 12 - heartRate / 10 + next() * 2), 1),
    };
  });
}

/** One anchored batch of the demo: where its files are, its anchor, and a record kept to prove later. */
export interface AnchoredBatch {
  name: string;
  dir: string;
  records: number;
  root: string;
  anchor: AnchorRef;
  excursion?: ExcursionResult;
  sample: object;
}

/**
 * Writes `records` as JSONL under `<out>/records/<name>/`, builds their tree with the records module, anchors it
 * through `client` (one transaction), and writes `tree.json` and `receipts.jsonl` beside it, as `records anchor` does.
 */
export async function anchorReadings(
  client: Client,
  target: string,
  records: object[],
  opts: { out: string; name: string; rule?: string; sample: number },
): Promise<AnchoredBatch> {
  const dir = path.join(opts.out, "records", opts.name);
  mkdirSync(dir, { recursive: true });
  const input = path.join(dir, "readings.jsonl");
  writeFileSync(input, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
  const resolved = await resolveTarget(target, client);
  const rule = opts.rule === undefined ? undefined : parseExcursionRule(opts.rule);
  const built = await buildFromFile(input, { target: resolved.target, excursionRule: rule });
  const uri = `file:records/${opts.name}/readings.jsonl`;
  const anchor = await anchorTree(client, resolved, built.tree, { uri, excursion: built.excursion?.excursion });
  await writeAnchoredBatch(dir, built, anchor, { uri });
  return {
    name: opts.name,
    dir,
    records: built.tree.count,
    root: built.tree.root,
    anchor,
    excursion: built.excursion,
    sample: records[opts.sample],
  };
}

/** What `records verify` showed in the demo. */
export interface RecordsAudit {
  receiptsVerified: number;
  proven: { batch: string; record: string; anchorId: string }[];
}

/**
 * As an auditor would, with the `udi-ledger` command: verifies every receipt of every batch offline and on chain in
 * one `records verify --receipts` run, then for the first shipment with an excursion and for the implant, issues a
 * reading's receipt again from the kept tree (`records prove`) and checks it with the reading itself
 * (`records verify --receipt --record`).
 */
export async function auditRecords(
  batches: AnchoredBatch[],
  opts: { rpc: string; manifestPath: string; out: string; udiLedger: (args: string[]) => Promise<string> },
): Promise<RecordsAudit> {
  const chain = ["--rpc", opts.rpc, "--deployment", opts.manifestPath];
  const all = path.join(opts.out, "records", "all-receipts.jsonl");
  writeFileSync(all, batches.map((b) => readFileSync(path.join(b.dir, "receipts.jsonl"), "utf8")).join(""));
  const verified = JSON.parse(await opts.udiLedger(["records", "verify", ...chain, "--receipts", all, "--json"])) as {
    ok: boolean;
    receipts: number;
  };
  const chosen = [batches.find((b) => b.excursion?.excursion), batches.find((b) => b.name.startsWith("implant"))];
  const proven: RecordsAudit["proven"] = [];
  for (const batch of chosen) {
    if (batch === undefined) continue;
    const record = path.join(batch.dir, "sample-record.json");
    writeFileSync(record, JSON.stringify(batch.sample, null, 2) + "\n");
    const receipt = await opts.udiLedger([
      "records",
      "prove",
      "--tree",
      path.join(batch.dir, "tree.json"),
      "--record",
      `@${record}`,
    ]);
    const receiptPath = path.join(batch.dir, "sample-receipt.json");
    writeFileSync(receiptPath, receipt);
    await opts.udiLedger(["records", "verify", ...chain, "--receipt", receiptPath, "--record", `@${record}`]);
    proven.push({
      batch: batch.name,
      record: (JSON.parse(receipt) as { hash: string }).hash,
      anchorId: batch.anchor.anchorId,
    });
  }
  return { receiptsVerified: verified.ok ? verified.receipts : 0, proven };
}
