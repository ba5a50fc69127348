//! Openness and influence fitted from history (Friedkin–Johnsen dynamics).
//!
//! The decision chain takes each stakeholder's openness λ (how much others
//! sway them) from the map or a default. Given snapshots of one account over
//! time, [`fit_openness`] estimates it from how stances actually moved, after
//! Friedkin & Johnsen (2011, *Social Influence Network Theory*, ch. 3–4): each
//! snapshot interval is one step of
//!
//! x(t+1) = Λ·W·x(t) + (I − Λ)·x⁰,
//!
//! with x⁰ each person's prejudice (their first known stance), W the
//! row-normalized influence of the snapshot at t (explicit `influences`
//! relations and the implied org-chart edges, as in the decision chain), so
//! x_i(t+1) − x⁰_i = λ_i·(h_i(t) − x⁰_i), a regression through the origin per
//! person. Optionally ([`FitConfig::rescale`]) the explicit relation strengths
//! are rescaled by one factor ρ against the org-chart edges, by least squares on
//! the same residuals. Standard errors come from the Gauss–Newton information
//! with a pooled residual variance. [`OpennessFit::predict_next`] predicts the
//! next snapshot and [`holdout`] scores a fit on a held-out last snapshot;
//! [`simulate`] makes histories from known openness values.
//!
//! Formulas and defaults: `docs/perceptions.md` (section "Openness from history").
//!
//! ```
//! use relmap::history::{fit_openness, simulate, FitConfig, SimulationConfig, Snapshot};
//! use relmap::model::{Account, Relation, RelationKind, Role, Stakeholder};
//!
//! let mut map = relmap::RelationshipMap::new(Account::new("acme", "Acme"));
//! map.add_stakeholder(Stakeholder::new("gm", "GM").with_roles([Role::EconomicBuyer]).with_stance(1.0).with_openness(0.3))?;
//! map.add_stakeholder(Stakeholder::new("cio", "CIO").with_reports_to("gm").with_stance(4.0).with_openness(0.6))?;
//! map.add_stakeholder(Stakeholder::new("cfo", "CFO").with_reports_to("gm").with_stance(-3.0).with_openness(0.2))?;
//! map.add_relation(Relation::new("cio", "cfo", RelationKind::Influences, 0.8))?;
//!
//! let history = simulate(&map, &SimulationConfig { steps: 6, noise: 0.05, seed: 3, ..Default::default() })?;
//! let snapshots: Vec<Snapshot> = history.iter().map(|(at, m)| Snapshot { at: *at, map: m }).collect();
//! let fit = fit_openness(&snapshots, &FitConfig::default())?;
//! let cio = fit.estimate("cio").unwrap();
//! assert!((cio.openness.unwrap() - 0.6).abs() < 3.0 * cio.std_error.unwrap() + 0.02);
//! let next = fit.predict_next(&history.last().unwrap().1, &FitConfig::default().chain);
//! assert_eq!(next.len(), 3);
//! # Ok::<(), relmap::Error>(())
//! ```

mod data;
mod error;
mod fit;
mod simulate;

pub use error::HistoryError;
pub use simulate::{simulate, SimulationConfig};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::chain::ChainConfig;
use crate::model::{ModelError, RelationshipMap};
use crate::time::Timestamp;

/// One snapshot of an account: its map at a date.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot<'a> {
    /// When the map was true.
    pub at: Timestamp,
    /// The map then.
    pub map: &'a RelationshipMap,
}

/// Every tunable number of the fit.
///
/// ```
/// use relmap::history::FitConfig;
/// let cfg = FitConfig { rescale: true, ..Default::default() };
/// assert_eq!((cfg.max_openness, cfg.max_scale), (0.99, 100.0));
/// assert!(cfg.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FitConfig {
    /// The influence model: W from each snapshot's relations and org chart.
    pub chain: ChainConfig,
    /// Also fit one factor ρ on the explicit relation strengths against the
    /// implied org-chart edges (default false).
    pub rescale: bool,
    /// The largest openness a fit may give, below 1 (default 0.99).
    pub max_openness: f64,
    /// ρ is searched within [1 / max_scale, max_scale] (default 100).
    pub max_scale: f64,
}

