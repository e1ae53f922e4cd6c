// One sentence on a shot where the seed's independent windows fail and parallel-window does
// not: which chain crossed which cut. The core reads it (ShotViewer.cutStory: the sampled
// error or global matching's edge whose detectors lie in two different independent windows'
// recording blocks, and the parallel-window artificial defect nearest that cut); this module
// only puts it into words.

/**
 * @param {{single_window: boolean, crossing: object|null}} reading the core's cutStory()
 * @returns {{text: string, layer: number|null}} the sentence, and the layer that shows the
 *   point best (the artificial defect's, else the cut's)
 */
export function describeCut({ single_window: singleWindow, crossing: c }) {
  if (singleWindow) {
    return {
      text: "This memory fits in a single window, so there is no cut for a chain to cross: make r longer than c + 2w to see one.",
      layer: null,
    };
  }
  if (!c) {
    return {
      text: "No single error or matched edge of this shot crosses a cut between the seed's windows: they failed by matching defects near their time edges to the boundary rather than to each other.",
      layer: null,
    };
  }
  const what =
    c.kind === "error"
      ? `an error chain (a sampled error on detectors ${c.from.detector} at t = ${c.from.t} and ${c.to.detector} at t = ${c.to.t})`
      : `the chain global matching joins by the edge ${c.from.detector} (t = ${c.from.t}) – ${c.to.detector} (t = ${c.to.t})`;
  const h = c.hand_over;
  const handed = h
    ? `parallel-window committed the edges crossing its cut and handed detector ${h.detector} (t = ${h.t}) to window ${h.window} as an artificial defect, so the halves are matched as one chain`
    : "parallel-window decided both halves in one window, so they were matched as one chain";
  return {
    text: `Here ${what} crosses the cut at t = ${c.cut} between the seed's windows ${c.from.block + 1} and ${c.to.block + 1}, which decode their halves apart, each matching its half to its own time edge; ${handed}.`,
    layer: h ? h.t : c.cut,
  };
}
