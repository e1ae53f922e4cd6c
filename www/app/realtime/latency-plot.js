// Window latency (from ready to committed) in decode order, one curve per run, as the core
// measured it on the first memory.

import { FittedChart, RUN_COLORS } from "./chart.js";

export class LatencyPlot {
  constructor(element) {
    this.chart = new FittedChart(element, 170);
  }

  /** @param {{label: string, report: object}[]} runs */
  draw(runs) {
    const longest = Math.max(0, ...runs.map((run) => run.report.latencies_ms.length));
    if (!longest) {
      this.chart.clear();
      return;
    }
    const xs = Array.from({ length: longest }, (_, index) => index);
    this.chart.draw(
      {
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: [
          { label: "window (decode order)" },
          {
            label: "latency (ms)",
            size: 56,
            values: (u, splits) => splits.map((v) => (v == null ? "" : String(+v.toPrecision(2)))),
          },
        ],
        legend: { live: false },
        cursor: { show: false },
        series: [
          { label: "window" },
          ...runs.map((run, index) => ({
            label: run.label,
            stroke: RUN_COLORS[index % RUN_COLORS.length],
            width: 1.5,
            points: { show: false },
          })),
        ],
      },
      [xs, ...runs.map((run) => xs.map((index) => run.report.latencies_ms[index] ?? null))],
    );
  }
}
