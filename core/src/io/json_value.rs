//! JSON text → [`serde_json::Value`], refusing a key repeated in one object.
//!
//! serde_json keeps the last of two equal keys, so `{"stakeholders": [...], "stakeholders": []}`
//! would load with no stakeholders and not a word. This reader builds the same
//! `Value` in one pass and stops at the second occurrence of a key with the JSON
//! path of the duplicate.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserializer;
use serde_json::{Map, Value};

use super::FormatError;

/// Where a value stands in the document: a chain of keys and indices up to the root.
#[derive(Clone, Copy)]
enum Segment<'a> {
    Root,
    Key(&'a Segment<'a>, &'a str),
    Index(&'a Segment<'a>, usize),
}

impl fmt::Display for Segment<'_> {
    /// The path in serde_path_to_error's notation: `stakeholders[0].reports_to`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Segment::Root => Ok(()),
            Segment::Key(parent, key) => {
                parent.fmt(f)?;
                if !matches!(parent, Segment::Root) {
                    f.write_str(".")?;
                }
                f.write_str(key)
            }
            Segment::Index(parent, i) => {
                parent.fmt(f)?;
                write!(f, "[{i}]")
            }
        }
    }
}

/// The first duplicate found: its path and key.
type Found = RefCell<Option<(String, String)>>;

struct ValueSeed<'a> {
    at: &'a Segment<'a>,
    found: &'a Found,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let at = Segment::Index(self.at, items.len());
            match seq.next_element_seed(ValueSeed { at: &at, found: self.found })? {
                Some(v) => items.push(v),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            let at = Segment::Key(self.at, &key);
            let value = access.next_value_seed(ValueSeed { at: &at, found: self.found })?;
            if map.contains_key(&key) {
                let path = at.to_string();
                let message = format!("duplicate key {key:?}");
                *self.found.borrow_mut() = Some((path, key));
                return Err(de::Error::custom(message));
            }
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}

/// Parses JSON text into a [`Value`]; a syntax error or a repeated key is a [`FormatError`].
pub(crate) fn parse(text: &str) -> Result<Value, FormatError> {
    let found = Found::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed =
        ValueSeed { at: &Segment::Root, found: &found }.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    parsed.map_err(|e| match found.take() {
        Some((path, key)) => FormatError::DuplicateKey { path, key, line: e.line(), column: e.column() },
        None => FormatError::Syntax { line: e.line(), column: e.column(), message: e.to_string() },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn duplicate(text: &str) -> (String, String) {
        match parse(text).unwrap_err() {
            FormatError::DuplicateKey { path, key, .. } => (path, key),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn builds_the_same_value_as_serde_json() {
        let text = r#"{"a": [1, -2, 3.5, 18446744073709551615, true, null, "x"], "b": {"c": {}}, "d": []}"#;
        assert_eq!(parse(text).unwrap(), serde_json::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn names_the_path_of_a_repeated_key() {
        assert_eq!(duplicate(r#"{"format": "relmap/2", "format": "relmap/1"}"#), ("format".into(), "format".into()));
        let (path, key) = duplicate(r#"{"s": [{"id": "a"}, {"id": "b", "x": {"k": 1, "k": 2}}]}"#);
        assert_eq!((path.as_str(), key.as_str()), ("s[1].x.k", "k"));
        // Equal keys in different objects are fine.
        assert!(parse(r#"{"a": {"id": 1}, "b": {"id": 1}}"#).is_ok());
    }

    #[test]
    fn syntax_errors_keep_their_position() {
        match parse("{\n  \"a\": [1,\n}").unwrap_err() {
            FormatError::Syntax { line, .. } => assert_eq!(line, 3),
            other => panic!("{other:?}"),
        }
        assert!(matches!(parse("{} x").unwrap_err(), FormatError::Syntax { .. }));
        assert!(matches!(parse("[1e999]").unwrap_err(), FormatError::Syntax { .. }));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        assert!(matches!(parse(&deep).unwrap_err(), FormatError::Syntax { .. }));
    }
}
