//! Arrow in: columns and tables of any library that speaks the Arrow PyCapsule
//! interface (`__arrow_c_stream__` / `__arrow_c_array__`: pyarrow, polars, DuckDB,
//! pandas with Arrow dtypes), imported through the Arrow C data interface without
//! pyarrow.
//!
//! A column of one chunk without nulls whose values numpy can hold as they are
//! (float64, int64 timestamps of any unit and time zone) is handed to numpy without
//! copying: the numpy array borrows the Arrow buffer and keeps it alive. Customer ids
//! (integers, text, dictionaries) are numbered in Rust, one hash per row, in order
//! of first appearance. Record-batch streams and Parquet files feed the core's
//! out-of-core summary one batch at a time.

use std::ffi::CStr;

use arrow_array::cast::AsArray;
use arrow_array::ffi::{from_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::{ArrayStreamReader, FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow_array::types::Float64Type;
use arrow_array::{make_array, Array, ArrayRef, LargeStringArray};
use arrow_schema::{DataType, TimeUnit as ArrowTimeUnit};
use numpy::ndarray::ArrayView1;
use numpy::{IntoPyArray, PyArray1};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict, PyList, PyTuple};
use relmap::value::arrow::{
    check_nulls, floats, seconds, CustomerEncoder, CustomerKeys, OutOfCoreConfig, StreamingSummary, TransactionColumns,
};
use relmap::value::{RfmSummary, SummaryConfig};

use crate::convert::config_from;
use crate::errors::{guarded, invalid_argument, to_py};
use crate::map::time;
use crate::value::summary_dict;

/// Keeps an imported Arrow array (and so its buffers) alive for the numpy arrays that view it.
#[pyclass(frozen, module = "relmap._relmap", name = "_ArrowBuffer")]
struct ArrowBuffer {
    _array: ArrayRef,
}

fn capsule<'py>(obj: &Bound<'py, PyAny>, name: &CStr) -> PyResult<std::ptr::NonNull<std::ffi::c_void>> {
    let cap = obj.cast::<PyCapsule>().map_err(|_| invalid_argument("arrow", "expected a PyCapsule"))?;
    cap.pointer_checked(Some(name))
}

fn import_error(field: &str, e: impl std::fmt::Display) -> PyErr {
    invalid_argument(field, format!("cannot import the Arrow data: {e}"))
}

/// The chunks of a column given through the Arrow PyCapsule interface. A table (a struct
/// stream) of exactly one column stands for that column.
fn import(field: &str, obj: &Bound<'_, PyAny>) -> PyResult<Vec<ArrayRef>> {
    let mut chunks: Vec<ArrayRef> = Vec::new();
    if obj.hasattr("__arrow_c_stream__")? {
        let cap = obj.call_method0("__arrow_c_stream__")?;
        let ptr = capsule(&cap, c"arrow_array_stream")?;
        // SAFETY: the capsule holds a valid ArrowArrayStream (checked by its name); `from_raw`
        // moves it out and leaves a released stream for the capsule's destructor.
        let reader = unsafe { ArrayStreamReader::from_raw(ptr.as_ptr().cast::<FFI_ArrowArrayStream>()) }
            .map_err(|e| import_error(field, e))?;
        for chunk in reader {
            chunks.push(chunk.map_err(|e| import_error(field, e))?);
        }
    } else if obj.hasattr("__arrow_c_array__")? {
        let pair = obj.call_method0("__arrow_c_array__")?;
        let pair =
            pair.cast::<PyTuple>().map_err(|_| invalid_argument(field, "__arrow_c_array__ must return a pair"))?;
        let schema = capsule(&pair.get_item(0)?, c"arrow_schema")?;
        let array = capsule(&pair.get_item(1)?, c"arrow_array")?;
        // SAFETY: both capsules hold valid C data structs (checked by their names); the array is
        // moved out (its capsule then holds a released array) and the schema only borrowed.
        let data = unsafe {
            let array = FFI_ArrowArray::from_raw(array.as_ptr().cast::<FFI_ArrowArray>());
            from_ffi(array, &*schema.as_ptr().cast::<FFI_ArrowSchema>())
        }
        .map_err(|e| import_error(field, e))?;
        chunks.push(make_array(data));
    } else {
        return Err(invalid_argument(field, "expected an object with __arrow_c_stream__ or __arrow_c_array__"));
    }
    // A one-column table: its column.
    if let Some(DataType::Struct(fields)) = chunks.first().map(|c| c.data_type().clone()) {
        if fields.len() != 1 {
            let message = format!("expected one column, got a table of {} columns", fields.len());
            return Err(invalid_argument(field, message));
        }
        chunks = chunks.iter().map(|c| c.as_struct().column(0).clone()).collect();
    }
    Ok(chunks)
}

