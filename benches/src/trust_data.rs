//! Deterministic synthetic portfolios for the trust bench.
//!
//! Everything is generated from a seed with [`crate::SplitMix64`], so a bench
//! measures the same data on every run and machine.

use relmap::model::{
    Account, Channel, Evidence, EvidenceKind, Initiator, Interaction, Pillar, Portfolio, Role, Stakeholder, TeamMember,
};
use relmap::time::Timestamp;
use relmap::RelationshipMap;

/// The generator shared with the other benches.
pub use crate::SplitMix64 as Rng;

/// The shape of a synthetic account.
#[derive(Debug, Clone, Copy)]
pub struct TrustShape {
    /// Stakeholders per account.
    pub stakeholders: usize,
    /// Team members per account.
    pub members: usize,
    /// Interactions per stakeholder.
    pub interactions: usize,
    /// Evidence items (commitments, signals, assessments) per stakeholder.
    pub evidence: usize,
    /// Days of history before the scoring day.
    pub days: i64,
}

impl Default for TrustShape {
    /// 50 stakeholders, 5 members, 200 interactions and 20 evidence items per
    /// stakeholder over three years.
    fn default() -> Self {
        TrustShape { stakeholders: 50, members: 5, interactions: 200, evidence: 20, days: 3 * 365 }
    }
}

/// The day every synthetic history ends on (the scoring day of the benches).
pub fn as_of() -> Timestamp {
    Timestamp::from_ymd(2026, 6, 30).expect("a real date")
}

const ROLES: [Role; 6] =
    [Role::EconomicBuyer, Role::DecisionMaker, Role::TechnicalBuyer, Role::UserBuyer, Role::Influencer, Role::Coach];

/// One synthetic account: an org chart, a team, interactions and evidence.
///
/// Interactions mostly involve one member and one stakeholder; one in ten
/// brings two members. Dates are uniform over the history.
pub fn trust_account(id: usize, shape: TrustShape, rng: &mut Rng) -> RelationshipMap {
    let mut map = RelationshipMap::new(Account::new(format!("a{id}"), format!("Account {id}")));
    for s in 0..shape.stakeholders {
        let mut person = Stakeholder::new(format!("s{s}"), format!("Person {s}"));
        if s > 0 {
            person = person.with_reports_to(format!("s{}", rng.below(s)));
        }
        person = person.with_roles([ROLES[rng.below(ROLES.len())]]);
        map.add_stakeholder(person).expect("generated stakeholder is valid");
    }
    for m in 0..shape.members {
        map.add_team_member(TeamMember::new(format!("m{m}"), format!("Member {m}"))).expect("valid member");
    }
    let end = as_of();
    let day = |rng: &mut Rng| end.plus_days(-(rng.below(shape.days as usize) as i64));
    let member = |rng: &mut Rng| format!("m{}", rng.below(shape.members));
    let mut next = 0usize;
    for s in 0..shape.stakeholders {
        for _ in 0..shape.interactions {
            let channel = Channel::ALL[rng.below(Channel::ALL.len())];
            let mut members = vec![member(rng)];
            if shape.members > 1 && rng.below(10) == 0 {
                let other = member(rng);
                if other != members[0] {
                    members.push(other);
                }
            }
            let mut x = Interaction::new(format!("i{next}"), day(rng), channel, members, [format!("s{s}")]);
            next += 1;
            if rng.below(4) == 0 {
                x.initiated_by = Initiator::Them;
            }
            if rng.below(2) == 0 {
                x.sentiment = Some(rng.unit() * 2.0 - 1.0);
            }
            map.add_interaction(x).expect("generated interaction is valid");
        }
        for _ in 0..shape.evidence {
            let at = day(rng);
            let kind = match rng.below(10) {
                0..=3 => {
                    let due = at.plus_days(rng.below(30) as i64);
                    let delivered = match rng.below(4) {
                        0 => None,
                        _ => Some(at.plus_days(rng.below(40) as i64)),
                    };
                    EvidenceKind::Commitment { due, delivered, description: None }
                }
                4..=6 => EvidenceKind::ExpertiseSignal { positive: rng.below(4) != 0, description: None },
                7..=8 => EvidenceKind::SincerityEvent { positive: rng.below(4) != 0, description: None },
                _ => EvidenceKind::Assessment { pillar: Pillar::ALL[rng.below(4)], rating: 1.0 + rng.below(10) as f64 },
            };
            let e = Evidence { id: format!("e{next}"), at, member: member(rng), stakeholder: format!("s{s}"), kind };
            next += 1;
            map.add_evidence(e).expect("generated evidence is valid");
        }
    }
    map
}

/// A portfolio of `accounts` synthetic accounts of one shape (no transactions).
pub fn trust_portfolio(accounts: usize, shape: TrustShape, seed: u64) -> Portfolio {
    let mut rng = Rng::new(seed);
    Portfolio { maps: (0..accounts).map(|a| trust_account(a, shape, &mut rng)).collect() }
}
