// The logical error rate against p on log-log axes, one curve per task identity (the core's
// grouping, `wasm.analyzeRows`: everything in the metadata but p, r as "1d", "3d" …), with
// sinter's likelihood-ratio-1000 intervals as shaded bands and error bars, and each threshold
// estimate (the core's crossing) as a shaded p interval with a dashed line at its estimate.
// The legend names what tells the curves apart; each legend row is a `plot-curve` element
// whose `data-key` is its curve's identity. uPlot draws the axes and curves; bands, bars and
// crossings are drawn in its draw hook.

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
   * Draws the `curves` of `analysis` (`wasm.analyzeRows`: its rows, curves and crossings)
   * with the per-shot or per-round rate (`kind`); `rows` are the described rows, in the order
   * of `analysis.rows`.
   */
  draw(rows, analysis, kind) {
    const curves = analysis.curves;
    const crossings = analysis.crossings.filter((c) => c.p !== null);
    const xs = [...new Set(curves.flatMap((curve) => curve.rows.map((i) => rows[i].pValue)))].sort(
      (x, y) => x - y,
    );
    const pick = (row) => (kind === "round" ? row.rates.perRound : row.rates.perShot);
    // One series per curve; a p held twice by one curve (two tasks with the same metadata, the
    // core's notes say so) gets a series of its own, so no row is hidden behind another.
    const layers = curves.flatMap((curve) => {
      const layered = [];
      for (const index of curve.rows) {
        const row = rows[index];
        let layer = layered.find((l) => !l.has(row.pValue));
        if (!layer) {
          layer = new Map();
          layered.push(layer);
        }
        layer.set(row.pValue, row);
      }
      return layered.map((layer, depth) => ({ curve, layer, depth }));
    });
    const fits = layers.map(({ layer }) =>
      xs.map((x) => (layer.has(x) ? pick(layer.get(x)) : null)),
    );
    const curveIndex = new Map(curves.map((curve, index) => [curve.key, index]));
    const colorOf = (layerIndex) =>
      COLORS[curveIndex.get(layers[layerIndex].curve.key) % COLORS.length];
    const data = [
      xs,
      ...fits.map((list) => list.map((fit) => (fit && fit.best > 0 ? fit.best : null))),
    ];
    const series = [
      { label: "p" },
      ...layers.map(({ curve, depth }, index) => ({
        label: depth === 0 ? curve.legend : `${curve.legend} (second task)`,
        stroke: colorOf(index),
        width: 2,
        dash: depth === 0 ? undefined : [4, 3],
        spanGaps: true,
        points: { size: 6, fill: colorOf(index) },
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
        ctx.fillStyle = colorOf(index);
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
      for (const c of crossings) {
        const x0 = u.valToPos(Math.max(c.low, u.scales.x.min), "x", true);
        const x1 = u.valToPos(Math.min(c.high, u.scales.x.max), "x", true);
        ctx.fillStyle = "rgba(134, 142, 150, 0.14)";
        ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
        const x = u.valToPos(c.p, "x", true);
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
        ctx.strokeStyle = colorOf(index);
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
    this.#markLegend(layers, rows);
  }

  /** Marks each legend row as its curve (`plot-curve`, `data-key`, the p of each point). */
  #markLegend(layers, rows) {
    // uPlot lists the x series in the legend only in some modes: count from the end.
    const entries = this.element.querySelectorAll(".u-legend .u-series");
    const offset = entries.length - layers.length;
    layers.forEach(({ curve, depth }, index) => {
      const entry = entries[index + offset];
      if (!entry || depth > 0) return;
      Object.assign(entry.dataset, {
        testid: "plot-curve",
        key: curve.key,
        points: String(curve.rows.length),
        p: curve.rows.map((i) => rows[i].pText).join(","),
      });
    });
  }
}
