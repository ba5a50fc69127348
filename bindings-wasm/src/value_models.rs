//! The contract-renewal model (sBG), DERT, model comparison and fit summaries on typed arrays.

use js_sys::{Array, Float64Array, Object, Uint8Array};
use relmap::error::ErrorCode;
use relmap::value::{
    self, ClvConfig, CovariateFamily, CovariateModel, CovariateSpec, Covariates, FitConfig, FitReport, FitSummary,
    InformationCriteria, LikelihoodRatioTest, PredictionIntervals, PurchaseModel, ShiftedBetaGeo, ShiftedBetaGeoParams,
    ValueError, DEFAULT_LEVEL,
};
use wasm_bindgen::prelude::*;

use crate::convert::js::{is_array, property, typed};
use crate::convert::{number, output, read_arg, read_arg_at, read_config, read_opt, read_params};
use crate::errors::{coded, invalid_argument, to_js};
use crate::map::JsRelationshipMap;
use crate::value::{f64_column, get, opt_f64_column, set, JsBetaGeo, JsBetaGeoBetaBinom, JsParetoNbd, Rfm};

/// A confidence level: absent (the core's default, 0.95) or a number the core checks.
pub(crate) fn level(value: &JsValue) -> Result<f64, JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(DEFAULT_LEVEL)
    } else {
        number(value, "level")
    }
}

fn f64s(v: &[f64]) -> JsValue {
    Float64Array::from(v).into()
}

/// A `FitSummary` as a JavaScript object: the columns as `Float64Array`s, `vcov` as rows.
pub(crate) fn summary_to_js(summary: Result<FitSummary, ValueError>) -> Result<JsValue, JsValue> {
    let s = summary.map_err(to_js)?;
    let o = Object::new();
    set(&o, "model", &JsValue::from_str(&s.model));
    set(&o, "level", &JsValue::from(s.level));
    set(&o, "names", &output(&s.names)?);
    set(&o, "estimate", &f64s(&s.estimate));
    set(&o, "stdError", &f64s(&s.std_error));
    set(&o, "lower", &f64s(&s.lower));
    set(&o, "upper", &f64s(&s.upper));
    set(&o, "vcov", &rows(&s.vcov));
    set(&o, "logLikelihood", &JsValue::from(s.log_likelihood));
    set(&o, "aic", &JsValue::from(s.aic));
    set(&o, "bic", &JsValue::from(s.bic));
    set(&o, "nCustomers", &JsValue::from(s.n_customers));
    Ok(o.into())
}

fn rows(m: &[Vec<f64>]) -> JsValue {
    m.iter().map(|r| f64s(r)).collect::<Array>().into()
}

/// The covariance matrix of a summary, one `Float64Array` per row.
pub(crate) fn vcov_to_js(summary: Result<FitSummary, ValueError>) -> Result<JsValue, JsValue> {
    Ok(rows(&summary.map_err(to_js)?.vcov))
}

/// AIC and BIC of a fitted model; `undefined` (the core's error) for one built from parameters.
pub(crate) fn criteria(
    model: &'static str,
    log_likelihood: Option<f64>,
    parameters: usize,
    report: Option<&FitReport>,
) -> Result<InformationCriteria, JsValue> {
    match (log_likelihood, report) {
        (Some(ll), Some(r)) => Ok(InformationCriteria::new(ll, parameters, r.total_weight)),
        _ => Err(to_js(ValueError::Undefined {
            model,
            what: "aic and bic",
            reason: "the model was built from parameters, not fitted",
        })),
    }
}

/// What the shared `summary`, `vcov`, `aic` and `bic` read of a fitted core model.
pub(crate) trait FittedModel {
    /// The estimates with their uncertainty at `level`.
    fn fit_summary(&self, level: f64) -> Result<FitSummary, ValueError>;
    /// AIC and BIC (the core's `undefined` for a model built from parameters).
    fn fit_criteria(&self) -> Result<InformationCriteria, JsValue>;
}

macro_rules! fitted_purchase_model {
    ($($core:ty),*) => {$(
        impl FittedModel for $core {
            fn fit_summary(&self, level: f64) -> Result<FitSummary, ValueError> {
                PurchaseModel::summary(self, level)
            }

            fn fit_criteria(&self) -> Result<InformationCriteria, JsValue> {
                let k = self.parameters().len();
                criteria(self.name(), PurchaseModel::log_likelihood(self), k, PurchaseModel::report(self))
            }
        }
    )*};
}

fitted_purchase_model!(value::BetaGeo, value::ModifiedBetaGeo, value::ParetoNbd, value::BetaGeoBetaBinom);

