/**
 * Gas benchmark: measures the targets of DESIGN §4 from transaction receipts, beside the anchors (an OpenZeppelin
 * ERC721 and a minimal one-slot registry) measured in the same run, and writes reports/gas.json.
 *
 * Run: `npm run bench:gas` (in-process Hardhat network on the hardfork matching the EVM target: `merge` for `paris`).
 * Per-device figures are marginal: (gas of a 2n batch − gas of an n batch) / n, so fixed costs cancel out.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { ethers } from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import { consortiumFixture, deviceIdOf, gtin, sscc, GLN, DAY } from "../test/fixtures";
import { measureGovernance } from "./bench/governance";

type Fixture = Awaited<ReturnType<typeof consortiumFixture>>;
type Recorder = (key: string, gas: number) => void;

const BATCH = 100;
const LARGE = 1000;
const CAP = 400;

const gasOf = async (tx: Promise<ContractTransactionResponse>): Promise<number> =>
  Number((await (await tx).wait())!.gasUsed);

const marginal = (small: number, large: number, n: number): number => Math.round((large - small) / n);

const serials = (prefix: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(9, "0")}`);

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Commissions the serials of a lot in batches under the cap and returns the device ids. */
async function commissionAll(f: Fixture, lotKey: bigint, list: string[]): Promise<string[]> {
  const { gtin: lotGtin } = await f.devices.lot(lotKey);
  for (const part of chunks(list, CAP)) await f.devices.connect(f.manufacturer).commissionBatch(lotKey, part);
  return list.map((s) => deviceIdOf(lotGtin, s));
}

/** Ships from the manufacturer to the distributor; returns the gas used and the shipment id. */
async function shipToDistributor(f: Fixture, ids: string[], containers: bigint[]): Promise<[number, bigint]> {
  const m = f.devices.connect(f.manufacturer);
  const id = await m.ship.staticCall(GLN.distributor, ids, containers, ethers.ZeroHash, false);
  return [await gasOf(m.ship(GLN.distributor, ids, containers, ethers.ZeroHash, false)), id];
}

async function measureCustody(f: Fixture, record: Recorder): Promise<void> {
  const m = f.devices.connect(f.manufacturer);
  // Warm the lot, the counters and the head once, so every figure starts from the same steady state.
  await shipToDistributor(f, await commissionAll(f, f.lotKey, ["WARMUP"]), []);

  record("commission.single", await gasOf(m.commission(f.lotKey, "S000000001")));
  const small = serials("A", BATCH);
  const large = serials("B", 2 * BATCH);
  const gasSmall = await gasOf(m.commissionBatch(f.lotKey, small));
  const gasLarge = await gasOf(m.commissionBatch(f.lotKey, large));
  record("commission.batch.perDevice", marginal(gasSmall, gasLarge, BATCH));

  const { gtin: lotGtin } = await f.devices.lot(f.lotKey);
  const [shipSmall] = await shipToDistributor(
    f,
    small.map((s) => deviceIdOf(lotGtin, s)),
    [],
  );
  const [shipLarge] = await shipToDistributor(
    f,
    large.map((s) => deviceIdOf(lotGtin, s)),
    [],
  );
  record("ship.loose.perDevice", marginal(shipSmall, shipLarge, BATCH));

  const containers = { n1: sscc("00614141000000001"), n1000: sscc("00614141000000002") };
  const sizes = { n1: 1, n1000: LARGE };
  const shipments: Record<string, bigint> = {};
  for (const key of ["n1", "n1000"] as const) {
    const ids = await commissionAll(f, f.lotKey, serials(`C${key}`, sizes[key]));
    for (const part of chunks(ids, CAP)) await m.pack(containers[key], part);
  }
  for (const key of ["n1", "n1000"] as const) {
    const [gas, id] = await shipToDistributor(f, [], [containers[key]]);
    record(`ship.container.${key}`, gas);
    shipments[key] = id;
  }
  for (const key of ["n1", "n1000"] as const) {
    const tx = f.devices.connect(f.distributor).receiveShipment(shipments[key], [], [containers[key]]);
    record(`receive.container.${key}`, await gasOf(tx));
  }
}

