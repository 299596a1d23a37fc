import { expect } from "chai";
import { GLN } from "../fixtures";
import { GS } from "../../src/gs1";
import { EXPLORER_CSP } from "../../src/serve/explorer";
import { countIs, seen, shot } from "./browser";
import { gln13, GTIN14, HOSTILE_LOT, HOSTILE_SERIAL, explorerSuite } from "./helpers";

describe("the audit explorer in headless chromium: access, search, untrusted text, the ledger", function () {
  this.timeout(180_000);
  const f = explorerSuite("explorer");

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
    const { page, errors } = await f.site.page();
    await page.goto(`${f.url}/recalls#token=${f.tokens.reader}`);
    await page.getByRole("table", { name: "Recalls" }).waitFor();
    expect(page.url()).to.equal(`${f.url}/recalls`);
    expect(await page.evaluate(() => sessionStorage.getItem("udi-ledger.token"))).to.equal(f.tokens.reader);
    expect(await page.evaluate(() => localStorage.length)).to.equal(0);
    expect(await page.context().cookies()).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });

  it("sends a refused token back to the login form with the reason; the form logs in", async function () {
    const { page } = await f.site.page();
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
      const { page, errors } = await f.site.open("/");
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
    const expected = (await f.site.api(`/check/${encodeURIComponent(bad)}`, f.tokens.reader)).body;
    expect(expected.status).to.equal(400);
    const { page } = await f.site.open("/");
    await page.getByLabel(/Find a device/).fill(bad);
    await page.getByRole("button", { name: "Find" }).click();
    const message = page.locator("#udi-error");
    await seen(message, expected.detail);
    expect(await message.textContent()).to.equal(expected.detail);
    expect(page.url()).to.equal(`${f.url}/`);
    expect(await page.getByLabel(/Find a device/).getAttribute("aria-invalid")).to.equal("true");
    await shot(page, "find-invalid-desktop");
  });

  it("renders a serial and a lot number made of <, >, \", ' and & as text, never as markup", async function () {
    const { page, errors } = await f.site.page();
    await page.addInitScript(() => {
      (window as unknown as { xss: () => void; hit: boolean }).hit = false;
      (window as unknown as { xss: () => void }).xss = () => ((window as unknown as { hit: boolean }).hit = true);
    });
    await page.goto(`${f.url}/#token=${f.tokens.reader}`);
    await page.getByLabel(/Find a device/).fill(`01${GTIN14}21${HOSTILE_SERIAL}`); // raw: the serial has ( )
    await page.getByLabel(/Find a device/).press("Enter");
    const verdict = page.locator(".verdict");
    await verdict.waitFor();
    const check = (await f.site.api(`/check/${encodeURIComponent(`01${GTIN14}21${HOSTILE_SERIAL}`)}`, f.tokens.reader))
      .body;
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

  it("a token bound to one GLN sees its own inventory and is refused another organisation's", async function () {
    const own = await f.site.open(`/organisations/${gln13(GLN.hospital)}`, f.tokens.hospital);
    await own.page.getByRole("heading", { name: "St. Mary's Hospital" }).waitFor();
    await countIs(own.page.getByRole("table", { name: "Devices held" }).locator("tbody tr"), 1);
    const other = await f.site.open(`/organisations/${gln13(GLN.distributor)}`, f.tokens.hospital);
    const alert = other.page.getByRole("alert");
    await seen(alert, `this token sees the inventory of GLN ${gln13(GLN.hospital)} only`);
    expect(await other.page.locator("main").textContent()).not.to.contain("Northern Medical Supply");
  });

  it("ledger page and badge: replay verified at the indexed block with an admin token", async function () {
    const health = (await f.site.api("/health", f.tokens.admin)).body;
    const { page } = await f.site.open("/ledger");
    const badge = page.locator(".badge");
    await seen(badge, `replay verified at block ${health.asOf.blockNumber}`);
    await countIs(page.getByRole("table", { name: "Ledger heads" }).locator("tbody tr"), 6);
    await shot(page, "ledger-desktop");
    const reader = await f.site.open("/ledger", f.tokens.reader);
    await seen(reader.page.locator(".badge"), "not replay-verified (needs an admin token)");
  });
});
