// The space-time view's 2D fallback (no WebGL, or a container narrower than 500 px): an SVG
// time strip with one column per stabilizer (the memory basis's type first, then the other) and
// one row per detector layer, time going up as in the 3D view. Windows are bands across the
// strip and bars on a rail at its left (commit solid, buffers hatched) labelled with their
// thread. Same inputs as the 3D scene: a SpaceTimeModel, a shot and one replay step.

import { background, colors, windowColors, windowEmphasis } from "./spacetime-colors.js";
import { windowLabels } from "./spacetime-model.js";

const SVG = "http://www.w3.org/2000/svg";
const COL = 8;
const GROUP_GAP = 10;
const TOP = 8;
const BOTTOM = 16;
const LABELS = 24;
const LANE = 9;
const RIGHT = 8;
/** CSS px per viewBox unit at least: 8-unit text stays about 10 px tall. */
const MIN_SCALE = 1.25;
let instances = 0;

function svg(tag, attributes = {}, parent) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  parent?.append(node);
  return node;
}

export class TimeStrip {
  constructor(container, before) {
    this.id = `st-strip-${++instances}`;
    this.root = svg("svg", { class: "st-strip", role: "img" });
    this.root.setAttribute(
      "aria-label",
      "Space-time strip of the shot: columns are stabilizers, rows are rounds",
    );
    // Large codes scroll sideways rather than shrink their text below legibility.
    this.scroller = document.createElement("div");
    this.scroller.className = "st-strip-scroll";
    this.scroller.append(this.root);
    container.insertBefore(this.scroller, before);
  }

  setModel(model) {
    this.model = model;
    const { geometry } = model;
    const roles = new Map(geometry.qubits.map((q) => [q.index, q]));
    const stabilizers = [...new Set(geometry.detectors.map((d) => d.qubit))].map((i) =>
      roles.get(i),
    );
    const first = geometry.basis === "X" ? "X" : "Z";
    const groups = [first, first === "X" ? "Z" : "X"].map((role) =>
      stabilizers.filter((q) => q.role === role).sort((p, q) => p.y - q.y || p.x - q.x),
    );
    this.layers = geometry.num_layers;
    this.laneCount = 2;
    this.left = LABELS + this.laneCount * LANE + 6;
    this.column = new Map();
    this.side = new Map();
    let x = this.left;
    this.groupSpans = groups.map((group, g) => {
      const start = x;
      group.forEach((q, k) => {
        this.column.set(q.index, x + COL / 2);
        this.side.set(q.index, k < group.length / 2 ? -1 : 1);
        x += COL;
      });
      const span = { start, end: x, role: [first, first === "X" ? "Z" : "X"][g] };
      x += GROUP_GAP;
      return span;
    });
    this.width = x - GROUP_GAP + RIGHT;
    const plotWidth = this.width - this.left;
    this.row = Math.max(12, Math.min(16, (0.9 * plotWidth) / this.layers));
    this.height = TOP + this.layers * this.row + BOTTOM;
    this.root.setAttribute("viewBox", `0 0 ${this.width} ${this.height}`);
    this.root.style.minWidth = `${Math.round(this.width * MIN_SCALE)}px`;
    this.#drawBase();
  }

  y(t) {
    return TOP + (this.layers - 1 - t + 0.5) * this.row;
  }

  point(detector) {
    const d = this.model.geometry.detectors[detector];
    return [this.column.get(d.qubit), this.y(d.t)];
  }

  stub(detector, length = 6) {
    const [x, y] = this.point(detector);
    const d = this.model.geometry.detectors[detector];
    return [x + this.side.get(d.qubit) * length, y];
  }

  #drawBase() {
    this.root.replaceChildren();
    const defs = svg("defs", {}, this.root);
    this.patterns = {};
    for (const [layer, color] of Object.entries(windowColors)) {
      const id = `${this.id}-hatch-${layer}`;
      const pattern = svg(
        "pattern",
        { id, width: 5, height: 5, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
        defs,
      );
      svg("rect", { width: 2, height: 5, fill: color }, pattern);
      this.patterns[layer] = `url(#${id})`;
    }
    svg("rect", { width: this.width, height: this.height, fill: background }, this.root);
    this.bands = svg("g", {}, this.root);
    this.highlight = svg("g", {}, this.root);
    const base = svg("g", {}, this.root);
    const every = [1, 2, 5, 10, 20, 50, 100].find((s) => this.layers / s <= 10) ?? 200;
    for (let t = 0; t < this.layers; t++) {
      if (t % every !== 0 && t !== this.layers - 1) continue;
      const label = svg(
        "text",
        {
          x: LABELS - 3,
          y: this.y(t) + 3,
          "text-anchor": "end",
          "font-size": 8,
          fill: colors.muted,
        },
        base,
      );
      label.textContent = `t=${t}`;
    }
    for (const span of this.groupSpans) {
      const label = svg(
        "text",
        {
          x: (span.start + span.end) / 2,
          y: this.height - 4,
          "text-anchor": "middle",
          "font-size": 8,
          fill: colors.muted,
        },
        base,
      );
      label.textContent = `${span.role} stabilizers`;
    }
    const dots = svg("g", {}, base);
    this.model.geometry.detectors.forEach((d, i) => {
      const [x, y] = this.point(i);
      const fill = this.model.detectorRole[i] === "X" ? colors.detectorX : colors.detectorZ;
      svg("circle", { cx: x, cy: y, r: 1.3, fill }, dots);
    });
    this.shot = svg("g", {}, this.root);
    this.step = svg("g", {}, this.root);
    this.defects = svg("g", {}, this.root);
    this.rings = svg("g", {}, this.root);
    this.rail = svg("g", {}, this.root);
  }

