// A uPlot chart that follows its element's width: the realtime view's two plots share it.
// Each draw replaces the chart (the series change from one run to the next).

import uPlot from "../../pkg/vendor/uPlot.esm.js";

export const RUN_COLORS = ["#d9480f", "#2f6fdb", "#2b8a3e", "#862e9c"];

export class FittedChart {
  /** @param {HTMLElement} element @param {number} height */
  constructor(element, height) {
    this.element = element;
    this.height = height;
    this.chart = null;
    this.resize = new ResizeObserver(() => this.chart?.setSize(this.#size()));
    this.resize.observe(element);
  }

  #size() {
    return { width: Math.max(240, this.element.clientWidth), height: this.height };
  }

  /** Draws `data` (uPlot's aligned columns) with `options` (no size: it is the element's). */
  draw(options, data) {
    this.chart?.destroy();
    this.element.replaceChildren();
    this.chart = new uPlot({ ...this.#size(), ...options }, data, this.element);
  }

  clear() {
    this.chart?.destroy();
    this.chart = null;
    this.element.replaceChildren();
  }
}
