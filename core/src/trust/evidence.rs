//! The evidence list of a pillar score: its share of one buffer that holds
//! every list of a report.

use std::borrow::Cow;
use std::ops::Deref;
use std::sync::Arc;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::EvidenceContribution;

/// The items that moved a pillar score most ([`PillarScore::evidence`](super::PillarScore::evidence)),
/// largest |impact| first.
///
/// It reads as a slice of [`EvidenceContribution`]s (`len`, `iter`, indexing,
/// `to_vec`) and is a list in JSON. The lists of one trust report (or one
/// timeline) share one buffer, so a report's evidence takes one allocation
/// however many pairs it scores, and cloning a list, as the best pair and the
/// team views do, copies nothing.
///
/// ```
/// use relmap::trust::{EvidenceContribution, EvidenceList, EvidenceSource};
/// let item = EvidenceContribution {
///     id: "v1".into(),
///     source: EvidenceSource::Interaction,
///     at: "2026-03-02".parse().unwrap(),
///     weight: 3.0,
///     impact: 39.3,
///     outcome: None,
/// };
/// let list = EvidenceList::from(vec![item.clone()]);
/// assert_eq!((list.len(), &list[0]), (1, &item));
/// assert!(EvidenceList::new().is_empty());
/// let json = serde_json::to_string(&list).unwrap();
/// assert!(json.starts_with("[{\"id\":\"v1\""));
/// assert_eq!(serde_json::from_str::<EvidenceList>(&json).unwrap(), list);
/// ```
#[derive(Clone, Default)]
pub struct EvidenceList {
    /// The shared buffer; `None` for an empty list (or one not yet attached to its report's buffer).
    buf: Option<Arc<[EvidenceContribution]>>,
    start: u32,
    len: u32,
}

impl EvidenceList {
    /// An empty list.
    pub fn new() -> EvidenceList {
        EvidenceList::default()
    }

    /// The items `start..start + len` of a buffer to come ([`Self::attach`]).
    pub(crate) fn pending(start: usize, len: usize) -> EvidenceList {
        let narrow = |x: usize| u32::try_from(x).expect("fewer than 2^32 evidence items in one report");
        EvidenceList { buf: None, start: narrow(start), len: narrow(len) }
    }

    /// Points a [pending](Self::pending) list at its buffer.
    pub(crate) fn attach(&mut self, buf: &Arc<[EvidenceContribution]>) {
        if self.len > 0 {
            debug_assert!(self.buf.is_none() && (self.start + self.len) as usize <= buf.len());
            self.buf = Some(Arc::clone(buf));
        }
    }
}

impl Deref for EvidenceList {
    type Target = [EvidenceContribution];

    fn deref(&self) -> &[EvidenceContribution] {
        match &self.buf {
            Some(buf) => &buf[self.start as usize..(self.start + self.len) as usize],
            None => &[],
        }
    }
}

impl From<Vec<EvidenceContribution>> for EvidenceList {
    fn from(items: Vec<EvidenceContribution>) -> EvidenceList {
        let len = items.len();
        let mut list = EvidenceList::pending(0, len);
        list.attach(&Arc::from(items));
        list
    }
}

impl FromIterator<EvidenceContribution> for EvidenceList {
    fn from_iter<I: IntoIterator<Item = EvidenceContribution>>(items: I) -> EvidenceList {
        EvidenceList::from(items.into_iter().collect::<Vec<_>>())
    }
}

impl<'a> IntoIterator for &'a EvidenceList {
    type Item = &'a EvidenceContribution;
    type IntoIter = std::slice::Iter<'a, EvidenceContribution>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl PartialEq for EvidenceList {
    fn eq(&self, other: &EvidenceList) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for EvidenceList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for EvidenceList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for EvidenceList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<EvidenceList, D::Error> {
        Vec::<EvidenceContribution>::deserialize(deserializer).map(EvidenceList::from)
    }
}

/// The schema of a list of [`EvidenceContribution`]s, as for a `Vec`.
impl JsonSchema for EvidenceList {
    fn inline_schema() -> bool {
        <Vec<EvidenceContribution>>::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        <Vec<EvidenceContribution>>::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        <Vec<EvidenceContribution>>::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <Vec<EvidenceContribution>>::json_schema(generator)
    }
}
