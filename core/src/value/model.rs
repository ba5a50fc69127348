//! What the purchase models share: fit options and the prediction interface.

use serde::{Deserialize, Serialize};

use super::clv::{clv_of_model, ClvConfig};
use super::compress::distinct_rows;
use super::data::{check_weights, RfmData};
use super::error::{check_config, ValueError};
use super::optimize::{FitReport, OptimizerConfig};
use super::simulate::SeededRng;
use super::uncertainty::{summarize, FitSummary};
use crate::par::map_indexed;

/// Options of `fit` for every model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FitConfig {
    /// The optimizer's settings and stopping rule.
    pub optimizer: OptimizerConfig,
    /// Fewest customers (rows with positive weight) a fit accepts. Default 2.
    pub min_customers: usize,
    /// Starting parameters in the model's order (BG/NBD and MBG/NBD r, α, a, b; Pareto/NBD
    /// r, α, s, β; BG/BB α, β, γ, δ; sBG α, β; Gamma-Gamma p, q, v), in the data's units.
    /// Default: every parameter 1 after the data are rescaled (times so the largest T is 1,
    /// amounts so the mean is 1; the discrete models are not rescaled).
    pub initial: Option<Vec<f64>>,
    /// Whether the fit keeps the observed information at the optimum, for standard errors
    /// and intervals ([`PurchaseModel::summary`]). It costs a few more gradient
    /// evaluations (one per parameter plus one at the optimum; 33 log-likelihood evaluations for the
    /// Pareto/NBD). Default true.
    pub standard_errors: bool,
}

impl Default for FitConfig {
    fn default() -> Self {
        FitConfig { optimizer: OptimizerConfig::default(), min_customers: 2, initial: None, standard_errors: true }
    }
}

impl FitConfig {
    /// Checks the settings; `names` are the model's parameters.
    pub(crate) fn validate(&self, model: &'static str, names: &[&'static str]) -> Result<(), ValueError> {
        self.optimizer.validate()?;
        check_config("min_customers", self.min_customers as f64, self.min_customers >= 1, ">= 1")?;
        if let Some(init) = &self.initial {
            if init.len() != names.len() {
                return Err(ValueError::InvalidConfig {
                    field: "initial",
                    value: init.len() as f64,
                    expected: "one starting value per model parameter",
                });
            }
            check_params(model, names, init)?;
        }
        Ok(())
    }
}

/// Checks that every parameter is positive and finite.
pub(crate) fn check_params(model: &'static str, names: &[&'static str], values: &[f64]) -> Result<(), ValueError> {
    for (&param, &value) in names.iter().zip(values) {
        if !(value.is_finite() && value > 0.0) {
            return Err(ValueError::InvalidParameter { model, param, value });
        }
    }
    Ok(())
}

/// Checks the parts of a fit kept as plain data (see e.g. [`BetaGeo::from_fit`](super::BetaGeo::from_fit)):
/// a finite log-likelihood and an information matrix that is empty or `n` × `n`.
pub(crate) fn check_fit_parts(n: usize, log_likelihood: f64, report: &FitReport) -> Result<(), ValueError> {
    check_config("log_likelihood", log_likelihood, true, "a finite log-likelihood")?;
    if !report.information.is_empty() && report.information.len() != n * n {
        return Err(ValueError::InvalidConfig {
            field: "information",
            value: report.information.len() as f64,
            expected: "one row and column of the information per parameter",
        });
    }
    Ok(())
}

/// Checks the customers a fit of a purchase model needs: enough rows with weight, and repeat buyers.
pub(crate) fn check_fit_input(
    model: &'static str,
    data: &RfmData<'_>,
    weights: Option<&[f64]>,
    config: &FitConfig,
) -> Result<(), ValueError> {
    check_weights(weights, data.len())?;
    let w = |i: usize| weights.map_or(1.0, |w| w[i]);
    let usable = (0..data.len()).filter(|&i| w(i) > 0.0).count();
    let needed = config.min_customers.max(2);
    if usable < needed {
        return Err(ValueError::TooFewCustomers { model, needed, got: usable });
    }
    if !(0..data.len()).any(|i| w(i) > 0.0 && data.frequency()[i] > 0.0) {
        return Err(ValueError::NoRepeatPurchases { model });
    }
    Ok(())
}