impl FittedModel for value::GammaGamma {
    fn fit_summary(&self, level: f64) -> Result<FitSummary, ValueError> {
        self.summary(level)
    }

    fn fit_criteria(&self) -> Result<InformationCriteria, JsValue> {
        criteria("gamma_gamma", self.log_likelihood(), 3, self.report())
    }
}

impl FittedModel for ShiftedBetaGeo {
    fn fit_summary(&self, level: f64) -> Result<FitSummary, ValueError> {
        self.summary(level)
    }

    fn fit_criteria(&self) -> Result<InformationCriteria, JsValue> {
        criteria("sbg", self.log_likelihood(), 2, self.report())
    }
}

impl FittedModel for CovariateModel {
    fn fit_summary(&self, level: f64) -> Result<FitSummary, ValueError> {
        self.summary(level)
    }

    fn fit_criteria(&self) -> Result<InformationCriteria, JsValue> {
        let k = self.parameters().len();
        Ok(InformationCriteria::new(self.log_likelihood(), k, self.report().total_weight))
    }
}

/// The `summary(level?)`, `vcov`, `aic` and `bic` of a JavaScript model class `$js`
/// (Rust `$rust`, holding a [`FittedModel`] as `inner`): one implementation for every
/// fitted model.
macro_rules! fit_summary_methods {
    ($js:literal, $rust:ident) => {
        #[wasm_bindgen(js_class = $js)]
        impl $rust {
            /// The estimates with standard errors and confidence intervals at `level`
            /// (absent: 0.95), the covariance matrix, AIC and BIC (the core's `FitSummary`).
            /// Throws `not_identified` naming the parameter for a fit on a boundary,
            /// `undefined` for a model built from parameters.
            #[wasm_bindgen(unchecked_return_type = "FitSummary")]
            pub fn summary(
                &self,
                #[wasm_bindgen(unchecked_optional_param_type = "number")] level: JsValue,
            ) -> Result<JsValue, JsValue> {
                let level = $crate::value_models::level(&level)?;
                $crate::value_models::summary_to_js($crate::value_models::FittedModel::fit_summary(&self.inner, level))
            }

            /// The covariance matrix of the estimates, one `Float64Array` row per parameter.
            #[wasm_bindgen(getter, unchecked_return_type = "Float64Array[]")]
            pub fn vcov(&self) -> Result<JsValue, JsValue> {
                let s = $crate::value_models::FittedModel::fit_summary(&self.inner, relmap::value::DEFAULT_LEVEL);
                $crate::value_models::vcov_to_js(s)
            }

            /// Akaike's information criterion of the fit, 2k − 2 ln L.
            #[wasm_bindgen(getter)]
            pub fn aic(&self) -> Result<f64, JsValue> {
                $crate::value_models::FittedModel::fit_criteria(&self.inner).map(|c| c.aic)
            }

            /// The Bayesian information criterion of the fit, k ln N − 2 ln L.
            #[wasm_bindgen(getter)]
            pub fn bic(&self) -> Result<f64, JsValue> {
                $crate::value_models::FittedModel::fit_criteria(&self.inner).map(|c| c.bic)
            }
        }
    };
}
pub(crate) use fit_summary_methods;

fit_summary_methods!("ShiftedBetaGeo", JsShiftedBetaGeo);
fit_summary_methods!("CovariateModel", JsCovariateModel);

/// Prediction intervals as a JavaScript object: `estimate`, `lower`, `upper` as
/// `Float64Array`s, with `level`, `method` and `draws`.
pub(crate) fn intervals_to_js(intervals: Result<PredictionIntervals, ValueError>) -> Result<JsValue, JsValue> {
    let iv = intervals.map_err(to_js)?;
    let o = Object::new();
    set(&o, "estimate", &f64s(&iv.estimate));
    set(&o, "lower", &f64s(&iv.lower));
    set(&o, "upper", &f64s(&iv.upper));
    set(&o, "level", &JsValue::from(iv.level));
    set(&o, "method", &output(&iv.method)?);
    set(&o, "draws", &JsValue::from(iv.draws as f64));
    Ok(o.into())
}

/// A fitted `GammaGamma` argument, rebuilt by the core's `from_fit` from what the object
/// shows (`params`, `logLikelihood`, `report`): an argument cannot lend the model itself
/// and must stay usable.
pub(crate) fn gamma_gamma_of(value: &JsValue, field: &str) -> Result<value::GammaGamma, JsValue> {
    let class = property(&property(value, "constructor"), "name").as_string();
    if class.as_deref() != Some("GammaGamma") {
        return Err(invalid_argument(field, "expected a GammaGamma"));
    }
    let params: value::GammaGammaParams = read_params(&property(value, "params"))?;
    let ll = property(value, "logLikelihood");
    let report = property(value, "report");
    if ll.is_undefined() || report.is_undefined() {
        return Err(to_js(ValueError::Undefined {
            model: "gamma_gamma",
            what: "prediction intervals",
            reason: "the model was built from parameters, not fitted",
        }));
    }
    let report: FitReport = read_arg_at(&report, &format!("{field}.report"))?;
    value::GammaGamma::from_fit(params, number(&ll, &format!("{field}.logLikelihood"))?, report).map_err(to_js)
}