/// A numpy array viewing `values`, which `owner` keeps alive; read-only.
fn view<'py, T: numpy::Element>(py: Python<'py>, values: &[T], owner: ArrayRef) -> PyResult<Bound<'py, PyArray1<T>>> {
    let container = Bound::new(py, ArrowBuffer { _array: owner })?.into_any();
    // SAFETY: `values` lies in the buffers of `owner`, which the container holds for as long
    // as the numpy array lives; Arrow buffers are never reallocated.
    let array = unsafe { PyArray1::borrow_from_array(&ArrayView1::from(values), container) };
    array.getattr("flags")?.setattr("writeable", false)?;
    Ok(array)
}

fn checked(field: &str, chunks: &[ArrayRef]) -> PyResult<()> {
    let mut offset = 0;
    for c in chunks {
        check_nulls(field, c.as_ref(), offset).map_err(to_py)?;
        offset += c.len();
    }
    Ok(())
}

/// `_arrow_floats(obj, field)`: a float64 column; no copy for one float64 chunk.
#[pyfunction]
#[pyo3(name = "_arrow_floats")]
fn arrow_floats<'py>(py: Python<'py>, obj: &Bound<'py, PyAny>, field: &str) -> PyResult<Bound<'py, PyArray1<f64>>> {
    guarded(|| {
        let chunks = import(field, obj)?;
        checked(field, &chunks)?;
        if let [one] = chunks.as_slice() {
            if one.data_type() == &DataType::Float64 {
                return view(py, one.as_primitive::<Float64Type>().values(), one.clone());
            }
        }
        let mut out = Vec::with_capacity(chunks.iter().map(|c| c.len()).sum());
        let mut offset = 0;
        for c in &chunks {
            out.extend_from_slice(&floats(field, c.as_ref(), offset).map_err(to_py)?);
            offset += c.len();
        }
        Ok(out.into_pyarray(py))
    })
}

/// Int64 ticks and their unit ("s", "ms", "us", "ns").
type Ticks<'py> = (Bound<'py, PyArray1<i64>>, &'static str);

/// `_arrow_times(obj, field)`: (int64 ticks, unit) of a timestamp or date column; no copy
/// for one timestamp chunk (any unit, any time zone: Arrow stores UTC instants); None for
/// times as text.
#[pyfunction]
#[pyo3(name = "_arrow_times")]
fn arrow_times<'py>(py: Python<'py>, obj: &Bound<'py, PyAny>, field: &str) -> PyResult<Option<Ticks<'py>>> {
    guarded(|| {
        let chunks = import(field, obj)?;
        checked(field, &chunks)?;
        // Times as text: None, for the Python layer to parse as it parses numpy text.
        if chunks.iter().any(|c| matches!(c.data_type(), DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)) {
            return Ok(None);
        }
        let unit_of = |dt: &DataType| match dt {
            DataType::Timestamp(ArrowTimeUnit::Second, _) => Some("s"),
            DataType::Timestamp(ArrowTimeUnit::Millisecond, _) => Some("ms"),
            DataType::Timestamp(ArrowTimeUnit::Microsecond, _) => Some("us"),
            DataType::Timestamp(ArrowTimeUnit::Nanosecond, _) => Some("ns"),
            _ => None,
        };
        let first = chunks.first().map(|c| c.data_type().clone());
        let same = chunks.iter().all(|c| Some(c.data_type()) == first.as_ref());
        if let (Some(unit), true) = (first.as_ref().and_then(unit_of), same) {
            if let [one] = chunks.as_slice() {
                let data = one.to_data();
                let ticks: &[i64] = &data.buffer::<i64>(0)[..one.len()];
                return Ok(Some((view(py, ticks, one.clone())?, unit)));
            }
            let mut out = Vec::with_capacity(chunks.iter().map(|c| c.len()).sum());
            for c in &chunks {
                let data = c.to_data();
                out.extend_from_slice(&data.buffer::<i64>(0)[..c.len()]);
            }
            return Ok(Some((out.into_pyarray(py), unit)));
        }
        // Dates (and mixed units): seconds.
        let mut out = Vec::new();
        let mut offset = 0;
        for c in &chunks {
            seconds(field, c.as_ref(), offset, &mut out).map_err(to_py)?;
            offset += c.len();
        }
        Ok(Some((out.into_pyarray(py), "s")))
    })
}

