//! Plain data across the boundary, in both directions, through serde.
//!
//! Keyword arguments become the core's config structs by way of a JSON object
//! deserialized over the struct's `Default` (every config is `#[serde(default,
//! deny_unknown_fields)]`, so an unknown key is refused with its path); results
//! come back as Python dicts, lists and scalars built from the core's
//! `Serialize` output. Nothing here knows a domain type.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Number, Value};

use relmap::error::ErrorCode;

use crate::errors::{coded, invalid_argument};

/// Converts a Python value to JSON: dicts, lists, tuples, str, int, float, bool,
/// None, dates and datetimes (naive ones taken as UTC), numpy scalars.
///
/// `path` names the value in error messages (`config.stages[2]`).
pub fn to_json_value(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if obj.is_instance_of::<PyInt>() {
        return int_value(obj, path);
    }
    if obj.is_instance_of::<PyFloat>() {
        return float_value(obj.extract::<f64>()?, path);
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        return object_value(d.iter(), d.len(), path);
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut out = Vec::new();
        for (i, item) in obj.try_iter()?.enumerate() {
            out.push(to_json_value(&item?, &format!("{path}[{i}]"))?);
        }
        return Ok(Value::Array(out));
    }
    if obj.is_instance_of::<PyDateTime>() {
        let text: String = obj.call_method0("isoformat")?.extract()?;
        let aware = !obj.getattr("tzinfo")?.is_none();
        return Ok(Value::String(if aware { text } else { format!("{text}Z") }));
    }
    if obj.is_instance_of::<PyDate>() {
        return Ok(Value::String(obj.call_method0("isoformat")?.extract()?));
    }
    if obj.is_instance_of::<PyMapping>() {
        let mut pairs = Vec::new();
        for pair in obj.call_method0("items")?.try_iter()? {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair?.extract()?;
            pairs.push((k, v));
        }
        let n = pairs.len();
        return object_value(pairs.into_iter(), n, path);
    }
    // numpy and other numeric scalars: integers first (`__index__`), then floats.
    if obj.hasattr("__index__")? {
        return int_value(&obj.call_method0("__index__")?, path);
    }
    if obj.hasattr("__float__")? {
        return float_value(obj.call_method0("__float__")?.extract::<f64>()?, path);
    }
    Err(PyTypeError::new_err(format!(
        "{}: cannot use a value of type {} here",
        if path.is_empty() { "argument" } else { path },
        obj.get_type().name()?
    )))
}

fn int_value(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    if let Ok(v) = obj.extract::<i64>() {
        return Ok(Value::Number(v.into()));
    }
    if let Ok(v) = obj.extract::<u64>() {
        return Ok(Value::Number(v.into()));
    }
    Err(invalid_argument(path, "integer out of range"))
}

fn float_value(v: f64, path: &str) -> PyResult<Value> {
    // JSON holds no NaN or infinity: refuse them here, with the core's code for them.
    Number::from_f64(v)
        .map(Value::Number)
        .ok_or_else(|| coded(ErrorCode::NonFinite, format!("{path}: {v} is not a finite number"), Some(path)))
}

fn object_value<'py>(
    items: impl Iterator<Item = (Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    len: usize,
    path: &str,
) -> PyResult<Value> {
    let mut map = Map::with_capacity(len);
    for (k, v) in items {
        let key: String = k.extract().map_err(|_| {
            PyTypeError::new_err(format!("{}: keys must be strings", if path.is_empty() { "argument" } else { path }))
        })?;
        let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
        map.insert(key, to_json_value(&v, &child)?);
    }
    Ok(Value::Object(map))
}