/// A column of flags: an array of booleans, or a `Uint8Array` of 0s and 1s.
fn bool_column(value: &JsValue, name: &str) -> Result<Vec<bool>, JsValue> {
    if let Some(a) = typed::<Uint8Array>(value) {
        return a
            .to_vec()
            .into_iter()
            .enumerate()
            .map(|(i, v)| match v {
                0 => Ok(false),
                1 => Ok(true),
                _ => Err(coded(ErrorCode::OutOfRange, &format!("{name}[{i}]"), format!("{v} is not 0 or 1"))),
            })
            .collect();
    }
    if is_array(value) {
        return read_arg::<Vec<bool>>(value).map_err(|_| invalid_argument(name, "expected booleans"));
    }
    Err(invalid_argument(name, "expected an array of booleans or a Uint8Array of 0 and 1"))
}

/// A whole number >= 0 (periods, a parameter count).
fn periods(value: &JsValue, name: &str) -> Result<usize, JsValue> {
    let v = number(value, name)?;
    if !(v >= 0.0 && v.fract() == 0.0 && v <= u32::MAX as f64) {
        return Err(coded(ErrorCode::OutOfRange, name, format!("{v} is not a whole number >= 0")));
    }
    Ok(v as usize)
}

/// The sBG model of contract renewals: fit it (to customers or cohorts), or build it from
/// known parameters, then read its curves, lifetimes and values.
#[wasm_bindgen(js_name = ShiftedBetaGeo)]
pub struct JsShiftedBetaGeo {
    inner: ShiftedBetaGeo,
}

