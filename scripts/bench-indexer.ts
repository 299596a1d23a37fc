/**
 * Indexer throughput benchmark (DESIGN §4: indexer replay ≥ 0.5 × raw `eth_getLogs` fetch, 100,000 events).
 *
 * Starts anvil on loopback, deploys the system, emits UDI_BENCH_EVENTS events (default 100,000) in realistic blocks
 * (commissioning, shipments of ten devices, receipts, telemetry anchors), then measures in one run, over the same
 * block ranges: (a) raw `eth_getLogs` fetch + `JSON.parse`, (b) the full indexer (fetch + decode + store +
 * projections, one SQLite transaction per range). Writes reports/indexer.json.
 *
 * Run: `npm run bench:indexer`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Interface, JsonRpcProvider, id, toBeHex } from "ethers";
import { CONTRACT_NAMES, type Manifest } from "../src/manifest";
import { createConfig } from "../src/indexer/config";
import { createIndexer } from "../src/indexer/sync/indexer";
import { DataAnchorRegistry__factory, DeviceRegistry__factory } from "../typechain-types";
import { GLN } from "../test/fixtures";
import { startAnvil } from "../test/indexer/helpers/anvil";
import { admitConsortium, membersOf } from "../test/indexer/helpers/consortium";
import { deployWithEthers } from "../test/indexer/helpers/deploy";

const TARGET_EVENTS = Number(process.env.UDI_BENCH_EVENTS ?? 100_000);
const COMMISSIONS_PER_BLOCK = 300;
const DEVICES_PER_SHIPMENT = 10;
const ANCHORS_PER_ROUND = 10;

interface Tx {
  from: string;
  to: string;
  data: string;
  gas: number;
}

async function rpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const reply = (await response.json()) as { result?: T; error?: { message: string } };
  if (reply.error) throw new Error(`${method}: ${reply.error.message}`);
  return reply.result as T;
}

/** Sends transactions with explicit nonces in JSON-RPC batches, then mines until the pool is empty. */
function createSender(url: string, nonces: Map<string, number>) {
  return async (txs: Tx[]): Promise<void> => {
    for (let i = 0; i < txs.length; i += 500) {
      const body = txs.slice(i, i + 500).map((tx, k) => {
        const nonce = nonces.get(tx.from)!;
        nonces.set(tx.from, nonce + 1);
        const params = { ...tx, gas: toBeHex(tx.gas), gasPrice: "0x0", nonce: toBeHex(nonce) };
        return { jsonrpc: "2.0", id: k, method: "eth_sendTransaction", params: [params] };
      });
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const replies = (await response.json()) as { error?: { message: string } }[];
      const failed = replies.find((r) => r.error);
      if (failed) throw new Error(`eth_sendTransaction: ${failed.error!.message}`);
    }
    for (;;) {
      await rpc(url, "evm_mine");
      const pending = await rpc<{ pending: string }>(url, "txpool_status");
      if (Number(pending.pending) === 0) return;
    }
  };
}

