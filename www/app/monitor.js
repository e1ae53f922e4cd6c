// The resource monitor: busy threads over time against a × b, their peak and mean, the CPU
// time of all workers and each worker's wasm memory.
//
// What is measured (a page cannot read CPU clocks): each shot worker's wasm module counts its
// busy threads with the core's WorkObserver hook (the worker while it samples and decodes, each
// window thread while it decodes a window; a worker waiting on its window threads is not busy)
// and reports busy thread-seconds per batch. The plot's value at a moment is the sum, over the
// workers running a batch, of the average busy threads of their previous batch; the mean is all
// busy thread-seconds over the wall time; "CPU time" is those busy thread-seconds.

import uPlot from "../pkg/vendor/uPlot.esm.js";

const mib = (bytes) => `${Math.round(bytes / 2 ** 20)} MiB`;

export class ResourceMonitor {
  /** @param {object} controller the RunController whose run is shown */
  constructor(controller) {
    this.controller = controller;
    this.element = document.getElementById("monitor-plot");
    this.chart = null;
    this.reference = 1;
    this.resize = new ResizeObserver(() => this.chart?.setSize(this.#size()));
    this.resize.observe(this.element);
  }

  #size() {
    return { width: Math.max(240, this.element.clientWidth), height: 150 };
  }

  /** A new run: the reference line is its a × b. */
  started() {
    const pool = this.controller.pool;
    this.reference = pool ? pool.a * pool.b : 1;
    document.getElementById("monitor-ab").textContent = String(this.reference);
    this.chart?.destroy();
    this.chart = null;
  }

  update() {
    const controller = this.controller;
    controller.sampleBusy();
    const busy = controller.busyThreads();
    document.getElementById("monitor-peak").textContent = String(+busy.peak.toFixed(2));
    document.getElementById("monitor-mean").textContent = busy.mean.toFixed(2);
    const wall = controller.elapsed();
    document.getElementById("monitor-cpu").textContent =
      `${busy.cpuSeconds.toFixed(1)} s in ${wall.toFixed(1)} s`;
    this.#memory();
    this.#plot(busy.samples);
  }

  #memory() {
    const pool = this.controller.pool;
    const slots = pool ? pool.slots.filter((slot) => slot.memoryBytes) : [];
    document.getElementById("monitor-memory").textContent = slots.length
      ? slots.map((slot) => `w${slot.id + 1} ${mib(slot.memoryBytes)}`).join(" · ")
      : "—";
  }

  #plot(samples) {
    if (samples.length < 2) return;
    // At most ~400 points: keep every k-th sample and the last.
    const step = Math.ceil(samples.length / 400);
    const kept = samples.filter((_, i) => i % step === 0 || i === samples.length - 1);
    const data = [
      kept.map(([t]) => t),
      kept.map(([, threads]) => threads),
      kept.map(() => this.reference),
    ];
    if (this.chart) {
      this.chart.setData(data);
      return;
    }
    this.element.replaceChildren();
    this.chart = new uPlot(
      {
        ...this.#size(),
        scales: {
          x: { time: false },
          y: { range: (u, min, max) => [0, Math.max(max, this.reference) + 0.5] },
        },
        axes: [{ label: "seconds" }, { label: "busy threads", size: 50 }],
        legend: { live: false },
        cursor: { show: false },
        series: [
          { label: "t" },
          {
            label: "busy threads",
            stroke: "#2f6fdb",
            width: 2,
            points: { show: false },
            // Busy threads change in steps, at batch starts and ends.
            paths: uPlot.paths.stepped({ align: 1 }),
          },
          { label: "a × b", stroke: "#868e96", dash: [6, 4], width: 1.5, points: { show: false } },
        ],
      },
      data,
      this.element,
    );
  }
}