/// Checks a prediction horizon.
pub(crate) fn check_horizon(t: f64) -> Result<(), ValueError> {
    if !t.is_finite() {
        return Err(ValueError::NonFinite { field: "t", index: 0, value: t });
    }
    if t < 0.0 {
        return Err(ValueError::OutOfRange { field: "t", index: 0, value: t, expected: ">= 0" });
    }
    Ok(())
}

/// Checks a purchase count asked about: a whole number ≥ 0.
pub(crate) fn check_purchase_count(field: &'static str, n: f64) -> Result<(), ValueError> {
    if !n.is_finite() {
        return Err(ValueError::NonFinite { field, index: 0, value: n });
    }
    if n < 0.0 || n.fract() != 0.0 {
        return Err(ValueError::OutOfRange { field, index: 0, value: n, expected: "a whole number >= 0" });
    }
    Ok(())
}

/// A model of the purchase process: BG/NBD ([`BetaGeo`](super::BetaGeo)), MBG/NBD
/// ([`ModifiedBetaGeo`](super::ModifiedBetaGeo)), Pareto/NBD ([`ParetoNbd`](super::ParetoNbd))
/// and, in discrete time, BG/BB ([`BetaGeoBetaBinom`](super::BetaGeoBetaBinom)).
///
/// Everything that tiers, lifecycle stages, churn warnings, CLV, model comparison and the
/// diagnostics ([`holdout_evaluation`](super::holdout_evaluation), [`tracking`](super::tracking),
/// [`period_transactions`](super::period_transactions),
/// [`FrequencyRecencyMatrix`](super::FrequencyRecencyMatrix)) need from a purchase model
/// goes through this trait, so each of them accepts any model, also as `&dyn PurchaseModel`.
///
/// A customer's history is (x, t_x, T): repeat purchases, the time of the last one and
/// the customer's age, in the unit of the fit. For the discrete-time BG/BB, x is the
/// number of transaction opportunities (periods) with a transaction, t_x the last such
/// period and T = n the number of opportunities; its horizons are whole periods.
///
/// The per-row methods (`*_one`) take one customer's history; the column methods take
/// validated [`RfmData`], spread the work over rayon's pool (feature `parallel`) and
/// compute each distinct (x, t_x, T) pattern once. A new customer is one with history
/// (0, 0, 0), just after the first purchase.
///
/// Implementors write `name`, `p_alive_one` and `expected_purchases_one`; the rest has
/// defaults (the fitted models here override them all).
pub trait PurchaseModel: Send + Sync {
    /// The model's snake_case name (`bg_nbd`, `mbg_nbd`, `pareto_nbd`, `bg_bb`).
    fn name(&self) -> &'static str;

    /// The parameters by name, in the model's order (as in [`FitConfig::initial`]).
    fn parameters(&self) -> Vec<(&'static str, f64)> {
        Vec::new()
    }

    /// The maximised log-likelihood (summed over customers), for a fitted model.
    fn log_likelihood(&self) -> Option<f64> {
        None
    }

    /// How the fit went, for a fitted model.
    fn report(&self) -> Option<&FitReport> {
        None
    }

    /// The estimates with standard errors, confidence intervals at `level` (e.g. 0.95),
    /// covariance matrix, AIC and BIC (see [`FitSummary`]).
    ///
    /// Errors: [`ValueError::Undefined`] for a model built from parameters (or fitted with
    /// [`FitConfig::standard_errors`] off), [`ValueError::NotPositiveDefinite`] naming the
    /// parameter for a fit on a boundary, `invalid_config` for a level outside (0, 1).
    fn summary(&self, level: f64) -> Result<FitSummary, ValueError> {
        summarize(self.name(), &self.parameters(), self.log_likelihood(), self.report(), level)
    }