impl Default for FitConfig {
    fn default() -> Self {
        FitConfig { chain: ChainConfig::default(), rescale: false, max_openness: 0.99, max_scale: 100.0 }
    }
}

impl FitConfig {
    /// Checks the numbers (the chain config included).
    pub fn validate(&self) -> Result<(), HistoryError> {
        self.chain.validate()?;
        if !(self.max_openness.is_finite() && self.max_openness > 0.0 && self.max_openness < 1.0) {
            return Err(HistoryError::InvalidConfig {
                field: "max_openness".into(),
                value: self.max_openness,
                expected: "0..1 (both excluded)",
            });
        }
        if !(self.max_scale.is_finite() && self.max_scale > 1.0) {
            return Err(HistoryError::InvalidConfig {
                field: "max_scale".into(),
                value: self.max_scale,
                expected: "> 1",
            });
        }
        Ok(())
    }
}

/// How one person's openness came out of the fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EstimateStatus {
    /// Fitted within the bounds.
    Fitted,
    /// The least-squares value lay outside [0, max_openness]; the bound is reported
    /// and `unbounded` holds the value.
    AtBound,
    /// What they heard always equalled their prejudice: the history says nothing
    /// about their openness.
    NoSignal,
    /// No usable move: their stance was never known at two snapshots with a
    /// speaker of known stance in between.
    NoObservations,
}

/// One person's fitted openness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OpennessEstimate {
    /// Stakeholder id.
    pub id: String,
    /// The fitted openness λ in [0, max_openness] (`None` when not identified).
    pub openness: Option<f64>,
    /// Its standard error.
    pub std_error: Option<f64>,
    /// The least-squares value before the bound.
    pub unbounded: Option<f64>,
    /// How the estimate came out.
    pub status: EstimateStatus,
    /// Moves used.
    pub observations: usize,
    /// The prejudice x⁰: the first known stance, −5..+5.
    pub prejudice: Option<f64>,
}

/// The fitted scale of the explicit relation strengths against the org chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ScaleEstimate {
    /// ρ: explicit strengths count ρ times as given against the implied org-chart edges.
    pub value: f64,
    /// Its standard error (delta method on ln ρ).
    pub std_error: f64,
    /// Whether ρ sits on the search bound (`max_scale` or its inverse).
    pub at_bound: bool,
}

/// The result of [`fit_openness`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OpennessFit {
    /// The account.
    pub account: String,
    /// Snapshots used.
    pub snapshots: usize,
    /// Everyone in any snapshot, in order of first appearance.
    pub people: Vec<OpennessEstimate>,
    /// The strength scale, when [`FitConfig::rescale`] asked for it.
    pub strength_scale: Option<ScaleEstimate>,
    /// Moves that entered the fit (of people whose openness is identified).
    pub observations: usize,
    /// Parameters fitted.
    pub parameters: usize,
    /// Residual standard deviation, in stance points.
    pub residual_sd: f64,
}

/// A predicted stance for the next snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PredictedStance {
    /// Stakeholder id.
    pub id: String,
    /// The stance in the snapshot predicted from.
    pub last: Option<f64>,
    /// The predicted stance, −5..+5 (`None` when the stance was never known).
    pub predicted: Option<f64>,
    /// The openness used.
    pub openness: f64,
    /// Whether that openness was fitted (else the map's, or the default).
    pub fitted: bool,
}

impl OpennessFit {
    /// One person's estimate.
    pub fn estimate(&self, id: &str) -> Option<&OpennessEstimate> {
        self.people.iter().find(|e| e.id == id)
    }

    /// The scale ρ used (1 when not fitted).
    pub fn scale(&self) -> f64 {
        self.strength_scale.map_or(1.0, |s| s.value)
    }

