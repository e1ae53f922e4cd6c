// The saved-runs panel: every run of the page's controller is saved as it goes (its form and
// seed when it starts, each batch's finished blocks as they land, its status when it ends),
// so the results survive a reload, a crash of the tab or a closed laptop. After a reload the
// page shows the saved results again and offers to resume a run that did not finish: the
// core's prefix rule, given the saved blocks, rebuilds each task exactly and hands out only
// the blocks still missing. The list reopens, exports or deletes each saved run.
// Storage itself is store.js's; the counts are always the core's (restoreRun).

import { downloadCsv } from "./results.js";
import { restoreRun } from "./runner.js";
import { newRunId, RunStore } from "./store.js";

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
/** How often a running run's totals are written to its record (the blocks go at once). */
const SUMMARY_SECONDS = 1;

/** Shots and errors summed over a run's counted rows. */
function totals(rows) {
  return rows.reduce(
    (sum, row) => ({ shots: sum.shots + row.shots, errors: sum.errors + row.errors }),
    { shots: 0, errors: 0 },
  );
}

/** A saved run's status for the page: one still `running` in the store was interrupted. */
function shownStatus(saved, liveId) {
  return saved.status === "running" && saved.id !== liveId ? "interrupted" : saved.status;
}

/** How the resume offer says a run ended. */
const ENDINGS = {
  interrupted: "was interrupted",
  stopped: "was stopped",
  error: "ended with an error",
};

/** Fields that decide a run's counts (a and b do not). */
const EXPERIMENT_FIELDS = ["code", "distances", "rounds", "p", "basis", "noise", "decoder"].concat([
  "commit-rounds",
  "buffer-rounds",
  "max-shots",
  "max-errors",
  "seed",
  "circuit",
]);

/** True when two forms ask for the same experiment (the same text in every field). */
function sameExperiment(saved, form) {
  return EXPERIMENT_FIELDS.every((name) => (saved[name] ?? "") === (form[name] ?? ""));
}

function describeForm(form) {
  const parts =
    form.code === "circuit"
      ? [`your own circuit (${(form.circuit ?? "").split("\n").length} lines)`]
      : [`d = ${form.distances}`, `r = ${form.rounds}`, `p = ${form.p}`];
  parts.push(form.decoder, `seed ${form.seed}`);
  return parts.join(" · ");
}

function button(text, testid, onClick) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "small";
  element.dataset.testid = testid;
  element.textContent = text;
  element.addEventListener("click", onClick);
  return element;
}

export class SavedRunsPanel {
  /**
   * @param {object} options
   * @param {object} options.wasm the main thread's module
   * @param {object} options.controller the page's RunController (its runs are saved)
   * @param {(saved: object, rows: object[], options: {setForm: boolean}) => void}
   *   options.onShow show a saved run's counted rows (results table and plot), and its form
   *   when `setForm`
   * @param {(saved: object, restored: object[]) => void} options.onResume start the saved
   *   run again with its finished blocks
   * @param {string} [options.database] the IndexedDB name (tests use their own)
   */
  constructor({ wasm, controller, onShow, onResume, database = "surfacelab" }) {
    Object.assign(this, { wasm, controller, onShow, onResume });
    this.list = byTestId("saved-runs");
    this.note = document.getElementById("saved-note");
    this.offer = document.getElementById("resume-offer");
    this.offerText = document.getElementById("resume-text");
    this.resumeButton = byTestId("resume");
    this.runs = [];
    this.liveId = null;
    this.offered = null;
    this.lastSummary = 0;
    this.resumeButton.addEventListener("click", () => this.resume());
    this.ready = RunStore.open(database).catch((error) => {
      this.note.textContent = `Runs are not saved in this browser: ${error?.message ?? error}.`;
      return null;
    });
    controller.subscribe((event, c, detail) => this.#controllerEvent(event, c, detail));
  }

  /**
   * Lists the saved runs. The latest one of the page's form (the URL's: a reload keeps it) is
   * shown in the table and plot, as before the reload; when it did not finish, or another run
   * was interrupted by a reload or a crash, Resume is offered.
   */
  async load(form) {
    try {
      const runs = await this.#withStore((store) => store.listRuns());
      if (!runs) return;
      this.runs = runs;
      this.render();
      const same = this.runs.find((run) => sameExperiment(run.form, form));
      if (same && this.controller.status === "idle") await this.open(same.id, { setForm: false });
      if (!this.offered && this.controller.status === "idle")
        this.showOffer(this.runs.find((run) => run.status === "running"));
    } finally {
      this.list.dataset.ready = "1";
    }
  }

  /** Runs a store operation once the store is open (in call order); errors become the note. */
  async #withStore(operation) {
    const store = await this.ready;
    if (!store) return null;
    try {
      return await operation(store);
    } catch (error) {
      this.note.textContent = `Saving failed: ${error?.message ?? error}.`;
      return null;
    }
  }

