//! Reading [`Evidence`] field by field, so an error names the exact JSON path.
//!
//! Evidence is one flat object tagged by `kind`. serde's derived reader for such
//! internally tagged enums buffers the object first, and an error inside it can
//! only name the item (`evidence[3]`). This reader takes the fields one by one
//! instead, so a bad value is reported at its own path (`evidence[3].due`), and
//! a field the item's kind does not use at that field's path when `kind` comes
//! first (as relmap writes it), at the item's path otherwise.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

use super::{Evidence, EvidenceKind, Pillar};
use crate::time::Timestamp;

/// The `kind` tag.
#[derive(Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Commitment,
    ExpertiseSignal,
    SincerityEvent,
    Assessment,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Commitment => "commitment",
            Kind::ExpertiseSignal => "expertise_signal",
            Kind::SincerityEvent => "sincerity_event",
            Kind::Assessment => "assessment",
        }
    }

    /// The fields of this kind besides `kind`, `id`, `at`, `member` and `stakeholder`.
    fn own_fields(self) -> &'static [&'static str] {
        match self {
            Kind::Commitment => &["due", "delivered", "description"],
            Kind::ExpertiseSignal | Kind::SincerityEvent => &["positive", "description"],
            Kind::Assessment => &["pillar", "rating"],
        }
    }
}

const FIELDS: &[&str] =
    &["kind", "id", "at", "member", "stakeholder", "due", "delivered", "description", "positive", "pillar", "rating"];

/// A value that is refused where it stands (so the error carries its path).
struct Refuse(String);

impl<'de> DeserializeSeed<'de> for Refuse {
    type Value = IgnoredAny;

    fn deserialize<D: Deserializer<'de>>(self, _: D) -> Result<IgnoredAny, D::Error> {
        Err(de::Error::custom(self.0))
    }
}

#[derive(Default)]
struct Fields {
    kind: Option<Kind>,
    id: Option<String>,
    at: Option<Timestamp>,
    member: Option<String>,
    stakeholder: Option<String>,
    due: Option<Timestamp>,
    delivered: Option<Option<Timestamp>>,
    description: Option<Option<String>>,
    positive: Option<bool>,
    pillar: Option<Pillar>,
    rating: Option<f64>,
}

struct EvidenceVisitor;

impl<'de> Visitor<'de> for EvidenceVisitor {
    type Value = Evidence;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an evidence object with a `kind`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Evidence, A::Error> {
        let mut f = Fields::default();
        while let Some(key) = map.next_key::<String>()? {
            if !FIELDS.contains(&key.as_str()) {
                let message = format!("unknown field `{key}`, expected one of {}", list(FIELDS));
                map.next_value_seed(Refuse(message))?;
                continue;
            }
            if let Some(kind) = f.kind {
                let common = ["kind", "id", "at", "member", "stakeholder"];
                if !common.contains(&key.as_str()) && !kind.own_fields().contains(&key.as_str()) {
                    map.next_value_seed(Refuse(not_used(&key, kind)))?;
                    continue;
                }
            }
            macro_rules! take {
                ($slot:expr) => {{
                    if $slot.is_some() {
                        return Err(de::Error::custom(format!("duplicate field `{key}`")));
                    }
                    $slot = Some(map.next_value()?);
                }};
            }
            match key.as_str() {
                "kind" => take!(f.kind),
                "id" => take!(f.id),
                "at" => take!(f.at),
                "member" => take!(f.member),
                "stakeholder" => take!(f.stakeholder),
                "due" => take!(f.due),
                "delivered" => take!(f.delivered),
                "description" => take!(f.description),
                "positive" => take!(f.positive),
                "pillar" => take!(f.pillar),
                "rating" => take!(f.rating),
                _ => unreachable!("every name in FIELDS is matched"),
            }
        }
        let kind = f.kind.ok_or_else(|| de::Error::missing_field("kind"))?;
        // Fields given before `kind` that this kind does not use.
        let given = [
            ("due", f.due.is_some()),
            ("delivered", f.delivered.is_some()),
            ("description", f.description.is_some()),
            ("positive", f.positive.is_some()),
            ("pillar", f.pillar.is_some()),
            ("rating", f.rating.is_some()),
        ];
        if let Some((name, _)) = given.iter().find(|(n, g)| *g && !kind.own_fields().contains(n)) {
            return Err(de::Error::custom(not_used(name, kind)));
        }
        let missing = |name: &'static str| de::Error::missing_field(name);
        let description = f.description.flatten();
        let kind = match kind {
            Kind::Commitment => EvidenceKind::Commitment {
                due: f.due.ok_or_else(|| missing("due"))?,
                delivered: f.delivered.flatten(),
                description,
            },
            Kind::ExpertiseSignal => {
                EvidenceKind::ExpertiseSignal { positive: f.positive.ok_or_else(|| missing("positive"))?, description }
            }
            Kind::SincerityEvent => {
                EvidenceKind::SincerityEvent { positive: f.positive.ok_or_else(|| missing("positive"))?, description }
            }
            Kind::Assessment => EvidenceKind::Assessment {
                pillar: f.pillar.ok_or_else(|| missing("pillar"))?,
                rating: f.rating.ok_or_else(|| missing("rating"))?,
            },
        };
        Ok(Evidence {
            id: f.id.ok_or_else(|| missing("id"))?,
            at: f.at.ok_or_else(|| missing("at"))?,
            member: f.member.ok_or_else(|| missing("member"))?,
            stakeholder: f.stakeholder.ok_or_else(|| missing("stakeholder"))?,
            kind,
        })
    }
}

