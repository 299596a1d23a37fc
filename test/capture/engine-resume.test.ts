import { expect } from "chai";
import Database from "better-sqlite3";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { ethers } from "hardhat";
import { JsonRpcProvider } from "ethers";
import { CaptureJournalError, createCaptureEngine } from "../../src/capture/engine";
import { isRetryable } from "../../src/errors";
import { TransportError } from "../../src/sdk/errors";
import { deviceId } from "../../src/contracts/ids";
import type { EngineHooks } from "../../src/capture/engine";
import type { JournalRow } from "../../src/capture/engine/journal";
import { GLN, GTIN } from "../fixtures";
import { ACCOUNT, commission, engineFixture, event, ship, walletOf } from "./engine-helpers";

/** A crash: thrown from a hook, it stops the run where a killed process would stop. */
class Crash extends Error {}

/** Hooks that crash once at `point` of the `nth` journalled transaction (0-based), keeping the row. */
function crashAt(point: "afterJournal" | "afterBroadcast", nth = 0) {
  const rows: JournalRow[] = [];
  const hooks: EngineHooks = {
    [point]: (row: JournalRow) => {
      rows.push(row);
      if (rows.length === nth + 1) throw new Crash(`crash ${point}`);
    },
  };
  return { hooks, rows };
}

