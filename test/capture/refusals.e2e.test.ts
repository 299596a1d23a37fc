import { expect } from "chai";
import { id, Wallet } from "ethers";
import type { EventOutcome } from "../../src/capture";
import { withCheckDigit } from "../../src/gs1";
import { createClient } from "../../src/sdk";
import { GTIN, OTHER_GTIN } from "../fixtures";
import {
  caseSscc,
  commissioning,
  devicesOf,
  epcisDocument,
  EPCIS_CONTEXT,
  installing,
  packing,
  receiving,
  shipping,
  type Device,
  type EpcisEvent,
} from "./documents";
import {
  captureAll,
  captureChain,
  glnOf,
  keyOf,
  ledgerMark,
  startGateway,
  statuses,
  type CaptureChain,
  type Gateway,
  type Job,
} from "./harness";

const PRODUCT = GTIN.toString().padStart(14, "0");
const STOCK = devicesOf(PRODUCT, "REF", 10);
const RECALLED = STOCK[9];
const EXPIRED = devicesOf(PRODUCT, "OLD", 2);
/** A well-formed GLN that no organisation of the directory holds. */
const UNKNOWN_GLN = withCheckDigit("061414900001");

type Failed = Extract<EventOutcome, { status: "failed" }>;
type Refused = Extract<EventOutcome, { status: "refused" }>;
const errorNames = (job: Job) => job.events.map((e) => (e.status === "failed" ? (e as Failed).error?.name : e.status));

/**
 * Bad input at the HTTP level: what GS1's schema refuses (400), what the mapping refuses (the event and field), what
 * the chain refuses (its custom error by name), under both error behaviours, and duplicates. Every rollback case
 * leaves the chain's head block and ledger heads as they were.
 */
