//! Relationship covariates from the sample maps, and a covariate effect recovered from
//! simulated Pareto/NBD customers.

use relmap::chain::ChainConfig;
use relmap::model::Role;
use relmap::time::Timestamp;
use relmap::value::{
    relationship_covariates, CovariateSpec, Covariates, FitConfig, ParetoNbd, ParetoNbdParams, PurchaseModel, RfmData,
    SeededRng, RELATIONSHIP_COVARIATES,
};

fn sample(name: &str) -> relmap::model::RelationshipMap {
    relmap::io::load(format!("{}/../examples/data/{name}.json", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn covariates_of_the_sample_maps_follow_the_analyses() {
    let maps = [sample("manufacturing_cloud"), sample("city_construction_tender")];
    let as_of: Timestamp = "2026-11-15".parse().unwrap();
    let cov = relationship_covariates(&maps, as_of, &Default::default()).unwrap();
    assert_eq!(cov.accounts, ["hd_precision", "jiangling_ucid"]);
    for (k, map) in maps.iter().enumerate() {
        let chain = map.decision_chain(&ChainConfig { as_of: Some(as_of), ..ChainConfig::default() }).unwrap();
        assert_eq!(cov.decision_coverage[k], chain.coverage().share);
        assert_eq!(cov.predicted_support[k], chain.predicted_support());
        let keys = chain.key_players();
        let mean = keys.iter().map(|p| f64::from(p.threads)).sum::<f64>() / keys.len() as f64;
        assert_eq!(cov.key_player_threads[k], mean);
        let trust = map.trust(&Default::default(), as_of).unwrap();
        let eb = map
            .stakeholders()
            .iter()
            .filter(|s| s.roles.contains(&Role::EconomicBuyer))
            .map(|s| trust.score(&s.id).unwrap().composite)
            .fold(0.0, f64::max);
        assert_eq!(cov.economic_buyer_trust[k], eb);
        let days = cov.days_since_key_player_contact[k].unwrap();
        assert!((0.0..400.0).contains(&days), "{days}");
        assert!(cov.champion_present[k] == 0.0 || cov.champion_present[k] == 1.0);
    }
    // As covariates for per-customer rows keyed by account.
    let customers = ["jiangling_ucid", "hd_precision", "hd_precision"];
    let table = cov.to_covariates("dropout_covariates", &RELATIONSHIP_COVARIATES, &customers).unwrap();
    assert_eq!(table.rows(), 3);
    assert_eq!(table.value(0, 0), cov.decision_coverage[1]);
    assert_eq!(table.value(2, 3), cov.predicted_support[0]);
    let e = cov.to_covariates("dropout_covariates", &["decision_coverage"], &["nobody"]).unwrap_err();
    assert_eq!(e.code(), "invalid_argument");
    assert!(e.to_string().contains("nobody"));
    let e = cov.to_covariates("dropout_covariates", &["shoe_size"], &customers).unwrap_err();
    assert!(e.to_string().contains("shoe_size"));
    let twice = relationship_covariates(&[maps[0].clone(), maps[0].clone()], as_of, &Default::default()).unwrap_err();
    assert!(twice.to_string().contains("hd_precision"));
}

/// Pareto/NBD customers with a 0/1 covariate z: βᵢ = β·exp(−γ zᵢ) (dropout rate ×e^γ).
fn simulate(rng: &mut SeededRng, n: usize, gamma: f64) -> (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) {
    let (r, alpha, s, beta) = (0.8, 8.0, 0.9, 20.0);
    let (mut x, mut tx, mut t, mut z) = (vec![], vec![], vec![], vec![]);
    for i in 0..n {
        let zi = (i % 2) as f64;
        let big_t = 30.0 + (i % 40) as f64;
        let lambda = rng.gamma(r, alpha);
        let mu = rng.gamma(s, beta * (-gamma * zi).exp());
        let life = rng.exponential() / mu;
        let (mut xi, mut last, mut now) = (0.0, 0.0, 0.0);
        loop {
            now += rng.exponential() / lambda;
            if now > big_t.min(life) {
                break;
            }
            xi += 1.0;
            last = now;
        }
        x.push(xi);
        tx.push(last);
        t.push(big_t);
        z.push(zi);
    }
    (x, tx, t, z)
}

#[test]
fn a_dropout_effect_is_recovered_and_reads_as_a_rate_ratio() {
    let mut rng = SeededRng::new(42);
    let gamma = 0.9; // z = 1 drops out at e^0.9 ≈ 2.5 times the rate
    let (x, tx, t, z) = simulate(&mut rng, 4000, gamma);
    let data = RfmData::new(&x, &tx, &t).unwrap();
    let dropout = Covariates::new("dropout_covariates", &["uncovered"], &z, z.len()).unwrap();
    let purchase = Covariates::none("purchase_covariates", z.len());
    let spec = CovariateSpec { purchase: &purchase, dropout: &dropout, constrain_equal: &[] };
    let m = ParetoNbd::fit_with_covariates(&data, None, spec, &FitConfig::default()).unwrap();
    let s = m.summary(0.99).unwrap();
    assert_eq!(s.names[4], "dropout.uncovered");
    assert!(s.lower[4] < gamma && gamma < s.upper[4], "{s}");
    // With the same history, a customer with the covariate is less likely alive.
    let at = |i: usize| {
        let p = m.customer_parameters(i, &purchase, &dropout);
        let model = ParetoNbd::new(ParetoNbdParams { r: p[0], alpha: p[1], s: p[2], beta: p[3] }).unwrap();
        model.p_alive_one(0.0, 0.0, 40.0).unwrap()
    };
    assert_eq!((z[0], z[1]), (0.0, 1.0));
    assert!(at(1) < at(0), "{} vs {}", at(1), at(0));
    let alive = m.p_alive(&data, &purchase, &dropout).unwrap();
    assert_eq!(alive.len(), x.len());
}