#[wasm_bindgen(js_class = ShiftedBetaGeo)]
impl JsShiftedBetaGeo {
    /// A model with known parameters (each finite and > 0).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ShiftedBetaGeoParams")] params: JsValue,
    ) -> Result<JsShiftedBetaGeo, JsValue> {
        let params: ShiftedBetaGeoParams = read_arg(&params)?;
        ShiftedBetaGeo::new(params).map(|inner| JsShiftedBetaGeo { inner }).map_err(to_js)
    }

    /// Fits α, β to per-customer `tenure` (renewals of an active customer, periods stayed
    /// of a lapsed one) and `active`, with optional weights counting identical customers.
    pub fn fit(
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] tenure: JsValue,
        #[wasm_bindgen(unchecked_param_type = "boolean[] | Uint8Array")] active: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Float64Array | number[] | null")] weights: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "FitConfig")] config: JsValue,
    ) -> Result<JsShiftedBetaGeo, JsValue> {
        let tenure = f64_column(&tenure, "tenure")?;
        let active = bool_column(&active, "active")?;
        let weights = opt_f64_column(&weights, "weights")?;
        let cfg: FitConfig = read_opt(&config)?;
        ShiftedBetaGeo::fit(&tenure, &active, weights.as_deref(), &cfg)
            .map(|inner| JsShiftedBetaGeo { inner })
            .map_err(to_js)
    }

    /// Fits α, β to cohorts: each its count of active customers at the start of periods
    /// 0, 1, …, k (non-increasing, the first > 0).
    #[wasm_bindgen(js_name = fitCohorts)]
    pub fn fit_cohorts(
        #[wasm_bindgen(unchecked_param_type = "(Float64Array | number[])[]")] survivors: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "FitConfig")] config: JsValue,
    ) -> Result<JsShiftedBetaGeo, JsValue> {
        if !is_array(&survivors) {
            return Err(invalid_argument("survivors", "expected an array of cohorts (each an array of counts)"));
        }
        let cohorts: Vec<Vec<f64>> = Array::from(&survivors)
            .iter()
            .enumerate()
            .map(|(i, c)| f64_column(&c, &format!("survivors[{i}]")))
            .collect::<Result<_, _>>()?;
        let cfg: FitConfig = read_opt(&config)?;
        let views: Vec<&[f64]> = cohorts.iter().map(Vec::as_slice).collect();
        ShiftedBetaGeo::fit_cohorts(&views, &cfg).map(|inner| JsShiftedBetaGeo { inner }).map_err(to_js)
    }

    /// The parameters.
    #[wasm_bindgen(getter, unchecked_return_type = "ShiftedBetaGeoParams")]
    pub fn params(&self) -> Result<JsValue, JsValue> {
        output(&self.inner.params())
    }

    /// The log-likelihood at the fitted optimum (`undefined` for a model built from parameters).
    #[wasm_bindgen(getter, js_name = logLikelihood)]
    pub fn log_likelihood(&self) -> Option<f64> {
        self.inner.log_likelihood()
    }

    /// How the fit went (`undefined` for a model built from parameters).
    #[wasm_bindgen(getter, unchecked_return_type = "FitReport | undefined")]
    pub fn report(&self) -> Result<JsValue, JsValue> {
        self.inner.report().map_or(Ok(JsValue::UNDEFINED), output)
    }

    /// N: the customers the fit saw (`undefined` for a model built from parameters).
    #[wasm_bindgen(getter, js_name = nCustomers)]
    pub fn n_customers(&self) -> Option<f64> {
        self.inner.report().map(|r| r.total_weight)
    }

    /// The weighted log-likelihood of (tenure, active) rows under these parameters.
    #[wasm_bindgen(js_name = logLikelihoodOf)]
    pub fn log_likelihood_of(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] tenure: JsValue,
        #[wasm_bindgen(unchecked_param_type = "boolean[] | Uint8Array")] active: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Float64Array | number[] | null")] weights: JsValue,
    ) -> Result<f64, JsValue> {
        let tenure = f64_column(&tenure, "tenure")?;
        let active = bool_column(&active, "active")?;
        let weights = opt_f64_column(&weights, "weights")?;
        self.inner.log_likelihood_of(&tenure, &active, weights.as_deref()).map_err(to_js)
    }

    /// S(t): the probability that a new customer is still active after `t` renewals.
    pub fn survival(&self, t: f64) -> Result<f64, JsValue> {
        self.inner.survival(t).map_err(to_js)
    }

    /// r(t) = S(t)/S(t−1): the share of the customers active in period `t` ≥ 1 who renew.
    pub fn retention(&self, t: f64) -> Result<f64, JsValue> {
        self.inner.retention(t).map_err(to_js)
    }

    /// P(T = t): the probability that a new customer stays exactly `t` ≥ 1 periods.
    #[wasm_bindgen(js_name = churnProbability)]
    pub fn churn_probability(&self, t: f64) -> Result<f64, JsValue> {
        self.inner.churn_probability(t).map_err(to_js)
    }

    /// S(0), …, S(periods).
    #[wasm_bindgen(js_name = survivalCurve)]
    pub fn survival_curve(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] periods: JsValue,
    ) -> Result<Vec<f64>, JsValue> {
        self.inner.survival_curve(self::periods(&periods, "periods")?).map_err(to_js)
    }

    /// r(1), …, r(periods).
    #[wasm_bindgen(js_name = retentionCurve)]
    pub fn retention_curve(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] periods: JsValue,
    ) -> Result<Vec<f64>, JsValue> {
        self.inner.retention_curve(self::periods(&periods, "periods")?).map_err(to_js)
    }

    /// P(renew) of an active customer who has renewed `renewals` times, (β+k)/(α+β+k).
    #[wasm_bindgen(js_name = pRenew)]
    pub fn p_renew(&self, renewals: f64) -> Result<f64, JsValue> {
        self.inner.p_renew(renewals).map_err(to_js)
    }

    /// P(renew) of every customer (0 for a lapsed one): what tiers and churn warnings read as P(alive).
    #[wasm_bindgen(js_name = pRenewCustomers)]
    pub fn p_renew_customers(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] tenure: JsValue,
        #[wasm_bindgen(unchecked_param_type = "boolean[] | Uint8Array")] active: JsValue,
    ) -> Result<Vec<f64>, JsValue> {
        let tenure = f64_column(&tenure, "tenure")?;
        let active = bool_column(&active, "active")?;
        self.inner.p_renew_customers(&tenure, &active).map_err(to_js)
    }

    /// E(T) = (α+β−1)/(α−1): a new customer's expected lifetime; throws `undefined` when α ≤ 1.
    #[wasm_bindgen(js_name = expectedLifetime)]
    pub fn expected_lifetime(&self) -> Result<f64, JsValue> {
        self.inner.expected_lifetime().map_err(to_js)
    }

    /// Expected further renewals of an active customer with `renewals` k, (β+k)/(α−1).
    #[wasm_bindgen(js_name = expectedRemainingLifetime)]
    pub fn expected_remaining_lifetime(&self, renewals: f64) -> Result<f64, JsValue> {
        self.inner.expected_remaining_lifetime(renewals).map_err(to_js)
    }

    /// DEL: a new customer's discounted expected lifetime at `discountRate` per period.
    #[wasm_bindgen(js_name = del)]
    pub fn del(&self, #[wasm_bindgen(js_name = discountRate)] discount_rate: f64) -> Result<f64, JsValue> {
        self.inner.del(discount_rate).map_err(to_js)
    }

    /// DERL: the discounted expected residual lifetime of an active customer with `renewals` k.
    pub fn derl(
        &self,
        #[wasm_bindgen(js_name = discountRate)] discount_rate: f64,
        renewals: f64,
    ) -> Result<f64, JsValue> {
        self.inner.derl(discount_rate, renewals).map_err(to_js)
    }

    /// CLV of every customer: `margin` per period × DERL at its tenure (0 for lapsed customers).
    pub fn clv(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] margin: JsValue,
        #[wasm_bindgen(js_name = discountRate)] discount_rate: f64,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] tenure: JsValue,
        #[wasm_bindgen(unchecked_param_type = "boolean[] | Uint8Array")] active: JsValue,
    ) -> Result<Vec<f64>, JsValue> {
        let margin = f64_column(&margin, "margin")?;
        let tenure = f64_column(&tenure, "tenure")?;
        let active = bool_column(&active, "active")?;
        self.inner.clv(&margin, discount_rate, &tenure, &active).map_err(to_js)
    }
}

