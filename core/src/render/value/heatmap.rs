//! The frequency–recency heat map, with a colour legend.

use std::fmt::Write;

use super::super::chart::{
    check_len, format_number, tooltip, Anchor, Area, Chart, ChartOptions, Linear, Swatch, Ticks,
};
use super::super::style::Rgb;
use super::super::text::num;
use super::model_label;
use crate::render::RenderError;
use crate::value::{FrequencyRecencyMatrix, MatrixQuantity};

/// The viridis colour map (perceptually uniform, readable with any colour vision), as stops.
const VIRIDIS: [Rgb; 10] = [
    Rgb(0x44, 0x01, 0x54),
    Rgb(0x48, 0x28, 0x78),
    Rgb(0x3e, 0x49, 0x89),
    Rgb(0x31, 0x68, 0x8e),
    Rgb(0x26, 0x82, 0x8e),
    Rgb(0x1f, 0x9e, 0x89),
    Rgb(0x35, 0xb7, 0x79),
    Rgb(0x6e, 0xce, 0x58),
    Rgb(0xb5, 0xde, 0x2b),
    Rgb(0xfd, 0xe7, 0x25),
];

/// The colour of `t` in [0, 1] on the map (linear between the stops, as an SVG gradient draws).
fn colour_at(t: f64) -> Rgb {
    let t = t.clamp(0.0, 1.0) * (VIRIDIS.len() - 1) as f64;
    let k = (t.floor() as usize).min(VIRIDIS.len() - 2);
    VIRIDIS[k].mix(VIRIDIS[k + 1], t - k as f64)
}

