//! Customer value (客户价值分层).
mod bgnbd;
mod clv;
mod data;
pub mod error;
mod gammagamma;
mod model;
mod optimize;
mod par;
mod paretonbd;
pub mod special;
pub mod summary;

pub use bgnbd::{BetaGeo, BetaGeoParams};
pub use clv::ClvConfig;
pub use data::RfmData;
pub use error::ValueError;
pub use gammagamma::{GammaGamma, GammaGammaParams};
pub use model::{FitConfig, PurchaseModel};
pub use optimize::{FitReport, OptimizerConfig};
pub use paretonbd::{ParetoNbd, ParetoNbdParams};
pub use summary::{
    rfm_summary, rfm_summary_codes, HoldoutSummary, RfmSummary, SummaryConfig, TimeUnit, TransactionTime,
};
