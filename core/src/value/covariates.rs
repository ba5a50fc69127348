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
//! coefficients, starting from the fit without covariates. Customers with equal
//! (x, t_x, T) and equal covariate values are one row with a count
//! ([`compress_rows`](super::compress_rows)), so the likelihood is summed once per
//! distinct row. The BG/NBD's gradient is analytic (the chain rule through αᵢ, aᵢ and
//! bᵢ); the Pareto/NBD's is taken by central differences over the distinct rows. [`CovariateModel::summary`] gives standard errors as for the
//! models without covariates, the coefficients on their own scale.

use serde::{Deserialize, Serialize};

use super::bgnbd::{BetaGeo, BetaGeoParams};
use super::clv::{discounted_purchases, ClvConfig};
use super::compress::compress_rows;
use super::data::{check_weights, RfmData};
use super::error::{check_finite, check_len, ValueError};
use super::model::{check_fit_input, check_horizon, time_scale, FitConfig, PurchaseModel};
use super::optimize::{central_gradient, minimize_keeping, FitReport, Objective, BOUNDARY_LOG_PARAM};
use super::paretonbd::{ParetoNbd, ParetoNbdParams};
use super::special::{digamma_diff, ln_gamma_ratio, ln_pareto_integral, log_add_exp};
use super::uncertainty::{summarize_named, symmetric_eigen, FitSummary};
use crate::par::{map_indexed, sum_indexed};

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
    let objective =
        Likelihood::new(family, data, weights, &spec, (&purchase_index, &dropout_index), names.len(), c, config)?;
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
    report.distinct_rows = objective.w.len();
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

/// −(Σ w ℓ)/total over the distinct rows (x, t_x, T, covariates) with their counts, as
/// a function of (ln base parameters, coefficients).
struct Likelihood {
    family: CovariateFamily,
    x: Vec<f64>,
    tx: Vec<f64>,
    t: Vec<f64>,
    w: Vec<f64>,
    /// Row-major covariate values of each distinct row, and the coefficient of each column.
    purchase: Vec<f64>,
    purchase_index: Vec<usize>,
    dropout: Vec<f64>,
    dropout_index: Vec<usize>,
    coefficients: usize,
    total: f64,
    fd_step: f64,
}

/// Per row: the log-likelihood and its derivatives by ln r, ln αᵢ, ln aᵢ, ln bᵢ (BG/NBD).
type RowTerms = (f64, [f64; 4]);

impl Likelihood {
    /// The customers of positive weight compressed to distinct rows of (x, t_x, T, the
    /// purchase and the dropout covariates) with their summed weights ([`compress_rows`]);
    /// times scaled by `c`.
    #[allow(clippy::too_many_arguments)]
    fn new(
        family: CovariateFamily,
        data: &RfmData<'_>,
        weights: Option<&[f64]>,
        spec: &CovariateSpec<'_>,
        (purchase_index, dropout_index): (&[usize], &[usize]),
        coefficients: usize,
        c: f64,
        config: &FitConfig,
    ) -> Result<Likelihood, ValueError> {
        let n = data.len();
        let (kp, kd) = (spec.purchase.names.len(), spec.dropout.names.len());
        let column = |table: &Covariates, j: usize| -> Vec<f64> { (0..n).map(|i| table.value(i, j)).collect() };
        let owned: Vec<Vec<f64>> =
            (0..kp).map(|j| column(spec.purchase, j)).chain((0..kd).map(|j| column(spec.dropout, j))).collect();
        let mut columns: Vec<&[f64]> = vec![data.frequency(), data.recency(), data.t()];
        columns.extend(owned.iter().map(Vec::as_slice));
        let rows = compress_rows(&columns, weights)?;
        let keep: Vec<usize> = (0..rows.len()).filter(|&r| rows.counts()[r] > 0.0).collect();
        let col = |j: usize, scale: f64| -> Vec<f64> { keep.iter().map(|&r| rows.columns()[j][r] * scale).collect() };
        let flat = |from: usize, k: usize| -> Vec<f64> {
            let cols = rows.columns();
            keep.iter().flat_map(|&r| (from..from + k).map(move |j| cols[j][r])).collect()
        };
        let w: Vec<f64> = keep.iter().map(|&r| rows.counts()[r]).collect();
        Ok(Likelihood {
            family,
            x: col(0, 1.0),
            tx: col(1, c),
            t: col(2, c),
            total: w.iter().sum(),
            w,
            purchase: flat(3, kp),
            purchase_index: purchase_index.to_vec(),
            dropout: flat(3 + kp, kd),
            dropout_index: dropout_index.to_vec(),
            coefficients,
            fd_step: config.optimizer.finite_difference_step,
        })
    }