#[wasm_bindgen(js_class = ParetoNbd)]
impl JsParetoNbd {
    /// Discounted expected residual transactions of every customer at the continuously
    /// compounded `discountRate` per time unit (CLVTools' DERT).
    pub fn dert(
        &self,
        #[wasm_bindgen(js_name = discountRate)] discount_rate: f64,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
        #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] t: JsValue,
    ) -> Result<Vec<f64>, JsValue> {
        let rfm = Rfm::read(&frequency, &recency, &t)?;
        self.inner.dert(discount_rate, &rfm.data()?).map_err(to_js)
    }
}

#[wasm_bindgen(js_class = BetaGeoBetaBinom)]
impl JsBetaGeoBetaBinom {
    /// Discounted expected residual transactions of every customer at `discountRate` per period.
    pub fn dert(
        &self,
        #[wasm_bindgen(js_name = discountRate)] discount_rate: f64,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
        #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] t: JsValue,
    ) -> Result<Vec<f64>, JsValue> {
        let rfm = Rfm::read(&frequency, &recency, &t)?;
        self.inner.dert(discount_rate, &rfm.data()?).map_err(to_js)
    }
}

/// Fits every applicable purchase model (BG/NBD, MBG/NBD, Pareto/NBD, and BG/BB on whole
/// periods) to one summary and scores it: log-likelihood, AIC, BIC and, with a holdout,
/// its error. A model that cannot be fitted has its error (code, field, message).
#[wasm_bindgen(js_name = compareModels, unchecked_return_type = "ComparedModel[]")]
pub fn compare_models(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
    #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] t: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CompareModelsOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let rfm = Rfm::read(&frequency, &recency, &t)?;
    let opt = |name: &str| if options.is_object() { get(&options, name) } else { JsValue::UNDEFINED };
    if !(options.is_undefined() || options.is_null() || options.is_object()) {
        return Err(invalid_argument("options", "expected an object"));
    }
    let weights = opt_f64_column(&opt("weights"), "weights")?;
    let holdout_frequency = opt_f64_column(&opt("holdoutFrequency"), "holdoutFrequency")?;
    let duration = opt("holdoutDuration");
    let holdout_duration = match duration.as_f64() {
        Some(d) => Some(vec![d; rfm.frequency.len()]),
        None => opt_f64_column(&duration, "holdoutDuration")?,
    };
    let holdout = match (&holdout_frequency, &holdout_duration) {
        (Some(f), Some(d)) => Some(value::Holdout { frequency: f, duration: d }),
        (None, None) => None,
        (None, Some(_)) => return Err(invalid_argument("holdoutFrequency", "required with holdoutDuration")),
        (Some(_), None) => return Err(invalid_argument("holdoutDuration", "required with holdoutFrequency")),
    };
    let cfg: FitConfig = read_opt(&opt("config"))?;
    let lines = value::compare_models(&rfm.data()?, weights.as_deref(), holdout, &cfg).map_err(to_js)?;
    let out = Array::new();
    for line in lines {
        let o = Object::new();
        set(&o, "model", &JsValue::from_str(line.model));
        set(&o, "discrete", &JsValue::from_bool(line.discrete));
        let number_or_null = |v: Option<f64>| v.map_or(JsValue::NULL, JsValue::from);
        match line.outcome {
            Ok(s) => {
                let params = Object::new();
                for (name, v) in &s.parameters {
                    set(&params, name, &JsValue::from(*v));
                }
                set(&o, "parameters", &params.into());
                set(&o, "logLikelihood", &JsValue::from(s.log_likelihood));
                set(&o, "parameterCount", &JsValue::from(s.parameter_count as f64));
                set(&o, "aic", &JsValue::from(s.aic));
                set(&o, "bic", &JsValue::from(s.bic));
                set(&o, "holdout", &s.holdout.as_ref().map_or(Ok(JsValue::NULL), output)?);
                set(&o, "report", &output(&s.report)?);
                set(&o, "error", &JsValue::NULL);
            }
            Err(e) => {
                for key in ["parameters", "logLikelihood", "parameterCount", "aic", "bic", "holdout", "report"] {
                    set(&o, key, &number_or_null(None));
                }
                let e: relmap::Error = e.into();
                let err = Object::new();
                set(&err, "code", &JsValue::from_str(e.error_code().as_str()));
                set(&err, "field", &e.field().map_or(JsValue::NULL, JsValue::from_str));
                set(&err, "message", &JsValue::from_str(&e.to_string()));
                set(&o, "error", &err.into());
            }
        }
        out.push(&o);
    }
    Ok(out.into())
}

