// The logical error rate against p on log-log axes, one curve per distance (and basis and
// decoder when there are several), with sinter's likelihood intervals as shaded bands and error
// bars, and the threshold estimate (crossing.js) as a shaded p interval with a dashed line at
// its estimate. uPlot draws the axes and curves; bands, bars and the crossing are drawn in its
// draw hook.

import uPlot from "../pkg/vendor/uPlot.esm.js";

const COLORS = ["#2f6fdb", "#d9480f", "#2b8a3e", "#862e9c", "#e67700", "#0b7285", "#c2255c"];

/** The power of ten at or below `x`, and at or above it (at most 1: rates are at most 1). */
const decadeBelow = (x) => 10 ** Math.floor(Math.log10(x));
const decadeAbove = (x) => Math.min(1, 10 ** Math.ceil(Math.log10(x)));

export class LerPlot {
  constructor(element) {
    this.element = element;
    this.chart = null;
    this.resize = new ResizeObserver(() => this.#fit());
    this.resize.observe(element);
  }

  #size() {
    const width = Math.max(260, this.element.clientWidth);
    return { width, height: Math.round(Math.min(360, Math.max(240, width * 0.55))) };
  }

  #fit() {
    if (this.chart) this.chart.setSize(this.#size());
  }

  /**
   * Draws `rows` (described rows) with the per-shot or per-round rate (`kind`) and the
   * in-range `crossings` of adjacent distances.
   */
  draw(rows, kind, crossings = []) {
    const usable = rows.filter((row) => Number.isFinite(row.pValue) && row.pValue > 0);
    const key = (row) => `${row.basis}|${row.d}|${row.decoder}|${row.noise}`;
    const groups = new Map();
    for (const row of usable) {
      if (!groups.has(key(row))) groups.set(key(row), []);
      groups.get(key(row)).push(row);
    }
    const many = new Set(usable.map((row) => `${row.basis}|${row.decoder}|${row.noise}`)).size > 1;
    const xs = [...new Set(usable.map((row) => row.pValue))].sort((x, y) => x - y);
    const curves = [...groups.values()].sort((g, h) => g[0].d - h[0].d);
    const fits = curves.map((group) =>
      xs.map((x) => {
        const row = group.find((r) => r.pValue === x);
        return row ? (kind === "round" ? row.rates.perRound : row.rates.perShot) : null;
      }),
    );
    const data = [
      xs,
      ...fits.map((list) => list.map((fit) => (fit && fit.best > 0 ? fit.best : null))),
    ];
    const series = [
      { label: "p" },
      ...curves.map((group, index) => ({
        label: many
          ? `d = ${group[0].d} ${group[0].basis.toUpperCase()} ${group[0].decoder} ${group[0].noise}`
          : `d = ${group[0].d}`,
        stroke: COLORS[index % COLORS.length],
        width: 2,
        spanGaps: true,
        points: { size: 6, fill: COLORS[index % COLORS.length] },
      })),
    ];
    const drawBands = (u) => {
      const ctx = u.ctx;
      ctx.save();
      ctx.globalAlpha = 0.13;
      fits.forEach((list, index) => {
        if (!u.series[index + 1].show) return;
        const points = list
          .map((fit, i) => (fit && fit.high > 0 ? [xs[i], fit] : null))
          .filter(Boolean);
        if (points.length < 2) return;
        ctx.fillStyle = COLORS[index % COLORS.length];
        ctx.beginPath();
        points.forEach(([x, fit], i) => {
          const [px, py] = [u.valToPos(x, "x", true), u.valToPos(fit.high, "y", true)];
          if (i === 0) ctx.moveTo(px, py);
          else ctx.lineTo(px, py);
        });
        for (const [x, fit] of points.reverse()) {
          const low = fit.low > 0 ? fit.low : u.scales.y.min;
          ctx.lineTo(u.valToPos(x, "x", true), u.valToPos(low, "y", true));
        }
        ctx.closePath();
        ctx.fill();
      });
      ctx.restore();
    };
    const drawCrossings = (u) => {
      const ctx = u.ctx;
      const { top, height } = u.bbox;
      ctx.save();
      for (const c of crossings.filter((c) => c.inRange)) {
        if (Number.isFinite(c.low) && Number.isFinite(c.high)) {
          const x0 = u.valToPos(Math.max(c.low, u.scales.x.min), "x", true);
          const x1 = u.valToPos(Math.min(c.high, u.scales.x.max), "x", true);
          ctx.fillStyle = "rgba(134, 142, 150, 0.14)";
          ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
        }
        const x = u.valToPos(c.estimate, "x", true);
        ctx.strokeStyle = "#495057";
        ctx.setLineDash([5 * devicePixelRatio, 4 * devicePixelRatio]);
        ctx.lineWidth = devicePixelRatio;
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, top + height);
        ctx.stroke();
      }
      ctx.restore();
    };
    const drawBars = (u) => {
      drawCrossings(u);
      drawBands(u);
      const ctx = u.ctx;
      ctx.save();
      ctx.lineWidth = 1.5 * devicePixelRatio;
      fits.forEach((list, index) => {
        if (!u.series[index + 1].show) return;
        ctx.strokeStyle = COLORS[index % COLORS.length];
        list.forEach((fit, i) => {
          if (!fit || fit.high <= 0) return;
          const x = u.valToPos(xs[i], "x", true);
          const low = fit.low > 0 ? fit.low : u.scales.y.min;
          const y0 = u.valToPos(low, "y", true);
          const y1 = u.valToPos(fit.high, "y", true);
          const cap = 4 * devicePixelRatio;
          ctx.beginPath();
          ctx.moveTo(x, y0);
          ctx.lineTo(x, y1);
          ctx.moveTo(x - cap, y1);
          ctx.lineTo(x + cap, y1);
          if (fit.low > 0) {
            ctx.moveTo(x - cap, y0);
            ctx.lineTo(x + cap, y0);
          }
          ctx.stroke();
        });
      });
      ctx.restore();
    };
    const bounds = fits.flat().filter(Boolean);
    const positive = bounds.flatMap((fit) => [fit.low, fit.best, fit.high]).filter((v) => v > 0);
    const yMin = positive.length ? Math.min(...positive) : 1e-4;
    const yMax = positive.length ? Math.max(...positive) : 1;
    const options = {
      ...this.#size(),
      title: kind === "round" ? "Logical error rate per round" : "Logical error rate per shot",
      scales: {
        x: { distr: 3, log: 10, range: () => [xs[0] / 1.3, xs.at(-1) * 1.3] },
        // Whole decades: uPlot's log splits loop without end on some ranges that start just
        // below a power of ten (e.g. [0.0095, 0.036]: RangeError after seconds of a hung page).
        y: { distr: 3, log: 10, range: () => [decadeBelow(yMin / 1.5), decadeAbove(yMax * 1.5)] },
      },
      axes: [
        {
          label: "physical error rate p",
          splits: () => xs,
          // uPlot shows only 1-2-5 labels on log axes by default; label every p.
          filter: (u, splits) => splits,
          values: (u, ticks) => ticks.map((t) => (t == null ? "" : String(+t.toPrecision(2)))),
        },
        {
          label: kind === "round" ? "LER per round" : "LER per shot",
          size: 70,
          values: (u, ticks) => ticks.map((t) => (t == null ? "" : t.toExponential(0))),
        },
      ],
      legend: { live: false },
      cursor: { show: false },
      series,
      hooks: { draw: [drawBars] },
    };
    this.chart?.destroy();
    this.chart = null;
    this.element.replaceChildren();
    if (xs.length === 0) {
      const empty = document.createElement("p");
      empty.className = "hint";
      empty.textContent = "The plot appears when there are results.";
      this.element.append(empty);
      return;
    }
    this.chart = new uPlot(options, data, this.element);
  }
}