    /// γ_purchaseᵀxᵢ and γ_dropoutᵀzᵢ of distinct row `i`.
    fn linear(&self, coef: &[f64], i: usize) -> (f64, f64) {
        let (kp, kd) = (self.purchase_index.len(), self.dropout_index.len());
        let lp = self.purchase_index.iter().zip(&self.purchase[i * kp..(i + 1) * kp]).map(|(&k, v)| coef[k] * v).sum();
        let ld = self.dropout_index.iter().zip(&self.dropout[i * kd..(i + 1) * kd]).map(|(&k, v)| coef[k] * v).sum();
        (lp, ld)
    }

    /// One Pareto/NBD customer's log-likelihood (None where the integral fails).
    fn pareto_row(&self, theta: &[f64], i: usize) -> Option<f64> {
        let (r, alpha, s, beta) = (theta[0].exp(), theta[1].exp(), theta[2].exp(), theta[3].exp());
        let (lp, ld) = self.linear(&theta[4..], i);
        let (x, tx, t) = (self.x[i], self.tx[i], self.t[i]);
        let (alpha_i, beta_i) = (alpha * (-lp).exp(), beta * (-ld).exp());
        let ln_i = ln_pareto_integral(r + x, s + 1.0, alpha_i, beta_i, tx, t).ok()?;
        let dead_never = -r * (t / alpha_i).ln_1p() - x * (alpha_i + t).ln() - s * (t / beta_i).ln_1p();
        let died = r * alpha_i.ln() + s * beta_i.ln() + s.ln() + ln_i;
        Some(ln_gamma_ratio(r, x) + log_add_exp(dead_never, died))
    }

    /// One BG/NBD customer's log-likelihood
    /// ln Γ(r+x)/Γ(r) + ln Γ(bᵢ+x)/Γ(bᵢ) − ln Γ(aᵢ+bᵢ+x)/Γ(aᵢ+bᵢ) + ln(e^A₃ + [x>0] e^A₄),
    /// A₃ = −r ln(1 + T/αᵢ) − x ln(αᵢ+T), A₄ = ln(aᵢ/(bᵢ+x−1)) − r ln(1 + t_x/αᵢ) − x ln(αᵢ+t_x),
    /// and (with `grad`) its derivatives by ln r, ln αᵢ, ln aᵢ and ln bᵢ:
    /// - r: r [ψ(r+x) − ψ(r) − p₃ ln(1 + T/αᵢ) − p₄ ln(1 + t_x/αᵢ)];
    /// - αᵢ: p₃ (rT − xαᵢ)/(αᵢ+T) + p₄ (r t_x − xαᵢ)/(αᵢ+t_x);
    /// - aᵢ: aᵢ [ψ(aᵢ+bᵢ) − ψ(aᵢ+bᵢ+x)] + p₄;
    /// - bᵢ: bᵢ [ψ(bᵢ+x) − ψ(bᵢ) + ψ(aᵢ+bᵢ) − ψ(aᵢ+bᵢ+x) − p₄/(bᵢ+x−1)],
    ///
    /// with p₄ = e^(A₄ − ln(e^A₃ + e^A₄)) (0 for x = 0) and p₃ = 1 − p₄.
    fn bg_row(&self, theta: &[f64], i: usize, grad: bool) -> RowTerms {
        let (r, alpha, a, b) = (theta[0].exp(), theta[1].exp(), theta[2].exp(), theta[3].exp());
        let (lp, ld) = self.linear(&theta[4..], i);
        let (x, tx, t) = (self.x[i], self.tx[i], self.t[i]);
        let alpha_i = alpha * (-lp).exp();
        let scale = ld.exp();
        let (a, b) = (a * scale, b * scale);
        let head = ln_gamma_ratio(r, x) + ln_gamma_ratio(b, x) - ln_gamma_ratio(a + b, x);
        let l3 = (t / alpha_i).ln_1p();
        let a3 = -r * l3 - x * (alpha_i + t).ln();
        let (lse, p4, l4) = if x > 0.0 {
            let l4 = (tx / alpha_i).ln_1p();
            let a4 = a.ln() - (b + x - 1.0).ln() - r * l4 - x * (alpha_i + tx).ln();
            let lse = log_add_exp(a3, a4);
            (lse, (a4 - lse).exp(), l4)
        } else {
            (a3, 0.0, 0.0)
        };
        if !grad {
            return (head + lse, [0.0; 4]);
        }
        let p3 = 1.0 - p4;
        let d_r = r * (digamma_diff(r, x) - p3 * l3 - p4 * l4);
        let d_alpha = p3 * (r * t - x * alpha_i) / (alpha_i + t)
            + if x > 0.0 { p4 * (r * tx - x * alpha_i) / (alpha_i + tx) } else { 0.0 };
        let rise_ab = digamma_diff(a + b, x);
        let d_a = -a * rise_ab + p4;
        let d_b = b * (digamma_diff(b, x) - rise_ab) - if x > 0.0 { p4 * b / (b + x - 1.0) } else { 0.0 };
        (head + lse, [d_r, d_alpha, d_a, d_b])
    }