/// A covariate table of a JavaScript options object: `{ names: string[], values:
/// Float64Array | number[] }` (row-major, one row per customer), or absent.
fn covariate_table(options: &JsValue, key: &str, set: &'static str, rows: usize) -> Result<Covariates, JsValue> {
    let table = if options.is_object() { get(options, key) } else { JsValue::UNDEFINED };
    if table.is_undefined() || table.is_null() {
        return Ok(Covariates::none(set, rows));
    }
    if !table.is_object() {
        return Err(invalid_argument(key, "expected { names, values } (values row-major)"));
    }
    let names: Vec<String> =
        read_arg(&get(&table, "names")).map_err(|_| invalid_argument(key, "names: expected strings"))?;
    let values = f64_column(&get(&table, "values"), &format!("{key}.values"))?;
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    Covariates::new(set, &names, &values, rows).map_err(to_js)
}

/// The prediction covariates of `options` for `rows` customers.
fn tables(options: &JsValue, rows: usize) -> Result<(Covariates, Covariates), JsValue> {
    if !(options.is_undefined() || options.is_null() || options.is_object()) {
        return Err(invalid_argument("options", "expected { purchaseCovariates, dropoutCovariates }"));
    }
    Ok((
        covariate_table(options, "purchaseCovariates", "purchase_covariates", rows)?,
        covariate_table(options, "dropoutCovariates", "dropout_covariates", rows)?,
    ))
}

/// Fits with covariates: the options' `purchaseCovariates`, `dropoutCovariates`,
/// `constrainEqual`, `weights` and `config`.
fn fit_covariates(
    family: CovariateFamily,
    frequency: &JsValue,
    recency: &JsValue,
    t: &JsValue,
    options: &JsValue,
) -> Result<JsCovariateModel, JsValue> {
    let rfm = Rfm::read(frequency, recency, t)?;
    let data = rfm.data()?;
    let (purchase, dropout) = tables(options, data.len())?;
    let opt = |name: &str| if options.is_object() { get(options, name) } else { JsValue::UNDEFINED };
    let weights = opt_f64_column(&opt("weights"), "weights")?;
    let constrained: Vec<String> = read_opt(&opt("constrainEqual"))?;
    let constrained: Vec<&str> = constrained.iter().map(String::as_str).collect();
    let cfg: FitConfig = read_opt(&opt("config"))?;
    let spec = CovariateSpec { purchase: &purchase, dropout: &dropout, constrain_equal: &constrained };
    match family {
        CovariateFamily::ParetoNbd => {
            relmap::value::ParetoNbd::fit_with_covariates(&data, weights.as_deref(), spec, &cfg)
        }
        CovariateFamily::BetaGeo => relmap::value::BetaGeo::fit_with_covariates(&data, weights.as_deref(), spec, &cfg),
    }
    .map(|inner| JsCovariateModel { inner })
    .map_err(to_js)
}

#[wasm_bindgen(js_class = ParetoNbd)]
impl JsParetoNbd {
    /// Fits the Pareto/NBD with static covariates (CLVTools' parameterisation):
    /// `options.purchaseCovariates` and `options.dropoutCovariates` as `{ names, values }`
    /// (row-major, one row per customer), `constrainEqual` (columns with one coefficient
    /// for both processes), `weights`, `config`.
    #[wasm_bindgen(js_name = fitWithCovariates)]
    pub fn fit_with_covariates(
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
        #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] t: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CovariateFitOptions")] options: JsValue,
    ) -> Result<JsCovariateModel, JsValue> {
        fit_covariates(CovariateFamily::ParetoNbd, &frequency, &recency, &t, &options)
    }
}