/// Distinct text ids as an Arrow `large_string` array, handed to Python through the Arrow
/// PyCapsule interface (`__arrow_c_array__`): pandas makes its text index of them without
/// one Python string per id; `to_list()` gives the str objects where pyarrow is missing.
#[pyclass(frozen, module = "relmap._relmap", name = "_TextKeys")]
struct TextKeysArray {
    array: LargeStringArray,
}

#[pymethods]
impl TextKeysArray {
    fn __len__(&self) -> usize {
        self.array.len()
    }

    /// (schema capsule, array capsule) of the ids; `requested_schema` is not supported
    /// (consumers then cast themselves).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
        let _ = requested_schema;
        let data = self.array.to_data();
        let schema = FFI_ArrowSchema::try_from(data.data_type()).map_err(|e| import_error("customer", e))?;
        // The capsules own the C structs; a consumer moves them out (leaving them released),
        // and the capsule's destructor releases whatever was not taken.
        let schema = PyCapsule::new_with_value(py, schema, c"arrow_schema")?;
        let array = PyCapsule::new_with_value(py, FFI_ArrowArray::new(&data), c"arrow_array")?;
        Ok((schema, array))
    }

    /// The ids as a list of str.
    fn to_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.array.iter().map(|s| s.unwrap_or_default()))
    }
}

fn keys_to_python<'py>(py: Python<'py>, keys: CustomerKeys) -> PyResult<Bound<'py, PyAny>> {
    Ok(match keys {
        CustomerKeys::Int(v) => v.into_pyarray(py).into_any(),
        CustomerKeys::Text(v) => {
            let array = LargeStringArray::from_iter_values(v.iter());
            Bound::new(py, TextKeysArray { array })?.into_any()
        }
    })
}

/// `_arrow_codes(obj, field)`: (uint32 codes, distinct ids) of a customer id column, codes
/// in order of first appearance; the ids an int64 array or a `_TextKeys`.
#[pyfunction]
#[pyo3(name = "_arrow_codes")]
fn arrow_codes<'py>(
    py: Python<'py>,
    obj: &Bound<'py, PyAny>,
    field: &str,
) -> PyResult<(Bound<'py, PyArray1<u32>>, Bound<'py, PyAny>)> {
    guarded(|| {
        let chunks = import(field, obj)?;
        let (codes, keys) = py
            .detach(|| {
                let mut encoder = CustomerEncoder::for_rows(chunks.iter().map(|c| c.len()).sum());
                let mut codes = Vec::with_capacity(chunks.iter().map(|c| c.len()).sum());
                let mut offset = 0;
                for c in &chunks {
                    encoder.encode(field, c.as_ref(), offset, &mut codes)?;
                    offset += c.len();
                }
                Ok::<_, relmap::value::ValueError>((codes, encoder.into_keys()))
            })
            .map_err(to_py)?;
        Ok((codes.into_pyarray(py), keys_to_python(py, keys)?))
    })
}

/// The options of the out-of-core summary from Python keywords (None = the default).
fn options(
    memory_rows: Option<usize>,
    partitions: Option<usize>,
    batch_rows: Option<usize>,
    spill_dir: Option<String>,
) -> OutOfCoreConfig {
    let d = OutOfCoreConfig::default();
    OutOfCoreConfig {
        memory_rows: memory_rows.unwrap_or(d.memory_rows),
        partitions: partitions.unwrap_or(d.partitions),
        batch_rows: batch_rows.unwrap_or(d.batch_rows),
        spill_dir: spill_dir.map(Into::into).or(d.spill_dir),
    }
}

type Summarised<'py> = (Bound<'py, PyDict>, Bound<'py, PyAny>);

fn summarised<'py>(py: Python<'py>, s: RfmSummary<u32>, keys: CustomerKeys) -> PyResult<Summarised<'py>> {
    Ok((summary_dict(py, s)?, keys_to_python(py, keys)?))
}