    /// Σ w ℓ over the rows; NaN when a row's log-likelihood is not finite.
    fn total_log_likelihood(&self, theta: &[f64]) -> f64 {
        let [sum, failed] = sum_indexed::<2, _>(self.x.len(), |i, acc| {
            let ll = match self.family {
                CovariateFamily::ParetoNbd => self.pareto_row(theta, i),
                CovariateFamily::BetaGeo => Some(self.bg_row(theta, i, false).0),
            };
            match ll {
                Some(v) if v.is_finite() => acc[0] += self.w[i] * v,
                _ => acc[1] += 1.0,
            }
        });
        if failed > 0.0 {
            f64::NAN
        } else {
            sum
        }
    }

    /// BG/NBD: Σ w ℓ and its gradient by (ln r, ln α, ln a, ln b, coefficients) into
    /// `grad`, by the chain rule through αᵢ = α e^(−γᵀx) and (aᵢ, bᵢ) = (a, b) e^(γᵀz):
    /// ∂/∂γ_purchase = −x ∂ℓ/∂ln αᵢ, ∂/∂γ_dropout = z (∂ℓ/∂ln aᵢ + ∂ℓ/∂ln bᵢ). The rows are
    /// added in their order, so the sum does not depend on the number of threads.
    fn bg_with_gradient(&self, theta: &[f64], grad: &mut [f64]) -> f64 {
        let terms: Vec<RowTerms> = map_indexed(self.x.len(), |i| self.bg_row(theta, i, true));
        let (kp, kd) = (self.purchase_index.len(), self.dropout_index.len());
        grad.iter_mut().for_each(|g| *g = 0.0);
        let mut sum = 0.0;
        for (i, (ll, d)) in terms.iter().enumerate() {
            if !ll.is_finite() || d.iter().any(|v| !v.is_finite()) {
                grad.iter_mut().for_each(|g| *g = f64::NAN);
                return f64::NAN;
            }
            let w = self.w[i];
            sum += w * ll;
            for j in 0..4 {
                grad[j] += w * d[j];
            }
            for (&k, &z) in self.purchase_index.iter().zip(&self.purchase[i * kp..(i + 1) * kp]) {
                grad[4 + k] -= w * d[1] * z;
            }
            let d_scale = d[2] + d[3];
            for (&k, &z) in self.dropout_index.iter().zip(&self.dropout[i * kd..(i + 1) * kd]) {
                grad[4 + k] += w * d_scale * z;
            }
        }
        sum
    }
}

