/**
 * `npm run bench:serve [-- --db <audit.sqlite> | --devices <n>] [--seconds <n>]`: requests per second and p50/p99
 * latency of `GET /check/{udi}` and `GET /events?MATCH_epc=…` beside a trivial `GET /health` of the same server in the
 * same run (autocannon on loopback, in a worker thread; the server in this process). Writes reports/serve.json.
 * Without --db it measures out/bench-serve/audit-<n>.sqlite (n = --devices, default 10,000), built first when
 * missing by scripts/bench/serve-db.ts (anvil, the bench workload, the indexer).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openAudit } from "../src/indexer/audit";
import { CONNECTIONS, measure, serveAudit } from "./bench/load";

const ROOT = path.resolve(__dirname, "..");
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};

async function main(): Promise<void> {
  const devices = Number(arg("devices", "10000"));
  const db = path.resolve(arg("db", path.join(ROOT, "out", "bench-serve", `audit-${devices}.sqlite`)));
  if (!existsSync(db)) {
    if (process.argv.includes("--db")) throw new Error(`--db ${db}: no such database`);
    execFileSync("npx", ["hardhat", "run", path.join("scripts", "bench", "serve-db.ts")], {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, UDI_BENCH_DEVICES: String(devices), UDI_BENCH_DB: db },
    });
  }
  const seconds = Number(arg("seconds", "10"));
  const audit = openAudit(db);
  const epcs = audit.epcs(0, 1_000_000).filter((e) => e.includes("/21/"));
  const { url, close } = await serveAudit(audit);
  try {
    const checks = epcs.map((e) => `/check/${encodeURIComponent(e)}`);
    const events = epcs.map((e) => `/events?MATCH_epc=${encodeURIComponent(e)}`);
    await measure(url, checks.slice(0, 100), 2); // warm-up
    const health = await measure(url, ["/health"], seconds);
    const check = await measure(url, checks, seconds);
    const ev = await measure(url, events, seconds);
    const report = {
      checkRps: check.rps,
      healthRps: health.rps,
      checkRatio: Math.round((check.rps / health.rps) * 1000) / 1000,
      checkP99Ms: check.p99Ms,
      eventsRps: ev.rps,
      eventsP99Ms: ev.p99Ms,
      detail: {
        database: db,
        devices: epcs.length,
        asOfBlock: audit.asOf.number,
        seconds,
        connections: CONNECTIONS,
        health,
        check,
        events: ev,
        note: "server in the bench process, autocannon in a worker thread, both on this machine's 2 cores",
        at: new Date().toISOString(),
      },
    };
    mkdirSync(path.join(ROOT, "reports"), { recursive: true });
    writeFileSync(path.join(ROOT, "reports", "serve.json"), JSON.stringify(report, null, 2) + "\n");
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  } finally {
    await close();
    audit.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
