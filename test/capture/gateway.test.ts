import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCaptureGateway, type CaptureGateway } from "../../src/capture/gateway";
import { openCaptureJobStore, type CaptureJobStore } from "../../src/capture/jobs";
import type { CaptureEngine } from "../../src/capture/engine";
import { commissioning, fakeEngine, silent } from "./fake-engine";

describe("capture gateway: jobs, claims and the job runner", function () {
  let dir: string;
  let store: CaptureJobStore;
  let gateway: CaptureGateway | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "capture-gateway-"));
    store = openCaptureJobStore(join(dir, "gateway.db"));
  });
  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (engine: CaptureEngine) => {
    gateway = createCaptureGateway({
      store,
      engine,
      validate: () => [],
      limits: { events: 100, bytes: 1 << 20 },
      organisation: null,
      log: silent,
      retryMs: 5,
    });
    gateway.start();
    return gateway;
  };
  const finished = async (id: string) => {
    for (;;) {
      const job = store.job(id);
      if (job && !job.running) return job;
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  it("commits a document's events and shows the job as the REST binding does", async function () {
    const { engine, calls } = fakeEngine();
    const id = start(engine).submit([commissioning("A1", "e1"), commissioning("A2", "e2")], "rollback", {
      tokenId: "t1",
      gln: null,
    });
    const job = await finished(id);
    expect(job).to.include({ captureID: id, running: false, success: true, captureErrorBehaviour: "rollback" });
    expect(job.finishedAt).to.be.a("string");
    expect(job.events.map((e) => [e.index, e.eventId, e.status])).to.deep.equal([
      [0, "e1", "committed"],
      [1, "e2", "committed"],
    ]);
    expect(calls).to.have.length(1);
    expect(calls[0].events.map((e) => e.ops[0].kind)).to.deep.equal(["commission", "commission"]);
  });

  it("sends nothing of a rollback document with a refused event, and says which event stopped it", async function () {
    const { engine, calls } = fakeEngine();
    const refused = { ...commissioning("A1", "e1"), ilmd: {} }; // no lot number
    const id = start(engine).submit([refused, commissioning("A2", "e2")], "rollback", { tokenId: null, gln: null });
    const job = await finished(id);
    expect(calls).to.have.length(0);
    expect(job.success).to.equal(false);
    const [first, second] = job.events;
    expect(first).to.include({ index: 0, eventId: "e1", status: "refused" });
    expect(second).to.include({ index: 1, eventId: "e2", status: "rolledBack" });
    expect((second as { reason: string }).reason).to.match(/^not sent: event 0 is refused \(ilmd/);
  });

  it("sends the mappable events of a proceed document and reports the refused one", async function () {
    const { engine, calls } = fakeEngine();
    const refused = { ...commissioning("A1", "e1"), ilmd: {} };
    const id = start(engine).submit([refused, commissioning("A2", "e2")], "proceed", { tokenId: null, gln: null });
    const job = await finished(id);
    expect(calls.map((c) => c.events.map((e) => e.eventId))).to.deep.equal([["e2"]]);
    expect(job.events.map((e) => e.status)).to.deep.equal(["refused", "committed"]);
    expect(job.success).to.equal(false);
  });

  it("reports a captured event again as a duplicate and does not send it twice", async function () {
    const { engine, calls } = fakeEngine();
    const g = start(engine);
    const first = g.submit([commissioning("A1", "e1")], "rollback", { tokenId: null, gln: null });
    await finished(first);
    const again = g.submit([commissioning("A1", "e1"), commissioning("A1", "e1")], "rollback", {
      tokenId: null,
      gln: null,
    });
    const job = await finished(again);
    expect(job.success).to.equal(true);
    expect(job.events).to.deep.equal([
      { index: 0, eventId: "e1", status: "duplicate", captureId: first },
      { index: 1, eventId: "e1", status: "duplicate", captureId: first },
    ]);
    expect(calls).to.have.length(1);
  });

  it("lets an event that failed on chain be captured again (its claim is released)", async function () {
    const failing = fakeEngine({ failIds: new Set(["e1"]) });
    const g = start(failing.engine);
    const first = await finished(g.submit([commissioning("A1", "e1")], "rollback", { tokenId: null, gln: null }));
    expect(first.events[0]).to.include({ status: "failed" });
    const second = await finished(g.submit([commissioning("A1", "e1")], "rollback", { tokenId: null, gln: null }));
    expect(second.events[0]).to.include({ status: "failed" }); // tried again, not a duplicate
    expect(failing.calls).to.have.length(2);
  });

  it("retries a job the node interrupted, and gives up on a permanent failure with the reason", async function () {
    const flaky = fakeEngine({ throwTimes: 2 });
    const ok = await finished(
      start(flaky.engine).submit([commissioning("A1", "e1")], "rollback", { tokenId: null, gln: null }),
    );
    expect(ok.events[0]).to.include({ status: "committed" });
    expect(flaky.calls.map((c) => c.captureId)).to.deep.equal(Array(3).fill(ok.captureID));
    await gateway!.stop();

    const broken = fakeEngine({ throwTimes: 1, permanent: true });
    const failed = await finished(
      start(broken.engine).submit([commissioning("A1", "e9")], "rollback", { tokenId: null, gln: null }),
    );
    expect(failed.events[0]).to.deep.equal({
      index: 0,
      eventId: "e9",
      status: "failed",
      reason: "the gateway could not process the document: the simulation gas cap is too small",
    });
  });

  it("resumes, on start, the jobs a stopped gateway left running", async function () {
    const left = store.create({
      behaviour: "proceed",
      events: [commissioning("A1", "e1")],
      eventIds: ["e1"],
      tokenId: null,
      gln: null,
    });
    expect(store.open().map((j) => j.captureId)).to.deep.equal([left.captureId]);
    const { engine, calls } = fakeEngine();
    start(engine);
    const job = await finished(left.captureId);
    expect(calls.map((c) => [c.captureId, c.behaviour])).to.deep.equal([[left.captureId, "proceed"]]);
    expect(job.events[0]).to.include({ status: "committed" });
    expect(store.open()).to.deep.equal([]);
  });

  it("captures one event synchronously, and answers a duplicate at once", async function () {
    const { engine } = fakeEngine();
    const g = start(engine);
    const first = await g.captureNow(commissioning("A1", "e1"), { tokenId: null, gln: null });
    expect(first.outcome).to.include({ status: "committed", eventId: "e1" });
    const again = await g.captureNow(commissioning("A1", "e1"), { tokenId: null, gln: null });
    expect(again.outcome).to.deep.equal({ index: 0, eventId: "e1", status: "duplicate", captureId: first.captureId });
  });

  it("lists jobs newest first, only an organisation's own for a restricted caller", async function () {
    const { engine } = fakeEngine();
    const g = start(engine);
    const a = await finished(
      g.submit([commissioning("A1", "e1")], "rollback", { tokenId: null, gln: "0614141000005" }),
    );
    const b = await finished(g.submit([commissioning("A2", "e2")], "rollback", { tokenId: null, gln: null }));
    expect(g.list(null, 0, 10).map((j) => j.captureID)).to.deep.equal([b.captureID, a.captureID]);
    expect(g.list("0614141000005", 0, 10).map((j) => j.captureID)).to.deep.equal([a.captureID]);
    expect(g.list(null, 1, 10).map((j) => j.captureID)).to.deep.equal([a.captureID]);
  });
});
