import * as fs from "fs";
import { expect } from "chai";
import { ethers } from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { replayLedgerHead } from "../fixtures";
import { applyPrelude, modelFixture } from "./prelude";
import { stepStats, type ModelBox } from "./command";
import { directoryCommands } from "./commands-directory";
import { deviceCommands } from "./commands-devices";
import { useCommands } from "./commands-use";
import { anchoring } from "./commands-anchors";
import { governanceCommands } from "./commands-governance";
import { compareViews } from "./compare";
import { ledgerHeadOf, type Real } from "./real";
import { CONTRACTS, emptyTouched, mergeTouched, type ModelState, type Touched } from "./types";
import { ACTOR_NAMES, DEVICE_IDS, DEVICE_GTINS, GLNS, GTINS, SSCCS, UNKNOWN_DEVICE, fixtureModel } from "./universe";

/**
 * Model-based test: random sequences of every state-changing operation, by random actors (members of every role,
 * suspended organisations, removed keys, outsiders, the admin), run against the contracts and against the reference
 * model in this folder. After every command the outcome (success, or the same custom error with the same
 * arguments), the emitted events, the views of everything the command touched and the ledger heads must agree; after
 * every sequence every view and each contract's ledger head replayed from its logs must agree.
 *
 * UDI_FC_SEED and UDI_FC_RUNS choose the seed and the number of sequences (`npm run test:deep` runs 2,000);
 * UDI_FC_COMMANDS the longest sequence. A failure prints the seed and the replay path.
 */

const SEED = Number(process.env.UDI_FC_SEED ?? 20260704);
const RUNS = Number(process.env.UDI_FC_RUNS ?? 100);
const MAX_COMMANDS = Number(process.env.UDI_FC_COMMANDS ?? 60);

const weighted = <T>(list: [fc.Arbitrary<T>, number][]): fc.Arbitrary<T>[] =>
  list.flatMap(([arb, weight]) => Array.from({ length: weight }, () => arb));

const ALL_COMMANDS = weighted([
  ...directoryCommands,
  ...deviceCommands,
  ...useCommands,
  ...governanceCommands,
  [anchoring, 2],
]);

async function setup(): Promise<{ model: ModelBox; real: Real }> {
  const sys = await loadFixture(modelFixture);
  const all = await ethers.getSigners();
  const signers = all.slice(0, ACTOR_NAMES.length);
  const heads = {} as Real["heads"];
  const byAddress = new Map<string, (typeof CONTRACTS)[number]>();
  const real: Real = { sys, signers, heads, byAddress };
  for (const name of CONTRACTS) {
    byAddress.set((await sys[name].getAddress()).toLowerCase(), name);
    heads[name] = await ledgerHeadOf(real, name);
  }
  const addresses = signers.map((s) => s.address);
  const state = fixtureModel(addresses, sys.now);
  applyPrelude(state, addresses);
  return { model: { state, everTouched: emptyTouched(), trail: [] }, real };
}

/** Everything the sequence created or referenced, plus every pool value. */
function everything(s: ModelState, touched: Touched, addresses: string[]): Touched {
  const t = emptyTouched();
  mergeTouched(t, touched);
  const range = (n: number) => Array.from({ length: n + 1 }, (_, i) => BigInt(i + 1));
  [...DEVICE_IDS, UNKNOWN_DEVICE, ...s.devices.keys()].forEach((id) => t.devices.add(id));
  GLNS.forEach((g) => t.orgs.add(g));
  addresses.forEach((a) => t.accounts.add(a));
  SSCCS.forEach((c) => t.containers.add(c));
  range(s.shipments.size).forEach((id) => t.shipments.add(id));
  range(s.lots.size).forEach((k) => t.lots.add(k));
  GTINS.forEach((g) => t.products.add(g));
  DEVICE_GTINS.forEach((g) => t.holds.add(g));
  range(s.recalls.size).forEach((id) => t.recalls.add(id));
  range(s.anchors.size).forEach((id) => t.anchors.add(id));
  t.admin = true;
  t.prefixes = true;
  t.network = true;
  return t;
}

/** After a sequence: every view, and every contract's head replayed from its raw logs. */
async function finalCheck(model: ModelBox, real: Real): Promise<void> {
  const addresses = real.signers.map((s) => s.address);
  await compareViews(real, model.state, everything(model.state, model.everTouched, addresses), "the sequence");
  for (const name of CONTRACTS) {
    const replay = await replayLedgerHead(await real.sys[name].getAddress());
    const head = await ledgerHeadOf(real, name);
    expect(head, `${name}: ledger head vs logs replayed`).to.deep.equal({ head: replay.head, count: replay.count });
  }
}

describe("model-based: contracts agree with the reference model", function () {
  it(`agrees on outcome, events, views and ledger heads over ${RUNS} random sequences (seed ${SEED})`, async function () {
    this.timeout(0);
    let sequences = 0;
    const before = { ...stepStats };
    await fc.assert(
      fc.asyncProperty(fc.commands(ALL_COMMANDS, { size: "max", maxCommands: MAX_COMMANDS }), async (commands) => {
        const { model, real } = await setup();
        await fc.asyncModelRun(async () => ({ model, real }), commands);
        await finalCheck(model, real);
        sequences++;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    if (process.env.UDI_FC_STATS) {
      const lines = [...stepStats.outcomes].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${v}\t${k}`);
      fs.writeFileSync(process.env.UDI_FC_STATS, lines.join("\n"));
    }
    expect(sequences).to.equal(RUNS);
    // The sequences go deep: most runs have several commands, and a good share of them succeed.
    expect(stepStats.steps - before.steps).to.be.greaterThan(RUNS * 5);
    expect(stepStats.succeeded - before.succeeded).to.be.greaterThan((stepStats.steps - before.steps) / 5);
  });
});
