// The live run view: progress per task, shots/s, elapsed and remaining time, per-worker
// activity, and the resource monitor (monitor.js).

import { ResourceMonitor } from "./monitor.js";

const seconds = (s) =>
  s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;

export class LiveView {
  constructor(controller) {
    this.controller = controller;
    this.tasksElement = document.getElementById("task-progress");
    this.workersElement = document.getElementById("worker-activity");
    this.lastShots = 0;
    this.lastTime = 0;
    this.rate = 0;
    this.timer = null;
    this.monitor = new ResourceMonitor(controller);
  }

  /** Called when a run starts: resets the monitor and starts the clock. */
  started() {
    this.lastShots = 0;
    this.lastTime = performance.now();
    this.rate = 0;
    clearInterval(this.timer);
    this.monitor.started();
    this.timer = setInterval(() => this.update(), 250);
    this.update();
  }

  ended() {
    clearInterval(this.timer);
    this.timer = null;
    this.update();
  }

  update() {
    const controller = this.controller;
    const running = controller.status === "running";
    const now = performance.now();
    if (running) {
      const dt = (now - this.lastTime) / 1000;
      if (dt >= 0.5) {
        const instant = (controller.finishedShots - this.lastShots) / dt;
        this.rate = this.rate ? 0.6 * this.rate + 0.4 * instant : instant;
        this.lastShots = controller.finishedShots;
        this.lastTime = now;
      }
    } else if (controller.elapsed() > 0) {
      this.rate = controller.finishedShots / controller.elapsed();
    }
    this.monitor.update();
    document.getElementById("elapsed").textContent = seconds(controller.elapsed());
    document.getElementById("shots-per-second").textContent = Math.round(this.rate).toLocaleString(
      "en-US",
    );
    this.#tasks(running);
    this.#workers();
  }

  #tasks(running) {
    const progress = this.controller.progress();
    const tasks = this.controller.tasks;
    let fractionSum = 0;
    const rows = progress.map((task, index) => {
      const byShots = task.shots / task.maxShots;
      const byErrors = task.maxErrors ? task.errors / task.maxErrors : 0;
      const fraction = task.complete ? 1 : Math.min(1, Math.max(byShots, byErrors));
      fractionSum += fraction;
      const info = tasks[index];
      const row = document.createElement("div");
      row.className = "task-row";
      const label = document.createElement("span");
      label.className = "task-label";
      const circuit = JSON.parse(info.metadata).circuit;
      label.textContent = circuit
        ? `circuit ${circuit.slice(0, 12)}…`
        : `${info.basis.toUpperCase()} d=${info.distance} r=${info.rounds} p=${info.p}`;
      const bar = document.createElement("progress");
      bar.max = 1;
      bar.value = fraction;
      const counts = document.createElement("span");
      counts.className = "task-counts";
      counts.textContent = `${task.shots.toLocaleString("en-US")} shots, ${task.errors} errors${task.complete ? " ✓" : ""}`;
      row.append(label, bar, counts);
      return row;
    });
    this.tasksElement.replaceChildren(...rows);
    const overall = progress.length ? fractionSum / progress.length : 0;
    const elapsed = this.controller.elapsed();
    const eta = document.getElementById("eta");
    if (!running) eta.textContent = this.controller.status === "idle" ? "—" : "0 s";
    else if (overall > 0.01) eta.textContent = seconds((elapsed * (1 - overall)) / overall);
    else eta.textContent = "estimating…";
  }

  #workers() {
    const pool = this.controller.pool;
    if (!pool) return;
    const rows = pool.slots.map((slot) => {
      const row = document.createElement("div");
      const state = !slot.ready ? "starting" : slot.batch ? "busy" : "idle";
      row.className = `worker-row ${state}`;
      row.dataset.worker = String(slot.id);
      row.dataset.state = state;
      const rate = slot.seconds ? Math.round(slot.shots / slot.seconds) : 0;
      const threads = slot.busyThreads ? ` · ${slot.busyThreads.toFixed(2)} busy threads` : "";
      row.textContent = `worker ${slot.id + 1}: ${state} · ${slot.batches} batches · ${slot.shots.toLocaleString("en-US")} shots · ${rate.toLocaleString("en-US")} shots/s${threads}`;
      return row;
    });
    this.workersElement.replaceChildren(...rows);
  }
}
