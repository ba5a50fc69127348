//! Charts over frequency bins (0, 1, …, k+): the holdout comparison (lines) and the
//! period transactions (grouped bars).

use std::fmt::Write;

use super::super::chart::{
    actual_colour, check_finite, check_not_empty, format_number, model_colour, tooltip, Area, Chart, ChartOptions,
    Linear, Marker, Swatch, Ticks,
};
use super::super::style::Rgb;
use super::super::text::num;
use super::model_label;
use crate::render::RenderError;
use crate::value::{HoldoutEvaluation, PeriodTransactions};

/// One data series over the bins.
struct Series {
    label: String,
    values: Vec<f64>,
    colour: Rgb,
    dashed: bool,
    marker: Marker,
    class: &'static str,
}

/// The two series of a bin chart, what happened and what the model says: as lines
/// (solid with circles, dashed with squares) or as bars.
fn actual_and_model(
    opts: &ChartOptions,
    actual: (String, Vec<f64>),
    model: (String, Vec<f64>),
    lines: bool,
) -> Vec<Series> {
    let marker = |m: Marker| if lines { m } else { Marker::None };
    vec![
        Series {
            label: actual.0,
            values: actual.1,
            colour: actual_colour(opts.theme),
            dashed: false,
            marker: marker(Marker::Circle),
            class: "actual",
        },
        Series {
            label: model.0,
            values: model.1,
            colour: model_colour(opts.theme),
            dashed: lines,
            marker: marker(Marker::Square),
            class: "model",
        },
    ]
}

/// Everything a bin chart shows.
struct BinChart {
    kind: &'static str,
    title: String,
    subtitle: String,
    labels: Vec<String>,
    /// A muted second row of x labels (customer counts), drawn where it fits.
    counts: Option<Vec<String>>,
    series: Vec<Series>,
    bars: bool,
    y_title: String,
    x_title: String,
    /// Tooltip of each bin.
    tips: Vec<String>,
}