    /// The next snapshot predicted from `last` (normally the latest snapshot): each
    /// known stance moves to λ·h + (1 − λ)·x⁰, with h the mean stance heard in `last`
    /// (explicit strengths scaled by ρ), x⁰ the fitted prejudice (or the stance in
    /// `last` for someone new) and λ the fitted openness where identified, else the
    /// map's or the default. Someone who hears no known stance keeps theirs.
    pub fn predict_next(&self, last: &RelationshipMap, chain: &ChainConfig) -> Vec<PredictedStance> {
        let lists = data::speakers(last, chain);
        let rho = self.scale();
        last.stakeholders()
            .iter()
            .zip(&lists)
            .map(|(s, list)| {
                let est = self.estimate(&s.id);
                let fitted = est.and_then(|e| e.openness);
                let openness = fitted.or(s.openness).unwrap_or(chain.default_openness);
                let prejudice = est.and_then(|e| e.prejudice).or(s.stance);
                let predicted = s.stance.map(|now| {
                    let heard = data::heard(list, |j| last.stakeholders()[j].stance);
                    match (heard, prejudice) {
                        (Some(h), Some(x0)) => openness * h.at(rho) + (1.0 - openness) * x0,
                        _ => now,
                    }
                });
                PredictedStance { id: s.id.clone(), last: s.stance, predicted, openness, fitted: fitted.is_some() }
            })
            .collect()
    }

    /// A copy of `map` with every identified openness written into its stakeholders.
    ///
    /// ```
    /// # use relmap::history::{OpennessFit, OpennessEstimate, EstimateStatus};
    /// # use relmap::model::{Account, Stakeholder};
    /// let mut map = relmap::RelationshipMap::new(Account::new("a", "A"));
    /// map.add_stakeholder(Stakeholder::new("cfo", "Wang"))?;
    /// let fit = OpennessFit {
    ///     account: "a".into(), snapshots: 3, strength_scale: None, observations: 2, parameters: 1, residual_sd: 0.1,
    ///     people: vec![OpennessEstimate { id: "cfo".into(), openness: Some(0.4), std_error: Some(0.1),
    ///         unbounded: Some(0.4), status: EstimateStatus::Fitted, observations: 2, prejudice: Some(1.0) }],
    /// };
    /// assert_eq!(fit.apply_openness(&map)?.stakeholder("cfo").unwrap().openness, Some(0.4));
    /// # Ok::<(), relmap::model::ModelError>(())
    /// ```
    pub fn apply_openness(&self, map: &RelationshipMap) -> Result<RelationshipMap, ModelError> {
        let mut out = map.clone();
        for e in &self.people {
            if let (Some(l), Some(s)) = (e.openness, map.stakeholder(&e.id)) {
                out.update_stakeholder(s.clone().with_openness(l))?;
            }
        }
        Ok(out)
    }
}

/// Fits each stakeholder's openness (and optionally the strength scale) from
/// snapshots of one account in time order (see the [module docs](self)).
///
/// Fails with `too_few_snapshots` (fewer than 3: two moves are the least that
/// give standard errors), `invalid_time` (snapshots out of order), `invalid_argument`
/// (another account), `no_stance_change`,
/// `not_identified` (`openness`: nobody's openness shows in the moves, or as many
/// parameters as moves; `strength_scale`: nobody heard explicit relations and
/// the org chart say different things), `invalid_config`, or a chain error for
/// a bad chain config.
pub fn fit_openness(snapshots: &[Snapshot<'_>], cfg: &FitConfig) -> Result<OpennessFit, HistoryError> {
    cfg.validate()?;
    if snapshots.len() < 3 {
        return Err(HistoryError::TooFewSnapshots {
            found: snapshots.len(),
            needed: 3,
            why: "two moves are the least that give standard errors",
        });
    }
    let h = data::history(snapshots, cfg)?;
    let n = h.ids.len();
    let (log_scale, on_bound) = if cfg.rescale {
        fit::best_log_scale(&h.observations, n, cfg.max_openness, cfg.max_scale.ln())
    } else {
        (0.0, false)
    };
    let rho = log_scale.exp();
    let (fits, rss) = fit::fit_at(&h.observations, n, rho, cfg.max_openness);
    let identified = fits.iter().filter(|f| f.lambda.is_some()).count();
    if identified == 0 {
        let reason = if h.observations.is_empty() {
            "nobody's stance is known at two snapshots with a speaker of known stance between them"
        } else {
            "what everyone heard equals their first stance"
        };
        return Err(HistoryError::NotIdentified { field: "openness", reason: reason.into() });
    }
    let used: usize = fits.iter().filter(|f| f.lambda.is_some()).map(|f| f.observations).sum();
    let parameters = identified + usize::from(cfg.rescale);
    if used <= parameters {
        return Err(HistoryError::NotIdentified {
            field: "openness",
            reason: format!(
                "{used} moves for {parameters} parameters leave no residual to estimate errors: add snapshots"
            ),
        });
    }
    let sigma2 = rss / (used - parameters) as f64;
    let errors = fit::standard_errors(&h.observations, &fits, rho, sigma2, cfg.rescale);
    if cfg.rescale && errors.log_scale.is_none() {
        return Err(HistoryError::NotIdentified {
            field: "strength_scale",
            reason: "nobody heard explicit relations and the org chart say different things".into(),
        });
    }
    let people = h
        .ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let f = &fits[i];
            let status = match (f.observations, f.raw, f.lambda) {
                (0, _, _) => EstimateStatus::NoObservations,
                (_, None, _) => EstimateStatus::NoSignal,
                (_, Some(raw), Some(l)) if raw != l => EstimateStatus::AtBound,
                _ => EstimateStatus::Fitted,
            };
            OpennessEstimate {
                id: id.clone(),
                openness: f.lambda,
                std_error: errors.lambda[i],
                unbounded: f.raw,
                status,
                observations: f.observations,
                prejudice: h.prejudice[i].map(|x| x * 5.0),
            }
        })
        .collect();
    debug_assert_eq!(h.index.len(), n);
    Ok(OpennessFit {
        account: snapshots[0].map.account().id.clone(),
        snapshots: snapshots.len(),
        people,
        strength_scale: errors.log_scale.map(|se| ScaleEstimate {
            value: rho,
            std_error: rho * se,
            at_bound: on_bound,
        }),
        observations: used,
        parameters,
        residual_sd: 5.0 * sigma2.sqrt(),
    })
}

