/**
 * `npm run bench:capture`: one EPCIS 2.0 document of 1,000 events (900 commissioning events of one device each, one
 * lot; 90 packing events of 10 devices, one case each; 10 shipping events of 9 cases each, to the distributor)
 * captured through POST /capture of the manufacturer's gateway (in process, `startService({ capture })`), against
 * the same operations sent directly with the SDK (registerLot, commissionBatch of the 900 serials, 90 packs, 10 ships)
 * from the same key, on the same anvil (paris, zero fees) in one run; the SDK's provider keeps no result cache, as the
 * gateway's does not. Rounds alternate ABBA (SDK, capture, capture, SDK) so drift on a loaded machine falls on both
 * sides; each figure is the mean of a side's two rounds. Writes reports/capture.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Wallet } from "ethers";
import { createClient } from "../src/sdk";
import { GTIN } from "../test/fixtures";
import {
  caseSscc,
  commissioning,
  devicesOf,
  epcisDocument,
  packing,
  shipping,
  type Device,
} from "../test/capture/documents";
import { captureChain, glnOf, keyOf, startGateway, type CaptureChain, type Gateway } from "../test/capture/harness";

const ROOT = path.resolve(__dirname, "..");
const PRODUCT = GTIN.toString().padStart(14, "0");
const [COMMISSIONS, CASE_SIZE, CASES_PER_SHIPMENT] = [900, 10, 9];

/** One side's workload: its lot, devices and cases (each round and side its own, on one chain). */
function workload(tag: string, round: number) {
  const devices = devicesOf(PRODUCT, `${tag}${round}`, COMMISSIONS);
  const firstCase = (tag === "C" ? 1 : 2) * 100_000 + round * 1_000;
  const cases = Array.from({ length: COMMISSIONS / CASE_SIZE }, (_, i) => caseSscc(firstCase + i));
  const contents = (i: number): Device[] => devices.slice(i * CASE_SIZE, (i + 1) * CASE_SIZE);
  const shipments = Array.from({ length: cases.length / CASES_PER_SHIPMENT }, (_, i) =>
    cases.slice(i * CASES_PER_SHIPMENT, (i + 1) * CASES_PER_SHIPMENT),
  );
  return { lot: `LOT-BENCH-${tag}${round}`, devices, cases, contents, shipments };
}

type Workload = ReturnType<typeof workload>;

/** Transactions the manufacturer's account sent during `run`, and the seconds it took. */
async function timed(chain: CaptureChain, run: () => Promise<void>) {
  const account = new Wallet(keyOf("manufacturer")).address;
  const before = await chain.provider.getTransactionCount(account, "latest");
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, transactions: (await chain.provider.getTransactionCount(account, "latest")) - before };
}

async function viaCapture(chain: CaptureChain, gateway: Gateway, w: Workload) {
  const doc = epcisDocument([
    ...w.devices.map((d) => commissioning([d], w.lot)),
    ...w.cases.map((c, i) => packing(c, w.contents(i))),
    ...w.shipments.map((cases) => shipping({ cases }, glnOf("distributor"))),
  ]);
  if (doc.epcisBody.eventList.length !== 1_000) throw new Error("the document must hold 1,000 events");
  return timed(chain, async () => {
    const job = await gateway.finished(await gateway.capture(doc), 3_600_000);
    const bad = job.events.filter((e) => e.status !== "committed");
    if (bad.length > 0) throw new Error(`capture: ${bad.length} events not committed: ${JSON.stringify(bad[0])}`);
  });
}

async function viaSdk(chain: CaptureChain, w: Workload) {
  // Zero fees, as the gateway quotes them on this chain (a zero base fee).
  const client = createClient({
    runner: new Wallet(keyOf("manufacturer"), chain.provider),
    manifest: chain.manifest,
    fees: async () => ({ maxFeePerGas: 0n, maxPriorityFeePerGas: 0n }),
  });
  return timed(chain, async () => {
    await client.devices.registerLot({ gtin: PRODUCT, lot: w.lot });
    await client.devices.commissionBatch({
      lot: { gtin: PRODUCT, lot: w.lot },
      serials: w.devices.map((d) => d.serial),
    });
    for (const [i, container] of w.cases.entries()) await client.devices.pack({ container, devices: w.contents(i) });
    for (const containers of w.shipments) await client.devices.ship({ to: glnOf("distributor"), containers });
  });
}

async function main(): Promise<void> {
  const chain = await captureChain(["--gas-limit", "30000000"]);
  const gateway = await startGateway(chain, "manufacturer");
  const rounds: { side: "sdk" | "capture"; seconds: number; transactions: number }[] = [];
  try {
    const order = ["sdk", "capture", "capture", "sdk"] as const;
    for (const [round, side] of order.entries()) {
      const result =
        side === "sdk"
          ? await viaSdk(chain, workload("S", round))
          : await viaCapture(chain, gateway, workload("C", round));
      rounds.push({ side, ...result });
      process.stdout.write(`${side}: ${result.seconds.toFixed(2)} s, ${result.transactions} transactions\n`);
    }
  } finally {
    await gateway.close();
    await chain.close();
  }
  const total = (side: "sdk" | "capture") =>
    rounds.filter((r) => r.side === side).reduce((s, r) => s + r.seconds, 0) / 2;
  const [captureSeconds, sdkSeconds] = [total("capture"), total("sdk")];
  const report = {
    events: 1_000,
    workload: `${COMMISSIONS} commissioning events of 1 device (one lot), ${COMMISSIONS / CASE_SIZE} packing events of ${CASE_SIZE}, ${COMMISSIONS / CASE_SIZE / CASES_PER_SHIPMENT} shipping events of ${CASES_PER_SHIPMENT} cases`,
    captureSeconds: Number(captureSeconds.toFixed(3)),
    sdkSeconds: Number(sdkSeconds.toFixed(3)),
    ratio: Number((captureSeconds / sdkSeconds).toFixed(3)),
    transactions: {
      capture: rounds.find((r) => r.side === "capture")!.transactions,
      sdk: rounds.find((r) => r.side === "sdk")!.transactions,
    },
    rounds,
  };
  mkdirSync(path.join(ROOT, "reports"), { recursive: true });
  writeFileSync(path.join(ROOT, "reports", "capture.json"), JSON.stringify(report, null, 2) + "\n");
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
