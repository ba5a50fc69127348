//! The analysis sections of an account review: decision chain, trust, stage and
//! competition, and the picture of the map with the chain drawn over it.

use std::collections::HashMap;
use std::path::Path;

use relmap::chain::{AccessPath, ChainConfig, DecisionChain};
use relmap::health::DealHealthConfig;
use relmap::matrix::{classify_accounts, ClassificationConfig, CompetitionConfig, Threshold};
use relmap::render::{self, RenderOptions};
use relmap::stage::StageModel;
use relmap::RelationshipMap;

/// How many influencers and next best contacts the review lists.
const TOP_INFLUENCERS: usize = 5;
const NEXT_CONTACTS: usize = 3;
/// How many of a deal's factors the review lists (the largest losses first, then gains).
const TOP_FACTORS: usize = 6;

/// A person's name followed by the id, e.g. `王建国 (chairman)`.
fn who(map: &RelationshipMap, id: &str) -> String {
    let name = map
        .stakeholder(id)
        .map(|s| s.name.as_str())
        .or_else(|| map.team().iter().find(|m| m.id == id).map(|m| m.name.as_str()))
        .filter(|n| !n.is_empty());
    match name {
        Some(n) => format!("{n} ({id})"),
        None => id.to_owned(),
    }
}

/// A stakeholder's name (the id when it has none), as the core's sentences name people.
fn name<'a>(map: &'a RelationshipMap, id: &'a str) -> &'a str {
    map.stakeholder(id).map(|s| s.name.as_str()).filter(|n| !n.is_empty()).unwrap_or(id)
}

/// Terminal columns of a text: 2 for a wide (CJK) character, 1 otherwise.
fn columns(text: &str) -> usize {
    text.chars().map(|c| if ('\u{2E80}'..='\u{FFE6}').contains(&c) { 2 } else { 1 }).sum()
}

/// `text` padded with spaces to `width` terminal columns.
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(columns(text))))
}

/// An access path with names: `赵敏 (rep) → 刘洋 (cio) → 陈伟 (ceo)  reliability 0.331`.
fn path_with_names(map: &RelationshipMap, path: &AccessPath) -> String {
    let steps: Vec<String> = std::iter::once(&path.member).chain(&path.stakeholders).map(|id| who(map, id)).collect();
    format!("{}  (reliability {:.3})", steps.join(" → "), path.reliability)
}

