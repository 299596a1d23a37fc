/**
 * `npm run bench:explorer` (after `npm run build`): the explorer's two measures, written to reports/explorer.json.
 * - initialBundleGzipKB: what the first page loads (the scripts, module preloads and styles index.html names),
 *   gzipped at zlib's default level as a server would send it; chunks loaded later (the receipt check) are left out.
 * - devicePageMs: the median over NAVIGATIONS page loads, in headless chromium, of the time from the navigation's
 *   start to the device page showing the verdict and all 100 entries of its history (the Performance API's clock,
 *   read in the page when the 100th entry appears), for a device with 100 events on the test scenario's chain.
 * Targets (issue 20): ≤ 250 kB and ≤ 1,000 ms.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { deviceId } from "../src/contracts/ids";
import { DAY, GTIN, sscc } from "../test/fixtures";
import { send } from "../test/indexer/helpers/consortium";
import { explorerFixture, GTIN14 } from "../test/explorer/helpers";

const ROOT = join(__dirname, "..");
const DIST = join(ROOT, "dist", "explorer");
const SERIAL = "SN-BENCH-100";
const EVENTS = 100;
const NAVIGATIONS = 9;

/** The gzipped size of the files index.html makes the browser load at once. */
function initialBundleGzipKB(): number {
  const html = readFileSync(join(DIST, "index.html"), "utf8");
  const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  if (!assets.some((a) => a.endsWith(".js"))) throw new Error(`${DIST}/index.html names no script: build first`);
  const bytes = assets.reduce((n, a) => n + gzipSync(readFileSync(join(DIST, a))).length, 0);
  return Math.round((bytes / 1024) * 10) / 10;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const bundle = initialBundleGzipKB();
  // A lot of its own, commissioned, then packed and unpacked 49 times: 100 events in its history.
  const f = await explorerFixture("bench-explorer", async (scenario, m) => {
    const devices = scenario.fixture.devices.connect(m.manufacturer);
    const now = scenario.fixture.now;
    await send(devices.registerLot(GTIN, "LOT-BENCH", now - DAY, now + 365n * DAY));
    const lotKey = await devices.lotKeyOf(GTIN, "LOT-BENCH");
    const id = deviceId(GTIN, SERIAL);
    const box = sscc("30614141000000099");
    await send(devices.commission(lotKey, SERIAL));
    for (let i = 0; i < (EVENTS - 2) / 2; i++) {
      await send(devices.pack(box, [id]));
      await send(devices.unpack(box, [id]));
    }
  });
  try {
    const device = (await f.site.api(`/devices/${encodeURIComponent(`(01)${GTIN14}(21)${SERIAL}`)}`, f.tokens.reader))
      .body;
    if (device.events?.length !== EVENTS) throw new Error(`the bench device has ${device.events?.length} events`);
    const { page } = await f.site.open("/", f.tokens.reader);
    // In every page load: the time (since navigation start) at which the history first holds all its entries.
    await page.addInitScript((events: number) => {
      const seen = () => {
        const items = document.querySelectorAll('[aria-label="Device history"] > li').length;
        const verdict = document.querySelector(".verdict h1");
        if (items >= events && verdict) {
          (window as unknown as { shownAt: number }).shownAt = performance.now();
          observer.disconnect();
        }
      };
      const observer = new MutationObserver(seen);
      observer.observe(document, { childList: true, subtree: true });
    }, EVENTS);
    const times: number[] = [];
    for (let i = 0; i <= NAVIGATIONS; i++) {
      await page.goto(`${f.url}/01/${GTIN14}/21/${SERIAL}`);
      const shownAt = await page.waitForFunction(() => (window as unknown as { shownAt?: number }).shownAt);
      if (i > 0) times.push(Math.round((await shownAt.jsonValue()) as number)); // the first load warms the caches
    }
    const result = { initialBundleGzipKB: bundle, devicePageMs: median(times) };
    mkdirSync(join(ROOT, "reports"), { recursive: true });
    writeFileSync(join(ROOT, "reports", "explorer.json"), JSON.stringify(result, null, 2) + "\n");
    process.stdout.write(`${JSON.stringify({ ...result, devicePageMsEach: times, events: EVENTS })}\n`);
  } finally {
    await f.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
