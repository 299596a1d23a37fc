import { id, keccak256, solidityPacked, type Signer } from "ethers";
import { buildElementString, withCheckDigit } from "../../src/gs1";
import { ContractRevertError, createClient, type Client } from "../../src/sdk";
import type { Manifest } from "../../src/manifest";
import { CARE_SITE, DEMO_ORGANISATIONS, type OrgKey } from "./consortium";
import { anchorReadings, COLD_CHAIN_RULE, implantReadings, transitTelemetry, type AnchoredBatch } from "./records";

/** What the story did, for the summary and the audit steps. */
export interface StoryResult {
  devicesCommissioned: number;
  implantedDevice: string;
  recallId: bigint;
  refusedShipment: string;
  shipments: number;
  anchors: number;
  /** The record batches anchored: every shipment's transit telemetry and a day of the implanted device's readings. */
  records: AnchoredBatch[];
}

const GTIN_IMPLANT = withCheckDigit("0061414100012"); // implantable cardiac lead
const GTIN_PUMP = withCheckDigit("0061414100029"); // infusion pump
const glnOf = (key: OrgKey) => DEMO_ORGANISATIONS.find((o) => o.key === key)!.gln;
const sscc = (n: number) => withCheckDigit(`0061414100${String(n).padStart(7, "0")}`);
const half = <T>(items: T[]): [T[], T[]] => [items.slice(0, items.length / 2), items.slice(items.length / 2)];

/** A salted commitment to an off-chain procedure record: nothing personal is derivable from it. */
const commitment = (record: string) => keccak256(solidityPacked(["bytes32", "string"], [id(`salt:${record}`), record]));

/**
 * A year in the life of two lots: commissioning from GS1 UDIs, packing, shipping with telemetry, installation,
 * service, a software update, an excursion that quarantines a shipment, and a class II recall run to termination.
 */
