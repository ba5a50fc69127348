//! JSON text → [`serde_json::Value`] → a relmap type, strictly.
//!
//! - [`parse`] refuses a key repeated in one object: serde_json keeps the last of
//!   two equal keys, so `{"stakeholders": [...], "stakeholders": []}` would load
//!   with no stakeholders and not a word. It builds the same `Value` in one pass
//!   and stops at the second occurrence of a key with the JSON path of the duplicate.
//! - [`Strict`] reads a `Value` into a type as serde_json would, except that a
//!   struct must be a JSON object: serde's derived structs also accept an array of
//!   their fields in declaration order (`"account": ["acme", "Acme"]`), where one
//!   value out of place silently lands in the wrong field.

use std::cell::RefCell;
use std::fmt;

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, Unexpected, VariantAccess, Visitor};
use serde::{forward_to_deserialize_any, Deserializer};
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

/// A [`Value`] as a deserializer that reads structs only from objects (see the module docs).
pub(crate) struct Strict<'a>(pub &'a Value);

type JsonError = serde_json::Error;

fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

impl<'de> Deserializer<'de> for Strict<'_> {
    type Error = JsonError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => visitor.visit_u64(u),
                (None, Some(i), _) => visitor.visit_i64(i),
                (_, _, f) => visitor.visit_f64(f.unwrap_or(f64::NAN)),
            },
            Value::String(s) => visitor.visit_str(s),
            Value::Array(items) => {
                let mut seq = Items(items.iter());
                let out = visitor.visit_seq(&mut seq)?;
                match seq.0.len() {
                    0 => Ok(out),
                    _ => Err(de::Error::invalid_length(items.len(), &"fewer elements in the array")),
                }
            }
            Value::Object(map) => visitor.visit_map(Entries { iter: map.iter(), value: None }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        match self.0 {
            Value::Object(_) => self.deserialize_any(visitor),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        match self.0 {
            Value::String(s) => visitor.visit_enum(StrDeserializer::<JsonError>::new(s)),
            Value::Object(map) if map.len() == 1 => {
                let (key, value) = map.iter().next().expect("one entry");
                visitor.visit_enum(Variant { key, value })
            }
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit unit_struct
        seq tuple tuple_struct map identifier ignored_any
    }
}

struct Items<'a>(std::slice::Iter<'a, Value>);

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = JsonError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, JsonError> {
        self.0.next().map(|v| seed.deserialize(Strict(v))).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Entries<'a> {
    iter: serde_json::map::Iter<'a>,
    value: Option<&'a Value>,
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = JsonError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, JsonError> {
        match self.iter.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(StrDeserializer::<JsonError>::new(k)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, JsonError> {
        let v = self.value.take().ok_or_else(|| de::Error::custom("value asked for before its key"))?;
        seed.deserialize(Strict(v))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// An externally tagged enum variant: `{"quantile": 0.8}`.
struct Variant<'a> {
    key: &'a str,
    value: &'a Value,
}

impl<'de, 'a> EnumAccess<'de> for Variant<'a> {
    type Error = JsonError;
    type Variant = Strict<'a>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Strict<'a>), JsonError> {
        let tag = seed.deserialize(StrDeserializer::<JsonError>::new(self.key))?;
        Ok((tag, Strict(self.value)))
    }
}

impl<'de> VariantAccess<'de> for Strict<'_> {
    type Error = JsonError;

    fn unit_variant(self) -> Result<(), JsonError> {
        match self.0 {
            Value::Null => Ok(()),
            other => Err(de::Error::invalid_type(unexpected(other), &"unit variant")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, JsonError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, JsonError> {
        self.deserialize_seq(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        self.deserialize_struct("", fields, visitor)
    }
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
    fn structs_are_read_only_from_objects() {
        use crate::matrix::Threshold;
        use crate::model::Account;
        let read = |text: &str| -> Result<Account, JsonError> {
            serde::Deserialize::deserialize(Strict(&parse(text).unwrap()))
        };
        assert_eq!(read(r#"{"id": "a", "name": "A"}"#).unwrap(), Account::new("a", "A"));
        assert!(read(r#"["a", "A"]"#).unwrap_err().to_string().contains("invalid type: sequence"));
        // Enums, options, numbers and lists read as serde_json reads them.
        let t = |text: &str| -> Threshold { serde::Deserialize::deserialize(Strict(&parse(text).unwrap())).unwrap() };
        assert_eq!(t(r#"{"quantile": 0.8}"#), Threshold::Quantile(0.8));
        assert_eq!(t(r#""median""#), Threshold::Median);
        let v: (Option<u8>, f64, Vec<i64>) =
            serde::Deserialize::deserialize(Strict(&parse("[null, 3, [-1, 2]]").unwrap())).unwrap();
        assert_eq!(v, (None, 3.0, vec![-1, 2]));
        let e: Result<u8, _> = serde::Deserialize::deserialize(Strict(&parse("300").unwrap()));
        assert!(e.is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        assert!(matches!(parse(&deep).unwrap_err(), FormatError::Syntax { .. }));
    }
}
