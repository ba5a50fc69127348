//! Static covariates for the Pareto/NBD and BG/NBD, in CLVTools' parameterisation.
//!
//! Customer i with purchase covariates xᵢ and dropout covariates zᵢ has its own
//! parameters:
//! - Pareto/NBD: αᵢ = α·exp(−γ_purchaseᵀxᵢ), βᵢ = β·exp(−γ_dropoutᵀzᵢ);
//! - BG/NBD: αᵢ = α·exp(−γ_purchaseᵀxᵢ), aᵢ = a·exp(γ_dropoutᵀzᵢ), bᵢ = b·exp(γ_dropoutᵀzᵢ).
//!
//! α is a scale of the purchase rate λ ~ Gamma(r, α) (mean r/α), so a positive
//! purchase coefficient means *more* purchases: the mean rate is multiplied by exp(γ)
//! per unit of the covariate. For the Pareto/NBD a positive dropout coefficient means a
//! higher dropout rate (the mean of μ, s/βᵢ, times exp(γ)); for the BG/NBD it scales a
//! and b together, leaving the mean dropout probability a/(a+b) unchanged and
//! narrowing its spread. The purchase and dropout covariates may be different columns;
//! a column in both can be constrained to one coefficient for both processes.
//!
//! The fit maximises the likelihood over ln(r, α, s, β) (ln(r, α, a, b)) and the
//! coefficients, starting from the fit without covariates; the gradient is taken by
//! central differences. [`CovariateModel::summary`] gives standard errors as for the
//! models without covariates, the coefficients on their own scale.

use serde::{Deserialize, Serialize};

use super::bgnbd::{BetaGeo, BetaGeoParams};
use super::clv::{discounted_purchases, ClvConfig};
use super::data::{check_weights, RfmData};
use super::error::{check_finite, check_len, ValueError};
use super::model::{check_fit_input, check_horizon, time_scale, FitConfig, PurchaseModel};
use super::optimize::{central_gradient, minimize_keeping, FitReport, Objective, BOUNDARY_LOG_PARAM};
use super::par::{map_indexed, sum_indexed};
use super::paretonbd::{ParetoNbd, ParetoNbdParams};
use super::special::{ln_gamma_ratio, ln_pareto_integral, log_add_exp};
use super::uncertainty::{summarize_named, symmetric_eigen, FitSummary};

/// A table of static covariates: one row per customer (in the data's order), one named
/// column per covariate, values row-major.
///
/// ```
/// use relmap::value::Covariates;
/// let c = Covariates::new("purchase_covariates", &["gender", "channel"], &[0.0, 1.0, 1.0, 0.0, 1.0, 1.0], 3)?;
/// assert_eq!(c.value(2, 1), 1.0);
/// let bad = Covariates::new("purchase_covariates", &["gender"], &[0.0, f64::NAN], 2).unwrap_err();
/// assert!(bad.to_string().contains("gender"));
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Covariates {
    set: String,
    names: Vec<String>,
    values: Vec<f64>,
    rows: usize,
}

impl Covariates {
    /// Checks and keeps a table; `set` names it in errors (`purchase_covariates`,
    /// `dropout_covariates`). Errors: `length_mismatch` when `values` is not
    /// `rows × names.len()`, `non_finite` naming the column and row,
    /// `invalid_argument` for an empty or repeated column name.
    pub fn new(set: &'static str, names: &[&str], values: &[f64], rows: usize) -> Result<Covariates, ValueError> {
        check_len(set, values, rows * names.len())?;
        for (j, name) in names.iter().enumerate() {
            if name.is_empty() || names[..j].contains(name) {
                return Err(ValueError::InvalidCovariate {
                    set,
                    column: (*name).to_owned(),
                    reason: "column names must be non-empty and distinct",
                });
            }
            for i in 0..rows {
                let v = values[i * names.len() + j];
                if !v.is_finite() {
                    return Err(ValueError::NonFiniteCovariate { set, column: (*name).to_owned(), index: i, value: v });
                }
            }
        }
        Ok(Covariates {
            set: set.to_owned(),
            names: names.iter().map(|n| (*n).to_owned()).collect(),
            values: values.to_vec(),
            rows,
        })
    }

    /// No covariates for `rows` customers.
    pub fn none(set: &'static str, rows: usize) -> Covariates {
        Covariates { set: set.to_owned(), names: Vec::new(), values: Vec::new(), rows }
    }