  #controllerEvent(event, c, detail) {
    if (event === "status" && c.status === "running") this.#started(c);
    else if (event === "status" && this.liveId) this.#ended(c);
    else if (event === "batch" && this.liveId && detail) this.#blocks(c, detail);
  }

  #started(c) {
    this.hideOffer();
    if (!c.savedId) c.savedId = newRunId();
    this.liveId = c.savedId;
    const id = c.savedId;
    const tasks = c.tasks.map((task) => task.strongId);
    const record = { id, form: c.form, seed: c.seed, tasks, status: "running" };
    const known = this.runs.find((run) => run.id === id);
    this.#withStore(async (store) => {
      const saved = known ? await store.updateRun(id, { status: "running" }) : null;
      if (!saved) await store.putRun({ ...record, createdAt: Date.now(), shots: 0, errors: 0 });
      await this.refresh();
    });
  }

  #blocks(c, { task, blocks, shots, errors, seconds }) {
    const id = this.liveId;
    this.#withStore((store) => store.addBlocks(id, task, blocks, shots, errors, seconds));
    const now = performance.now();
    if (now - this.lastSummary < SUMMARY_SECONDS * 1000) return;
    this.lastSummary = now;
    const summary = totals(c.rows());
    this.#withStore(async (store) => {
      await store.updateRun(id, summary);
      await this.refresh();
    });
  }

  #ended(c) {
    const id = this.liveId;
    this.liveId = null;
    const changes = { status: c.status, message: c.message, ...totals(c.rows()) };
    this.#withStore(async (store) => {
      await store.updateRun(id, changes);
      await this.refresh();
      if (c.status !== "done") this.showOffer(this.runs.find((run) => run.id === id));
    });
  }

  async refresh() {
    const runs = await this.#withStore((store) => store.listRuns());
    if (runs) this.runs = runs;
    this.render();
  }

  render() {
    const running = this.controller.status === "running";
    const items = this.runs.map((saved) => {
      const status = shownStatus(saved, this.liveId);
      const item = document.createElement("li");
      item.dataset.testid = "saved-run";
      Object.assign(item.dataset, {
        runId: saved.id,
        status,
        seed: String(saved.seed),
        shots: String(saved.shots ?? 0),
        errors: String(saved.errors ?? 0),
      });
      const when = document.createElement("time");
      when.dateTime = new Date(saved.createdAt).toISOString();
      when.textContent = new Date(saved.createdAt).toLocaleString();
      const what = document.createElement("span");
      what.className = "saved-what";
      what.textContent = describeForm(saved.form);
      const counts = document.createElement("span");
      counts.className = `saved-status ${status}`;
      counts.textContent = `${status} · ${(saved.shots ?? 0).toLocaleString("en-US")} shots, ${(
        saved.errors ?? 0
      ).toLocaleString("en-US")} errors`;
      const open = button("Open", "saved-run-open", () => this.open(saved.id));
      const csv = button("Export CSV", "saved-run-export", () => this.exportCsv(saved.id));
      const remove = button("Delete", "saved-run-delete", () => this.remove(saved.id));
      open.disabled = running;
      remove.disabled = saved.id === this.liveId;
      for (const [element, verb] of [
        [open, "Open"],
        [csv, "Export CSV of"],
        [remove, "Delete"],
      ])
        element.setAttribute("aria-label", `${verb} the run of ${when.textContent}`);
      const tools = document.createElement("span");
      tools.className = "saved-tools";
      tools.append(open, csv, remove);
      item.append(when, what, counts, tools);
      return item;
    });
    this.list.replaceChildren(...items);
    document.getElementById("saved-empty").hidden = items.length > 0;
  }

  /** A saved run's blocks and its counted rows, rebuilt by the core's prefix rule. */
  async #rebuild(saved) {
    const restored = await this.#withStore((store) => store.blocksOf(saved.id));
    if (!restored) return null;
    const run = restoreRun(this.wasm, saved.form, restored);
    try {
      const tasks = run.tasks.map((task) => task.strongId);
      if (tasks.join() !== saved.tasks.join())
        throw new Error("this version of SurfaceLab builds its tasks differently");
      return { restored, rows: run.rows() };
    } finally {
      run.free();
    }
  }

  /** Shows a saved run (form, table, plot) and offers to resume it when it did not finish. */
  async open(id, { setForm = true } = {}) {
    const saved = this.runs.find((run) => run.id === id);
    if (!saved || this.controller.status === "running") return;
    try {
      const rebuilt = await this.#rebuild(saved);
      if (!rebuilt) return;
      this.onShow(saved, rebuilt.rows, { setForm });
      const changes = totals(rebuilt.rows);
      if (changes.shots !== saved.shots || changes.errors !== saved.errors) {
        await this.#withStore((store) => store.updateRun(id, changes));
        await this.refresh();
      }
      this.note.textContent = "";
      if (saved.status === "done") this.hideOffer();
      else this.showOffer(this.runs.find((run) => run.id === id));
    } catch (error) {
      this.note.textContent = `The run of ${new Date(saved.createdAt).toLocaleString()} cannot be shown: ${error?.message ?? error}.`;
    }
  }

  showOffer(saved) {
    if (!saved) return;
    this.offered = saved;
    const status = shownStatus(saved, this.liveId);
    const when = new Date(saved.createdAt).toLocaleString();
    this.offerText.textContent = `The run of ${when} ${ENDINGS[status] ?? `ended (${status})`} with ${(saved.shots ?? 0).toLocaleString("en-US")} shots counted. Resume it: only the missing blocks run, and it ends with the counts of an uninterrupted run.`;
    this.resumeButton.dataset.runId = saved.id;
    this.offer.hidden = false;
  }

  hideOffer() {
    this.offered = null;
    delete this.resumeButton.dataset.runId;
    this.offer.hidden = true;
  }

  /** Continues the offered run from its saved blocks. */
  async resume() {
    const saved = this.offered;
    if (!saved || this.controller.status === "running") return;
    try {
      const rebuilt = await this.#rebuild(saved);
      if (rebuilt) this.onResume(saved, rebuilt.restored);
    } catch (error) {
      this.note.textContent = `The run cannot be resumed: ${error?.message ?? error}.`;
    }
  }

  async exportCsv(id) {
    const saved = this.runs.find((run) => run.id === id);
    if (!saved) return null;
    const rebuilt = await this.#rebuild(saved);
    if (!rebuilt) return null;
    const text = this.wasm.writeCsv(rebuilt.rows);
    downloadCsv(text, `surfacelab-${saved.seed}.csv`);
    return text;
  }

  async remove(id) {
    if (id === this.liveId) return;
    if (this.offered?.id === id) this.hideOffer();
    await this.#withStore((store) => store.deleteRun(id));
    await this.refresh();
  }
}
