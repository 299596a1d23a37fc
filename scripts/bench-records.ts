/**
 * Records benchmark: builds the Merkle tree of 1,000,000 telemetry records from a JSONL file, anchors its root on the
 * in-process Hardhat network, issues 10,000 receipts and verifies them offline; writes reports/records.json.
 *
 * Run: `npm run bench:records` (UDI_BENCH_RECORDS=<n> and UDI_BENCH_RECEIPTS=<n> change the sizes). The tree is built
 * in a child process started for it alone, so `peakRssMB` (its VmHWM, the kernel's high-water mark) is the build's
 * and not Hardhat's; the parent deploys, anchors and hands the anchor back. In the same child, after the build, the
 * floor is measured: one keccak256 of each of the same leaves' 128-byte encodings (`keccakLeavesPerSec`), and
 * `ratioToKeccak` = recordsPerSec / keccakLeavesPerSec.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import {
  buildFromFile,
  buildFromRecords,
  checkReceiptOffline,
  createFastKeccak,
  createLeafEncoder,
  receiptOf,
  type AnchorRef,
  type RecordTarget,
} from "../src/records";

const RECORDS = Number(process.env.UDI_BENCH_RECORDS ?? 1_000_000);
const RECEIPTS = Number(process.env.UDI_BENCH_RECEIPTS ?? 10_000);
const TARGET_ENV = "UDI_BENCH_RECORDS_TARGET";

const seconds = (start: number) => (performance.now() - start) / 1000;
const peakRssMB = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))![1]) / 1024;

/** Writes `n` fifteen-minute telemetry readings as JSONL. */
async function writeTelemetry(path: string, n: number): Promise<void> {
  const out = createWriteStream(path);
  let chunk = "";
  for (let i = 0; i < n; i++) {
    const temperature = Math.round((5 + 2 * Math.sin(i / 40) + ((i * 7919) % 13) / 100) * 100) / 100;
    chunk += `{"time":${1_700_000_000 + i * 900},"sensor":"TL-${i % 64}","temperature":${temperature},"seq":${i}}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
}

/** The child: builds, measures the keccak floor, waits for the anchor, verifies receipts; one JSON line each step. */
async function child(path: string, target: RecordTarget): Promise<void> {
  const start = performance.now();
  const { tree, timeField } = await buildFromFile(path, { target });
  const buildSeconds = seconds(start);
  const rss = peakRssMB();
  const keccak = await createFastKeccak();
  const encode = createLeafEncoder(target);
  const hashBytes = (i: number) => Buffer.from(tree.leafValue(i)[3].slice(2), "hex");
  const hashes = Array.from({ length: Math.min(tree.count, 65_536) }, (_, i) => hashBytes(i));
  const floorStart = performance.now();
  for (let i = 0; i < tree.count; i++) keccak(encode(1_700_000_000 + i * 900, hashes[i % hashes.length]));
  const keccakSeconds = seconds(floorStart);
  const { window } = tree;
  process.stdout.write(
    JSON.stringify({ root: tree.root, count: tree.count, window, buildSeconds, rss, keccakSeconds }) + "\n",
  );

  const input = createInterface({ input: process.stdin });
  const [line] = (await once(input, "line")) as [string];
  input.close();
  const anchor = JSON.parse(line) as AnchorRef;
  const picks = Array.from({ length: Math.min(RECEIPTS, tree.count) }, (_, i) =>
    Math.floor((i * tree.count) / RECEIPTS),
  );
  const receipts = picks.map((i) => receiptOf(tree, i, timeField, anchor));
  const verifyStart = performance.now();
  for (const r of receipts) {
    if (!checkReceiptOffline(r).ok) throw new Error(`receipt of ${r.hash} refused`);
  }
  process.stdout.write(JSON.stringify({ verified: receipts.length, verifySeconds: seconds(verifyStart) }) + "\n");
}

async function main(): Promise<void> {
  // Hardhat is loaded only in the parent: the child's memory is the build's.
  const { ethers } = await import("hardhat");
  const { consortiumFixture, GLN } = await import("../test/fixtures");
  const { manifestOf } = await import("../test/indexer/helpers/deploy");
  const { createClient } = await import("../src/sdk/client");
  const { anchorTree } = await import("../src/records");

  const f = await consortiumFixture();
  const m = f.devices.connect(f.manufacturer);
  await (await m.commission(f.lotKey, "BENCH-1")).wait();
  const { gtin } = await f.devices.lot(f.lotKey);
  const device = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint64", "string"], [gtin, "BENCH-1"]));
  const shipmentId = await m.ship.staticCall(GLN.distributor, [device], [], ethers.ZeroHash, false);
  await (await m.ship(GLN.distributor, [device], [], ethers.ZeroHash, false)).wait();
  const manifest = await manifestOf(f, "bench-records", ethers.provider);
  const client = createClient({ runner: f.gateway, manifest });
  const target: RecordTarget = { kind: "shipment", id: ethers.toBeHex(shipmentId, 32) };
  const resolved = { target, input: { shipmentId } };

  const dir = mkdtempSync(join(tmpdir(), "udi-bench-records-"));
  try {
    const path = join(dir, "telemetry.jsonl");
    process.stderr.write(`writing ${RECORDS} records to ${path}\n`);
    await writeTelemetry(path, RECORDS);

    const one = await buildFromRecords([{ time: 1_700_000_000, temperature: 5 }], { target });
    const gasOf = async (a: AnchorRef) => Number((await ethers.provider.getTransactionReceipt(a.txHash))!.gasUsed);
    // The registry's first anchor pays for its cold counter: warm it, then measure a one-record anchor.
    await anchorTree(client, resolved, one.tree, { uri: "bench:warm-up" });
    const anchorGasOneRecord = await gasOf(await anchorTree(client, resolved, one.tree, { uri: "bench:one" }));

    const proc = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", __filename, path], {
      env: { ...process.env, [TARGET_ENV]: JSON.stringify(target), TS_NODE_TRANSPILE_ONLY: "true" },
      stdio: ["pipe", "pipe", "inherit"],
    });
    const exited = once(proc, "exit") as Promise<[number]>;
    const lines = createInterface({ input: proc.stdout! })[Symbol.asyncIterator]();
    process.stderr.write("building in a child process…\n");
    const built = JSON.parse((await lines.next()).value as string);
    const fakeTree = { root: built.root, count: built.count, window: built.window } as Parameters<typeof anchorTree>[2];
    const anchor = await anchorTree(client, resolved, fakeTree, { uri: `file:${path}` });
    const anchorGas = await gasOf(anchor);
    proc.stdin!.end(JSON.stringify(anchor) + "\n");
    const verified = JSON.parse((await lines.next()).value as string);
    const [code] = await exited;
    if (code !== 0) throw new Error(`build child exited with ${code}`);

    const recordsPerSec = built.count / built.buildSeconds;
    const keccakLeavesPerSec = built.count / built.keccakSeconds;
    const report = {
      records: built.count,
      buildSeconds: round(built.buildSeconds, 3),
      recordsPerSec: Math.round(recordsPerSec),
      peakRssMB: Math.round(built.rss),
      anchorGas,
      verifyPerSec: Math.round(verified.verified / verified.verifySeconds),
      receiptsVerified: verified.verified,
      keccakLeavesPerSec: Math.round(keccakLeavesPerSec),
      ratioToKeccak: round(recordsPerSec / keccakLeavesPerSec, 3),
      anchorGasOneRecord,
      root: built.root,
      machine: { cpus: cpus().length, model: cpus()[0]?.model, loadAverage1m: round(loadavg()[0], 2) },
      notes:
        "build = read + parse + RFC 8785 + keccak of the record + leaf (2 keccaks) + sort + inner nodes, from the file; " +
        "keccakLeavesPerSec = one keccak256 of each 128-byte leaf encoding with the same hasher, in the same child; " +
        "peakRssMB = VmHWM of the child (ts-node included); verifyPerSec = OpenZeppelin StandardMerkleTree.verify " +
        "plus the receipt's shape and leaf checks, offline.",
    };
    mkdirSync("reports", { recursive: true });
    writeFileSync("reports/records.json", JSON.stringify(report, null, 2) + "\n");
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

if (process.env[TARGET_ENV] !== undefined) {
  child(process.argv[2], JSON.parse(process.env[TARGET_ENV]) as RecordTarget).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