/// Converts JSON to Python: objects to dicts (key order kept), arrays to lists.
pub fn from_json_value<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(from_json_value(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, from_json_value(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// Any serializable core value as plain Python data.
pub fn to_python<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value).map_err(|e| invalid_argument("result", e))?;
    from_json_value(py, &json)
}

/// A core config from keyword arguments: the given keys over the config's defaults.
///
/// An unknown key, a value of the wrong type or shape is a `ValidationError`
/// (`invalid_argument`) whose field is the key's path (`key_players.top_n`).
///
/// A NaN or infinity (which JSON cannot hold) is refused with the code the core gives
/// a non-finite config field, `invalid_config`, naming the key.
pub fn config_from<T: DeserializeOwned>(kwargs: Option<&Bound<'_, PyAny>>) -> PyResult<T> {
    config_coded(kwargs, ErrorCode::InvalidConfig)
}

/// Model parameters from a dict, as [`config_from`], except that a NaN or infinite
/// parameter is `out_of_range` (the core's code for a parameter outside (0, ∞)).
pub fn params_from<T: DeserializeOwned>(params: &Bound<'_, PyAny>) -> PyResult<T> {
    config_coded(Some(params), ErrorCode::OutOfRange)
}

fn config_coded<T: DeserializeOwned>(kwargs: Option<&Bound<'_, PyAny>>, non_finite: ErrorCode) -> PyResult<T> {
    let value = match kwargs {
        Some(obj) if !obj.is_none() => to_json_value(obj, "").map_err(|e| recode_non_finite(e, non_finite))?,
        _ => Value::Object(Map::new()),
    };
    deserialize(value)
}

/// A `non_finite` error of [`to_json_value`] with the code of its context instead.
fn recode_non_finite(err: PyErr, code: ErrorCode) -> PyErr {
    Python::attach(|py| {
        let value = err.value(py);
        let is_non_finite =
            value.getattr("code").and_then(|c| c.extract::<String>()).is_ok_and(|c| c == ErrorCode::NonFinite.as_str());
        if !is_non_finite {
            return err;
        }
        let field: Option<String> = value.getattr("field").and_then(|f| f.extract()).unwrap_or(None);
        coded(code, value.to_string(), field.as_deref())
    })
}

/// Deserializes JSON into a core type; a mismatch names the path of the offending key.
pub fn deserialize<T: DeserializeOwned>(value: Value) -> PyResult<T> {
    deserialize_at(value, "config")
}

/// [`deserialize`] of the argument `name`: a mismatch names `name` or the path inside it.
pub fn deserialize_at<T: DeserializeOwned>(value: Value, name: &str) -> PyResult<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        // The path ends with the offending key (an unknown key included).
        let path = e.path().to_string();
        let message = e.inner().to_string();
        let field = if path == "." { name.to_owned() } else { path };
        invalid_argument(&field, message)
    })
}

/// The argument `name` as a core type, or the type's default when it is absent or None.
pub fn value_or_default<T: DeserializeOwned + Default>(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<T> {
    match obj {
        Some(o) if !o.is_none() => deserialize_at(to_json_value(o, name)?, name),
        _ => Ok(T::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use relmap::chain::ChainConfig;

    fn field(py: Python<'_>, err: &PyErr) -> Option<String> {
        err.value(py).getattr("field").unwrap().extract().unwrap()
    }

    #[test]
    fn kwargs_override_the_defaults_and_nest() {
        Python::initialize();
        Python::attach(|py| {
            let kwargs = PyDict::new(py);
            kwargs.set_item("default_openness", 0.25).unwrap();
            let players = PyDict::new(py);
            players.set_item("top_n", 3).unwrap();
            kwargs.set_item("key_players", players).unwrap();
            let cfg: ChainConfig = config_from(Some(kwargs.as_any())).unwrap();
            assert_eq!(cfg.default_openness, 0.25);
            assert_eq!(cfg.key_players.top_n, 3);
            assert_eq!(cfg.key_players.min_share, ChainConfig::default().key_players.min_share);
            assert_eq!(cfg.tolerance, ChainConfig::default().tolerance);
            let none: ChainConfig = config_from(None).unwrap();
            assert_eq!(none, ChainConfig::default());
        });
    }

    #[test]
    fn unknown_keys_wrong_types_and_nan_name_their_path() {
        Python::initialize();
        Python::attach(|py| {
            let cases: [(&str, Bound<'_, PyAny>, &str); 3] = [
                ("openness", 0.2f64.into_pyobject(py).unwrap().into_any(), "openness"),
                ("default_openness", PyString::new(py, "high").into_any(), "default_openness"),
                ("tolerance", f64::NAN.into_pyobject(py).unwrap().into_any(), "tolerance"),
            ];
            for (key, value, path) in cases {
                let kwargs = PyDict::new(py);
                kwargs.set_item(key, value).unwrap();
                let err = config_from::<ChainConfig>(Some(kwargs.as_any())).unwrap_err();
                assert_eq!(field(py, &err).as_deref(), Some(path), "{key}");
            }
            let nested = PyDict::new(py);
            let players = PyDict::new(py);
            players.set_item("top", 3).unwrap();
            nested.set_item("key_players", players).unwrap();
            let err = config_from::<ChainConfig>(Some(nested.as_any())).unwrap_err();
            assert_eq!(field(py, &err).as_deref(), Some("key_players.top"));
        });
    }

    #[test]
    fn values_round_trip_through_json() {
        Python::initialize();
        Python::attach(|py| {
            let value = serde_json::json!({"a": [1, -2, 3.5, null, true, "x"], "b": {"c": 18446744073709551615u64}});
            let obj = from_json_value(py, &value).unwrap();
            assert_eq!(to_json_value(&obj, "").unwrap(), value);
        });
    }
}
