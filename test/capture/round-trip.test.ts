import { expect } from "chai";
import Database from "better-sqlite3";
import type { Log } from "ethers";
import { ethers } from "hardhat";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCaptureEngine, type CaptureEngine } from "../../src/capture/engine";
import { mapEvent } from "../../src/capture/mapping";
import type { CaptureEvent } from "../../src/capture/types";
import { epcisDocument } from "../../src/indexer/exports/epcis";
import { openQueryContext } from "../../src/indexer/queries/context";
import type { Manifest } from "../../src/manifest";
import { createClient } from "../../src/sdk/client";
import { deviceIdOf, GTIN, type System } from "../fixtures";
import { admitConsortium, MEMBER_ORDER, membersOf, type Members } from "../indexer/helpers/consortium";
import { deployWithEthers } from "../indexer/helpers/deploy";
import { serveHardhatNetwork } from "../indexer/helpers/hardhat-rpc";
import { indexOnce } from "../indexer/helpers/index-once";
import { indexedHardhatScenario } from "../indexer/helpers/indexed-hardhat";
import { walletOf } from "./engine-helpers";
import { authoriseServicing, CASES, deviceHistory, LOTS, SERIALS, SHIPMENT_COUNT } from "./round-trip-history";

type Ev = Record<string, unknown>;

/** Chain events whose exported form capture refuses (docs/capture.md, "The round trip"), and the field it names. */
const OUT_OF_ROUND_TRIP = {
  ContainerReleased: ["epcList[0]"],
  DataAnchored: ["bizStep", "quantityList"],
  RecallDispositionRecorded: ["persistentDisposition"],
  RecallIssued: ["persistentDisposition", "quantityList"],
  RecallTerminated: ["quantityList"],
};
type Deployment = { system: System; manifest: Manifest };

/** The EPCIS events the indexer exports (whole, or one device's trail) for a database. */
function exporter(dbPath: string) {
  const ctx = openQueryContext(dbPath);
  const events = (device?: string) =>
    (
      epcisDocument(ctx.store.sql, ctx.decoder, { chainId: ctx.manifest.chainId, asOf: ctx.asOf, device }) as {
        epcisBody: { eventList: Ev[] };
      }
    ).epcisBody.eventList;
  return { events, close: () => ctx.close() };
}

/** Each device's exported history, merged by eventID into chain order (block, then log index). */
function historiesOf(events: (device?: string) => Ev[]): Ev[] {
  const byId = new Map<string, Ev>();
  for (const serial of SERIALS) for (const e of events(deviceIdOf(GTIN, serial))) byId.set(e.eventID as string, e);
  const at = (e: Ev) => (e["udi:blockNumber"] as number) * 1e6 + (e["udi:logIndex"] as number);
  return [...byId.values()].sort((a, b) => at(a) - at(b));
}

/** Consecutive events of one organisation's account, mapped: one capture run each. */
function runsOf(events: Ev[]): { actor: string; events: CaptureEvent[] }[] {
  const runs: { actor: string; events: CaptureEvent[] }[] = [];
  events.forEach((e, index) => {
    const mapped = mapEvent(e, index);
    expect(mapped, `${e["udi:event"] as string} #${index}`).to.include({ ok: true });
    if (!mapped.ok) return;
    const actor = (e["udi:actor"] as string).toLowerCase();
    const event = { index, eventId: e.eventID as string, ops: mapped.ops };
    const last = runs.at(-1);
    if (last?.actor === actor) last.events.push(event);
    else runs.push({ actor, events: [event] });
  });
  return runs;
}

/**
 * The registry's logs as facts, a commission one fact per device whether it came singly or in a batch: the engine
 * sends a document's consecutive commissions of one lot as one commissionBatch, where the first chain may have had
 * several calls.
 */
function factsOf(system: System, logs: Log[]): unknown[][] {
  return logs.flatMap((log) => {
    const { name, args } = system.devices.interface.parseLog(log)!;
    if (name === "DeviceCommissioned")
      return [["commissioned", args.lotKey, args.gtin, args.serial, args.organisation, args.actor]];
    if (name === "DevicesCommissioned") {
      return (args.serials as string[]).map((serial) => [
        "commissioned",
        args.lotKey,
        args.gtin,
        serial,
        args.organisation,
        args.actor,
      ]);
    }
    return [[name, ...args.toArray()]];
  });
}

async function firstLotBlock(system: System): Promise<number> {
  const registered = await system.devices.queryFilter(system.devices.filters.LotRegistered());
  return registered.find((log) => log.args.lotNumber === LOTS[0])!.blockNumber;
}

