//! Relations between stakeholders.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What a relation between two stakeholders means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// The source sways the target's opinion (feeds the influence model).
    Influences,
    /// The two back each other.
    Ally,
    /// The two are at odds.
    Conflict,
    /// The source passes information to the target.
    Informs,
}

impl RelationKind {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::Influences => "influences",
            RelationKind::Ally => "ally",
            RelationKind::Conflict => "conflict",
            RelationKind::Informs => "informs",
        }
    }

    /// Every kind.
    pub const ALL: [RelationKind; 4] =
        [RelationKind::Influences, RelationKind::Ally, RelationKind::Conflict, RelationKind::Informs];
}

impl std::str::FromStr for RelationKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        RelationKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown relation kind {s:?}; expected influences, ally, conflict or informs"))
    }
}

/// Which way a relation runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// From `source` to `target` only.
    #[default]
    Forward,
    /// Both ways, with the same strength.
    Both,
}

impl Direction {
    fn is_forward(&self) -> bool {
        *self == Direction::Forward
    }
}

/// A relation between two stakeholders.
///
/// ```
/// use relmap::model::{Relation, RelationKind};
/// let r = Relation::new("cto", "it_mgr", RelationKind::Influences, 0.8);
/// assert_eq!(r.strength, 0.8);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    /// The stakeholder the relation starts from.
    pub source: String,
    /// The stakeholder it points to.
    pub target: String,
    /// What the relation means.
    pub kind: RelationKind,
    /// One way or both ways.
    #[serde(default, skip_serializing_if = "Direction::is_forward")]
    pub direction: Direction,
    /// How strong it is, in (0, 1].
    pub strength: f64,
    /// Free notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl Relation {
    /// A one-way relation.
    pub fn new(source: impl Into<String>, target: impl Into<String>, kind: RelationKind, strength: f64) -> Self {
        Relation {
            source: source.into(),
            target: target.into(),
            kind,
            direction: Direction::Forward,
            strength,
            notes: None,
        }
    }

    /// The same relation, running both ways.
    pub fn both_ways(mut self) -> Self {
        self.direction = Direction::Both;
        self
    }
}
