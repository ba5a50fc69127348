//! relmap: key-account (B2B) relationship intelligence.
//!
//! The crate models one customer account's relationship map (客户关系地图): the
//! stakeholders and their org chart, the buying roles they play, who influences whom,
//! where each one stands toward us, our own account team, every interaction and piece
//! of trust evidence, and the opportunities in flight. It checks the map as it is
//! built and computes over it: who really decides, how much each person trusts us,
//! where each deal stands and what each customer is worth. The Python and JavaScript
//! packages are thin layers over this crate and speak the same vocabulary.
//!
//! # A first map
//!
//! The example of the README, compiled and run as a doctest (a test keeps the two
//! identical):
//!
//! ```
#![doc = include_str!("quickstart.rs")]
//! ```
//!
//! A map can also be read from a JSON document ([`RelationshipMap::from_json`],
//! [`io::load`]; the format is `relmap/2`, described in `docs/format.md`) or a CSV
//! folder ([`io::csv`]), or built from CRM exports, calendars and mail
//! ([`io::import`]).
//!
//! # Modules
//!
//! | module | what it holds |
//! |---|---|
//! | [`model`] | the map: [`Account`](model::Account), [`Stakeholder`](model::Stakeholder), [`Relation`](model::Relation), [`TeamMember`](model::TeamMember), [`Interaction`](model::Interaction), [`Evidence`](model::Evidence), [`Opportunity`](model::Opportunity); the edits that validate as they go; a [`Portfolio`] of maps |
//! | [`io`] | the JSON document and its schema, CSV folders, [`io::load`]; importers from CRM exports, iCalendar and mail ([`io::import`]) |
//! | [`chain`] | the decision chain (决策链): decision influence, predicted support, access paths, threading, brokers, coverage, red flags, next best contacts |
//! | [`trust`] | four-pillar trust (信任的四根支柱) per team member and stakeholder; the full [`TrustReport`](trust::TrustReport) and its [compact form](trust::CompactTrustReport) |
//! | [`stage`] | the sales stage of each opportunity from its milestones, with what is missing next |
//! | [`value`] | customer value (客户价值分层): RFM summaries, BG/NBD, MBG/NBD, Pareto/NBD, BG/BB, sBG, Gamma-Gamma, CLV, tiers, lifecycle, churn warnings, holdout checks |
//! | [`matrix`] | the customer classification matrix and the competition matrix |
//! | [`health`] | deal health (商机健康度): an explained 0..100 score per opportunity, calibrated on won/lost history |
//! | [`activity`] | what recorded activity says the map lacks: ghost stakeholders, suggested relations, relationship strength, departures |
//! | [`perception`] | several team members' perceptions of one account merged, with each perceiver's accuracy and the disputes |
//! | [`history`] | openness fitted from stance history (Friedkin–Johnsen) |
//! | [`network`] | who knows whom across a portfolio: warm paths, people who moved between accounts |
//! | [`render`] | pictures: SVG, Graphviz DOT, Mermaid, Cytoscape.js JSON; the customer-value charts |
//! | [`time`] | [`Timestamp`](time::Timestamp): UTC instants and calendar dates |
//! | [`error`] | [`Error`], its stable [codes](error::ErrorCode) and [kinds](error::ErrorKind), [`ErrorInfo`](error::ErrorInfo) |
//!
//! The guides in `docs/` (decision chain, trust, value, formats, errors, reliability)
//! give the formulas, the defaults and the published numbers the tests check.
//!
//! # Feature flags
//!
//! | feature | default | effect |
//! |---|---|---|
//! | `parallel` | on | per-customer work in [`value`], per-account work over a [`Portfolio`] and the decision chain's independent halves run on rayon's thread pool; off, everything runs on the calling thread (the WebAssembly build turns it off). Results are the same either way. |
//!
//! # Guarantees
//!
//! - **Threads.** Every public type is `Send + Sync`: a map behind an `Arc` (or an
//!   `RwLock`) can be read by many threads and any result sent between them.
//!   `core/tests/send_sync.rs` asserts it at compile time for a list of every public
//!   struct and enum, and fails when a new one is missing from the list.
//!   `examples/service/` shares maps between the requests of an HTTP service this way.
//! - **Typed errors.** Every fallible call returns [`Error`] (or its domain's enum,
//!   which converts into it) with a stable snake_case [`code`](Error::code), a
//!   [`kind`](Error::kind) and the [`field`](Error::field), JSON path or CSV column at
//!   fault. An [`Error`] serialises as `{code, kind, field, message}`; a client reads
//!   that back as an [`ErrorInfo`](error::ErrorInfo). A map edit that fails leaves the
//!   map as it was.
//! - **Bad input.** No panic, hang or silent loss on any input: out-of-range numbers,
//!   unknown ids and malformed documents are refused, never clamped or dropped; every
//!   number in a result is finite. The limits and the fuzzers are in
//!   `docs/reliability.md`.
//! - **Round trips.** A map's JSON document reads back equal and writes back byte for
//!   byte. The results serialise with serde; the decision chain, stage assessments,
//!   customer-value results and the trust entries (each stakeholder's
//!   [`StakeholderTrust`](trust::StakeholderTrust), [`CompactTrustReport`](trust::CompactTrustReport))
//!   also deserialise to an equal value. The full [`TrustReport`](trust::TrustReport) does not: its
//!   [`ties`](trust::TrustReport::ties) index the map's team, which the report does not carry.
//! - **Determinism.** The same map, config and analysis date give the same numbers,
//!   with or without the `parallel` feature. An analysis without a date runs at the
//!   map's latest dated item ([`RelationshipMap::analysis_date`]); only a map with no
//!   dated item at all falls back to the clock.
//! - **No I/O** but what is asked for: [`io::load`], the CSV folder readers and
//!   writers and the importers' file readers.
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
pub(crate) mod par;
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

/// The README's Rust examples, compiled and run as doctests (the first is also the
/// front page's example, `quickstart.rs`).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
