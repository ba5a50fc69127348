//! Red flags: what is wrong or risky about our position in the account.
//!
//! Each flag has a stable snake_case [`FlagCode`], a [`Severity`], the ids it is
//! about and a one-line reason. The table of all codes is in `docs/red-flags.md`.

use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ChainConfig, ChainError};
use crate::model::{PersonNames, RelationshipMap, Role};
use crate::stage::StageAhead;
use crate::time::Timestamp;

/// How serious a red flag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Needs attention.
    Warning,
    /// Puts the deal at risk.
    Critical,
}

impl Severity {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }
}

/// The kind of a red flag; its snake_case name is stable across versions and languages.
///
/// ```
/// use relmap::chain::FlagCode;
/// assert_eq!(FlagCode::SingleThreaded.as_str(), "single_threaded");
/// assert_eq!(serde_json::to_string(&FlagCode::NoCoach).unwrap(), "\"no_coach\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlagCode {
    /// Nobody holds the economic_buyer role.
    NoEconomicBuyer,
    /// An economic buyer has no relationship with us at the coverage threshold.
    EconomicBuyerNotCovered,
    /// Nobody (not hostile) holds the coach role.
    NoCoach,
    /// Fewer than `min_threads` disjoint access paths to a key player.
    SingleThreaded,
    /// An opponent holds a large share of the decision.
    HighInfluenceOpponent,
    /// A key player's stance toward us is unknown.
    UnknownStanceKeyPlayer,
    /// No interaction with a key player we know for `stale_days`.
    StaleKeyRelationship,
    /// An opportunity's declared stage is ahead of its milestones.
    StageAheadOfEvidence,
    /// The key players differ from the previous snapshot.
    KeyPlayerChanged,
    /// A contact seems to have left the account: mail to them bounced, or a key
    /// player has been silent in all activity for a while. Raised by the
    /// activity analysis ([`crate::activity::departures`]), not by the decision chain.
    ContactDeparted,
}

impl FlagCode {
    /// Every code, in the order flags are listed.
    pub const ALL: [FlagCode; 10] = [
        FlagCode::NoEconomicBuyer,
        FlagCode::EconomicBuyerNotCovered,
        FlagCode::NoCoach,
        FlagCode::SingleThreaded,
        FlagCode::HighInfluenceOpponent,
        FlagCode::UnknownStanceKeyPlayer,
        FlagCode::StaleKeyRelationship,
        FlagCode::StageAheadOfEvidence,
        FlagCode::KeyPlayerChanged,
        FlagCode::ContactDeparted,
    ];

    /// The stable snake_case code.
    pub fn as_str(self) -> &'static str {
        match self {
            FlagCode::NoEconomicBuyer => "no_economic_buyer",
            FlagCode::EconomicBuyerNotCovered => "economic_buyer_not_covered",
            FlagCode::NoCoach => "no_coach",
            FlagCode::SingleThreaded => "single_threaded",
            FlagCode::HighInfluenceOpponent => "high_influence_opponent",
            FlagCode::UnknownStanceKeyPlayer => "unknown_stance_key_player",
            FlagCode::StaleKeyRelationship => "stale_key_relationship",
            FlagCode::StageAheadOfEvidence => "stage_ahead_of_evidence",
            FlagCode::KeyPlayerChanged => "key_player_changed",
            FlagCode::ContactDeparted => "contact_departed",
        }
    }
}

impl std::fmt::Display for FlagCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One red flag.
///
/// ```
/// use relmap::chain::{FlagCode, RedFlag, Severity};
/// let f = RedFlag::new(FlagCode::NoCoach, Severity::Warning, vec![], "nobody holds the coach role");
/// assert_eq!(f.to_string(), "[warning] no_coach: nobody holds the coach role");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RedFlag {
    /// What kind of flag.
    pub code: FlagCode,
    /// How serious.
    pub severity: Severity,
    /// The stakeholder ids involved (the opportunity id for `stage_ahead_of_evidence`).
    pub ids: Vec<String>,
    /// One line saying why, naming people by name (the id follows in parentheses only
    /// when two people on the map share a name; see [`RedFlag::ids`] for the ids).
    pub reason: String,
}

impl RedFlag {
    /// A flag.
    pub fn new(code: FlagCode, severity: Severity, ids: Vec<String>, reason: impl Into<String>) -> Self {
        RedFlag { code, severity, ids, reason: reason.into() }
    }
}

impl std::fmt::Display for RedFlag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}] {}: {}", self.severity.as_str(), self.code, self.reason)
    }
}

/// What the flag rules look at (dense indices in map order).
pub(crate) struct FlagInput<'a> {
    pub map: &'a RelationshipMap,
    /// How the reasons name the map's people.
    pub names: &'a PersonNames<'a>,
    pub cfg: &'a ChainConfig,
    pub as_of: Option<Timestamp>,
    pub influence: &'a [f64],
    pub key_players: &'a [usize],
    /// Threads per stakeholder (`Some` for key players).
    pub threads: &'a [Option<u32>],
    /// Brokers of each key player, parallel to `key_players`.
    pub brokers: &'a [Vec<u32>],
    /// The previous snapshot, for `key_player_changed`.
    pub previous: Option<&'a Previous<'a>>,
    /// Opportunities whose declared stage is ahead of the evidence.
    pub stage_ahead: &'a [StageAhead],
}

