//! Relations between stakeholders.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What a relation between two stakeholders means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// The source sways the target's opinion (feeds the influence model). The default.
    #[default]
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
/// `kind` defaults to `influences`, `strength` to [`Relation::DEFAULT_STRENGTH`] (1)
/// and `direction` to `forward` where a document or a binding leaves them out.
///
/// ```
/// use relmap::model::{Relation, RelationKind};
/// let r = Relation::new("cto", "it_mgr", RelationKind::Influences, 0.8);
/// assert_eq!(r.strength, 0.8);
/// let r: Relation = serde_json::from_str(r#"{"source": "cto", "target": "it_mgr"}"#).unwrap();
/// assert_eq!((r.kind, r.strength), (RelationKind::Influences, Relation::DEFAULT_STRENGTH));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    /// The stakeholder the relation starts from.
    pub source: String,
    /// The stakeholder it points to.
    pub target: String,
    /// What the relation means (default `influences`).
    #[serde(default)]
    pub kind: RelationKind,
    /// One way or both ways.
    #[serde(default, skip_serializing_if = "Direction::is_forward")]
    pub direction: Direction,
    /// How strong it is, in (0, 1] (default 1).
    #[serde(default = "Relation::default_strength")]
    pub strength: f64,
    /// Free notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl Relation {
    /// The strength of a relation given without one.
    pub const DEFAULT_STRENGTH: f64 = 1.0;

    fn default_strength() -> f64 {
        Relation::DEFAULT_STRENGTH
    }

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
