import { expect } from "chai";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { GLN } from "../fixtures";
import { percent } from "../../explorer/src/format";
import { GS } from "../../src/gs1";
import { EXPLORER_CSP } from "../../src/serve/explorer";
import {
  countIs,
  explorerFixture,
  gln13,
  GTIN14,
  HOSTILE_LOT,
  HOSTILE_SERIAL,
  NAMES,
  type ExplorerFixture,
} from "./helpers";

const SCREENSHOTS = join(__dirname, "..", "..", "reports", "screenshots");
const PHONE = { width: 390, height: 844 };

describe("the audit explorer in headless chromium", function () {
  this.timeout(180_000);
  let f: ExplorerFixture;
  const api = async (path: string, token: string) => {
    const r = await fetch(f.url + path, { headers: { authorization: `Bearer ${token}` } });
    return { status: r.status, body: await r.json() };
  };
  /** A logged-in page (through the `#token=` link) at `path`. */
  const open = async (path: string, token = f.tokens.admin, viewport?: { width: number; height: number }) => {
    const { page, errors } = await f.page(viewport);
    await page.goto(`${f.url}/#token=${token}`);
    await page.getByRole("link", { name: "Recalls" }).waitFor();
    await page.goto(f.url + path);
    return { page, errors };
  };
  /** Waits until the locator's text holds `text` (pages fill in as their requests answer); says what the page shows. */
  const seen = async (locator: Locator, text: string | RegExp) => {
    try {
      await locator.filter({ hasText: text }).first().waitFor();
    } catch (error) {
      const shown = await locator.page().locator("body").innerText();
      throw new Error(`${(error as Error).message}\n${locator.page().url()} shows:\n${shown}`, { cause: error });
    }
  };
  const shot = async (page: Page, name: string) => {
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  };

  before(async function () {
    mkdirSync(SCREENSHOTS, { recursive: true });
    f = await explorerFixture("explorer");
  });
  after(async () => f?.close());

  it("serves the explorer's HTML with a strict CSP to browsers; API clients get the API on the same paths", async function () {
    const html = await fetch(`${f.url}/recalls/1`, { headers: { accept: "text/html,*/*;q=0.8" } });
    expect(html.status).to.equal(200);
    expect(html.headers.get("content-security-policy")).to.equal(EXPLORER_CSP);
    expect(EXPLORER_CSP).to.contain("script-src 'self'").and.not.contain("unsafe");
    expect(await html.text()).to.match(/^<!doctype html>/);
    const json = await fetch(`${f.url}/recalls/1`, { headers: { authorization: `Bearer ${f.tokens.reader}` } });
    expect(json.headers.get("content-type")).to.match(/^application\/json/);
    expect((await json.json()).recallId).to.equal(1);
    const unauth = await fetch(`${f.url}/recalls/1`);
    expect(unauth.status).to.equal(401);
    expect((await fetch(`${f.url}/assets/..%2F..%2Fpackage.json`)).status).to.equal(404);
  });

  it("logs in through /#token=, removes the token from the address bar, keeps it for the session only", async function () {
    const { page, errors } = await f.page();
    await page.goto(`${f.url}/recalls#token=${f.tokens.reader}`);
    await page.getByRole("table", { name: "Recalls" }).waitFor();
    expect(page.url()).to.equal(`${f.url}/recalls`);
    expect(await page.evaluate(() => sessionStorage.getItem("udi-ledger.token"))).to.equal(f.tokens.reader);
    expect(await page.evaluate(() => localStorage.length)).to.equal(0);
    expect(await page.context().cookies()).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });

  it("sends a refused token back to the login form with the reason; the form logs in", async function () {
    const { page } = await f.page();
    await page.goto(`${f.url}/#token=udi_000000000000_nope`);
    await seen(page.getByRole("alert"), "the bearer token is unknown or revoked");
    await page.getByLabel("Access token").fill(f.tokens.reader);
    await shot(page, "login-desktop");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("table", { name: "Recalls" }).waitFor();
  });

  const recalled = { gtin: GTIN14, serial: "SN-0002" };
  const syntaxes = {
    "raw element string with GS (keyboard wedge)": `01${GTIN14}21SN-0002${GS}10LOT-2026-A`,
    "]d2 symbology prefix": `]d201${GTIN14}21SN-0002`,
    "GS1 Digital Link URL (phone camera)": `https://id.gs1.org/01/${GTIN14}/21/SN-0002`,
  };
  for (const [syntax, udi] of Object.entries(syntaxes)) {
    it(`finds a recalled device by its ${syntax} and says do not use, naming the recall`, async function () {
      const { page, errors } = await open("/");
      await page.getByLabel(/Find a device/).fill(udi);
      await page.getByLabel(/Find a device/).press("Enter");
      await page.waitForURL(`${f.url}/01/${recalled.gtin}/21/${recalled.serial}`);
      const verdict = page.locator(".verdict");
      await seen(verdict.getByRole("heading"), "Do not use");
      expect(await verdict.textContent()).to.contain("Recalled (Class I, recall 2)");
      expect(errors).to.deep.equal([]);
    });
  }

  it("shows the parser's message inline for an invalid UDI (the service's 400 detail)", async function () {
    const bad = `(01)${GTIN14.slice(0, 13)}9(21)X`;
    const expected = (await api(`/check/${encodeURIComponent(bad)}`, f.tokens.reader)).body;
    expect(expected.status).to.equal(400);
    const { page } = await open("/");
    await page.getByLabel(/Find a device/).fill(bad);
    await page.getByRole("button", { name: "Find" }).click();
    const message = page.locator("#udi-error");
    await seen(message, expected.detail);
    expect(await message.textContent()).to.equal(expected.detail);
    expect(page.url()).to.equal(`${f.url}/`);
    expect(await page.getByLabel(/Find a device/).getAttribute("aria-invalid")).to.equal("true");
    await shot(page, "find-invalid-desktop");
  });

  it("device page: the verdict first, the facts, the custody path and the history with its proof", async function () {
    const udi = `https://id.gs1.org/01/${GTIN14}/21/SN-0004`;
    const device = (await api(`/devices/${encodeURIComponent(udi)}`, f.tokens.reader)).body;
    const { page, errors } = await open(`/devices/${encodeURIComponent(`(01)${GTIN14}(21)SN-0004`)}`);
    const verdict = page.locator(".verdict");
    await seen(verdict.getByRole("heading"), "Do not use");
    expect(await verdict.textContent()).to.contain("Recorded as destroyed");
    const history = page.getByRole("list", { name: "Device history" });
    await history.locator("li").first().waitFor();
    expect(await history.locator("li").count()).to.equal(device.events.length);
    expect(await page.locator(".facts").textContent()).to.contain("St. Mary's Hospital");
    const caption = page.locator(".custody figcaption");
    await seen(caption, /Northern Medical Supply → St\. Mary's Hospital/);
    const install = history.locator("li", { hasText: "Installed / implanted" });
    await install.getByText("Proof").click();
    const proof = install.locator(".proof dl");
    const event = device.events.find((e: { event: string }) => e.event === "DeviceInstalled");
    expect(await proof.textContent())
      .to.contain(event.txHash)
      .and.contain(event.blockHash)
      .and.contain(String(event.logIndex));
    await shot(page, "device-destroyed-desktop");
    expect(errors).to.deep.equal([]);
  });

  it("device page says usable for an active device with no reason not to", async function () {
    const { page } = await open(`/01/${GTIN14}/21/SN-B-0002`, f.tokens.reader);
    const verdict = page.locator(".verdict");
    await seen(verdict.getByRole("heading"), "Usable");
    expect(await verdict.getAttribute("class")).to.contain("verdict-ok");
    await shot(page, "device-ok-desktop");
    const phone = await open(`/01/${GTIN14}/21/SN-0002`, f.tokens.reader, PHONE);
    await phone.page.locator(".verdict h1").waitFor();
    // Nothing cut at the right edge of a 390 px phone: the page does not scroll sideways, the custody path fits.
    await seen(phone.page.locator(".custody figcaption"), "→");
    const widths = (selector: string) =>
      phone.page.locator(selector).evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    for (const selector of ["html", ".custody-scroll"]) {
      const w = await widths(selector);
      expect(w.scroll, selector).to.be.at.most(w.client);
    }
    await shot(phone.page, "device-recalled-phone");
  });

  it("recall page: class, action, issuer and the status report's figures equal GET /recalls/{id}; filter; CSV", async function () {
    const report = (await api("/recalls/1", f.tokens.reader)).body;
    const all = (await api("/recalls/1/devices?perPage=1000", f.tokens.reader)).body;
    const { page, errors } = await open("/recalls/1", f.tokens.reader);
    await page.locator("#fig-ack").waitFor();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).to.equal("Recall 1: Class II removal");
    expect(await page.locator("#fig-ack").textContent()).to.contain(
      percent(report.effectiveness.acknowledgedConsignees),
    );
    expect(await page.locator("#fig-ack").textContent()).to.contain(
      `${report.summary.acknowledged} of ${report.summary.consignees}`,
    );
    expect(await page.locator("#fig-disp").textContent()).to.contain(
      percent(report.effectiveness.dispositionedDevices),
    );
    expect(await page.locator("#fig-held").textContent()).to.contain(String(report.summary.devicesStillHeld));
    expect(await page.locator("#fig-out").textContent()).to.contain(String(report.summary.outstanding));
    // The issuer is named as such, not listed among the consignees; what was returned to it is said apart.
    const issuer = NAMES.get(report.recall.issuer)!;
    expect(await page.locator(".grid").textContent()).to.contain(issuer);
    const consignees = page.getByRole("table", { name: "Consignees" });
    await countIs(consignees.locator("tbody tr"), report.consignees.length);
    expect(await consignees.textContent()).not.to.contain(issuer);
    expect(report.returnedToIssuer.dispositionPending).to.be.greaterThan(0);
    expect(await page.locator("#returned-to-issuer").textContent()).to.contain(
      `${issuer}GLN ${report.recall.issuer}, disposition pending: ${report.returnedToIssuer.dispositionPending} devices`,
    );
    const devices = page.getByRole("table", { name: "Affected devices" }).locator("tbody tr");
    await countIs(devices, all.total);
    await page.getByRole("combobox", { name: "Disposition" }).selectOption("none");
    const open_ = all.items.filter((d: { disposition: string | null }) => d.disposition === null);
    await countIs(devices, open_.length);
    expect(await devices.locator("td:first-child").allTextContents()).to.deep.equal(
      open_.map((d: { udi: string }) => d.udi),
    );
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: /Download CSV/ }).click(),
    ]);
    const csv = readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\r\n");
    expect(csv[0]).to.equal("recallId,udi,deviceId,custodianGln,custodianName,status,disposition");
    expect(csv.slice(1).map((l) => l.split(",")[1])).to.deep.equal(open_.map((d: { udi: string }) => d.udi));
    await page.getByRole("combobox", { name: "Disposition" }).selectOption("");
    await countIs(devices, all.total);
    await shot(page, "recall-desktop");
    const phone = await open("/recalls/1", f.tokens.reader, PHONE);
    await countIs(phone.page.getByRole("table", { name: "Affected devices" }).locator("tbody tr"), all.total);
    await shot(phone.page, "recall-phone");
    expect(errors).to.deep.equal([]);
  });

  it("renders a serial and a lot number made of <, >, \", ' and & as text, never as markup", async function () {
    const { page, errors } = await f.page();
    await page.addInitScript(() => {
      (window as unknown as { xss: () => void; hit: boolean }).hit = false;
      (window as unknown as { xss: () => void }).xss = () => ((window as unknown as { hit: boolean }).hit = true);
    });
    await page.goto(`${f.url}/#token=${f.tokens.reader}`);
    await page.getByLabel(/Find a device/).fill(`01${GTIN14}21${HOSTILE_SERIAL}`); // raw: the serial has ( )
    await page.getByLabel(/Find a device/).press("Enter");
    const verdict = page.locator(".verdict");
    await verdict.waitFor();
    const check = (await api(`/check/${encodeURIComponent(`01${GTIN14}21${HOSTILE_SERIAL}`)}`, f.tokens.reader)).body;
    expect(check.udi).to.contain("<svg/onload=xss");
    expect(await page.locator(".verdict-udi").textContent()).to.equal(check.udi); // as text, escapes and all
    const lotLink = page.locator(".facts").getByRole("link", { name: HOSTILE_LOT });
    expect(await lotLink.textContent()).to.equal(HOSTILE_LOT);
    await page.getByRole("list", { name: "Device history" }).locator("li").first().waitFor();
    await shot(page, "device-hostile-serial-desktop");
    await lotLink.click();
    await page.getByRole("heading", { level: 1 }).filter({ hasText: HOSTILE_LOT }).waitFor();
    expect(await page.getByRole("table", { name: "Devices of the lot" }).textContent()).to.contain(check.udi);
    expect(await page.locator("main svg[onload], main b, main img").count()).to.equal(0);
    expect(await page.evaluate(() => (window as unknown as { hit: boolean }).hit)).to.equal(false);
    expect(errors).to.deep.equal([]);
  });

  it("organisation page: inventory by status and product, shipments in and out, alerts; paged by the service", async function () {
    const gln = gln13(GLN.distributor);
    const summary = (await api(`/organisations/${gln}`, f.tokens.reader)).body;
    const shipments = (await api(`/organisations/${gln}/shipments`, f.tokens.reader)).body;
    const { page, errors } = await open(`/organisations/${gln}`, f.tokens.reader);
    await page.getByRole("heading", { name: "Northern Medical Supply" }).waitFor();
    expect(await page.locator("#inventory-h").textContent()).to.equal(`Inventory: ${summary.inventory.total} devices`);
    const products = page.getByRole("table", { name: "Inventory by product" }).locator("tbody tr");
    await countIs(products, summary.inventory.byProduct.length);
    const byStatus = page.getByRole("table", { name: "Shipments by status" });
    for (const [direction, label] of [
      ["in", "In (received by it)"],
      ["out", "Out (sent by it)"],
    ]) {
      const cells = await byStatus.getByRole("row", { name: label }).locator("td").allTextContents();
      const want = ["InTransit", "Received", "Rejected", "Cancelled"].map((k) =>
        String(summary.shipments[direction][k] ?? 0),
      );
      expect(cells, direction).to.deep.equal(want);
    }
    const rows = page.getByRole("table", { name: "Shipments", exact: true }).locator("tbody tr");
    await countIs(rows, shipments.total);
    await page.getByRole("combobox", { name: "Direction" }).selectOption("in");
    const incoming = shipments.items.filter((x: { direction: string }) => x.direction === "in");
    await countIs(rows, incoming.length);
    expect(await rows.locator("td:first-child").allTextContents()).to.deep.equal(
      incoming.map((x: { shipmentId: number }) => `Shipment ${x.shipmentId}`),
    );
    expect(await page.locator("#alerts-h").textContent()).to.equal(`Alerts (${summary.alerts})`);
    await shot(page, "organisation-desktop");
    expect(errors).to.deep.equal([]);
  });

  it("a token bound to one GLN sees its own inventory and is refused another organisation's", async function () {
    const own = await open(`/organisations/${gln13(GLN.hospital)}`, f.tokens.hospital);
    await own.page.getByRole("heading", { name: "St. Mary's Hospital" }).waitFor();
    await countIs(own.page.getByRole("table", { name: "Devices held" }).locator("tbody tr"), 1);
    const other = await open(`/organisations/${gln13(GLN.distributor)}`, f.tokens.hospital);
    const alert = other.page.getByRole("alert");
    await seen(alert, `this token sees the inventory of GLN ${gln13(GLN.hospital)} only`);
    expect(await other.page.locator("main").textContent()).not.to.contain("Northern Medical Supply");
  });

  it("ledger page and badge: replay verified at the indexed block with an admin token", async function () {
    const health = (await api("/health", f.tokens.admin)).body;
    const { page } = await open("/ledger");
    const badge = page.locator(".badge");
    await seen(badge, `replay verified at block ${health.asOf.blockNumber}`);
    await countIs(page.getByRole("table", { name: "Ledger heads" }).locator("tbody tr"), 6);
    await shot(page, "ledger-desktop");
    const reader = await open("/ledger", f.tokens.reader);
    await seen(reader.page.locator(".badge"), "not replay-verified (needs an admin token)");
  });
});
