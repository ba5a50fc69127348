//! Input: plain JavaScript data with camelCase keys into the core's types.
//!
//! A JavaScript argument is first copied into [`JsData`] (see `convert::js`),
//! then read by any `Deserialize` type through [`Reader`], which renames keys:
//! where the type reads a struct, each camelCase property is matched to the
//! snake_case field it stands for, and a property that matches no field is
//! refused with its path (`roleAuthority.economicBuyr`). Map keys (ids) and
//! string values (enum names such as `economic_buyer`) are data and pass
//! through unchanged. Numbers stay `f64` until a field asks for an integer, so a
//! `NaN` or an out-of-range number reaches the core's own validation.

use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, Error as _, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, VariantAccess, Visitor,
};

use relmap::error::ErrorCode;

use super::ser::camel;

/// JavaScript data as read from an argument: JSON's shapes, with any `f64`.
#[derive(Debug, Clone, PartialEq)]
pub enum JsData {
    /// `null` (or `undefined` outside an object).
    Null,
    /// A boolean.
    Bool(bool),
    /// A number, possibly `NaN` or infinite.
    Number(f64),
    /// A string (a `Date` is read as its ISO 8601 string).
    String(String),
    /// An array or typed array.
    Array(Vec<JsData>),
    /// A plain object's own enumerable properties, in order (`undefined` ones left out).
    Object(Vec<(String, JsData)>),
}

impl JsData {
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            JsData::Null => Unexpected::Unit,
            JsData::Bool(b) => Unexpected::Bool(*b),
            JsData::Number(x) => Unexpected::Float(*x),
            JsData::String(s) => Unexpected::Str(s),
            JsData::Array(_) => Unexpected::Seq,
            JsData::Object(_) => Unexpected::Map,
        }
    }

    /// From JSON, for the tests.
    #[cfg(test)]
    pub fn from_json(value: &serde_json::Value) -> JsData {
        use serde_json::Value;
        match value {
            Value::Null => JsData::Null,
            Value::Bool(b) => JsData::Bool(*b),
            Value::Number(n) => JsData::Number(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => JsData::String(s.clone()),
            Value::Array(a) => JsData::Array(a.iter().map(JsData::from_json).collect()),
            Value::Object(o) => JsData::Object(o.iter().map(|(k, v)| (k.clone(), JsData::from_json(v))).collect()),
        }
    }
}

/// A conversion error: what went wrong and where (a camelCase path, empty for the argument itself).
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    /// `stages[2].requires`, `roleAuthority.coach`, or empty.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// The core's code for it: `invalid_argument`, or `non_finite` for a NaN or an infinity.
    pub code: ErrorCode,
    located: bool,
}

impl ReadError {
    /// An error at a known path.
    pub fn at(path: &str, message: impl fmt::Display) -> Self {
        ReadError {
            path: path.to_owned(),
            message: message.to_string(),
            code: ErrorCode::InvalidArgument,
            located: true,
        }
    }

    /// The same error with another code.
    pub fn with_code(self, code: ErrorCode) -> Self {
        ReadError { code, ..self }
    }

    /// A NaN or an infinity at a known path: the document form (JSON) holds none,
    /// so it is refused as it crosses, as the Python binding refuses it.
    pub fn non_finite(path: &str, value: f64) -> Self {
        ReadError { code: ErrorCode::NonFinite, ..ReadError::at(path, format!("{value} is not a finite number")) }
    }

