import { expect } from "chai";
import { createDocumentValidator } from "../../src/capture";
import { toBeHex } from "ethers";
import { buildFromRecords } from "../../src/records";
import { createClient } from "../../src/sdk";
import { GTIN } from "../fixtures";
import {
  caseSscc,
  commissioning,
  devicesOf,
  epcisDocument,
  holding,
  installing,
  packing,
  receiving,
  release,
  shipping,
  unpacking,
  type EpcisEvent,
} from "./documents";
import {
  captureChain,
  commissionCounts,
  eventName,
  expectOnChain,
  glnOf,
  indexAndVerify,
  startGateway,
  statuses,
  type CaptureChain,
  type Gateway,
  type Job,
} from "./harness";
import { EPCIS_SCHEMA } from "../helpers/standards";

const PRODUCT = GTIN.toString().padStart(14, "0");
const LOT = "LOT-CAP-500";
const DEVICES = devicesOf(PRODUCT, "CAP", 500);
const CASES = [1, 2, 3, 4, 5].map(caseSscc);
const inCase = (i: number) => DEVICES.slice(i * 100, (i + 1) * 100);
const [INSTALLED, HELD] = [DEVICES[400], DEVICES[401]];
const LOGGER = "urn:epc:id:giai:0614141.LOGGER-7";
const COLD_CHAIN: [string, number][] = [
  ["2026-12-01T08:00:00Z", 4.2],
  ["2026-12-01T08:20:00Z", 9.1],
  ["2026-12-01T08:40:00Z", 5.5],
];

/**
 * The scenario: a manufacturer, a distributor and a hospital, each through its own capture gateway (own key,
 * own SQLite file), capture the life of a new lot of 500 devices as EPCIS 2.0 documents; the chain, read through the
 * SDK and proved by `verify`, must hold exactly what the documents say.
 */
