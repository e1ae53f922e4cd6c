// One sentence on a shot where the seed's independent windows fail and parallel-window does
// not: which chain crossed which cut, read off the core's explain() objects of the two decoders
// (and global matching's path). Nothing is decoded here; it only finds, in what the core
// returned, an error or a matched edge whose detectors lie in two different independent
// windows' recording blocks, and the parallel-window artificial defect nearest that cut.

/** The index of the window whose commit (recording) block holds layer t, or -1. */
function blockOf(windows, t) {
  return windows.findIndex((w) => w.commit_start <= t && t < w.commit_end);
}

/**
 * @param {object} geometry the memory's geometry (detector layers)
 * @param {{independent: object, parallel: object, global: object}} shots explain() objects
 * @returns {{text: string, layer: number|null}} the sentence, and the layer that shows the
 *   point best (the artificial defect's, else the cut's)
 */
export function describeCut(geometry, { independent, parallel, global }) {
  const layerOf = (detector) => Math.round(geometry.detectors[detector].t);
  const blocks = independent.windows ?? [];
  if (blocks.length <= 1 || (parallel.windows ?? []).length <= 1) {
    return {
      text: "This memory fits in a single window, so there is no cut for a chain to cross: make r longer than c + 2w to see one.",
      layer: null,
    };
  }
  const seen = {};
  const artificial = (parallel.windows ?? []).flatMap((w) => {
    // Named as the strip and the space-time view name them: A1, A2, …, B1, …
    seen[w.layer] = (seen[w.layer] ?? 0) + 1;
    const name = `${w.layer}${seen[w.layer]}`;
    return w.artificial_defects.map((detector) => ({ detector, t: layerOf(detector), name }));
  });
  const candidates = [];
  const consider = (detectors, kind) => {
    const layers = detectors.map(layerOf);
    const owners = layers.map((t) => blockOf(blocks, t));
    for (let i = 0; i < detectors.length; i++) {
      for (let j = i + 1; j < detectors.length; j++) {
        if (owners[i] === owners[j] || owners[i] < 0 || owners[j] < 0) continue;
        const [early, late] = layers[i] <= layers[j] ? [i, j] : [j, i];
        const cut = blocks[owners[late]].commit_start;
        const nearest = artificial.reduce(
          (best, a) => (!best || Math.abs(a.t - cut) < Math.abs(best.t - cut) ? a : best),
          null,
        );
        candidates.push({
          kind,
          cut,
          from: { detector: detectors[early], t: layers[early], block: owners[early] },
          to: { detector: detectors[late], t: layers[late], block: owners[late] },
          nearest,
          distance: nearest ? Math.abs(nearest.t - cut) : Infinity,
        });
      }
    }
  };
  for (const fired of independent.fired_errors ?? []) consider(fired.detectors, "error");
  for (const [a, b] of global?.path_edges ?? []) if (b !== null) consider([a, b], "matched edge");
  if (!candidates.length) {
    return {
      text: "No single error or matched edge of this shot crosses a cut between the seed's windows: they failed by matching defects near their time edges to the boundary rather than to each other.",
      layer: null,
    };
  }
  candidates.sort((x, y) => x.distance - y.distance || (x.kind === "error" ? -1 : 1));
  const c = candidates[0];
  const what =
    c.kind === "error"
      ? `an error chain (a sampled error on detectors ${c.from.detector} at t = ${c.from.t} and ${c.to.detector} at t = ${c.to.t})`
      : `the chain global matching joins by the edge ${c.from.detector} (t = ${c.from.t}) – ${c.to.detector} (t = ${c.to.t})`;
  const handed = c.nearest
    ? `parallel-window committed the edges crossing its cut and handed detector ${c.nearest.detector} (t = ${c.nearest.t}) to window ${c.nearest.name} as an artificial defect, so the halves are matched as one chain`
    : "parallel-window decided both halves in one window, so they were matched as one chain";
  return {
    text: `Here ${what} crosses the cut at t = ${c.cut} between the seed's windows ${c.from.block + 1} and ${c.to.block + 1}, which decode their halves apart, each matching its half to its own time edge; ${handed}.`,
    layer: c.nearest ? c.nearest.t : c.cut,
  };
}
