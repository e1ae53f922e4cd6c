// The page's entry: loads the main thread's wasm module (the single-thread build: the main
// thread only validates, plans and schedules), reads the URL, and wires the panels together.
// window.surfacelab exposes the controller to tests and the console.

import init, * as wasm from "../pkg/st/surfacelab.js";
import { CircuitBox, OWN_CIRCUIT, readCircuitLink } from "./circuit-box.js";
import { ExperimentForm } from "./form.js";
import { LearnPanel } from "./learn.js";
import { LiveView } from "./live.js";
import { showVersion, startServiceWorker } from "./offline.js";
import { ParallelismPanel } from "./parallelism.js";
import { RealtimeView } from "./realtime/realtime-view.js";
import { threadsMode } from "./pool.js";
import { ResultsPanel } from "./results.js";
import { RunController } from "./runner.js";
import { SavedRunsPanel } from "./saved.js";
import { SweepPanel } from "./sweep.js";
import { randomSeed, readUrl, readView, setView, writeUrl } from "./url.js";
import { ShotViewerPanel } from "./viewer/viewer.js";

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

/** The memory each worker will need for the form's tasks (the core's estimate), or why not. */
function showMemory(values) {
  const line = document.getElementById("memory-estimate");
  let memory = null;
  try {
    memory = wasm.memoryFor(values);
  } catch {
    memory = null;
  }
  line.classList.toggle("refused", Boolean(memory?.refused));
  if (!memory) line.textContent = "";
  else if (memory.refused) line.textContent = `Refused: ${memory.refused}.`;
  else
    line.textContent = `Memory: each worker needs about ${memory.perWorker} (a worker has ${memory.limit}).`;
}

async function main() {
  const isolationProblem = await startServiceWorker();
  showVersion(byTestId("app-version"));
  await init();
  const mode = threadsMode();
  const hardwareThreads = Math.max(1, navigator.hardwareConcurrency || 1);
  const controller = new RunController(wasm);
  const results = new ResultsPanel(wasm);
  const live = new LiveView(controller);
  const status = byTestId("run-status");
  const message = document.getElementById("run-message");
  let keepRunInUrl = false;

  let learn = null;
  let viewer = null;
  let realtime = null;
  let circuitBox = null;
  const form = new ExperimentForm(wasm, (values) => {
    keepRunInUrl = false;
    writeUrl(values);
    circuitBox?.updateLink();
    viewer?.formChanged(values);
    parallelism.update(values);
    showMemory(values);
    learn?.refresh();
    warmPool();
  });
  const parallelism = new ParallelismPanel(wasm, form, mode, isolationProblem);
  circuitBox = new CircuitBox({ code: form.inputs.code, onChange: () => form.changed() });
  form.extras.push(circuitBox);

  const searchOnLoad = location.search;
  const { form: initial, run: runOnLoad } = readUrl(searchOnLoad, hardwareThreads);
  // A shared circuit (#circuit=) fills the circuit box.
  const linked = await readCircuitLink(location.hash);
  if (linked) Object.assign(initial, { code: OWN_CIRCUIT, circuit: linked.text ?? "" });
  const viewOnLoad = readView(location.search);
  setView(viewOnLoad);
  form.set(initial);
  keepRunInUrl = runOnLoad;
  writeUrl(form.values(), { run: keepRunInUrl });
  parallelism.update(form.values());
  if (linked?.error) byTestId("error-circuit").textContent = linked.error;
  else circuitBox.updateLink();

  showMemory(form.values());

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
    } else if (event === "ready" && c.status !== "running") {
      // A worker restarted as the run ended (to drop blocks past every prefix) is ready now;
      // no clock redraws the panel between runs, so it would read "starting" for good.
      live.update();
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
    try {
      controller.start(values);
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

  learn = new LearnPanel({
    wasm,
    results,
    form,
    main: controller,
    makeController: () => new RunController(wasm),
    hardwareThreads,
    onBusy: (busy) => {
      // The comparison's workers only: the page's pool would take cores from it.
      if (busy) controller.closePool();
      form.lock(busy);
      byTestId("sweep-run").disabled = busy;
    },
  });
  results.onRender = () => learn.refresh();
  learn.refresh();

  // Start the workers ahead of Run (and again soon after a or b changed), so a run does not
  // wait for them; a rayon pool cannot be resized, so a new a means new workers.
  let warmTimer = null;
  function warmPool() {
    clearTimeout(warmTimer);
    warmTimer = setTimeout(() => {
      if (
        !form.valid ||
        controller.status === "running" ||
        sweep.running ||
        learn.comparing ||
        realtime?.isOpen
      )
        return;
      const values = form.values();
      controller.ensurePool(Number(values["window-workers"]), Number(values.workers));
    }, 600);
  }
  warmPool();

  viewer = new ShotViewerPanel({
    wasm,
    onView: setView,
  });
  byTestId("see-shot").addEventListener("click", () => viewer.open(form.values()));
  results.onSeeShot = (row) => {
    // The row's own task: its d, r, p, basis, noise, decoder, c and w.
    form.set({
      ...form.values(),
      code: row.code,
      distances: String(row.d),
      rounds: String(row.r),
      p: row.p,
      basis: row.basis,
      noise: row.noise,
      decoder: row.decoder.replace(/\+correlated$/, ""),
      correlated: row.decoder.endsWith("+correlated") ? "1" : "",
      "commit-rounds": String(row.c),
      "buffer-rounds": String(row.w),
    });
    writeUrl(form.values());
    parallelism.update(form.values());
    showMemory(form.values());
    viewer.open(form.values());
  };

  realtime = new RealtimeView({
    wasm,
    hardwareThreads,
    getForm: () => form.values(),
    onForm: (values, roundRate) => {
      // The view's fields are the form's (d, r, p, decoder, c, w, a), so the URL carries them.
      form.set(values);
      if (roundRate === null) setView({ view: null, "round-rate": null });
      else setView({ view: "realtime", shot: null, find: null, "round-rate": roundRate });
      writeUrl(form.values());
      parallelism.update(form.values());
      showMemory(form.values());
    },
    onBusy: (busy) => {
      // The realtime worker only: idle shot workers would hold memory and could take cores.
      if (busy) controller.closePool();
      form.lock(busy);
      byTestId("sweep-run").disabled = busy;
    },
    onReport: (report) => learn.realtimeMeasured(report),
  });
  byTestId("realtime-open").addEventListener("click", () => realtime.open());

  const saved = new SavedRunsPanel({
    wasm,
    controller,
    onShow: (run, rows, { setForm }) => {
      // A saved run's counted rows, and on Open its form (seed included).
      if (setForm) {
        form.set(run.form);
        writeUrl(form.values());
        parallelism.update(form.values());
        showMemory(form.values());
      }
      results.setRunRows(rows);
    },
    onResume: (run, restored) => {
      form.set(run.form);
      writeUrl(form.values());
      parallelism.update(form.values());
      try {
        controller.start(form.values(), { restored, savedId: run.id });
      } catch (error) {
        showStatus("error", String(error?.message ?? error));
      }
    },
  });

  window.surfacelab = {
    controller,
    form,
    results,
    sweep,
    learn,
    wasm,
    mode,
    viewer,
    realtime,
    saved,
  };
  document.body.dataset.ready = "1";

  if (viewOnLoad.view === "shot") {
    viewer.open(form.values(), { shot: viewOnLoad.shot ?? "0", find: viewOnLoad.find });
  } else if (viewOnLoad.view === "realtime") {
    realtime.open(searchOnLoad);
  }

  saved.load(form.values());
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