  setShot(explanation, options) {
    if (!this.model) return;
    this.shot.replaceChildren();
    this.step.replaceChildren();
    this.defects.replaceChildren();
    this.rings.replaceChildren();
    this.#errors(explanation.fired_errors, colors.firedError);
    this.#errors(explanation.hand_errors ?? [], colors.handError);
    for (const d of explanation.detection_events) {
      const [x, y] = this.point(d);
      svg(
        "circle",
        { cx: x, cy: y, r: 3, fill: colors.defect, stroke: background, "stroke-width": 0.8 },
        this.defects,
      ).dataset.detector = String(d);
    }
    this.#windows(explanation.windows ?? []);
    this.setLayer(options?.layer);
  }

  /** Marks the lattice's layer (null: none). */
  setLayer(layer) {
    if (!this.model) return;
    this.highlight.replaceChildren();
    if (Number.isInteger(layer)) {
      const y = this.y(layer);
      svg(
        "rect",
        {
          x: this.left - 2,
          y: y - this.row / 2,
          width: this.width - this.left - RIGHT + 4,
          height: this.row,
          fill: colors.layerHighlight,
          "fill-opacity": 0.14,
          stroke: colors.layerHighlight,
          "stroke-width": 0.6,
        },
        this.highlight,
      );
    }
  }

  #errors(errors, color) {
    for (const { detectors } of errors) {
      const points = detectors.map((d) => this.point(d));
      if (detectors.length === 1) points.push(this.stub(detectors[0]));
      svg(
        "polyline",
        {
          points: points.map((p) => p.join(",")).join(" "),
          fill: "none",
          stroke: color,
          "stroke-width": 1,
        },
        this.shot,
      );
    }
  }

  #windows(windows) {
    this.bands.replaceChildren();
    this.rail.replaceChildren();
    const labels = windowLabels(windows);
    this.windowMarks = windows.map((w, i) => {
      const color = windowColors[w.layer];
      const lane = w.layer === "B" || (w.layer !== "A" && i % 2 === 1) ? 1 : 0;
      const band = svg("g", {}, this.bands);
      const rail = svg("g", {}, this.rail);
      const x = LABELS + 2 + lane * LANE;
      const part = (from, to, fill) => {
        if (to <= from) return;
        const y0 = this.y(to - 1) - this.row / 2;
        const height = (to - from) * this.row;
        svg(
          "rect",
          { x: this.left - 2, y: y0, width: this.width - this.left - RIGHT + 4, height, fill },
          band,
        );
        svg(
          "rect",
          {
            x,
            y: y0 + 0.5,
            width: LANE - 2,
            height: height - 1,
            fill,
            stroke: color,
            "stroke-width": 0.6,
          },
          rail,
        );
      };
      part(w.start, w.commit_start, this.patterns[w.layer]);
      part(w.commit_start, w.commit_end, color);
      part(w.commit_end, w.end, this.patterns[w.layer]);
      const label = svg(
        "text",
        {
          x: x + (LANE - 2) / 2,
          y: this.y((w.commit_start + w.commit_end - 1) / 2),
          "font-size": 6.5,
          "font-weight": 600,
          fill: background,
          "text-anchor": "middle",
          "dominant-baseline": "middle",
          transform: `rotate(-90 ${x + (LANE - 2) / 2} ${this.y((w.commit_start + w.commit_end - 1) / 2)})`,
        },
        rail,
      );
      label.textContent = `${labels[i]}·t${w.thread}`;
      return { band, rail };
    });
  }

  setStep(content) {
    if (!this.model) return;
    this.step.replaceChildren();
    this.rings.replaceChildren();
    // Defects the current step's windows decode in full colour, the others faded.
    for (const circle of this.defects.children) {
      const faded = content.seen && !content.seen.has(Number(circle.dataset.detector));
      circle.setAttribute("opacity", faded ? 0.3 : 1);
    }
    for (const { index, status } of content.windows) {
      const marks = this.windowMarks?.[index];
      if (!marks) continue;
      marks.band.setAttribute("opacity", windowEmphasis[status].band);
      marks.rail.setAttribute("opacity", windowEmphasis[status].rail);
    }
    for (const edge of content.edges) {
      const [x1, y1] = this.point(edge.a);
      const [x2, y2] = edge.b === null ? this.stub(edge.a, 7) : this.point(edge.b);
      const stroke =
        edge.observables !== 0
          ? colors.observableEdge
          : edge.kind === "window"
            ? windowColors[edge.layer]
            : colors.correction;
      svg(
        "line",
        { x1, y1, x2, y2, stroke, "stroke-width": 2.2, "stroke-linecap": "round" },
        this.step,
      );
    }
    for (const { detector, layer } of content.artificial) {
      const [cx, cy] = this.point(detector);
      const stroke = colors.artificialDefect;
      svg("circle", { cx, cy, r: 4.6, fill: "none", stroke, "stroke-width": 1.2 }, this.rings);
    }
  }

  resize() {}

  dispose() {
    this.scroller.remove();
  }
}
