//! relmap: key-account (B2B) relationship intelligence.
//!
//! The crate models one account's relationship map (stakeholders, org chart,
//! influence, stance, our team and every interaction) and analyses it.
#![deny(missing_docs)]

pub mod error;
pub mod model;
pub mod time;
pub mod value;

pub use error::{Error, Result};
