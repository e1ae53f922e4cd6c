// The lattice: one detector layer of one shot, drawn in SVG from the core's geometry (the
// circuit's own QUBIT_COORDS). Data qubits, X and Z plaquettes (weight-2 ones as half-discs on
// the boundary), the observable's support, the layer's detection events, the fired errors, the
// correction and the hand-made errors. It only draws: every number comes from the core.

import { svg } from "./svg.js";

const DATA_RADIUS = 0.3;
// How far a boundary stub reaches beyond the outermost data qubits.
const STUB_REACH = 1.1;

/** The plaquette's outline: a polygon (weight 4) or a half-disc bulging outwards (weight 2). */
function plaquettePath(ancilla, corners) {
  if (corners.length === 2) {
    const [a, b] = corners;
    const radius = Math.hypot(b.x - a.x, b.y - a.y) / 2;
    // Sweep so the arc passes on the ancilla's side of the chord (SVG's y points down, so a
    // positive sweep turns clockwise on screen).
    const cross = (b.x - a.x) * (ancilla.y - a.y) - (b.y - a.y) * (ancilla.x - a.x);
    const sweep = cross < 0 ? 1 : 0;
    return `M${a.x},${a.y} A${radius},${radius} 0 0 ${sweep} ${b.x},${b.y} Z`;
  }
  const sorted = [...corners].sort(
    (p, q) =>
      Math.atan2(p.y - ancilla.y, p.x - ancilla.x) - Math.atan2(q.y - ancilla.y, q.x - ancilla.x),
  );
  return `M${sorted.map((p) => `${p.x},${p.y}`).join(" L")} Z`;
}

export class LatticeView {
  /**
   * @param {SVGSVGElement} root the lattice's <svg>
   * @param {{onQubit: (q: number) => void, onStabilizer: (q: number) => void}} handlers
   */
  constructor(root, handlers) {
    this.root = root;
    this.handlers = handlers;
    this.geometry = null;
  }

  /** Draws the static lattice of a memory. */
  setGeometry(geometry) {
    this.geometry = geometry;
    const qubits = new Map(geometry.qubits.map((q) => [q.index, q]));
    this.qubits = qubits;
    const data = geometry.qubits.filter((q) => q.role === "data");
    const xs = data.map((q) => q.x);
    const ys = data.map((q) => q.y);
    this.bounds = {
      minX: Math.min(...xs),
      maxX: Math.max(...xs),
      minY: Math.min(...ys),
      maxY: Math.max(...ys),
    };
    // Where each stabilizer's marks go: the ancilla for a plaquette, inside a half-disc for
    // a boundary one (its ancilla sits on the arc).
    this.anchors = new Map();
    for (const q of geometry.qubits) {
      if (q.role === "data") continue;
      const corners = q.support.map((i) => qubits.get(i));
      if (corners.length === 2) {
        const mid = { x: (corners[0].x + corners[1].x) / 2, y: (corners[0].y + corners[1].y) / 2 };
        this.anchors.set(q.index, {
          x: mid.x + 0.45 * (q.x - mid.x),
          y: mid.y + 0.45 * (q.y - mid.y),
        });
      } else {
        this.anchors.set(q.index, { x: q.x, y: q.y });
      }
    }
    this.exits = this.#boundaryQubits(geometry);
    this.exitAxis = this.#exitAxes(geometry);
    // Detector lookup: layer t -> stabilizer qubit -> detector index.
    this.detectorAt = new Map();
    geometry.detectors.forEach((detector, index) => {
      const t = Math.round(detector.t);
      if (!this.detectorAt.has(t)) this.detectorAt.set(t, new Map());
      this.detectorAt.get(t).set(detector.qubit, index);
    });

    const pad = 1.6;
    const { minX, maxX, minY, maxY } = this.bounds;
    this.root.setAttribute(
      "viewBox",
      `${minX - pad} ${minY - pad} ${maxX - minX + 2 * pad} ${maxY - minY + 2 * pad}`,
    );
    this.root.replaceChildren();
    this.plaquetteLayer = svg("g", { class: "plaquettes" });
    this.observableLayer = svg("g", { class: "observable" });
    this.marksLayer = svg("g", { class: "marks" });
    this.dataLayer = svg("g", { class: "data-qubits" });
    this.edgeLayer = svg("g", { class: "edges" });
    this.root.append(
      this.plaquetteLayer,
      this.observableLayer,
      this.marksLayer,
      this.edgeLayer,
      this.dataLayer,
    );

    this.plaquettes = new Map();
    for (const q of geometry.qubits) {
      if (q.role === "data") continue;
      const corners = q.support.map((i) => qubits.get(i));
      const path = svg("path", {
        d: plaquettePath(q, corners),
        class: `plaquette role-${q.role}`,
        "data-testid": "shot-stabilizer",
        "data-qubit": String(q.index),
        "data-role": q.role,
        "data-lit": "0",
        tabindex: "0",
        role: "button",
        "aria-label": `${q.role} stabilizer, measure qubit ${q.index}: toggle its measurement error`,
      });
      path.append(svg("title", {}, `${q.role} stabilizer (measure qubit ${q.index})`));
      this.#clickable(path, () => this.handlers.onStabilizer(q.index));
      this.plaquettes.set(q.index, path);
      this.plaquetteLayer.append(path);
    }

    const support = geometry.observable_qubits.map((i) => qubits.get(i)).filter(Boolean);
    if (support.length) {
      const line = svg("polyline", {
        points: support.map((p) => `${p.x},${p.y}`).join(" "),
        class: "observable-line",
      });
      line.append(svg("title", {}, "the logical observable's support"));
      this.observableLayer.append(line);
    }
    const onObservable = new Set(geometry.observable_qubits);

    this.dataCircles = new Map();
    for (const q of data) {
      const circle = svg("circle", {
        cx: q.x,
        cy: q.y,
        r: DATA_RADIUS,
        class: `data-qubit${onObservable.has(q.index) ? " on-observable" : ""}`,
        "data-testid": "shot-qubit",
        "data-qubit": String(q.index),
        tabindex: "0",
        role: "button",
        "aria-label": `data qubit ${q.index}: toggle an error at the shown round`,
      });
      circle.append(svg("title", {}, `data qubit ${q.index} (${q.x}, ${q.y})`));
      this.#clickable(circle, () => this.handlers.onQubit(q.index));
      this.dataCircles.set(q.index, circle);
      this.dataLayer.append(circle);
    }
  }

