// The time strip: a window decoder's windows over the detector layers t = 0 … r, commit region
// solid and buffers lighter, layer A and layer B (or sliding / the seed's independent windows)
// in their own colours, the thread that decoded each, its artificial defects, and the layer the
// lattice shows. Drawn from the core's explain() windows; nothing is computed here.

import { svg } from "./svg.js";

const ROW_HEIGHT = 26;
const ROW_GAP = 6;
const AXIS = 18;
const LABEL = 34;

const KIND = { A: "layer A", B: "layer B", S: "sliding", I: "independent" };

/** Which row a window goes in: A over B; otherwise alternate so overlaps stay visible. */
function rowOf(window, index) {
  if (window.layer === "A") return 0;
  if (window.layer === "B") return 1;
  return index % 2;
}

export class WindowStrip {
  /**
   * @param {SVGSVGElement} root the strip's <svg>
   * @param {(t: number) => void} onPick called with a window's first commit layer on click
   */
  constructor(root, onPick) {
    this.root = root;
    this.onPick = onPick;
    this.last = null;
  }

  /**
   * Draws `windows` over `layers` detector layers with layer `t` marked; `layerOf(detector)`
   * places the artificial defects.
   */
  show(windows, layers, t, layerOf) {
    this.last = { windows, layers, t, layerOf };
    const width = Math.max(
      280,
      this.root.clientWidth || this.root.parentElement?.clientWidth || 800,
    );
    const rows = windows.length ? Math.max(...windows.map(rowOf)) + 1 : 0;
    const height = AXIS + rows * (ROW_HEIGHT + ROW_GAP) + 4;
    this.root.setAttribute("viewBox", `0 0 ${width} ${height}`);
    this.root.setAttribute("height", String(height));
    const cell = (width - LABEL - 4) / layers;
    const x = (layer) => LABEL + layer * cell;
    const parts = [];

    // Axis: every layer that starts a commit region, plus 0 and r.
    const ticks = new Set([0, layers - 1, ...windows.map((w) => w.commit_start)]);
    const axis = svg("g", { class: "axis" });
    axis.append(svg("text", { x: 0, y: 12, class: "axis-label" }, "t"));
    let lastTick = -Infinity;
    for (const tick of [...ticks].sort((a, b) => a - b)) {
      if (x(tick) - lastTick < 22 && tick !== layers - 1) continue;
      lastTick = x(tick);
      axis.append(svg("text", { x: x(tick + 0.5), y: 12, "text-anchor": "middle" }, String(tick)));
    }
    parts.push(axis);

    const seen = {};
    windows.forEach((window, index) => {
      const row = rowOf(window, index);
      // Named as the space-time view names them: A1, A2, …, B1, … in decode order.
      seen[window.layer] = (seen[window.layer] ?? 0) + 1;
      const name = `${window.layer}${seen[window.layer]}`;
      const y = AXIS + row * (ROW_HEIGHT + ROW_GAP);
      const g = svg("g", {
        class: `window layer-${window.layer}`,
        "data-testid": "shot-window",
        "data-layer": window.layer,
        "data-start": String(window.start),
        "data-end": String(window.end),
        "data-commit-start": String(window.commit_start),
        "data-commit-end": String(window.commit_end),
        "data-thread": String(window.thread),
        "data-name": name,
        tabindex: "0",
        role: "button",
      });
      const label = `${name} (${KIND[window.layer] ?? window.layer} window): layers ${window.start}–${window.end - 1}, commits ${window.commit_start}–${window.commit_end - 1}, thread ${window.thread}, ${window.defects.length} defects (${window.artificial_defects.length} artificial), weight ${window.weight.toFixed(2)}`;
      g.setAttribute("aria-label", label);
      g.append(svg("title", {}, label));
      g.append(
        svg("rect", {
          x: x(window.start) + 0.5,
          y,
          width: Math.max(1, (window.end - window.start) * cell - 1),
          height: ROW_HEIGHT,
          class: "buffer",
        }),
      );
      if (window.commit_end > window.commit_start) {
        g.append(
          svg("rect", {
            x: x(window.commit_start) + 0.5,
            y: y + 3,
            width: Math.max(1, (window.commit_end - window.commit_start) * cell - 1),
            height: ROW_HEIGHT - 6,
            class: "commit",
          }),
        );
      }
      const span = (window.commit_end - window.commit_start) * cell;
      if (span > 34) {
        g.append(
          svg(
            "text",
            {
              x: x((window.commit_start + window.commit_end) / 2),
              y: y + 17,
              "text-anchor": "middle",
            },
            span > 70 ? `${name} · T${window.thread}` : name,
          ),
        );
      }
      for (const detector of window.artificial_defects) {
        const layer = layerOf(detector);
        const cx = x(layer + 0.5);
        const cy = y + ROW_HEIGHT / 2;
        const diamond = svg("path", {
          d: `M${cx},${cy - 6} L${cx + 6},${cy} L${cx},${cy + 6} L${cx - 6},${cy} Z`,
          class: "artificial",
          "data-testid": "shot-artificial-defect",
          "data-detector": String(detector),
          "data-layer": String(layer),
        });
        diamond.append(svg("title", {}, `artificial defect: detector ${detector} at t = ${layer}`));
        g.append(diamond);
      }
      const pick = () => this.onPick(window.commit_start);
      g.addEventListener("click", pick);
      g.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          pick();
        }
      });
      parts.push(g);
    });
    for (const [row, name] of [...new Set(windows.map((w, i) => `${rowOf(w, i)}|${w.layer}`))]
      .map((key) => key.split("|"))
      .map(([row, layer]) => [Number(row), layer])) {
      parts.push(
        svg(
          "text",
          { x: 2, y: AXIS + row * (ROW_HEIGHT + ROW_GAP) + 17, class: "row-label" },
          name,
        ),
      );
    }
    parts.push(
      svg("rect", {
        x: x(t),
        y: AXIS - 2,
        width: Math.max(2, cell),
        height: height - AXIS,
        class: "now",
      }),
    );
    this.root.replaceChildren(...parts);
  }

  /** Redraws at the current width (after a resize). */
  redraw() {
    if (this.last) this.show(this.last.windows, this.last.layers, this.last.t, this.last.layerOf);
  }
}
