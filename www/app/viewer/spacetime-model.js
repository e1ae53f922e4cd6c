// What the space-time view draws, derived from the core's geometry and shot explanation: world
// positions of detectors, the outward direction of boundary edges, the decode steps of a window
// decoder and what each step shows. Pure data, no DOM and no three.js, so the 3D scene and the
// 2D time strip draw the same thing. It never recomputes physics: matchings, windows, threads and
// observables all come from the core; this file only lays them out.

/** World units per detector layer; stabilizers of one type sit 2 apart in x and y. */
export const TIME_SCALE = 1.5;

const boundaryKey = (a) => `${a}:-`;
export const edgeKey = (a, b) =>
  b === null || b === undefined ? boundaryKey(a) : a < b ? `${a}:${b}` : `${b}:${a}`;

export class SpaceTimeModel {
  constructor(geometry) {
    this.geometry = geometry;
    const { detectors, qubits, edges } = geometry;
    const roleOf = new Map(qubits.map((q) => [q.index, q.role]));
    const data = qubits.filter((q) => q.role === "data");
    this.span = {
      minX: Math.min(...data.map((q) => q.x)),
      maxX: Math.max(...data.map((q) => q.x)),
      minY: Math.min(...data.map((q) => q.y)),
      maxY: Math.max(...data.map((q) => q.y)),
    };
    this.center = {
      x: (this.span.minX + this.span.maxX) / 2,
      y: (this.span.minY + this.span.maxY) / 2,
      t: (geometry.num_layers - 1) / 2,
    };
    this.detectorRole = detectors.map((d) => roleOf.get(d.qubit) ?? "Z");
    this.positions = new Float32Array(detectors.length * 3);
    detectors.forEach((d, i) => this.positions.set(this.world(d.x, d.y, d.t), 3 * i));
    this.edgeObservables = new Map(edges.map((e) => [edgeKey(e.a, e.b), e.observables]));
    this.boundaryDirection = this.#boundaryDirections(edges);
    this.dataQubits = data.map((q) => this.world(q.x, q.y, -0.5));
    const byIndex = new Map(qubits.map((q) => [q.index, q]));
    this.observableQubits = geometry.observable_qubits
      .map((index) => byIndex.get(index))
      .filter(Boolean);
  }

  /** World coordinates: lattice x -> x, time -> up (y), lattice y -> z; centred on the origin. */
  world(x, y, t) {
    return [x - this.center.x, (t - this.center.t) * TIME_SCALE, y - this.center.y];
  }

  /** World height of detector layer t (may be fractional: t - 0.5 is the lower edge of layer t). */
  layerY(t) {
    return (t - this.center.t) * TIME_SCALE;
  }

  position(detector) {
    const p = this.positions;
    return [p[3 * detector], p[3 * detector + 1], p[3 * detector + 2]];
  }

  /** Half-widths of the patch in world x and z, data qubits included. */
  get halfSize() {
    return {
      x: (this.span.maxX - this.span.minX) / 2 + 1,
      z: (this.span.maxY - this.span.minY) / 2 + 1,
    };
  }

  observablesOf(a, b) {
    return this.edgeObservables.get(edgeKey(a, b)) ?? 0;
  }

  /**
   * A boundary edge is drawn as a short stub pointing out of the patch, towards the data qubits
   * of its stabilizer that no other stabilizer of the same type checks (where a chain can end).
   * Corner stabilizers, whose such qubits point both ways, follow the majority of their type.
   */
  #boundaryDirections(edges) {
    const { detectors, qubits } = this.geometry;
    const byIndex = new Map(qubits.map((q) => [q.index, q]));
    const checks = { X: new Map(), Z: new Map() };
    for (const q of qubits)
      for (const d of q.role === "data" ? [] : q.support)
        checks[q.role].set(d, (checks[q.role].get(d) ?? 0) + 1);
    const outward = new Map();
    for (const q of qubits) {
      if (q.role === "data") continue;
      let x = 0;
      let y = 0;
      for (const d of q.support) {
        if (checks[q.role].get(d) !== 1) continue;
        x += byIndex.get(d).x - q.x;
        y += byIndex.get(d).y - q.y;
      }
      outward.set(q.index, { x, y });
    }
    const votes = { X: { x: 0, y: 0 }, Z: { x: 0, y: 0 } };
    for (const edge of edges) {
      if (edge.b !== null) continue;
      const v = outward.get(detectors[edge.a].qubit);
      const vote = votes[this.detectorRole[edge.a]];
      if (!v || !vote || Math.abs(v.x) === Math.abs(v.y)) continue;
      vote.x += Math.abs(v.x);
      vote.y += Math.abs(v.y);
    }
    /** Per stabilizer type, the lattice axis across whose two ends its boundary edges leave. */
    this.boundaryAxis = {
      X: votes.X.x >= votes.X.y ? "x" : "y",
      Z: votes.Z.x >= votes.Z.y ? "x" : "y",
    };
    const { minX, maxX, minY, maxY } = this.span;
    const direction = new Float32Array(detectors.length * 3);
    detectors.forEach((d, i) => {
      const axis = this.boundaryAxis[this.detectorRole[i]] ?? "x";
      const v = outward.get(d.qubit) ?? { x: 0, y: 0 };
      const nearer =
        axis === "x" ? (d.x - minX < maxX - d.x ? -1 : 1) : d.y - minY < maxY - d.y ? -1 : 1;
      direction[3 * i + (axis === "x" ? 0 : 2)] = Math.sign(v[axis]) || nearer;
    });
    return direction;
  }
}