    /// The column names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Number of rows (customers).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The value of column `j` for customer `i`.
    pub fn value(&self, i: usize, j: usize) -> f64 {
        self.values[i * self.names.len() + j]
    }

    fn set(&self) -> &'static str {
        if self.set == "dropout_covariates" {
            "dropout_covariates"
        } else {
            "purchase_covariates"
        }
    }

    /// Checks the table against `n` customers (with `weights`): row count, and columns that
    /// vary and are not linear combinations of the others and the intercept.
    fn check_for_fit(&self, n: usize, weights: Option<&[f64]>) -> Result<(), ValueError> {
        if self.rows != n {
            return Err(ValueError::LengthMismatch { field: self.set(), expected: n, got: self.rows });
        }
        let k = self.names.len();
        if k == 0 {
            return Ok(());
        }
        let w = |i: usize| weights.map_or(1.0, |w| w[i]);
        let total: f64 = (0..n).map(w).sum();
        let means: Vec<f64> = (0..k).map(|j| (0..n).map(|i| w(i) * self.value(i, j)).sum::<f64>() / total).collect();
        let mut gram = vec![0.0; k * k];
        for i in 0..n {
            if w(i) == 0.0 {
                continue;
            }
            for a in 0..k {
                let da = self.value(i, a) - means[a];
                for b in 0..k {
                    gram[a * k + b] += w(i) * da * (self.value(i, b) - means[b]);
                }
            }
        }
        for j in 0..k {
            let scale = means[j].abs().max(1.0);
            if gram[j * k + j] <= 1e-12 * scale * scale * total {
                return Err(ValueError::ConstantCovariate { set: self.set(), column: self.names[j].clone() });
            }
        }
        // Correlation matrix: a (near) zero eigenvalue means collinear columns.
        let sd: Vec<f64> = (0..k).map(|j| gram[j * k + j].sqrt()).collect();
        let corr: Vec<f64> = (0..k * k).map(|e| gram[e] / (sd[e / k] * sd[e % k])).collect();
        let (values, vectors) = symmetric_eigen(&corr, k);
        let (e, &smallest) = values.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1)).expect("k >= 1");
        if smallest <= 1e-10 * k as f64 {
            // Name the last of the columns the dependence involves (the one that adds nothing).
            let column = (0..k).rev().find(|&j| vectors[j * k + e].abs() > 1e-3).unwrap_or(k - 1);
            return Err(ValueError::CollinearCovariates { set: self.set(), column: self.names[column].clone() });
        }
        Ok(())
    }
}

/// Which model a [`CovariateModel`] extends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CovariateFamily {
    /// Pareto/NBD: covariates scale α and β.
    ParetoNbd,
    /// BG/NBD: covariates scale α, and a and b together.
    BetaGeo,
}

impl CovariateFamily {
    fn model(self) -> &'static str {
        match self {
            CovariateFamily::ParetoNbd => "pareto_nbd",
            CovariateFamily::BetaGeo => "bg_nbd",
        }
    }

    fn base_names(self) -> [&'static str; 4] {
        match self {
            CovariateFamily::ParetoNbd => ["r", "alpha", "s", "beta"],
            CovariateFamily::BetaGeo => ["r", "alpha", "a", "b"],
        }
    }
}

/// Which covariates a fit uses: purchase and dropout tables (one row per customer) and the
/// columns in both whose coefficient is one for both processes.
#[derive(Debug, Clone, Copy)]
pub struct CovariateSpec<'a> {
    /// Covariates of the purchase process.
    pub purchase: &'a Covariates,
    /// Covariates of the dropout process.
    pub dropout: &'a Covariates,
    /// Column names present in both tables whose coefficient is constrained equal.
    pub constrain_equal: &'a [&'a str],
}

/// A Pareto/NBD or BG/NBD fitted with static covariates (see the module docs).
///
/// Coefficients are named `purchase.<column>`, `dropout.<column>` and, for a column
/// constrained equal across the processes, `constrained.<column>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CovariateModel {
    family: CovariateFamily,
    base: [f64; 4],
    purchase_columns: Vec<String>,
    dropout_columns: Vec<String>,
    /// Coefficient names, in the fit's order after the four base parameters.
    coefficient_names: Vec<String>,
    coefficients: Vec<f64>,
    /// For each purchase (dropout) column, the index of its coefficient.
    purchase_index: Vec<usize>,
    dropout_index: Vec<usize>,
    log_likelihood: f64,
    report: FitReport,
}

