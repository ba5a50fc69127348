//! Static covariates (CLVTools' parameterisation) on CLVTools' apparel data.
//!
//! Data: `examples/data/clvtools_apparel/` (GPL test fixtures, see its README).

use relmap::time::Timestamp;
use relmap::value::{
    rfm_summary, BetaGeo, CovariateSpec, Covariates, FitConfig, LikelihoodRatioTest, ParetoNbd, PurchaseModel, RfmData,
    SummaryConfig,
};

fn path(file: &str) -> String {
    format!("{}/../examples/data/clvtools_apparel/{file}", env!("CARGO_MANIFEST_DIR"))
}

/// The 104-week estimation summary (x, t_x, T in weeks) and each customer's (Gender, Channel).
fn apparel() -> (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) {
    let text = std::fs::read_to_string(path("apparelTrans.csv")).unwrap();
    let (mut ids, mut times, mut amounts) = (vec![], vec![], vec![]);
    for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        ids.push(f[0].to_owned());
        times.push(f[1].parse::<Timestamp>().unwrap());
        amounts.push(f[2].parse::<f64>().unwrap());
    }
    let as_of: Timestamp = "2006-12-31".parse().unwrap();
    let s = rfm_summary(&ids, &times, &amounts, None, as_of, &SummaryConfig::default()).unwrap();
    let text = std::fs::read_to_string(path("apparelStaticCov.csv")).unwrap();
    let cov: std::collections::HashMap<String, (f64, f64)> = text
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_owned(), (f[1].parse().unwrap(), f[2].parse().unwrap()))
        })
        .collect();
    let values: Vec<f64> = s
        .customers
        .iter()
        .flat_map(|id| {
            let (g, c) = cov[id];
            [g, c]
        })
        .collect();
    (s.frequency, s.recency, s.t, values)
}

#[test]
fn pareto_nbd_on_the_apparel_data_gives_clvtools_estimates_and_fits_static_covariates() {
    let (x, tx, t, values) = apparel();
    assert_eq!(x.len(), 600);
    let data = RfmData::new(&x, &tx, &t).unwrap();
    let plain = ParetoNbd::fit(&data, None, &FitConfig::default()).unwrap();
    let p = plain.params();
    for (name, got, published) in
        [("r", p.r, 1.4489768), ("alpha", p.alpha, 48.6360845), ("s", p.s, 0.5612598), ("beta", p.beta, 46.8843633)]
    {
        assert!((got / published - 1.0).abs() < 1e-4, "{name} = {got}, CLVTools {published}");
    }
    let plain_summary = plain.summary(0.95).unwrap();
    eprintln!("{plain_summary}");

    let n = x.len();
    let purchase = Covariates::new("purchase_covariates", &["Gender", "Channel"], &values, n).unwrap();
    let dropout = Covariates::new("dropout_covariates", &["Gender", "Channel"], &values, n).unwrap();
    let spec = CovariateSpec { purchase: &purchase, dropout: &dropout, constrain_equal: &[] };
    let m = ParetoNbd::fit_with_covariates(&data, None, spec, &FitConfig::default()).unwrap();
    let s = m.summary(0.95).unwrap();
    eprintln!("{s}");
    assert_eq!(
        s.names,
        ["r", "alpha", "s", "beta", "purchase.Gender", "purchase.Channel", "dropout.Gender", "dropout.Channel"]
    );
    assert!(s.std_error.iter().all(|v| v.is_finite() && *v > 0.0));
    // Nested in the model without covariates: the likelihood can only rise; the test has 4 df.
    assert!(m.log_likelihood() >= plain.log_likelihood().unwrap() - 1e-6);
    let lrt = LikelihoodRatioTest::from_summaries(&plain_summary, &s).unwrap();
    assert_eq!(lrt.df, 4);
    eprintln!("LRT {lrt:?}");

    // Predictions use each customer's own parameters: with all coefficients 0 they would
    // equal the plain model's; a customer's P(alive) equals the plain model at its (α_i, β_i).
    let alive = m.p_alive(&data, &purchase, &dropout).unwrap();
    let own = m.customer_parameters(7, &purchase, &dropout);
    let single =
        ParetoNbd::new(relmap::value::ParetoNbdParams { r: own[0], alpha: own[1], s: own[2], beta: own[3] }).unwrap();
    assert!((alive[7] - single.p_alive_one(x[7], tx[7], t[7]).unwrap()).abs() < 1e-15);
    let e = m.expected_purchases(52.0, &data, &purchase, &dropout).unwrap();
    assert!(e.iter().all(|v| v.is_finite() && *v >= 0.0));

    // A coefficient constrained equal across the processes: one parameter fewer.
    let spec = CovariateSpec { purchase: &purchase, dropout: &dropout, constrain_equal: &["Channel"] };
    let c = ParetoNbd::fit_with_covariates(&data, None, spec, &FitConfig::default()).unwrap();
    let cs = c.summary(0.95).unwrap();
    assert_eq!(cs.names[4..], ["purchase.Gender", "dropout.Gender", "constrained.Channel"]);
    assert!(c.log_likelihood() <= m.log_likelihood() + 1e-6);
}