#[wasm_bindgen(js_class = BetaGeo)]
impl JsBetaGeo {
    /// Fits the BG/NBD with static covariates (αᵢ = α·exp(−γᵀxᵢ), aᵢ, bᵢ scaled by exp(γᵀzᵢ)).
    #[wasm_bindgen(js_name = fitWithCovariates)]
    pub fn fit_with_covariates(
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
        #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] t: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CovariateFitOptions")] options: JsValue,
    ) -> Result<JsCovariateModel, JsValue> {
        fit_covariates(CovariateFamily::BetaGeo, &frequency, &recency, &t, &options)
    }
}

/// A Pareto/NBD or BG/NBD fitted with static covariates: each customer predicted under
/// its own parameters, from the covariate tables of the fit's columns.
#[wasm_bindgen(js_name = CovariateModel)]
pub struct JsCovariateModel {
    inner: CovariateModel,
}

#[wasm_bindgen(js_class = CovariateModel)]
impl JsCovariateModel {
    /// `pareto_nbd` or `bg_nbd`.
    #[wasm_bindgen(getter)]
    pub fn model(&self) -> String {
        self.inner.name().to_owned()
    }

    /// Every parameter by name: the four base parameters, then `purchase.<column>`,
    /// `dropout.<column>`, `constrained.<column>`.
    #[wasm_bindgen(getter, unchecked_return_type = "Record<string, number>")]
    pub fn params(&self) -> Result<JsValue, JsValue> {
        let o = Object::new();
        for (name, v) in self.inner.parameters() {
            set(&o, &name, &JsValue::from(v));
        }
        Ok(o.into())
    }

    /// The maximised log-likelihood.
    #[wasm_bindgen(getter, js_name = logLikelihood)]
    pub fn log_likelihood(&self) -> f64 {
        self.inner.log_likelihood()
    }

    /// How the fit went.
    #[wasm_bindgen(getter, unchecked_return_type = "FitReport")]
    pub fn report(&self) -> Result<JsValue, JsValue> {
        output(self.inner.report())
    }

    /// N: the customers the fit saw.
    #[wasm_bindgen(getter, js_name = nCustomers)]
    pub fn n_customers(&self) -> f64 {
        self.inner.report().total_weight
    }

    /// P(alive) of every customer under its own parameters.
    #[wasm_bindgen(js_name = pAlive)]
    pub fn p_alive(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
        #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] t: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CovariateTables")] covariates: JsValue,
    ) -> Result<Vec<f64>, JsValue> {
        let rfm = Rfm::read(&frequency, &recency, &t)?;
        let data = rfm.data()?;
        let (p, d) = tables(&covariates, data.len())?;
        self.inner.p_alive(&data, &p, &d).map_err(to_js)
    }