impl ParetoNbd {
    /// Fits the Pareto/NBD with static covariates (αᵢ = α·exp(−γ_purchaseᵀxᵢ),
    /// βᵢ = β·exp(−γ_dropoutᵀzᵢ)), starting from the fit without them.
    ///
    /// Errors as [`ParetoNbd::fit`], and for the covariates: `length_mismatch` (rows ≠
    /// customers), `not_identified` for a constant or collinear column (naming it),
    /// `invalid_argument` for a constrained column missing from one of the tables.
    pub fn fit_with_covariates(
        data: &RfmData<'_>,
        weights: Option<&[f64]>,
        covariates: CovariateSpec<'_>,
        config: &FitConfig,
    ) -> Result<CovariateModel, ValueError> {
        fit(CovariateFamily::ParetoNbd, data, weights, covariates, config)
    }
}

impl BetaGeo {
    /// Fits the BG/NBD with static covariates (αᵢ = α·exp(−γ_purchaseᵀxᵢ),
    /// aᵢ = a·exp(γ_dropoutᵀzᵢ), bᵢ = b·exp(γ_dropoutᵀzᵢ)); errors as
    /// [`ParetoNbd::fit_with_covariates`].
    pub fn fit_with_covariates(
        data: &RfmData<'_>,
        weights: Option<&[f64]>,
        covariates: CovariateSpec<'_>,
        config: &FitConfig,
    ) -> Result<CovariateModel, ValueError> {
        fit(CovariateFamily::BetaGeo, data, weights, covariates, config)
    }
}

fn fit(
    family: CovariateFamily,
    data: &RfmData<'_>,
    weights: Option<&[f64]>,
    spec: CovariateSpec<'_>,
    config: &FitConfig,
) -> Result<CovariateModel, ValueError> {
    let model = family.model();
    config.validate(model, &family.base_names())?;
    check_fit_input(model, data, weights, config)?;
    check_weights(weights, data.len())?;
    spec.purchase.check_for_fit(data.len(), weights)?;
    spec.dropout.check_for_fit(data.len(), weights)?;
    // Coefficient layout: unconstrained purchase, unconstrained dropout, constrained.
    for c in spec.constrain_equal {
        for table in [spec.purchase, spec.dropout] {
            if !table.names.iter().any(|n| n == c) {
                return Err(ValueError::InvalidCovariate {
                    set: table.set(),
                    column: (*c).to_owned(),
                    reason: "a column constrained equal must be among both the purchase and the dropout covariates",
                });
            }
        }
    }
    let constrained = |n: &String| spec.constrain_equal.iter().any(|c| c == n);
    let mut names = Vec::new();
    let mut purchase_index = vec![0; spec.purchase.names.len()];
    let mut dropout_index = vec![0; spec.dropout.names.len()];
    for (j, n) in spec.purchase.names.iter().enumerate().filter(|(_, n)| !constrained(n)) {
        purchase_index[j] = names.len();
        names.push(format!("purchase.{n}"));
    }
    for (j, n) in spec.dropout.names.iter().enumerate().filter(|(_, n)| !constrained(n)) {
        dropout_index[j] = names.len();
        names.push(format!("dropout.{n}"));
    }
    for c in spec.constrain_equal {
        let at = names.len();
        names.push(format!("constrained.{c}"));
        purchase_index[spec.purchase.names.iter().position(|n| n == c).expect("checked")] = at;
        dropout_index[spec.dropout.names.iter().position(|n| n == c).expect("checked")] = at;
    }
    // Start from the fit without covariates.
    let plain = FitConfig { standard_errors: false, ..config.clone() };
    let base: [f64; 4] = match family {
        CovariateFamily::ParetoNbd => {
            let p = ParetoNbd::fit(data, weights, &plain)?.params();
            [p.r, p.alpha, p.s, p.beta]
        }
        CovariateFamily::BetaGeo => BetaGeo::fit(data, weights, &plain)?.params().to_array(),
    };
    let c = time_scale(data.t());
    let rows: Vec<usize> = (0..data.len()).filter(|&i| weights.map_or(1.0, |w| w[i]) > 0.0).collect();
    let lin = |table: &Covariates, index: &[usize], i: usize| -> Vec<(usize, f64)> {
        (0..table.names.len()).map(|j| (index[j], table.value(i, j))).collect()
    };
    let objective = Likelihood {
        family,
        x: rows.iter().map(|&i| data.frequency()[i]).collect(),
        tx: rows.iter().map(|&i| data.recency()[i] * c).collect(),
        t: rows.iter().map(|&i| data.t()[i] * c).collect(),
        w: rows.iter().map(|&i| weights.map_or(1.0, |w| w[i])).collect(),
        purchase: rows.iter().map(|&i| lin(spec.purchase, &purchase_index, i)).collect(),
        dropout: rows.iter().map(|&i| lin(spec.dropout, &dropout_index, i)).collect(),
        total: rows.iter().map(|&i| weights.map_or(1.0, |w| w[i])).sum(),
        fd_step: config.optimizer.finite_difference_step,
    };
    let mut start = vec![base[0].ln(), (base[1] * c).ln(), base[2].ln(), base[3].ln()];
    if family == CovariateFamily::ParetoNbd {
        start[3] = (base[3] * c).ln();
    }
    start.extend(std::iter::repeat_n(0.0, names.len()));
    let labels: Vec<&'static str> =
        family.base_names().into_iter().chain(std::iter::repeat_n("covariate coefficient", names.len())).collect();
    let opt = minimize_keeping(&objective, &start, &config.optimizer, model, &labels, config.standard_errors)?
        .with_information(&objective, objective.total, config.standard_errors);
    let all_names: Vec<String> =
        family.base_names().iter().map(|s| (*s).to_owned()).chain(names.iter().cloned()).collect();
    let mut report = opt.report;
    report.at_bound =
        all_names.iter().zip(&opt.x).filter(|(_, v)| v.abs() > BOUNDARY_LOG_PARAM).map(|(n, _)| n.clone()).collect();
    report.distinct_rows = rows.len();
    report.total_weight = objective.total;
    let weighted_x: f64 = objective.x.iter().zip(&objective.w).map(|(x, w)| x * w).sum();
    let log_likelihood = -opt.value * objective.total + weighted_x * c.ln();
    let e: Vec<f64> = opt.x[..4].iter().map(|v| v.exp()).collect();
    let base = match family {
        CovariateFamily::ParetoNbd => [e[0], e[1] / c, e[2], e[3] / c],
        CovariateFamily::BetaGeo => [e[0], e[1] / c, e[2], e[3]],
    };
    Ok(CovariateModel {
        family,
        base,
        purchase_columns: spec.purchase.names.clone(),
        dropout_columns: spec.dropout.names.clone(),
        coefficient_names: names,
        coefficients: opt.x[4..].to_vec(),
        purchase_index,
        dropout_index,
        log_likelihood,
        report,
    })
}