describe("capture engine: resume after a crash", () => {
  const doc = [event(0, commission(["S1", "S2"])), event(1, commission(["S3"]))];

  it("a transaction journalled but never broadcast is broadcast on resume: sent once, committed once", async () => {
    const f = await loadFixture(engineFixture);
    const db = new Database(":memory:");
    const crash = crashAt("afterJournal");
    const [sent, block] = [await f.sentBy(ACCOUNT.manufacturer), await ethers.provider.getBlockNumber()];
    await expect(
      f.engineOf(ACCOUNT.manufacturer, db, { hooks: crash.hooks }).run("c", "rollback", doc),
    ).to.be.rejectedWith(Crash);
    expect(await ethers.provider.getBlockNumber(), "nothing broadcast").to.equal(block);
    const outcomes = await f.engineOf(ACCOUNT.manufacturer, db).run("c", "rollback", doc);
    expect(outcomes.map((o) => o.status)).to.deep.equal(["committed", "committed"]);
    expect((outcomes[0] as { txHash: string }).txHash, "the journalled transaction itself").to.equal(
      crash.rows[0].hash,
    );
    expect(await f.sentBy(ACCOUNT.manufacturer)).to.equal(sent + 1);
    for (const s of ["S1", "S2", "S3"]) expect((await f.devices.deviceState(deviceId(GTIN, s))).status).to.equal(1n);
  });

  it("a transaction broadcast but not recorded is not sent twice", async () => {
    const f = await loadFixture(engineFixture);
    const db = new Database(":memory:");
    const crash = crashAt("afterBroadcast");
    const sent = await f.sentBy(ACCOUNT.manufacturer);
    await expect(
      f.engineOf(ACCOUNT.manufacturer, db, { hooks: crash.hooks }).run("c", "proceed", doc),
    ).to.be.rejectedWith(Crash);
    expect(await f.sentBy(ACCOUNT.manufacturer), "mined before the crash").to.equal(sent + 1);
    const outcomes = await f.engineOf(ACCOUNT.manufacturer, db).run("c", "proceed", doc);
    expect(outcomes.map((o) => o.status)).to.deep.equal(["committed", "committed"]);
    expect((outcomes[1] as { txHash: string }).txHash).to.equal(crash.rows[0].hash);
    expect(await f.sentBy(ACCOUNT.manufacturer), "not sent again").to.equal(sent + 1);
    const again = await f.engineOf(ACCOUNT.manufacturer, db).run("c", "proceed", doc);
    expect(again, "a finished capture run again: the same outcomes, nothing sent").to.deep.equal(outcomes);
    expect(await f.sentBy(ACCOUNT.manufacturer)).to.equal(sent + 1);
  });

  it("a crash between two transactions of a document: the first is reconciled, only the rest is sent", async () => {
    const f = await loadFixture(engineFixture);
    const db = new Database(":memory:");
    const newLot = [event(0, commission(["T1"], "LOT-T")), event(1, commission(["T2"], "LOT-T"))];
    const crash = crashAt("afterJournal", 1); // registerLot mined, the commissionBatch journalled only
    const sent = await f.sentBy(ACCOUNT.manufacturer);
    await expect(
      f.engineOf(ACCOUNT.manufacturer, db, { hooks: crash.hooks }).run("t", "rollback", newLot),
    ).to.be.rejectedWith(Crash);
    expect(await f.sentBy(ACCOUNT.manufacturer)).to.equal(sent + 1);
    const outcomes = await f.engineOf(ACCOUNT.manufacturer, db).run("t", "rollback", newLot);
    expect(outcomes.map((o) => o.status)).to.deep.equal(["committed", "committed"]);
    expect(await f.sentBy(ACCOUNT.manufacturer)).to.equal(sent + 2);
  });

  it("a journalled transaction whose nonce another transaction took is dropped and its events sent anew", async () => {
    const f = await loadFixture(engineFixture);
    const db = new Database(":memory:");
    const crash = crashAt("afterJournal");
    await expect(
      f.engineOf(ACCOUNT.manufacturer, db, { hooks: crash.hooks }).run("d", "rollback", doc),
    ).to.be.rejectedWith(Crash);
    await f.devices.connect(f.manufacturer).commission(f.lotKey, "OTHER"); // takes the journalled nonce
    const outcomes = await f.engineOf(ACCOUNT.manufacturer, db).run("d", "rollback", doc);
    expect(outcomes.map((o) => o.status)).to.deep.equal(["committed", "committed"]);
    expect((outcomes[0] as { txHash: string }).txHash).to.not.equal(crash.rows[0].hash);
    expect(await ethers.provider.getTransaction(crash.rows[0].hash as string)).to.equal(null);
  });

  it("an unreachable node is a retryable TransportError, with nothing journalled", async () => {
    const f = await loadFixture(engineFixture);
    const db = new Database(":memory:");
    const dead = new JsonRpcProvider("http://127.0.0.1:9", f.manifest.chainId, { staticNetwork: true });
    const wallet = walletOf(ACCOUNT.manufacturer).connect(dead);
    const engine = createCaptureEngine({ wallet, manifest: f.manifest, db });
    const error = await engine.run("n", "rollback", doc).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(TransportError);
    expect(isRetryable(error)).to.equal(true);
    expect(db.prepare("SELECT COUNT(*) AS n FROM capture_engine_tx").get()).to.deep.equal({ n: 0 });
  });

  it("a rerun keeps a rollback decision even when the chain would now accept the document", async () => {
    const f = await loadFixture(engineFixture);
    const db = new Database(":memory:");
    const later = [event(0, commission(["W0"])), event(1, ship(GLN.distributor, ["W1"]))];
    const first = await f.engineOf(ACCOUNT.manufacturer, db).run("w", "rollback", later);
    expect(first.map((o) => o.status)).to.deep.equal(["rolledBack", "failed"]);
    expect((first[1] as { error?: { name: string } }).error?.name).to.equal("DeviceRegistryUnknownDevice");
    await f.devices.connect(f.manufacturer).commission(f.lotKey, "W1");
    const sent = await f.sentBy(ACCOUNT.manufacturer);
    expect(await f.engineOf(ACCOUNT.manufacturer, db).run("w", "rollback", later)).to.deep.equal(first);
    expect(await f.sentBy(ACCOUNT.manufacturer)).to.equal(sent);
    const fresh = await f.engineOf(ACCOUNT.manufacturer, db).run("w2", "rollback", later);
    expect(
      fresh.map((o) => o.status),
      "the same document as a new capture",
    ).to.deep.equal(["committed", "committed"]);
  });

  it("a rerun with events the journal does not know is refused (CaptureJournalError), nothing sent", async () => {
    const f = await loadFixture(engineFixture);
    const db = new Database(":memory:");
    await f.engineOf(ACCOUNT.manufacturer, db).run("j", "rollback", doc);
    const sent = await f.sentBy(ACCOUNT.manufacturer);
    await expect(
      f.engineOf(ACCOUNT.manufacturer, db).run("j", "rollback", [event(7, commission(["J7"]))]),
    ).to.be.rejectedWith(CaptureJournalError, "the journal holds event 0, not given");
    expect(await f.sentBy(ACCOUNT.manufacturer)).to.equal(sent);
  });
});
