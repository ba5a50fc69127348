//! The BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way").
//!
//! While alive a customer buys at Poisson rate λ ~ Gamma(r, α); after every
//! purchase they drop out with probability p ~ Beta(a, b). With
//! A₁ = ln Γ(r+x) − ln Γ(r) + r ln α,
//! A₂ = ln Γ(a+b) + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x),
//! A₃ = −(r+x) ln(α+T) and A₄ = ln a − ln(b+x−1) − (r+x) ln(α+t_x),
//! a customer's log-likelihood is A₁ + A₂ + ln(e^A₃ + [x>0] e^A₄), summed by log-sum-exp.

use serde::{Deserialize, Serialize};

use super::bg_family::{self, beta_geometric_methods, Dropout, NAMES};
use super::compress::Grouped;
use super::data::RfmData;
use super::error::ValueError;
use super::model::{check_fit_parts, check_params, fitted_accessors, FitConfig, PurchaseModel};
use super::optimize::{FitReport, Optimum};
use super::simulate::SeededRng;
use crate::par::map_indexed;

const MODEL: &str = "bg_nbd";
const DROPOUT: Dropout = Dropout::AfterRepeatPurchases;

/// BG/NBD parameters: purchase rate λ ~ Gamma(r, α), dropout p ~ Beta(a, b).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BetaGeoParams {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale of the purchase-rate distribution (in the data's time unit).
    pub alpha: f64,
    /// First shape of the dropout-probability distribution.
    pub a: f64,
    /// Second shape of the dropout-probability distribution.
    pub b: f64,
}

impl BetaGeoParams {
    pub(crate) fn to_array(self) -> [f64; 4] {
        [self.r, self.alpha, self.a, self.b]
    }
}

/// A BG/NBD model: fitted by maximum likelihood or built from known parameters.
///
/// ```
/// use relmap::value::{BetaGeo, FitConfig, PurchaseModel, RfmData};
/// let x = [2.0, 1.0, 0.0, 0.0, 1.0, 3.0, 0.0];
/// let tx = [30.4, 1.7, 0.0, 0.0, 20.0, 35.0, 0.0];
/// let t = [38.9, 38.9, 38.9, 38.9, 30.0, 36.0, 32.0];
/// let data = RfmData::new(&x, &tx, &t)?;
/// let bg = BetaGeo::fit(&data, None, &FitConfig::default())?;
/// let p = bg.p_alive(&data)?;
/// assert!(p.iter().all(|&v| (0.0..=1.0).contains(&v)));
/// assert_eq!(p[2], 1.0); // no repeat purchase: never seen to drop out
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BetaGeo {
    params: BetaGeoParams,
    log_likelihood: Option<f64>,
    report: Option<FitReport>,
}

impl BetaGeo {
    /// A model with known parameters (all must be positive and finite).
    pub fn new(params: BetaGeoParams) -> Result<BetaGeo, ValueError> {
        check_params(MODEL, &NAMES, &params.to_array())?;
        Ok(BetaGeo { params, log_likelihood: None, report: None })
    }

    /// The fitted model from the parts a fit keeps: its parameters, maximised
    /// log-likelihood and report (with the observed information). A model kept as plain
    /// data (as the Python binding keeps `params_`, `log_likelihood_` and `report_`, or
    /// read back from JSON) rebuilt this way predicts, summarises and gives prediction
    /// intervals exactly as the fit did. Errors: `invalid_parameter` as [`Self::new`],
    /// `invalid_config` for a non-finite log-likelihood or an information matrix that is
    /// neither empty nor one row and column per parameter.
    pub fn from_fit(params: BetaGeoParams, log_likelihood: f64, report: FitReport) -> Result<BetaGeo, ValueError> {
        let model = BetaGeo::new(params)?;
        check_fit_parts(4, log_likelihood, &report)?;
        Ok(BetaGeo { log_likelihood: Some(log_likelihood), report: Some(report), ..model })
    }

    /// Fits r, α, a, b by maximum likelihood; `weights` count identical customers.
    ///
    /// Identical (x, t_x, T) rows are merged (their weights summed) before the
    /// optimizer runs, and times are rescaled so the largest T is 1; the result
    /// is in the data's units. Errors: [`ValueError::TooFewCustomers`],
    /// [`ValueError::NoRepeatPurchases`], [`ValueError::NotConverged`],
    /// [`ValueError::Diverged`].
    pub fn fit(data: &RfmData<'_>, weights: Option<&[f64]>, config: &FitConfig) -> Result<BetaGeo, ValueError> {
        let (params, log_likelihood, report) = bg_family::fit(DROPOUT, MODEL, data, weights, config)?;
        Ok(BetaGeo { params, log_likelihood: Some(log_likelihood), report: Some(report) })
    }

    /// The parameters.
    pub fn params(&self) -> BetaGeoParams {
        self.params
    }

    /// The maximised log-likelihood (summed over customers), for a fitted model.
    pub fn log_likelihood(&self) -> Option<f64> {
        self.log_likelihood
    }

    /// How the fit went, for a fitted model.
    pub fn report(&self) -> Option<&FitReport> {
        self.report.as_ref()
    }

    /// The weighted log-likelihood of `data` under these parameters.
    pub fn log_likelihood_of(&self, data: &RfmData<'_>, weights: Option<&[f64]>) -> Result<f64, ValueError> {
        bg_family::log_likelihood_of(DROPOUT, self.params, data, weights)
    }
}

/// The summed log-likelihood and the fit report of an optimum found on times
/// rescaled by `c` (shared by the purchase-count models).
pub(crate) fn fitted(opt: Optimum, rows: &Grouped, c: f64) -> (f64, FitReport) {
    // Rescaling times by c shifts each customer's log-likelihood by −x ln c.
    let log_likelihood = -opt.value * rows.total_weight() + weighted_x(rows) * c.ln();
    let mut report = opt.report;
    report.distinct_rows = rows.rows();
    report.total_weight = rows.total_weight();
    (log_likelihood, report)
}

/// Σ w·x over grouped rows.
pub(crate) fn weighted_x(rows: &Grouped) -> f64 {
    rows.xs.iter().enumerate().map(|(k, &x)| x * rows.w[rows.start[k]..rows.start[k + 1]].iter().sum::<f64>()).sum()
}

/// P(alive) = 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) for x > 0, and 1 for x = 0;
/// E[Y(t) | x, t_x, T] = P(alive) · E_p[(1 − (1 + p·u)^(−(r+x))) / p], u = t/(α+T),
/// p ~ Beta(a, b+x), summed as a series of positive terms (no 0/0 at a = 1); the
/// distribution of future purchases as in docs/value.md.
impl PurchaseModel for BetaGeo {
    beta_geometric_methods!();

    fn p_alive(&self, data: &RfmData<'_>) -> Result<Vec<f64>, ValueError> {
        let (x, tx, t) = (data.frequency(), data.recency(), data.t());
        Ok(map_indexed(data.len(), |i| bg_family::p_alive(DROPOUT, self.params, x[i], tx[i], t[i])))
    }
}
