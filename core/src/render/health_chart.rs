//! The compact portfolio chart of deal health: one bar per deal, worst first,
//! coloured by status, and the factors that hurt most often, for a sales manager.

use std::fmt::Write;

use super::chart::{tooltip, Anchor, Chart, ChartOptions};
use super::style::{Rgb, STANCE_AGAINST, STANCE_FOR};
use super::text::num;
use super::RenderError;
use crate::health::{HealthStatus, PortfolioHealth};

/// How many of the factors that hurt most often the chart lists.
const COMMON_FACTORS: usize = 5;

fn status_colour(status: HealthStatus, amber: Rgb) -> Rgb {
    match status {
        HealthStatus::Critical => STANCE_AGAINST,
        HealthStatus::AtRisk => amber,
        HealthStatus::Healthy => STANCE_FOR,
    }
}

/// The portfolio view of deal health as an SVG chart: a bar per deal (its score
/// on 0..100, worst first, coloured by status, the top losses in its tooltip)
/// and the factors that hurt most often (in how many deals, points lost).
///
/// ```
/// use relmap::health::{DealHealthConfig, PortfolioHealth};
/// use relmap::model::{Account, Opportunity, RelationshipMap};
/// use relmap::render::{deal_health_chart, ChartOptions};
/// let mut m = RelationshipMap::new(Account::new("acme", "Acme"));
/// m.add_opportunity(Opportunity::new("o1", "Cloud platform"))?;
/// let deals = m.deal_health(&DealHealthConfig::default(), "2026-03-01".parse().unwrap())?;
/// let svg = deal_health_chart(&PortfolioHealth::from_deals(deals), &ChartOptions::default())?;
/// assert!(svg.starts_with("<svg") && svg.contains("Cloud platform") && svg.contains(r#"data-status="critical""#));
/// # Ok::<(), relmap::Error>(())
/// ```
pub fn deal_health_chart(view: &PortfolioHealth, opts: &ChartOptions) -> Result<String, RenderError> {
    opts.validate()?;
    super::chart::check_finite("deals.score", view.deals.iter().map(|d| d.score))?;
    let mut c = Chart::new(opts);
    let [critical, at_risk, healthy] = view.counts;
    let n = view.deals.len();
    let title = opts.title.clone().unwrap_or_else(|| "Deal health (商机健康度)".to_owned());
    let subtitle = format!(
        "{n} {}: {critical} critical, {at_risk} at risk, {healthy} healthy; worst first",
        if n == 1 { "deal" } else { "deals" }
    );
    let mut y = c.header(&title, &subtitle);
    let amber = c.pal.highlight;
    let (left, right) = (c.margin, c.w - c.margin);
    let fs = c.fs;
    let row_h = (fs * 2.0).round();

    // Labels take what they need, at most 38% of the width (phone widths get short ones).
    let label =
        |d: &crate::health::DealHealth| if d.name.is_empty() { d.opportunity.to_string() } else { d.name.clone() };
    let widest = view.deals.iter().map(|d| c.text_w(&label(d), fs, false)).fold(0.0, f64::max);
    let label_w = widest.min((right - left) * 0.38).max(fs * 4.0);
    let score_w = c.text_w("100", fs, true) + 6.0;
    let x0 = left + label_w + 8.0;
    let bar_w = (right - score_w - x0).max(40.0);
    let at = |v: f64| x0 + bar_w * v.clamp(0.0, 100.0) / 100.0;

    if n == 0 {
        y += row_h;
        let muted = c.pal.muted;
        c.text(left, y - fs * 0.6, fs, Anchor::Start, false, muted, "No opportunities.", "");
    } else {
        // The scale: 0, 25, 50, 75, 100 along the top, faint lines down the rows.
        let grid = c.pal.band_fill.mix(c.pal.connector, 0.25).hex();
        let top = y + c.tick_fs + 4.0;
        let bottom = top + row_h * n as f64;
        c.out.push_str(r#"<g class="axis x">"#);
        for v in [0.0, 25.0, 50.0, 75.0, 100.0] {
            let x = at(v);
            let _ = write!(
                c.out,
                r#"<g class="tick" data-value="{v}"><line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{grid}" stroke-width="1"/>"#,
                num(top),
                num(bottom),
                x = num(x),
            );
            let muted = c.pal.muted;
            let tfs = c.tick_fs;
            c.text(x, top - 4.0, tfs, Anchor::Middle, false, muted, &format!("{v}"), "");
            c.out.push_str("</g>");
        }
        c.out.push_str("</g>");
        c.out.push_str(r#"<g class="deals">"#);
        for (k, d) in view.deals.iter().enumerate() {
            let ry = top + row_h * k as f64;
            let cy = ry + row_h / 2.0;
            let colour = status_colour(d.status, amber);
            let losses: Vec<String> = d
                .factors
                .iter()
                .filter(|f| f.impact < 0.0)
                .take(3)
                .map(|f| format!("{:+.1} {}", f.impact, f.code))
                .collect();
            let tip = format!(
                "{} ({}): {:.0}/100, {} {}{}{}",
                label(d),
                d.account,
                d.score,
                d.status,
                d.status.label_zh(),
                if losses.is_empty() { "" } else { "; " },
                losses.join(", ")
            );
            let _ = write!(
                c.out,
                r#"<g class="deal" data-opportunity="{}" data-account="{}" data-score="{}" data-status="{}">{}"#,
                super::text::xml(&d.opportunity),
                super::text::xml(&d.account),
                d.score,
                d.status,
                tooltip(&tip)
            );
            let name = c.wrap(&label(d), fs, false, label_w).remove(0);
            let text = c.pal.text;
            c.text(x0 - 8.0, cy + fs * 0.35, fs, Anchor::End, false, text, &name, "");
            let track = c.pal.band_fill.hex();
            let h = (row_h * 0.56).round();
            let _ = write!(
                c.out,
                r#"<rect x="{}" y="{}" width="{}" height="{h}" rx="2" fill="{track}"/><rect class="bar" x="{}" y="{}" width="{}" height="{h}" rx="2" fill="{}"/>"#,
                num(x0),
                num(cy - h / 2.0),
                num(bar_w),
                num(x0),
                num(cy - h / 2.0),
                num(at(d.score) - x0),
                colour.hex(),
            );
            let score = format!("{:.0}", d.score);
            c.text(at(d.score) + 4.0, cy + fs * 0.35, fs, Anchor::Start, true, text, &score, r#" class="score""#);
            c.out.push_str("</g>");
        }
        c.out.push_str("</g>");
        y = bottom + fs * 0.8;
    }

    // What hurts most often.
    if !view.common_factors.is_empty() && n > 0 {
        y += fs * 1.4;
        let text = c.pal.text;
        c.text(left, y, fs, Anchor::Start, true, text, "What hurts most often", r#" class="section""#);
        y += fs * 0.6;
        c.out.push_str(r#"<g class="common-factors">"#);
        let code_w = view
            .common_factors
            .iter()
            .take(COMMON_FACTORS)
            .map(|f| c.text_w(f.code.as_str(), fs, false))
            .fold(0.0, f64::max)
            .min((right - left) * 0.45);
        let note_w = c.text_w("99 of 99, −999.9 pts", c.tick_fs, false) + 8.0;
        let fx0 = left + code_w + 8.0;
        let fbar = (right - note_w - fx0).max(30.0);
        for f in view.common_factors.iter().take(COMMON_FACTORS) {
            let cy = y + row_h / 2.0;
            let _ = write!(
                c.out,
                r#"<g class="factor" data-code="{}" data-deals="{}" data-total-impact="{}">"#,
                f.code, f.deals, f.total_impact
            );
            let code = c.wrap(f.code.as_str(), fs, false, code_w).remove(0);
            c.text(fx0 - 8.0, cy + fs * 0.35, fs, Anchor::End, false, text, &code, "");
            let h = (row_h * 0.45).round();
            let w = fbar * f.deals as f64 / n as f64;
            let _ = write!(
                c.out,
                r#"<rect x="{}" y="{}" width="{}" height="{h}" rx="2" fill="{}"/>"#,
                num(fx0),
                num(cy - h / 2.0),
                num(w),
                STANCE_AGAINST.mix(c.pal.background, 0.25).hex()
            );
            let note = format!("{} of {n}, {:.1} pts", f.deals, f.total_impact).replace('-', "−");
            let (muted, tfs) = (c.pal.muted, c.tick_fs);
            c.text(fx0 + w + 4.0, cy + tfs * 0.35, tfs, Anchor::Start, false, muted, &note, "");
            c.out.push_str("</g>");
            y += row_h;
        }
        c.out.push_str("</g>");
    }
    let desc = format!("{subtitle}. Bars: each deal's health score on 0..100, coloured by status.");
    let h = y + c.margin;
    Ok(c.finish("deal-health", h, &title, &desc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::DealHealthConfig;
    use crate::model::{Account, Grade, MeddpiccElement, Opportunity};
    use crate::RelationshipMap;

    fn view() -> PortfolioHealth {
        let mut m = RelationshipMap::new(Account::new("acme", "Acme"));
        let mut green = Opportunity::new("green", "All green <&>");
        for e in MeddpiccElement::ALL {
            green.meddpicc.set_grade(e, Grade::Green);
        }
        m.add_opportunity(green).unwrap();
        m.add_opportunity(Opportunity::new("blank", "Not qualified")).unwrap();
        let deals = m.deal_health(&DealHealthConfig::default(), "2026-03-01".parse().unwrap()).unwrap();
        PortfolioHealth::from_deals(deals)
    }

    #[test]
    fn one_bar_per_deal_worst_first_and_the_common_factors() {
        let v = view();
        let svg = deal_health_chart(&v, &ChartOptions::default()).unwrap();
        let blank = svg.find(r#"data-opportunity="blank""#).unwrap();
        let green = svg.find(r#"data-opportunity="green""#).unwrap();
        assert!(blank < green, "worst first");
        assert_eq!(svg.matches(r#"class="deal""#).count(), 2);
        assert!(svg.contains("All green &lt;&amp;&gt;"), "names are escaped");
        for d in &v.deals {
            let mark = format!(
                r#"data-opportunity="{}" data-account="acme" data-score="{}" data-status="{}""#,
                d.opportunity, d.score, d.status
            );
            assert!(svg.contains(&mark), "{mark}");
        }
        assert!(v.deals[0].score < v.deals[1].score);
        // The blank deal loses on every MEDDPICC element: each hurts one deal of two.
        assert!(svg.contains(r#"data-code="meddpicc_champion" data-deals="1" data-total-impact="-5""#), "{svg}");
        assert_eq!(svg.matches(r#"class="factor""#).count(), COMMON_FACTORS);
        let [c, a, h] = v.counts;
        assert!(svg.contains(&format!("2 deals: {c} critical, {a} at risk, {h} healthy")));
    }

    #[test]
    fn phone_width_empty_view_and_bad_options() {
        let v = view();
        let phone = deal_health_chart(&v, &ChartOptions { width: 320.0, ..ChartOptions::default() }).unwrap();
        assert!(phone.contains(r#"viewBox="0 0 320 "#));
        let empty = deal_health_chart(&PortfolioHealth::from_deals(Vec::new()), &ChartOptions::default()).unwrap();
        assert!(empty.contains("No opportunities.") && !empty.contains(r#"class="deal""#));
        let e = deal_health_chart(&v, &ChartOptions { width: 100.0, ..ChartOptions::default() }).unwrap_err();
        assert_eq!(e.field(), Some("options.width"));
    }
}
