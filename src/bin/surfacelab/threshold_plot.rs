//! The threshold plot: log-log logical error rate against p, one curve per distance (and
//! basis), with each point's likelihood-ratio interval drawn as a band, and each threshold
//! estimate (the core's crossing) as a grey band over its interval with a dashed line at its
//! estimate, as an SVG string.

use plotters::prelude::*;
use std::collections::BTreeMap;
use surfacelab::analysis::Crossing;
use surfacelab::collect::stats::RateFit;

/// One task's point on the plot.
pub struct PlotPoint {
    /// The curve it belongs to, e.g. `d = 5 (Z)`.
    pub series: String,
    /// Physical error rate.
    pub p: f64,
    /// Logical error rate with its interval.
    pub rate: RateFit,
    /// Shots behind it (0: nothing to plot).
    pub shots: u64,
}

/// Curve colors that stay apart on white (matplotlib's tab10).
const COLORS: [(u8, u8, u8); 8] = [
    (31, 119, 180),
    (255, 127, 14),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (127, 127, 127),
];

/// Powers of ten around `[low, high]`, so the log axes always show whole decades' ticks.
fn decades(low: f64, high: f64) -> (f64, f64) {
    (
        10f64.powf(low.log10().floor()),
        10f64.powf(high.log10().ceil().max(low.log10().floor() + 1.0)),
    )
}

/// Draws the plot; points with no shots or a non-positive p are left out, and a rate of zero
/// shows only its band's upper end.
pub fn threshold_svg(
    points: &[PlotPoint],
    found: &[Crossing],
    per_round: bool,
    title: &str,
) -> Result<String, String> {
    let shown: Vec<&PlotPoint> = points
        .iter()
        .filter(|point| point.shots > 0 && point.p > 0.0 && point.p.is_finite())
        .collect();
    let positive = |v: f64| (v > 0.0 && v.is_finite()).then_some(v);
    let p_values = shown.iter().map(|point| point.p);
    let (p_low, p_high) =
        p_values.fold((f64::INFINITY, 0f64), |(lo, hi), p| (lo.min(p), hi.max(p)));
    let rates = shown
        .iter()
        .flat_map(|point| [point.rate.low, point.rate.best, point.rate.high])
        .filter_map(positive);
    let (rate_low, rate_high) =
        rates.fold((f64::INFINITY, 0f64), |(lo, hi), r| (lo.min(r), hi.max(r)));
    let (p_low, p_high) = if p_low.is_finite() {
        (p_low / 1.15, p_high * 1.15)
    } else {
        (1e-3, 1e-2)
    };
    let (y_low, y_high) = if rate_low.is_finite() {
        decades(rate_low, rate_high.min(1.0))
    } else {
        (1e-6, 1.0)
    };
    let mut curves: BTreeMap<(usize, &str), Vec<&PlotPoint>> = BTreeMap::new();
    for point in &shown {
        // Curves sorted by their label's length first, so that d = 9 comes before d = 11.
        curves
            .entry((point.series.len(), point.series.as_str()))
            .or_default()
            .push(point);
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 640)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 22))
            .margin(20)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d((p_low..p_high).log_scale(), (y_low..y_high).log_scale())
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .max_light_lines(2)
            .x_desc("physical error rate p")
            .y_desc(if per_round {
                "logical error rate per round"
            } else {
                "logical error rate per shot"
            })
            .x_label_formatter(&|x| format!("{x:.0e}"))
            .y_label_formatter(&|y| format!("{y:.0e}"))
            .draw()
            .map_err(|e| e.to_string())?;
        for estimate in found.iter().filter_map(|crossing| crossing.estimate) {
            let (low, high) = (estimate.low.max(p_low), estimate.high.min(p_high));
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(low, y_low), (high, y_high)],
                    RGBColor(134, 142, 150).mix(0.18).filled(),
                )))
                .map_err(|e| e.to_string())?;
            let dashes = 24;
            let ratio = (y_high / y_low).powf(1.0 / (2 * dashes) as f64);
            chart
                .draw_series((0..dashes).map(|i| {
                    let from = y_low * ratio.powi(2 * i);
                    PathElement::new(
                        vec![(estimate.p, from), (estimate.p, from * ratio)],
                        RGBColor(73, 80, 87).stroke_width(1),
                    )
                }))
                .map_err(|e| e.to_string())?;
        }
        for (index, (_, curve)) in curves.iter_mut().enumerate() {
            curve.sort_by(|a, b| a.p.total_cmp(&b.p));
            let (r, g, b) = COLORS[index % COLORS.len()];
            let color = RGBColor(r, g, b).to_rgba();
            let clamp = |v: f64| v.clamp(y_low, y_high);
            let band: Vec<(f64, f64)> = curve
                .iter()
                .map(|point| (point.p, clamp(point.rate.high)))
                .chain(
                    curve
                        .iter()
                        .rev()
                        .map(|point| (point.p, clamp(point.rate.low))),
                )
                .collect();
            chart
                .draw_series(std::iter::once(Polygon::new(
                    band,
                    color.mix(0.18).filled(),
                )))
                .map_err(|e| e.to_string())?;
            let line: Vec<(f64, f64)> = curve
                .iter()
                .filter_map(|point| positive(point.rate.best).map(|rate| (point.p, rate)))
                .collect();
            chart
                .draw_series(LineSeries::new(line.clone(), color.stroke_width(2)))
                .map_err(|e| e.to_string())?
                .label(curve[0].series.clone())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 24, y)], color.stroke_width(2))
                });
            chart
                .draw_series(
                    line.iter()
                        .map(|&point| Circle::new(point, 3, color.filled())),
                )
                .map_err(|e| e.to_string())?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}
