//! Every number of the activity analyses.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::io::import::ImportError;
use crate::model::{Channel, Role};
use crate::time::Timestamp;
use crate::trust::{ChannelWeights, KEY_CONTACT_ROLES};

/// How the components of [`super::ActivityStrength`] are weighed (relative weights).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct StrengthWeights {
    /// How recent the last contact is (default 0.25).
    pub recency: f64,
    /// How often they meet or write, time-decayed (default 0.25).
    pub frequency: f64,
    /// How much of the contact they start (default 0.2).
    pub reciprocity: f64,
    /// How fast they answer our mail (default 0.15; left out for pairs without replies).
    pub response: f64,
    /// How personal the channels are (default 0.15).
    pub channel: f64,
}

impl Default for StrengthWeights {
    fn default() -> Self {
        StrengthWeights { recency: 0.25, frequency: 0.25, reciprocity: 0.2, response: 0.15, channel: 0.15 }
    }
}

/// Every tunable number of the activity analyses, with the defaults of `docs/importing.md`.
///
/// ```
/// use relmap::activity::ActivityConfig;
/// let cfg = ActivityConfig { account_domains: vec!["acme.cn".into()], ..Default::default() };
/// assert_eq!(cfg.half_life_days, 90.0);
/// assert!(cfg.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ActivityConfig {
    /// Our email domains (subdomains included), e.g. `["ourcompany.com"]`.
    pub our_domains: Vec<String>,
    /// The account's email domains (subdomains included), e.g. `["acme.cn"]`.
    pub account_domains: Vec<String>,
    /// The analysis date; `None` = the latest interaction or observation.
    pub as_of: Option<Timestamp>,
    /// Half-life of an observation's weight, in days (default 90, as in trust).
    pub half_life_days: f64,
    /// Roles that make a stakeholder a **key contact** (default trust's
    /// [`KEY_CONTACT_ROLES`]: economic buyer, decision maker, technical buyer, coach,
    /// champion). The activity analyses compute no decision influence, so, as in
    /// trust, they go by role alone, unlike the decision chain's key players
    /// ([`KeyPlayerRule`](crate::chain::KeyPlayerRule)).
    pub key_contact_roles: Vec<Role>,
    /// Ghosts: extra weight of an observation per key contact present (default 1).
    pub key_contact_weight: f64,
    /// Ghosts: the most recent observation ids kept as evidence (default 20).
    pub evidence_limit: usize,
    /// Channel weights for ghosts and strength (default the trust pillar's: visit 3, meeting 3,
    /// meal_or_event 2, phone 1, email 0.5, social 0.3).
    pub channel_weights: ChannelWeights,
    /// Suggestions: weight of a `Cc` against a `To` (default 0.5).
    pub cc_weight: f64,
    /// Suggestions: evidence `E` at which strength reaches 1 − 1/e (default 3).
    pub suggestion_saturation: f64,
    /// Suggestions: fewest meetings or mails behind a suggestion (default 2).
    pub min_suggestion_events: usize,
    /// Strength: decayed contacts at which frequency reaches 1 − 1/e (default 5).
    pub frequency_saturation: f64,
    /// Strength: median reply time (hours) at which the response component is 1/e (default 48).
    pub response_scale_hours: f64,
    /// Strength: the components' weights.
    pub strength_weights: StrengthWeights,
    /// Departures: days without any activity after which a key contact is flagged (default 90).
    pub departure_days: f64,
}

impl Default for ActivityConfig {
    fn default() -> Self {
        ActivityConfig {
            our_domains: Vec::new(),
            account_domains: Vec::new(),
            as_of: None,
            half_life_days: 90.0,
            key_contact_roles: KEY_CONTACT_ROLES.to_vec(),
            key_contact_weight: 1.0,
            evidence_limit: 20,
            channel_weights: ChannelWeights::default(),
            cc_weight: 0.5,
            suggestion_saturation: 3.0,
            min_suggestion_events: 2,
            frequency_saturation: 5.0,
            response_scale_hours: 48.0,
            strength_weights: StrengthWeights::default(),
            departure_days: 90.0,
        }
    }
}

impl ActivityConfig {
    /// Checks every number: positive where a scale, non-negative where a weight.
    pub fn validate(&self) -> Result<(), ImportError> {
        let bad = |field: &str, message: &str| {
            Err(ImportError::InvalidConfig { field: format!("activity.{field}"), message: message.into() })
        };
        let positive = [
            ("half_life_days", self.half_life_days),
            ("suggestion_saturation", self.suggestion_saturation),
            ("frequency_saturation", self.frequency_saturation),
            ("response_scale_hours", self.response_scale_hours),
            ("departure_days", self.departure_days),
        ];
        for (f, v) in positive {
            if !(v.is_finite() && v > 0.0) {
                return bad(f, &format!("{v} must be a finite number > 0"));
            }
        }
        let w = &self.strength_weights;
        let weights = [
            ("key_contact_weight", self.key_contact_weight),
            ("cc_weight", self.cc_weight),
            ("strength_weights.recency", w.recency),
            ("strength_weights.frequency", w.frequency),
            ("strength_weights.reciprocity", w.reciprocity),
            ("strength_weights.response", w.response),
            ("strength_weights.channel", w.channel),
        ];
        for (f, v) in weights {
            if !(v.is_finite() && v >= 0.0) {
                return bad(f, &format!("{v} must be a finite number >= 0"));
            }
        }
        if w.recency + w.frequency + w.reciprocity + w.channel <= 0.0 {
            return bad("strength_weights", "recency, frequency, reciprocity and channel weigh nothing together");
        }
        for c in Channel::ALL {
            let v = self.channel_weights.weight(c);
            if !(v.is_finite() && v >= 0.0) {
                return bad(&format!("channel_weights.{}", c.as_str()), &format!("{v} must be a finite number >= 0"));
            }
        }
        for (field, domains) in [("our_domains", &self.our_domains), ("account_domains", &self.account_domains)] {
            for (j, d) in domains.iter().enumerate() {
                let d = d.trim().trim_start_matches('@');
                if d.is_empty() || d.contains(char::is_whitespace) || d.contains('@') {
                    return bad(&format!("{field}[{j}]"), "a domain is a host name such as acme.cn");
                }
            }
        }
        if let Some(d) = self.our_domains.iter().find(|d| self.account_domains.contains(d)) {
            return bad("account_domains", &format!("{d:?} is also one of our domains"));
        }
        Ok(())
    }
}
