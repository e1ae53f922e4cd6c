// The page's entry: loads the main thread's wasm module (the single-thread build: the main
// thread only validates, plans and schedules), reads the URL, and wires the panels together.
// window.surfacelab exposes the controller to tests and the console.

import init, * as wasm from "../pkg/st/surfacelab.js";
import { ExperimentForm } from "./form.js";
import { LiveView } from "./live.js";
import { ParallelismPanel } from "./parallelism.js";
import { threadsMode } from "./pool.js";
import { ResultsPanel } from "./results.js";
import { RunController } from "./runner.js";
import { isolateIfStaticHost } from "./static-host.js";
import { SweepPanel } from "./sweep.js";
import { randomSeed, readUrl, writeUrl } from "./url.js";

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

async function main() {
  const isolationProblem = await isolateIfStaticHost();
  await init();
  const mode = threadsMode();
  const hardwareThreads = Math.max(1, navigator.hardwareConcurrency || 1);
  const controller = new RunController(wasm);
  const results = new ResultsPanel(wasm);
  const live = new LiveView(controller);
  const status = byTestId("run-status");
  const message = document.getElementById("run-message");
  let keepRunInUrl = false;
  let plan = null;

  const form = new ExperimentForm(wasm, (values) => {
    keepRunInUrl = false;
    writeUrl(values);
    plan = parallelism.update(values);
    warmPool();
  });
  const parallelism = new ParallelismPanel(wasm, form, mode, isolationProblem);

  const { form: initial, run: runOnLoad } = readUrl(location.search, hardwareThreads);
  form.set(initial);
  keepRunInUrl = runOnLoad;
  writeUrl(form.values(), { run: keepRunInUrl });
  plan = parallelism.update(form.values());

  const showStatus = (text, note = "") => {
    status.textContent = text;
    status.dataset.status = text;
    message.textContent = note;
  };

  controller.subscribe((event, c) => {
    if (event === "status") {
      const running = c.status === "running";
      form.lock(running);
      byTestId("stop").disabled = !running;
      byTestId("sweep-run").disabled = running;
      let note = c.message;
      if (c.status === "stopped")
        note = note || "Stopped: each task keeps its longest finished prefix of blocks.";
      if (c.log.length) note = `${note} ${c.log.join("; ")}.`.trim();
      showStatus(c.status, note);
      if (running) live.started();
      else live.ended();
      results.setRunRows(c.rows());
    } else if (event === "batch") {
      scheduleResults();
    } else if (event === "crash") {
      message.textContent = c.log.at(-1) ?? "";
    }
  });

  let resultsTimer = null;
  const scheduleResults = () => {
    if (resultsTimer) return;
    resultsTimer = setTimeout(() => {
      resultsTimer = null;
      results.setRunRows(controller.rows());
    }, 500);
  };

  const start = () => {
    const values = form.values();
    const messages = form.check();
    if (Object.keys(messages).length) {
      showStatus("error", Object.values(messages)[0]);
      return;
    }
    // A worker waiting on its window threads is not busy; its a threads are, when used.
    const windowThreadsUsed = Boolean(plan && !plan.windowWorkersUnused);
    try {
      controller.start(values, { windowThreadsUsed });
      writeUrl(values, { run: keepRunInUrl });
    } catch (error) {
      showStatus("error", String(error?.message ?? error));
    }
  };

  byTestId("run")
    .closest("form")
    .addEventListener("submit", (event) => {
      event.preventDefault();
      start();
    });
  byTestId("stop").addEventListener("click", () => controller.stop());
  document.getElementById("new-seed").addEventListener("click", () => {
    form.inputs.seed.value = randomSeed();
    form.changed();
  });

  const sweep = new SweepPanel({
    main: controller,
    makeController: () => new RunController(wasm),
    wasm,
    hardwareThreads,
    getForm: () => form.values(),
    onBusy: (busy) => {
      form.lock(busy);
      byTestId("sweep-run").disabled = busy;
    },
  });

  // Start the workers ahead of Run (and again soon after a or b changed), so a run does not
  // wait for them; a rayon pool cannot be resized, so a new a means new workers.
  let warmTimer = null;
  function warmPool() {
    clearTimeout(warmTimer);
    warmTimer = setTimeout(() => {
      if (!form.valid || controller.status === "running" || sweep.running) return;
      const values = form.values();
      controller.ensurePool(Number(values["window-workers"]), Number(values.workers));
    }, 600);
  }
  warmPool();

  window.surfacelab = { controller, form, results, sweep, wasm, mode };
  document.body.dataset.ready = "1";

  if (runOnLoad) {
    if (form.valid) start();
    else showStatus("error", Object.values(form.check())[0] ?? "invalid parameter");
  }
}

main().catch((error) => {
  const status = byTestId("run-status");
  status.textContent = "error";
  document.getElementById("run-message").textContent =
    `The page could not start: ${error?.message ?? error}`;
  console.error(error);
});