describe("EPCIS capture end to end: refusals, error behaviours and duplicates", function () {
  this.timeout(600_000);
  let chain: CaptureChain;
  let maker: Gateway;
  let distributor: Gateway;
  let hospital: Gateway;
  let stockJob: Job;
  let stockEvents: EpcisEvent[];

  before(async () => {
    chain = await captureChain();
    [maker, distributor, hospital] = await Promise.all([
      startGateway(chain, "manufacturer"),
      startGateway(chain, "distributor"),
      startGateway(chain, "hospital"),
    ]);
    stockEvents = [
      commissioning(STOCK, "LOT-REF", { expires: "2031-06-30" }),
      commissioning(EXPIRED, "LOT-OLD", { produced: "2019-01-01", expires: "2020-01-01" }),
    ];
    stockJob = await captureAll(maker, stockEvents);
    expect(statuses(stockJob)).to.deep.equal(["committed", "committed"]);
    const client = createClient({
      runner: new Wallet(keyOf("manufacturer"), chain.provider),
      manifest: chain.manifest,
    });
    await client.recalls.issueRecall({
      gtin: PRODUCT,
      recallClass: "ClassII",
      action: "Removal",
      noticeHash: id("fsn-capture"),
      devices: [RECALLED],
    });
  });
  after(async () => {
    await Promise.all([maker?.close(), distributor?.close(), hospital?.close()]);
    await chain?.close();
  });

  /** Captures `events` and expects the chain untouched. */
  async function untouched(gateway: Gateway, events: EpcisEvent[], behaviour?: "rollback" | "proceed") {
    const before = await ledgerMark(chain);
    const job = await captureAll(gateway, events, behaviour);
    expect(await ledgerMark(chain), "head block and ledger heads").to.deep.equal(before);
    expect(job.success).to.equal(false);
    return job;
  }

  it("answers 400 naming the schema path for a document GS1's schema refuses, and records no job", async () => {
    const doc = epcisDocument([{ ...commissioning(devicesOf(PRODUCT, "BAD", 1), "LOT-X"), action: "CREATE" }]);
    const before = await ledgerMark(chain);
    const answer = await maker.post("/capture", doc);
    expect(answer.status).to.equal(400);
    expect(answer.headers.get("content-type")).to.match(/^application\/problem\+json/);
    expect(answer.body).to.include({ type: "epcisException:ValidationException" });
    expect(answer.body.parameter).to.match(/^body\.epcisBody\.eventList\.0/);
    expect(answer.body.schemaPath).to.match(/^#\/definitions\//);
    expect((await (await fetch(`${maker.url}/capture`)).json()) as Job[]).to.have.length(1); // the stock's only
    expect(await ledgerMark(chain)).to.deep.equal(before);
  });

  it("refuses a wrong check digit, naming the event's field; under rollback the valid event is not sent", async () => {
    const wrong = { gtin: PRODUCT.slice(0, 13) + String((Number(PRODUCT[13]) + 1) % 10), serial: "CD-1" };
    const job = await untouched(maker, [
      commissioning(devicesOf(PRODUCT, "CD", 2, 2), "LOT-CD"),
      commissioning([wrong], "LOT-CD"),
    ]);
    expect(statuses(job)).to.deep.equal(["rolledBack", "refused"]);
    expect(job.events[1]).to.include({ field: "epcList[0]" });
    expect((job.events[1] as Refused).reason).to.match(/check digit/i);
  });

  it("refuses an SSCC and a GLN of the wrong length and a serial outside CS82, each by its field", async () => {
    // Written out: the builders pad keys to their length (ssccUri), and these must arrive too short.
    const badSscc = { ...packing(caseSscc(9), STOCK.slice(0, 2)), parentID: "https://id.gs1.org/00/10614141000000006" };
    const badGln = shipping({ devices: STOCK.slice(0, 1) }, glnOf("distributor"));
    badGln.destinationList = [{ type: "owning_party", destination: "https://id.gs1.org/417/061414300001" }];
    const badSerial = commissioning([{ gtin: PRODUCT, serial: "SN~1" }], "LOT-CS");
    const job = await untouched(maker, [badSscc, badGln, badSerial], "proceed");
    expect(statuses(job)).to.deep.equal(["refused", "refused", "refused"]);
    expect(job.events.map((e) => (e as Refused).field)).to.deep.equal([
      "parentID",
      "destinationList[0].destination",
      "epcList[0]",
    ]);
    const reasons = job.events.map((e) => (e as Refused).reason);
    expect(reasons[0]).to.match(/17 characters, expected exactly 18/);
    expect(reasons[1]).to.match(/12 characters, expected exactly 13/);
    expect(reasons[2]).to.match(/outside GS1 character set 82/);
  });

  it("reports the chain's DeviceRegistryInvalidRecipient for a destination GLN no organisation holds", async () => {
    const job = await untouched(maker, [shipping({ devices: STOCK.slice(0, 2) }, UNKNOWN_GLN)]);
    expect(errorNames(job)).to.deep.equal(["DeviceRegistryInvalidRecipient"]);
  });

  it("refuses events out of order: shipping devices before the event commissioning them", async () => {
    const later = devicesOf(PRODUCT, "ORD", 2);
    const job = await untouched(maker, [
      shipping({ devices: later }, glnOf("distributor")),
      commissioning(later, "LOT-ORD"),
    ]);
    expect(errorNames(job)).to.deep.equal(["DeviceRegistryUnknownDevice", "rolledBack"]);
  });

  describe("a document mixing valid events with one the chain refuses (another manufacturer's product)", () => {
    const mine = devicesOf(PRODUCT, "MIX", 4);
    const theirs: Device = { gtin: OTHER_GTIN.toString().padStart(14, "0"), serial: "MIX-9" };
    const events = [
      commissioning(mine.slice(0, 2), "LOT-MIX"),
      commissioning([theirs], "LOT-MIX"),
      commissioning(mine.slice(2), "LOT-MIX"),
    ];

    it("rollback: nothing reaches the chain and the valid events are reported rolled back", async () => {
      const job = await untouched(maker, events, "rollback");
      expect(errorNames(job)).to.deep.equal(["rolledBack", "DeviceRegistryNotManufacturer", "rolledBack"]);
    });

    it("proceed: the valid events are committed, the refused one reported by its custom error", async () => {
      const job = await captureAll(maker, events, "proceed");
      expect(errorNames(job)).to.deep.equal(["committed", "DeviceRegistryNotManufacturer", "committed"]);
      const reads = createClient({ runner: chain.provider, manifest: chain.manifest }).reads;
      const found = await Promise.all([...mine, theirs].map((d) => reads.device(d)));
      expect(found.map((d) => d?.status ?? null)).to.deep.equal(["Active", "Active", "Active", "Active", null]);
    });
  });

  it("reports the chain's refusal by name when an organisation captures what only another may do", async () => {
    const byHospital = await untouched(hospital, [commissioning(devicesOf(PRODUCT, "HOS", 1), "LOT-HOS")]);
    expect(errorNames(byHospital)).to.deep.equal(["ConsortiumGatedMissingRole"]);
    const byDistributor = await untouched(distributor, [shipping({ devices: STOCK.slice(0, 1) }, glnOf("hospital"))]);
    expect(errorNames(byDistributor)).to.deep.equal(["DeviceRegistryNotCustodian"]);
  });

  it("reports DeviceRegistryDeviceHeld for a recalled device in a shipping event", async () => {
    const job = await untouched(maker, [shipping({ devices: [RECALLED] }, glnOf("distributor"))]);
    expect(errorNames(job)).to.deep.equal(["DeviceRegistryDeviceHeld"]);
  });

  it("ships an expired device (the chain lets expired stock move) but refuses installing it", async () => {
    const shipped = await captureAll(maker, [shipping({ devices: EXPIRED.slice(0, 1) }, glnOf("hospital"))]);
    expect(statuses(shipped)).to.deep.equal(["committed"]);
    const received = await captureAll(hospital, [receiving({ devices: EXPIRED.slice(0, 1) })]);
    expect(statuses(received)).to.deep.equal(["committed"]);
    const job = await untouched(hospital, [installing(EXPIRED.slice(0, 1), glnOf("hospital"))]);
    expect(errorNames(job)).to.deep.equal(["DeviceLifecycleDeviceExpired"]);
  });

  it("reports every event of a document captured twice as a duplicate of the first capture, and sends nothing", async () => {
    const before = await ledgerMark(chain);
    const job = await captureAll(maker, stockEvents);
    expect(await ledgerMark(chain)).to.deep.equal(before);
    expect(job.events).to.deep.equal(
      stockJob.events.map((e) => ({
        index: e.index,
        eventId: e.eventId,
        status: "duplicate",
        captureId: stockJob.captureID,
      })),
    );
  });

  it("POST /events: 201 with the job's Location for a new event, 409 for one captured before", async () => {
    const event = { "@context": [EPCIS_CONTEXT], ...commissioning(devicesOf(PRODUCT, "ONE", 1), "LOT-REF") };
    const created = await maker.post("/events", event);
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.headers.get("location")).to.equal(`/capture/${String(created.body.captureID)}`);
    const before = await ledgerMark(chain);
    const again = await maker.post("/events", event);
    expect([again.status, again.body.type]).to.deep.equal([409, "epcisException:ResourceAlreadyExistsException"]);
    expect((await maker.post("/events", { "@context": [EPCIS_CONTEXT], ...stockEvents[0] })).status).to.equal(409);
    expect(await ledgerMark(chain)).to.deep.equal(before);
  });
});
