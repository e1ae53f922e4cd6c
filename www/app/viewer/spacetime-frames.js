// When the 3D space-time view draws, and how well: frames only on demand (orbit, resize, new
// data), the time between back-to-back interactive frames (the view's data-frame-ms), and the
// quality of interactive frames: on a slow renderer (software WebGL) fewer of the faint graph
// edges and fewer pixels while the user drags, then one full-quality frame once they let go.
// It knows nothing of three.js: the scene passes a draw(quality) callback.

const FRAME_SAMPLES = 120;
/** While dragging on a slow renderer, at least this many graph edges stay drawn. */
const MIN_INTERACTIVE_EDGES = 1500;
/** After the last interactive frame, this long until the full-quality frame. */
const SETTLE_MS = 250;
/** A frame asked for within this long of the previous one's end counts as back-to-back. */
const BACK_TO_BACK_MS = 50;
/** This many fast frames in a row (60 per second) before interactive quality goes up. */
const FAST_RUN = 10;

export function percentile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export class FramePacer {
  /**
   * draw({ratio, edges}): renders one frame at pixel ratio `ratio` with the first `edges` graph
   * edges (Infinity: all). onFrameTime(ms): the rolling p95 frame time while interacting.
   */
  constructor({ draw, onFrameTime, software, fullRatio }) {
    this.draw = draw;
    this.onFrameTime = onFrameTime;
    this.software = software;
    this.fullRatio = fullRatio;
    this.interactiveRatio = fullRatio;
    this.edges = 0;
    this.interactiveEdges = Infinity;
    this.intervals = [];
    this.renderTimes = [];
    this.rendered = 0;
    this.pending = 0;
    this.fastRun = 0;
  }

  /** The graph's edge count, which interactive frames may thin. */
  setEdges(count) {
    this.edges = count;
    this.interactiveEdges = Math.min(this.interactiveEdges, count);
  }

  /** Schedules one frame; `interactive` frames (orbit, zoom, pan) may trade quality for time. */
  request(interactive = false) {
    this.interactive ||= interactive;
    if (this.pending || this.disposed) return;
    this.requestedAt = performance.now();
    this.pending = requestAnimationFrame((now) => this.#frame(now));
  }

  #frame(now) {
    this.pending = 0;
    const interactive = this.interactive;
    this.interactive = false;
    // A frame asked for as soon as the previous one was done measures the renderer; one asked
    // for later (the user held still) would measure the user.
    const backToBack =
      this.previousInteractive && this.requestedAt - this.previousEnd < BACK_TO_BACK_MS;
    const quality = interactive
      ? { ratio: this.interactiveRatio, edges: this.interactiveEdges }
      : { ratio: this.fullRatio, edges: Infinity };
    const start = performance.now();
    this.draw(quality);
    this.rendered += 1;
    this.previousEnd = performance.now();
    this.#sample(this.renderTimes, this.previousEnd - start);
    if (interactive && backToBack && this.lastFrameAt) {
      const interval = now - this.lastFrameAt;
      this.#sample(this.intervals, interval);
      this.#adapt(interval);
      if (this.intervals.length >= 5) this.onFrameTime?.(percentile(this.intervals, 0.95));
    }
    this.lastFrameAt = now;
    this.previousInteractive = interactive;
    clearTimeout(this.settle);
    const reduced = quality.ratio !== this.fullRatio || quality.edges < this.edges;
    if (interactive && reduced) this.settle = setTimeout(() => this.request(), SETTLE_MS);
  }

  #sample(list, value) {
    list.push(value);
    if (list.length > FRAME_SAMPLES) list.shift();
  }

  /**
   * Keeps interactive frames at 30 per second or better, tail included, by trading edges and
   * pixels: every slow frame lowers the quality; only a run of fast frames raises it again (a
   * single fast one often just follows a slow one).
   */
  #adapt(interval) {
    const floor = this.fullRatio * (this.software ? 0.3 : 0.5);
    const fewest = Math.min(this.edges, MIN_INTERACTIVE_EDGES);
    if (interval > 40) {
      this.fastRun = 0;
      this.interactiveEdges = Math.max(fewest, Math.floor(this.interactiveEdges * 0.7));
      this.interactiveRatio = Math.max(floor, this.interactiveRatio * 0.8);
    } else if (interval < 22 && ++this.fastRun >= FAST_RUN) {
      this.fastRun = 0;
      this.interactiveEdges = Math.min(this.edges, Math.ceil(this.interactiveEdges * 1.1));
      this.interactiveRatio = Math.min(this.fullRatio, this.interactiveRatio * 1.05);
    } else if (interval >= 22) {
      this.fastRun = 0;
    }
  }

  /** Rolling statistics (ms) of back-to-back interactive frames, and the current quality. */
  stats() {
    return {
      rendered: this.rendered,
      frames: this.intervals.length,
      p95: percentile(this.intervals, 0.95),
      median: percentile(this.intervals, 0.5),
      renderCallP95: percentile(this.renderTimes, 0.95),
      interactiveRatio: this.interactiveRatio,
      fullRatio: this.fullRatio,
      interactiveEdges: Math.min(this.interactiveEdges, this.edges),
      edges: this.edges,
      software: this.software,
    };
  }

  reset() {
    this.intervals = [];
    this.renderTimes = [];
  }

  dispose() {
    this.disposed = true;
    if (this.pending) cancelAnimationFrame(this.pending);
    clearTimeout(this.settle);
  }
}
