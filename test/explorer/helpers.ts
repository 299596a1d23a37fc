import { ethers } from "hardhat";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { join } from "node:path";
import { DAY, GLN, GTIN } from "../fixtures";
import { indexedHardhatScenario, type IndexedScenario } from "../indexer/helpers/indexed-hardhat";
import { membersOf, send } from "../indexer/helpers/consortium";
import { organisationNames } from "../../src/serve/organisations";
import { startService, type Service } from "../../src/serve/server";
import { addToken } from "../../src/serve/tokens";

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

/** Debian's chromium, headless, with nothing fetched from the internet. */
export const CHROMIUM = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export interface ExplorerFixture {
  scenario: IndexedScenario;
  service: Service;
  url: string;
  tokens: { reader: string; admin: string; hospital: string };
  browser: Browser;
  /** A new page (its own browser context: its own sessionStorage) with a console and error log. */
  page(viewport?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

/**
 * The test scenario's chain, plus a lot and a device whose lot number and serial look like markup, indexed and
 * served by `startService` (the explorer included) with three tokens: read, read+admin, and read bound to the
 * hospital's GLN; and a headless chromium.
 */
export async function explorerFixture(name: string): Promise<ExplorerFixture> {
  const scenario = await indexedHardhatScenario(name);
  const m = membersOf(await ethers.getSigners());
  const devices = scenario.fixture.devices.connect(m.manufacturer);
  const now = scenario.fixture.now;
  await send(devices.registerLot(GTIN, HOSTILE_LOT, now - DAY, now + 90n * DAY));
  await send(devices.commission(await devices.lotKeyOf(GTIN, HOSTILE_LOT), HOSTILE_SERIAL));

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
  const browser = await chromium.launch(CHROMIUM);
  return {
    scenario,
    service,
    url: service.url,
    tokens,
    browser,
    async page(viewport = { width: 1280, height: 900 }) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      // The browser logs every refused request; a 403 from /verify (a token without the admin scope) is expected.
      page.on("console", (m) => {
        if (m.type() === "error" && !/status of 403/.test(m.text())) errors.push(m.text());
      });
      return { page, errors };
    },
    async close() {
      await browser.close();
      await service.close();
      await scenario.close();
    },
  };
}

/**
 * Polls `read` until `ok` holds and returns the value (Playwright's auto-waiting `expect`, for the values a test
 * compares: pages fill in as their requests answer). Fails with the last value read after `ms`.
 */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (let pause = 50; ; pause = Math.min(pause * 2, 500)) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}; last saw ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/** Waits until `locator` matches `n` elements (rows of a table that a page fills in). */
export const countIs = (locator: Locator, n: number) =>
  until(
    () => locator.count(),
    (c) => c === n,
    `${n} of ${locator}`,
  );
