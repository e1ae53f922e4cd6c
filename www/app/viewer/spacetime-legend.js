// The space-time view's legend and status overlay (HTML, shared by the 3D and 2D modes): what
// each mark means, what the current replay step shows, and which thread decoded which window.

import { colors, windowColors, windowNames } from "./spacetime-colors.js";
import { layerSpan, windowLabels } from "./spacetime-model.js";

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function item(swatchClass, color, text) {
  const row = element("li", "st-legend-item");
  const swatch = element("span", `st-swatch ${swatchClass}`);
  swatch.style.setProperty("--swatch", color);
  row.append(swatch, element("span", "", text));
  return row;
}

export class SpaceTimeLegend {
  constructor(container) {
    // A <details>: on a small view the reader folds the key away and keeps the step line.
    this.root = element("details", "st-legend");
    this.root.open = true;
    this.root.dataset.testid = "shot-view-legend";
    this.title = element("summary", "st-legend-title");
    this.title.dataset.testid = "shot-view-step";
    this.list = element("ul", "st-legend-list");
    this.windows = element("ul", "st-legend-windows");
    this.root.append(this.title, this.list, this.windows);
    container.append(this.root);
  }

  /** Rebuilds the symbol list for a shot: only marks the shot (and the mode) has are listed. */
  setShot(explanation, mode) {
    const windows = explanation.windows ?? [];
    const hasObservable = explanation.path_edge_observables.some((o) => o !== 0);
    const rows = [
      item("st-dot", colors.detectorZ, "Z detector"),
      item("st-dot", colors.detectorX, "X detector"),
      ...(mode === "3d"
        ? [item("st-line-thin", colors.graphEdge, "match-graph edge, boundary stub")]
        : []),
      item(
        "st-ball",
        colors.defect,
        `defect (${explanation.detection_events.length})` +
          (windows.length > 0 ? "; faded in a step: outside its windows" : ""),
      ),
      item("st-line-error", colors.firedError, "sampled error (joins its detectors)"),
      item("st-line-thick", colors.correction, "correction (matched path)"),
    ];
    if (hasObservable)
      rows.push(item("st-line-thick", colors.observableEdge, "edge crossing the observable"));
    if ((explanation.hand_errors ?? []).length > 0)
      rows.push(item("st-line-error", colors.handError, "your hand-made error"));
    if (mode === "3d") {
      rows.push(item("st-sheet", colors.observableSheet, "observable's cut"));
      rows.push(item("st-line-boundary", colors.detectorZ, "boundary where Z-detector paths end"));
      rows.push(item("st-line-boundary", colors.detectorX, "boundary where X-detector paths end"));
    }
    if (windows.some((w) => w.artificial_defects.length > 0))
      rows.push(item("st-ring", colors.artificialDefect, "artificial defect at a cut"));
    for (const layer of new Set(windows.map((w) => w.layer)))
      rows.push(item("st-slab", windowColors[layer], `${windowNames[layer]}: commit | buffer`));
    this.list.replaceChildren(...rows);
    this.#windows(windows);
  }

  #windows(windows) {
    const labels = windowLabels(windows);
    this.windowRows = windows.map((w, i) => {
      const row = item(
        "st-slab",
        windowColors[w.layer],
        `${labels[i]}: layers ${layerSpan(w.start, w.end)}, commits ${layerSpan(w.commit_start, w.commit_end)}` +
          ` · thread ${w.thread} · ${w.defects.length} defects` +
          (w.artificial_defects.length ? ` (+${w.artificial_defects.length} artificial)` : ""),
      );
      row.dataset.window = String(i);
      return row;
    });
    this.windows.replaceChildren(...this.windowRows);
  }

  setStep(title, shownWindows) {
    this.title.textContent = title;
    for (const { index, status } of shownWindows)
      this.windowRows?.[index]?.setAttribute("data-status", status);
  }

  dispose() {
    this.root.remove();
  }
}
