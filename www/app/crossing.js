// Where the logical error rates of two distances cross (the threshold estimate of the results
// panel). Pure functions, no DOM: tests/e2e/crossing.test.mjs tests them in Node.
//
// For each pair of adjacent distances (same basis, decoder and noise model), a straight line is
// fitted by least squares to log(rate) against log(p) for each distance, over the p values both
// have; the estimate is where the two lines cross. Its interval comes from the rates'
// likelihood intervals: the same lines fitted to the interval ends, and the crossings of one
// distance's low line with the other's high line (and the other way round). When the lines do
// not cross inside the measured p range, there is no estimate: "no crossing in range".

/** Least-squares line y = a + b·x; null with fewer than two distinct x. */
export function fitLine(points) {
  const n = points.length;
  if (n < 2) return null;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const [x, y] of points) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

/** p where two log-log lines cross, or NaN when they are (nearly) parallel or missing. */
export function crossAt(first, second) {
  if (!first || !second) return NaN;
  const dslope = first.slope - second.slope;
  if (Math.abs(dslope) < 1e-9) return NaN;
  return Math.exp((second.intercept - first.intercept) / dslope);
}

/** The log-log line of one distance's rates (`pick` chooses best, low or high). */
function lineOf(points, pick) {
  const usable = points.filter((point) => pick(point) > 0);
  return fitLine(usable.map((point) => [Math.log(point.p), Math.log(pick(point))]));
}

/**
 * The crossing of two distances' curves. `first` and `second` are lists of
 * {p, best, low, high} (rates with their interval); returns
 * {estimate, low, high, inRange, points, pRange} (NaN where undefined).
 */
export function crossing(first, second) {
  const shared = first
    .filter((a) => second.some((b) => b.p === a.p))
    .map((a) => a.p)
    .filter((p) => p > 0);
  const on = (list) => list.filter((point) => shared.includes(point.p));
  const [one, two] = [on(first), on(second)];
  const pMin = Math.min(...shared);
  const pMax = Math.max(...shared);
  const best = (point) => point.best;
  const estimate = crossAt(lineOf(one, best), lineOf(two, best));
  const ends = [
    crossAt(
      lineOf(one, (q) => q.low),
      lineOf(two, (q) => q.high),
    ),
    crossAt(
      lineOf(one, (q) => q.high),
      lineOf(two, (q) => q.low),
    ),
  ].filter(Number.isFinite);
  const inRange = Number.isFinite(estimate) && estimate >= pMin && estimate <= pMax;
  return {
    estimate,
    low: ends.length === 2 ? Math.min(...ends) : NaN,
    high: ends.length === 2 ? Math.max(...ends) : NaN,
    inRange,
    points: shared.length,
    pRange: [pMin, pMax],
  };
}

/**
 * Crossings of adjacent distances for described result rows ({basis, decoder, noise, d,
 * pValue, rates}), per shot or per round (`kind`).
 */
export function crossings(rows, kind) {
  const groups = new Map();
  for (const row of rows) {
    if (!Number.isFinite(row.pValue) || !(row.pValue > 0)) continue;
    const key = `${row.basis}|${row.decoder}|${row.noise}`;
    if (!groups.has(key)) groups.set(key, new Map());
    const byDistance = groups.get(key);
    if (!byDistance.has(row.d)) byDistance.set(row.d, []);
    const fit = kind === "round" ? row.rates.perRound : row.rates.perShot;
    byDistance.get(row.d).push({ p: row.pValue, best: fit.best, low: fit.low, high: fit.high });
  }
  const found = [];
  for (const [key, byDistance] of groups) {
    const [basis, decoder, noise] = key.split("|");
    const distances = [...byDistance.keys()].sort((x, y) => x - y);
    for (let i = 0; i + 1 < distances.length; i++) {
      const [d1, d2] = [distances[i], distances[i + 1]];
      const result = crossing(byDistance.get(d1), byDistance.get(d2));
      if (result.points >= 2) found.push({ basis, decoder, noise, d1, d2, ...result });
    }
  }
  return found;
}

const short = (x) => String(+x.toPrecision(2));

/** One crossing in words: "d = 3 / 5: p ≈ 0.0082 [0.0071, 0.0095]". */
export function describeCrossing(c) {
  const pair = `d = ${c.d1} / ${c.d2}`;
  if (!c.inRange)
    return `${pair}: no crossing in range (p ${short(c.pRange[0])} … ${short(c.pRange[1])})`;
  const interval =
    Number.isFinite(c.low) && Number.isFinite(c.high)
      ? ` [${short(c.low)}, ${short(c.high)}]`
      : " (interval undefined)";
  return `${pair}: p ≈ ${short(c.estimate)}${interval}`;
}