/** "3–7" for the half-open layer span [start, end); "5" for one layer. */
export function layerSpan(start, end) {
  return end - 1 === start ? `${start}` : `${start}–${end - 1}`;
}

/** Window labels by layer letter and order within the layer: A1, A2, B1, S1 ... */
export function windowLabels(windows) {
  const seen = {};
  return windows.map((w) => {
    seen[w.layer] = (seen[w.layer] ?? 0) + 1;
    return `${w.layer}${seen[w.layer]}`;
  });
}

/**
 * The decoder's steps as lists of window indices, in decode order: one step for the global
 * decoder; one per window for sliding and independent windows; for parallel-window, all layer-A
 * windows at once (on the a threads), then all layer-B windows.
 */
export function decodeSteps(explanation) {
  const windows = explanation?.windows ?? [];
  if (windows.length === 0) return [[]];
  const indices = windows.map((_, i) => i);
  if (windows.some((w) => w.layer === "A" || w.layer === "B")) {
    return ["A", "B"]
      .map((layer) => indices.filter((i) => windows[i].layer === layer))
      .filter((step) => step.length > 0);
  }
  return indices.map((i) => [i]);
}

/**
 * What one step of the replay shows. step = -1 (or the last step of a one-step decoder) is the
 * finished decode: the core's final correction. Step k shows the corrections committed by the
 * steps before it, and the current windows' own matchings (commit and buffer) in their colours.
 */
export function stepContent(model, explanation, steps, step) {
  const windows = explanation.windows ?? [];
  const labels = windowLabels(windows);
  const all = step < 0 || step >= steps.length;
  const stepOf = new Array(windows.length).fill(0);
  steps.forEach((list, k) => list.forEach((i) => (stepOf[i] = k)));
  const statusOf = (i) =>
    all ? "all" : stepOf[i] < step ? "done" : stepOf[i] === step ? "current" : "pending";
  const shownWindows = windows.map((window, index) => ({
    index,
    window,
    label: labels[index],
    status: statusOf(index),
  }));
  const edges = [];
  const artificial = [];
  if (all) {
    explanation.path_edges.forEach(([a, b], i) =>
      edges.push({ a, b, observables: explanation.path_edge_observables[i] ?? 0, kind: "final" }),
    );
    windows.forEach((w) =>
      w.artificial_defects.forEach((d) => artificial.push({ detector: d, layer: w.layer })),
    );
  } else {
    for (const { window, status } of shownWindows) {
      if (status === "done") {
        // Only the commit region's matching is final; the buffer's is redone by a later window.
        for (const [a, b] of window.committed_edges)
          edges.push({ a, b, observables: model.observablesOf(a, b), kind: "committed" });
      } else if (status === "current") {
        for (const [a, b] of window.path_edges)
          edges.push({
            a,
            b,
            observables: model.observablesOf(a, b),
            kind: "window",
            layer: window.layer,
          });
        window.artificial_defects.forEach((d) =>
          artificial.push({ detector: d, layer: window.layer }),
        );
      }
    }
  }
  // The defects the current windows decode (null: all of them are in play).
  const current = shownWindows.filter((w) => w.status === "current");
  const seen = all ? null : new Set(current.flatMap((w) => w.window.defects));
  return { windows: shownWindows, edges, artificial, all, seen };
}

/** One line saying what the current step shows. */
export function stepTitle(explanation, steps, step) {
  const windows = explanation.windows ?? [];
  if (windows.length === 0) return `global matching · ${explanation.path_edges.length} edges`;
  const labels = windowLabels(windows);
  if (step < 0 || step >= steps.length)
    return `all ${windows.length} windows · final correction (${explanation.path_edges.length} edges)`;
  const list = steps[step].map((i) => `${labels[i]} on thread ${windows[i].thread}`).join(", ");
  return `step ${step + 1} of ${steps.length}: ${list}`;
}
