//! The MBG/NBD model (Batislam, Denizel & Filiztekin 2007; Wagner & Hoppe 2008 erratum).
//!
//! The BG/NBD with one more dropout chance: a customer can also drop out right after the
//! first purchase, so a customer who never came back is not certainly alive. With the
//! BG/NBD's A₁ and A₃,
//! A₂ = ln Γ(a+b) + ln Γ(b+x+1) − ln Γ(b) − ln Γ(a+b+x+1) and
//! A₄ = ln a − ln(b+x) − (r+x) ln(α+t_x), a customer's log-likelihood is
//! A₁ + A₂ + ln(e^A₃ + e^A₄) for every x (lifetimes' `ModifiedBetaGeoFitter`).

use serde::{Deserialize, Serialize};

use super::bg_family::{self, beta_geometric_methods, Dropout, NAMES};
use super::bgnbd::BetaGeoParams;
use super::data::RfmData;
use super::error::ValueError;
use super::model::{check_fit_parts, check_params, fitted_accessors, FitConfig, PurchaseModel};
use super::optimize::FitReport;
use super::simulate::SeededRng;

const MODEL: &str = "mbg_nbd";
const DROPOUT: Dropout = Dropout::AfterEveryPurchase;

/// MBG/NBD parameters: the BG/NBD's (purchase rate λ ~ Gamma(r, α), dropout p ~ Beta(a, b)).
pub type ModifiedBetaGeoParams = BetaGeoParams;

/// An MBG/NBD model: fitted by maximum likelihood or built from known parameters.
///
/// Use it where customers often buy once and never return: the BG/NBD holds every
/// one-time buyer certainly alive (P(alive) = 1 at x = 0), the MBG/NBD does not.
///
/// ```
/// use relmap::value::{ModifiedBetaGeo, ModifiedBetaGeoParams, PurchaseModel, RfmData};
/// // The estimates on the CDNOW sample (weeks); `ModifiedBetaGeo::fit` finds them.
/// let mbg = ModifiedBetaGeo::new(ModifiedBetaGeoParams { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 })?;
/// let data = RfmData::new(&[2.0, 0.0, 0.0], &[30.43, 0.0, 0.0], &[38.86, 38.86, 1.0])?;
/// let p = mbg.p_alive(&data)?;
/// assert!(p[1] < 1.0); // a one-time buyer may have dropped out at once
/// assert!(p[2] > p[1]); // … the less likely, the sooner we look
/// let tracking: Vec<f64> = (1..=78).map(|w| mbg.expected_repeat_purchases(f64::from(w))).collect::<Result<_, _>>()?;
/// assert!(tracking.windows(2).all(|p| p[1] > p[0]));
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModifiedBetaGeo {
    params: ModifiedBetaGeoParams,
    log_likelihood: Option<f64>,
    report: Option<FitReport>,
}

impl ModifiedBetaGeo {
    /// A model with known parameters (all must be positive and finite).
    pub fn new(params: ModifiedBetaGeoParams) -> Result<ModifiedBetaGeo, ValueError> {
        check_params(MODEL, &NAMES, &params.to_array())?;
        Ok(ModifiedBetaGeo { params, log_likelihood: None, report: None })
    }

    /// The fitted model from the parts a fit keeps: its parameters, maximised
    /// log-likelihood and report (with the observed information). A model kept as plain
    /// data (as the Python binding keeps `params_`, `log_likelihood_` and `report_`, or
    /// read back from JSON) rebuilt this way predicts, summarises and gives prediction
    /// intervals exactly as the fit did. Errors: `invalid_parameter` as [`Self::new`],
    /// `invalid_config` for a non-finite log-likelihood or an information matrix that is
    /// neither empty nor one row and column per parameter.
    pub fn from_fit(
        params: ModifiedBetaGeoParams,
        log_likelihood: f64,
        report: FitReport,
    ) -> Result<ModifiedBetaGeo, ValueError> {
        let model = ModifiedBetaGeo::new(params)?;
        check_fit_parts(4, log_likelihood, &report)?;
        Ok(ModifiedBetaGeo { log_likelihood: Some(log_likelihood), report: Some(report), ..model })
    }

    /// Fits r, α, a, b by maximum likelihood; `weights` count identical customers.
    ///
    /// As for [`BetaGeo::fit`](super::BetaGeo::fit): identical rows are merged, times
    /// rescaled so the largest T is 1, analytic gradient, the result in the data's units.
    pub fn fit(data: &RfmData<'_>, weights: Option<&[f64]>, config: &FitConfig) -> Result<ModifiedBetaGeo, ValueError> {
        let (params, log_likelihood, report) = bg_family::fit(DROPOUT, MODEL, data, weights, config)?;
        Ok(ModifiedBetaGeo { params, log_likelihood: Some(log_likelihood), report: Some(report) })
    }

    /// The parameters.
    pub fn params(&self) -> ModifiedBetaGeoParams {
        self.params
    }
}

/// P(alive) = 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)), for every x;
/// E[Y(t) | x, t_x, T] = P(alive) · E_p[(1 − (1 + p·u)^(−(r+x))) / p], u = t/(α+T),
/// p ~ Beta(a, b+x+1), equal to lifetimes' hypergeometric form
/// (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x+1; a+b+x; t/(α+T+t))] · P(alive);
/// the simulator lets a new customer drop out right after its first purchase.
impl PurchaseModel for ModifiedBetaGeo {
    beta_geometric_methods!();
}
