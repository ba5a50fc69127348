//! What the purchase models share: fit options and the prediction interface.

use serde::{Deserialize, Serialize};

use super::clv::{clv_of_model, ClvConfig};
use super::data::{check_weights, distinct_rows, RfmData};
use super::error::{check_config, ValueError};
use super::optimize::OptimizerConfig;
use super::par::map_indexed;
use super::simulate::SeededRng;

/// Options of `fit` for every model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FitConfig {
    /// The optimizer's settings and stopping rule.
    pub optimizer: OptimizerConfig,
    /// Fewest customers (rows with positive weight) a fit accepts. Default 2.
    pub min_customers: usize,
    /// Starting parameters in the model's order (BG/NBD r, α, a, b; Pareto/NBD r, α, s, β;
    /// Gamma-Gamma p, q, v), in the data's units. Default: every parameter 1 after the data
    /// are rescaled (times so the largest T is 1, amounts so the mean is 1).
    pub initial: Option<Vec<f64>>,
}

impl Default for FitConfig {
    fn default() -> Self {
        FitConfig { optimizer: OptimizerConfig::default(), min_customers: 2, initial: None }
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

/// A model of the purchase process (BG/NBD, Pareto/NBD): per-customer predictions.
///
/// The per-row methods take a customer's (x, t_x, T) in the unit of the fit; the
/// column methods take validated [`RfmData`], spread the work over rayon's pool
/// (feature `parallel`) and compute each distinct (x, t_x, T) pattern once.
///
/// Implementors write `name`, `p_alive_one` and `expected_purchases_one`; the rest
/// has defaults. The diagnostics ([`holdout_evaluation`](super::holdout_evaluation),
/// [`tracking`](super::tracking), [`period_transactions`](super::period_transactions),
/// [`FrequencyRecencyMatrix`](super::FrequencyRecencyMatrix)) work through this
/// trait, so they cover every model, also as `&dyn PurchaseModel`.
pub trait PurchaseModel: Send + Sync {
    /// The model's snake_case name (`bg_nbd`, `pareto_nbd`).
    fn name(&self) -> &'static str;

    /// P(alive at T | x, t_x, T) for one customer.
    fn p_alive_one(&self, x: f64, tx: f64, t: f64) -> Result<f64, ValueError>;

    /// Expected purchases in (T, T + t_future] for one customer.
    fn expected_purchases_one(&self, t_future: f64, x: f64, tx: f64, t: f64) -> Result<f64, ValueError>;

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
        per_distinct_row(data, |x, tx, t| self.p_alive_one(x, tx, t))
    }

    /// Expected purchases in (T, T + t_future] for every customer.
    fn expected_purchases(&self, t_future: f64, data: &RfmData<'_>) -> Result<Vec<f64>, ValueError> {
        check_horizon(t_future)?;
        per_distinct_row(data, |x, tx, t| self.expected_purchases_one(t_future, x, tx, t))
    }

    /// Customer lifetime value of every customer (see [`ClvConfig`]): the discounted
    /// expected purchases over the horizon times `spend` (expected spend per purchase,
    /// e.g. from [`GammaGamma::expected_spend`](super::GammaGamma::expected_spend)) times the margin.
    fn clv(&self, spend: &[f64], data: &RfmData<'_>, config: &ClvConfig) -> Result<Vec<f64>, ValueError>
    where
        Self: Sized,
    {
        clv_of_model(self, spend, data, config)
    }
}

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