#[test]
fn bg_nbd_with_covariates_nests_the_plain_fit() {
    let (x, tx, t, values) = apparel();
    let data = RfmData::new(&x, &tx, &t).unwrap();
    let n = x.len();
    let gender: Vec<f64> = values.chunks(2).map(|r| r[0]).collect();
    let purchase = Covariates::new("purchase_covariates", &["Gender"], &gender, n).unwrap();
    let dropout = Covariates::none("dropout_covariates", n);
    let spec = CovariateSpec { purchase: &purchase, dropout: &dropout, constrain_equal: &[] };
    let m = BetaGeo::fit_with_covariates(&data, None, spec, &FitConfig::default()).unwrap();
    let plain = BetaGeo::fit(&data, None, &FitConfig::default()).unwrap();
    assert!(m.log_likelihood() >= plain.log_likelihood().unwrap() - 1e-6);
    let s = m.summary(0.95).unwrap();
    assert_eq!(s.names, ["r", "alpha", "a", "b", "purchase.Gender"]);
    let g = s.estimate[4];
    assert!((s.lower[4] - (g - 1.959_963_984_540_054 * s.std_error[4])).abs() < 1e-9);
    let clv = m.clv(&vec![10.0; n], &data, &purchase, &dropout, &relmap::value::ClvConfig::default()).unwrap();
    assert!(clv.iter().all(|v| v.is_finite() && *v >= 0.0));
}

#[test]
fn bad_covariates_are_typed_errors_naming_the_column() {
    let (x, tx, t, values) = apparel();
    let data = RfmData::new(&x, &tx, &t).unwrap();
    let n = x.len();
    let fit = |p: &Covariates, d: &Covariates| {
        ParetoNbd::fit_with_covariates(
            &data,
            None,
            CovariateSpec { purchase: p, dropout: d, constrain_equal: &[] },
            &FitConfig::default(),
        )
        .unwrap_err()
    };
    let none = Covariates::none("dropout_covariates", n);
    // A constant column.
    let mut v = values.clone();
    v.chunks_mut(2).for_each(|r| r[1] = 1.0);
    let constant = Covariates::new("purchase_covariates", &["Gender", "Channel"], &v, n).unwrap();
    let e = fit(&constant, &none);
    assert_eq!(e.code(), "not_identified");
    assert!(matches!(e, relmap::value::ValueError::ConstantCovariate { .. }));
    assert!(e.to_string().contains("Channel") && e.field() == Some("purchase_covariates"), "{e}");
    // Collinear columns: Online = 1 − Channel.
    let v: Vec<f64> = values.chunks(2).flat_map(|r| [r[0], r[1], 1.0 - r[1]]).collect();
    let collinear = Covariates::new("purchase_covariates", &["Gender", "Channel", "Online"], &v, n).unwrap();
    let e = fit(&collinear, &none);
    assert_eq!(e.code(), "not_identified");
    assert!(matches!(e, relmap::value::ValueError::CollinearCovariates { .. }));
    assert!(e.to_string().contains("Online"), "{e}");
    // NaN names column and row.
    let mut v = values.clone();
    v[2 * 5 + 1] = f64::NAN;
    let e = Covariates::new("dropout_covariates", &["Gender", "Channel"], &v, n).unwrap_err();
    assert_eq!(e.code(), "non_finite");
    assert!(e.to_string().contains("Channel, row 5"), "{e}");
    // Rows that do not match.
    let short = Covariates::new("dropout_covariates", &["Gender", "Channel"], &values[..20], 10).unwrap();
    let e = fit(&Covariates::none("purchase_covariates", n), &short);
    assert_eq!(e.code(), "length_mismatch");
    assert_eq!(e.field(), Some("dropout_covariates"));
    assert_eq!(Covariates::new("purchase_covariates", &["a"], &[1.0; 3], 2).unwrap_err().code(), "length_mismatch");
    // A constrained column must be in both tables.
    let both = Covariates::new("purchase_covariates", &["Gender", "Channel"], &values, n).unwrap();
    let e = ParetoNbd::fit_with_covariates(
        &data,
        None,
        CovariateSpec { purchase: &both, dropout: &none, constrain_equal: &["Gender"] },
        &FitConfig::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "invalid_argument");
}
