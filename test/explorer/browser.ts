import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";

export const SCREENSHOTS = join(__dirname, "..", "..", "reports", "screenshots");
export const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

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

export const launchChromium = (): Promise<Browser> => chromium.launch(CHROMIUM);

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

/** Waits until the locator's text holds `text` (pages fill in as their requests answer); says what the page shows. */
export async function seen(locator: Locator, text: string | RegExp): Promise<void> {
  try {
    await locator.filter({ hasText: text }).first().waitFor();
  } catch (error) {
    const shown = await locator.page().locator("body").innerText();
    throw new Error(`${(error as Error).message}\n${locator.page().url()} shows:\n${shown}`, { cause: error });
  }
}

/** A full-page screenshot under reports/screenshots, once the page's requests have settled. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** What the browser tests do with a served explorer: its JSON, new pages, logged-in pages. */
export function explorerSite(url: string, browser: Browser, defaultToken: () => string) {
  /** A new page (its own browser context: its own sessionStorage) with a console and error log. */
  const page = async (viewport = DESKTOP) => {
    const context = await browser.newContext({ viewport });
    const p = await context.newPage();
    const errors: string[] = [];
    p.on("pageerror", (e) => errors.push(e.message));
    // The browser logs every refused request; a 403 from /verify (a token without the admin scope) is expected.
    p.on("console", (m) => {
      if (m.type() === "error" && !/status of 403/.test(m.text())) errors.push(m.text());
    });
    return { page: p, errors };
  };
  return {
    page,
    /** The service's JSON answer to `path` with `token`. */
    async api(path: string, token: string) {
      const r = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
      return { status: r.status, body: await r.json() };
    },
    /** A logged-in page (through the `#token=` link) at `path`. */
    async open(path: string, token = defaultToken(), viewport?: { width: number; height: number }) {
      const opened = await page(viewport);
      await opened.page.goto(`${url}/#token=${token}`);
      await opened.page.getByRole("link", { name: "Recalls" }).waitFor();
      await opened.page.goto(url + path);
      return opened;
    },
  };
}

/** Nothing cut at the right edge of a phone: the page does not scroll sideways (wide tables scroll in their box). */
export async function fitsSideways(page: Page, selector = "html"): Promise<void> {
  const w = await page.locator(selector).evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
  if (w.scroll > w.client) throw new Error(`${page.url()}: ${selector} is ${w.scroll} px wide in ${w.client} px`);
}

/** Clicks the page's "Download CSV" button and returns the downloaded file's lines. */
export async function downloadedCsv(page: Page): Promise<string[]> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: /Download CSV/ }).click(),
  ]);
  return readFileSync((await download.path())!, "utf8")
    .trim()
    .split("\r\n");
}
