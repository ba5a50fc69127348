//! Period transactions: how many customers made 0, 1, …, k+ repeat purchases in the
//! calibration period, against the same count for customers simulated from the model.

use serde::{Deserialize, Serialize};

use super::data::RfmData;
use super::error::{check_count, ValueError};
use super::holdout::{bin_label, frequency_bin};
use super::model::PurchaseModel;
use super::simulate::SeededRng;
use crate::par::map_indexed;

/// Options of [`period_transactions`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PeriodTransactionsConfig {
    /// The last bin: this many repeat purchases or more share the bin `bins+`. Default 7.
    pub bins: u32,
    /// Simulated cohorts averaged for the model's counts. Default 10.
    pub replicates: u32,
    /// Seed of the simulation; the same seed gives the same counts. Default 42.
    pub seed: u64,
}

impl Default for PeriodTransactionsConfig {
    fn default() -> Self {
        PeriodTransactionsConfig { bins: 7, replicates: 10, seed: 42 }
    }
}

/// One bar pair of [`PeriodTransactions`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodBin {
    /// Repeat purchases (the lower end, for the open last bin).
    pub frequency: u32,
    /// Whether this is the open last bin (`frequency` or more).
    pub open: bool,
    /// Customers in the data with this many repeat purchases.
    pub actual: usize,
    /// Customers with this many in the simulated cohorts (mean over the replicates).
    pub simulated: f64,
}

impl PeriodBin {
    /// `"0"`, `"1"`, …, `"7+"`.
    pub fn label(&self) -> String {
        bin_label(self.frequency, self.open)
    }
}

/// Calibration-period repeat purchases, actual against simulated from the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodTransactions {
    /// The model's name.
    pub model: String,
    /// Customers in the data (and in each simulated cohort).
    pub customers: usize,
    /// Every bin 0, 1, …, `bins`+ in order (empty bins included).
    pub bins: Vec<PeriodBin>,
    /// Simulated cohorts averaged.
    pub replicates: u32,
    /// The seed of the simulation.
    pub seed: u64,
}

/// Customers per simulation task.
const BLOCK: usize = 1024;

/// Counts the customers with 0, 1, …, k+ repeat purchases in `data` and in cohorts
/// simulated from `model` with the same ages T (each simulated customer is observed
/// for as long as the real one; [`PurchaseModel::simulate_repeat_purchases`]).
///
/// Customer `i` of replicate `j` draws from `SeededRng::stream(seed, j·n + i)`, so the
/// result depends only on the data, the model and the seed.
///
/// ```
/// use relmap::value::{period_transactions, BetaGeo, BetaGeoParams, PeriodTransactionsConfig, RfmData};
/// let bg = BetaGeo::new(BetaGeoParams { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 })?;
/// let data = RfmData::new(&[0.0, 0.0, 2.0, 9.0], &[0.0, 0.0, 20.0, 37.0], &[38.0, 30.0, 38.0, 38.0])?;
/// let p = period_transactions(&bg, &data, &PeriodTransactionsConfig::default())?;
/// assert_eq!(p.bins.len(), 8);
/// assert_eq!((p.bins[0].actual, p.bins[7].actual), (2, 1));
/// let simulated: f64 = p.bins.iter().map(|b| b.simulated).sum();
/// assert!((simulated - 4.0).abs() < 1e-9); // every simulated customer lands in one bin
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
pub fn period_transactions(
    model: &(impl PurchaseModel + ?Sized),
    data: &RfmData<'_>,
    config: &PeriodTransactionsConfig,
) -> Result<PeriodTransactions, ValueError> {
    check_count("bins", config.bins, 1000, "in 1..=1000")?;
    check_count("replicates", config.replicates, 10_000, "in 1..=10000")?;
    let k = config.bins as usize;
    let n = data.len();
    let mut actual = vec![0usize; k + 1];
    for &x in data.frequency() {
        actual[frequency_bin(x, config.bins)] += 1;
    }
    let t = data.t();
    let tasks = (n * config.replicates as usize).div_ceil(BLOCK);
    let blocks: Vec<Result<Vec<f64>, ValueError>> = map_indexed(tasks, |b| {
        let mut counts = vec![0.0; k + 1];
        let total = n * config.replicates as usize;
        for stream in b * BLOCK..((b + 1) * BLOCK).min(total) {
            let mut rng = SeededRng::stream(config.seed, stream as u64);
            let row = stream % n;
            let x = model.simulate_repeat_purchases(t[row], &mut rng)?;
            // Parameters at the edge of f64 (a rate of ∞ over no time) draw no number.
            let x = super::model::finite_prediction(
                model.name(),
                "simulated repeat purchases",
                (data.frequency()[row], data.recency()[row], t[row]),
                x,
            )?;
            counts[frequency_bin(x, config.bins)] += 1.0;
        }
        Ok(counts)
    });
    let mut simulated = vec![0.0; k + 1];
    for block in blocks {
        for (s, c) in simulated.iter_mut().zip(block?) {
            *s += c;
        }
    }
    let bins = (0..=k)
        .map(|b| PeriodBin {
            frequency: b as u32,
            open: b == k,
            actual: actual[b],
            simulated: simulated[b] / f64::from(config.replicates),
        })
        .collect();
    Ok(PeriodTransactions {
        model: model.name().to_owned(),
        customers: n,
        bins,
        replicates: config.replicates,
        seed: config.seed,
    })
}