describe("EPCIS capture end to end: a lot of 500 devices through three organisations' gateways", function () {
  this.timeout(900_000);
  const validate = createDocumentValidator(EPCIS_SCHEMA);
  let chain: CaptureChain;
  let maker: Gateway;
  let distributor: Gateway;
  let hospital: Gateway;

  before(async () => {
    chain = await captureChain();
    [maker, distributor, hospital] = await Promise.all([
      startGateway(chain, "manufacturer"),
      startGateway(chain, "distributor"),
      startGateway(chain, "hospital"),
    ]);
  });
  after(async () => {
    await Promise.all([maker?.close(), distributor?.close(), hospital?.close()]);
    await chain?.close();
  });

  /** Captures `events` as one schema-valid document and expects every event committed where its outcome says. */
  async function captured(gateway: Gateway, events: EpcisEvent[], logs: string[]): Promise<Job> {
    const doc = epcisDocument(events);
    expect(validate(doc), "the document conforms to GS1's schema").to.deep.equal([]);
    const job = await gateway.finished(await gateway.capture(doc));
    expect(job, JSON.stringify(job.events)).to.deep.include({
      running: false,
      success: true,
      captureErrorBehaviour: "rollback",
    });
    expect(statuses(job)).to.deep.equal(events.map(() => "committed"));
    expect(job.events.map((e) => e.index)).to.deep.equal(events.map((_, i) => i));
    const names: (string | undefined)[] = [];
    for (const outcome of job.events) names.push(eventName(chain, await expectOnChain(chain.provider, outcome)));
    expect(names, "the log each outcome points at").to.deep.equal(logs);
    return job;
  }

  it("the manufacturer commissions the lot (a lot new to the chain), packs five cases and ships them", async () => {
    const events = [
      commissioning(DEVICES, LOT, { expires: "2030-12-31", produced: "2026-11-30" }),
      ...CASES.map((c, i) => packing(c, inCase(i), { form: i % 2 ? "urn" : "dl" })),
      shipping({ cases: CASES }, glnOf("distributor"), { po: "PO-500", form: "urn" }),
    ];
    await captured(maker, events, ["DevicesCommissioned", ...CASES.map(() => "DevicesPacked"), "ShipmentDispatched"]);
    const lot = await createClient({ runner: chain.provider, manifest: chain.manifest }).reads.lot({
      gtin: PRODUCT,
      lot: LOT,
    });
    expect(lot && [lot.manufacturer, lot.expiresAt]).to.deep.equal([
      BigInt(glnOf("manufacturer")),
      BigInt(Date.UTC(2030, 11, 31, 23, 59, 59) / 1000),
    ]);
  });

  it("the distributor receives the five cases and ships one on to the hospital, its logger's readings anchored", async () => {
    const readings = { logger: LOGGER, celsius: COLD_CHAIN, rule: "temperature:2..8@30m" };
    const job = await captured(
      distributor,
      [receiving({ cases: CASES }), shipping({ cases: [CASES[4]] }, glnOf("hospital"), { po: "PO-H1", readings })],
      ["ShipmentReceived", "ShipmentDispatched"],
    );
    const reads = createClient({ runner: chain.provider, manifest: chain.manifest }).reads;
    const shipment = (await reads.container(CASES[4]))!.shipment!.shipmentId;
    const records = COLD_CHAIN.map(([time, temperature]) => ({
      time: Date.parse(time) / 1000,
      temperature,
      deviceID: LOGGER,
    }));
    const { tree } = await buildFromRecords(records, { target: { kind: "shipment", id: toBeHex(shipment, 32) } });
    // 9.1 °C for 20 minutes: within the 30 minutes tolerated, so the hospital's receipt leaves the devices active.
    expect(job.events[1])
      .to.have.property("anchor")
      .that.deep.includes({
        root: tree.root,
        recordCount: 3,
        windowStart: Date.parse(COLD_CHAIN[0][0]) / 1000,
        windowEnd: Date.parse(COLD_CHAIN[2][0]) / 1000,
        excursion: false,
      });
  });

  it("the hospital receives the case, unpacks it, installs one device, quarantines another and releases it", async () => {
    await captured(
      hospital,
      [
        receiving({ cases: [CASES[4]] }, { form: "urn" }),
        unpacking(CASES[4], inCase(4)),
        installing([INSTALLED], glnOf("hospital"), { form: "urn" }),
        holding([HELD]),
        release([HELD]),
      ],
      ["ShipmentReceived", "DevicesUnpacked", "DeviceInstalled", "DeviceQuarantined", "DeviceReleased"],
    );
  });

  it("leaves custody and statuses on chain as the documents say (SDK reads), each device commissioned once", async () => {
    const reads = createClient({ runner: chain.provider, manifest: chain.manifest }).reads;
    const seen = await Promise.all(DEVICES.map((d) => reads.device({ gtin: d.gtin, serial: d.serial })));
    const summary = new Map<string, number>();
    seen.forEach((d, i) => {
      const key = d ? `${d.custodian}|${d.status}|${d.container ?? "-"}` : "missing";
      if (i < 400) expect(d?.container, `device ${i} in its case`).to.equal(BigInt(CASES[Math.floor(i / 100)]));
      summary.set(key, (summary.get(key) ?? 0) + 1);
    });
    const [dist, hosp] = [glnOf("distributor"), glnOf("hospital")];
    const at = (gln: string, status: string, container = "-") => `${BigInt(gln)}|${status}|${container}`;
    expect(Object.fromEntries(summary)).to.deep.equal({
      ...Object.fromEntries(CASES.slice(0, 4).map((c) => [at(dist, "Active", String(BigInt(c))), 100])),
      [at(hosp, "Installed")]: 1,
      [at(hosp, "Active")]: 99,
    });
    expect(seen[400]?.status).to.equal("Installed");
    expect(seen[401]?.status).to.equal("Active");
    const counts = await commissionCounts(chain);
    expect(DEVICES.map((d) => counts.get(`${d.gtin}/${d.serial}`) ?? 0)).to.deep.equal(DEVICES.map(() => 1));
  });

  it("lists each gateway's own job on GET /capture", async () => {
    const list = async (g: Gateway) => (await (await fetch(`${g.url}/capture`)).json()) as Job[];
    expect((await list(maker)).map((j) => j.success)).to.deep.equal([true]);
    expect((await list(distributor)).length).to.equal(1);
    expect((await list(hospital)).length).to.equal(1);
  });

  it("passes verify on a fresh index of the chain (ledger heads, projections against the views)", async () => {
    const report = await indexAndVerify(chain);
    expect(report.heads.filter((h) => !h.ok)).to.deep.equal([]);
    expect(report.ok, JSON.stringify({ views: report.views, rebuild: report.rebuild })).to.equal(true);
  });
});