/// −(Σ w ℓ)/total over customers, as a function of (ln base parameters, coefficients).
struct Likelihood {
    family: CovariateFamily,
    x: Vec<f64>,
    tx: Vec<f64>,
    t: Vec<f64>,
    w: Vec<f64>,
    /// Per customer: (coefficient index, covariate value).
    purchase: Vec<Vec<(usize, f64)>>,
    dropout: Vec<Vec<(usize, f64)>>,
    total: f64,
    fd_step: f64,
}

impl Likelihood {
    fn total_log_likelihood(&self, theta: &[f64]) -> f64 {
        let (r, alpha, p3, p4) = (theta[0].exp(), theta[1].exp(), theta[2].exp(), theta[3].exp());
        let coef = &theta[4..];
        let lin = |terms: &[(usize, f64)]| terms.iter().map(|&(k, v)| coef[k] * v).sum::<f64>();
        let [sum, failed] = sum_indexed::<2, _>(self.x.len(), |i, acc| {
            let (x, tx, t, w) = (self.x[i], self.tx[i], self.t[i], self.w[i]);
            let alpha_i = alpha * (-lin(&self.purchase[i])).exp();
            let ll = match self.family {
                CovariateFamily::ParetoNbd => {
                    let (s, beta_i) = (p3, p4 * (-lin(&self.dropout[i])).exp());
                    match ln_pareto_integral(r + x, s + 1.0, alpha_i, beta_i, tx, t) {
                        Ok(ln_i) => {
                            let dead_never =
                                -r * (t / alpha_i).ln_1p() - x * (alpha_i + t).ln() - s * (t / beta_i).ln_1p();
                            let died = r * alpha_i.ln() + s * beta_i.ln() + s.ln() + ln_i;
                            Some(ln_gamma_ratio(r, x) + log_add_exp(dead_never, died))
                        }
                        Err(_) => None,
                    }
                }
                CovariateFamily::BetaGeo => {
                    let scale = lin(&self.dropout[i]).exp();
                    let (a, b) = (p3 * scale, p4 * scale);
                    let head = ln_gamma_ratio(r, x) + ln_gamma_ratio(b, x) - ln_gamma_ratio(a + b, x);
                    let a3 = -r * (t / alpha_i).ln_1p() - x * (alpha_i + t).ln();
                    Some(if x > 0.0 {
                        let a4 = a.ln() - (b + x - 1.0).ln() - r * (tx / alpha_i).ln_1p() - x * (alpha_i + tx).ln();
                        head + log_add_exp(a3, a4)
                    } else {
                        head + a3
                    })
                }
            };
            match ll {
                Some(v) if v.is_finite() => acc[0] += w * v,
                _ => acc[1] += 1.0,
            }
        });
        if failed > 0.0 {
            f64::NAN
        } else {
            sum
        }
    }
}

