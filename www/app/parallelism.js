// The parallelism panel: a and b, the gauge of a × b against navigator.hardwareConcurrency
// with its three zones, the planner's recommendation (the same function as the CLI's `plan`),
// the threads mode, and the seed's presets.

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

export class ParallelismPanel {
  /**
   * @param {object} wasm the main thread's module (planFor)
   * @param {object} form the ExperimentForm (owns the a and b inputs)
   * @param {string} mode "threaded" or "single-thread"
   * @param {string} isolationProblem why a static host's service worker did not isolate the page
   */
  constructor(wasm, form, mode, isolationProblem = "") {
    this.wasm = wasm;
    this.form = form;
    this.hardwareThreads = Math.max(1, navigator.hardwareConcurrency || 1);
    byTestId("hardware-threads").textContent = String(this.hardwareThreads);
    document.getElementById("monitor-n").textContent = `N = ${this.hardwareThreads}`;
    byTestId("threads-mode").textContent = mode;
    const why = document.getElementById("threads-why");
    if (mode === "threaded") {
      why.textContent =
        "(cross-origin isolated: each shot worker has a rayon pool of a window threads)";
    } else {
      const because = isolationProblem ? `: ${isolationProblem}` : "";
      why.textContent = `(this page is not cross-origin isolated${because}; so SharedArrayBuffer and wasm threads are off: the single-thread build runs and a = 1 is forced)`;
      const a = byTestId("window-workers");
      a.value = "1";
      a.disabled = true;
      form.forceSingleThread = true;
    }
    for (const id of ["preset-seed-default", "preset-seed-window", "preset-seed-conservative"]) {
      const button = byTestId(id);
      this.#presetZone(button, mode);
      button.addEventListener("click", () => {
        byTestId("workers").value = button.dataset.b;
        if (mode === "threaded") byTestId("window-workers").value = button.dataset.a;
        form.changed();
      });
    }
  }

  /** A badge on a preset: the zone its a × b lands in on this device (a = 1 without threads). */
  #presetZone(button, mode) {
    const a = mode === "threaded" ? Number(button.dataset.a) : 1;
    const b = Number(button.dataset.b);
    let zone = "";
    try {
      const values = { ...this.form.values(), workers: String(b), "window-workers": String(a) };
      zone = this.wasm.planFor(values, this.hardwareThreads).zone;
    } catch {
      return;
    }
    const badge = document.createElement("span");
    badge.className = `zone preset-zone ${zone.replace(" ", "-")}`;
    badge.dataset.zone = zone;
    badge.textContent = zone;
    badge.title = `a × b = ${a * b} on N = ${this.hardwareThreads} hardware threads`;
    button.append(" ", badge);
  }

  /** Redraws the gauge and the recommendation for the form's current values. */
  update(values) {
    const concurrency = byTestId("concurrency");
    const zone = byTestId("concurrency-zone");
    const recommendation = byTestId("recommendation");
    const warning = document.getElementById("concurrency-warning");
    const unused = document.getElementById("a-unused");
    let plan;
    try {
      plan = this.wasm.planFor(values, this.hardwareThreads);
    } catch (error) {
      concurrency.textContent = "";
      zone.textContent = "";
      zone.className = "zone";
      warning.textContent = "";
      unused.hidden = true;
      recommendation.textContent = "Fix a and b to see the plan.";
      this.#needle(null);
      return null;
    }
    concurrency.textContent = String(plan.concurrency);
    zone.textContent = plan.zone;
    zone.className = `zone ${plan.zone.replace(" ", "-")}`;
    unused.hidden = !(plan.windowWorkersUnused && plan.windowWorkers > 1);
    recommendation.textContent = plan.reason;
    recommendation.dataset.recommendedA = String(plan.recommendedWindowWorkers);
    const n = plan.hardwareThreads;
    warning.textContent =
      plan.zone === "too many"
        ? `Warning: a × b = ${plan.concurrency} is more than 2N = ${2 * n} threads; it is allowed, but the threads will mostly wait for cores.`
        : "";
    this.#needle(plan.concurrency / n);
    return plan;
  }

  /** The needle's place: the gauge spans 0 … 3N, a third per zone. */
  #needle(ratio) {
    const needle = document.getElementById("gauge-needle");
    if (ratio === null) {
      needle.hidden = true;
      return;
    }
    needle.hidden = false;
    needle.style.left = `${Math.min(100, (ratio / 3) * 100)}%`;
  }
}
