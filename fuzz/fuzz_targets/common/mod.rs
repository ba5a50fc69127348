//! Checks shared by the fuzz targets: errors are typed and every number a result
//! carries is finite (and never −0).

#![allow(dead_code)]

use std::fmt::Display;

use serde::ser::{self, Serialize};

/// A relmap error must carry a stable snake_case code and print without panicking.
pub fn check_error(code: &str, field: Option<&str>, message: impl Display) {
    assert!(
        !code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
        "code {code:?}"
    );
    if let Some(f) = field {
        assert!(!f.contains('\u{0}') || !f.is_empty(), "field {f:?}");
    }
    let text = message.to_string();
    assert!(!text.is_empty());
    // Wrapped years of out-of-range times would show as negative four-digit years or similar garbage.
    assert!(!text.contains("NaN-"), "{text}");
}

/// Panics naming the path of the first NaN or infinite number in a result.
pub fn assert_finite<T: Serialize + ?Sized>(what: &str, value: &T) {
    let mut c = Checker { path: vec![what.to_owned()] };
    if let Err(Found(path)) = value.serialize(&mut c) {
        panic!("{path}");
    }
}

#[derive(Debug)]
pub struct Found(String);

impl Display for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Found {}

impl ser::Error for Found {
    fn custom<T: Display>(msg: T) -> Self {
        Found(msg.to_string())
    }
}

pub struct Checker {
    path: Vec<String>,
}

impl Checker {
    fn float(&mut self, v: f64) -> Result<(), Found> {
        if !v.is_finite() {
            return Err(Found(format!("{} = {v:?}", self.path.join("."))));
        }
        Ok(())
    }
}

macro_rules! ok_scalar {
    ($($name:ident: $t:ty),*) => {$(
        fn $name(self, _: $t) -> Result<(), Found> { Ok(()) }
    )*};
}

impl<'a> ser::Serializer for &'a mut Checker {
    type Ok = ();
    type Error = Found;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    ok_scalar!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_char: char,
        serialize_str: &str, serialize_bytes: &[u8]);

    fn serialize_f32(self, v: f32) -> Result<(), Found> {
        self.float(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Found> {
        self.float(v)
    }
    fn serialize_none(self) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Found> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result<(), Found> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Found> {
        self.path.push(variant.to_owned());
        v.serialize(&mut *self)?;
        self.path.pop();
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Found> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Found> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Found> {
        Ok(self)
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self, Found> {
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Found> {
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Found> {
        Ok(self)
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self, Found> {
        Ok(self)
    }
}

impl ser::SerializeSeq for &mut Checker {
    type Ok = ();
    type Error = Found;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Found> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

impl ser::SerializeTuple for &mut Checker {
    type Ok = ();
    type Error = Found;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Found> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for &mut Checker {
    type Ok = ();
    type Error = Found;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Found> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for &mut Checker {
    type Ok = ();
    type Error = Found;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Found> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

impl ser::SerializeMap for &mut Checker {
    type Ok = ();
    type Error = Found;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Found> {
        k.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Found> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Checker {
    type Ok = ();
    type Error = Found;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), Found> {
        self.path.push(key.to_owned());
        v.serialize(&mut **self)?;
        self.path.pop();
        Ok(())
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Checker {
    type Ok = ();
    type Error = Found;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), Found> {
        self.path.push(key.to_owned());
        v.serialize(&mut **self)?;
        self.path.pop();
        Ok(())
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

/// A computed number must not be −0 (it prints as "-0" and reaches JavaScript as `-0`).
pub fn assert_not_negative_zero(what: &str, v: f64) {
    assert!(!(v == 0.0 && v.is_sign_negative()), "{what} is -0.0");
}

/// A relmap result: errors are checked for their code, values are returned.
pub fn ok<T>(r: Result<T, relmap::Error>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            check_error(e.code(), e.field(), &e);
            None
        }
    }
}

/// The same for a domain error type with `code`/`field`.
#[macro_export]
macro_rules! ok_or_typed {
    ($e:expr) => {
        match $e {
            Ok(v) => Some(v),
            Err(err) => {
                $crate::common::check_error(err.code(), err.field(), &err);
                None
            }
        }
    };
}