impl Objective for Likelihood {
    fn eval(&self, theta: &[f64], grad: Option<&mut [f64]>) -> f64 {
        let f = |th: &[f64]| -self.total_log_likelihood(th) / self.total;
        match (grad, self.family) {
            (None, _) => f(theta),
            (Some(g), CovariateFamily::BetaGeo) => {
                debug_assert_eq!(g.len(), 4 + self.coefficients);
                let sum = self.bg_with_gradient(theta, g);
                g.iter_mut().for_each(|v| *v = -*v / self.total);
                -sum / self.total
            }
            (Some(g), CovariateFamily::ParetoNbd) => {
                central_gradient(&f, theta, self.fd_step, g);
                f(theta)
            }
        }
    }

    fn has_analytic_gradient(&self) -> bool {
        self.family == CovariateFamily::BetaGeo
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::optimize::minimize;

    /// 300 customers with two covariates (one 0/1, one taking a few values), many repeated rows.
    fn sample() -> (Vec<f64>, Vec<f64>, Vec<f64>, Covariates, Covariates) {
        let mut rng = crate::value::SeededRng::new(7);
        let (mut x, mut tx, mut t, mut values) = (vec![], vec![], vec![], vec![]);
        for i in 0..300 {
            let big_t = [26.0, 39.0, 52.0][i % 3];
            let xi = (rng.uniform() * 6.0).floor();
            let txi = if xi > 0.0 { (rng.uniform() * big_t).ceil().min(big_t) } else { 0.0 };
            x.push(xi);
            tx.push(txi);
            t.push(big_t);
            values.extend([(i % 2) as f64, ((i / 7) % 4) as f64 * 0.5]);
        }
        let p = Covariates::new("purchase_covariates", &["even", "band"], &values, 300).unwrap();
        let d = Covariates::new("dropout_covariates", &["even", "band"], &values, 300).unwrap();
        (x, tx, t, p, d)
    }

    fn objective(family: CovariateFamily, constrain: &[&str]) -> Likelihood {
        let (x, tx, t, p, d) = sample();
        let data = RfmData::new(&x, &tx, &t).unwrap();
        let spec = CovariateSpec { purchase: &p, dropout: &d, constrain_equal: constrain };
        let (pi, di, k) = if constrain.is_empty() { (vec![0, 1], vec![2, 3], 4) } else { (vec![0, 2], vec![1, 2], 3) };
        let weights: Vec<f64> = (0..300).map(|i| [1.0, 2.0, 0.5][i % 3]).collect();
        Likelihood::new(family, &data, Some(&weights), &spec, (&pi, &di), k, 1.0 / 52.0, &FitConfig::default()).unwrap()
    }

    #[test]
    fn equal_rows_are_compressed_with_their_weights() {
        let obj = objective(CovariateFamily::BetaGeo, &[]);
        assert!(obj.w.len() < 300, "{}", obj.w.len());
        assert!((obj.total - 350.0).abs() < 1e-12);
    }

    #[test]
    fn bg_nbd_analytic_gradient_matches_central_differences() {
        for constrain in [&[][..], &["band"][..]] {
            let obj = objective(CovariateFamily::BetaGeo, constrain);
            let k = 4 + obj.coefficients;
            let points: [&[f64]; 4] = [
                &[-0.3, 0.4, 0.2, -0.7, 0.0, 0.0, 0.0, 0.0],
                &[0.5, -1.0, -0.5, 1.2, 0.3, -0.2, 0.4, 0.1],
                &[-1.2, -2.0, 1.0, 0.5, -0.6, 0.5, -0.3, 0.2],
                &[1.5, 0.0, -1.5, 2.0, 1.0, 0.3, 0.8, -0.7],
            ];
            for theta in points {
                let theta = &theta[..k];
                let mut g = vec![0.0; k];
                let f = obj.eval(theta, Some(&mut g));
                assert_eq!(f, obj.eval(theta, None));
                let mut fd = vec![0.0; k];
                central_gradient(&|th: &[f64]| obj.eval(th, None), theta, 1e-6, &mut fd);
                for j in 0..k {
                    let tol = 1e-7 * fd[j].abs().max(1e-2);
                    assert!((g[j] - fd[j]).abs() < tol, "{constrain:?} {theta:?} component {j}: {} vs {}", g[j], fd[j]);
                }
            }
        }
    }

    /// The objective with the gradient by central differences, as the fit had before.
    struct ByDifferences<'a>(&'a Likelihood);

