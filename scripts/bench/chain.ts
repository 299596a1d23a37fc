/**
 * The indexer benchmarks' chain (bench:indexer, bench:postgres): anvil on loopback with the bench workload
 * (scripts/bench/emit.ts), its manifest on disk and its log cache warm; and the two ways they read it, the raw
 * `eth_getLogs` fetch and the whole `udi-ledger index` process.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { toBeHex } from "ethers";
import type { Manifest } from "../../src/manifest";
import { CONTRACT_NAMES } from "../../src/manifest";
import { startAnvil, type AnvilNode } from "../../test/indexer/helpers/anvil";
import { rpcCall } from "../../test/indexer/helpers/net";
import { emitEvents } from "./emit";

const BIN = join(__dirname, "..", "..", "bin", "udi-ledger.js");

export const secondsSince = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e9;

/** Raw `eth_getLogs` over the ranges with fetch + JSON.parse: the ceiling any indexer could reach. */
export async function rawFetch(url: string, addresses: string[], ranges: [number, number][]): Promise<number> {
  let logs = 0;
  for (const [from, to] of ranges) {
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "eth_getLogs",
      params: [{ address: addresses, fromBlock: toBeHex(from), toBlock: toBeHex(to) }],
    });
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
    logs += (JSON.parse(await response.text()) as { result: unknown[] }).result.length;
  }
  return logs;
}

/**
 * The whole `udi-ledger index` process on a fresh database (a file path or a postgres:// URL), start-up included
 * (what a user waits for): the compiled bin (`npm run build` first), as a child process; returns its wall-clock
 * seconds and the events it stored.
 */
export async function indexProcess(
  url: string,
  manifestFile: string,
  dbPath: string,
): Promise<{ seconds: number; events: number }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [BIN, "index", "--rpc", url, "--deployment", manifestFile, "--db", dbPath], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  const seconds = secondsSince(started);
  const events = /: (\d+) events in /.exec(stdout);
  if (code !== 0 || !events) throw new Error(`udi-ledger index exited ${code}: ${stdout}`);
  return { seconds, events: Number(events[1]) };
}

/** The benchmark chain, ready to index: stop `node` when done. */
export interface BenchChain {
  node: AnvilNode;
  manifest: Manifest;
  /** The manifest, written in the caller's directory for `udi-ledger index --deployment`. */
  manifestFile: string;
  addresses: string[];
}

/** Starts anvil, emits `events` events (at least) of the bench workload and warms the node's log cache. */
export async function benchChain(dir: string, events: number): Promise<BenchChain> {
  const node = await startAnvil(["--accounts", "12", "--gas-limit", "30000000", "--gas-price", "0"]);
  try {
    const { manifest } = await emitEvents(node.url, { events });
    const addresses = CONTRACT_NAMES.map((n) => manifest.contracts[n].address);
    const manifestFile = join(dir, "manifest.json");
    writeFileSync(manifestFile, JSON.stringify(manifest));
    // Warm the node's log cache over every block first, so that no measurement pays for it.
    const head = Number.parseInt(await rpcCall<string>(node.url, "eth_blockNumber"), 16);
    const all: [number, number][] = [];
    for (let from = 0; from <= head; from += 50) all.push([from, Math.min(head, from + 49)]);
    await rawFetch(node.url, addresses, all);
    return { node, manifest, manifestFile, addresses };
  } catch (error) {
    await node.stop();
    throw error;
  }
}