/// The decision chain, trust, stage and competition sections of one map.
pub fn review(map: &RelationshipMap, stage_model: &StageModel) -> Result<(String, DecisionChain), relmap::Error> {
    let config = ChainConfig { stage_model: stage_model.clone(), ..ChainConfig::default() };
    let chain = map.decision_chain(&config)?;
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    let as_of = chain.as_of().map(|t| {
        let (y, m, d) = t.ymd();
        format!("{y:04}-{m:02}-{d:02}")
    });
    line(format!("   -- decision chain (as of {})", as_of.as_deref().unwrap_or("-")));
    let top = chain.top_influencers(TOP_INFLUENCERS);
    let width = top.iter().map(|p| columns(&who(map, &p.id))).max().unwrap_or(0).max(15);
    line(format!("   {}  {:>6}  {:>6}  {:>9}", pad("top influencers", width + 2), "share", "stance", "predicted"));
    for p in top {
        let stance = p.stance.map_or_else(|| "?".to_owned(), |v| format!("{v:+}"));
        line(format!(
            "     {}  {:>5.1}%  {:>6}  {:>+9.1}",
            pad(&who(map, &p.id), width),
            100.0 * p.influence,
            stance,
            p.predicted_stance
        ));
    }
    let c = chain.coverage();
    line(format!("   predicted support {:+.3} (−1..+1)", chain.predicted_support()));
    line(format!(
        "   coverage {:.1}% of the decision ({} stakeholders with a tie ≥ {}){}",
        100.0 * c.share,
        c.covered,
        c.threshold,
        if c.uncovered_key_players.is_empty() {
            String::new()
        } else {
            format!(
                "; uncovered key players: {}",
                c.uncovered_key_players.iter().map(|id| name(map, id)).collect::<Vec<_>>().join(", ")
            )
        }
    ));
    line(format!("   red flags ({}):", chain.red_flags().len()));
    for f in chain.red_flags() {
        line(format!("     {:<8}  {:<25}  {}", f.severity.as_str(), f.code.as_str(), f.reason));
    }
    line("   next best contacts (gain = influence × (1 − stance/5) × reliability):".to_owned());
    for (k, n) in chain.next_best_contacts().iter().take(NEXT_CONTACTS).enumerate() {
        line(format!("     {}. {}  gain {:.3}", k + 1, who(map, &n.id), n.gain));
        line(format!("        via {}", path_with_names(map, &n.path)));
    }
    if chain.next_best_contacts().is_empty() {
        line("     none reachable".to_owned());
    }

    if let Some(t) = chain.as_of() {
        let trust = map.trust(&config.trust, t)?;
        line("   -- trust of the key contacts (best pair; earned composite / 100 is our tie)".to_owned());
        for row in trust.to_table(true).lines() {
            line(format!("     {row}"));
        }
    }

    let stages = map.stages(stage_model, chain.as_of())?;
    if !stages.is_empty() {
        line("   -- sales stage (from the milestones)".to_owned());
        for s in &stages {
            line(format!("     {s}"));
        }
    }

    let u: HashMap<String, f64> =
        chain.stakeholder_ids().iter().cloned().zip(chain.decision_influence().iter().copied()).collect();
    let matrices = map.competition_matrices(Some(&u), &CompetitionConfig::default())?;
    if !matrices.is_empty() {
        line("   -- competition (criteria weighted by decision influence)".to_owned());
        for m in &matrices {
            line(format!("     {m}"));
        }
    }

    if let Some(t) = chain.as_of() {
        let config = DealHealthConfig { chain: config.clone(), ..DealHealthConfig::default() };
        let deals = map.deal_health(&config, t)?;
        if !deals.is_empty() {
            line("   -- deal health (MEDDPICC, decision chain, trust, activity, stage, competition)".to_owned());
        }
        for d in &deals {
            line(format!("     {}: {:.0}/100 {}", d.opportunity, d.score, d.status));
            let shown = d.factors.len().min(TOP_FACTORS);
            for f in &d.factors[..shown] {
                line(format!("       {:+6.1}  {:<26}  {}", f.impact, f.code.as_str(), f.reason));
            }
            if d.factors.len() > shown {
                let rest: f64 = d.factors[shown..].iter().map(|f| f.impact).sum();
                line(format!("       {rest:+6.1}  ({} more factors)", d.factors.len() - shown));
            }
            for (k, a) in d.actions.iter().enumerate() {
                line(format!("       {}. {}  (up to {:+.1})", k + 1, a.action, a.gain));
            }
        }
    }
    Ok((out, chain))
}

/// Writes the map with the chain drawn over it as SVG.
pub fn write_picture(map: &RelationshipMap, chain: &DecisionChain, to: &Path) -> Result<(), String> {
    let svg = render::svg(map, &chain.overlay(map), &RenderOptions::default()).map_err(|e| e.to_string())?;
    std::fs::write(to, svg).map_err(|e| format!("{}: {e}", to.display()))
}

/// The accounts on the classification matrix: weighted pipeline (amount × win
/// probability of each opportunity's stage) × relationship strength from trust,
/// all as of the latest dated item of any map. The relationship axis is cut at
/// the trust coverage threshold (a key player's composite that counts as covered).
pub fn portfolio(accounts: &[(RelationshipMap, StageModel)]) -> Result<String, relmap::Error> {
    let as_of = accounts.iter().filter_map(|(m, _)| relmap::chain::latest_dated_item(m)).max();
    let Some(as_of) = as_of else {
        return Ok("== portfolio: nothing dated to classify".to_owned());
    };
    let mut values = Vec::new();
    for (map, model) in accounts {
        let pipeline: f64 = map.stages(model, Some(as_of))?.iter().filter_map(|s| s.weighted_amount).sum();
        values.push((map.account().id.clone(), pipeline));
    }
    let maps: Vec<&RelationshipMap> = accounts.iter().map(|(m, _)| m).collect();
    let trust = ChainConfig::default().trust;
    let cut = trust.coverage_threshold;
    let cfg = ClassificationConfig {
        relationship_threshold: Threshold::Fixed(cut),
        value_axis: "weighted pipeline".into(),
        ..ClassificationConfig::default()
    };
    let m = classify_accounts(&maps, &values, &trust, as_of, &cfg)?;
    let (y, mo, d) = as_of.ymd();
    let mut out = format!(
        "== portfolio: classification matrix as of {y:04}-{mo:02}-{d:02} \
         (weighted pipeline, cut at the median {:.0}; relationship strength, cut at {cut})",
        m.value_threshold
    );
    for a in m.by_priority() {
        out.push_str(&format!(
            "\n   {}. {:<16} {:<12} pipeline {:>12.0}  relationship {:>5.1}  {}",
            a.rank, a.id, a.label, a.value, a.relationship, a.strategy
        ));
    }
    Ok(out)
}
