// Frame time of the shot viewer's 3D space-time view at d = 11, r = 33, p = 0.01 with the
// parallel-window decoder (about 4,000 detectors and 20,000 graph edges), in headless Chromium
// (WebGL2 through SwiftShader, so on the CPU). It orbits the camera programmatically, one step
// per animation frame, for about 3 s and reports the 95th-percentile time between frames
// (target < 50 ms) and the renderer's own time per frame. It prints; it asserts nothing.
//
//   node scripts/bench-spacetime.mjs [--seconds 3] [--distance 11] [--rounds 33] [--width 1280 --height 800]

import { parseArgs } from "node:util";
import { launchBrowser, openPage, startServer } from "../tests/e2e/harness.mjs";
import { shotData } from "../tests/e2e/shot-data.mjs";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "3" },
    distance: { type: "string", default: "11" },
    rounds: { type: "string", default: "33" },
    p: { type: "string", default: "0.01" },
    decoder: { type: "string", default: "parallel-window" },
    width: { type: "string", default: "1280" },
    height: { type: "string", default: "800" },
  },
});

const flags = {
  distance: values.distance,
  rounds: values.rounds,
  p: values.p,
  decoder: values.decoder,
};
if (values.decoder !== "global") flags["window-workers"] = 2;
const { geometry, explanation } = shotData(flags);
console.log(
  `space-time view d=${geometry.distance} r=${geometry.rounds} p=${values.p} ${values.decoder}: ` +
    `${geometry.detectors.length} detectors, ${geometry.edges.length} edges, ` +
    `${explanation.detection_events.length} defects, ${(explanation.windows ?? []).length} windows`,
);

const server = await startServer();
const browser = await launchBrowser();
try {
  const viewport = { width: Number(values.width), height: Number(values.height) };
  const { page, problems } = await openPage(
    browser.context,
    `${server.url}app/viewer/spacetime-bench.html`,
    viewport,
  );
  const result = await page.evaluate(
    async ([geometry, explanation, seconds]) => {
      const { view, load } = window.spacetimeBench;
      const built = performance.now();
      await load(geometry, explanation, { layer: Math.floor(geometry.num_layers / 2) });
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const buildMs = performance.now() - built;
      view.resetFrameStats();
      const end = performance.now() + 1000 * seconds;
      const frames = [];
      let last = 0;
      await new Promise((resolve) => {
        const tick = (now) => {
          if (last) frames.push(now - last);
          last = now;
          if (now > end) return resolve();
          view.orbit(0.02); // requests the next frame through the controls' change event
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      const sorted = [...frames].sort((a, b) => a - b);
      const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
      const container = document.querySelector('[data-testid="shot-view-3d"]');
      return {
        mode: view.mode,
        buildMs,
        frames: frames.length,
        p50: at(0.5),
        p95: at(0.95),
        max: sorted[sorted.length - 1],
        view: view.frameStats(),
        datasetFrameMs: container.dataset.frameMs,
        renderer: (() => {
          const gl = document.createElement("canvas").getContext("webgl2");
          const info = gl?.getExtension("WEBGL_debug_renderer_info");
          return info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : "unknown";
        })(),
      };
    },
    [geometry, explanation, Number(values.seconds)],
  );
  console.log(
    `mode ${result.mode}, renderer ${result.renderer}, viewport ${values.width}x${values.height}`,
  );
  console.log(`build (setGeometry + show + first frames): ${result.buildMs.toFixed(0)} ms`);
  console.log(
    `orbit ${values.seconds} s: ${result.frames} frames, frame time p50 ${result.p50.toFixed(1)} ms, ` +
      `p95 ${result.p95.toFixed(1)} ms (target < 50), max ${result.max.toFixed(1)} ms`,
  );
  console.log(
    `view's own rolling stats: p95 ${result.view?.p95?.toFixed(1)} ms between frames, ` +
      `renderer.render() call p95 ${result.view?.renderCallP95?.toFixed(1)} ms; data-frame-ms=${result.datasetFrameMs}`,
  );
  if (problems.length) console.log(`page problems:\n  ${problems.join("\n  ")}`);
  await page.close();
} finally {
  await browser.close();
  server.close();
}