  #clickable(element, action) {
    element.addEventListener("click", action);
    element.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        action();
      }
    });
  }

  /**
   * For each stabilizer, the data qubits of its support that no other stabilizer of its type
   * contains: an error there flips only this stabilizer, so its boundary edges leave through
   * them (drawing only; the edge itself is the core's).
   */
  #boundaryQubits(geometry) {
    const count = { X: new Map(), Z: new Map() };
    for (const q of geometry.qubits) {
      if (q.role === "data") continue;
      for (const i of q.support) count[q.role].set(i, (count[q.role].get(i) ?? 0) + 1);
    }
    const exits = new Map();
    for (const q of geometry.qubits) {
      if (q.role === "data") continue;
      exits.set(
        q.index,
        q.support.filter((i) => count[q.role].get(i) === 1).map((i) => this.qubits.get(i)),
      );
    }
    return exits;
  }

  /** Where a detector's marks go. */
  #detectorPoint(detector) {
    const d = this.geometry.detectors[detector];
    return this.anchors.get(d.qubit) ?? { x: d.x, y: d.y };
  }

  /**
   * The points a boundary edge from `detector` runs through to just outside the lattice: straight
   * out through the stabilizer's boundary data qubit, across the sides where its type's chains
   * end (those of the other type's weight-2 stabilizers), or from the stabilizer itself when it
   * has no such qubit.
   */
  #boundaryPath(detector) {
    const d = this.geometry.detectors[detector];
    const role = this.qubits.get(d.qubit)?.role ?? "Z";
    const from = this.#detectorPoint(detector);
    const { minX, maxX, minY, maxY } = this.bounds;
    const horizontal = this.exitAxis[role] === "x";
    const gap = (p) =>
      horizontal ? Math.min(p.x - minX, maxX - p.x) : Math.min(p.y - minY, maxY - p.y);
    // Nearest the side; of equals, away from the corners (either is a valid exit).
    const corner = (p) =>
      horizontal ? Math.min(p.y - minY, maxY - p.y) : Math.min(p.x - minX, maxX - p.x);
    const exit = [...(this.exits.get(d.qubit) ?? [])].sort(
      (p, q) => gap(p) - gap(q) || corner(q) - corner(p),
    )[0];
    const via = exit ?? from;
    const end = horizontal
      ? { x: via.x - minX < maxX - via.x ? minX - STUB_REACH : maxX + STUB_REACH, y: via.y }
      : { x: via.x, y: via.y - minY < maxY - via.y ? minY - STUB_REACH : maxY + STUB_REACH };
    return exit ? [from, exit, end] : [from, end];
  }

  /** For each type, "x" (left/right) or "y" (top/bottom): where the other type's weight-2 stabilizers sit. */
  #exitAxes(geometry) {
    const { minX, maxX } = this.bounds;
    const sideOf = (role) => {
      let leftRight = 0;
      let topBottom = 0;
      for (const q of geometry.qubits) {
        if (q.role !== role || q.support.length !== 2) continue;
        if (q.x < minX || q.x > maxX) leftRight++;
        else topBottom++;
      }
      return leftRight >= topBottom ? "x" : "y";
    };
    return { X: sideOf("Z"), Z: sideOf("X") };
  }

  /**
   * Draws the graph edge a–b (b null: the boundary) as seen in layer t: a segment in the
   * layer, a stub to the boundary, or a ring where the edge leaves for the layer before or after.
   */
  #edge(a, b, t, className, title) {
    const layerOf = (i) => Math.round(this.geometry.detectors[i].t);
    let [here, there] = [a, b];
    if (layerOf(here) !== t) [here, there] = [b, a];
    if (here === null || layerOf(here) !== t) return null;
    const p = this.#detectorPoint(here);
    let shape;
    if (there === null) {
      shape = svg("polyline", {
        points: this.#boundaryPath(here)
          .map((point) => `${point.x},${point.y}`)
          .join(" "),
        class: `edge ${className}`,
      });
    } else if (layerOf(there) === t) {
      const q = this.#detectorPoint(there);
      shape = svg("line", { x1: p.x, y1: p.y, x2: q.x, y2: q.y, class: `edge ${className}` });
    } else {
      const q = this.#detectorPoint(there);
      const later = layerOf(there) > t;
      shape = svg("g", { class: `edge time ${className}` });
      shape.append(
        svg("circle", {
          cx: p.x,
          cy: p.y,
          // Different sizes, so an error and the correction on the same time edge both show.
          r: (className.startsWith("fired") ? 0.72 : 0.5) + (later ? 0.08 : 0),
          class: later ? "later" : "earlier",
        }),
      );
      if (Math.hypot(q.x - p.x, q.y - p.y) > 0.01) {
        shape.append(svg("line", { x1: p.x, y1: p.y, x2: q.x, y2: q.y, class: "diagonal" }));
      }
    }
    shape.append(svg("title", {}, title));
    return shape;
  }

  /**
   * Draws layer `t` of `explanation` (the core's explain() object) with `handErrors` (a set of
   * "qubit:round" strings) and the window decoders' artificial defects.
   */
  show(explanation, t, handErrors) {
    const layer = this.detectorAt.get(t) ?? new Map();
    const events = new Set(explanation?.detection_events ?? []);
    for (const [qubit, path] of this.plaquettes) {
      const detector = layer.get(qubit);
      const lit = detector !== undefined && events.has(detector);
      path.dataset.lit = lit ? "1" : "0";
      path.classList.toggle("lit", lit);
      path.classList.toggle("no-detector", detector === undefined);
      path.classList.toggle("hand", handErrors.has(`${qubit}:${t}`));
      if (detector !== undefined) path.dataset.detector = String(detector);
      else delete path.dataset.detector;
    }
    for (const [qubit, circle] of this.dataCircles) {
      circle.classList.toggle("hand", handErrors.has(`${qubit}:${t}`));
    }

    const marks = [];
    for (const [qubit, detector] of layer) {
      if (!events.has(detector)) continue;
      const p = this.anchors.get(qubit);
      const dot = svg("circle", { cx: p.x, cy: p.y, r: 0.22, class: "defect" });
      dot.append(svg("title", {}, `detection event: detector ${detector} (t = ${t})`));
      marks.push(dot);
    }
    for (const window of explanation?.windows ?? []) {
      for (const detector of window.artificial_defects) {
        if (Math.round(this.geometry.detectors[detector].t) !== t) continue;
        const p = this.#detectorPoint(detector);
        const s = 0.34;
        const diamond = svg("path", {
          d: `M${p.x},${p.y - s} L${p.x + s},${p.y} L${p.x},${p.y + s} L${p.x - s},${p.y} Z`,
          class: `artificial layer-${window.layer}`,
        });
        diamond.append(
          svg(
            "title",
            {},
            `artificial defect: detector ${detector}, handed to window ${window.layer}`,
          ),
        );
        marks.push(diamond);
      }
    }
    this.marksLayer.replaceChildren(...marks);

    const edges = [];
    for (const fired of explanation?.fired_errors ?? []) {
      const [first, ...rest] = fired.detectors;
      const pairs = rest.length ? rest.map((other) => [first, other]) : [[first, null]];
      const crosses = fired.observables ? " crosses" : "";
      for (const [a, b] of pairs) {
        const title = `sampled error: detectors ${fired.detectors.join(", ")}${crosses ? ", flips the observable" : ""}`;
        const shape = this.#edge(a, b, t, `fired${crosses}`, title);
        if (shape) edges.push(shape);
      }
    }
    const observables = explanation?.path_edge_observables ?? [];
    (explanation?.path_edges ?? []).forEach(([a, b], i) => {
      const crosses = observables[i] ? " crosses" : "";
      const title = `correction: ${a}–${b === null ? "boundary" : b}${crosses ? ", crosses the observable" : ""}`;
      const shape = this.#edge(a, b, t, `correction${crosses}`, title);
      if (shape) edges.push(shape);
    });
    this.edgeLayer.replaceChildren(...edges);
  }
}