/// One held-out stance: predicted against what the last snapshot recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct HeldOutStance {
    /// Stakeholder id.
    pub id: String,
    /// The stance in the snapshot before the last.
    pub previous: f64,
    /// The predicted stance.
    pub predicted: f64,
    /// The recorded stance in the last snapshot.
    pub actual: f64,
}

/// A fit scored on a held-out last snapshot (see [`holdout`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Holdout {
    /// The fit on every snapshot but the last.
    pub fit: OpennessFit,
    /// Each stance known in both of the last two snapshots, predicted and recorded.
    pub stances: Vec<HeldOutStance>,
    /// Root mean square prediction error, in stance points.
    pub rmse: f64,
    /// Mean absolute prediction error, in stance points.
    pub mae: f64,
    /// The RMSE of predicting no change (the previous stance), for comparison.
    pub baseline_rmse: f64,
}

/// Fits on every snapshot but the last, predicts the last from the one before and
/// reports the prediction error (and that of predicting no change).
///
/// Fails as [`fit_openness`] does, with `too_few_snapshots` under 4 snapshots,
/// and with `not_identified` (`stance`) when no stance is known in both of the last two.
pub fn holdout(snapshots: &[Snapshot<'_>], cfg: &FitConfig) -> Result<Holdout, HistoryError> {
    if snapshots.len() < 4 {
        return Err(HistoryError::TooFewSnapshots {
            found: snapshots.len(),
            needed: 4,
            why: "three to fit and one to hold out",
        });
    }
    let (train, last) = snapshots.split_at(snapshots.len() - 1);
    let fit = fit_openness(train, cfg)?;
    let before = train[train.len() - 1].map;
    let stances: Vec<HeldOutStance> = fit
        .predict_next(before, &cfg.chain)
        .into_iter()
        .filter_map(|p| {
            let actual = last[0].map.stakeholder(&p.id)?.stance?;
            Some(HeldOutStance { id: p.id, previous: p.last?, predicted: p.predicted?, actual })
        })
        .collect();
    if stances.is_empty() {
        return Err(HistoryError::NotIdentified {
            field: "stance",
            reason: "no stance is known in both of the last two snapshots".into(),
        });
    }
    let k = stances.len() as f64;
    let rms = |f: &dyn Fn(&HeldOutStance) -> f64| (stances.iter().map(|s| f(s).powi(2)).sum::<f64>() / k).sqrt();
    Ok(Holdout {
        rmse: rms(&|s| s.predicted - s.actual),
        mae: stances.iter().map(|s| (s.predicted - s.actual).abs()).sum::<f64>() / k,
        baseline_rmse: rms(&|s| s.previous - s.actual),
        stances,
        fit,
    })
}