    /// Places an error raised below serde's visitors at the innermost value it surfaced from.
    fn locate(mut self, path: &str) -> Self {
        if !self.located {
            self.located = true;
            self.path = path.to_owned();
            // serde names a missing field in snake_case: point at it, in camelCase.
            if let Some(name) = self.message.strip_prefix("missing field `").and_then(|r| r.strip_suffix('`')) {
                let name = camel(name);
                self.path = join(path, &name);
                self.message = format!("missing field `{name}`");
            }
        }
        self
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ReadError { path: String::new(), message: msg.to_string(), code: ErrorCode::InvalidArgument, located: false }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Reads a value of type `T` from JavaScript data.
pub fn read<T: DeserializeOwned>(data: JsData) -> Result<T, ReadError> {
    T::deserialize(Reader { data, path: String::new() })
}

/// A `Deserializer` over [`JsData`] that maps camelCase properties onto snake_case fields.
pub struct Reader {
    data: JsData,
    path: String,
}

impl Reader {
    fn invalid<'de, V: Visitor<'de>, T>(&self, visitor: &V) -> Result<T, ReadError> {
        Err(ReadError::invalid_type(self.data.unexpected(), visitor).locate(&self.path))
    }

    fn number(&self) -> Option<f64> {
        match self.data {
            JsData::Number(x) => Some(x),
            _ => None,
        }
    }

    /// An integer field: the number must be a whole number in range.
    fn integer<'de, V: Visitor<'de>>(self, visitor: V, min: f64, max: f64) -> Result<V::Value, ReadError> {
        match self.number() {
            Some(x) if x.fract() == 0.0 && x >= min && x <= max => {
                let r = if x < 0.0 { visitor.visit_i64(x as i64) } else { visitor.visit_u64(x as u64) };
                r.map_err(|e: ReadError| e.locate(&self.path))
            }
            Some(x) => Err(ReadError::at(&self.path, format!("expected a whole number in {min}..={max}, found {x}"))),
            None => self.invalid(&visitor),
        }
    }
}

/// Renames an object's camelCase properties to the struct's snake_case fields,
/// refusing a property that matches none.
fn rename(
    entries: Vec<(String, JsData)>,
    fields: &'static [&'static str],
    path: &str,
) -> Result<Vec<(String, JsData)>, ReadError> {
    entries
        .into_iter()
        .map(|(key, value)| match fields.iter().find(|f| camel(f) == key) {
            Some(field) => Ok(((*field).to_owned(), value)),
            None if fields.is_empty() => Err(ReadError::at(&join(path, &key), format!("unknown field `{key}`"))),
            None => {
                let expected = fields.iter().map(|f| format!("`{}`", camel(f))).collect::<Vec<_>>().join(", ");
                Err(ReadError::at(&join(path, &key), format!("unknown field `{key}`, expected one of {expected}")))
            }
        })
        .collect()
}

macro_rules! integers {
    ($($method:ident: $ty:ty,)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
            // Whole numbers in the type's range that an f64 holds exactly.
            let max = (<$ty>::MAX as f64).min(9_007_199_254_740_991.0);
            let min = (<$ty>::MIN as f64).max(-9_007_199_254_740_991.0);
            self.integer(visitor, min, max)
        })*
    };
}

