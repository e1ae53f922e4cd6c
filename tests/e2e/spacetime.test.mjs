// The shot viewer's space-time view on its own page (www/app/viewer/spacetime-bench.html): it
// builds in 3D for a global and a parallel-window shot at d = 5 with the decoder's step count,
// steps through the windows, falls back to the 2D strip at phone width, and raises no page
// errors. Screenshots go to tests/e2e/screenshots/ (look at them).

import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { contentSecurityPolicy } from "../../scripts/headers.mjs";
import { launchBrowser, openPage, root, startServer, testId } from "./harness.mjs";
import { shotData } from "./shot-data.mjs";
import { SpaceTimeModel, decodeSteps, stepContent } from "../../www/app/viewer/spacetime-model.js";

const screenshots = join(root, "tests/e2e/screenshots");
const memory = { distance: 5, rounds: 15, p: 0.01 };
const windowed = { "commit-rounds": 5, "buffer-rounds": 3, "window-workers": 2 };
let server;
let browser;
let global;
let parallel;

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  global = shotData({ ...memory, decoder: "global" }, 3);
  parallel = shotData({ ...memory, decoder: "parallel-window", ...windowed }, 3);
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

const page = (viewport) =>
  openPage(browser.context, `${server.url}app/viewer/spacetime-bench.html`, viewport);

/** Loads a shot into the page's view and returns {mode, steps, dataset}. */
const load = (target, { geometry, explanation }, options = {}) =>
  target.evaluate(
    async ([geometry, explanation, options]) => {
      const { view, load } = window.spacetimeBench;
      await load(geometry, explanation, options);
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const container = document.querySelector('[data-testid="shot-view-3d"]');
      return { mode: view.mode, steps: view.steps, dataset: { ...container.dataset } };
    },
    [geometry, explanation, options],
  );

test("decode steps and replay content for every decoder (the model, without a browser)", () => {
  for (const decoder of ["sliding", "independent-windows"]) {
    const { geometry, explanation } = shotData({ ...memory, decoder, ...windowed }, 3);
    const steps = decodeSteps(explanation);
    assert.equal(steps.length, explanation.windows.length, decoder);
    const model = new SpaceTimeModel(geometry);
    const first = stepContent(model, explanation, steps, 0);
    assert.deepEqual(
      first.windows.map((w) => w.status),
      explanation.windows.map((_, i) => (i === 0 ? "current" : "pending")),
    );
    assert.equal(first.edges.length, explanation.windows[0].path_edges.length);
  }
  const model = new SpaceTimeModel(parallel.geometry);
  const steps = decodeSteps(parallel.explanation);
  assert.deepEqual(
    steps.map((step) => step.map((i) => parallel.explanation.windows[i].layer)),
    [
      parallel.explanation.windows.filter((w) => w.layer === "A").map(() => "A"),
      parallel.explanation.windows.filter((w) => w.layer === "B").map(() => "B"),
    ],
  );
  const all = stepContent(model, parallel.explanation, steps, -1);
  assert.equal(all.edges.length, parallel.explanation.path_edges.length);
  assert.equal(decodeSteps(global.explanation).length, 1);
  // Boundary stubs point out of the patch, never along time.
  for (let i = 0; i < parallel.geometry.detectors.length; i++)
    assert.equal(model.boundaryDirection[3 * i + 1], 0);
});

