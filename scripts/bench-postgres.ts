/**
 * `npm run bench:postgres`: the bench:indexer chain (UDI_BENCH_EVENTS events, default 100,000: 100,294 stored)
 * indexed by the whole `udi-ledger index` process into a fresh SQLite file and into a fresh PostgreSQL database, in
 * turn (A B A B …, UDI_BENCH_RUNS times each, default 3), then `GET /check/{udi}` served from each of the last two
 * databases, in turn (UDI_BENCH_CHECK_ROUNDS rounds of UDI_BENCH_CHECK_SECONDS each, default 3 × 5 s, autocannon,
 * 16 connections, 10,000 of the devices). PostgreSQL is a throwaway local cluster started here as the tests start theirs
 * (test/helpers/postgres.ts: fsync and synchronous_commit off), or UDI_TEST_PG_URL's server. Writes
 * reports/postgres.json; the medians are the figures, ratio = sqliteSeconds / postgresSeconds.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { openAudit } from "../src/indexer/audit";
import { redactUrl } from "../src/indexer/store/postgres/target";
import { testPostgres } from "../test/helpers/postgres";
import { createEventDecoder } from "../src/indexer/decode/decoder";
import { openStore } from "../src/indexer/store/store";
import { benchChain, indexProcess, secondsSince } from "./bench/chain";
import { CONNECTIONS, measure, serveAudit } from "./bench/load";

const positive = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
  return value;
};
const TARGET_EVENTS = positive("UDI_BENCH_EVENTS", 100_000);
const RUNS = positive("UDI_BENCH_RUNS", 3);
const CHECK_ROUNDS = positive("UDI_BENCH_CHECK_ROUNDS", 3);
const CHECK_SECONDS = positive("UDI_BENCH_CHECK_SECONDS", 5);
/** Devices whose check is asked (spread over all of them), as bench:serve's default index holds. */
const CHECK_DEVICES = 10_000;

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const spread = (values: number[], digits: number) => ({
  min: round(Math.min(...values), digits),
  median: round(median(values), digits),
  max: round(Math.max(...values), digits),
  runs: values.map((v) => round(v, digits)),
});

/** The server's version and the settings that decide what a commit costs. */
async function serverFacts(url: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const show = async (setting: string) =>
      ((await client.query(`SELECT current_setting('${setting}') AS v`)).rows[0] as { v: string }).v;
    return {
      version: await show("server_version"),
      fsync: await show("fsync"),
      synchronousCommit: await show("synchronous_commit"),
      sharedBuffers: await show("shared_buffers"),
    };
  } finally {
    await client.end();
  }
}

/** Each store's index time, measured in turn so both see the same drift of a shared machine. */
async function indexBoth(
  nodeUrl: string,
  manifestFile: string,
  dir: string,
  newPgDb: () => Promise<string>,
): Promise<{ sqlite: number[]; postgres: number[]; events: number; dbs: { sqlite: string; postgres: string } }> {
  const seconds = { sqlite: [] as number[], postgres: [] as number[] };
  const dbs = { sqlite: "", postgres: "" };
  let events = -1;
  for (let run = 0; run < RUNS; run++) {
    for (const kind of ["sqlite", "postgres"] as const) {
      dbs[kind] = kind === "sqlite" ? join(dir, `run-${run}.sqlite`) : await newPgDb();
      const result = await indexProcess(nodeUrl, manifestFile, dbs[kind]);
      if (events >= 0 && result.events !== events)
        throw new Error(`${kind} run ${run + 1} stored ${result.events} events, an earlier run ${events}`);
      events = result.events;
      seconds[kind].push(result.seconds);
      process.stdout.write(`index run ${run + 1}/${RUNS}, ${kind}: ${result.seconds.toFixed(2)} s\n`);
    }
  }
  return { ...seconds, events, dbs };
}

