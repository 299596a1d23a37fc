import { expect } from "chai";
import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { anvilScenario, type AnvilScenario } from "./helpers/anvil-scenario";
import { seededRandom, startFaultProxy, type FaultProxy } from "./helpers/fault-proxy";
import { recordFaults } from "./helpers/fault-report";
import { expectOracle, replayKeys, storedKeys } from "./helpers/oracle";

const SEED = Number(process.env.UDI_CRASH_SEED ?? 5150);
const BIN = join(__dirname, "..", "..", "bin", "udi-ledger.js");

interface ChildRun {
  killed: boolean;
  code: number | null;
  ranges: number;
}

/**
 * Runs `udi-ledger index` as a child process; with `killAfter`, sends SIGKILL once it has committed that many ranges
 * plus a seeded few milliseconds, so the kill lands while it fetches, decodes or writes the next one.
 */
function runIndexer(args: string[], killAfter?: { ranges: number; delayMs: number }): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "index", ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let ranges = 0;
    let killed = false;
    let buffered = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith("indexed blocks")) continue;
        ranges++;
        if (killAfter && !killed && ranges === killAfter.ranges) {
          killed = true;
          setTimeout(() => child.kill("SIGKILL"), killAfter.delayMs);
        }
      }
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve({ killed: killed && signal === "SIGKILL", code, ranges }));
  });
}

describe("indexer killed with SIGKILL and restarted", function () {
  let chain: AnvilScenario;
  let proxy: FaultProxy;
  let dir: string;

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), "udi-crash-"));
    chain = await anvilScenario();
    proxy = await startFaultProxy({ upstream: chain.node.url, seed: SEED, rates: {}, latencyMs: 6 });
  });

  after(async function () {
    await proxy?.close();
    chain?.provider.destroy();
    await chain?.node.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("resumes from its checkpoint each time with nothing lost and nothing duplicated", async function () {
    // Up to seven child processes, each starting ts-node: ≈ 30 s on a quiet machine, minutes on a loaded one.
    this.timeout(600_000);
    const manifestPath = join(dir, "manifest.json");
    writeFileSync(manifestPath, JSON.stringify(chain.manifest));
    const dbPath = join(dir, "crash.sqlite");
    const args = ["--rpc", proxy.url, "--deployment", manifestPath, "--db", dbPath, "--max-range", "2"];
    const random = seededRandom(SEED);
    let killsSurvived = 0;
    let finished = false;
    for (let attempt = 0; attempt < 6 && !finished; attempt++) {
      const run = await runIndexer(args, { ranges: 1 + Math.floor(random() * 8), delayMs: Math.floor(random() * 25) });
      finished = !run.killed && run.code === 0;
      if (!run.killed) continue;
      killsSurvived++;
      // Whatever the kill interrupted, the database holds exactly the chain's events up to its checkpoint.
      const db = new Database(dbPath);
      expect(db.pragma("integrity_check", { simple: true })).to.equal("ok");
      db.close();
      const stored = storedKeys(dbPath);
      expect(stored.keys).to.deep.equal(await replayKeys(chain.node.url, chain.manifest, stored.checkpoint));
    }
    if (!finished) expect((await runIndexer(args)).code).to.equal(0);
    expect(killsSurvived).to.be.at.least(4);
    const oracle = await expectOracle(chain.node.url, chain.manifest, dbPath);
    recordFaults("crashes", {
      seed: SEED,
      killsSurvived,
      events: oracle.events,
      lost: oracle.lost,
      duplicated: oracle.duplicated,
    });
  });
});
