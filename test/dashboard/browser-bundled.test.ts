/**
 * The browser tests' fallback for machines without a system Chromium: the build shipped in the
 * @sparticuz/chromium npm package starts with its own libraries and runs a page's scripts.
 */
import { afterAll, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/chromium.ts";

let browser: Browser | undefined;
afterAll(() => browser?.close());

test("the npm package's Chromium renders a page and runs its script", async () => {
  browser = await launchChromium("bundled");
  const page = await browser.newPage();
  await page.setContent(
    '<p id="out"></p><script>document.getElementById("out").textContent = String(6 * 7)</script>',
  );
  expect(await page.textContent("#out")).toBe("42");
});
