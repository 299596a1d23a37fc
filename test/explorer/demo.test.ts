import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { percent, verdictWords } from "../../explorer/src/format";
import { readManifest } from "../../src/manifest";
import { organisationNames } from "../../src/serve/organisations";
import { startService, type Service } from "../../src/serve/server";
import { addToken } from "../../src/serve/tokens";
import { udiLedger } from "../../scripts/demo/audit";
import { startLocalChain, type DemoChain } from "../../scripts/demo/chain";
import { DEMO_ORGANISATIONS } from "../../scripts/demo/consortium";
import { deployDemo } from "../../scripts/demo/deploy";
import { runStory } from "../../scripts/demo/story";
import { countIs, downloadedCsv, explorerSite, launchChromium, PHONE, seen, shot } from "./browser";

/**
 * The explorer against `serve` on the demo's database (the story of `npm run demo`, 60 devices): what the test
 * scenario is too small to show (a recall whose affected devices fill more than one page), and the demo's own
 * recall and devices. The other end-to-end checks (each UDI syntax, the proof disclosure, the GLN-bound token) run on
 * the test scenario (explorer.test.ts, pages.test.ts).
 */
describe("the audit explorer on the demo's database", function () {
  this.timeout(900_000);
  let out: string;
  let chain: DemoChain;
  let service: Service;
  let browser: Browser;
  let site: ReturnType<typeof explorerSite>;
  let recallId: string;
  let reader: string;

  before(async function () {
    out = mkdtempSync(join(tmpdir(), "udi-explorer-demo-"));
    chain = await startLocalChain();
    const manifestPath = await deployDemo(chain, out);
    const manifest = readManifest(manifestPath);
    const story = await runStory(manifest, chain.accounts, 60, () => undefined, out);
    recallId = String(story.recallId);
    const dbPath = join(out, "audit.sqlite");
    await udiLedger(["index", "--rpc", chain.url, "--deployment", manifestPath, "--db", dbPath]);
    const tokensPath = join(out, "tokens.json");
    reader = addToken(tokensPath, { scopes: ["read"] }).token;
    service = await startService({
      rpcUrl: chain.url,
      manifest,
      dbPath,
      tokensPath,
      organisations: organisationNames(new Map(DEMO_ORGANISATIONS.map((o) => [o.gln, o.name]))),
      rateLimitPerMinute: false,
    });
    browser = await launchChromium();
    site = explorerSite(service.url, browser, () => reader);
  });
  after(async () => {
    await browser?.close();
    await service?.close();
    await chain?.stop();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("recall dashboard: figures equal GET /recalls/{id}; every affected device, page by page, and in the CSV", async function () {
    const report = (await site.api(`/recalls/${recallId}`, reader)).body;
    const all = (await site.api(`/recalls/${recallId}/devices?perPage=1000`, reader)).body;
    expect(all.total).to.be.greaterThan(20); // more than one page of the explorer's 20
    const { page, errors } = await site.open(`/recalls/${recallId}`);
    await seen(page.locator("#fig-disp"), percent(report.effectiveness.dispositionedDevices));
    expect(await page.locator("#fig-disp").textContent()).to.contain(
      `${report.summary.dispositionedDevices} of ${report.summary.affectedDevices}`,
    );
    expect(await page.locator("#fig-ack").textContent()).to.contain(
      `${report.summary.acknowledged} of ${report.summary.consignees}`,
    );
    expect(await page.locator("main").textContent()).to.contain("Acme Medical"); // the issuer
    const table = page.getByRole("table", { name: "Affected devices" });
    const next = page.getByRole("navigation", { name: "Affected devices pages" }).getByRole("button", { name: "Next" });
    const udis: string[] = [];
    for (;;) {
      await countIs(table.locator("tbody tr"), Math.min(20, all.total - udis.length));
      await seen(page.locator(".pager"), `Rows ${udis.length + 1}–`);
      udis.push(...(await table.locator("tbody tr td:first-child").allTextContents()));
      if (await next.isDisabled()) break;
      await next.click();
    }
    expect(udis).to.deep.equal(all.items.map((d: { udi: string }) => d.udi));
    await shot(page, "demo-recall-desktop");
    const csv = await downloadedCsv(page);
    expect(csv.slice(1).map((l) => l.split(",")[1])).to.deep.equal(udis);
    expect(errors).to.deep.equal([]);
  });

  it("a device of the recall by its Digital Link: the verdict of GET /check, the recall in its history", async function () {
    const { items } = (await site.api(`/recalls/${recallId}/devices?perPage=1`, reader)).body;
    const [, gtin, serial] = /^\(01\)(\d{14})\(21\)(.+)$/.exec(items[0].udi)!;
    const check = (await site.api(`/check/${encodeURIComponent(items[0].udi)}`, reader)).body;
    const { page, errors } = await site.open(`/01/${gtin}/21/${encodeURIComponent(serial)}`, reader, PHONE);
    await seen(page.locator(".verdict h1"), verdictWords(check).headline);
    const history = page.getByRole("list", { name: "Device history" });
    await seen(history, `Recall ${recallId} issued`);
    await shot(page, "demo-device-phone");
    expect(errors).to.deep.equal([]);
  });
});