/** `GET /check/{udi}` for every device, served from each database in turn, CHECK_ROUNDS times. */
async function checkBoth(dbs: { sqlite: string; postgres: string }) {
  const audits = { sqlite: openAudit(dbs.sqlite), postgres: openAudit(dbs.postgres) };
  const servers: Partial<Record<keyof typeof audits, Awaited<ReturnType<typeof serveAudit>>>> = {};
  try {
    const epcs = audits.sqlite.epcs(0, 1_000_000).filter((e) => e.includes("/21/"));
    // Every k-th device: autocannon builds each path for each connection up front, and with all 81,300 devices its
    // first requests time out (on either store).
    const step = Math.ceil(epcs.length / CHECK_DEVICES);
    const checks = epcs.filter((_, i) => i % step === 0).map((e) => `/check/${encodeURIComponent(e)}`);
    for (const kind of ["sqlite", "postgres"] as const) {
      servers[kind] = await serveAudit(audits[kind]);
      // Warm-up over every path asked: a running service has its pages cached and its statements prepared.
      await measure(servers[kind].url, checks, CHECK_SECONDS);
    }
    type Measured = Awaited<ReturnType<typeof measure>>;
    const rounds = { sqlite: [] as Measured[], postgres: [] as Measured[] };
    for (let r = 0; r < CHECK_ROUNDS; r++)
      for (const kind of ["sqlite", "postgres"] as const) {
        rounds[kind].push(
          await measure(servers[kind]!.url, checks, CHECK_SECONDS).catch((error: Error) => {
            throw new Error(`check served from ${kind}: ${error.message}`, { cause: error });
          }),
        );
        process.stdout.write(`check round ${r + 1}/${CHECK_ROUNDS}, ${kind}: ${rounds[kind].at(-1)!.rps} req/s\n`);
      }
    const figures = (kind: keyof typeof rounds) => ({
      rps: spread(
        rounds[kind].map((m) => m.rps),
        0,
      ),
      p50Ms: spread(
        rounds[kind].map((m) => m.p50Ms),
        1,
      ),
      p99Ms: spread(
        rounds[kind].map((m) => m.p99Ms),
        1,
      ),
    });
    return {
      devices: epcs.length,
      devicesChecked: checks.length,
      sqlite: figures("sqlite"),
      postgres: figures("postgres"),
    };
  } finally {
    for (const server of Object.values(servers)) await server.close();
    audits.sqlite.close();
    audits.postgres.close();
  }
}

/** How long a new leader takes before it can apply a range: the writer lock and its mirror filled (RUNS times). */
function takeoverSeconds(db: string): number[] {
  const seconds: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = process.hrtime.bigint();
    // A window wider than the chain: the empty range prunes no block hash.
    const store = openStore(db, { decoder: createEventDecoder(), reorgWindow: 1e9 });
    try {
      store.acquireWriter();
      const at = store.checkpoint()!;
      store.applyRange({ logs: [], blocks: [], checkpoint: at }); // fills the mirror, writes nothing new
      store.checkpoint(); // its answer read
      seconds.push(secondsSince(started));
    } finally {
      store.close();
    }
    process.stdout.write(`takeover ${run + 1}/${RUNS}: ${seconds.at(-1)!.toFixed(2)} s\n`);
  }
  return seconds;
}

async function main(): Promise<void> {
  const pg = await testPostgres();
  const dir = mkdtempSync(join(tmpdir(), "udi-bench-pg-"));
  try {
    const chain = await benchChain(dir, TARGET_EVENTS);
    try {
      const index = await indexBoth(chain.node.url, chain.manifestFile, dir, () => pg.database());
      const check = await checkBoth(index.dbs);
      const takeover = takeoverSeconds(index.dbs.postgres);
      const sqliteSeconds = round(median(index.sqlite), 2);
      const postgresSeconds = round(median(index.postgres), 2);
      const ratio = round(sqliteSeconds / postgresSeconds, 3);
      const checkRpsPostgres = check.postgres.rps.median;
      const checkRpsSqlite = check.sqlite.rps.median;
      const result = {
        events: index.events,
        sqliteSeconds,
        postgresSeconds,
        ratio,
        checkRpsPostgres,
        checkRpsSqlite,
        target: {
          ratio: 0.5,
          checkShare: 0.5,
          met: { ratio: ratio >= 0.5, check: checkRpsPostgres >= 0.5 * checkRpsSqlite },
        },
        index: {
          what: "the whole `udi-ledger index` process on a fresh database, start-up included; SQLite and PostgreSQL in turn",
          sqlite: spread(index.sqlite, 2),
          postgres: spread(index.postgres, 2),
          pairRatios: spread(
            index.sqlite.map((s, i) => s / index.postgres[i]),
            3,
          ),
          postgresEventsPerSec: Math.round(index.events / postgresSeconds),
          sqliteEventsPerSec: Math.round(index.events / sqliteSeconds),
        },
        takeover: {
          what: "a replica taking the lead of the indexed PostgreSQL database: open, writer lock, mirror filled from every projection table (its first range), in turn",
          seconds: spread(takeover, 2),
        },
        check: {
          what: "GET /check/{udi} over every device, the service in this process (autocannon in a worker thread), each store in turn",
          seconds: CHECK_SECONDS,
          rounds: CHECK_ROUNDS,
          connections: CONNECTIONS,
          ...check,
        },
        postgres: { url: redactUrl(pg.url), ...(await serverFacts(pg.url)) },
        cores: availableParallelism(),
        node: "anvil (loopback, --hardfork paris)",
        at: new Date().toISOString(),
      };
      mkdirSync("reports", { recursive: true });
      writeFileSync(join("reports", "postgres.json"), JSON.stringify(result, null, 2) + "\n");
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } finally {
      await chain.node.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await pg.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