impl Objective for Likelihood {
    fn eval(&self, theta: &[f64], grad: Option<&mut [f64]>) -> f64 {
        let f = |th: &[f64]| -self.total_log_likelihood(th) / self.total;
        if let Some(g) = grad {
            central_gradient(&f, theta, self.fd_step, g);
        }
        f(theta)
    }

    fn has_analytic_gradient(&self) -> bool {
        false
    }
}

/// One customer's model under its own parameters.
pub(super) enum CustomerModel {
    Pareto(ParetoNbd),
    Beta(BetaGeo),
}

impl CustomerModel {
    pub(super) fn get(&self) -> &dyn PurchaseModel {
        match self {
            CustomerModel::Pareto(m) => m,
            CustomerModel::Beta(m) => m,
        }
    }
}

impl CovariateModel {
    /// Which model this extends.
    pub fn family(&self) -> CovariateFamily {
        self.family
    }

    /// The model's snake_case name (`pareto_nbd`, `bg_nbd`).
    pub fn name(&self) -> &'static str {
        self.family.model()
    }

    /// Every parameter by name: the four base parameters, then the coefficients.
    pub fn parameters(&self) -> Vec<(String, f64)> {
        self.family
            .base_names()
            .iter()
            .map(|n| (*n).to_owned())
            .zip(self.base)
            .chain(self.coefficient_names.iter().cloned().zip(self.coefficients.iter().copied()))
            .collect()
    }

    /// The maximised log-likelihood (summed over customers).
    pub fn log_likelihood(&self) -> f64 {
        self.log_likelihood
    }

    /// How the fit went.
    pub fn report(&self) -> &FitReport {
        &self.report
    }

    /// Estimates, standard errors, intervals at `level`, vcov, AIC and BIC: the base
    /// parameters on the log scale as in [`PurchaseModel::summary`], the coefficients
    /// with symmetric intervals γ ± z·se.
    pub fn summary(&self, level: f64) -> Result<FitSummary, ValueError> {
        let est: Vec<(String, f64, bool)> =
            self.parameters().into_iter().enumerate().map(|(j, (n, v))| (n, v, j < 4)).collect();
        summarize_named(self.name(), &est, Some(self.log_likelihood), Some(&self.report), level)
    }

    /// The fit's point in its optimizer space (where its information matrix is): the
    /// logarithms of the base parameters, then the coefficients, with their names.
    pub(super) fn optimizer_point(&self) -> (Vec<String>, Vec<f64>) {
        let names = self.parameters().into_iter().map(|p| p.0).collect();
        let point = self.base.iter().map(|v| v.ln()).chain(self.coefficients.iter().copied()).collect();
        (names, point)
    }

    /// This model at another point `phi` of its optimizer space (see
    /// [`CovariateModel::optimizer_point`]), for prediction intervals: the log-likelihood
    /// and the report stay the fit's.
    pub(super) fn at_optimizer_point(&self, phi: &[f64]) -> CovariateModel {
        CovariateModel {
            base: [phi[0].exp(), phi[1].exp(), phi[2].exp(), phi[3].exp()],
            coefficients: phi[4..].to_vec(),
            ..self.clone()
        }
    }

    /// Checks prediction covariates: the fit's columns, in its order, one row per customer.
    pub(super) fn check_tables(&self, n: usize, purchase: &Covariates, dropout: &Covariates) -> Result<(), ValueError> {
        for (table, want) in [(purchase, &self.purchase_columns), (dropout, &self.dropout_columns)] {
            if &table.names != want {
                return Err(ValueError::InvalidCovariate {
                    set: table.set(),
                    column: table.names.join(","),
                    reason: "the columns must be the fit's, in the same order",
                });
            }
            if table.rows != n {
                return Err(ValueError::LengthMismatch { field: table.set(), expected: n, got: table.rows });
            }
        }
        Ok(())
    }

    /// Customer i's own parameters (r, αᵢ, s, βᵢ) or (r, αᵢ, aᵢ, bᵢ).
    pub fn customer_parameters(&self, i: usize, purchase: &Covariates, dropout: &Covariates) -> [f64; 4] {
        let lp: f64 = (0..self.purchase_columns.len())
            .map(|j| self.coefficients[self.purchase_index[j]] * purchase.value(i, j))
            .sum();
        let ld: f64 = (0..self.dropout_columns.len())
            .map(|j| self.coefficients[self.dropout_index[j]] * dropout.value(i, j))
            .sum();
        let [r, alpha, p3, p4] = self.base;
        match self.family {
            CovariateFamily::ParetoNbd => [r, alpha * (-lp).exp(), p3, p4 * (-ld).exp()],
            CovariateFamily::BetaGeo => [r, alpha * (-lp).exp(), p3 * ld.exp(), p4 * ld.exp()],
        }
    }

    pub(super) fn customer_model(
        &self,
        i: usize,
        purchase: &Covariates,
        dropout: &Covariates,
    ) -> Result<CustomerModel, ValueError> {
        let [a, b, c, d] = self.customer_parameters(i, purchase, dropout);
        Ok(match self.family {
            CovariateFamily::ParetoNbd => {
                CustomerModel::Pareto(ParetoNbd::new(ParetoNbdParams { r: a, alpha: b, s: c, beta: d })?)
            }
            CovariateFamily::BetaGeo => {
                CustomerModel::Beta(BetaGeo::new(BetaGeoParams { r: a, alpha: b, a: c, b: d })?)
            }
        })
    }

    fn per_customer(
        &self,
        data: &RfmData<'_>,
        purchase: &Covariates,
        dropout: &Covariates,
        f: impl Fn(&dyn PurchaseModel, f64, f64, f64) -> Result<f64, ValueError> + Sync + Send,
    ) -> Result<Vec<f64>, ValueError> {
        self.check_tables(data.len(), purchase, dropout)?;
        let (x, tx, t) = (data.frequency(), data.recency(), data.t());
        let out: Vec<Result<f64, ValueError>> = map_indexed(data.len(), |i| {
            let m = self.customer_model(i, purchase, dropout)?;
            f(m.get(), x[i], tx[i], t[i])
        });
        out.into_iter().collect()
    }

    /// P(alive) of every customer under its own parameters.
    pub fn p_alive(
        &self,
        data: &RfmData<'_>,
        purchase: &Covariates,
        dropout: &Covariates,
    ) -> Result<Vec<f64>, ValueError> {
        self.per_customer(data, purchase, dropout, |m, x, tx, t| m.p_alive_one(x, tx, t))
    }

    /// Expected purchases in (T, T + t_future] of every customer under its own parameters.
    pub fn expected_purchases(
        &self,
        t_future: f64,
        data: &RfmData<'_>,
        purchase: &Covariates,
        dropout: &Covariates,
    ) -> Result<Vec<f64>, ValueError> {
        check_horizon(t_future)?;
        self.per_customer(data, purchase, dropout, |m, x, tx, t| m.expected_purchases_one(t_future, x, tx, t))
    }

    /// CLV of every customer under its own parameters (see [`ClvConfig`]): discounted
    /// expected purchases × `spend` × margin.
    pub fn clv(
        &self,
        spend: &[f64],
        data: &RfmData<'_>,
        purchase: &Covariates,
        dropout: &Covariates,
        config: &ClvConfig,
    ) -> Result<Vec<f64>, ValueError> {
        config.validate()?;
        check_len("spend", spend, data.len())?;
        check_finite("spend", spend)?;
        let d = self.per_customer(data, purchase, dropout, |m, x, tx, t| discounted_purchases(m, x, tx, t, config))?;
        Ok(d.iter().zip(spend).map(|(v, s)| config.margin * s * v).collect())
    }
}
