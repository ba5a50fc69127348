//! The frequency–recency matrix: a model's prediction (expected purchases or
//! P(alive)) for every combination of repeat purchases x and recency t_x at one age T.

use serde::{Deserialize, Serialize};

use super::data::RfmData;
use super::error::{check_config, check_count, ValueError};
use super::model::PurchaseModel;
use super::time_unit::TimeUnit;
use crate::par::map_indexed;

/// What a [`FrequencyRecencyMatrix`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatrixQuantity {
    /// Expected purchases in the next `horizon` units.
    ExpectedPurchases,
    /// The probability that the customer is still alive.
    PAlive,
}

/// Options of [`FrequencyRecencyMatrix::new`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FrequencyRecencyConfig {
    /// The horizon of expected purchases, in the data's unit. Default 1 (as lifetimes).
    pub horizon: f64,
    /// The most repeat purchases a row shows: rows run from 0 to the largest observed
    /// frequency, at most this. Default 30.
    pub max_frequency: u32,
    /// Recency columns between 0 and T. Default 30.
    pub recency_cells: u32,
    /// The age T of every cell, in the data's unit; `None` = the largest T in the data.
    pub t: Option<f64>,
}

impl Default for FrequencyRecencyConfig {
    fn default() -> Self {
        FrequencyRecencyConfig { horizon: 1.0, max_frequency: 30, recency_cells: 30, t: None }
    }
}

/// A model's predictions over a grid of frequency (rows) and recency (columns) at one age T.
///
/// Row x, column j holds the prediction for a customer with x repeat purchases, the last
/// one at the middle of column j, observed for T. A customer without repeat purchases has
/// recency 0, so row 0 has one cell (column 0, at t_x = 0) and `None` elsewhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrequencyRecencyMatrix {
    /// The model's name.
    pub model: String,
    /// What the cells hold.
    pub quantity: MatrixQuantity,
    /// The time unit of recency, T and the horizon.
    pub unit: TimeUnit,
    /// The horizon of expected purchases (in `unit`).
    pub horizon: f64,
    /// The age T of every cell.
    pub t: f64,
    /// The repeat purchases of each row: 0, 1, …
    pub frequency: Vec<u32>,
    /// Column edges from 0 to T (one more than the columns).
    pub recency_edges: Vec<f64>,
    /// `values[row][column]`; `None` where no customer can be (x = 0 with t_x > 0).
    pub values: Vec<Vec<Option<f64>>>,
    /// How many customers of the data fall in each cell (by x and t_x; x above the last
    /// row and t_x beyond T are not counted).
    pub customers: Vec<Vec<u32>>,
}

impl FrequencyRecencyMatrix {
    /// Fills the matrix for `model` over the shape of `data` (its largest frequency and T).
    ///
    /// ```
    /// use relmap::value::{BetaGeo, BetaGeoParams, FrequencyRecencyConfig, FrequencyRecencyMatrix, MatrixQuantity,
    ///     RfmData, TimeUnit};
    /// let bg = BetaGeo::new(BetaGeoParams { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 })?;
    /// let data = RfmData::new(&[0.0, 2.0, 5.0], &[0.0, 20.0, 37.0], &[38.0, 38.0, 38.0])?;
    /// let m = FrequencyRecencyMatrix::new(&bg, &data, TimeUnit::Week, MatrixQuantity::PAlive,
    ///     &FrequencyRecencyConfig::default())?;
    /// assert_eq!(m.frequency, [0, 1, 2, 3, 4, 5]);
    /// assert_eq!(m.values[0][0], Some(1.0)); // BG/NBD: no repeat purchase, never seen to drop out
    /// assert_eq!(m.values[0][1], None);
    /// // More recent last purchases mean a livelier customer.
    /// assert!(m.values[5][29].unwrap() > m.values[5][0].unwrap());
    /// # Ok::<(), relmap::value::ValueError>(())
    /// ```
    pub fn new(
        model: &(impl PurchaseModel + ?Sized),
        data: &RfmData<'_>,
        unit: TimeUnit,
        quantity: MatrixQuantity,
        config: &FrequencyRecencyConfig,
    ) -> Result<FrequencyRecencyMatrix, ValueError> {
        check_config("horizon", config.horizon, config.horizon > 0.0, "> 0")?;
        check_count("max_frequency", config.max_frequency, 1000, "in 1..=1000")?;
        check_count("recency_cells", config.recency_cells, 1000, "in 1..=1000")?;
        let largest_t = data.t().iter().fold(0.0f64, |a, &b| a.max(b));
        let t = config.t.unwrap_or(largest_t);
        check_config("t", t, t > 0.0, "> 0 (customers observed for some time)")?;
        let largest_x = data.frequency().iter().fold(0.0f64, |a, &b| a.max(b));
        let rows = (largest_x.min(f64::from(config.max_frequency)) as u32).max(1);
        let cols = config.recency_cells as usize;
        let step = t / cols as f64;
        let recency_edges: Vec<f64> = (0..=cols).map(|j| if j == cols { t } else { j as f64 * step }).collect();
        let frequency: Vec<u32> = (0..=rows).collect();
        let values: Vec<Result<Vec<Option<f64>>, ValueError>> = map_indexed(frequency.len(), |r| {
            let x = f64::from(frequency[r]);
            (0..cols)
                .map(|j| {
                    let tx = if x == 0.0 {
                        if j > 0 {
                            return Ok(None);
                        }
                        0.0
                    } else {
                        (recency_edges[j] + recency_edges[j + 1]) / 2.0
                    };
                    let v = match quantity {
                        MatrixQuantity::ExpectedPurchases => model.expected_purchases_one(config.horizon, x, tx, t)?,
                        MatrixQuantity::PAlive => model.p_alive_one(x, tx, t)?,
                    };
                    Ok(Some(v))
                })
                .collect()
        });
        let values = values.into_iter().collect::<Result<Vec<_>, _>>()?;
        let mut customers = vec![vec![0u32; cols]; frequency.len()];
        for (&x, &tx) in data.frequency().iter().zip(data.recency()) {
            if x <= f64::from(rows) && tx <= t {
                let j = ((tx / step) as usize).min(cols - 1);
                customers[x as usize][j] += 1;
            }
        }
        Ok(FrequencyRecencyMatrix {
            model: model.name().to_owned(),
            quantity,
            unit,
            horizon: config.horizon,
            t,
            frequency,
            recency_edges,
            values,
            customers,
        })
    }
}
