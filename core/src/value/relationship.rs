//! Relationship covariates: what the relationship maps say about each account, as a
//! covariate table for the purchase models ([`Covariates`]).

use std::borrow::Borrow;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::covariates::Covariates;
use super::error::ValueError;
use crate::chain::ChainConfig;
use crate::model::{RelationshipMap, Role};
use crate::time::{Timestamp, SECONDS_PER_DAY};
use crate::trust::TrustConfig;

/// The analyses the covariates come from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RelationshipCovariateConfig {
    /// The decision-chain settings (its `as_of` is replaced by the covariates' `as_of`).
    pub chain: ChainConfig,
    /// The trust settings.
    pub trust: TrustConfig,
}

/// The column names of [`RelationshipCovariates`], in table order.
pub const RELATIONSHIP_COVARIATES: [&str; 6] = [
    "decision_coverage",
    "economic_buyer_trust",
    "key_player_threads",
    "predicted_support",
    "days_since_key_player_contact",
    "champion_present",
];

/// One row per account (map), keyed by account id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationshipCovariates {
    /// The account ids, in the maps' order.
    pub accounts: Vec<String>,
    /// Share of the decision influence our relationships cover, in [0, 1]
    /// ([`Coverage::share`](crate::chain::Coverage::share)).
    pub decision_coverage: Vec<f64>,
    /// The trust composite (0..=100) of our best pair with the economic buyer: the highest
    /// among the stakeholders with that role; 0 with no economic buyer on the map.
    pub economic_buyer_trust: Vec<f64>,
    /// Mean number of threads (vertex-disjoint access paths) from our team to a key
    /// player; 0 with no key player.
    pub key_player_threads: Vec<f64>,
    /// Predicted support S in [−1, 1] of the decision chain.
    pub predicted_support: Vec<f64>,
    /// Days from the last interaction with any key player to `as_of`; `None` when no key
    /// player was ever met (then [`RelationshipCovariates::to_covariates`] refuses the column).
    pub days_since_key_player_contact: Vec<Option<f64>>,
    /// 1 when a stakeholder with the champion role is on the map with a stance that is
    /// not against us (unknown counts as present), else 0.
    pub champion_present: Vec<f64>,
}

/// The relationship covariates of every map as of `as_of`.
///
/// Errors: the decision chain's and the trust analysis' errors for a map (e.g. a map with no
/// stakeholder), and [`ValueError::InvalidCovariate`] (code `invalid_argument`) for a repeated
/// account id.
///
/// ```
/// let map = relmap::io::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data/manufacturing_cloud.json"))?;
/// let as_of = "2026-11-15".parse()?;
/// let cov = relmap::value::relationship_covariates(&[map], as_of, &Default::default())?;
/// assert_eq!(cov.accounts, ["hd_precision"]);
/// assert!((0.0..=1.0).contains(&cov.decision_coverage[0]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn relationship_covariates<M: Borrow<RelationshipMap>>(
    maps: &[M],
    as_of: Timestamp,
    config: &RelationshipCovariateConfig,
) -> crate::Result<RelationshipCovariates> {
    let chain_cfg = ChainConfig { as_of: Some(as_of), ..config.chain.clone() };
    let mut out = RelationshipCovariates {
        accounts: Vec::with_capacity(maps.len()),
        decision_coverage: Vec::with_capacity(maps.len()),
        economic_buyer_trust: Vec::with_capacity(maps.len()),
        key_player_threads: Vec::with_capacity(maps.len()),
        predicted_support: Vec::with_capacity(maps.len()),
        days_since_key_player_contact: Vec::with_capacity(maps.len()),
        champion_present: Vec::with_capacity(maps.len()),
    };
    for map in maps {
        let map = map.borrow();
        let id = map.account().id.to_string();
        if out.accounts.contains(&id) {
            return Err(ValueError::InvalidCovariate {
                set: "relationship_covariates",
                column: id,
                reason: "an account id appears on two maps",
            }
            .into());
        }
        let chain = map.decision_chain(&chain_cfg)?;
        let trust = map.trust(&config.trust, as_of)?;
        let buyers = map.stakeholders().iter().filter(|s| s.roles.contains(&Role::EconomicBuyer));
        let eb_trust = buyers.filter_map(|s| trust.score(&s.id)).map(|t| t.composite).fold(0.0f64, f64::max);
        let keys = chain.key_players();
        let threads = if keys.is_empty() {
            0.0
        } else {
            keys.iter().map(|k| f64::from(k.threads)).sum::<f64>() / keys.len() as f64
        };
        let last = map
            .interactions()
            .iter()
            .filter(|it| it.at <= as_of && it.stakeholders.iter().any(|s| keys.iter().any(|k| &k.id == s)))
            .map(|it| it.at)
            .max();
        let champion =
            map.stakeholders().iter().any(|s| s.roles.contains(&Role::Champion) && s.stance.is_none_or(|st| st > 0.0));
        out.accounts.push(id);
        out.decision_coverage.push(chain.coverage().share);
        out.economic_buyer_trust.push(eb_trust);
        out.key_player_threads.push(threads);
        out.predicted_support.push(chain.predicted_support());
        out.days_since_key_player_contact.push(last.map(|t| (as_of.0 - t.0) as f64 / SECONDS_PER_DAY as f64));
        out.champion_present.push(f64::from(u8::from(champion)));
    }
    Ok(out)
}

impl RelationshipCovariates {
    /// The chosen `columns` (names from [`RELATIONSHIP_COVARIATES`]) as a [`Covariates`]
    /// table for customers whose accounts are `customer_accounts` (one per row of the
    /// purchase data, e.g. the RFM summary's customers).
    ///
    /// Errors: `invalid_argument` for an unknown column or a customer whose account has
    /// no map (naming the account), `non_finite` for `days_since_key_player_contact` of an
    /// account whose key players were never met (naming the row).
    pub fn to_covariates<S: AsRef<str>>(
        &self,
        set: &'static str,
        columns: &[&str],
        customer_accounts: &[S],
    ) -> Result<Covariates, ValueError> {
        let row_of: HashMap<&str, usize> = self.accounts.iter().enumerate().map(|(i, a)| (a.as_str(), i)).collect();
        let mut values = Vec::with_capacity(columns.len() * customer_accounts.len());
        for (i, account) in customer_accounts.iter().enumerate() {
            let account = account.as_ref();
            let Some(&r) = row_of.get(account) else {
                return Err(ValueError::InvalidCovariate {
                    set,
                    column: account.to_owned(),
                    reason: "this account has no relationship map",
                });
            };
            for &c in columns {
                let v = match c {
                    "decision_coverage" => self.decision_coverage[r],
                    "economic_buyer_trust" => self.economic_buyer_trust[r],
                    "key_player_threads" => self.key_player_threads[r],
                    "predicted_support" => self.predicted_support[r],
                    "champion_present" => self.champion_present[r],
                    "days_since_key_player_contact" => match self.days_since_key_player_contact[r] {
                        Some(d) => d,
                        None => {
                            return Err(ValueError::NonFiniteCovariate {
                                set,
                                column: c.to_owned(),
                                index: i,
                                value: f64::NAN,
                            })
                        }
                    },
                    _ => {
                        return Err(ValueError::InvalidCovariate {
                            set,
                            column: c.to_owned(),
                            reason: "not a relationship covariate (see RELATIONSHIP_COVARIATES)",
                        })
                    }
                };
                values.push(v);
            }
        }
        Covariates::new(set, columns, &values, customer_accounts.len())
    }
}