/// `_rfm_summary_stream(stream, columns, as_of, config, ...)`: the out-of-core summary of
/// a record-batch stream (an object with `__arrow_c_stream__` of struct type); returns the
/// summary dict (customer codes) and the distinct ids.
#[pyfunction]
#[pyo3(name = "_rfm_summary_stream", signature = (stream, columns, as_of, config = None, memory_rows = None, partitions = None, batch_rows = None, spill_dir = None))]
#[allow(clippy::too_many_arguments)]
fn summary_stream<'py>(
    py: Python<'py>,
    stream: &Bound<'py, PyAny>,
    columns: (String, String, String, Option<String>),
    as_of: &str,
    config: Option<&Bound<'py, PyAny>>,
    memory_rows: Option<usize>,
    partitions: Option<usize>,
    batch_rows: Option<usize>,
    spill_dir: Option<String>,
) -> PyResult<Summarised<'py>> {
    guarded(|| {
        let cfg: SummaryConfig = config_from(config)?;
        let as_of = time("as_of", as_of)?;
        // One stream, or an iterable of them (tables, batches, data frames), read in turn.
        let items: Vec<Bound<'py, PyAny>> = if stream.hasattr("__arrow_c_stream__")? {
            vec![stream.clone()]
        } else {
            let message = "expected an object with __arrow_c_stream__ (a table, a reader) or an iterable of them";
            stream.try_iter().map_err(|_| invalid_argument("batches", message))?.collect::<PyResult<_>>()?
        };
        let cols = transaction_columns(columns);
        let opts = options(memory_rows, partitions, batch_rows, spill_dir);
        let mut s = StreamingSummary::new(cols, as_of, cfg, opts).map_err(to_py)?;
        for item in &items {
            if !item.hasattr("__arrow_c_stream__")? {
                let message = format!("expected an object with __arrow_c_stream__, got {}", item.get_type().name()?);
                return Err(invalid_argument("batches", message));
            }
            let cap = item.call_method0("__arrow_c_stream__")?;
            let ptr = capsule(&cap, c"arrow_array_stream")?;
            // SAFETY: as in `import`.
            let reader = unsafe { RecordBatchStreamReader::from_raw(ptr.as_ptr().cast::<FFI_ArrowArrayStream>()) }
                .map_err(|e| import_error("batches", e))?;
            py.detach(|| {
                for b in reader {
                    let b = b.map_err(|e| relmap::value::ValueError::ReadFailed {
                        source_name: "batches".into(),
                        message: e.to_string(),
                    })?;
                    s.push(&b)?;
                }
                Ok::<_, relmap::value::ValueError>(())
            })
            .map_err(to_py)?;
        }
        let (s, keys) = py.detach(|| s.finish()).map_err(to_py)?;
        summarised(py, s, keys)
    })
}

fn transaction_columns(
    (customer, time, amount, margin): (String, String, String, Option<String>),
) -> TransactionColumns {
    TransactionColumns { customer, time, amount, margin }
}

/// `_rfm_summary_parquet(paths, columns, as_of, config, ...)`: the out-of-core summary of
/// Parquet files, read one record batch at a time.
#[pyfunction]
#[pyo3(name = "_rfm_summary_parquet", signature = (paths, columns, as_of, config = None, memory_rows = None, partitions = None, batch_rows = None, spill_dir = None))]
#[allow(clippy::too_many_arguments)]
fn summary_parquet<'py>(
    py: Python<'py>,
    paths: Vec<String>,
    columns: (String, String, String, Option<String>),
    as_of: &str,
    config: Option<&Bound<'py, PyAny>>,
    memory_rows: Option<usize>,
    partitions: Option<usize>,
    batch_rows: Option<usize>,
    spill_dir: Option<String>,
) -> PyResult<Summarised<'py>> {
    guarded(|| {
        let cfg: SummaryConfig = config_from(config)?;
        let as_of = time("as_of", as_of)?;
        let cols = transaction_columns(columns);
        let opts = options(memory_rows, partitions, batch_rows, spill_dir);
        let (s, keys) = py
            .detach(|| {
                let mut s = StreamingSummary::new(cols, as_of, cfg, opts)?;
                relmap::value::arrow::push_parquet(&mut s, &paths)?;
                s.finish()
            })
            .map_err(to_py)?;
        summarised(py, s, keys)
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ArrowBuffer>()?;
    m.add_class::<TextKeysArray>()?;
    m.add_function(wrap_pyfunction!(arrow_floats, m)?)?;
    m.add_function(wrap_pyfunction!(arrow_times, m)?)?;
    m.add_function(wrap_pyfunction!(arrow_codes, m)?)?;
    m.add_function(wrap_pyfunction!(summary_stream, m)?)?;
    m.add_function(wrap_pyfunction!(summary_parquet, m)?)?;
    Ok(())
}