export async function runStory(
  manifest: Manifest,
  accounts: Record<OrgKey, Signer[]>,
  deviceCount: number,
  log: (line: string) => void,
  out: string,
): Promise<StoryResult> {
  const c = {} as Record<OrgKey, Client>;
  for (const key of Object.keys(accounts) as OrgKey[]) c[key] = createClient({ runner: accounts[key][0], manifest });
  const run = `${Date.now().toString(36).toUpperCase()}`;
  let shipments = 0;
  let anchors = 0;
  const records: AnchoredBatch[] = [];

  const ship = async (
    from: OrgKey,
    to: OrgKey,
    items: { devices?: string[]; containers?: string[] },
    doorLeftOpen = false,
  ) => {
    const { result: shipmentId } = await c[from].devices.ship({
      to: glnOf(to),
      ...items,
      documentHash: id(`ASN-${run}-${shipments}`),
    });
    shipments++;
    // The data logger's day in transit, anchored by the telemetry gateway; the excursion flag is computed from the
    // readings against the products' storage rule, not set by hand.
    const readings = transitTelemetry(
      `TL-${run}-${shipmentId}`,
      Math.floor(Date.now() / 1000) - 86_400,
      24,
      doorLeftOpen,
      shipments,
    );
    const telemetry = await anchorReadings(c.gateway, `shipment:${shipmentId}`, readings, {
      out,
      name: `shipment-${shipmentId}`,
      rule: COLD_CHAIN_RULE,
      sample: doorLeftOpen ? 34 : 2,
    });
    records.push(telemetry);
    anchors++;
    const worst = telemetry.excursion?.episodes.find((e) => e.excursion);
    if (worst) {
      const minutes = Math.round(worst.durationSeconds / 60);
      log(
        `  shipment ${shipmentId} telemetry: ${minutes} min out of 2–8 °C (up to ${worst.worst} °C): excursion anchored`,
      );
    }
    const received = await c[to].devices.receiveShipment({ shipmentId });
    const devicesContract = c[to].contracts.devices;
    const quarantined = received.receipt.logs
      .map((l) => devicesContract.interface.parseLog(l))
      .some((e) => e?.name === "ShipmentReceived" && e.args.quarantined === true);
    const what = `${items.devices?.length ?? 0} loose, ${items.containers?.length ?? 0} containers`;
    log(
      `  shipment ${shipmentId}: ${from} → ${to}, ${what}${quarantined ? " — excursion: quarantined on receipt" : ""}`,
    );
    return shipmentId;
  };

  log("▸ products and lots");
  for (const [gtin, implantable] of [
    [GTIN_IMPLANT, true],
    [GTIN_PUMP, false],
  ] as const) {
    const existing = await c.manufacturer.reads.product(gtin);
    if (existing === null) {
      await c.manufacturer.products.registerProduct({
        gtin,
        metadataHash: id(`GUDID:${gtin}`),
        tracked: true,
        implantable,
      });
    }
  }
  const lots = { implant: `LA${run}`.slice(0, 20), pump: `LB${run}`.slice(0, 20) };
  await c.manufacturer.devices.registerLot({
    udi: buildElementString({ gtin: GTIN_IMPLANT, productionDate: "260301", expiry: "290228", lot: lots.implant }),
  });
  await c.manufacturer.devices.registerLot({
    udi: buildElementString({ gtin: GTIN_PUMP, productionDate: "260315", expiry: "310331", lot: lots.pump }),
  });

  log(`▸ commissioning ${deviceCount} devices from GS1 UDIs`);
  const udis = (gtin: string, lot: string, expiry: string, n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) =>
      buildElementString({ gtin, expiry, lot, serial: `${prefix}${run}${String(i).padStart(4, "0")}`.slice(-20) }),
    );
  const implantCount = Math.ceil(deviceCount / 2);
  const implants = (
    await c.manufacturer.devices.commissionBatch({
      udis: udis(GTIN_IMPLANT, lots.implant, "290228", implantCount, "A"),
    })
  ).result;
  const pumps = (
    await c.manufacturer.devices.commissionBatch({
      udis: udis(GTIN_PUMP, lots.pump, "310331", deviceCount - implantCount, "B"),
    })
  ).result;
  log(`  ${implants.length} implants (lot ${lots.implant}), ${pumps.length} pumps (lot ${lots.pump})`);

  log("▸ packing into containers (SSCC)");
  const base = Number(BigInt(Date.now()) % 100_000n) * 10;
  const [implantsA, implantsB] = half(implants);
  const [pumpsA, pumpsB] = half(pumps);
  const cases = {
    implantsA: sscc(base + 1),
    implantsB: sscc(base + 2),
    pumpsA: sscc(base + 3),
    pumpsB: sscc(base + 4),
  };
  await c.manufacturer.devices.pack({ container: cases.implantsA, devices: implantsA });
  await c.manufacturer.devices.pack({ container: cases.implantsB, devices: implantsB });
  await c.manufacturer.devices.pack({ container: cases.pumpsA, devices: pumpsA });
  await c.manufacturer.devices.pack({ container: cases.pumpsB, devices: pumpsB });

  log("▸ distribution, with transit telemetry anchored for every shipment");
  await ship("manufacturer", "distributorNorth", { containers: [cases.implantsA, cases.pumpsA] });
  await ship("manufacturer", "distributorSouth", { containers: [cases.implantsB, cases.pumpsB] });
  await c.distributorNorth.devices.unpack({ container: cases.implantsA, devices: implantsA.slice(0, 6) });
  await c.distributorNorth.devices.unpack({ container: cases.pumpsA, devices: pumpsA.slice(0, 2) });
  await ship("distributorNorth", "hospitalCity", { devices: [...implantsA.slice(0, 6), ...pumpsA.slice(0, 2)] });
  await ship("distributorSouth", "hospitalCounty", { containers: [cases.pumpsB] }, true);
  await c.hospitalCounty.devices.releaseContainer({ container: cases.pumpsB });
  log("  County Hospital inspected the quarantined container and released it");

  log("▸ in use at City General");
  const implanted = implantsA.slice(0, 2);
  for (const [i, device] of implanted.entries()) {
    await c.hospitalCity.lifecycle.install({
      device,
      careSite: CARE_SITE,
      procedureCommitment: commitment(`OR-${run}-${i}`),
    });
  }
  log(
    `  ${implanted.length} implants installed (procedure records stay in the hospital: only salted commitments on-chain)`,
  );
  const remote = await anchorReadings(
    c.gateway,
    `device:${implanted[0]}`,
    implantReadings(implanted[0], Math.floor(Date.now() / 1000) - 86_400, 7),
    { out, name: "implant-remote-monitoring", sample: 144 },
  );
  records.push(remote);
  anchors++;
  log(`  a day of the first implant's remote-monitoring readings (${remote.records}, every 5 min) anchored`);
  await c.hospitalCity.lifecycle.authoriseServiceProvider({ serviceProvider: glnOf("service") });
  await c.service.lifecycle.recordService({
    device: pumpsA[0],
    outcome: "Conformant",
    reportHash: id(`service-report-${run}`),
  });
  await c.service.lifecycle.recordSoftwareUpdate({
    device: pumpsA[1],
    version: "4.2.1",
    imageHash: id("pump-firmware-4.2.1"),
  });
  log("  one pump serviced, one pump's software updated to 4.2.1 by FixIt Biomedical");

  log(`▸ class II recall of implant lot ${lots.implant}`);
  const { result: recallId } = await c.manufacturer.recalls.issueRecall({
    gtin: GTIN_IMPLANT,
    recallClass: "ClassII",
    action: "Removal",
    lots: [{ gtin: GTIN_IMPLANT, lot: lots.implant }],
    noticeHash: id(`FSN-${run}`),
  });
  let refusedShipment: string;
  try {
    await c.hospitalCity.devices.ship({ to: glnOf("hospitalCounty"), devices: [implantsA[2]] });
    throw new Error("a held device was shipped to another hospital");
  } catch (error) {
    if (!(error instanceof ContractRevertError)) throw error;
    refusedShipment = error.errorName;
    log(`  City General tried to ship a held implant to County Hospital: refused (${error.errorName})`);
  }
  for (const holder of ["distributorNorth", "distributorSouth", "hospitalCity"] as const) {
    await c[holder].recalls.acknowledgeRecall({ recallId });
  }
  log("  holders acknowledged");
  const returned = implantsA.slice(2, 6);
  await ship("hospitalCity", "manufacturer", { devices: returned });
  await ship("distributorNorth", "manufacturer", { containers: [cases.implantsA] });
  await ship("distributorSouth", "manufacturer", { containers: [cases.implantsB] });
  const inCases = [...implantsA.slice(6), ...implantsB];
  await c.manufacturer.devices.unpack({ container: cases.implantsA, devices: implantsA.slice(6) });
  await c.manufacturer.devices.unpack({ container: cases.implantsB, devices: implantsB });
  for (const device of [...returned, ...inCases]) {
    await c.manufacturer.recalls.recordDisposition({ recallId, device, disposition: "Returned" });
  }
  for (const device of implanted) {
    await c.manufacturer.recalls.recordDisposition({ recallId, device, disposition: "Corrected" });
  }
  log(
    `  ${returned.length + inCases.length} devices returned, ${implanted.length} implanted devices corrected (follow-up)`,
  );
  await c.manufacturer.recalls.terminateRecall({ recallId });
  log(`  recall ${recallId} terminated`);

  return {
    devicesCommissioned: implants.length + pumps.length,
    implantedDevice: implanted[0],
    recallId,
    refusedShipment,
    shipments,
    anchors,
    records,
  };
}
