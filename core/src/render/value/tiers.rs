//! The tier overview: customers and predicted value per tier, side by side.

use std::fmt::Write;

use super::super::chart::{
    check_finite, check_not_empty, format_number, tooltip, Anchor, Area, Chart, ChartOptions, Linear, Ticks,
};
use super::super::style::Rgb;
use super::super::text::num;
use crate::render::RenderError;
use crate::value::{Tier, TierOverview};

fn tier_colour(tier: Tier) -> Rgb {
    match tier {
        Tier::Vip => Rgb(0x6f, 0x42, 0xc1),
        Tier::Growth => Rgb(0x23, 0x9a, 0x4b),
        Tier::ChurnRisk => Rgb(0xd6, 0x33, 0x2a),
        Tier::LowValue => Rgb(0x86, 0x8e, 0x96),
    }
}

fn tier_label(tier: Tier) -> &'static str {
    match tier {
        Tier::Vip => "VIP",
        Tier::Growth => "Growth",
        Tier::ChurnRisk => "Churn risk",
        Tier::LowValue => "Low value",
    }
}

/// A share in whole percent; a small but non-zero share reads "<1%", not "0%".
fn share(part: f64, whole: f64) -> String {
    if whole <= 0.0 {
        return "–".into();
    }
    let pct = part / whole * 100.0;
    if pct > 0.0 && pct < 0.5 {
        "<1%".into()
    } else {
        format!("{pct:.0}%")
    }
}