    /// The weighted log-likelihood of `data` under these parameters. The default refuses
    /// with [`ValueError::Undefined`].
    fn log_likelihood_of(&self, data: &RfmData<'_>, weights: Option<&[f64]>) -> Result<f64, ValueError> {
        let _ = (data, weights);
        Err(ValueError::Undefined {
            model: self.name(),
            what: "log_likelihood_of",
            reason: "the model has no likelihood",
        })
    }

    /// Whether the model counts whole transaction opportunities (BG/BB) rather than
    /// continuous time: its data must be whole numbers of periods and its horizons whole periods.
    fn is_discrete(&self) -> bool {
        false
    }

    /// Checks that `data` suit the model beyond [`RfmData`]'s own rules (BG/BB: whole
    /// periods, x ≤ t_x), naming the offending row. The column methods call it first.
    fn check_data(&self, data: &RfmData<'_>) -> Result<(), ValueError> {
        let _ = data;
        Ok(())
    }

    /// P(alive at T | x, t_x, T) for one customer (BG/BB: alive at the next opportunity n+1).
    fn p_alive_one(&self, x: f64, tx: f64, t: f64) -> Result<f64, ValueError>;

    /// Expected purchases in (T, T + t_future] for one customer.
    fn expected_purchases_one(&self, t_future: f64, x: f64, tx: f64, t: f64) -> Result<f64, ValueError>;

    /// [`Self::expected_purchases_one`] at each of `horizons`, appended to `out`: what the
    /// CLV sums. A model may compute the horizons together (the BG/NBD family shares its
    /// series' terms between them); the default takes them one at a time.
    #[doc(hidden)]
    fn expected_purchases_curve_one(
        &self,
        horizons: &[f64],
        x: f64,
        tx: f64,
        t: f64,
        out: &mut Vec<f64>,
    ) -> Result<(), ValueError> {
        for &h in horizons {
            out.push(self.expected_purchases_one(h, x, tx, t)?);
        }
        Ok(())
    }

    /// P(X(T, T + t_future) = n | x, t_x, T): the probability that the customer makes
    /// exactly `n` purchases in (T, T + t_future]. The default refuses with
    /// [`ValueError::Undefined`].
    fn probability_of_purchases_one(&self, n: f64, t_future: f64, x: f64, tx: f64, t: f64) -> Result<f64, ValueError> {
        let _ = (n, t_future, x, tx, t);
        Err(ValueError::Undefined {
            model: self.name(),
            what: "probability_of_purchases",
            reason: "the model gives no distribution of purchases",
        })
    }

    /// Expected repeat purchases of a new customer in the first `t` units after their
    /// first purchase, E[X(t)]: the population's curve, before anything is known about
    /// the customer. Summed over a cohort's first-purchase dates it gives the expected
    /// tracking curve ([`tracking`](super::tracking)).
    ///
    /// The default conditions on a customer just born (x = 0, t_x = 0, T = 0), which is
    /// the prior for BG/NBD, Pareto/NBD and their kin; a model may give a closed form.
    fn expected_repeat_purchases(&self, t: f64) -> Result<f64, ValueError> {
        check_horizon(t)?;
        self.expected_purchases_one(t, 0.0, 0.0, 0.0)
    }

    /// P(X(t) = n) for a new customer: `n` repeat purchases in the first `t` units after
    /// the first purchase (the distribution at the history (0, 0, 0)).
    fn probability_of_repeat_purchases(&self, n: f64, t: f64) -> Result<f64, ValueError> {
        self.probability_of_purchases_one(n, t, 0.0, 0.0, 0.0)
    }

    /// Draws the repeat purchases in the first `t` units of one simulated new customer:
    /// parameters from the population's distributions, then the purchase and dropout
    /// processes. [`period_transactions`](super::period_transactions) compares such
    /// draws with the data.
    ///
    /// The default refuses with [`ValueError::Undefined`]: a model that can be simulated
    /// says so by overriding this.
    fn simulate_repeat_purchases(&self, t: f64, rng: &mut SeededRng) -> Result<f64, ValueError> {
        let _ = (t, rng);
        Err(ValueError::Undefined {
            model: self.name(),
            what: "simulate_repeat_purchases",
            reason: "the model has no simulator",
        })
    }

