//! relmap: key-account (B2B) relationship intelligence.
//!
//! The crate models one account's relationship map (stakeholders, org chart,
//! influence, stance, our team and every interaction) and analyses it.
#![deny(missing_docs)]

pub mod activity;
pub mod chain;
pub mod error;
pub mod health;
pub mod history;
pub mod io;
pub mod matrix;
pub mod model;
pub mod network;
pub mod perception;
pub mod render;
pub mod stage;
pub mod time;
pub mod trust;
pub mod value;

/// The small-string type of the ids in trust reports: ids up to 24 bytes
/// (12 on 32-bit targets) live inline, so a portfolio's reports allocate
/// almost nothing per score. It derefs to `&str` and compares with strings.
pub use compact_str::CompactString;
pub use error::{Error, Result};
pub use model::{Portfolio, RelationshipMap};
pub use petgraph;

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
