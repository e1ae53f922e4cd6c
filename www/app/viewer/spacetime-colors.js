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