fn draw(c: &BinChart, opts: &ChartOptions) -> String {
    let mut chart = Chart::new(opts);
    let (fs, tick_fs, margin) = (chart.fs, chart.tick_fs, chart.margin);
    let top = chart.header(&c.title, &c.subtitle);
    let legend: Vec<(Swatch, String)> = c
        .series
        .iter()
        .map(|s| {
            let swatch = if c.bars {
                Swatch::Fill { fill: s.colour }
            } else {
                Swatch::Line { colour: s.colour, dashed: s.dashed, marker: s.marker }
            };
            (swatch, s.label.clone())
        })
        .collect();
    let top = chart.legend(&legend, top) + fs * 0.5;
    let plot_h = (chart.w * 0.5).clamp(170.0, 340.0).round();
    let max = c.series.iter().flat_map(|s| s.values.iter().copied()).fold(0.0, f64::max);
    let ticks = Ticks::covering(0.0, max, (plot_h / 42.0) as usize);
    let x0 = margin + chart.y_band(&ticks);
    let area = Area { x: x0, y: top + tick_fs, w: chart.w - margin - x0, h: plot_h };
    let scale = Linear { d0: 0.0, d1: ticks.max(), r0: area.bottom(), r1: area.y };
    let n = c.labels.len();
    let band = area.w / n as f64;
    let fits = |labels: &[String]| labels.iter().all(|l| chart.text_w(l, tick_fs, false) <= band - 6.0);
    let counts = c.counts.as_deref().filter(|row| fits(row));
    chart.y_axis(area, &ticks, &scale, &c.y_title, true);
    chart.x_axis_bands(area, &c.labels, counts);
    let centre = |k: usize| area.x + band * (k as f64 + 0.5);
    for (si, s) in c.series.iter().enumerate() {
        let _ = write!(chart.out, r#"<g class="series {}">"#, s.class);
        if c.bars {
            let group = band * 0.74;
            let bar_w = group / c.series.len() as f64;
            for (k, &v) in s.values.iter().enumerate() {
                let x = area.x + band * k as f64 + (band - group) / 2.0 + bar_w * si as f64;
                let y = scale.at(v);
                let _ = write!(
                    chart.out,
                    r#"<rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="{}" data-value="{v}">{}</rect>"#,
                    num(x + 0.5),
                    num(y),
                    num(bar_w - 1.0),
                    num(area.bottom() - y),
                    s.colour.hex(),
                    tooltip(&c.tips[k])
                );
            }
        } else {
            let points: Vec<(f64, f64)> = s.values.iter().enumerate().map(|(k, &v)| (centre(k), scale.at(v))).collect();
            chart.line(&points, &s.values, s.colour, s.dashed, "line");
            for (k, (&v, &(x, y))) in s.values.iter().zip(&points).enumerate() {
                let attrs = format!(r#" class="point" data-value="{v}""#);
                chart.marker(s.marker, x, y, s.colour, &attrs, Some(&c.tips[k]));
            }
        }
        chart.out.push_str("</g>");
    }
    let rows = if counts.is_some() { 2 } else { 1 };
    let bottom = chart.x_title(area, area.bottom() + chart.x_labels_h(rows), &c.x_title);
    let desc = c.subtitle.clone();
    chart.finish(c.kind, bottom + margin, &c.title, &desc)
}

/// `+0.12` / `−0.10`.
fn signed(v: f64, decimals: usize) -> String {
    let text = format_number(v, decimals);
    if text.starts_with('−') || text.chars().all(|c| c == '0' || c == '.') {
        text
    } else {
        format!("+{text}")
    }
}

fn unit_amount(e: &HoldoutEvaluation) -> String {
    e.unit.amount(e.duration)
}

/// Mean holdout purchases per customer by calibration frequency (0, 1, …, k+): what
/// the customers did (solid) against what the model expected (dashed), with the
/// customers in each bin under its label.
///
/// Fails with [`RenderError::InvalidData`] when the evaluation has no bins or a number
/// is not finite, [`RenderError::InvalidOption`] for bad options.
pub fn plot_holdout(evaluation: &HoldoutEvaluation, opts: &ChartOptions) -> Result<String, RenderError> {
    opts.validate()?;
    let e = evaluation;
    check_not_empty("bins", e.bins.len())?;
    check_finite("bins.actual_mean", e.bins.iter().map(|b| b.actual_mean))?;
    check_finite("bins.expected_mean", e.bins.iter().map(|b| b.expected_mean))?;
    let model = model_label(&e.model);
    let customers: usize = e.bins.iter().map(|b| b.customers).sum();
    let window = unit_amount(e);
    let err = &e.errors;
    let subtitle = format!(
        "{model} fitted on the calibration period, {} customers, holdout {window}. Per customer: mean absolute error {} purchases, bias {}{}.",
        format_number(customers as f64, 0),
        format_number(err.mae, 2),
        signed(err.bias, 2),
        err.correlation.map(|r| format!(", correlation {r:.2}")).unwrap_or_default(),
    );
    let labels: Vec<String> = e.bins.iter().map(|b| b.label()).collect();
    let tips = e
        .bins
        .iter()
        .map(|b| {
            format!(
                "{} repeat purchases in calibration ({} customers): actual {:.3}, model {:.3} holdout purchases per customer",
                b.label(),
                format_number(b.customers as f64, 0),
                b.actual_mean,
                b.expected_mean
            )
        })
        .collect();
    let chart = BinChart {
        kind: "holdout",
        title: opts.title.clone().unwrap_or_else(|| "Holdout purchases by calibration frequency".into()),
        subtitle,
        labels,
        counts: Some(e.bins.iter().map(|b| format_number(b.customers as f64, 0)).collect()),
        series: actual_and_model(
            opts,
            ("Actual (mean per customer)".into(), e.bins.iter().map(|b| b.actual_mean).collect()),
            (format!("Model ({model})"), e.bins.iter().map(|b| b.expected_mean).collect()),
            true,
        ),
        bars: false,
        y_title: format!("Holdout purchases per customer ({window})"),
        x_title: "Repeat purchases in the calibration period (customers in each bin below)".into(),
        tips,
    };
    Ok(draw(&chart, opts))
}

/// Customers by repeat purchases in the calibration period (0, 1, …, k+): the data
/// against cohorts simulated from the model with the same ages (grouped bars).
///
/// Fails with [`RenderError::InvalidData`] when there are no bins or a count is not
/// finite, [`RenderError::InvalidOption`] for bad options.
pub fn plot_period_transactions(period: &PeriodTransactions, opts: &ChartOptions) -> Result<String, RenderError> {
    opts.validate()?;
    let p = period;
    check_not_empty("bins", p.bins.len())?;
    check_finite("bins.simulated", p.bins.iter().map(|b| b.simulated))?;
    let model = model_label(&p.model);
    let runs = if p.replicates == 1 { "1 cohort".to_owned() } else { format!("the mean of {} cohorts", p.replicates) };
    let subtitle = format!(
        "{} customers against {runs} simulated from the {model} fit (seed {}), each customer observed for as long as in the data.",
        format_number(p.customers as f64, 0),
        p.seed
    );
    let tips = p
        .bins
        .iter()
        .map(|b| {
            format!(
                "{} repeat purchases: {} customers in the data, {} simulated",
                b.label(),
                format_number(b.actual as f64, 0),
                format_number(b.simulated, 1)
            )
        })
        .collect();
    let chart = BinChart {
        kind: "period-transactions",
        title: opts.title.clone().unwrap_or_else(|| "Repeat purchases in the calibration period".into()),
        subtitle,
        labels: p.bins.iter().map(|b| b.label()).collect(),
        counts: None,
        series: actual_and_model(
            opts,
            ("Actual".into(), p.bins.iter().map(|b| b.actual as f64).collect()),
            (format!("Model ({model}, simulated)"), p.bins.iter().map(|b| b.simulated).collect()),
            false,
        ),
        bars: true,
        y_title: "Customers".into(),
        x_title: "Repeat purchases in the calibration period".into(),
        tips,
    };
    Ok(draw(&chart, opts))
}