/// A heat map of a model's expected purchases or P(alive) over repeat purchases (rows,
/// upwards) and recency (columns), for customers of age T; a colour bar on the right
/// reads the colours back as numbers. Empty cells are combinations no customer can have.
///
/// Fails with [`RenderError::InvalidData`] when the grid is empty or ragged or holds a
/// number that is not finite, [`RenderError::InvalidOption`] for bad options.
///
/// ```
/// use relmap::render::{value::plot_frequency_recency, ChartOptions};
/// use relmap::value::{BetaGeo, BetaGeoParams, FrequencyRecencyConfig, FrequencyRecencyMatrix, MatrixQuantity,
///     RfmData, TimeUnit};
/// let bg = BetaGeo::new(BetaGeoParams { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 })?;
/// let data = RfmData::new(&[0.0, 2.0, 5.0], &[0.0, 20.0, 37.0], &[38.0, 38.0, 38.0])?;
/// let m = FrequencyRecencyMatrix::new(&bg, &data, TimeUnit::Week, MatrixQuantity::PAlive,
///     &FrequencyRecencyConfig::default())?;
/// let svg = plot_frequency_recency(&m, &ChartOptions::default())?;
/// assert!(svg.contains("P(alive)"));
/// # Ok::<(), relmap::Error>(())
/// ```
pub fn plot_frequency_recency(matrix: &FrequencyRecencyMatrix, opts: &ChartOptions) -> Result<String, RenderError> {
    opts.validate()?;
    let m = matrix;
    let rows = m.frequency.len();
    let cols = m.recency_edges.len().saturating_sub(1);
    if rows == 0 || cols == 0 {
        return Err(RenderError::InvalidData { field: "values".into(), reason: "an empty grid".into() });
    }
    check_len("values", m.values.len(), rows)?;
    check_len("customers", m.customers.len(), rows)?;
    for r in 0..rows {
        check_len(&format!("values[{r}]"), m.values[r].len(), cols)?;
        check_len(&format!("customers[{r}]"), m.customers[r].len(), cols)?;
        for (j, v) in m.values[r].iter().enumerate() {
            if let Some(v) = v.filter(|v| !v.is_finite()) {
                return Err(RenderError::InvalidData {
                    field: format!("values[{r}][{j}]"),
                    reason: format!("{v} is not finite"),
                });
            }
        }
    }
    if !(m.t.is_finite() && m.t > 0.0) || m.recency_edges.iter().any(|e| !e.is_finite()) {
        return Err(RenderError::InvalidData {
            field: "t".into(),
            reason: "T and the recency edges must be finite, T > 0".into(),
        });
    }
    let model = model_label(&m.model);
    let unit = m.unit;
    let (title, what, bar_title) = match m.quantity {
        MatrixQuantity::ExpectedPurchases => (
            if m.horizon == 1.0 {
                format!("Expected purchases in the next {}", unit.singular())
            } else {
                format!("Expected purchases in the next {}", unit.amount(m.horizon))
            },
            "expected purchases",
            "purchases",
        ),
        MatrixQuantity::PAlive => ("Probability of being alive, P(alive)".to_owned(), "P(alive)", "P(alive)"),
    };
    let title = opts.title.clone().unwrap_or(title);
    let subtitle =
        format!("{model}, by repeat purchases x and recency t_x, for customers observed for T = {}.", unit.amount(m.t));

    let mut chart = Chart::new(opts);
    let (fs, tick_fs, margin) = (chart.fs, chart.tick_fs, chart.margin);
    let empty = chart.pal.band_fill;
    let top = chart.header(&title, &subtitle);
    let legend = [(Swatch::Fill { fill: empty }, "No such customer (x = 0 means t_x = 0)".to_owned())];
    let top = chart.legend(&legend, top) + fs * 0.5;

    let max = m.values.iter().flatten().flatten().copied().fold(0.0, f64::max);
    let colour_ticks = match m.quantity {
        MatrixQuantity::PAlive => Ticks::covering(0.0, 1.0, 5),
        MatrixQuantity::ExpectedPurchases => Ticks::covering(0.0, max, 5),
    };
    let top_value = colour_ticks.max();
    let bar_labels =
        colour_ticks.values.iter().map(|&v| chart.text_w(&colour_ticks.label(v), tick_fs, false)).fold(0.0, f64::max);
    const BAR_W: f64 = 14.0;
    let right_w = (BAR_W + 6.0 + bar_labels).max(chart.text_w(bar_title, fs, true));
    let row_ticks = {
        // Rows are whole numbers: a step of at least 1, labels at least 1.6 lines apart.
        let probe = Ticks::covering(0.0, (rows - 1).max(1) as f64, 6);
        Ticks { values: vec![], step: probe.step.max(1.0) }
    };
    let x0 = margin + chart.y_band(&Ticks { values: vec![(rows - 1) as f64], step: row_ticks.step });
    let plot_w = chart.w - margin - right_w - fs * 1.5 - x0;
    let plot_h = (plot_w * 0.72).clamp(180.0, 440.0).round();
    let area = Area { x: x0, y: top + fs * 1.8, w: plot_w, h: plot_h };
    let ys = Linear { d0: -0.5, d1: rows as f64 - 0.5, r0: area.bottom(), r1: area.y };
    let xs = Linear { d0: 0.0, d1: m.t, r0: area.x, r1: area.right() };
    let cell_h = area.h / rows as f64;
    let mut step = row_ticks.step;
    while step * cell_h < tick_fs * 1.5 {
        step = super::super::chart::nice_step(step * 1.01);
    }
    let y_ticks = Ticks { values: (0..rows).step_by(step as usize).map(|r| r as f64).collect(), step };
    let min_gap = chart.text_w(&format_number(m.t.ceil(), 0), tick_fs, false) + 14.0;
    let x_ticks = Ticks::within(0.0, m.t, &xs, min_gap.max(34.0));

    // Cells.
    chart.out.push_str(r#"<g class="cells" shape-rendering="crispEdges">"#);
    for r in 0..rows {
        for j in 0..cols {
            // Edges rounded as written, so neighbouring cells share them exactly (no seams).
            let round = |v: f64| (v * 10.0).round() / 10.0;
            let (x_a, x_b) = (round(xs.at(m.recency_edges[j])), round(xs.at(m.recency_edges[j + 1])));
            let (y_a, y_b) = (round(ys.at(r as f64 + 0.5)), round(ys.at(r as f64 - 0.5)));
            let geometry =
                format!(r#"x="{}" y="{}" width="{}" height="{}""#, num(x_a), num(y_a), num(x_b - x_a), num(y_b - y_a));
            match m.values[r][j] {
                Some(v) => {
                    let fill = colour_at(if top_value > 0.0 { v / top_value } else { 0.0 });
                    let n = m.customers[r][j];
                    let tip = format!(
                        "x = {}, t_x {}–{}: {what} {:.3} ({} {})",
                        m.frequency[r],
                        format_number(m.recency_edges[j], 1),
                        unit.amount(m.recency_edges[j + 1]),
                        v,
                        n,
                        if n == 1 { "customer" } else { "customers" }
                    );
                    let _ = write!(
                        chart.out,
                        r#"<rect class="cell" data-row="{r}" data-column="{j}" {geometry} fill="{}" data-value="{v}">{}</rect>"#,
                        fill.hex(),
                        tooltip(&tip)
                    );
                }
                None => {
                    let _ = write!(chart.out, r#"<rect class="cell empty" {geometry} fill="{}"/>"#, empty.hex());
                }
            }
        }
    }
    chart.out.push_str("</g>");
    chart.y_axis(area, &y_ticks, &ys, "Repeat purchases x", false);
    chart.x_axis_linear(area, &x_ticks, &xs, true);

    // The colour bar.
    let bx = area.right() + fs * 1.5;
    let bar = Linear { d0: 0.0, d1: top_value, r0: area.bottom(), r1: area.y };
    let _ = write!(
        chart.out,
        r#"<g class="colour-legend" data-max="{top_value}"><defs><linearGradient id="relmap-viridis" x1="0" y1="1" x2="0" y2="0">"#
    );
    for (k, c) in VIRIDIS.iter().enumerate() {
        let offset = k as f64 / (VIRIDIS.len() - 1) as f64;
        let _ = write!(chart.out, r#"<stop offset="{offset:.4}" stop-color="{}"/>"#, c.hex());
    }
    let _ = write!(
        chart.out,
        r#"</linearGradient></defs><rect x="{}" y="{}" width="{BAR_W}" height="{}" fill="url(#relmap-viridis)"/>"#,
        num(bx),
        num(area.y),
        num(area.h)
    );
    let text = chart.pal.text;
    let title_y = area.y - tick_fs * 0.45 - fs * 0.25 - 3.0;
    chart.text(bx, title_y, fs, Anchor::Start, true, text, bar_title, r#" class="colour-title""#);
    for &v in &colour_ticks.values {
        let y = bar.at(v);
        let _ = write!(
            chart.out,
            r#"<g class="tick" data-value="{v}"><line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="1"/>"#,
            num(bx + BAR_W),
            num(bx + BAR_W + 3.0),
            chart.pal.connector.hex(),
            y = num(y)
        );
        let muted = chart.pal.muted;
        chart.text(
            bx + BAR_W + 6.0,
            y + tick_fs * 0.35,
            tick_fs,
            Anchor::Start,
            false,
            muted,
            &colour_ticks.label(v),
            "",
        );
        chart.out.push_str("</g>");
    }
    chart.out.push_str("</g>");
    let x_title = format!("Recency t_x: {} from the first to the last purchase", unit.plural());
    let bottom = chart.x_title(area, area.bottom() + chart.x_labels_h(1), &x_title);
    Ok(chart.finish("frequency-recency", bottom + margin, &title, &subtitle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_map_runs_from_purple_to_yellow() {
        assert_eq!(colour_at(0.0), VIRIDIS[0]);
        assert_eq!(colour_at(1.0), VIRIDIS[9]);
        assert_eq!(colour_at(-1.0), VIRIDIS[0]);
        assert_eq!(colour_at(1.0 / 9.0), VIRIDIS[1]);
    }
}