/** A deployment as the SDK reads it (every device, lot, container and shipment of the history), and its logs. */
async function ledgerOf({ manifest, system }: Deployment) {
  const reads = createClient({ runner: ethers.provider, manifest }).reads;
  // The registry's logs from the history's first lot on (the admission before it registers a lot dated "now").
  const registry = manifest.contracts.DeviceRegistry.address;
  const logs = await ethers.provider.getLogs({ address: registry, fromBlock: await firstLotBlock(system) });
  return {
    devices: await Promise.all(SERIALS.map((serial) => reads.device({ gtin: GTIN, serial }))),
    lots: await Promise.all(LOTS.map((lot) => reads.lot({ gtin: GTIN, lot }))),
    containers: await Promise.all(CASES.map((sscc) => reads.container(sscc))),
    shipments: await Promise.all(Array.from({ length: SHIPMENT_COUNT }, (_, i) => reads.shipment(i + 1))),
    // What the registry logged: the lots' dates, the items and document hash of each dispatch…
    registryFacts: factsOf(system, logs),
    // … and the lifecycle contract's whole history, chained into its ledger head (the hashes each event carries).
    lifecycleHead: await system.lifecycle.ledgerHead(),
  };
}

describe("capture: round trip of the EPCIS export into a fresh deployment", function () {
  this.timeout(300_000);
  let dir: string;
  let members: Members;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "udi-round-trip-"));
    members = membersOf(await ethers.getSigners());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function deployment(id: string): Promise<Deployment> {
    const d = await deployWithEthers(members.admin, id);
    await admitConsortium(d.system, members);
    return d;
  }

  it("reproduces the devices, custody, statuses, lots, containers and shipments, each event sent by its organisation", async () => {
    const first = await deployment("round-trip-a");
    await deviceHistory(first.system, members);
    const rpc = await serveHardhatNetwork();
    const dbPath = join(dir, "a.sqlite");
    try {
      await indexOnce({ rpcUrl: rpc.url, manifest: first.manifest, dbPath });
    } finally {
      await rpc.close();
    }
    const exported = exporter(dbPath);
    const events = historiesOf(exported.events);
    // The devices' histories together are the whole export: nothing else happened on the first deployment.
    expect(events).to.deep.equal(exported.events());
    exported.close();
    expect(events).to.have.length(28);

    const second = await deployment("round-trip-b");
    await authoriseServicing(second.system, members);
    const names = new Map(
      await Promise.all(
        MEMBER_ORDER.map(async (name) => [(await members[name].getAddress()).toLowerCase(), name] as const),
      ),
    );
    // One engine per organisation, its journal in its own SQLite file, as each runs its own gateway.
    const engines = new Map<string, { engine: CaptureEngine; db: Database.Database }>();
    const engineOf = (name: (typeof MEMBER_ORDER)[number]): CaptureEngine => {
      if (!engines.has(name)) {
        const db = new Database(join(dir, `${name}.sqlite`));
        const wallet = walletOf(MEMBER_ORDER.indexOf(name));
        engines.set(name, { engine: createCaptureEngine({ wallet, manifest: second.manifest, db }), db });
      }
      return engines.get(name)!.engine;
    };
    const runs = runsOf(events);
    expect(runs.map((r) => names.get(r.actor))).to.deep.equal([
      "manufacturer",
      "distributor",
      "hospital",
      "distributor",
      "hospital",
      "service",
      "hospital",
      "manufacturer",
      "distributor",
      "manufacturer",
    ]);
    for (const [i, run] of runs.entries()) {
      const outcomes = await engineOf(names.get(run.actor)!).run(`round-trip-${i}`, "rollback", run.events);
      expect(outcomes.map((o) => [o.eventId, o.status])).to.deep.equal(run.events.map((e) => [e.eventId, "committed"]));
    }
    for (const { db } of engines.values()) db.close();

    const [a, b] = [await ledgerOf(first), await ledgerOf(second)];
    expect(a.devices.map((d) => d?.status)).to.deep.equal([
      "Active",
      "Active",
      "Decommissioned",
      "Destroyed",
      "InTransit",
      "Installed",
      "Active",
      "Active",
    ]);
    expect(a.shipments.map((s) => s?.status)).to.deep.equal([
      "Received",
      "Rejected",
      "Cancelled",
      "Received",
      "Received",
      "InTransit",
    ]);
    expect(a.lots.every((l) => l !== null) && a.containers.every((c) => c !== null)).to.equal(true);
    for (const part of Object.keys(a) as (keyof typeof a)[]) expect(b[part], part).to.deep.equal(a[part]);
  });

  it("maps every form the export writes, but those of operations outside the round trip", async () => {
    const s = await indexedHardhatScenario("round-trip-forms");
    try {
      const exported = exporter(s.dbPath);
      const refused = new Map<string, Set<string>>();
      for (const [i, e] of exported.events().entries()) {
        const mapped = mapEvent(e, i);
        const name = e["udi:event"] as string;
        if (!mapped.ok) refused.set(name, (refused.get(name) ?? new Set()).add(mapped.refusal.field));
      }
      exported.close();
      expect(Object.fromEntries([...refused].map(([name, fields]) => [name, [...fields].sort()]))).to.deep.equal(
        OUT_OF_ROUND_TRIP,
      );
    } finally {
      await s.close();
    }
  });
});
