//! The customer-value pipeline: RFM summary → fits → predictions → labels.
//!
//! Transactions, dates, amounts, parameters and configurations come straight from
//! the fuzzer: raw `i64` seconds and `f64` bits (huge, tiny, negative, NaN), next
//! to plausible values so deep paths are reached too. Nothing is filtered: every
//! call either returns finite numbers or a typed error naming the input.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use relmap::time::Timestamp;
use relmap::value::*;

mod common;
use common::assert_finite;

/// A time: any `i64` of seconds, or a day near 2024 (so summaries have content).
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Time {
    Raw(i64),
    Day(i16),
}

impl Time {
    fn seconds(self) -> i64 {
        match self {
            Time::Raw(s) => s,
            Time::Day(d) => 1_704_067_200 + i64::from(d) * 86_400,
        }
    }
}

/// A number: any `f64`, or a plausible amount.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Num {
    Raw(f64),
    Small(u16),
}

impl Num {
    fn get(self) -> f64 {
        match self {
            Num::Raw(v) => v,
            Num::Small(v) => f64::from(v) / 8.0,
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    rows: Vec<(u32, Time, Num, Num)>,
    margins: bool,
    string_ids: bool,
    n_customers: Option<u64>,
    as_of: Time,
    unit: u8,
    holdout_end: Option<Time>,
    growth_window_days: Num,
    fit: bool,
    bg: [Num; 4],
    pnbd: [Num; 4],
    gg: [Num; 3],
    t_future: Num,
    periods: u16,
    period_length: Num,
    discount_rate: Num,
    margin: Num,
}

/// With `RELMAP_FUZZ_TRACE` set, each step prints its time (to find what makes an input slow).
fn trace(what: &str, start: std::time::Instant) {
    if std::env::var_os("RELMAP_FUZZ_TRACE").is_some() {
        eprintln!("{what}: {:?}", start.elapsed());
    }
}

macro_rules! typed {
    ($e:expr) => {{
        let start = std::time::Instant::now();
        let result = $e;
        trace(stringify!($e), start);
        match result {
            Ok(v) => Some(v),
            Err(err) => {
                let err: ValueError = err;
                common::check_error(err.code(), err.field(), &err);
                None
            }
        }
    }};
}

/// What the diagnostics need besides the model and the data.
struct Ctx<'a> {
    summary: &'a RfmSummary<u32>,
    codes: &'a [u32],
    times: &'a [i64],
    as_of: Timestamp,
    config: &'a SummaryConfig,
    track: bool,
}

fn predict<M: PurchaseModel>(
    m: &M,
    data: &RfmData<'_>,
    t_future: f64,
    spend: &[f64],
    clv: &ClvConfig,
    ctx: &Ctx<'_>,
) -> Option<(Vec<f64>, Vec<f64>)> {
    let alive = typed!(m.p_alive(data));
    if let Some(a) = &alive {
        assert_finite("p_alive", a);
        assert!(a.iter().all(|p| (0.0..=1.0).contains(p)), "p_alive outside 0..1");
    }
    if let Some(e) = typed!(m.expected_purchases(t_future, data)) {
        assert_finite("expected_purchases", &e);
        assert!(e.iter().all(|&v| v >= 0.0), "negative expected purchases");
    }
    // The model diagnostics: tracking (for the first model only: up to 10,000 periods per
    // first-purchase day, the slowest step), holdout, simulated period transactions, the F/R matrix.
    if ctx.track {
        if let Some(t) = typed!(tracking_codes(m, ctx.codes, 64, ctx.times, ctx.as_of, ctx.config)) {
            assert_finite("tracking", &t);
        }
    }
    if ctx.summary.holdout.is_some() {
        if let Some(h) = typed!(holdout_evaluation_of_summary(m, ctx.summary, &HoldoutConfig::default())) {
            assert_finite("holdout", &h);
        }
    }
    let periods = PeriodTransactionsConfig { bins: 7, replicates: 2, seed: 7 };
    if let Some(p) = typed!(period_transactions(m, data, &periods)) {
        assert_finite("period_transactions", &p);
    }
    let fr = FrequencyRecencyConfig { horizon: 52.0, max_frequency: 8, recency_cells: 8, t: None };
    if let Some(f) = typed!(FrequencyRecencyMatrix::new(m, data, ctx.summary.unit, MatrixQuantity::PAlive, &fr)) {
        assert_finite("fr_matrix", &f);
    }
    let values = typed!(m.clv(spend, data, clv));
    if let Some(c) = &values {
        assert_finite("clv", c);
    }
    Some((alive?, values?))
}

fuzz_target!(|input: Input| {
    if input.rows.len() > 256 {
        return;
    }
    let codes: Vec<u32> = input.rows.iter().map(|r| r.0 % 64).collect();
    let raw_codes: Vec<u32> = input.rows.iter().map(|r| r.0).collect();
    let times: Vec<i64> = input.rows.iter().map(|r| r.1.seconds()).collect();
    let amounts: Vec<f64> = input.rows.iter().map(|r| r.2.get()).collect();
    let margins: Vec<f64> = input.rows.iter().map(|r| r.3.get()).collect();
    let margins = input.margins.then_some(&margins[..]);
    let unit = [TimeUnit::Day, TimeUnit::Week, TimeUnit::Month][usize::from(input.unit % 3)];
    let config = SummaryConfig {
        unit,
        holdout_end: input.holdout_end.map(|t| Timestamp(t.seconds())),
        growth_window_days: input.growth_window_days.get(),
    };
    let as_of = Timestamp(input.as_of.seconds());

    // Raw codes with any declared number of customers (sparse codes, 2^40, usize::MAX).
    if let Some(n) = input.n_customers {
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        if let Some(s) = typed!(rfm_summary_codes(&raw_codes, n, &times, &amounts, margins, as_of, &config)) {
            assert_finite("summary_codes", &s);
        }
    }
    let summary = if input.string_ids {
        let ids: Vec<String> = codes.iter().map(|c| format!("c{c}")).collect();
        typed!(rfm_summary(&ids, &times, &amounts, margins, as_of, &config)).map(|s| s.map_customers(|_| 0u32))
    } else {
        typed!(rfm_summary_codes(&codes, 64, &times, &amounts, margins, as_of, &config))
    };
    let Some(summary) = summary else { return };
    assert_finite("summary", &summary);
    // A summary is always valid model input.
    let data = RfmData::new(&summary.frequency, &summary.recency, &summary.t).expect("summary is valid RfmData");

    let fit_config = FitConfig {
        optimizer: OptimizerConfig { max_iterations: 40, nelder_mead_iterations: 200, ..OptimizerConfig::default() },
        ..FitConfig::default()
    };
    let clv_config = ClvConfig {
        periods: u32::from(input.periods % 400),
        period_length: input.period_length.get(),
        discount_rate: input.discount_rate.get(),
        margin: input.margin.get(),
    };
    let t_future = input.t_future.get();

    let mut bg_models = Vec::new();
    if input.fit {
        if let Some(m) = typed!(BetaGeo::fit(&data, None, &fit_config)) {
            assert_finite("bg_fit", &m);
            bg_models.push(m);
        }
    }
    let [r, alpha, a, b] = input.bg.map(Num::get);
    if let Some(m) = typed!(BetaGeo::new(BetaGeoParams { r, alpha, a, b })) {
        bg_models.push(m);
    }
    let mut pnbd_models = Vec::new();
    if input.fit && summary.len() <= 50 {
        let small = FitConfig {
            optimizer: OptimizerConfig { max_iterations: 8, nelder_mead_iterations: 40, ..OptimizerConfig::default() },
            ..FitConfig::default()
        };
        if let Some(m) = typed!(ParetoNbd::fit(&data, None, &small)) {
            assert_finite("pnbd_fit", &m);
            pnbd_models.push(m);
        }
    }
    let [r, alpha, s, beta] = input.pnbd.map(Num::get);
    if let Some(m) = typed!(ParetoNbd::new(ParetoNbdParams { r, alpha, s, beta })) {
        pnbd_models.push(m);
    }
    let mut gg_models = Vec::new();
    if input.fit {
        if let Some(m) = typed!(GammaGamma::fit(&summary.frequency, &summary.monetary_value, None, &fit_config)) {
            assert_finite("gg_fit", &m);
            gg_models.push(m);
        }
    }
    let [p, q, v] = input.gg.map(Num::get);
    if let Some(m) = typed!(GammaGamma::new(GammaGammaParams { p, q, v })) {
        gg_models.push(m);
    }
    let spend: Vec<f64> = match gg_models.first() {
        Some(gg) => typed!(gg.expected_spend(&summary.frequency, &summary.monetary_value))
            .unwrap_or_else(|| summary.monetary_value.clone()),
        None => summary.monetary_value.clone(),
    };
    assert_finite("spend", &spend);

    let mut ctx = Ctx { summary: &summary, codes: &codes, times: &times, as_of, config: &config, track: true };
    let mut signals_input = None;
    for m in &bg_models {
        let _ = typed!(m.log_likelihood_of(&data, None));
        if let Some(r) = predict(m, &data, t_future, &spend, &clv_config, &ctx) {
            signals_input.get_or_insert(r);
        }
        ctx.track = false;
    }
    for m in &pnbd_models {
        let _ = typed!(m.log_likelihood_of(&data, None));
        if let Some(r) = predict(m, &data, t_future, &spend, &clv_config, &ctx) {
            signals_input.get_or_insert(r);
        }
        ctx.track = false;
    }
    for gg in &gg_models {
        if let Some(m) = bg_models.first() {
            if let Some(c) = typed!(gg.clv(m, &data, &summary.monetary_value, &clv_config)) {
                assert_finite("gg_clv", &c);
            }
        }
    }

    // Labels over the signals.
    if let Some(scores) = typed!(rfm_scores(&summary, &RfmScoreConfig::default())) {
        assert_finite("rfm_scores", &scores);
    }
    let Some((alive, clv)) = signals_input else { return };
    let signals = CustomerSignals::from_summary(&summary, &alive, &clv, clv_config.horizon());
    if let Some(t) = typed!(tier(&signals, &TierConfig::default())) {
        assert_finite("tier", &t);
    }
    if let Some(l) = typed!(lifecycle(&signals, &LifecycleConfig::default())) {
        assert_finite("lifecycle", &l);
    }
    if let Some(w) = typed!(churn_warnings(&signals, &ChurnConfig::default())) {
        assert_finite("churn", &w);
    }
});
