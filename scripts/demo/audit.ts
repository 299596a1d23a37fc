import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const ROOT = path.resolve(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "udi-ledger.js");
const run = promisify(execFile);

/** Runs `udi-ledger <args>` as an auditor would; returns stdout, throws with stderr on a non-zero exit. */
export async function udiLedger(args: string[]): Promise<string> {
  try {
    const { stdout } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`udi-ledger ${args[0]} failed: ${(e.stderr || e.stdout || e.message).trim()}`, { cause: error });
  }
}

/** The figures the audit steps produce. */
export interface AuditResult {
  eventsIndexed: number;
  ledgerHeadVerified: boolean;
  verifyOk: boolean;
  recallEffectiveness: number;
  trail: string;
  recallText: string;
  epcisEvents: string;
}

interface VerifyJson {
  ok: boolean;
  heads: { contract: string; storedCount: number; ok: boolean }[];
}

/** Indexes the log, verifies it, reads a trail and the recall's effectiveness, and exports EPCIS — all via the CLI. */
export async function runAudit(opts: {
  rpc: string;
  manifestPath: string;
  dbPath: string;
  epcisPath: string;
  device: string;
  recallId: bigint;
  /** Anchored record sets (the story's records/): their readings go into the EPCIS export. */
  recordsDir?: string;
}): Promise<AuditResult> {
  const { rpc, manifestPath, dbPath } = opts;
  await udiLedger(["index", "--rpc", rpc, "--deployment", manifestPath, "--db", dbPath]);
  let verify: VerifyJson;
  try {
    verify = JSON.parse(
      await udiLedger(["verify", "--rpc", rpc, "--deployment", manifestPath, "--db", dbPath, "--json"]),
    );
  } catch (error) {
    const text = (error as Error).message;
    const json = text.slice(text.indexOf("{"));
    verify = json.startsWith("{") ? (JSON.parse(json) as VerifyJson) : { ok: false, heads: [] };
  }
  const trail = await udiLedger(["trail", opts.device, "--db", dbPath]);
  const recallText = await udiLedger(["recall-impact", String(opts.recallId), "--db", dbPath]);
  const impact = JSON.parse(await udiLedger(["recall-impact", String(opts.recallId), "--db", dbPath, "--json"])) as {
    effectivenessPercent: number;
  };
  const records = opts.recordsDir === undefined ? [] : ["--records", opts.recordsDir];
  const epcisEvents = (
    await udiLedger(["export", "epcis", "--db", dbPath, "--out", opts.epcisPath, ...records])
  ).trim();
  return {
    eventsIndexed: verify.heads.reduce((n, h) => n + h.storedCount, 0),
    ledgerHeadVerified: verify.heads.length > 0 && verify.heads.every((h) => h.ok),
    verifyOk: verify.ok,
    recallEffectiveness: impact.effectivenessPercent / 100,
    trail,
    recallText,
    epcisEvents,
  };
}
