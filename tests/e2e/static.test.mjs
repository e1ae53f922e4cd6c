// `npm run build`'s dist/ on a host without the isolation headers: the page's service worker
// adds them, the page reloads once, and the threaded build runs.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launchBrowser, openPage, root, startServer, testId } from "./harness.mjs";

let server;
let browser;

before(async () => {
  execFileSync("bash", [join(root, "scripts/build-dist.sh")], { cwd: root, stdio: "ignore" });
  server = await startServer({ isolated: false, directory: join(root, "dist") });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

test("dist/ without headers becomes isolated through its service worker and runs threaded", async () => {
  const query = "?distances=3&p=0.005&max-shots=3000&seed=8&workers=2&window-workers=2&run=1";
  const { page, problems } = await openPage(browser.context, `${server.url}${query}`);
  await page.waitForFunction(() => crossOriginIsolated, null, { timeout: 30_000 });
  await page.waitForSelector("body[data-ready='1']");
  assert.equal(await page.textContent(testId("threads-mode")), "threaded");
  await page.waitForFunction(
    () => document.querySelector('[data-testid="run-status"]').textContent === "done",
    null,
    { timeout: 60_000 },
  );
  assert.equal(await page.getAttribute("tr[data-d]", "data-shots"), "3000");
  assert.deepEqual(problems, []);
  await page.close();
});