/// The previous snapshot of the account and its key players (id → roles).
pub(crate) struct Previous<'a> {
    pub map: &'a RelationshipMap,
    pub key_players: HashMap<String, Vec<Role>>,
}

/// `YYYY-MM-DD` of an instant.
fn date(t: Timestamp) -> String {
    t.date().to_string()
}

/// The flags about who holds the deciding roles (`no_economic_buyer`,
/// `economic_buyer_not_covered`, `no_coach`), the first of [`red_flags`]: they need
/// the map and our ties alone, so the analysis makes them beside the influence solve.
pub(crate) fn role_flags(
    map: &RelationshipMap,
    names: &PersonNames<'_>,
    cfg: &ChainConfig,
    best_tie: &[f64],
) -> Vec<RedFlag> {
    let people = map.stakeholders();
    let id = |i: usize| people[i].id.clone();
    let who = |i: usize| names.person(&people[i].id);
    let covered = |i: usize| cfg.trust.covers_tie(best_tie[i]);
    let mut flags = Vec::new();

    let buyers: Vec<usize> = (0..people.len()).filter(|&i| people[i].has_role(Role::EconomicBuyer)).collect();
    if buyers.is_empty() {
        flags.push(RedFlag::new(
            FlagCode::NoEconomicBuyer,
            Severity::Critical,
            vec![],
            "nobody holds the economic_buyer role: find out who signs off the budget",
        ));
    }
    for &b in buyers.iter().filter(|&&b| !covered(b)) {
        flags.push(RedFlag::new(
            FlagCode::EconomicBuyerNotCovered,
            Severity::Critical,
            vec![id(b)],
            format!(
                "economic buyer {} has no relationship with our team (best tie {:.2} < {:.2})",
                who(b),
                best_tie[b],
                cfg.trust.tie_threshold()
            ),
        ));
    }

    let coaches: Vec<usize> = (0..people.len()).filter(|&i| people[i].has_role(Role::Coach)).collect();
    let hostile: Vec<usize> = coaches.iter().copied().filter(|&c| people[c].stance.is_some_and(|s| s < 0.0)).collect();
    if coaches.len() == hostile.len() {
        let reason = if coaches.is_empty() {
            "nobody holds the coach role: we have no guide inside the account".to_owned()
        } else {
            format!("every coach is against us ({})", hostile.iter().map(|&c| who(c)).collect::<Vec<_>>().join(", "))
        };
        flags.push(RedFlag::new(
            FlagCode::NoCoach,
            Severity::Warning,
            hostile.iter().map(|&c| id(c)).collect(),
            reason,
        ));
    }
    flags
}

/// Every red flag, most severe first (then in [`FlagCode::ALL`] order), after the
/// [`role_flags`] made beforehand.
pub(crate) fn red_flags(input: &FlagInput<'_>, role_flags: Vec<RedFlag>) -> Result<Vec<RedFlag>, ChainError> {
    let FlagInput { map, cfg, .. } = *input;
    let people = map.stakeholders();
    let id = |i: usize| people[i].id.clone();
    let names = input.names;
    let who = |i: usize| names.person(&people[i].id);
    let mut flags = role_flags;

    for (k, &p) in input.key_players.iter().enumerate() {
        let threads = input.threads[p].unwrap_or(0);
        if threads >= cfg.min_threads {
            continue;
        }
        let brokers = &input.brokers[k];
        let mut ids = vec![id(p)];
        ids.extend(brokers.iter().map(|&b| id(b as usize)));
        let (severity, reason) = if threads == 0 {
            (Severity::Critical, format!("no access path from our team to key player {}", who(p)))
        } else if brokers.is_empty() {
            (Severity::Warning, format!("{threads} independent access path(s) to key player {}", who(p)))
        } else {
            let through: Vec<String> = brokers.iter().map(|&b| who(b as usize)).collect();
            (
                Severity::Warning,
                format!(
                    "{threads} independent access path(s) to key player {}, all through {}",
                    who(p),
                    through.join(", ")
                ),
            )
        };
        flags.push(RedFlag::new(FlagCode::SingleThreaded, severity, ids, reason));
    }

    for (i, s) in people.iter().enumerate() {
        if let Some(stance) = s.stance {
            if stance <= cfg.opponent_max_stance && input.influence[i] >= cfg.opponent_min_influence {
                flags.push(RedFlag::new(
                    FlagCode::HighInfluenceOpponent,
                    Severity::Critical,
                    vec![id(i)],
                    format!(
                        "{} opposes us (stance {stance:+}) and holds {:.1}% of the decision",
                        who(i),
                        100.0 * input.influence[i]
                    ),
                ));
            }
        }
    }

    for &p in input.key_players.iter().filter(|&&p| people[p].stance.is_none()) {
        flags.push(RedFlag::new(
            FlagCode::UnknownStanceKeyPlayer,
            Severity::Warning,
            vec![id(p)],
            format!("stance of key player {} toward us is unknown", who(p)),
        ));
    }

    flags.extend(stale_flags(input, names));
    flags.extend(stage_flags(input.stage_ahead, names));
    if let Some(previous) = input.previous {
        flags.extend(key_player_changes(input, previous, names));
    }
    flags.sort_by_key(|f| std::cmp::Reverse(f.severity));
    Ok(flags)
}

