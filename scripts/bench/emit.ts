/**
 * The benchmarks' chain workload (bench:indexer, bench:serve): transactions sent in JSON-RPC batches with explicit
 * nonces to a node with automine off, mined block by block.
 */
import { Interface, JsonRpcProvider, id, toBeHex } from "ethers";
import type { Manifest } from "../../src/manifest";
import { DataAnchorRegistry__factory, DeviceRegistry__factory } from "../../typechain-types";
import { GLN } from "../../test/fixtures";
import { admitConsortium, membersOf } from "../../test/indexer/helpers/consortium";
import { deployWithEthers } from "../../test/indexer/helpers/deploy";
import { rpcCall } from "../../test/indexer/helpers/net";

const COMMISSIONS_PER_BLOCK = 300;
const DEVICES_PER_SHIPMENT = 10;
const ANCHORS_PER_ROUND = 10;

interface Tx {
  from: string;
  to: string;
  data: string;
  gas: number;
}

/** Sends transactions with explicit nonces in JSON-RPC batches, then mines until the pool is empty. */
export function createSender(url: string, nonces: Map<string, number>) {
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
      await rpcCall(url, "evm_mine");
      const pending = await rpcCall<{ pending: string }>(url, "txpool_status");
      if (Number(pending.pending) === 0) return;
    }
  };
}

/** What `emitEvents` left on the chain. */
export interface Emitted {
  manifest: Manifest;
  events: number;
  devices: number;
  shipments: number;
}

/**
 * Deploys and admits the consortium, then emits rounds of realistic blocks until at least `target.events` events, or
 * at least `target.devices` commissioned devices: per round one block of COMMISSIONS_PER_BLOCK commissions, one of
 * shipments of DEVICES_PER_SHIPMENT devices to the distributor, one of telemetry anchors (the first an excursion)
 * and receipts.
 */
export async function emitEvents(url: string, target: { events?: number; devices?: number }): Promise<Emitted> {
  if (target.events === undefined && target.devices === undefined) throw new Error("emitEvents: no target");
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true, pollingInterval: 20 });
  const members = membersOf(await provider.listAccounts());
  const { system, manifest } = await deployWithEthers(members.admin, "bench");
  const { lotKey } = await admitConsortium(system, members);
  provider.destroy();
  await rpcCall(url, "evm_setAutomine", [false]);

  const address = async (name: "manufacturer" | "distributor" | "gateway") =>
    (await members[name].getAddress()).toLowerCase();
  const [manufacturer, distributor, gateway] = [
    await address("manufacturer"),
    await address("distributor"),
    await address("gateway"),
  ];
  const nonces = new Map<string, number>();
  for (const a of [manufacturer, distributor, gateway])
    nonces.set(a, Number.parseInt(await rpcCall<string>(url, "eth_getTransactionCount", [a, "latest"]), 16));
  const send = createSender(url, nonces);
  const devices = new Interface(DeviceRegistry__factory.abi);
  const anchors = new Interface(DataAnchorRegistry__factory.abi);
  const registry = manifest.contracts.DeviceRegistry.address;

  let events = 0;
  let shipment = 0;
  let commissioned = 0;
  const more = () => events < (target.events ?? Infinity) && commissioned < (target.devices ?? Infinity);
  for (let round = 0; more(); round++) {
    const serials = Array.from({ length: COMMISSIONS_PER_BLOCK }, (_, i) => `B${round}-${i}`);
    await send(
      serials.map((s) => ({
        from: manufacturer,
        to: registry,
        gas: 200_000,
        data: devices.encodeFunctionData("commission", [lotKey, s]),
      })),
    );
    const logs = await rpcCall<{ topics: string[] }[]>(url, "eth_getLogs", [
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
    commissioned += ids.length;
    if (round % 20 === 0) process.stdout.write(`emitted ≈ ${events} events\n`);
  }
  return { manifest, events, devices: commissioned, shipments: shipment };
}
