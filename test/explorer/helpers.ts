import { ethers } from "hardhat";
import { ZeroHash, type Signer } from "ethers";
import type { Browser } from "playwright-core";
import { explorerSite, launchChromium } from "./browser";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DAY, GLN, GTIN } from "../fixtures";
import { indexedHardhatScenario, type IndexedScenario } from "../indexer/helpers/indexed-hardhat";
import { membersOf, send, type Members } from "../indexer/helpers/consortium";
import { organisationNames } from "../../src/serve/organisations";
import { startService, type Service } from "../../src/serve/server";
import { addToken } from "../../src/serve/tokens";
import { deviceId } from "../../src/contracts/ids";
import { buildFromRecords, receiptOf, type RecordReceipt } from "../../src/records";

export const gln13 = (g: bigint) => g.toString().padStart(13, "0");
export const GTIN14 = GTIN.toString().padStart(14, "0");

/** Chain data made to look like markup (every character is in GS1 character set 82, so the contracts take it). */
export const HOSTILE_LOT = `<b>"L'&</b>`;
export const HOSTILE_SERIAL = "<svg/onload=xss()>";

export const NAMES = new Map([
  [gln13(GLN.manufacturer), "Acme Medical Devices"],
  [gln13(GLN.otherManufacturer), "Borealis Implants"],
  [gln13(GLN.distributor), "Northern Medical Supply"],
  [gln13(GLN.hospital), "St. Mary's Hospital"],
  [gln13(GLN.otherHospital), "Riverside Clinic"],
  [gln13(GLN.service), "Biomed Service Co."],
  [gln13(GLN.regulator), "National Device Authority"],
  [gln13(GLN.gateway), "ColdChain Telemetry"],
]);

/** Builds a tree of three temperature readings about device `serial`, anchors its root, and keeps a receipt. */
async function anchorReadings(scenario: IndexedScenario, signer: Signer, serial: string) {
  const id = deviceId(GTIN, serial);
  const now = Number(scenario.fixture.now);
  const records = [4.1, 4.4, 3.9].map((celsius, i) => ({ time: now - 600 + i * 60, serial, celsius }));
  const { tree, timeField } = await buildFromRecords(records, { target: { kind: "device", id } });
  const anchors = scenario.fixture.anchors.connect(signer);
  const request = {
    target: 2,
    targetId: id,
    root: tree.root,
    recordCount: tree.count,
    windowStart: tree.window.start,
    windowEnd: tree.window.end,
    uriHash: ZeroHash,
    excursion: false,
  };
  const mined = (await (await anchors.anchor(request)).wait())!;
  const log = mined.logs.find((l) => anchors.interface.parseLog(l)?.name === "DataAnchored")!;
  const anchor = {
    type: "evm" as const,
    chainId: String(scenario.manifest.chainId),
    registry: (await anchors.getAddress()).toLowerCase(),
    anchorId: String(anchors.interface.parseLog(log)!.args.anchorId),
    txHash: mined.hash,
    blockNumber: mined.blockNumber,
    logIndex: log.index,
  };
  const recordReceipt = receiptOf(tree, 0, timeField, anchor);
  const receiptPath = join(scenario.dir, "receipt.json");
  writeFileSync(receiptPath, JSON.stringify(recordReceipt));
  return { serial, records, receipt: recordReceipt, receiptPath };
}

export interface ExplorerFixture {
  scenario: IndexedScenario;
  service: Service;
  url: string;
  tokens: { reader: string; admin: string; hospital: string };
  /** Sensor records anchored for `serial` (a DataAnchored entry of its history), and the receipt of the first. */
  anchored: { serial: string; records: object[]; receipt: RecordReceipt; receiptPath: string };
  browser: Browser;
  site: ReturnType<typeof explorerSite>;
  close(): Promise<void>;
}

/**
 * The test scenario's chain, plus a lot and a device whose lot number and serial look like markup, indexed and
 * served by `startService` (the explorer included) with three tokens: read, read+admin, and read bound to the
 * hospital's GLN; and a headless chromium.
 */
export async function explorerFixture(
  name: string,
  /** More chain history to index with the rest (the benchmark's device of 100 events). */
  prepare?: (scenario: IndexedScenario, members: Members) => Promise<void>,
): Promise<ExplorerFixture> {
  const scenario = await indexedHardhatScenario(name);
  const m = membersOf(await ethers.getSigners());
  const devices = scenario.fixture.devices.connect(m.manufacturer);
  const now = scenario.fixture.now;
  await send(devices.registerLot(GTIN, HOSTILE_LOT, now - DAY, now + 90n * DAY));
  await send(devices.commission(await devices.lotKeyOf(GTIN, HOSTILE_LOT), HOSTILE_SERIAL));

  const anchored = await anchorReadings(scenario, m.manufacturer, "SN-B-0002");
  await prepare?.(scenario, m);

  const tokensPath = join(scenario.dir, "tokens.json");
  const tokens = {
    reader: addToken(tokensPath, { scopes: ["read"], label: "reader" }).token,
    admin: addToken(tokensPath, { scopes: ["read", "admin"], label: "auditor" }).token,
    hospital: addToken(tokensPath, { scopes: ["read"], gln: gln13(GLN.hospital), label: "ward" }).token,
  };
  const service = await startService({
    rpcUrl: scenario.url,
    manifest: scenario.manifest,
    dbPath: scenario.dbPath,
    tokensPath,
    organisations: organisationNames(NAMES),
    rateLimitPerMinute: false,
  });
  const browser = await launchChromium();
  return {
    scenario,
    service,
    url: service.url,
    tokens,
    anchored,
    browser,
    site: explorerSite(service.url, browser, () => tokens.admin),
    async close() {
      await browser.close();
      await service.close();
      await scenario.close();
    },
  };
}

/** The fixture of a describe block: started before its tests, closed after them (its fields are set in `before`). */
export function explorerSuite(name: string): ExplorerFixture {
  const suite = {} as ExplorerFixture;
  before(async function () {
    this.timeout(180_000);
    Object.assign(suite, await explorerFixture(name));
  });
  after(async () => suite.close?.());
  return suite;
}