/// `stale_key_relationship`: key players whose last interaction (at or before `as_of`) is too old.
fn stale_flags(input: &FlagInput<'_>, names: &PersonNames<'_>) -> Vec<RedFlag> {
    let Some(as_of) = input.as_of else { return Vec::new() };
    let map = input.map;
    // Each key player's place in `key_players` (by the interactions' dense
    // stakeholder indices, not their ids), and their last interaction.
    let mut place = vec![u32::MAX; map.stakeholders().len()];
    for (k, &p) in input.key_players.iter().enumerate() {
        place[p] = k as u32;
    }
    let mut last: Vec<Option<Timestamp>> = vec![None; input.key_players.len()];
    for (k, i) in map.interactions().iter().enumerate() {
        let Some((_, stakeholders)) = map.interaction_indices(k) else { break };
        for &s in stakeholders {
            let k = place[s as usize];
            if k != u32::MAX && i.at <= as_of {
                let t = last[k as usize].get_or_insert(i.at);
                *t = (*t).max(i.at);
            }
        }
    }
    let mut flags = Vec::new();
    for (&p, t) in input.key_players.iter().zip(last) {
        let s = &map.stakeholders()[p].id;
        if let Some(t) = t {
            let days = as_of.days_since(t);
            if days > input.cfg.stale_days {
                flags.push(RedFlag::new(
                    FlagCode::StaleKeyRelationship,
                    Severity::Warning,
                    vec![s.clone()],
                    format!("no interaction with key player {} for {days:.0} days (last {})", names.person(s), date(t)),
                ));
            }
        }
    }
    flags
}

/// `stage_ahead_of_evidence`: one warning per opportunity the stage module finds
/// ahead of its evidence ([`crate::stage::stage_ahead_of_evidence`]).
fn stage_flags<'a>(ahead: &'a [StageAhead], names: &'a PersonNames<'_>) -> impl Iterator<Item = RedFlag> + 'a {
    ahead.iter().map(|a| {
        let reason = format!(
            "{}: declared {}, but the milestones support only {}",
            names.opportunity(&a.opportunity_id),
            a.declared,
            a.identified
        );
        RedFlag::new(FlagCode::StageAheadOfEvidence, Severity::Warning, vec![a.opportunity_id.clone()], reason)
    })
}

/// `key_player_changed`: key players added, dropped, or whose deciding roles changed.
fn key_player_changes(input: &FlagInput<'_>, previous: &Previous<'_>, now_names: &PersonNames<'_>) -> Vec<RedFlag> {
    let people = input.map.stakeholders();
    let then_names = PersonNames::new(previous.map);
    // Someone who has left the map is named as the previous snapshot named them.
    let who = |id: &str| if now_names.knows(id) { now_names.person(id) } else { then_names.person(id) };
    let deciding = |roles: &[Role]| -> Vec<Role> {
        roles.iter().copied().filter(|r| input.cfg.key_players.roles.contains(r)).collect()
    };
    let role_names = |r: &[Role]| {
        if r.is_empty() {
            "none".to_owned()
        } else {
            r.iter().map(|r| r.as_str()).collect::<Vec<_>>().join("+")
        }
    };
    let flag = |id: &str, reason: String| {
        RedFlag::new(FlagCode::KeyPlayerChanged, Severity::Warning, vec![id.to_owned()], reason)
    };
    let mut flags = Vec::new();
    let mut now: HashSet<&str> = HashSet::new();
    for &p in input.key_players {
        let s = &people[p];
        now.insert(s.id.as_str());
        match previous.key_players.get(&s.id) {
            None if previous.map.stakeholder(&s.id).is_some() => {
                flags.push(flag(&s.id, format!("{} has become a key player", who(&s.id))));
            }
            None => flags.push(flag(&s.id, format!("{} is new in the map and a key player", who(&s.id)))),
            Some(before) => {
                let (b, a) = (deciding(before), deciding(&s.roles));
                if b != a {
                    flags.push(flag(
                        &s.id,
                        format!(
                            "deciding roles of key player {} changed: {} → {}",
                            who(&s.id),
                            role_names(&b),
                            role_names(&a)
                        ),
                    ));
                }
            }
        }
    }
    let mut gone: Vec<&String> = previous.key_players.keys().filter(|id| !now.contains(id.as_str())).collect();
    gone.sort();
    for id in gone {
        let reason = if input.map.stakeholder(id).is_some() {
            format!("{} is no longer a key player", who(id))
        } else {
            format!("key player {} has left the map", who(id))
        };
        flags.push(flag(id, reason));
    }
    flags
}
