// Offline: after a first visit the service worker (www/sw.js) holds the app shell and both wasm
// builds, so with the server stopped the page still loads, stays cross-origin isolated, and runs
// a task threaded to the CLI's counts. The page names the build it runs (`app-version`); a new
// build is fetched by the visit that finds it and runs from the next one.

import assert from "node:assert/strict";
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { writeBuildVersion } from "../../scripts/build-version.mjs";
import { cliCounts, pageCounts } from "./cli.mjs";
import { launchBrowser, openPage, root, startServer, testId, waitForRunEnd } from "./harness.mjs";

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
  assert.equal(await waitForRunEnd(page), "done");
  const flags = { distances: 3, p: 0.01, "max-shots": 2048, seed: 1, workers: 2 };
  assert.deepEqual(await pageCounts(page), cliCounts({ ...flags, "window-workers": 2 }));
  assert.deepEqual(problems, []);
  await page.close();
});

test("a new build is found on the next visit and runs from the one after", async () => {
  const copy = mkdtempSync(join(tmpdir(), "surfacelab-update-"));
  cpSync(join(root, "www"), copy, { recursive: true });
  const local = await startServer({ directory: copy });
  try {
    const first = writeBuildVersion(copy).version;
    const { page, problems } = await openPage(browser.context, local.url);
    const version = testId("app-version");
    await page.waitForSelector(`${version}[data-offline="1"]`, { timeout: 60_000 });
    assert.equal(await page.textContent(version), first);

    appendFileSync(join(copy, "style.css"), "\n/* a new build */\n");
    const second = writeBuildVersion(copy).version;
    assert.notEqual(second, first);
    await page.reload();
    await page.waitForSelector("body[data-ready='1']");
    assert.equal(await page.textContent(version), first, "this visit still runs the cached build");
    await page.waitForSelector(`${version}[data-update="${second}"]`, { timeout: 60_000 });

    await page.reload();
    await page.waitForSelector(`${version}[data-offline="1"]`, { timeout: 30_000 });
    assert.equal(await page.textContent(version), second);
    assert.equal(await page.getAttribute(version, "data-update"), null);
    const names = await page.evaluate(() => caches.keys());
    assert.deepEqual(names, [`surfacelab-${second}`]);
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    local.close();
    rmSync(copy, { recursive: true, force: true });
  }
});