impl<'de> de::Deserializer<'de> for Reader {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let path = self.path;
        let r = match self.data {
            JsData::Null => visitor.visit_unit(),
            JsData::Bool(b) => visitor.visit_bool(b),
            JsData::Number(x) if x.fract() == 0.0 && x.abs() <= 9_007_199_254_740_991.0 => {
                if x < 0.0 {
                    visitor.visit_i64(x as i64)
                } else {
                    visitor.visit_u64(x as u64)
                }
            }
            JsData::Number(x) => visitor.visit_f64(x),
            JsData::String(s) => visitor.visit_string(s),
            JsData::Array(items) => visitor.visit_seq(Items::new(items, &path)),
            JsData::Object(entries) => visitor.visit_map(Entries::new(entries, &path)),
        };
        r.map_err(|e: ReadError| e.locate(&path))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.data {
            JsData::Bool(b) => visitor.visit_bool(b).map_err(|e: ReadError| e.locate(&self.path)),
            _ => self.invalid(&visitor),
        }
    }

    integers! {
        deserialize_i8: i8, deserialize_i16: i16, deserialize_i32: i32, deserialize_i64: i64,
        deserialize_u8: u8, deserialize_u16: u16, deserialize_u32: u32, deserialize_u64: u64,
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.number() {
            Some(x) => visitor.visit_f64(x).map_err(|e: ReadError| e.locate(&self.path)),
            None => self.invalid(&visitor),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.data {
            JsData::String(s) => visitor.visit_string(s).map_err(|e: ReadError| e.locate(&self.path)),
            _ => self.invalid(&visitor),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.data {
            JsData::Null => visitor.visit_none().map_err(|e: ReadError| e.locate(&self.path)),
            _ => {
                let path = self.path.clone();
                visitor.visit_some(self).map_err(|e: ReadError| e.locate(&path))
            }
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.data {
            JsData::Null => visitor.visit_unit().map_err(|e: ReadError| e.locate(&self.path)),
            _ => self.invalid(&visitor),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, ReadError> {
        let path = self.path.clone();
        visitor.visit_newtype_struct(self).map_err(|e: ReadError| e.locate(&path))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.data {
            JsData::Array(items) => {
                visitor.visit_seq(Items::new(items, &self.path)).map_err(|e: ReadError| e.locate(&self.path))
            }
            _ => self.invalid(&visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.data {
            JsData::Object(entries) => {
                visitor.visit_map(Entries::new(entries, &self.path)).map_err(|e: ReadError| e.locate(&self.path))
            }
            _ => self.invalid(&visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let Reader { data, path } = self;
        let JsData::Object(entries) = data else { return Reader { data, path }.invalid(&visitor) };
        let entries = rename(entries, fields, &path)?;
        visitor.visit_map(Entries::new(entries, &path)).map_err(|e: ReadError| e.locate(&path))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let path = self.path;
        let r = match self.data {
            JsData::String(variant) => visitor.visit_enum(Variant { name: variant, value: None, path: path.clone() }),
            JsData::Object(mut entries) if entries.len() == 1 => {
                let (name, value) = entries.remove(0);
                let inner = join(&path, &name);
                visitor.visit_enum(Variant { name, value: Some(value), path: inner })
            }
            other => {
                return Err(ReadError::at(
                    &path,
                    format!("invalid type: {}, expected a name or an object with one key", other.unexpected()),
                ))
            }
        };
        r.map_err(|e: ReadError| e.locate(&path))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        visitor.visit_unit()
    }
}

/// The elements of an array, each read at `path[i]`.
struct Items {
    items: std::vec::IntoIter<JsData>,
    path: String,
    index: usize,
}

impl Items {
    fn new(items: Vec<JsData>, path: &str) -> Self {
        Items { items: items.into_iter(), path: path.to_owned(), index: 0 }
    }
}

impl<'de> SeqAccess<'de> for Items {
    type Error = ReadError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, ReadError> {
        let Some(data) = self.items.next() else { return Ok(None) };
        let path = format!("{}[{}]", self.path, self.index);
        self.index += 1;
        // An error raised after the element was read (e.g. a time that does not parse) belongs to it.
        seed.deserialize(Reader { data, path: path.clone() }).map(Some).map_err(|e| e.locate(&path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The properties of an object (already renamed for a struct), each value read at `path.key`.
struct Entries {
    entries: std::vec::IntoIter<(String, JsData)>,
    pending: Option<(String, JsData)>,
    path: String,
}

impl Entries {
    fn new(entries: Vec<(String, JsData)>, path: &str) -> Self {
        Entries { entries: entries.into_iter(), pending: None, path: path.to_owned() }
    }
}

impl<'de> MapAccess<'de> for Entries {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, ReadError> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        let k = seed.deserialize(key.clone().into_deserializer())?;
        self.pending = Some((key, value));
        Ok(Some(k))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ReadError> {
        let (key, data) = self.pending.take().ok_or_else(|| ReadError::custom("value asked for before its key"))?;
        let path = join(&self.path, &camel(&key));
        seed.deserialize(Reader { data, path: path.clone() }).map_err(|e| e.locate(&path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An enum given as its name (`"off"`) or as `{ name: content }` (`{ up_to: 1000 }`).
struct Variant {
    name: String,
    value: Option<JsData>,
    path: String,
}

impl<'de> EnumAccess<'de> for Variant {
    type Error = ReadError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), ReadError> {
        let v = seed.deserialize(self.name.clone().into_deserializer())?;
        Ok((v, self))
    }
}

impl<'de> VariantAccess<'de> for Variant {
    type Error = ReadError;

    fn unit_variant(self) -> Result<(), ReadError> {
        match self.value {
            None | Some(JsData::Null) => Ok(()),
            Some(other) => {
                Err(ReadError::at(&self.path, format!("`{}` takes no value, found {}", self.name, other.unexpected())))
            }
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, ReadError> {
        match self.value {
            Some(data) => seed.deserialize(Reader { data, path: self.path.clone() }).map_err(|e| e.locate(&self.path)),
            None => Err(ReadError::at(&self.path, format!("`{}` needs a value: {{ {}: ... }}", self.name, self.name))),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, ReadError> {
        let data = self.value.unwrap_or(JsData::Null);
        de::Deserializer::deserialize_tuple(Reader { data, path: self.path }, len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let data = self.value.unwrap_or(JsData::Null);
        de::Deserializer::deserialize_struct(Reader { data, path: self.path }, "", fields, visitor)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    fn from<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ReadError> {
        read(JsData::from_json(&value))
    }

    #[derive(Debug, Deserialize, PartialEq, Default)]
    #[serde(default, deny_unknown_fields)]
    struct Weights {
        economic_buyer: f64,
        coach: f64,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Mode {
        Off,
        UpTo(usize),
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Config {
        #[serde(default)]
        role_authority: Weights,
        max_iterations: usize,
        #[serde(default)]
        as_of: Option<String>,
        #[serde(default)]
        by_id: BTreeMap<String, f64>,
        #[serde(default)]
        modes: Vec<Mode>,
    }

    #[test]
    fn camel_case_properties_fill_snake_case_fields() {
        let c: Config = from(json!({
            "roleAuthority": { "economicBuyer": 0.9 },
            "maxIterations": 20,
            "asOf": null,
            "byId": { "head_of_it": 0.5 },
            "modes": ["off", { "up_to": 3 }],
        }))
        .unwrap();
        assert_eq!(c.role_authority, Weights { economic_buyer: 0.9, coach: 0.0 });
        assert_eq!(c.max_iterations, 20);
        assert_eq!(c.as_of, None);
        assert_eq!(c.by_id["head_of_it"], 0.5);
        assert_eq!(c.modes, [Mode::Off, Mode::UpTo(3)]);
    }

    #[test]
    fn errors_name_the_camel_case_path() {
        let cases = [
            (json!({ "maxIterations": 1, "roleAuthority": { "economicBuyr": 1 } }), "roleAuthority.economicBuyr"),
            (json!({ "maxIterations": 1, "max_iterations": 1 }), "max_iterations"),
            (json!({ "maxIterations": 1.5 }), "maxIterations"),
            (json!({ "maxIterations": -1 }), "maxIterations"),
            (json!({ "maxIterations": "10" }), "maxIterations"),
            (json!({ "maxIterations": 1, "modes": ["off", "on"] }), "modes[1]"),
            (json!({ "maxIterations": 1, "modes": [{ "up_to": "x" }] }), "modes[0].up_to"),
            (json!({ "maxIterations": 1, "byId": { "a": true } }), "byId.a"),
            (json!({ "roleAuthority": {} }), "maxIterations"),
            (json!([1, 2]), ""),
        ];
        for (value, path) in cases {
            let e = from::<Config>(value.clone()).unwrap_err();
            assert_eq!(e.path, path, "{value}: {e}");
        }
        let e = from::<Config>(json!({ "maxIterations": 1, "roleAuthority": { "economicBuyr": 1 } })).unwrap_err();
        assert_eq!(e.message, "unknown field `economicBuyr`, expected one of `economicBuyer`, `coach`");
        let e = from::<Config>(json!({})).unwrap_err();
        assert_eq!(e.message, "missing field `maxIterations`");
    }

    #[test]
    fn non_finite_numbers_reach_the_reader() {
        let x: f64 = read(JsData::Number(f64::NAN)).unwrap();
        assert!(x.is_nan());
        assert!(read::<u32>(JsData::Number(f64::INFINITY)).is_err());
        assert_eq!(read::<u32>(JsData::Number(4e9)).unwrap(), 4_000_000_000);
        assert!(read::<u32>(JsData::Number(5e9)).is_err());
        assert_eq!(read::<i64>(JsData::Number(-3.0)).unwrap(), -3);
    }
}
