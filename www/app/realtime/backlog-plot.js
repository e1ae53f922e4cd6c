// The backlog (rounds received but not yet committed) of the first memory against time, one
// curve per run, as the core reports it: the value just before and just after each commit, so
// every commit is a vertical drop. A dashed line marks c + 2w, the swing a decoder that keeps
// up stays within.

import { FittedChart, RUN_COLORS } from "./chart.js";

export class BacklogPlot {
  constructor(element) {
    this.chart = new FittedChart(element, 260);
  }

  /** @param {{label: string, report: object}[]} runs */
  draw(runs) {
    if (!runs.length) {
      this.chart.clear();
      return;
    }
    // One x column for all curves (uPlot's aligned data): every curve's points in time order,
    // each row holding one curve's value and gaps for the others.
    const points = [];
    runs.forEach((run, index) => {
      for (const [seconds, rounds] of run.report.backlog)
        points.push([seconds * 1e3, index, rounds]);
    });
    points.sort((p, q) => p[0] - q[0]);
    const xs = points.map(([ms]) => ms);
    const curves = runs.map((_, index) =>
      points.map(([, owner, rounds]) => (owner === index ? rounds : null)),
    );
    const swing = Math.max(...runs.map((run) => run.report.swing_rounds));
    const series = [
      { label: "ms" },
      ...runs.map((run, index) => ({
        label: run.label,
        stroke: RUN_COLORS[index % RUN_COLORS.length],
        width: 2,
        spanGaps: true,
        points: { show: false },
      })),
      {
        label: `c + 2w = ${swing}`,
        stroke: "#868e96",
        dash: [6, 4],
        width: 1.5,
        points: { show: false },
      },
    ];
    this.chart.draw(
      {
        scales: {
          x: { time: false },
          y: { range: (u, min, max) => [0, Math.max(max, swing) * 1.08] },
        },
        axes: [
          { label: "time since the first round (ms)" },
          { label: "backlog (rounds)", size: 56 },
        ],
        legend: { live: false },
        cursor: { show: false },
        series,
      },
      [xs, ...curves, xs.map(() => swing)],
    );
  }
}