/** Emits at least `target` events after deploying and admitting the consortium; returns the manifest. */
async function emitEvents(url: string, target: number): Promise<Manifest> {
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true, pollingInterval: 20 });
  const members = membersOf(await provider.listAccounts());
  const { system, manifest } = await deployWithEthers(members.admin, "bench");
  const { lotKey } = await admitConsortium(system, members);
  provider.destroy();
  await rpc(url, "evm_setAutomine", [false]);

  const address = async (name: "manufacturer" | "distributor" | "gateway") =>
    (await members[name].getAddress()).toLowerCase();
  const [manufacturer, distributor, gateway] = [
    await address("manufacturer"),
    await address("distributor"),
    await address("gateway"),
  ];
  const nonces = new Map<string, number>();
  for (const a of [manufacturer, distributor, gateway])
    nonces.set(a, Number.parseInt(await rpc<string>(url, "eth_getTransactionCount", [a, "latest"]), 16));
  const send = createSender(url, nonces);
  const devices = new Interface(DeviceRegistry__factory.abi);
  const anchors = new Interface(DataAnchorRegistry__factory.abi);
  const registry = manifest.contracts.DeviceRegistry.address;

  let events = 0;
  let shipment = 0;
  for (let round = 0; events < target; round++) {
    const serials = Array.from({ length: COMMISSIONS_PER_BLOCK }, (_, i) => `B${round}-${i}`);
    await send(
      serials.map((s) => ({
        from: manufacturer,
        to: registry,
        gas: 200_000,
        data: devices.encodeFunctionData("commission", [lotKey, s]),
      })),
    );
    const logs = await rpc<{ topics: string[] }[]>(url, "eth_getLogs", [
      { address: registry, fromBlock: "latest", toBlock: "latest" },
    ]);
    const ids = logs.map((l) => l.topics[1]);
    const shipments: Tx[] = [];
    for (let i = 0; i < ids.length; i += DEVICES_PER_SHIPMENT) {
      const data = devices.encodeFunctionData("ship", [
        GLN.distributor,
        ids.slice(i, i + DEVICES_PER_SHIPMENT),
        [],
        id(`asn-${round}-${i}`),
        true,
      ]);
      shipments.push({ from: manufacturer, to: registry, gas: 1_500_000, data });
    }
    await send(shipments);
    const first = shipment + 1;
    shipment += shipments.length;
    const followUp: Tx[] = [];
    for (let s = first; s <= shipment; s++) {
      const batch = ids.slice((s - first) * DEVICES_PER_SHIPMENT, (s - first + 1) * DEVICES_PER_SHIPMENT);
      followUp.push({
        from: distributor,
        to: registry,
        gas: 1_500_000,
        data: devices.encodeFunctionData("receiveShipment", [s, batch, []]),
      });
    }
    for (let k = 0; k < ANCHORS_PER_ROUND; k++) {
      const request = {
        target: 1,
        targetId: toBeHex(first + k, 32),
        root: id(`root-${round}-${k}`),
        recordCount: 96,
        windowStart: 0,
        windowEnd: 3600,
        uriHash: id("uri"),
        excursion: k === 0,
      };
      followUp.push({
        from: gateway,
        to: manifest.contracts.DataAnchorRegistry.address,
        gas: 300_000,
        data: anchors.encodeFunctionData("anchor", [request]),
      });
    }
    // Anchors first (the shipments are still in transit), then the receipts, in one block.
    await send([...followUp.slice(shipments.length), ...followUp.slice(0, shipments.length)]);
    events += ids.length + shipments.length * 2 + ANCHORS_PER_ROUND;
    if (round % 20 === 0) process.stdout.write(`emitted ≈ ${events} events\n`);
  }
  return manifest;
}

/** Raw `eth_getLogs` over the ranges with fetch + JSON.parse: the ceiling any indexer could reach. */
async function rawFetch(
  url: string,
  addresses: string[],
  ranges: [number, number][],
): Promise<{ logs: number; seconds: number }> {
  const started = process.hrtime.bigint();
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
  return { logs, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function main(): Promise<void> {
  const node = await startAnvil(["--accounts", "12", "--gas-limit", "30000000", "--gas-price", "0"]);
  const dir = mkdtempSync(join(tmpdir(), "udi-bench-"));
  try {
    const manifest = await emitEvents(node.url, TARGET_EVENTS);
    const addresses = CONTRACT_NAMES.map((n) => manifest.contracts[n].address);
    // Warm the node's log cache over every block first, so that neither measurement pays for it.
    const head = Number.parseInt(await rpc<string>(node.url, "eth_blockNumber"), 16);
    const all: [number, number][] = [];
    for (let from = 0; from <= head; from += 50) all.push([from, Math.min(head, from + 49)]);
    await rawFetch(node.url, addresses, all);
    const config = createConfig({ rpcUrl: node.url, manifest, dbPath: join(dir, "bench.sqlite") });
    const ranges: [number, number][] = [];
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const indexer = createIndexer(config, (e) => void (e.kind === "range" && ranges.push([e.from, e.to])));
    const started = process.hrtime.bigint();
    const report = await indexer.run();
    const indexerSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    indexer.store.close();
    const raw = await rawFetch(node.url, addresses, ranges);
    if (raw.logs !== report.events)
      throw new Error(`raw fetch saw ${raw.logs} logs, the indexer stored ${report.events}`);
    const rawEventsPerSec = Math.round(raw.logs / raw.seconds);
    const indexerEventsPerSec = Math.round(report.events / indexerSeconds);
    const result = {
      events: report.events,
      rawEventsPerSec,
      indexerEventsPerSec,
      ratio: Math.round((indexerEventsPerSec / rawEventsPerSec) * 1000) / 1000,
      peakRssMB: Math.round(peakRss / 2 ** 20),
      target: { ratio: 0.5, met: indexerEventsPerSec / rawEventsPerSec >= 0.5 },
      ranges: ranges.length,
      blocks:
        report.checkpoint.number -
        Math.min(...addresses.map((_, i) => manifest.contracts[CONTRACT_NAMES[i]].blockNumber)) +
        1,
      node: "anvil (loopback, --hardfork paris)",
      rawSeconds: Math.round(raw.seconds * 100) / 100,
      indexerSeconds: Math.round(indexerSeconds * 100) / 100,
    };
    mkdirSync("reports", { recursive: true });
    writeFileSync(join("reports", "indexer.json"), JSON.stringify(result, null, 2) + "\n");
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
