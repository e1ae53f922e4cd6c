// The space-time view's palette, shared by the 3D scene, the 2D time strip and the legend, so a
// colour means the same thing in all three. Tuned for the view's dark background.

export const background = "#10151f";

export const colors = {
  detectorZ: "#5a83c4",
  detectorX: "#b36a60",
  graphEdge: "#6d7f9e",
  boundary: "#8b96aa",
  defect: "#ffd43b",
  firedError: "#ff922b",
  handError: "#ffffff",
  correction: "#38d9a9",
  observableEdge: "#f0509a",
  observableSheet: "#f0509a",
  artificialDefect: "#ffffff",
  layerHighlight: "#e9ecef",
  label: "#e9ecef",
  muted: "#9aa5b8",
};

/** Window colours by the core's layer letter: parallel-window A and B, sliding, independent. */
export const windowColors = {
  A: "#4dabf7",
  B: "#ff6b6b",
  S: "#b197fc",
  I: "#a9e34b",
};

export const windowNames = {
  A: "layer A window",
  B: "layer B window",
  S: "sliding window",
  I: "independent window",
};

/**
 * How strongly a window shows at each replay status (see stepContent): opacities of its commit
 * and buffer slabs, outline and label in 3D, of its band and rail bar in the 2D strip.
 */
export const windowEmphasis = {
  all: { commit: 0.07, buffer: 0.12, outline: 0.4, label: 1, band: 0.1, rail: 0.85 },
  done: { commit: 0.03, buffer: 0.05, outline: 0.16, label: 0.55, band: 0.04, rail: 0.45 },
  current: { commit: 0.16, buffer: 0.22, outline: 0.9, label: 1, band: 0.2, rail: 1 },
  pending: { commit: 0, buffer: 0, outline: 0.14, label: 0.4, band: 0, rail: 0.25 },
};