    /// Expected purchases in the next `t` of every customer under its own parameters.
    #[wasm_bindgen(js_name = expectedPurchases)]
    pub fn expected_purchases(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] t: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
        #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] age: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CovariateTables")] covariates: JsValue,
    ) -> Result<Vec<f64>, JsValue> {
        let t = number(&t, "t")?;
        let rfm = Rfm::read(&frequency, &recency, &age)?;
        let data = rfm.data()?;
        let (p, d) = tables(&covariates, data.len())?;
        self.inner.expected_purchases(t, &data, &p, &d).map_err(to_js)
    }

    /// CLV of every customer under its own parameters: discounted purchases × `spend` × margin.
    pub fn clv(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] spend: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
        #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] t: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CovariateTables")] covariates: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ClvConfig")] config: JsValue,
    ) -> Result<Vec<f64>, JsValue> {
        let spend = f64_column(&spend, "spend")?;
        let rfm = Rfm::read(&frequency, &recency, &t)?;
        let data = rfm.data()?;
        let (p, d) = tables(&covariates, data.len())?;
        let cfg: ClvConfig = read_opt(&config)?;
        self.inner.clv(&spend, &data, &p, &d, &cfg).map_err(to_js)
    }

    /// P(alive) of every customer with an interval from the fit's uncertainty (its base
    /// parameters and coefficients drawn together, each customer under its own
    /// covariates): `{ estimate, lower, upper }` typed arrays, `options` the core's
    /// `IntervalConfig` as `BetaGeo.pAliveIntervals`.
    #[wasm_bindgen(js_name = pAliveIntervals, unchecked_return_type = "PredictionIntervals")]
    pub fn p_alive_intervals(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
        #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] t: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CovariateTables")] covariates: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IntervalConfig")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let rfm = Rfm::read(&frequency, &recency, &t)?;
        let data = rfm.data()?;
        let (p, d) = tables(&covariates, data.len())?;
        let cfg: value::IntervalConfig = read_config(&options)?;
        intervals_to_js(self.inner.p_alive_intervals(&data, &p, &d, &cfg))
    }

    /// Expected purchases of every customer in the next `t` with an interval (arguments
    /// as `pAliveIntervals`).
    #[wasm_bindgen(js_name = expectedPurchasesIntervals, unchecked_return_type = "PredictionIntervals")]
    pub fn expected_purchases_intervals(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] t: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
        #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] age: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CovariateTables")] covariates: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IntervalConfig")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let t = number(&t, "t")?;
        let rfm = Rfm::read(&frequency, &recency, &age)?;
        let data = rfm.data()?;
        let (p, d) = tables(&covariates, data.len())?;
        let cfg: value::IntervalConfig = read_config(&options)?;
        intervals_to_js(self.inner.expected_purchases_intervals(t, &data, &p, &d, &cfg))
    }

    /// CLV of every customer (margin · expected spend from a fitted `GammaGamma` ·
    /// discounted expected purchases under its own parameters) with an interval carrying
    /// both fits' uncertainty; `config` the CLV's settings, `options` as `pAliveIntervals`.
    #[wasm_bindgen(js_name = clvIntervals, unchecked_return_type = "PredictionIntervals")]
    #[allow(clippy::too_many_arguments)]
    pub fn clv_intervals(
        &self,
        #[wasm_bindgen(js_name = gammaGamma, unchecked_param_type = "GammaGamma")] gamma_gamma: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
        #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] t: JsValue,
        #[wasm_bindgen(js_name = monetaryValue, unchecked_param_type = "Float64Array | number[]")]
        monetary_value: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CovariateTables")] covariates: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ClvConfig")] config: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IntervalConfig")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let gg = gamma_gamma_of(&gamma_gamma, "gammaGamma")?;
        let rfm = Rfm::read(&frequency, &recency, &t)?;
        let data = rfm.data()?;
        let monetary_value = f64_column(&monetary_value, "monetaryValue")?;
        let (p, d) = tables(&covariates, data.len())?;
        let clv: ClvConfig = read_config(&config)?;
        let cfg: value::IntervalConfig = read_config(&options)?;
        intervals_to_js(self.inner.clv_intervals(&gg, &data, &monetary_value, &p, &d, &clv, &cfg))
    }
}

/// The likelihood-ratio test of a restricted fit against a fuller one nesting it (same
/// customers): statistic, degrees of freedom and p-value.
#[wasm_bindgen(js_name = likelihoodRatioTest, unchecked_return_type = "LikelihoodRatioTest")]
pub fn likelihood_ratio_test(
    #[wasm_bindgen(js_name = restrictedLogLikelihood)] restricted_log_likelihood: f64,
    #[wasm_bindgen(js_name = restrictedParameters, unchecked_param_type = "number")] restricted_parameters: JsValue,
    #[wasm_bindgen(js_name = fullLogLikelihood)] full_log_likelihood: f64,
    #[wasm_bindgen(js_name = fullParameters, unchecked_param_type = "number")] full_parameters: JsValue,
) -> Result<JsValue, JsValue> {
    let restricted = periods(&restricted_parameters, "restrictedParameters")?;
    let full = periods(&full_parameters, "fullParameters")?;
    let t =
        LikelihoodRatioTest::new(restricted_log_likelihood, restricted, full_log_likelihood, full).map_err(to_js)?;
    output(&t)
}

#[wasm_bindgen(js_class = RelationshipMap)]
impl JsRelationshipMap {
    /// This account's relationship covariates as of `asOf` (one row: decision coverage,
    /// the economic buyer's trust, threads to key players, predicted support, days since
    /// the last contact with a key player, champion present), to join with its
    /// transactions' summary by account id.
    #[wasm_bindgen(js_name = relationshipCovariates, unchecked_return_type = "RelationshipCovariates")]
    pub fn relationship_covariates(
        &self,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "string")] as_of: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RelationshipCovariateConfig")] config: JsValue,
    ) -> Result<JsValue, JsValue> {
        let as_of: relmap::time::Timestamp =
            read_arg(&as_of).map_err(|_| invalid_argument("asOf", "required: a date or RFC 3339 time"))?;
        let cfg: value::RelationshipCovariateConfig = read_opt(&config)?;
        output(&value::relationship_covariates(&[&self.inner], as_of, &cfg).map_err(to_js)?)
    }
}