fn list(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

fn not_used(field: &str, kind: Kind) -> String {
    format!("field `{field}` is not used by evidence of kind `{}` (it has {})", kind.name(), list(kind.own_fields()))
}

impl<'de> Deserialize<'de> for Evidence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EvidenceVisitor)
    }
}

#[cfg(test)]
mod tests {
    use crate::io::from_json;
    use crate::model::Evidence;

    fn path(text: &str) -> String {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Doc {
            evidence: Vec<Evidence>,
        }
        let e = from_json::<Doc>(text).unwrap_err();
        format!("{} | {}", e.field().unwrap(), e)
    }

    #[test]
    fn errors_name_the_field() {
        let item = |extra: &str| {
            format!(
                r#"{{"evidence": [{{"kind": "commitment", "id": "e1", "at": "2026-03-02", "member": "m", "stakeholder": "s", "due": "2026-03-09"{extra}}}]}}"#
            )
        };
        assert!(path(&item(r#", "delivered": "2026-13-01""#)).starts_with("evidence[0].delivered | "));
        assert!(path(&item(r#", "colour": 1"#)).starts_with("evidence[0].colour | "));
        assert!(
            path(&item(r#", "rating": 5"#)).starts_with("evidence[0].rating | "),
            "{}",
            path(&item(r#", "rating": 5"#))
        );
        // A JSON document's keys are read in sorted order: `due` comes before `kind`.
        let late_kind = r#"{"evidence": [{"kind": "assessment", "id": "e", "at": "2026-03-02", "member": "m", "stakeholder": "s", "due": "2026-03-09", "pillar": "sincerity", "rating": 5}]}"#;
        let p = path(late_kind);
        assert!(p.starts_with("evidence[0] | ") && p.contains("`due` is not used"), "{p}");
        assert!(path(r#"{"evidence": [{"kind": "promise"}]}"#).starts_with("evidence[0].kind | "));
        assert!(path(r#"{"evidence": [{"id": "e"}]}"#).contains("missing field `kind`"));
        let p = path(
            r#"{"evidence": [{"kind": "assessment", "id": "e", "at": "2026-03-02", "member": "m", "stakeholder": "s", "pillar": "sincerity"}]}"#,
        );
        assert!(p.starts_with("evidence[0] | ") && p.contains("missing field `rating`"), "{p}");
    }
}
