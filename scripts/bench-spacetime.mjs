// Frame time of the shot viewer's 3D space-time view at d = 11, r = 33, p = 0.01 with the
// parallel-window decoder (about 4,000 detectors and 20,000 graph edges), in headless Chromium
// (WebGL2 through SwiftShader, so on the CPU). It orbits the camera programmatically, one step
// per animation frame: 1 s to let the view adapt (on a software renderer it thins the faint
// graph edges and lowers the resolution while the camera moves), then about 3 s measured, and
// reports the 95th-percentile time between frames (target < 50 ms), with an empty WebGL canvas
// of the same size as the machine's floor at that moment (the machine is shared). It prints;
// it asserts nothing.
//
//   node scripts/bench-spacetime.mjs [--seconds 3] [--distance 11] [--rounds 33] [--p 0.01]
//     [--decoder parallel-window] [--width 1280 --height 800] [--screenshot file.png]

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
    screenshot: { type: "string" },
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
      const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const built = performance.now();
      await load(geometry, explanation, { layer: Math.floor(geometry.num_layers / 2) });
      await nextFrame();
      await nextFrame();
      const buildMs = performance.now() - built;
      // Orbits for `ms`, one step per animation frame; returns the times between frames.
      const orbit = async (ms) => {
        const frames = [];
        const end = performance.now() + ms;
        let last = await nextFrame();
        while (last < end) {
          view.orbit(0.02); // the controls' change event requests the next frame
          const now = await nextFrame();
          frames.push(now - last);
          last = now;
        }
        return frames;
      };
      const stats = (frames) => {
        const sorted = [...frames].sort((a, b) => a - b);
        const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
        return { frames: frames.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) };
      };
      const warmup = stats(await orbit(1000));
      view.resetFrameStats();
      const measured = stats(await orbit(1000 * seconds));
      const container = document.querySelector('[data-testid="shot-view-3d"]');
      const viewStats = view.frameStats();
      // The same machine's floor at the same moment: an empty WebGL canvas of the same size.
      const canvas = document.createElement("canvas");
      canvas.className = "bench-floor";
      canvas.width = container.clientWidth;
      canvas.height = container.clientHeight;
      document.body.append(canvas);
      const gl = canvas.getContext("webgl2");
      const empty = [];
      let last = await nextFrame();
      for (let k = 0; k < 90; k++) {
        gl.clearColor(k % 2, 0, 0, 1);
        gl.clear(gl.COLOR_BUFFER_BIT);
        const now = await nextFrame();
        empty.push(now - last);
        last = now;
      }
      const info = gl.getExtension("WEBGL_debug_renderer_info");
      return {
        mode: view.mode,
        buildMs,
        warmup,
        measured,
        empty: stats(empty),
        view: viewStats,
        datasetFrameMs: container.dataset.frameMs,
        size: `${container.clientWidth}x${container.clientHeight}`,
        renderer: info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : "unknown",
      };
    },
    [geometry, explanation, Number(values.seconds)],
  );
  const ms = (value) => `${value.toFixed(1)} ms`;
  const line = ({ frames, p50, p95, max }) =>
    `${frames} frames, p50 ${ms(p50)}, p95 ${ms(p95)}, max ${ms(max)}`;
  console.log(`mode ${result.mode}, canvas ${result.size} CSS px, ${result.renderer}`);
  console.log(`build (setGeometry + show + two frames): ${result.buildMs.toFixed(0)} ms`);
  if (result.mode === "3d") {
    console.log(`orbit, first 1 s (the view adapts to the renderer): ${line(result.warmup)}`);
    console.log(
      `orbit, next ${values.seconds} s: ${line(result.measured)}  <- frame time p95 (target < 50 ms)`,
    );
    const view = result.view;
    console.log(
      `  view: data-frame-ms=${result.datasetFrameMs}, renderer.render() call p95 ${ms(view.renderCallP95)}, ` +
        `interactive pixel ratio ${view.interactiveRatio.toFixed(2)} of ${view.fullRatio}, ` +
        `graph edges drawn while orbiting ${Math.min(view.interactiveEdges, view.edges)} of ${view.edges}` +
        (view.software ? " (software renderer)" : ""),
    );
  } else {
    console.log("the view chose the 2D strip (narrow or no WebGL): no 3D frame time to measure");
  }
  console.log(`empty WebGL canvas of the same size, same moment: ${line(result.empty)}`);
  if (values.screenshot) {
    await page.evaluate(() => document.querySelector("canvas.bench-floor")?.remove());
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 400)));
    await page.screenshot({ path: values.screenshot });
    console.log(`screenshot: ${values.screenshot}`);
  }
  if (problems.length) console.log(`page problems:\n  ${problems.join("\n  ")}`);
  await page.close();
} finally {
  await browser.close();
  server.close();
}