test("3D for a global and a parallel-window shot at d = 5, with the decode steps", async () => {
  const { page: desktop, problems } = await page({ width: 1280, height: 800 });
  const globalView = await load(desktop, global, { layer: 4 });
  assert.equal(globalView.mode, "3d");
  assert.equal(globalView.dataset.mode, "3d");
  assert.equal(globalView.steps, 1);
  assert.equal(await desktop.locator(`${testId("shot-view-3d")} canvas`).count(), 1);
  await desktop.screenshot({ path: join(screenshots, "spacetime-global-1280x800.png") });

  const parallelView = await load(desktop, parallel, { layer: 4 });
  assert.equal(parallelView.mode, "3d");
  assert.equal(parallelView.steps, 2);
  await desktop.screenshot({ path: join(screenshots, "spacetime-parallel-1280x800.png") });
  for (const step of [0, 1]) {
    await desktop.click("#step-next");
    assert.equal(await desktop.getAttribute(testId("shot-view-3d"), "data-step"), String(step));
    assert.match(await desktop.textContent(testId("shot-view-step")), /on thread \d/);
    await desktop.screenshot({
      path: join(screenshots, `spacetime-parallel-step${step + 1}-1280x800.png`),
    });
  }

  // The viewer's layer slider: the same shot at another layer moves the lattice's plane.
  const layerLabel = await desktop.evaluate(() => {
    const { view } = window.spacetimeBench;
    view.show(window.spacetimeBench.explanation(), { layer: 7, step: 1 });
    return new Promise((resolve) =>
      requestAnimationFrame(() =>
        resolve(
          [...document.querySelectorAll(".st-label")]
            .map((label) => label.textContent)
            .filter((text) => text.includes("lattice")),
        ),
      ),
    );
  });
  assert.deepEqual(layerLabel, ["t=7 lattice"]);

  // Pointing at a detector names it.
  const canvas = await desktop.locator(`${testId("shot-view-3d")} canvas`).boundingBox();
  let tip = null;
  for (let k = 0; k < 40 && !tip; k++) {
    const x = canvas.x + canvas.width * (0.45 + 0.01 * (k % 10));
    const y = canvas.y + canvas.height * (0.3 + 0.1 * Math.floor(k / 10));
    await desktop.mouse.move(x, y);
    await desktop.waitForTimeout(30);
    tip = await desktop.evaluate(() => {
      const element = document.querySelector(".st-tip");
      return element.hidden ? null : element.textContent;
    });
  }
  assert.match(tip ?? "", /^detector \d+ · [XZ] stabilizer \(x \d+, y \d+, t \d+\)/);

  // Dragging orbits the camera; orbiting reports the frame time.
  const box = await desktop.locator(`${testId("shot-view-3d")} canvas`).boundingBox();
  await desktop.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await desktop.mouse.down();
  for (let k = 1; k <= 20; k++)
    await desktop.mouse.move(box.x + box.width * 0.6 + 8 * k, box.y + box.height / 2 + k);
  await desktop.mouse.up();
  // Playwright's mouse moves come slower than frames; a steady orbit, one step per frame, is
  // what the view measures as frame time.
  await desktop.evaluate(async () => {
    for (let k = 0; k < 30; k++) {
      window.spacetimeBench.view.orbit(0.02);
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  });
  await desktop.waitForFunction(
    () => document.querySelector('[data-testid="shot-view-3d"]').dataset.frameMs !== undefined,
  );
  // Rendering is on demand: once the full-quality frame after the orbit is drawn, an idle
  // view draws nothing.
  const idleFrames = await desktop.evaluate(async () => {
    const { view } = window.spacetimeBench;
    const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    await wait(600);
    const before = view.frameStats().rendered;
    await wait(1000);
    return view.frameStats().rendered - before;
  });
  assert.equal(idleFrames, 0);
  // Narrowing the page below 500 px switches to the strip and widening it back to 3D; a lost
  // WebGL context falls back to the strip; dispose() leaves the container empty.
  await desktop.setViewportSize({ width: 420, height: 800 });
  await desktop.waitForSelector(`${testId("shot-view-3d")}[data-mode="2d"] svg.st-strip`);
  await desktop.setViewportSize({ width: 1280, height: 800 });
  await desktop.waitForSelector(`${testId("shot-view-3d")}[data-mode="3d"] canvas`);
  await desktop.evaluate(() =>
    document
      .querySelector('[data-testid="shot-view-3d"] canvas')
      .getContext("webgl2")
      .getExtension("WEBGL_lose_context")
      .loseContext(),
  );
  await desktop.waitForSelector(`${testId("shot-view-3d")}[data-mode="2d"] svg.st-strip`);
  const left = await desktop.evaluate(() => {
    window.spacetimeBench.view.dispose();
    return document.querySelector('[data-testid="shot-view-3d"]').childElementCount;
  });
  assert.equal(left, 0);
  assert.deepEqual(problems, []);
  await desktop.close();
});

test("2D time strip at 390 px wide, with the same steps", async () => {
  const { page: phone, problems } = await page({ width: 390, height: 844 });
  const view = await load(phone, parallel, { layer: 4 });
  assert.equal(view.mode, "2d");
  assert.equal(view.dataset.mode, "2d");
  assert.equal(view.steps, 2);
  assert.equal(await phone.locator(`${testId("shot-view-3d")} svg.st-strip`).count(), 1);
  assert.equal(await phone.locator(`${testId("shot-view-3d")} canvas`).count(), 0);
  await phone.screenshot({ path: join(screenshots, "spacetime-parallel-390x844.png") });
  await phone.click("#step-next");
  await phone.screenshot({
    path: join(screenshots, "spacetime-parallel-step1-390x844.png"),
    fullPage: true,
  });
  assert.deepEqual(problems, []);
  await phone.close();
});

test("under the page's strict Content-Security-Policy, 3D and 2D build without a violation", async () => {
  // scripts/headers.mjs's policy, which the server sends; set here on every response as well, so
  // the test holds whatever server serves the page.
  const policy = contentSecurityPolicy;
  const addPolicy = async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers(), "content-security-policy": policy };
    await route.fulfill({ response, headers });
  };
  await browser.context.route("**/*", addPolicy);
  try {
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
    ]) {
      const { page: strict, problems } = await page(viewport);
      const view = await load(strict, parallel, { layer: 2, step: 0 });
      assert.equal(view.mode, viewport.width < 500 ? "2d" : "3d");
      assert.deepEqual(problems, []);
      await strict.close();
    }
  } finally {
    await browser.context.unroute("**/*", addPolicy);
  }
});