/// Customers (left) and total predicted value (right) per value tier, as bars with
/// their numbers and shares; the panels stack on narrow charts.
///
/// Fails with [`RenderError::InvalidData`] when there are no tiers or a value is
/// negative or not finite, [`RenderError::InvalidOption`] for bad options.
///
/// ```
/// use relmap::render::{value::plot_tiers, ChartOptions};
/// use relmap::value::{Tier, TierReport};
/// let report = TierReport { tier: vec![Tier::Vip, Tier::LowValue, Tier::ChurnRisk], reason: vec![String::new(); 3],
///     vip_threshold: 90.0 };
/// let overview = report.overview(&[100.0, 5.0, 7.0], &[0.9, 0.5, 0.2])?;
/// let svg = plot_tiers(&overview, &ChartOptions::default())?;
/// assert!(svg.contains(">Churn risk<"));
/// # Ok::<(), relmap::Error>(())
/// ```
pub fn plot_tiers(overview: &TierOverview, opts: &ChartOptions) -> Result<String, RenderError> {
    opts.validate()?;
    let o = overview;
    check_not_empty("tiers", o.tiers.len())?;
    check_finite("tiers.clv", o.tiers.iter().map(|t| t.clv))?;
    if let Some(k) = o.tiers.iter().position(|t| t.clv < 0.0) {
        return Err(RenderError::InvalidData {
            field: format!("tiers[{k}].clv"),
            reason: "a tier's predicted value is negative; the bars show totals of at least 0".into(),
        });
    }
    let customers: f64 = o.tiers.iter().map(|t| t.customers as f64).sum();
    let value: f64 = o.tiers.iter().map(|t| t.clv).sum();
    let title = opts.title.clone().unwrap_or_else(|| "Value tiers".into());
    let subtitle = format!(
        "{} customers; predicted value (CLV) {} in total.",
        format_number(customers, 0),
        format_number(value, 0)
    );
    let mut chart = Chart::new(opts);
    let (fs, tick_fs, margin) = (chart.fs, chart.tick_fs, chart.margin);
    let top = chart.header(&title, &subtitle) + fs * 0.4;
    let inner = chart.w - 2.0 * margin;
    let side_by_side = inner >= 520.0;
    let gap = fs * 2.5;
    let panel_w = if side_by_side { (inner - gap) / 2.0 } else { inner };
    let label_w = o.tiers.iter().map(|t| chart.text_w(tier_label(t.tier), fs, false)).fold(0.0, f64::max) + 8.0;
    let row_h = (fs * 2.3).round();
    let panel_h = fs * 1.6 + row_h * o.tiers.len() as f64 + chart.x_labels_h(1);

    type Measure = (&'static str, &'static str, fn(&crate::value::TierCount) -> f64, f64, usize);
    let panels: [Measure; 2] = [
        ("Customers", "customers", |t| t.customers as f64, customers, 0),
        ("Predicted value (CLV)", "clv", |t| t.clv, value, 0),
    ];
    let mut bottom = top;
    for (k, (panel_title, class, measure, total, decimals)) in panels.iter().enumerate() {
        let (px, py) = if side_by_side {
            (margin + k as f64 * (panel_w + gap), top)
        } else {
            (margin, top + k as f64 * (panel_h + fs))
        };
        let values: Vec<f64> = o.tiers.iter().map(measure).collect();
        let labels: Vec<String> =
            values.iter().map(|&v| format!("{} · {}", format_number(v, *decimals), share(v, *total))).collect();
        let value_w = labels.iter().map(|l| chart.text_w(l, tick_fs, false)).fold(0.0, f64::max) + 6.0;
        let bar_x = px + label_w;
        let bar_w = (panel_w - label_w - value_w).max(40.0);
        let max = values.iter().copied().fold(0.0, f64::max);
        let probe = format_number(max.max(1.0) * 1.2, 0);
        let n_ticks = (bar_w / (chart.text_w(&probe, tick_fs, false) + 14.0)).floor().max(1.0) as usize;
        let ticks = Ticks::covering(0.0, max, n_ticks);
        let xs = Linear { d0: 0.0, d1: ticks.max(), r0: bar_x, r1: bar_x + bar_w };
        let area = Area { x: bar_x, y: py + fs * 1.6, w: bar_w, h: row_h * o.tiers.len() as f64 };
        let _ = write!(chart.out, r#"<g class="panel {class}">"#);
        let text = chart.pal.text;
        chart.text(px, py + fs, fs, Anchor::Start, true, text, panel_title, r#" class="panel-title""#);
        // Vertical grid lines at the ticks.
        let grid = chart.pal.band_fill.hex();
        for &v in &ticks.values[1..] {
            let _ = write!(
                chart.out,
                r#"<path d="M{x} {}V{}" stroke="{grid}" stroke-width="1"/>"#,
                num(area.y),
                num(area.bottom()),
                x = num(xs.at(v))
            );
        }
        for (i, t) in o.tiers.iter().enumerate() {
            let cy = area.y + row_h * (i as f64 + 0.5);
            let v = values[i];
            chart.text(
                px,
                cy + fs * 0.35,
                fs,
                Anchor::Start,
                false,
                text,
                tier_label(t.tier),
                r#" class="tier-label""#,
            );
            let tip = format!(
                "{}: {} customers ({}), CLV {} ({}){}",
                tier_label(t.tier),
                format_number(t.customers as f64, 0),
                share(t.customers as f64, customers),
                format_number(t.clv, 2),
                share(t.clv, value),
                t.mean_p_alive.map(|p| format!(", mean P(alive) {p:.2}")).unwrap_or_default()
            );
            let bar_h = row_h * 0.62;
            let _ = write!(
                chart.out,
                r#"<rect class="bar {}" x="{}" y="{}" width="{}" height="{}" rx="2" fill="{}" data-value="{v}">{}</rect>"#,
                t.tier.as_str(),
                num(bar_x),
                num(cy - bar_h / 2.0),
                num(xs.at(v) - bar_x),
                num(bar_h),
                tier_colour(t.tier).hex(),
                tooltip(&tip)
            );
            let muted = chart.pal.muted;
            let lx = xs.at(v) + 5.0;
            chart.text(lx, cy + tick_fs * 0.35, tick_fs, Anchor::Start, false, muted, &labels[i], r#" class="value""#);
        }
        chart.x_axis_linear(area, &ticks, &xs, true);
        chart.out.push_str("</g>");
        bottom = bottom.max(area.bottom() + chart.x_labels_h(1));
    }
    Ok(chart.finish("tiers", bottom + margin, &title, &subtitle))
}