    /// P(alive) for every customer.
    fn p_alive(&self, data: &RfmData<'_>) -> Result<Vec<f64>, ValueError> {
        self.check_data(data)?;
        // Every model's predictions are finite or a typed error naming the row.
        per_distinct_row(data, |x, tx, t| {
            finite_prediction(self.name(), "p_alive", (x, tx, t), self.p_alive_one(x, tx, t)?)
        })
    }

    /// Expected purchases in (T, T + t_future] for every customer.
    fn expected_purchases(&self, t_future: f64, data: &RfmData<'_>) -> Result<Vec<f64>, ValueError> {
        check_horizon(t_future)?;
        self.check_data(data)?;
        per_distinct_row(data, |x, tx, t| {
            let v = self.expected_purchases_one(t_future, x, tx, t)?;
            finite_prediction(self.name(), "expected_purchases", (x, tx, t), v)
        })
    }

    /// P(X(T, T + t_future) = n | history) for every customer.
    fn probability_of_purchases(&self, n: f64, t_future: f64, data: &RfmData<'_>) -> Result<Vec<f64>, ValueError> {
        check_purchase_count("n", n)?;
        check_horizon(t_future)?;
        self.check_data(data)?;
        per_distinct_row(data, |x, tx, t| {
            let v = self.probability_of_purchases_one(n, t_future, x, tx, t)?;
            finite_prediction(self.name(), "probability_of_purchases", (x, tx, t), v)
        })
    }

    /// Customer lifetime value of every customer (see [`ClvConfig`]): the discounted
    /// expected purchases over the horizon times `spend` (expected spend per purchase,
    /// e.g. from [`GammaGamma::expected_spend`](super::GammaGamma::expected_spend)) times the margin.
    ///
    /// For the BG/BB, `config.period_length` must be a whole number of periods.
    fn clv(&self, spend: &[f64], data: &RfmData<'_>, config: &ClvConfig) -> Result<Vec<f64>, ValueError> {
        self.check_data(data)?;
        clv_of_model(self, spend, data, config)
    }
}

/// `value` if finite, otherwise [`ValueError::Unrepresentable`] naming the customer's row values.
pub(crate) fn finite_prediction(
    model: &'static str,
    what: &'static str,
    (frequency, recency, t): (f64, f64, f64),
    value: f64,
) -> Result<f64, ValueError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(ValueError::Unrepresentable { model, what, frequency, recency, t })
    }
}

/// The parts every fitted model keeps: parameters, log-likelihood and report.
macro_rules! fitted_accessors {
    () => {
        fn log_likelihood(&self) -> Option<f64> {
            self.log_likelihood
        }

        fn report(&self) -> Option<&FitReport> {
            self.report.as_ref()
        }
    };
}
pub(crate) use fitted_accessors;

/// Evaluates `f` once per distinct (x, t_x, T) row, in parallel, and spreads the results to every customer.
pub(crate) fn per_distinct_row(
    data: &RfmData<'_>,
    f: impl Fn(f64, f64, f64) -> Result<f64, ValueError> + Sync + Send,
) -> Result<Vec<f64>, ValueError> {
    let d = distinct_rows(data);
    let values: Vec<Result<f64, ValueError>> = map_indexed(d.x.len(), |i| f(d.x[i], d.tx[i], d.t[i]));
    let values: Vec<f64> = values.into_iter().collect::<Result<_, _>>()?;
    Ok(d.of_row.iter().map(|&r| values[r as usize]).collect())
}

/// 1 / max(T) (or 1 when every T is 0): the factor that scales times to [0, 1] for fitting.
pub(crate) fn time_scale(t: &[f64]) -> f64 {
    let m = t.iter().fold(0.0f64, |a, &b| a.max(b));
    if m > 0.0 {
        1.0 / m
    } else {
        1.0
    }
}