async function measureRecalls(f: Fixture, record: Recorder): Promise<void> {
  // Three products with one lot each: a warm-up recall, then a lot of 1 device and a lot of 1,000.
  const gtins = [gtin("0061414100036"), gtin("0061414100043"), gtin("0061414100050")];
  const lotKeys: bigint[] = [];
  for (const g of gtins) {
    await f.products.connect(f.manufacturer).registerProduct(g, ethers.ZeroHash, true, false);
    await f.devices.connect(f.manufacturer).registerLot(g, "BENCH", f.now - DAY, f.now + 365n * DAY);
    lotKeys.push(await f.devices.lotKeyOf(g, "BENCH"));
  }
  await commissionAll(f, lotKeys[1], serials("R", 1));
  await commissionAll(f, lotKeys[2], serials("R", LARGE));
  const recall = (i: number) =>
    f.recalls.connect(f.manufacturer).issueRecall({
      gtin: gtins[i],
      recallClass: 2,
      action: 1,
      scope: 2,
      returnTo: 0,
      noticeHash: ethers.id("notice"),
      lotKeys: [lotKeys[i]],
      deviceIds: [],
    });
  await (await recall(0)).wait();
  record("recall.lot.n1", await gasOf(recall(1)));
  record("recall.lot.n1000", await gasOf(recall(2)));
}

async function measureAnchors(record: Recorder): Promise<void> {
  const [owner, , , , , , , , , , , ...fresh] = await ethers.getSigners();
  const oz = await ethers.deployContract("Oz721Anchor");
  record("anchor.oz721.mint", await gasOf(oz.mint(owner.address, 1)));
  record("anchor.oz721.transfer", await gasOf(oz.transferFrom(owner.address, fresh[0].address, 1)));

  const ideal = await ethers.deployContract("IdealRegistry");
  const ids = (prefix: string, n: number) => serials(prefix, n).map((s) => ethers.id(s));
  await ideal.register(ethers.id("warm"), 1); // warm the contract like the registry above
  const regSmall = await gasOf(ideal.registerBatch(ids("A", BATCH), GLN.manufacturer));
  const regLarge = await gasOf(ideal.registerBatch(ids("B", 2 * BATCH), GLN.manufacturer));
  record("anchor.ideal.register.perDevice", marginal(regSmall, regLarge, BATCH));
  const moveSmall = await gasOf(ideal.moveBatch(ids("A", BATCH), GLN.distributor));
  const moveLarge = await gasOf(ideal.moveBatch(ids("B", 2 * BATCH), GLN.distributor));
  record("anchor.ideal.update.perDevice", marginal(moveSmall, moveLarge, BATCH));
}

interface Target {
  name: string;
  value: number;
  limit: number;
}

function targets(g: Record<string, number>): Target[] {
  const within5 = (a: string, b: string, cap: number): Target[] => [
    { name: `${b} ≤ 1.05 × ${a}`, value: g[b], limit: Math.floor(g[a] * 1.05) },
    { name: `${b} ≤ ${cap}`, value: g[b], limit: cap },
  ];
  return [
    { name: "commission.single ≤ anchor.oz721.mint", value: g["commission.single"], limit: g["anchor.oz721.mint"] },
    {
      name: "commission.batch.perDevice ≤ 1.20 × anchor.ideal.register.perDevice",
      value: g["commission.batch.perDevice"],
      limit: Math.floor(1.2 * g["anchor.ideal.register.perDevice"]),
    },
    {
      name: "ship.loose.perDevice ≤ 1.30 × anchor.ideal.update.perDevice",
      value: g["ship.loose.perDevice"],
      limit: Math.floor(1.3 * g["anchor.ideal.update.perDevice"]),
    },
    ...within5("ship.container.n1", "ship.container.n1000", 90_000),
    ...within5("receive.container.n1", "receive.container.n1000", 90_000),
    ...within5("recall.lot.n1", "recall.lot.n1000", 150_000),
  ];
}

async function main(): Promise<void> {
  const rows: { key: string; gas: number }[] = [];
  const record: Recorder = (key, gas) => rows.push({ key, gas });
  const f = await consortiumFixture();
  await measureCustody(f, record);
  await measureRecalls(f, record);
  await measureAnchors(record);
  await measureGovernance(record);

  const byKey = Object.fromEntries(rows.map((r) => [r.key, r.gas]));
  const checks = targets(byKey).map((t) => ({ ...t, met: t.value <= t.limit }));
  mkdirSync("reports", { recursive: true });
  writeFileSync("reports/gas.json", JSON.stringify({ rows, targets: checks }, null, 2) + "\n");

  console.table(rows);
  console.table(checks.map((c) => ({ target: c.name, value: c.value, limit: c.limit, met: c.met })));
  if (checks.some((c) => !c.met)) {
    console.error("Some gas targets are not met.");
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
