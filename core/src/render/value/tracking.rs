//! The tracking picture: repeat purchases per period (top) and cumulative (bottom),
//! actual against the model, with the calibration end marked.

use std::fmt::Write;

use super::super::chart::{
    actual_colour, check_finite, check_len, check_not_empty, format_number, model_colour, Anchor, Area, Chart,
    ChartOptions, Linear, Marker, Swatch, Ticks,
};
use super::super::text::num;
use super::{date, model_label};
use crate::render::RenderError;
use crate::value::Tracking;

/// A cohort's repeat purchases per period (the time unit) and cumulative, actual (solid)
/// against the model's expectation (dashed), on time since the cohort's first purchase,
/// with the calibration end drawn as a vertical line across both panels.
///
/// Fails with [`RenderError::InvalidData`] when the columns differ in length, are empty or
/// hold a number that is not finite, [`RenderError::InvalidOption`] for bad options.
///
/// ```
/// use relmap::render::{value::plot_tracking, ChartOptions};
/// use relmap::time::Timestamp;
/// use relmap::value::{tracking, BetaGeo, BetaGeoParams, SummaryConfig};
/// let day = |s: &str| s.parse::<Timestamp>().unwrap();
/// let customers = ["a", "a", "a", "b", "b"];
/// let times = ["2024-01-01", "2024-01-20", "2024-03-02", "2024-01-03", "2024-02-25"].map(day);
/// let config = SummaryConfig { holdout_end: Some(day("2024-03-31")), ..SummaryConfig::default() };
/// let bg = BetaGeo::new(BetaGeoParams { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 })?;
/// let tr = tracking(&bg, &customers, &times, day("2024-02-29"), &config)?;
/// let svg = plot_tracking(&tr, &ChartOptions::default())?;
/// assert!(svg.contains("class=\"calibration-end\""));
/// # Ok::<(), relmap::Error>(())
/// ```
pub fn plot_tracking(tracking: &Tracking, opts: &ChartOptions) -> Result<String, RenderError> {
    opts.validate()?;
    let t = tracking;
    let n = t.actual.len();
    check_not_empty("actual", n)?;
    check_len("expected", t.expected.len(), n)?;
    check_len("period_start", t.period_start.len(), n)?;
    check_len("period_end", t.period_end.len(), n)?;
    for (field, col) in [
        ("actual", &t.actual),
        ("expected", &t.expected),
        ("period_start", &t.period_start),
        ("period_end", &t.period_end),
    ] {
        check_finite(field, col.iter().copied())?;
    }
    check_finite("calibration_end", [t.calibration_end, t.end])?;
    if t.end <= 0.0 {
        return Err(RenderError::InvalidData { field: "end".into(), reason: "the observation has no length".into() });
    }
    let unit_days = t.unit.days();
    let when = |units: f64| date(t.start.plus_days((units * unit_days).round() as i64));
    let model = model_label(&t.model);
    let has_holdout = t.end > t.calibration_end + 1e-9;
    let per = t.unit.singular();
    let mut subtitle = format!(
        "{} customers who first bought from {} to {}; {model} fitted on the calibration period.",
        format_number(t.customers as f64, 0),
        date(t.start),
        when(t.calibration_end),
    );
    if let Some(e) = &t.holdout_errors {
        let change = if e.predicted_total > 0.0 {
            let pct = (e.actual_total / e.predicted_total - 1.0) * 100.0;
            match pct.round() {
                p if p > 0.0 => format!(", {p:.0}% more than expected"),
                p if p < 0.0 => format!(", {:.0}% fewer than expected", -p),
                _ => ", as expected".to_owned(),
            }
        } else {
            String::new()
        };
        let _ = write!(
            subtitle,
            " Holdout to {}: {} repeat purchases made, {} expected{change}.",
            when(t.end),
            format_number(e.actual_total, 0),
            format_number(e.predicted_total, 0),
        );
    }
    let title = opts.title.clone().unwrap_or_else(|| format!("Tracking: repeat purchases per {per}"));

    let mut chart = Chart::new(opts);
    let (fs, tick_fs, margin) = (chart.fs, chart.tick_fs, chart.margin);
    let (blue, orange, muted) = (actual_colour(opts.theme), model_colour(opts.theme), chart.pal.muted);
    let top = chart.header(&title, &subtitle);
    let mut legend = vec![
        (Swatch::Line { colour: blue, dashed: false, marker: Marker::None }, "Actual".to_owned()),
        (Swatch::Line { colour: orange, dashed: true, marker: Marker::None }, format!("Model ({model})")),
    ];
    if has_holdout {
        legend.push((Swatch::Line { colour: muted, dashed: true, marker: Marker::None }, "Calibration end".to_owned()));
    }
    let top = chart.legend(&legend, top) + fs * 0.4;

    let cum_actual = t.actual_cumulative();
    let cum_expected = t.expected_cumulative();
    let panel_h = (chart.w * 0.3).clamp(120.0, 220.0).round();
    let max_of = |a: &[f64], b: &[f64]| a.iter().chain(b).copied().fold(0.0, f64::max);
    let ticks_inc = Ticks::covering(0.0, max_of(&t.actual, &t.expected), (panel_h / 38.0) as usize);
    let ticks_cum = Ticks::covering(0.0, max_of(&cum_actual, &cum_expected), (panel_h / 38.0) as usize);
    let x0 = margin + chart.y_band(&ticks_inc).max(chart.y_band(&ticks_cum));
    // Room on the right for half of the last x label.
    let right_pad = chart.text_w(&format_number(t.end.ceil(), 0), tick_fs, false) / 2.0 + 2.0;
    let band_h = fs * 1.5;
    let upper = Area { x: x0, y: top + band_h + tick_fs * 0.6, w: chart.w - margin - right_pad - x0, h: panel_h };
    let lower = Area { y: upper.bottom() + tick_fs * 2.2, ..upper };
    let xs = Linear { d0: 0.0, d1: t.end, r0: upper.x, r1: upper.right() };
    let min_gap = chart.text_w(&format_number(t.end.ceil(), 0), tick_fs, false) + 14.0;
    let x_ticks = Ticks::within(0.0, t.end, &xs, min_gap.max(36.0));

    let panels = [
        (upper, &ticks_inc, format!("Repeat purchases per {per}"), &t.actual, &t.expected, "incremental"),
        (lower, &ticks_cum, "Cumulative repeat purchases".to_owned(), &cum_actual, &cum_expected, "cumulative"),
    ];
    for (k, (area, ticks, y_title, actual, expected, class)) in panels.iter().enumerate() {
        let ys = Linear { d0: 0.0, d1: ticks.max(), r0: area.bottom(), r1: area.y };
        let _ = write!(chart.out, r#"<g class="panel {class}">"#);
        chart.y_axis(*area, ticks, &ys, y_title, true);
        chart.x_axis_linear(*area, &x_ticks, &xs, k == 1);
        for (values, colour, dashed, series) in [(*actual, blue, false, "actual"), (*expected, orange, true, "model")] {
            let points: Vec<(f64, f64)> =
                t.period_end.iter().zip(values.iter()).map(|(&x, &v)| (xs.at(x), ys.at(v))).collect();
            chart.line(&points, values, colour, dashed, &format!("line {series}"));
        }
        chart.out.push_str("</g>");
    }
    if has_holdout {
        let bx = xs.at(t.calibration_end);
        let _ = write!(
            chart.out,
            r#"<g class="calibration-end" data-value="{}"><path d="M{x} {}V{}M{x} {}V{}" stroke="{}" stroke-width="1.3" stroke-dasharray="4 3"/>"#,
            t.calibration_end,
            num(upper.y - 2.0),
            num(upper.bottom()),
            num(lower.y),
            num(lower.bottom()),
            muted.hex(),
            x = num(bx),
        );
        let y = top + fs * 1.1;
        let (left, right) = ("◂ calibration", "holdout ▸");
        if bx - 5.0 - chart.text_w(left, fs, false) >= upper.x {
            chart.text(bx - 5.0, y, fs, Anchor::End, false, muted, left, "");
        }
        if bx + 5.0 + chart.text_w(right, fs, false) <= chart.w - margin {
            chart.text(bx + 5.0, y, fs, Anchor::Start, false, muted, right, "");
        }
        chart.out.push_str("</g>");
    }
    let x_title = format!("{} since the cohort's first purchase ({})", capitalised(t.unit.plural()), date(t.start));
    let bottom = chart.x_title(lower, lower.bottom() + chart.x_labels_h(1), &x_title);
    Ok(chart.finish("tracking", bottom + margin, &title, &subtitle))
}

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}
