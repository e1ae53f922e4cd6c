// Offline: after a first visit the service worker (www/sw.js) holds the app shell and both wasm
// builds, so with the server stopped the page still loads, stays cross-origin isolated, and runs
// a task threaded to the CLI's counts. The page names the build it runs (`app-version`).

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { writeBuildVersion } from "../../scripts/build-version.mjs";
import { cliCounts, pageCounts } from "./cli.mjs";
import { launchBrowser, openPage, root, startServer, testId } from "./harness.mjs";

let server;
let browser;
let build;

before(async () => {
  // The file list as www/ is now (scripts/build-wasm.sh writes it too).
  build = writeBuildVersion(join(root, "www"));
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function serverGone(url) {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    try {
      await fetch(url);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} still answers`);
}

test("with the server stopped after the first visit, the page loads and runs a task", async () => {
  const { page, problems } = await openPage(browser.context, server.url);
  const version = page.locator(testId("app-version"));
  await page.waitForSelector(`${testId("app-version")}[data-offline="1"]`, { timeout: 60_000 });
  assert.equal(await version.getAttribute("data-version"), build.version);
  assert.equal(await version.textContent(), build.version);
  const cached = await page.evaluate(async (name) => {
    const cache = await caches.open(name);
    return (await cache.keys()).map((request) => new URL(request.url).pathname);
  }, `surfacelab-${build.version}`);
  for (const file of ["index.html", "pkg/mt/surfacelab_bg.wasm", "pkg/st/surfacelab_bg.wasm"]) {
    assert.ok(cached.includes(`/${file}`), `${file} is not cached`);
  }

  server.close();
  await serverGone(server.url);

  const query = "?distances=3&p=0.01&max-shots=2048&seed=1&workers=2&window-workers=2&run=1";
  await page.goto(`${server.url}${query}`);
  await page.waitForSelector("body[data-ready='1']", { timeout: 30_000 });
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  assert.equal(await page.textContent(testId("threads-mode")), "threaded");
  assert.equal(await version.textContent(), build.version);
  await page.waitForFunction(
    () =>
      !["idle", "running"].includes(
        document.querySelector('[data-testid="run-status"]').textContent,
      ),
    null,
    { timeout: 60_000 },
  );
  assert.equal(await page.textContent(testId("run-status")), "done");
  const flags = { distances: 3, p: 0.01, "max-shots": 2048, seed: 1, workers: 2 };
  assert.deepEqual(await pageCounts(page), cliCounts({ ...flags, "window-workers": 2 }));
  assert.deepEqual(problems, []);
  await page.close();
});