    impl Objective for ByDifferences<'_> {
        fn eval(&self, theta: &[f64], grad: Option<&mut [f64]>) -> f64 {
            let f = |th: &[f64]| self.0.eval(th, None);
            if let Some(g) = grad {
                central_gradient(&f, theta, self.0.fd_step, g);
            }
            f(theta)
        }
    }

    /// CLVTools' apparel data: the 104-week summary and each customer's (Gender, Channel).
    fn apparel() -> (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) {
        let dir = format!("{}/../examples/data/clvtools_apparel", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(format!("{dir}/apparelTrans.csv")).unwrap();
        let (mut ids, mut times, mut amounts) = (vec![], vec![], vec![]);
        for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
            let f: Vec<&str> = line.split(',').collect();
            ids.push(f[0].to_owned());
            times.push(f[1].parse::<crate::time::Timestamp>().unwrap());
            amounts.push(f[2].parse::<f64>().unwrap());
        }
        let as_of = "2006-12-31".parse().unwrap();
        let s = crate::value::rfm_summary(&ids, &times, &amounts, None, as_of, &Default::default()).unwrap();
        let text = std::fs::read_to_string(format!("{dir}/apparelStaticCov.csv")).unwrap();
        let cov: std::collections::HashMap<&str, [f64; 2]> = text
            .lines()
            .skip(1)
            .filter(|l| !l.is_empty())
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                (f[0], [f[1].parse().unwrap(), f[2].parse().unwrap()])
            })
            .collect();
        let values = s.customers.iter().flat_map(|id| cov[id.as_str()]).collect();
        (s.frequency, s.recency, s.t, values)
    }

    #[test]
    fn bg_nbd_fit_is_the_one_by_differences() {
        // Gender and Channel on the purchase process of the apparel data, Gender on the
        // dropout process (with Channel there too, a and b run off to infinity), from the
        // plain fit.
        let (x, tx, t, values) = apparel();
        let n = x.len();
        let data = RfmData::new(&x, &tx, &t).unwrap();
        let p = Covariates::new("purchase_covariates", &["Gender", "Channel"], &values, n).unwrap();
        let gender: Vec<f64> = values.chunks(2).map(|r| r[0]).collect();
        let d = Covariates::new("dropout_covariates", &["Gender"], &gender, n).unwrap();
        let spec = CovariateSpec { purchase: &p, dropout: &d, constrain_equal: &[] };
        let c = time_scale(&t);
        let config = FitConfig::default();
        let obj =
            Likelihood::new(CovariateFamily::BetaGeo, &data, None, &spec, (&[0, 1], &[2]), 3, c, &config).unwrap();
        assert!(obj.w.len() < n);
        let base = BetaGeo::fit(&data, None, &config).unwrap().params();
        let start = [base.r.ln(), (base.alpha * c).ln(), base.a.ln(), base.b.ln(), 0.0, 0.0, 0.0];
        let names = ["r", "alpha", "a", "b", "c1", "c2", "c3"];
        let analytic = minimize(&obj, &start, &config.optimizer, "bg_nbd", &names).unwrap();
        let differences = minimize(&ByDifferences(&obj), &start, &config.optimizer, "bg_nbd", &names).unwrap();
        for j in 0..7 {
            assert!((analytic.x[j] - differences.x[j]).abs() < 1e-6, "{j}: {:?} vs {:?}", analytic.x, differences.x);
        }
        assert!((analytic.value - differences.value).abs() < 1e-10, "{} vs {}", analytic.value, differences.value);
        // And the public fit lands there.
        let m = BetaGeo::fit_with_covariates(&data, None, spec, &config).unwrap();
        for (j, (_, v)) in m.parameters().iter().enumerate().skip(4) {
            assert!((v - analytic.x[j]).abs() < 1e-4, "{j}: {v} vs {}", analytic.x[j]);
        }
    }
}
