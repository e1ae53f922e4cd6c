// A page with nothing but the space-time view, for scripts/bench-spacetime.mjs,
// tests/e2e/spacetime.test.mjs and as a demo: pick the JSON of `surfacelab shot --geometry`
// and `surfacelab shot --json` (same flags) and step through the decode. Scripts drive it
// through window.spacetimeBench.

import { SpaceTimeView } from "./spacetime.js";

const container = document.getElementById("view");
const view = new SpaceTimeView(container);
let geometry = null;
let explanation = null;

function update() {
  const status = document.getElementById("step-status");
  status.textContent =
    view.step < 0 ? `all (${view.steps} steps)` : `step ${view.step + 1} of ${view.steps}`;
}

function load(nextGeometry, nextExplanation, options = {}) {
  if (nextGeometry) {
    geometry = nextGeometry;
    view.setGeometry(geometry);
  }
  if (nextExplanation) {
    explanation = nextExplanation;
    if (geometry) view.show(explanation, options);
  }
  update();
  return view.ready;
}

async function readJson(input) {
  const file = input.files?.[0];
  return file ? JSON.parse(await file.text()) : null;
}

document.getElementById("geometry-file").addEventListener("change", async (event) => {
  await load(await readJson(event.target), null);
  if (explanation) view.show(explanation);
});
document
  .getElementById("shot-file")
  .addEventListener("change", async (event) => load(null, await readJson(event.target)));
document.getElementById("step-prev").addEventListener("click", () => {
  view.stepTo(view.step < 0 ? view.steps - 1 : Math.max(0, view.step - 1));
  update();
});
document.getElementById("step-next").addEventListener("click", () => {
  view.stepTo(view.step < 0 ? 0 : view.step + 1 < view.steps ? view.step + 1 : -1);
  update();
});
document.getElementById("step-all").addEventListener("click", () => {
  view.stepTo(-1);
  update();
});

window.spacetimeBench = { view, load, SpaceTimeView, explanation: () => explanation };
view.ready.then(() => (document.body.dataset.ready = "1"));
