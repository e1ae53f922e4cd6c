// The shot viewer's space-time view of one shot: detectors in (x, y, t), the match graph,
// defects, sampled errors, the decoder's correction and, for window decoders, every window with
// the thread that decoded it, replayable step by step in decode order. 3D (three.js, loaded only
// when used) where WebGL2 works and the container is at least 500 px wide; otherwise a 2D time
// strip with the same API. It draws what the core computed and never recomputes physics.
//
//   const view = new SpaceTimeView(container);
//   view.setGeometry(geometry);                  // ShotViewer.geometry(), once per memory
//   view.show(explanation, { layer: 3, step: -1 });
//   view.stepTo(0);                               // 0 … view.steps - 1, or -1 for everything
//
// The container gets data-mode="3d" | "2d" and, in 3D, data-frame-ms: the rolling 95th
// percentile of the time between frames while the user interacts.

import { SpaceTimeLegend } from "./spacetime-legend.js";
import { SpaceTimeModel, decodeSteps, stepContent, stepTitle } from "./spacetime-model.js";
import { TimeStrip } from "./timestrip.js";

/** Narrower than this (phones), the 3D view is hard to use; the strip reads better. */
const MIN_3D_WIDTH = 500;
/** Narrower than this, the 3D view's legend starts folded. */
const COLLAPSED_LEGEND_WIDTH = 760;

let webgl2;
/** Whether this browser can make a WebGL2 context (asked once per page). */
function webgl2Available() {
  if (webgl2 === undefined) {
    try {
      const gl = document.createElement("canvas").getContext("webgl2");
      webgl2 = Boolean(gl);
      gl?.getExtension("WEBGL_lose_context")?.loseContext();
    } catch {
      webgl2 = false;
    }
  }
  return webgl2;
}

function addStylesheet() {
  if (document.querySelector("link[data-spacetime]")) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("./spacetime.css", import.meta.url).href;
  link.dataset.spacetime = "1";
  document.head.append(link);
}

export class SpaceTimeView {
  #container;
  #legend;
  #hint;
  #drawing = null;
  #mode;
  #model = null;
  #explanation = null;
  #options = {};
  #steps = [[]];
  #step = -1;
  #generation = 0;
  #observer;
  #disposed = false;

  constructor(container) {
    addStylesheet();
    this.#container = container;
    container.classList.add("spacetime");
    this.#legend = new SpaceTimeLegend(container);
    this.#hint = document.createElement("div");
    this.#hint.className = "st-hint";
    this.#hint.textContent = window.matchMedia?.("(pointer: coarse)").matches
      ? "one finger: orbit · pinch: zoom · two fingers: pan"
      : "drag: orbit · wheel: zoom · right-drag: pan";
    container.append(this.#hint);
    /** Settles when the current mode's drawing is ready (3D loads three.js first). */
    this.ready = this.#setMode(this.#preferredMode());
    this.#observer = new ResizeObserver(() => this.#resized());
    this.#observer.observe(container);
  }

  get mode() {
    return this.#mode;
  }

  get steps() {
    return this.#steps.length;
  }

  get step() {
    return this.#step;
  }

  /** A new memory: the shot shown so far belonged to the old one and is dropped. */
  setGeometry(geometry) {
    this.#model = new SpaceTimeModel(geometry);
    this.#explanation = null;
    this.#steps = [[]];
    this.#step = -1;
    this.#drawing?.setModel(this.#model);
  }

  show(explanation, options = {}) {
    // The same shot at another layer or step (the viewer's sliders): no rebuild.
    if (explanation === this.#explanation && this.#model) {
      this.#options = { ...options };
      this.#drawing?.setLayer(options.layer);
      this.stepTo(options.step ?? -1);
      return;
    }
    this.#explanation = explanation;
    this.#options = { ...options };
    this.#steps = decodeSteps(explanation);
    this.#legend.setShot(explanation, this.#mode);
    if (this.#model) this.#drawing?.setShot(explanation, this.#options);
    this.stepTo(options.step ?? -1);
  }

  stepTo(step) {
    const last = this.#steps.length - 1;
    this.#step = Number.isInteger(step) && step >= 0 ? Math.min(step, last) : -1;
    // A one-step decoder's only step is the finished decode.
    const shown = last === 0 ? -1 : this.#step;
    if (!this.#explanation) return;
    const content = this.#model
      ? stepContent(this.#model, this.#explanation, this.#steps, shown)
      : { windows: [], edges: [], artificial: [] };
    this.#legend.setStep(stepTitle(this.#explanation, this.#steps, shown), content.windows);
    this.#container.dataset.step = String(this.#step);
    if (this.#model) this.#drawing?.setStep(content);
  }

  /** Frame statistics of the 3D view (null in 2D): {frames, p95, median, renderCallP95} ms. */
  frameStats() {
    return this.#drawing?.frameStats?.() ?? null;
  }

  resetFrameStats() {
    this.#drawing?.resetFrameStats?.();
  }

  /** Turns the 3D camera about the vertical axis (measurements and demos); no-op in 2D. */
  orbit(radians) {
    this.#drawing?.orbit?.(radians);
  }

  dispose() {
    this.#disposed = true;
    this.#generation++;
    this.#observer.disconnect();
    this.#drawing?.dispose();
    this.#drawing = null;
    this.#legend.dispose();
    this.#hint.remove();
    this.#container.classList.remove("spacetime");
    delete this.#container.dataset.mode;
    delete this.#container.dataset.frameMs;
    delete this.#container.dataset.step;
  }

  #preferredMode() {
    const width = this.#container.clientWidth || window.innerWidth;
    return width >= MIN_3D_WIDTH && webgl2Available() ? "3d" : "2d";
  }

  #resized() {
    if (this.#disposed) return;
    if (this.#container.clientWidth > 0 && this.#preferredMode() !== this.#mode) {
      this.ready = this.#setMode(this.#preferredMode());
    } else {
      this.#drawing?.resize();
    }
  }

  async #setMode(mode) {
    const generation = ++this.#generation;
    this.#drawing?.dispose();
    this.#drawing = null;
    this.#mode = mode;
    this.#container.dataset.mode = mode;
    delete this.#container.dataset.frameMs;
    // Over a small 3D view the key starts folded (its summary still says the step).
    this.#legend.root.open = mode === "2d" || this.#container.clientWidth >= COLLAPSED_LEGEND_WIDTH;
    let drawing;
    if (mode === "3d") {
      try {
        const { SpaceTimeScene } = await import("./spacetime-scene.js");
        if (generation !== this.#generation) return;
        drawing = new SpaceTimeScene(
          this.#container,
          this.#legend.root,
          (ms) => (this.#container.dataset.frameMs = ms.toFixed(1)),
          () => {
            webgl2 = false; // this page's WebGL is gone; the strip from now on
            if (!this.#disposed) this.ready = this.#setMode("2d");
          },
        );
      } catch (error) {
        if (generation !== this.#generation) return;
        console.warn(`space-time view: 3D unavailable (${error.message}); showing the 2D strip`);
        this.#mode = "2d";
        this.#container.dataset.mode = "2d";
      }
    }
    drawing ??= new TimeStrip(this.#container, this.#legend.root);
    this.#drawing = drawing;
    if (this.#model) drawing.setModel(this.#model);
    if (this.#explanation) {
      const explanation = this.#explanation;
      this.#explanation = null; // a new drawing needs the whole shot
      this.show(explanation, { ...this.#options, step: this.#step });
    }
  }
}
