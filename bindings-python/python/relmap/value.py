"""Customer value (客户价值分层) on numpy arrays and pandas columns.

- :func:`rfm_summary`: frequency, recency, T and monetary value per customer
  from raw transactions (the BTYD conventions, as in lifetimes);
- :func:`discrete_summary`: the same per customer in discrete periods (years,
  quarters, months or a number of days), the input of :class:`BetaGeoBetaBinom`;
- :class:`BetaGeo` (BG/NBD), :class:`ModifiedBetaGeo` (MBG/NBD), :class:`ParetoNBD`,
  :class:`BetaGeoBetaBinom` (BG/BB) and :class:`GammaGamma`: maximum-likelihood fits
  with the familiar ``fit`` / ``params_`` style and vectorised predictions (P(alive),
  expected purchases, the distribution of purchases, a new customer's curve, spend, CLV);
- :class:`ShiftedBetaGeo` (sBG): contract renewals from cohort survivor counts or
  per-customer tenures; survival and retention curves, P(renew), DEL, DERL and CLV;
- every fitted model's ``summary()`` (standard errors and confidence intervals),
  ``vcov_``, ``aic_``, ``bic_`` and ``n_customers_``; :func:`compare_models` fits every
  applicable purchase model to one summary and scores it;
- :func:`tier` and :func:`lifecycle`: the four value tiers and the lifecycle
  stage of every customer, each with the reason; :func:`churn_warnings`: churn
  early warnings, joined with the relationship maps of the accounts;
  :func:`rfm_scores`: quintile scores and named segments;
- does the model fit? :func:`holdout_table` (the BTYD table by calibration
  frequency), :func:`holdout_errors`, :func:`holdout_forecast`, :func:`tracking`,
  :func:`period_transactions`, :func:`frequency_recency_matrix`,
  :func:`tier_overview`, and their pictures :func:`plot_holdout`,
  :func:`plot_tracking`, :func:`plot_period_transactions`,
  :func:`plot_frequency_recency`, :func:`plot_p_alive`, :func:`plot_tiers`
  (:class:`Chart` objects, shown inline and saved with ``save(path)``).

Inputs may be numpy arrays, pandas Series or anything array-like; float64 and
int64 columns are passed to the Rust core without copying, and the work runs
with the GIL released.

Per-customer results follow one rule, pandas in, pandas out: when the customers
come as a summary DataFrame (or as pandas Series columns), every per-customer
result (P(alive), expected purchases, the probability of n purchases, DERT,
expected spend, P(renew), CLV) is a pandas Series named after the quantity
(``p_alive``, ``expected_purchases``, ``probability_of_purchases``, ``dert``,
``expected_spend``, ``p_renew``, ``clv``) and indexed like the input, so by
customer; with numpy arrays or lists in, it is a numpy array. The labels
(:func:`tier`, :func:`lifecycle`, :func:`churn_warnings`, :func:`rfm_scores`) are
DataFrames indexed like the summary (:class:`relmap.TextFrame`, which a notebook
shows with every reason whole), and a P(alive) or CLV Series given to them is
matched to the summary's customers by its index.

>>> import pandas as pd, relmap.value as rv
>>> tx = pd.DataFrame({
...     "customer": ["a", "a", "a", "b", "c", "c"],
...     "time": pd.to_datetime(["2024-01-02", "2024-02-10", "2024-05-20", "2024-01-15", "2024-02-01", "2024-03-01"]),
...     "amount": [120.0, 80.0, 95.0, 40.0, 25.0, 35.0],
... })
>>> s = rv.rfm_summary(tx["customer"], tx["time"], tx["amount"], as_of="2024-06-30")
>>> s[["frequency", "recency", "T", "monetary_value"]].round(2).reset_index()
  customer  frequency  recency      T  monetary_value
0        a        2.0    19.86  25.71            87.5
1        b        0.0     0.00  23.86             0.0
2        c        1.0     4.14  21.43            35.0
"""

from __future__ import annotations

import sys
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Optional, TypeVar, Union, overload

import numpy as np
import numpy.typing as npt

from . import _relmap
from ._records import TimeLike, map_list, number, relmap_error, required_time, time_text

if TYPE_CHECKING:
    import pandas as pd

    from ._map import RelationshipMap

__all__ = [
    "BetaGeo",
    "BetaGeoBetaBinom",
    "Chart",
    "GammaGamma",
    "ModifiedBetaGeo",
    "ParetoNBD",
    "ShiftedBetaGeo",
    "churn_warnings",
    "compare_models",
    "CompressedRows",
    "compress_rows",
    "likelihood_ratio_test",
    "relationship_covariates",
    "discrete_summary",
    "frequency_recency_matrix",
    "holdout_errors",
    "holdout_forecast",
    "holdout_table",
    "lifecycle",
    "period_transactions",
    "plot_frequency_recency",
    "plot_holdout",
    "plot_p_alive",
    "plot_period_transactions",
    "plot_tiers",
    "plot_tracking",
    "rfm_scores",
    "rfm_summary",
    "rfm_summary_from_batches",
    "rfm_summary_from_parquet",
    "tier",
    "tier_overview",
    "tracking",
]

ArrayLike = Union[npt.ArrayLike, "pd.Series[Any]"]
CustomerIds = Union[Sequence[Hashable], ArrayLike]
"""Customer ids of any hashable type: a Series, an array, a list (tuples allowed)."""
FloatArray = npt.NDArray[np.float64]
Horizons = Union[Sequence[float], npt.NDArray[Any], "pd.Series[Any]"]
"""Several horizons at once: a list, an array or a Series."""

_TIME_UNITS = ("s", "ms", "us", "ns")


# ---- columns ------------------------------------------------------------------


def _arrow(values: Any) -> bool:
    """Whether a column comes in through the Arrow PyCapsule interface (pyarrow, polars,
    DuckDB, pandas with Arrow dtypes) rather than numpy: the native module imports it
    through the Arrow C data interface, without a copy where numpy can hold the values."""
    if isinstance(values, np.ndarray):
        return False
    if type(values).__module__.partition(".")[0] == "pandas":
        # Only a pandas column stored in Arrow: the numpy ones stay on the numpy path.
        return getattr(getattr(values, "dtype", None), "storage", None) == "pyarrow" or "pyarrow" in str(
            getattr(values, "dtype", "")
        )
    return hasattr(values, "__arrow_c_stream__") or hasattr(values, "__arrow_c_array__")


def _arrow_column(kind: str, field: str, values: Any) -> Any:
    """An Arrow column as numpy, through the native module: ``floats`` (float64, no copy for
    one float64 chunk), ``times`` ((int64 ticks, unit), no copy for one timestamp chunk of
    any unit and zone) or ``codes`` ((uint32 codes, distinct ids), numbered in Rust)."""
    if type(values).__module__.partition(".")[0] == "pandas":
        values = values.array.__arrow_array__() if hasattr(values, "array") else values
    if kind == "floats":
        return _relmap._arrow_floats(values, field)
    if kind == "times":
        return _relmap._arrow_times(values, field)
    codes, keys = _relmap._arrow_codes(values, field)
    return codes, _text_ids(keys)


def _floats(field: str, values: Any) -> FloatArray:
    """A contiguous 1-D float64 array; no copy when the input already is one."""
    if _arrow(values):
        return _arrow_column("floats", field, values)  # type: ignore[no-any-return]
    if hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):
        values = values.to_numpy()
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise relmap_error(field, f"expected a 1-D array, got {arr.ndim} dimensions", "invalid_argument")
    if arr.dtype.kind not in "iuf":
        raise relmap_error(field, f"expected numbers, got dtype {arr.dtype}", "invalid_argument")
    # Aligned too: buffers unpickled from a network frame or a spill file (Dask) may not be.
    return np.require(arr, dtype=np.float64, requirements=["C", "A"])


def _counts(field: str, values: Any) -> npt.NDArray[np.uint32]:
    arr = _floats(field, values)
    if not np.all((arr >= 0) & (arr == np.floor(arr)) & (arr < 2**32)):
        raise relmap_error(field, "expected whole numbers >= 0", "out_of_range")
    return arr.astype(np.uint32)


def _times(field: str, values: Any) -> tuple[npt.NDArray[np.int64], str]:
    """Transaction times as int64 ticks since the epoch and their unit (no copy for datetime64[s|ms|us|ns])."""
    import pandas as pd

    if _arrow(values):
        ticks = _arrow_column("times", field, values)
        if ticks is not None:
            return ticks  # type: ignore[no-any-return]
        values = np.asarray(values, dtype=object)  # times as text: parsed below
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    if hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):
        values = values.to_numpy()
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise relmap_error(field, f"expected a 1-D array, got {arr.ndim} dimensions", "invalid_argument")
    if arr.dtype.kind in "OU" or arr.dtype.kind == "S":
        try:
            arr = pd.to_datetime(arr, utc=True, format="mixed").tz_localize(None).to_numpy()
        except (ValueError, TypeError) as e:
            raise relmap_error(field, f"cannot read as times: {e}", "invalid_argument") from None
    if arr.dtype.kind != "M":
        raise relmap_error(
            field, f"expected datetime64 values (or dates as text), got dtype {arr.dtype}", "invalid_argument"
        )
    unit = np.datetime_data(arr.dtype)[0]
    if unit not in _TIME_UNITS:
        # Coarser units (m, h, D, W, M, Y) are multiplied on the way to seconds, and
        # numpy does not check that for overflow: a time outside the years
        # 0000..9999 (all relmap accepts) is refused before it can wrap around.
        ticks = arr.view(np.int64)
        lo = np.datetime64("0000-01-01T00:00:00", "s").astype(arr.dtype).view(np.int64)
        hi = np.datetime64("9999-12-31T23:59:59", "s").astype(arr.dtype).view(np.int64)
        bad = (ticks != np.iinfo(np.int64).min) & ((ticks < lo) | (ticks > hi))
        if bad.any():
            i = int(np.argmax(bad))
            raise relmap_error(field, f"{field}[{i}] = {arr[i]} is outside the years 0000..9999", "out_of_range")
        arr, unit = arr.astype("datetime64[s]"), "s"
    return np.require(arr, requirements=["C", "A"]).view(np.int64), unit


def _customer_codes(values: Any) -> tuple[npt.NDArray[np.uint32], Any]:
    """Dense codes in order of first appearance and the distinct ids (any hashable dtype).

    Text ids (a numpy object array or pandas object column of str, an Arrow column of any
    library, pandas' Arrow-backed text) and pandas categoricals are numbered in Rust; other
    ids by pandas' ``factorize``. Either way the distinct ids are what ``factorize`` gives."""
    import pandas as pd

    if _arrow(values):
        return _arrow_column("codes", "customer", values)  # type: ignore[no-any-return]
    if not hasattr(values, "dtype"):
        try:
            items = list(values)
        except TypeError:
            message = f"expected a sequence of ids, got {type(values).__name__}"
            raise relmap_error("customer", message, "invalid_argument") from None
        values = np.empty(len(items), dtype=object)
        values[:] = items  # keeps tuples as ids
    if getattr(values, "ndim", 1) != 1:
        raise relmap_error("customer", f"expected a 1-D array, got {values.ndim} dimensions", "invalid_argument")
    native = _native_codes(values)
    if native is not None:
        return native
    try:
        codes, uniques = pd.factorize(values)
    except TypeError as e:
        # An unhashable id (a list, a dict, a set).
        raise relmap_error("customer", f"customer ids must be hashable: {e}", "invalid_argument") from None
    if len(codes) and codes.min() < 0:
        _missing_id(codes < 0)
    return codes.astype(np.uint32), uniques


def _missing_id(missing: npt.NDArray[np.bool_]) -> None:
    i = int(np.argmax(missing))
    raise relmap_error("customer", f"customer[{i}] is missing", "missing_value")


def _native_codes(values: Any) -> Optional[tuple[npt.NDArray[np.uint32], Any]]:
    """(codes, distinct ids) numbered in Rust for str objects (a numpy object array, a
    pandas object Series or Index) and pandas categoricals, the distinct ids taken from
    ``values`` at each one's first row; None for other ids (and for object arrays holding
    anything but str), which pandas then numbers."""
    import pandas as pd

    dtype = getattr(values, "dtype", None)
    if isinstance(dtype, pd.CategoricalDtype):
        cat = values if isinstance(values, pd.Categorical) else values.array
        cat_codes = np.asarray(cat.codes)
        if len(cat_codes) and cat_codes.min() < 0:
            _missing_id(cat_codes < 0)
        codes, first = _relmap._category_codes(cat_codes.astype(np.int64, copy=False), len(cat.categories))
        # factorize gives a CategoricalIndex for a pandas column, a Categorical for one.
        taken = cat.take(first)
        return codes, (taken if isinstance(values, pd.Categorical) else pd.CategoricalIndex(taken))
    if dtype != object:
        return None
    pandas_column = isinstance(values, (pd.Series, pd.Index))
    array = values.to_numpy() if pandas_column else values
    if not isinstance(array, np.ndarray) or array.dtype != object:
        return None
    got = _relmap._object_codes(array)
    if got is None:
        return None
    codes, first = got
    uniques = array[first]
    # factorize gives an object Index for a pandas column and the array's type for numpy.
    return codes, (pd.Index(uniques, dtype=object) if pandas_column else uniques)


def _text_ids(keys: Any) -> Any:
    """The distinct ids of an Arrow column as the index pandas makes of a list of them:
    text ids straight from Arrow when pandas keeps text in Arrow (no str object per id),
    else a list of str; integer ids as they are."""
    if not isinstance(keys, _relmap._TextKeys):
        return keys
    import pandas as pd

    dtype = pd.Index(["id"]).dtype  # what pandas makes of text: 'str' (Arrow) or object
    if getattr(dtype, "storage", None) == "pyarrow":
        try:
            import pyarrow as pa
        except ImportError:
            pass
        else:
            return pd.array(pa.array(keys), dtype=dtype)
    return keys.to_list()


# ---- per-customer results -------------------------------------------------------

Tabular = Union["pd.DataFrame", "pd.Series[Any]"]
"""Customers with an index: a summary DataFrame or a pandas Series column."""


def _pandas() -> Any:
    """pandas when it is loaded (a pandas input means it is), else None."""
    return sys.modules.get("pandas")


def _per_customer(name: str, source: Any, values: FloatArray) -> Any:
    """A per-customer result by the module's rule: a Series named ``name`` indexed like
    ``source`` when that is a DataFrame or a Series, else ``values`` unchanged."""
    pd = _pandas()
    if pd is not None and isinstance(source, (pd.DataFrame, pd.Series)):
        return pd.Series(values, index=source.index, name=name)
    return values


def _aligned(field: str, values: Any, index: Any) -> Any:
    """A per-customer column given beside a summary: a Series is put in the order of
    the summary's customers ``index`` (an error when it holds other customers);
    anything else is taken in row order."""
    pd = _pandas()
    if pd is None or index is None or not isinstance(values, pd.Series) or values.index.equals(index):
        return values
    if len(values) != len(index) or not values.index.is_unique or not values.index.isin(index).all():
        message = "a Series whose index is not the summary's customers (pass .to_numpy() for row order)"
        raise relmap_error(field, message, "length_mismatch")
    return values.reindex(index)


# ---- summary ------------------------------------------------------------------


@overload
def rfm_summary(
    customer: CustomerIds,
    time: ArrayLike,
    amount: ArrayLike,
    *,
    as_of: TimeLike,
    unit: Optional[str] = ...,
    margin: Optional[ArrayLike] = ...,
    holdout_end: Optional[TimeLike] = ...,
    growth_window_days: Optional[float] = ...,
    output: Literal["pandas"] = ...,
) -> pd.DataFrame: ...
@overload
def rfm_summary(
    customer: CustomerIds,
    time: ArrayLike,
    amount: ArrayLike,
    *,
    as_of: TimeLike,
    unit: Optional[str] = ...,
    margin: Optional[ArrayLike] = ...,
    holdout_end: Optional[TimeLike] = ...,
    growth_window_days: Optional[float] = ...,
    output: str,
) -> Any: ...
def rfm_summary(
    customer: CustomerIds,
    time: ArrayLike,
    amount: ArrayLike,
    *,
    as_of: TimeLike,
    unit: Optional[str] = None,
    margin: Optional[ArrayLike] = None,
    holdout_end: Optional[TimeLike] = None,
    growth_window_days: Optional[float] = None,
    output: str = "pandas",
) -> Any:
    """Per-customer RFM summary of transactions, one row per customer (index = the
    customer ids, of any hashable dtype, in order of first appearance).

    Columns: ``frequency`` (repeat purchase days), ``recency`` (first to last
    purchase), ``T`` (first purchase to ``as_of``), ``monetary_value`` (mean of
    the repeat purchases), then ``first_purchase``, ``last_purchase``,
    ``n_transactions``, ``total_amount``, ``total_margin`` (with ``margin``),
    ``recent_purchases``/``previous_purchases`` and ``recent_amount``/
    ``previous_amount`` (the two growth windows), and the ``holdout_*`` columns
    with ``holdout_end``. Purchases on one UTC day are merged; times are in
    ``unit`` ("D", "W" or "M", or day/week/month; default weeks). The growth
    windows are ``growth_window_days`` long (default 91). ``df.attrs`` holds
    ``as_of``, ``unit``, ``growth_window_days`` and the transaction counts: what
    :func:`tier`, :func:`lifecycle`, :func:`churn_warnings` and :func:`rfm_scores` read.

    ``time`` is datetime64 (any unit; pandas tz-aware columns are converted to
    UTC) or text/dates pandas can read. Every column may also be an Arrow column
    (pyarrow, polars, DuckDB, pandas with Arrow dtypes; see docs/scale.md).
    ``output="polars"`` or ``"arrow"`` returns a polars DataFrame or a pyarrow Table with
    the customer ids as the first column (``"arrow"`` keeps ``attrs`` as JSON in the schema
    metadata under ``b"relmap"``).
    """
    codes, uniques = _customer_codes(customer)
    times, time_unit = _times("time", time)
    amounts = _floats("amount", amount)
    margins = None if margin is None else _floats("margin", margin)
    as_of_text = required_time(as_of, "as_of")
    given = {"unit": unit, "growth_window_days": growth_window_days, "holdout_end": time_text(holdout_end, "holdout_end")}
    config = {k: v for k, v in given.items() if v is not None}
    out = _relmap._rfm_summary(codes, len(uniques), times, time_unit, amounts, margins, as_of_text, config)
    return _summary_frame(out, uniques, output)


def _summary_frame(out: dict[str, Any], uniques: Any, output: str) -> Any:
    """The summary's frame from the native module's columns (``customer`` = codes into
    ``uniques``), in the ``output`` library."""
    import pandas as pd

    if output not in _OUTPUTS:
        raise relmap_error("output", f"expected one of {', '.join(_OUTPUTS)}, got {output!r}", "invalid_argument")
    scalars = {k: out.pop(k) for k in list(out) if not isinstance(out[k], np.ndarray)}
    rows = out.pop("customer")
    index = pd.Index(_text_ids(uniques), name="customer")[rows.astype(np.intp)]
    for k in ("first_purchase", "last_purchase"):
        out[k] = out[k].astype("datetime64[s]")
    df = pd.DataFrame(out, index=index)
    df.attrs.update(scalars)
    return _output_frame(df, output)


_OUTPUTS = ("pandas", "polars", "arrow")


def _output_frame(df: pd.DataFrame, output: str) -> Any:
    """A per-customer pandas frame as ``output``: itself, or a polars DataFrame or pyarrow
    Table with the index as the first column (arrow: ``attrs`` as JSON metadata)."""
    if output == "pandas":
        return df
    if output not in _OUTPUTS:
        raise relmap_error("output", f"expected one of {', '.join(_OUTPUTS)}, got {output!r}", "invalid_argument")
    index = df.index.to_numpy()
    columns: dict[str, Any] = {str(df.index.name or "customer"): index.tolist() if index.dtype == object else index}
    columns.update({str(c): df[c].to_numpy() for c in df.columns})
    try:
        if output == "polars":
            import polars as pl

            # polars has no second-resolution datetimes: milliseconds hold them exactly.
            ms = {k: v.astype("datetime64[ms]") for k, v in columns.items() if getattr(v, "dtype", None) == "M8[s]"}
            return pl.DataFrame({**columns, **ms})
        import pyarrow as pa
    except ImportError:
        raise relmap_error("output", f"output={output!r} needs the {output} package", "invalid_argument") from None
    import json

    table = pa.table(columns)
    return table.replace_schema_metadata({"relmap": json.dumps(df.attrs, default=str)})


def _parquet_paths(paths: Any) -> list[str]:
    """One path, a directory (its ``*.parquet`` files, sorted) or a list of paths, as text."""
    import os

    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    out: list[str] = []
    for p in items:
        p = os.fspath(p)
        if os.path.isdir(p):
            out.extend(sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".parquet")))
        else:
            out.append(p)
    if not out:
        raise relmap_error("paths", "no Parquet files given", "empty_list")
    return out


def rfm_summary_from_parquet(
    paths: Any,
    *,
    customer: str,
    time: str,
    amount: str,
    as_of: TimeLike,
    margin: Optional[str] = None,
    unit: Optional[str] = None,
    holdout_end: Optional[TimeLike] = None,
    growth_window_days: Optional[float] = None,
    memory_rows: Optional[int] = None,
    partitions: Optional[int] = None,
    batch_rows: Optional[int] = None,
    spill_dir: Optional[str] = None,
    output: str = "pandas",
) -> Any:
    """:func:`rfm_summary` of the transactions in Parquet files (a path, a directory of
    ``*.parquet`` files or a list), read one record batch of ``batch_rows`` rows at a time
    in bounded memory: the result equals the in-memory summary number for number.

    ``customer``, ``time``, ``amount`` (and ``margin``) name the columns; only they are read.
    At most ``memory_rows`` rows (default 8 Mi, about 230 MB) are held in memory; beyond
    that rows are spilled to ``spill_dir`` (default: the temporary directory) in
    ``partitions`` files (default 64) by customer, and each part is summarised on its own.
    Pages compressed with snappy or zstd (or none) are read. No pyarrow needed.
    """
    given = {"unit": unit, "growth_window_days": growth_window_days, "holdout_end": time_text(holdout_end, "holdout_end")}
    config = {k: v for k, v in given.items() if v is not None}
    out, uniques = _relmap._rfm_summary_parquet(
        _parquet_paths(paths), (customer, time, amount, margin), required_time(as_of, "as_of"), config,
        memory_rows, partitions, batch_rows, spill_dir,
    )
    return _summary_frame(out, uniques, output)


def rfm_summary_from_batches(
    batches: Any,
    *,
    customer: str,
    time: str,
    amount: str,
    as_of: TimeLike,
    margin: Optional[str] = None,
    unit: Optional[str] = None,
    holdout_end: Optional[TimeLike] = None,
    growth_window_days: Optional[float] = None,
    memory_rows: Optional[int] = None,
    partitions: Optional[int] = None,
    spill_dir: Optional[str] = None,
    output: str = "pandas",
) -> Any:
    """:func:`rfm_summary` of a stream of record batches in bounded memory, as
    :func:`rfm_summary_from_parquet`: ``batches`` is anything with ``__arrow_c_stream__``
    (a pyarrow Table or RecordBatchReader, a polars DataFrame, a DuckDB relation) or an
    iterable of such (e.g. a generator of polars frames), read one batch at a time.
    """
    given = {"unit": unit, "growth_window_days": growth_window_days, "holdout_end": time_text(holdout_end, "holdout_end")}
    config = {k: v for k, v in given.items() if v is not None}
    out, uniques = _relmap._rfm_summary_stream(
        batches, (customer, time, amount, margin), required_time(as_of, "as_of"), config,
        memory_rows, partitions, None, spill_dir,
    )
    return _summary_frame(out, uniques, output)


@overload
def discrete_summary(
    customer: CustomerIds,
    time: ArrayLike,
    amount: ArrayLike,
    *,
    as_of: TimeLike,
    period: Union[str, int] = ...,
    holdout_end: Optional[TimeLike] = ...,
    output: Literal["pandas"] = ...,
) -> pd.DataFrame: ...
@overload
def discrete_summary(
    customer: CustomerIds,
    time: ArrayLike,
    amount: ArrayLike,
    *,
    as_of: TimeLike,
    period: Union[str, int] = ...,
    holdout_end: Optional[TimeLike] = ...,
    output: str,
) -> Any: ...
def discrete_summary(
    customer: CustomerIds,
    time: ArrayLike,
    amount: ArrayLike,
    *,
    as_of: TimeLike,
    period: Union[str, int] = "Y",
    holdout_end: Optional[TimeLike] = None,
    output: str = "pandas",
) -> Any:
    """Per-customer summary in discrete periods (transaction opportunities), one row per
    customer (index = the customer ids, in order of first appearance): the input of
    :class:`BetaGeoBetaBinom`.

    ``period``: "Y" (calendar years, the default), "Q", "M", "W", "D", or a whole number
    of days (counted from each customer's first purchase day), read by the core.
    Columns: ``frequency`` (x, periods after the first one with a transaction),
    ``recency`` (t_x, the last of them, 0 when none), ``periods`` (n, complete periods
    after the first purchase's), ``monetary_value`` (mean amount per period with a
    transaction), ``total_amount``, ``first_purchase``, ``n_transactions``, and with
    ``holdout_end`` ``holdout_frequency`` and ``holdout_periods``. ``df.attrs`` holds
    ``as_of``, ``period`` and the transaction counts. ``output``: as in :func:`rfm_summary`.
    """
    import pandas as pd

    codes, uniques = _customer_codes(customer)
    times, time_unit = _times("time", time)
    amounts = _floats("amount", amount)
    as_of_text = required_time(as_of, "as_of")
    if isinstance(period, bool) or not isinstance(period, (str, int)):
        raise relmap_error("period", f"expected a period name or a number of days, got {period!r}", "invalid_config")
    out = _relmap._discrete_summary(
        codes, len(uniques), times, time_unit, amounts, as_of_text, str(period), time_text(holdout_end, "holdout_end")
    )
    scalars = {k: out.pop(k) for k in list(out) if not isinstance(out[k], np.ndarray)}
    rows = out.pop("customer")
    index = pd.Index(uniques, name="customer")[rows.astype(np.intp)]
    out["first_purchase"] = out["first_purchase"].astype("datetime64[s]")
    df = pd.DataFrame(out, index=index)
    df.attrs.update(scalars)
    return _output_frame(df, output)


# ---- compressing rows -----------------------------------------------------------

_EXACT_INTEGER = 2**53
"""Integers beyond this are not all float64 values, so two of them could merge."""


class CompressedRows(NamedTuple):
    """The distinct rows of a table with their counts (:func:`compress_rows`)."""

    columns: Any
    """The distinct rows: a DataFrame (a dict of arrays for a dict given), sorted."""
    counts: FloatArray
    """The summed weight (count) of each distinct row."""
    row_of: npt.NDArray[np.uint32]
    """For every input row, the position of its distinct row."""


def compress_rows(table: Any, weights: Optional[ArrayLike] = None) -> CompressedRows:
    """The distinct rows of ``table`` (a DataFrame, or a dict of equal-length 1-D
    arrays) with their counts: how many rows are equal to each, or the sum of
    ``weights`` over them, and for every row the position of its distinct row.

    This is how the fits compress their customers (equal (frequency, recency, T) and,
    with covariates, equal covariate values, fitted once with a count), and how
    :func:`relmap.dask.fit` compresses each partition: compressing compressed tables
    (concatenated, their counts as ``weights``) gives the same table as compressing
    the rows they came from. The rows come sorted by the first column, then the
    second and so on; -0.0 equals 0.0 and NaN equals NaN (sorted last); rows of
    weight 0 are kept with count 0. Columns must hold numbers (bool, integer or
    float, each column's dtype kept in the result). The work runs in the Rust core
    (``relmap::value::compress_rows``).

    >>> import pandas as pd, relmap.value as rv
    >>> s = pd.DataFrame({"frequency": [2, 0, 2, 2], "T": [30.0, 38.0, 30.0, 31.0]})
    >>> c = rv.compress_rows(s)
    >>> c.columns.assign(count=c.counts)
       frequency     T  count
    0          0  38.0    1.0
    1          2  30.0    2.0
    2          2  31.0    1.0
    >>> c.row_of.tolist()
    [1, 0, 1, 2]
    """
    pd = _pandas()
    frame = pd is not None and isinstance(table, pd.DataFrame)
    if not frame and not isinstance(table, Mapping):
        message = f"expected a DataFrame or a dict of column name -> 1-D array, got {type(table).__name__}"
        raise relmap_error("columns", message, "invalid_argument")
    names = list(table.columns if frame else table)
    arrays: list[FloatArray] = []
    dtypes: list[Optional[np.dtype[Any]]] = []
    for name in names:
        field = f"columns.{name}"
        column = table[name]
        if hasattr(column, "to_numpy") and not _arrow(column) and not isinstance(column, np.ndarray):
            column = column.to_numpy()
        raw = column if _arrow(column) else np.asarray(column)
        if not _arrow(raw) and raw.dtype.kind == "b":
            raw = raw.astype(np.uint8)
            dtypes.append(np.dtype(bool))
        else:
            dtypes.append(None if _arrow(raw) else raw.dtype)
        values = _floats(field, raw)
        if not _arrow(raw) and raw.dtype.kind in "iu" and len(raw) and np.abs(values).max() > _EXACT_INTEGER:
            raise relmap_error(field, "integers beyond 2**53 are not all float64 values", "out_of_range")
        arrays.append(values)
    w = None if weights is None else _floats("weights", weights)
    columns, counts, row_of = _relmap._compress_rows(arrays, w)
    kept = {
        n: c if dt is None or dt == np.float64 else c.astype(dt) for n, c, dt in zip(names, columns, dtypes)
    }
    return CompressedRows(pd.DataFrame(kept, columns=names) if frame else kept, counts, row_of)


# ---- models -------------------------------------------------------------------

M = TypeVar("M", bound="_Model")


class _Model:
    _kind = ""
    _names: tuple[str, ...] = ()

    def __init__(self, **fit_config: Any) -> None:
        """``fit_config`` keys override the core's ``FitConfig`` (``min_customers``,
        ``initial``, ``optimizer={"max_iterations": ...}``)."""
        self.fit_config: dict[str, Any] = dict(fit_config)
        self.params_: dict[str, float] = {}
        self.log_likelihood_: Optional[float] = None
        self.report_: dict[str, Any] = {}
        self.covariate_model_: Optional[dict[str, Any]] = None

    @classmethod
    def from_params(cls: type[M], **params: float) -> M:
        """A model with known parameters (each positive and finite)."""
        model = cls()
        missing = [n for n in cls._names if n not in params]
        if missing or len(params) != len(cls._names):
            raise relmap_error("params", f"expected exactly {', '.join(cls._names)}")
        model.params_ = {n: number(n, params[n]) for n in cls._names}
        return model

    def _params(self) -> dict[str, float]:
        if not self.params_:
            raise relmap_error("params_", f"{type(self).__name__} is not fitted yet", "not_fitted")
        return self.params_

    def __repr__(self) -> str:
        if not self.params_:
            return f"{type(self).__name__}(not fitted)"
        inner = ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items())
        ll = "" if self.log_likelihood_ is None else f", log_likelihood={self.log_likelihood_:.2f}"
        return f"{type(self).__name__}({inner}{ll})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    __hash__ = None  # type: ignore[assignment]

    # ---- how sure the fit is ----------------------------------------------------

    def _fitted_summary(self, level: Optional[float]) -> dict[str, Any]:
        params = self._params()
        if self.log_likelihood_ is None or not self.report_:
            message = f"{type(self).__name__} was built from parameters, not fitted: it has no standard errors"
            raise relmap_error("summary", message, "undefined")
        lvl = None if level is None else number("level", level)
        if self.covariate_model_ is not None:
            return _relmap._covariate_summary(self.covariate_model_, lvl)
        return _relmap._fit_summary(self._kind, params, self.log_likelihood_, self.report_, lvl)

    def summary(self, level: Optional[float] = None) -> pd.DataFrame:
        """The estimates with their uncertainty, one row per parameter (index ``parameter``):
        ``estimate``, ``std_error`` (delta method from the log scale the fit works on),
        ``lower`` and ``upper`` (the confidence interval at ``level``, default 0.95, taken
        on the log scale and transformed back, so it stays positive).

        ``df.attrs`` holds ``model``, ``level``, ``log_likelihood``, ``aic``, ``bic`` and
        ``n_customers``. Raises ``ValidationError`` with code ``not_identified`` and the
        parameter as ``field`` when the fit is on a boundary (the information matrix is
        not positive definite along that parameter), ``undefined`` for a model built
        from parameters."""
        import pandas as pd

        s = self._fitted_summary(level)
        df = pd.DataFrame(
            {k: np.asarray(s[k], dtype=np.float64) for k in ("estimate", "std_error", "lower", "upper")},
            index=pd.Index(s["names"], name="parameter"),
        )
        df.attrs.update({k: s[k] for k in ("model", "level", "log_likelihood", "aic", "bic", "n_customers")})
        return df

    @property
    def vcov_(self) -> pd.DataFrame:
        """The covariance matrix of the estimates (rows and columns by parameter name)."""
        import pandas as pd

        s = self._fitted_summary(None)
        return pd.DataFrame(np.asarray(s["vcov"], dtype=np.float64), index=s["names"], columns=s["names"])

    def _criteria(self) -> tuple[float, float]:
        self._params()
        if self.log_likelihood_ is None or not self.report_:
            raise relmap_error("log_likelihood_", f"{type(self).__name__} was built from parameters, not fitted",
                               "undefined")
        return _relmap._information_criteria(self.log_likelihood_, len(self.params_), self.n_customers_)

    @property
    def aic_(self) -> float:
        """Akaike's information criterion of the fit, 2k − 2 ln L."""
        return self._criteria()[0]

    @property
    def bic_(self) -> float:
        """The Bayesian information criterion of the fit, k ln N − 2 ln L (N = ``n_customers_``)."""
        return self._criteria()[1]

    @property
    def n_customers_(self) -> float:
        """N: the customers the fit saw (the total weight)."""
        self._params()
        if not self.report_:
            raise relmap_error("report_", f"{type(self).__name__} was built from parameters, not fitted", "undefined")
        return float(self.report_["total_weight"])

    def _fit_parts(self) -> tuple[dict[str, float], float, dict[str, Any]]:
        """(params_, log_likelihood_, report_) of a fitted model, for prediction intervals."""
        params = self._params()
        if self.log_likelihood_ is None or not self.report_:
            message = f"{type(self).__name__} was built from parameters, not fitted: it has no prediction intervals"
            raise relmap_error("intervals", message, "undefined")
        return params, self.log_likelihood_, self.report_


def _rfm_columns(
    frequency: Any, recency: Optional[ArrayLike], T: Optional[ArrayLike]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(frequency, recency, T): three columns, or a summary DataFrame holding them
    (a :func:`discrete_summary`'s ``periods`` stand for T)."""
    if recency is None and T is None and hasattr(frequency, "columns"):
        # pandas and polars frames have .columns; a pyarrow Table has .column_names.
        names = list(getattr(frequency, "column_names", None) or frequency.columns)
        age = "T" if "T" in names or "periods" not in names else "periods"
        frequency, recency, T = frequency["frequency"], frequency["recency"], frequency[age]
    if recency is None or T is None:
        raise relmap_error("recency" if recency is None else "T", "missing (give frequency, recency and T)")
    return _floats("frequency", frequency), _floats("recency", recency), _floats("T", T)


def _covariate_table(field: str, table: Any) -> tuple[list[str], FloatArray]:
    """(column names, row-major float64 values) of a covariate DataFrame or mapping of
    columns; None is no covariates."""
    if table is None:
        return [], np.zeros(0, dtype=np.float64)
    if hasattr(table, "columns"):
        columns = {str(c): table[c] for c in table.columns}
    elif isinstance(table, Mapping):
        columns = {str(k): v for k, v in table.items()}
    else:
        message = f"expected a DataFrame or a mapping of columns, got {type(table).__name__}"
        raise relmap_error(field, message, "invalid_argument")
    names = list(columns)
    cols = [_floats(f"{field}.{n}", columns[n]) for n in names]
    lengths = {len(c) for c in cols}
    if len(lengths) > 1:
        raise relmap_error(field, "the columns have different lengths", "length_mismatch")
    values = np.ascontiguousarray(np.column_stack(cols).ravel()) if cols else np.zeros(0, dtype=np.float64)
    return names, values


def _interval_config(method: Optional[str], draws: Optional[int], seed: Optional[int], level: Optional[float]) -> dict[str, Any]:
    """The core's ``IntervalConfig`` keys the caller gave (None = the core's default)."""
    given = {"method": method, "draws": draws, "seed": seed, "level": level}
    return {k: v for k, v in given.items() if v is not None}


def _interval_frame(result: Mapping[str, Any], like: Any) -> pd.DataFrame:
    """``estimate``, ``lower``, ``upper`` by customer: the index of a summary DataFrame or
    Series passed as ``like``, a RangeIndex otherwise; ``attrs`` hold level, method, draws."""
    import pandas as pd

    index = like.index if hasattr(like, "index") and hasattr(like, "to_numpy") else None
    df = pd.DataFrame({k: result[k] for k in ("estimate", "lower", "upper")}, index=index)
    df.attrs.update({k: result[k] for k in ("level", "method", "draws")})
    return df


class _PurchaseModel(_Model):
    _covariates = False

    def fit(
        self: M,
        frequency: Any,
        recency: Optional[ArrayLike] = None,
        T: Optional[ArrayLike] = None,
        weights: Optional[ArrayLike] = None,
        *,
        purchase_covariates: Any = None,
        dropout_covariates: Any = None,
        constrain_equal: Optional[Sequence[str]] = None,
    ) -> M:
        """Fits by maximum likelihood; ``frequency`` may be a summary DataFrame.
        Sets ``params_``, ``log_likelihood_`` and ``report_``; returns self.
        Raises ``ConvergenceError`` when the optimizer does not converge.

        ``BetaGeo`` and ``ParetoNBD`` take static covariates (CLVTools' parameterisation):
        ``purchase_covariates`` and ``dropout_covariates`` are DataFrames (or mappings of
        columns) with one row per customer, in the data's order; ``constrain_equal``
        names columns in both whose coefficient is one for both processes. The
        coefficients join ``params_`` and ``summary()`` as ``purchase.<column>``,
        ``dropout.<column>`` and ``constrained.<column>``; the predictions then take the
        same covariate frames. A constant, collinear or non-finite column, or a row count
        that does not match, is a typed error naming the column."""
        f, r, t = _rfm_columns(frequency, recency, T)
        w = None if weights is None else _floats("weights", weights)
        if purchase_covariates is None and dropout_covariates is None and not constrain_equal:
            params, ll, report = _relmap._fit_purchase(self._kind, f, r, t, w, self.fit_config)
            self.params_ = {n: float(params[n]) for n in self._names}
            self.log_likelihood_, self.report_ = ll, dict(report)
            self.covariate_model_ = None
            return self
        if not getattr(self, "_covariates", False):
            message = f"{type(self).__name__} takes no covariates (BetaGeo and ParetoNBD do)"
            raise relmap_error("purchase_covariates", message, "invalid_argument")
        pn, pv = _covariate_table("purchase_covariates", purchase_covariates)
        dn, dv = _covariate_table("dropout_covariates", dropout_covariates)
        constrained = [str(c) for c in (constrain_equal or [])]
        pairs, ll, report, model = _relmap._fit_covariates(
            self._kind, f, r, t, w, pn, pv, dn, dv, constrained, self.fit_config
        )
        self.params_ = {n: float(v) for n, v in pairs}
        self.log_likelihood_, self.report_, self.covariate_model_ = ll, dict(report), model
        return self

    def _covariate_predict(
        self,
        what: str,
        columns: tuple[FloatArray, FloatArray, FloatArray],
        purchase_covariates: Any,
        dropout_covariates: Any,
        **extra: Any,
    ) -> FloatArray:
        assert self.covariate_model_ is not None
        pn, pv = _covariate_table("purchase_covariates", purchase_covariates)
        dn, dv = _covariate_table("dropout_covariates", dropout_covariates)
        return _relmap._covariate_predict(self.covariate_model_, what, *columns, pn, pv, dn, dv, **extra)

    def _plain_params(self) -> dict[str, float]:
        params = self._params()
        if self.covariate_model_ is not None:
            message = (
                f"{type(self).__name__} was fitted with covariates: p_alive, expected_purchases and clv "
                "take the covariate frames; refit without them for the other predictions"
            )
            raise relmap_error("covariates", message, "invalid_argument")
        return params

    @overload
    def p_alive(  # type: ignore[overload-overlap]
        self,
        frequency: Tabular,
        recency: Optional[ArrayLike] = ...,
        T: Optional[ArrayLike] = ...,
        *,
        purchase_covariates: Any = ...,
        dropout_covariates: Any = ...,
    ) -> pd.Series[float]: ...
    @overload
    def p_alive(
        self,
        frequency: ArrayLike,
        recency: Optional[ArrayLike] = ...,
        T: Optional[ArrayLike] = ...,
        *,
        purchase_covariates: Any = ...,
        dropout_covariates: Any = ...,
    ) -> FloatArray: ...
    def p_alive(
        self,
        frequency: Any,
        recency: Optional[ArrayLike] = None,
        T: Optional[ArrayLike] = None,
        *,
        purchase_covariates: Any = None,
        dropout_covariates: Any = None,
    ) -> Any:
        """P(alive at T) of every customer (with the fit's covariate frames for a model
        fitted with covariates: each customer under its own parameters): a Series
        ``p_alive`` indexed like a summary DataFrame (or Series) given, else an array."""
        f, r, t = _rfm_columns(frequency, recency, T)
        if self.covariate_model_ is not None:
            out = self._covariate_predict("p_alive", (f, r, t), purchase_covariates, dropout_covariates)
        else:
            out = _relmap._p_alive(self._kind, self._params(), f, r, t)
        return _per_customer("p_alive", frequency, out)

    @overload
    def expected_purchases(  # type: ignore[overload-overlap]
        self,
        t: float,
        frequency: Tabular,
        recency: Optional[ArrayLike] = ...,
        T: Optional[ArrayLike] = ...,
        *,
        purchase_covariates: Any = ...,
        dropout_covariates: Any = ...,
    ) -> pd.Series[float]: ...
    @overload
    def expected_purchases(
        self,
        t: float,
        frequency: ArrayLike,
        recency: Optional[ArrayLike] = ...,
        T: Optional[ArrayLike] = ...,
        *,
        purchase_covariates: Any = ...,
        dropout_covariates: Any = ...,
    ) -> FloatArray: ...
    def expected_purchases(
        self,
        t: float,
        frequency: Any,
        recency: Optional[ArrayLike] = None,
        T: Optional[ArrayLike] = None,
        *,
        purchase_covariates: Any = None,
        dropout_covariates: Any = None,
    ) -> Any:
        """Expected purchases of every customer in the next ``t`` time units (with the
        covariate frames for a model fitted with covariates): a Series
        ``expected_purchases`` indexed like a summary given, else an array."""
        f, r, big_t = _rfm_columns(frequency, recency, T)
        if self.covariate_model_ is not None:
            out = self._covariate_predict(
                "expected_purchases", (f, r, big_t), purchase_covariates, dropout_covariates, t_future=number("t", t)
            )
        else:
            out = _relmap._expected_purchases(self._kind, self._params(), number("t", t), f, r, big_t)
        return _per_customer("expected_purchases", frequency, out)

    @overload
    def probability_of_purchases(  # type: ignore[overload-overlap]
        self, n: float, t: float, frequency: Tabular, recency: Optional[ArrayLike] = ..., T: Optional[ArrayLike] = ...
    ) -> pd.Series[float]: ...
    @overload
    def probability_of_purchases(
        self, n: float, t: float, frequency: ArrayLike, recency: Optional[ArrayLike] = ..., T: Optional[ArrayLike] = ...
    ) -> FloatArray: ...
    def probability_of_purchases(
        self, n: float, t: float, frequency: Any, recency: Optional[ArrayLike] = None, T: Optional[ArrayLike] = None
    ) -> Any:
        """P(exactly ``n`` purchases in the next ``t`` time units) of every customer, given
        their history: a Series ``probability_of_purchases`` indexed like a summary given,
        else an array."""
        f, r, big_t = _rfm_columns(frequency, recency, T)
        out = _relmap._probability_of_purchases(
            self._kind, self._plain_params(), number("n", n), number("t", t), f, r, big_t
        )
        return _per_customer("probability_of_purchases", frequency, out)

    @overload
    def expected_repeat_purchases(self, t: float) -> float: ...
    @overload
    def expected_repeat_purchases(self, t: Horizons) -> FloatArray: ...
    def expected_repeat_purchases(self, t: Any) -> Any:
        """E[X(t)]: expected repeat purchases of a newly acquired customer in the first ``t``
        time units after the first purchase (a number, or an array of horizons: the curve
        behind a tracking plot)."""
        if np.ndim(t) == 0:
            return float(_relmap._expected_repeat_purchases(self._kind, self._plain_params(), _floats("t", [t]))[0])
        return _relmap._expected_repeat_purchases(self._kind, self._plain_params(), _floats("t", t))

    @overload
    def probability_of_repeat_purchases(self, n: float, t: float) -> float: ...
    @overload
    def probability_of_repeat_purchases(self, n: float, t: Horizons) -> FloatArray: ...
    def probability_of_repeat_purchases(self, n: float, t: Any) -> Any:
        """P(X(t) = n): the probability that a newly acquired customer makes exactly ``n``
        repeat purchases in the first ``t`` time units (a number, or an array of horizons)."""
        count = number("n", n)
        if np.ndim(t) == 0:
            p = _relmap._probability_of_repeat_purchases(self._kind, self._plain_params(), count, _floats("t", [t]))
            return float(p[0])
        return _relmap._probability_of_repeat_purchases(self._kind, self._plain_params(), count, _floats("t", t))

    def log_likelihood(
        self,
        frequency: Any,
        recency: Optional[ArrayLike] = None,
        T: Optional[ArrayLike] = None,
        weights: Optional[ArrayLike] = None,
    ) -> float:
        """The log-likelihood of data under these parameters."""
        f, r, t = _rfm_columns(frequency, recency, T)
        w = None if weights is None else _floats("weights", weights)
        return _relmap._log_likelihood(self._kind, self._plain_params(), f, r, t, w)

    @overload
    def clv(
        self,
        spend: ArrayLike,
        frequency: Tabular,
        recency: Optional[ArrayLike] = ...,
        T: Optional[ArrayLike] = ...,
        *,
        purchase_covariates: Any = ...,
        dropout_covariates: Any = ...,
        **config: Any,
    ) -> pd.Series[float]: ...
    @overload
    def clv(
        self,
        spend: ArrayLike,
        frequency: ArrayLike,
        recency: Optional[ArrayLike] = ...,
        T: Optional[ArrayLike] = ...,
        *,
        purchase_covariates: Any = ...,
        dropout_covariates: Any = ...,
        **config: Any,
    ) -> FloatArray: ...
    def clv(
        self,
        spend: ArrayLike,
        frequency: Any,
        recency: Optional[ArrayLike] = None,
        T: Optional[ArrayLike] = None,
        *,
        purchase_covariates: Any = None,
        dropout_covariates: Any = None,
        **config: Any,
    ) -> Any:
        """CLV of every customer: discounted expected purchases times ``spend`` (expected
        spend per purchase, e.g. ``GammaGamma.expected_spend``) times the margin.
        ``config``: periods (12), period_length (4.345, a month in weeks),
        discount_rate (0.01 per period), margin (1). A model fitted with covariates takes
        the covariate frames. A Series ``clv`` indexed like a summary given (a ``spend``
        Series is matched to it by index), else an array."""
        f, r, t = _rfm_columns(frequency, recency, T)
        s = _floats("spend", _aligned("spend", spend, getattr(frequency, "index", None)))
        if self.covariate_model_ is not None:
            out = self._covariate_predict(
                "clv", (f, r, t), purchase_covariates, dropout_covariates, spend=s, config=config
            )
        else:
            out = _relmap._clv(self._kind, self._params(), s, f, r, t, config)
        return _per_customer("clv", frequency, out)

    # ---- prediction intervals ----------------------------------------------------

    def _purchase_parts(self, purchase_covariates: Any, dropout_covariates: Any) -> tuple[dict[str, float], float, dict[str, Any]]:
        """The fit's parts for the intervals of a model fitted without covariates."""
        params = self._fit_parts()
        if purchase_covariates is not None or dropout_covariates is not None:
            message = f"{type(self).__name__} was fitted without covariates: it takes no covariate frames"
            field = "purchase_covariates" if purchase_covariates is not None else "dropout_covariates"
            raise relmap_error(field, message, "invalid_argument")
        return params

    def _covariate_intervals(
        self,
        what: str,
        columns: tuple[FloatArray, FloatArray, FloatArray],
        purchase_covariates: Any,
        dropout_covariates: Any,
        config: dict[str, Any],
        **extra: Any,
    ) -> Mapping[str, Any]:
        assert self.covariate_model_ is not None
        pn, pv = _covariate_table("purchase_covariates", purchase_covariates)
        dn, dv = _covariate_table("dropout_covariates", dropout_covariates)
        return _relmap._covariate_intervals(
            self.covariate_model_, what, *columns, pn, pv, dn, dv, config=config, **extra
        )

    def p_alive_intervals(
        self,
        frequency: Any,
        recency: Optional[ArrayLike] = None,
        T: Optional[ArrayLike] = None,
        *,
        method: Optional[str] = None,
        draws: Optional[int] = None,
        seed: Optional[int] = None,
        level: Optional[float] = None,
        purchase_covariates: Any = None,
        dropout_covariates: Any = None,
    ) -> pd.DataFrame:
        """P(alive) of every customer with an interval from the fit's uncertainty: a
        DataFrame with ``estimate``, ``lower`` and ``upper``, indexed by customer when
        ``frequency`` is a summary DataFrame. ``method`` is ``"bootstrap"`` (parametric,
        ``draws`` parameter draws seeded by ``seed``) or ``"delta"`` (the delta method on
        the logit scale); absent arguments take the core's defaults (bootstrap, 1000
        draws, seed 0, level 0.95). A model fitted with covariates takes the fit's
        covariate frames (``purchase_covariates``, ``dropout_covariates``, one row per
        customer, as :meth:`p_alive`): the draws vary its base parameters and
        coefficients together and every customer keeps its own covariates. Raises
        ``undefined`` for a model built from parameters (or fitted without standard errors)."""
        f, r, t = _rfm_columns(frequency, recency, T)
        cfg = _interval_config(method, draws, seed, level)
        if self.covariate_model_ is not None:
            result = self._covariate_intervals("p_alive", (f, r, t), purchase_covariates, dropout_covariates, cfg)
        else:
            params, ll, report = self._purchase_parts(purchase_covariates, dropout_covariates)
            result = _relmap._purchase_intervals(self._kind, params, ll, report, "p_alive", f, r, t, None, cfg)
        return _interval_frame(result, frequency)

    def expected_purchases_intervals(
        self,
        t: float,
        frequency: Any,
        recency: Optional[ArrayLike] = None,
        T: Optional[ArrayLike] = None,
        *,
        method: Optional[str] = None,
        draws: Optional[int] = None,
        seed: Optional[int] = None,
        level: Optional[float] = None,
        purchase_covariates: Any = None,
        dropout_covariates: Any = None,
    ) -> pd.DataFrame:
        """Expected purchases of every customer in the next ``t`` time units with an
        interval (the delta method on the log scale); arguments as :meth:`p_alive_intervals`."""
        f, r, big_t = _rfm_columns(frequency, recency, T)
        cfg = _interval_config(method, draws, seed, level)
        if self.covariate_model_ is not None:
            result = self._covariate_intervals(
                "expected_purchases", (f, r, big_t), purchase_covariates, dropout_covariates, cfg, t_future=number("t", t)
            )
        else:
            params, ll, report = self._purchase_parts(purchase_covariates, dropout_covariates)
            result = _relmap._purchase_intervals(
                self._kind, params, ll, report, "expected_purchases", f, r, big_t, number("t", t), cfg
            )
        return _interval_frame(result, frequency)

    def clv_intervals(
        self,
        spend_model: GammaGamma,
        frequency: Any,
        recency: Optional[ArrayLike] = None,
        T: Optional[ArrayLike] = None,
        monetary_value: Optional[ArrayLike] = None,
        *,
        method: Optional[str] = None,
        draws: Optional[int] = None,
        seed: Optional[int] = None,
        level: Optional[float] = None,
        purchase_covariates: Any = None,
        dropout_covariates: Any = None,
        **config: Any,
    ) -> pd.DataFrame:
        """CLV of every customer (as :meth:`GammaGamma.clv` with this model and the fitted
        ``spend_model``) with an interval carrying both fits' uncertainty; ``frequency``
        may be a summary DataFrame (then ``monetary_value`` is its column). ``config``:
        the CLV's periods, period_length, discount_rate, margin; the other arguments
        (covariate frames for a model fitted with covariates) as :meth:`p_alive_intervals`."""
        if not isinstance(spend_model, GammaGamma):
            message = f"expected a fitted GammaGamma, got {type(spend_model).__name__}"
            raise relmap_error("spend_model", message, "invalid_argument")
        if recency is None and T is None and monetary_value is None and hasattr(frequency, "columns"):
            monetary_value = frequency["monetary_value"]
        if monetary_value is None:
            raise relmap_error("monetary_value", "missing")
        f, r, t = _rfm_columns(frequency, recency, T)
        spend = spend_model._fit_parts()
        cfg = _interval_config(method, draws, seed, level)
        mv = _floats("monetary_value", monetary_value)
        if self.covariate_model_ is not None:
            result = self._covariate_intervals(
                "clv", (f, r, t), purchase_covariates, dropout_covariates, cfg,
                spend=spend, monetary_value=mv, clv_config=config,
            )
        else:
            params, ll, report = self._purchase_parts(purchase_covariates, dropout_covariates)
            result = _relmap._clv_intervals((self._kind, params, ll, report), spend, f, r, t, mv, config, cfg)
        return _interval_frame(result, frequency)


class BetaGeo(_PurchaseModel):
    """The BG/NBD purchase model (Fader, Hardie & Lee 2005); ``params_``: r, alpha, a, b.

    >>> bg = BetaGeo.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> bg.p_alive([0.0, 2.0], [0.0, 30.43], [38.86, 38.86]).round(4)
    array([1.    , 0.7266])
    """

    _kind = "bg_nbd"
    _names = ("r", "alpha", "a", "b")
    _covariates = True


class ModifiedBetaGeo(_PurchaseModel):
    """The MBG/NBD purchase model (Batislam, Denizel & Filiztekin 2007): the BG/NBD where a
    customer can also drop out right after the first purchase; ``params_``: r, alpha, a, b.

    >>> mbg = ModifiedBetaGeo.from_params(r=0.525, alpha=6.183, a=0.891, b=1.614)
    >>> bool(mbg.p_alive([0.0], [0.0], [38.86])[0] < 1)
    True
    """

    _kind = "mbg_nbd"
    _names = ("r", "alpha", "a", "b")


class BetaGeoBetaBinom(_PurchaseModel):
    """The BG/BB model (Fader, Hardie & Shang 2010) of purchases at discrete opportunities;
    ``params_``: alpha, beta, gamma, delta.

    Its data are whole periods: frequency x (opportunities with a transaction), recency
    t_x (the last of them) and T = n opportunities, e.g. a :func:`discrete_summary`
    (whose ``periods`` column stands for T), or a recency/frequency table with counts as
    ``weights``. Horizons are whole periods.
    """

    _kind = "bg_bb"
    _names = ("alpha", "beta", "gamma", "delta")

    @overload
    def dert(  # type: ignore[overload-overlap]
        self, discount_rate: float, frequency: Tabular, recency: Optional[ArrayLike] = ..., T: Optional[ArrayLike] = ...
    ) -> pd.Series[float]: ...
    @overload
    def dert(
        self, discount_rate: float, frequency: ArrayLike, recency: Optional[ArrayLike] = ..., T: Optional[ArrayLike] = ...
    ) -> FloatArray: ...
    def dert(
        self,
        discount_rate: float,
        frequency: Any,
        recency: Optional[ArrayLike] = None,
        T: Optional[ArrayLike] = None,
    ) -> Any:
        """Discounted expected residual transactions of every customer at ``discount_rate``
        per period (Fader, Hardie & Shang 2010): the transactions from the next period on,
        the k-th one discounted by (1 + d)^k. Multiply by the value per transaction for a CLV.
        A Series ``dert`` indexed like a summary given, else an array."""
        f, r, t = _rfm_columns(frequency, recency, T)
        out = _relmap._dert(self._kind, self._plain_params(), number("discount_rate", discount_rate), f, r, t)
        return _per_customer("dert", frequency, out)


class ParetoNBD(_PurchaseModel):
    """The Pareto/NBD purchase model (Schmittlein, Morrison & Colombo 1987);
    ``params_``: r, alpha, s, beta."""

    _kind = "pareto_nbd"
    _names = ("r", "alpha", "s", "beta")
    _covariates = True

    @overload
    def dert(  # type: ignore[overload-overlap]
        self, discount_rate: float, frequency: Tabular, recency: Optional[ArrayLike] = ..., T: Optional[ArrayLike] = ...
    ) -> pd.Series[float]: ...
    @overload
    def dert(
        self, discount_rate: float, frequency: ArrayLike, recency: Optional[ArrayLike] = ..., T: Optional[ArrayLike] = ...
    ) -> FloatArray: ...
    def dert(
        self,
        discount_rate: float,
        frequency: Any,
        recency: Optional[ArrayLike] = None,
        T: Optional[ArrayLike] = None,
    ) -> Any:
        """Discounted expected residual transactions of every customer at the continuously
        compounded ``discount_rate`` per time unit (Fader, Hardie & Lee 2005; CLVTools'
        DERT): ∫ e^(−δτ) dE[purchases by T + τ]. A yearly rate of 15 % in weeks is
        ``np.log1p(0.15) / 52``. Multiply by the spend per purchase for a CLV.
        A Series ``dert`` indexed like a summary given, else an array."""
        f, r, t = _rfm_columns(frequency, recency, T)
        out = _relmap._dert(self._kind, self._plain_params(), number("discount_rate", discount_rate), f, r, t)
        return _per_customer("dert", frequency, out)


class GammaGamma(_Model):
    """The Gamma-Gamma spend model (Fader, Hardie & Lee 2005); ``params_``: p, q, v."""

    _kind = "gamma_gamma"
    _names = ("p", "q", "v")

    def fit(
        self,
        frequency: Any,
        monetary_value: Optional[ArrayLike] = None,
        weights: Optional[ArrayLike] = None,
    ) -> GammaGamma:
        """Fits on the repeat buyers (frequency > 0); ``frequency`` may be a summary
        DataFrame. Repeat buyers whose purchases were all free need weight 0."""
        if monetary_value is None and hasattr(frequency, "columns"):
            frequency, monetary_value = frequency["frequency"], frequency["monetary_value"]
        if monetary_value is None:
            raise relmap_error("monetary_value", "missing")
        f, m = _floats("frequency", frequency), _floats("monetary_value", monetary_value)
        w = None if weights is None else _floats("weights", weights)
        params, ll, report = _relmap._fit_gamma_gamma(f, m, w, self.fit_config)
        self.params_ = {n: float(params[n]) for n in self._names}
        self.log_likelihood_, self.report_ = ll, dict(report)
        return self

    @overload
    def expected_spend(  # type: ignore[overload-overlap]
        self, frequency: Tabular, monetary_value: Optional[ArrayLike] = ...
    ) -> pd.Series[float]: ...
    @overload
    def expected_spend(self, frequency: ArrayLike, monetary_value: Optional[ArrayLike] = ...) -> FloatArray: ...
    def expected_spend(self, frequency: Any, monetary_value: Optional[ArrayLike] = None) -> Any:
        """Expected spend per future purchase of every customer: a Series ``expected_spend``
        indexed like a summary DataFrame (or Series) given, else an array."""
        source = frequency
        if monetary_value is None and hasattr(frequency, "columns"):
            frequency, monetary_value = frequency["frequency"], frequency["monetary_value"]
        if monetary_value is None:
            raise relmap_error("monetary_value", "missing")
        f, m = _floats("frequency", frequency), _floats("monetary_value", monetary_value)
        return _per_customer("expected_spend", source, _relmap._expected_spend(self._params(), f, m))

    def spend_intervals(
        self,
        frequency: Any,
        monetary_value: Optional[ArrayLike] = None,
        *,
        method: Optional[str] = None,
        draws: Optional[int] = None,
        seed: Optional[int] = None,
        level: Optional[float] = None,
    ) -> pd.DataFrame:
        """Expected spend per purchase of every customer with an interval from the fit's
        uncertainty (``estimate``, ``lower``, ``upper``, by customer for a summary
        DataFrame); arguments as :meth:`BetaGeo.p_alive_intervals`."""
        like = frequency
        if monetary_value is None and hasattr(frequency, "columns"):
            frequency, monetary_value = frequency["frequency"], frequency["monetary_value"]
        if monetary_value is None:
            raise relmap_error("monetary_value", "missing")
        f, m = _floats("frequency", frequency), _floats("monetary_value", monetary_value)
        params, ll, report = self._fit_parts()
        cfg = _interval_config(method, draws, seed, level)
        return _interval_frame(_relmap._spend_intervals(params, ll, report, f, m, cfg), like)

    def mean_spend(self) -> float:
        """The mean spend per purchase in the population, vp/(q − 1) (``undefined``
        when q ≤ 1)."""
        return _relmap._mean_spend(self._params())

    @overload
    def clv(
        self,
        model: _PurchaseModel,
        frequency: Tabular,
        recency: Optional[ArrayLike] = ...,
        T: Optional[ArrayLike] = ...,
        monetary_value: Optional[ArrayLike] = ...,
        **config: Any,
    ) -> pd.Series[float]: ...
    @overload
    def clv(
        self,
        model: _PurchaseModel,
        frequency: ArrayLike,
        recency: Optional[ArrayLike] = ...,
        T: Optional[ArrayLike] = ...,
        monetary_value: Optional[ArrayLike] = ...,
        **config: Any,
    ) -> FloatArray: ...
    def clv(
        self,
        model: _PurchaseModel,
        frequency: Any,
        recency: Optional[ArrayLike] = None,
        T: Optional[ArrayLike] = None,
        monetary_value: Optional[ArrayLike] = None,
        **config: Any,
    ) -> Any:
        """CLV of every customer with a fitted purchase ``model`` and this spend model
        (lifetimes' ``customer_lifetime_value``, with an explicit ``margin``);
        ``frequency`` may be a summary DataFrame. A Series ``clv`` indexed like a summary
        DataFrame (or Series) given, else an array."""
        if not isinstance(model, _PurchaseModel):
            raise TypeError(f"model: expected a BetaGeo or ParetoNBD, got {type(model).__name__}")
        if recency is None and T is None and monetary_value is None and hasattr(frequency, "columns"):
            monetary_value = frequency["monetary_value"]
        if monetary_value is None:
            raise relmap_error("monetary_value", "missing")
        f, r, t = _rfm_columns(frequency, recency, T)
        spend = self.expected_spend(f, monetary_value)
        return _per_customer("clv", frequency, model.clv(spend, f, r, t, **config))


def _flags(field: str, values: Any) -> npt.NDArray[np.bool_]:
    """A contiguous 1-D bool array: bools, or numbers that are 0 or 1."""
    if hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):
        values = values.to_numpy()
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise relmap_error(field, f"expected a 1-D array, got {arr.ndim} dimensions", "invalid_argument")
    if arr.dtype.kind != "b":
        if arr.dtype.kind not in "iuf":
            raise relmap_error(field, f"expected booleans, got dtype {arr.dtype}", "invalid_argument")
        bad = ~np.isin(arr, (0, 1))
        if bad.any():
            i = int(np.argmax(bad))
            raise relmap_error(field, f"{field}[{i}] = {arr[i]} is not a boolean (0 or 1)", "out_of_range")
    return np.require(arr, dtype=np.bool_, requirements=["C", "A"])


def _tenure_columns(tenure: Any, active: Optional[ArrayLike]) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """(tenure, active): two columns, or a DataFrame holding them."""
    if active is None and hasattr(tenure, "columns"):
        tenure, active = tenure["tenure"], tenure["active"]
    if active is None:
        raise relmap_error("active", "missing (give tenure and active)")
    return _floats("tenure", tenure), _flags("active", active)


def _whole(field: str, value: Any) -> int:
    """A whole number >= 0 (a count of periods)."""
    v = number(field, value)
    if not (v >= 0 and v == int(v)):
        raise relmap_error(field, f"{value!r} is not a whole number >= 0", "out_of_range")
    return int(v)


class ShiftedBetaGeo(_Model):
    """The shifted-beta-geometric (sBG) model of contract renewals (Fader & Hardie 2007);
    ``params_``: alpha, beta (the churn probability θ ~ Beta(alpha, beta) across customers).

    A customer's *tenure* is its number of renewals when active (it is in period
    tenure + 1), or the periods it stayed when lapsed. Fit on cohorts of survivor counts
    (:meth:`fit_cohorts`) or per-customer rows (:meth:`fit`), then read the survival and
    retention curves, P(renew), the expected and discounted lifetimes and the CLV.

    >>> regular = [1000, 631, 468, 382, 326, 289, 262, 241]
    >>> sbg = ShiftedBetaGeo().fit_cohorts(regular)
    >>> {k: round(v, 3) for k, v in sbg.params_.items()}
    {'alpha': 0.704, 'beta': 1.182}
    >>> round(sbg.p_renew(7), 3)
    0.921
    """

    _kind = "sbg"
    _names = ("alpha", "beta")

    def fit(self, tenure: Any, active: Optional[ArrayLike] = None, weights: Optional[ArrayLike] = None) -> ShiftedBetaGeo:
        """Fits by maximum likelihood to per-customer ``tenure`` and ``active`` (booleans),
        with optional ``weights`` counting identical customers; ``tenure`` may be a
        DataFrame with those two columns. Sets ``params_``, ``log_likelihood_`` and
        ``report_``; returns self. Raises ``not_identified`` when nobody lapsed or nobody
        renewed."""
        t, a = _tenure_columns(tenure, active)
        w = None if weights is None else _floats("weights", weights)
        params, ll, report = _relmap._fit_sbg(t, a, w, self.fit_config)
        self.params_ = {n: float(params[n]) for n in self._names}
        self.log_likelihood_, self.report_ = ll, dict(report)
        return self

    def fit_cohorts(self, survivors: Any) -> ShiftedBetaGeo:
        """Fits to cohorts of survivor counts: each cohort is its count of active customers
        at the start of periods 0, 1, …, k (non-increasing, the first > 0). ``survivors``
        is one cohort (a list or array of numbers), a list of cohorts (of any lengths), or
        a DataFrame whose columns are cohorts of equal length. An error's index counts
        entries across all cohorts, in order."""
        if hasattr(survivors, "columns"):
            cohorts = [_floats("survivors", survivors[c]) for c in survivors.columns]
        else:
            items = list(survivors) if not isinstance(survivors, np.ndarray) else [survivors]
            nested = len(items) > 0 and all(np.ndim(c) == 1 for c in items)
            cohorts = [_floats("survivors", c) for c in items] if nested else [_floats("survivors", survivors)]
        params, ll, report = _relmap._fit_sbg_cohorts(cohorts, self.fit_config)
        self.params_ = {n: float(params[n]) for n in self._names}
        self.log_likelihood_, self.report_ = ll, dict(report)
        return self

    def _at(self, what: str, field: str, at: Any) -> Any:
        if np.ndim(at) == 0:
            return float(_relmap._sbg_at(self._params(), what, _floats(field, [at]))[0])
        return _relmap._sbg_at(self._params(), what, _floats(field, at))

    @overload
    def survival(self, t: float) -> float: ...
    @overload
    def survival(self, t: Horizons) -> FloatArray: ...
    def survival(self, t: Any) -> Any:
        """S(t): the probability that a new customer is still active after ``t`` renewals
        (a whole number, or an array of them)."""
        return self._at("survival", "t", t)

    @overload
    def retention(self, t: float) -> float: ...
    @overload
    def retention(self, t: Horizons) -> FloatArray: ...
    def retention(self, t: Any) -> Any:
        """r(t) = S(t)/S(t−1): the share of the customers active in period ``t`` ≥ 1 who renew."""
        return self._at("retention", "t", t)

    @overload
    def churn_probability(self, t: float) -> float: ...
    @overload
    def churn_probability(self, t: Horizons) -> FloatArray: ...
    def churn_probability(self, t: Any) -> Any:
        """P(T = t): the probability that a new customer stays exactly ``t`` ≥ 1 periods."""
        return self._at("churn_probability", "t", t)

    def survival_curve(self, periods: int) -> FloatArray:
        """S(0), S(1), …, S(periods): multiply by a cohort's size to project its active customers."""
        return _relmap._sbg_curve(self._params(), "survival", _whole("periods", periods))

    def retention_curve(self, periods: int) -> FloatArray:
        """r(1), …, r(periods): the retention curve (rising with tenure)."""
        return _relmap._sbg_curve(self._params(), "retention", _whole("periods", periods))

    @overload
    def p_renew(self, renewals: float) -> float: ...
    @overload
    def p_renew(self, renewals: Horizons) -> FloatArray: ...
    def p_renew(self, renewals: Any) -> Any:
        """P(renew) of an active customer who has renewed ``renewals`` times: (β+k)/(α+β+k).
        This is what a renewal model gives :func:`tier`, :func:`lifecycle` and
        :func:`churn_warnings` in place of P(alive) (see :meth:`p_renew_customers`)."""
        return self._at("p_renew", "renewals", renewals)

    @overload
    def p_renew_customers(  # type: ignore[overload-overlap]
        self, tenure: Tabular, active: Optional[ArrayLike] = ...
    ) -> pd.Series[float]: ...
    @overload
    def p_renew_customers(self, tenure: ArrayLike, active: Optional[ArrayLike] = ...) -> FloatArray: ...
    def p_renew_customers(self, tenure: Any, active: Optional[ArrayLike] = None) -> Any:
        """P(renew) of every customer: :meth:`p_renew` of its tenure when active, 0 when
        lapsed; a Series ``p_renew`` indexed like a DataFrame (or Series) given, else an array."""
        t, a = _tenure_columns(tenure, active)
        return _per_customer("p_renew", tenure, _relmap._sbg_p_renew_customers(self._params(), t, a))

    def expected_lifetime(self) -> float:
        """E(T) = (α+β−1)/(α−1): a new customer's expected lifetime in periods; ``undefined``
        when α ≤ 1 (infinite: discount it with :meth:`del_`)."""
        return _relmap._sbg_expected_lifetime(self._params())

    @overload
    def expected_remaining_lifetime(self, renewals: float) -> float: ...
    @overload
    def expected_remaining_lifetime(self, renewals: Horizons) -> FloatArray: ...
    def expected_remaining_lifetime(self, renewals: Any) -> Any:
        """Expected further renewals of an active customer with ``renewals`` k: (β+k)/(α−1)
        (``undefined`` when α ≤ 1)."""
        return self._at("expected_remaining_lifetime", "renewals", renewals)

    def del_(self, discount_rate: float) -> float:
        """DEL: the discounted expected lifetime of a new customer at ``discount_rate`` per
        period, the first period undiscounted (Fader & Hardie 2010). Named with a trailing
        underscore because ``del`` is a Python keyword (the core's and JavaScript's ``del``)."""
        return _relmap._sbg_del(self._params(), number("discount_rate", discount_rate))

    @overload
    def derl(self, discount_rate: float, renewals: float) -> float: ...
    @overload
    def derl(self, discount_rate: float, renewals: Horizons) -> FloatArray: ...
    def derl(self, discount_rate: float, renewals: Any) -> Any:
        """DERL: the discounted expected residual lifetime of an active customer who has
        renewed ``renewals`` times, standing just before its next renewal decision."""
        d = number("discount_rate", discount_rate)
        if np.ndim(renewals) == 0:
            return float(_relmap._sbg_derl(self._params(), d, _floats("renewals", [renewals]))[0])
        return _relmap._sbg_derl(self._params(), d, _floats("renewals", renewals))

    @overload
    def clv(  # type: ignore[overload-overlap]
        self, margin: ArrayLike, discount_rate: float, tenure: Tabular, active: Optional[ArrayLike] = ...
    ) -> pd.Series[float]: ...
    @overload
    def clv(
        self, margin: ArrayLike, discount_rate: float, tenure: ArrayLike, active: Optional[ArrayLike] = ...
    ) -> FloatArray: ...
    def clv(self, margin: ArrayLike, discount_rate: float, tenure: Any, active: Optional[ArrayLike] = None) -> Any:
        """CLV of every customer: ``margin`` per period × DERL at its tenure (0 for lapsed
        customers); a Series ``clv`` indexed like a DataFrame (or Series) given (a
        ``margin`` Series is matched to it by index), else an array."""
        t, a = _tenure_columns(tenure, active)
        m = _floats("margin", _aligned("margin", margin, getattr(tenure, "index", None)))
        out = _relmap._sbg_clv(self._params(), m, number("discount_rate", discount_rate), t, a)
        return _per_customer("clv", tenure, out)

    def log_likelihood(self, tenure: Any, active: Optional[ArrayLike] = None, weights: Optional[ArrayLike] = None) -> float:
        """The weighted log-likelihood of per-customer (tenure, active) rows under these parameters."""
        t, a = _tenure_columns(tenure, active)
        w = None if weights is None else _floats("weights", weights)
        return _relmap._sbg_log_likelihood(self._params(), t, a, w)


def likelihood_ratio_test(
    restricted: Union[_Model, tuple[float, int]], full: Union[_Model, tuple[float, int]]
) -> dict[str, float]:
    """The likelihood-ratio test of a ``restricted`` fit against a ``full`` one that nests it
    (e.g. a ``ParetoNBD`` without and with covariates, fitted to the same customers):
    ``statistic`` 2(ln L_full − ln L_restricted), ``df`` (the parameters the full model
    adds) and ``p_value`` P(χ²(df) ≥ statistic). Each of the two is a fitted model or a
    ``(log_likelihood, parameter_count)`` pair. Errors (the core's ``invalid_config``)
    when the full fit has no more parameters or a lower log-likelihood beyond rounding;
    ``invalid_argument`` when two fitted models saw different numbers of customers."""
    lls: list[tuple[float, int]] = []
    for field, m in (("restricted", restricted), ("full", full)):
        if isinstance(m, _Model):
            if m.log_likelihood_ is None:
                raise relmap_error(field, "expected a fitted model", "invalid_argument")
            lls.append((m.log_likelihood_, len(m.params_)))
        elif isinstance(m, tuple) and len(m) == 2:
            lls.append((number(f"{field}[0]", m[0]), int(_whole(f"{field}[1]", m[1]))))
        else:
            raise relmap_error(field, "expected a fitted model or (log_likelihood, parameter_count)", "invalid_argument")
    if isinstance(restricted, _Model) and isinstance(full, _Model) and restricted.n_customers_ != full.n_customers_:
        raise relmap_error("full", "the fits saw different customers", "invalid_argument")
    out: dict[str, float] = _relmap._likelihood_ratio_test(lls[0][0], lls[0][1], lls[1][0], lls[1][1])
    return out


def relationship_covariates(
    maps: Iterable[RelationshipMap], *, as_of: TimeLike, **config: Any
) -> pd.DataFrame:
    """Per-account relationship covariates from a portfolio of relationship maps, as of
    ``as_of``: one row per map (index ``account``, the map's account id) with
    ``decision_coverage`` (share of the decision influence we cover, 0..1),
    ``economic_buyer_trust`` (trust composite of our best pair with the economic buyer,
    0..100), ``key_player_threads`` (mean disjoint access paths to a key player),
    ``predicted_support`` (−1..1), ``days_since_key_player_contact`` (NaN when no key
    player was ever met) and ``champion_present`` (0/1): the core's
    ``relationship_covariates``. Join them to a summary by account id and pass the
    columns as ``purchase_covariates`` / ``dropout_covariates``; ``config`` keys
    override the core's ``RelationshipCovariateConfig`` (``chain``, ``trust``)."""
    import pandas as pd

    checked = map_list(maps)
    out, columns = _relmap._relationship_covariates(checked, required_time(as_of, "as_of"), config)
    data = {c: np.array([np.nan if v is None else v for v in out[c]], dtype=np.float64) for c in columns}
    return pd.DataFrame(data, index=pd.Index(out["accounts"], name="account"))


def compare_models(
    frequency: Any,
    recency: Optional[ArrayLike] = None,
    T: Optional[ArrayLike] = None,
    *,
    weights: Optional[ArrayLike] = None,
    holdout_frequency: Optional[ArrayLike] = None,
    holdout_duration: Optional[Union[float, ArrayLike]] = None,
    **fit_config: Any,
) -> pd.DataFrame:
    """Fits every applicable purchase model to one summary and scores it (the core's
    ``compare_models``): BG/NBD, MBG/NBD and Pareto/NBD always, BG/BB when every row is in
    whole periods with x ≤ t_x.

    ``frequency`` may be a summary DataFrame (:func:`rfm_summary` or
    :func:`discrete_summary`); its ``holdout_frequency`` column and ``holdout_duration``
    attr (or ``holdout_periods`` column) are used when present. One row per model
    (index ``model``): ``discrete`` (compare AIC/BIC only among models with the same
    value), ``log_likelihood``, ``parameter_count``, ``aic``, ``bic``, the holdout's
    ``holdout_mae``, ``holdout_rmse``, ``holdout_bias``, ``holdout_correlation``,
    ``holdout_predicted``, ``holdout_actual`` (NaN without a holdout), ``params`` (a dict)
    and ``error`` (the error code of a model that could not be fitted, else None).
    ``fit_config`` keys override the core's ``FitConfig``."""
    import pandas as pd

    if recency is None and T is None and hasattr(frequency, "columns"):
        frame = frequency
        if holdout_frequency is None and "holdout_frequency" in frame.columns:
            holdout_frequency = frame["holdout_frequency"]
            if holdout_duration is None:
                holdout_duration = (
                    frame["holdout_periods"] if "holdout_periods" in frame.columns
                    else frame.attrs.get("holdout_duration")
                )
    f, r, t = _rfm_columns(frequency, recency, T)
    w = None if weights is None else _floats("weights", weights)
    hf = None if holdout_frequency is None else _floats("holdout_frequency", holdout_frequency)
    hd = None
    if holdout_duration is not None:
        hd = (
            np.full(len(f), number("holdout_duration", holdout_duration))
            if np.ndim(holdout_duration) == 0
            else _floats("holdout_duration", holdout_duration)
        )
    lines = _relmap._compare_models(f, r, t, w, hf, hd, fit_config)
    nan = float("nan")
    rows = []
    for line in lines:
        h = line.get("holdout") or {}
        err = line.get("error")
        rows.append(
            {
                "model": line["model"],
                "discrete": line["discrete"],
                "log_likelihood": line.get("log_likelihood", nan),
                "parameter_count": line.get("parameter_count", 0),
                "aic": line.get("aic", nan),
                "bic": line.get("bic", nan),
                "holdout_mae": h.get("mae", nan),
                "holdout_rmse": h.get("rmse", nan),
                "holdout_bias": h.get("bias", nan),
                "holdout_correlation": nan if h.get("correlation") is None else h["correlation"],
                "holdout_predicted": h.get("predicted_total", nan),
                "holdout_actual": h.get("actual_total", nan),
                "params": line.get("parameters", {}),
                "error": None if err is None else err["code"],
            }
        )
    df = pd.DataFrame(rows).set_index("model")
    df.attrs["errors"] = {line["model"]: line["error"]["message"] for line in lines if "error" in line}
    return df


# ---- labels -------------------------------------------------------------------

_SUMMARY_COLUMNS = ("frequency", "recency", "T", "total_amount", "recent_amount", "previous_amount")
_SUMMARY_COUNTS = ("recent_purchases", "previous_purchases")
_SUMMARY_ATTRS = ("unit", "growth_window_days")


def _summary(summary: pd.DataFrame) -> dict[str, Any]:
    """The columns and attrs of an :func:`rfm_summary` result that the labels read."""
    cols: dict[str, Any] = {}
    for name in (*_SUMMARY_COLUMNS, *_SUMMARY_COUNTS):
        if name not in summary:
            raise relmap_error(name, "missing from the summary (use relmap.value.rfm_summary)", "missing_value")
        cols[name] = _counts(name, summary[name]) if name in _SUMMARY_COUNTS else _floats(name, summary[name])
    for name in _SUMMARY_ATTRS:
        if name not in summary.attrs:
            raise relmap_error(f"attrs.{name}", "missing from the summary (use relmap.value.rfm_summary)",
                               "missing_value")
        cols[name] = summary.attrs[name]
    return cols


def _signals(summary: pd.DataFrame, p_alive: ArrayLike, clv: ArrayLike, horizon: Optional[float]) -> dict[str, Any]:
    """What the labels read: the summary, P(alive), CLV (Series matched to the summary's
    customers by index) and its horizon (None = the core's default)."""
    return {
        "summary": _summary(summary),
        "p_alive": _floats("p_alive", _aligned("p_alive", p_alive, summary.index)),
        "clv": _floats("clv", _aligned("clv", clv, summary.index)),
        "horizon": None if horizon is None else number("horizon", horizon),
    }


def tier(
    summary: pd.DataFrame,
    p_alive: ArrayLike,
    clv: ArrayLike,
    *,
    horizon: Optional[float] = None,
    lifecycle: Optional[Mapping[str, Any]] = None,
    **config: Any,
) -> pd.DataFrame:
    """The value tier (vip, growth, churn_risk, low_value) of every customer with
    the reason, indexed like ``summary`` (an :func:`rfm_summary` result), plus its
    lifecycle stage (the columns of :func:`lifecycle`).

    ``p_alive`` and ``clv`` come from the models; ``horizon`` is the CLV's
    horizon in the summary's unit (default: the core's default CLV, twelve months).
    ``config`` keys override the core's ``TierConfig`` (``vip_share=0.1``, ...),
    ``lifecycle`` the ``LifecycleConfig``. ``df.attrs["vip_threshold"]`` is the
    CLV above which a customer is vip.
    """
    import pandas as pd

    from ._tables import TextFrame

    signals = _signals(summary, p_alive, clv, horizon)
    tiers, reasons, threshold = _relmap._tier(signals, config)
    stages = _lifecycle_frame(summary, signals, lifecycle or {})
    df = TextFrame(
        {
            "tier": pd.Categorical(tiers, categories=["vip", "growth", "churn_risk", "low_value"]),
            "lifecycle": stages["lifecycle"],
            "reason": reasons,
            "lifecycle_reason": stages["lifecycle_reason"],
        },
        index=summary.index,
    )
    df.attrs["vip_threshold"] = threshold
    return df


def lifecycle(
    summary: pd.DataFrame, p_alive: ArrayLike, clv: ArrayLike, *, horizon: Optional[float] = None, **config: Any
) -> pd.DataFrame:
    """The lifecycle stage (exploration, growth, maturity, decline, churned) of
    every customer with the reason (columns ``lifecycle``, ``lifecycle_reason``),
    indexed like ``summary``; ``config`` keys override the core's ``LifecycleConfig``."""
    return _lifecycle_frame(summary, _signals(summary, p_alive, clv, horizon), config)


def _lifecycle_frame(summary: pd.DataFrame, signals: Mapping[str, Any], config: Mapping[str, Any]) -> pd.DataFrame:
    import pandas as pd

    from ._tables import TextFrame

    stages, reasons = _relmap._lifecycle(signals, config)
    categories = ["potential", "exploration", "growth", "maturity", "decline", "churned"]
    return TextFrame(
        {"lifecycle": pd.Categorical(stages, categories=categories), "lifecycle_reason": reasons},
        index=summary.index,
    )


def churn_warnings(
    summary: pd.DataFrame,
    p_alive: ArrayLike,
    clv: ArrayLike,
    /,
    *,
    maps: Optional[Iterable[RelationshipMap]] = None,
    as_of: Optional[TimeLike] = None,
    horizon: Optional[float] = None,
    **config: Any,
) -> pd.DataFrame:
    """Churn early warnings (客户流失预警): the customers of a summary whose
    P(alive) is low or whose purchase rate fell against their own baseline, most
    severe first, indexed by customer id.

    With ``maps`` (relationship maps whose account ids are the customer ids, as
    text), the relationship signals of those accounts join in and raise the
    severity: ``champion_gone_cold`` and ``economic_buyer_uncovered``, judged at
    ``as_of`` (default: the summary's ``as_of``).

    Columns: ``severity`` (ordered categorical low < medium < high), ``signals``
    (tuple of signal codes), ``reason``, ``p_alive`` and ``rate_ratio`` (recent
    over baseline purchase rate, NaN without a baseline). ``config`` keys override
    the core's ``ChurnConfig`` (``p_alive=0.2``, ``champion_cold_days=90``, ...);
    the first three arguments are positional, so ``p_alive=`` is the threshold.
    """
    import pandas as pd

    from ._tables import TextFrame

    signals = _signals(summary, p_alive, clv, horizon)
    checked = None if maps is None else map_list(maps)
    customers = None
    when = None
    if checked is not None:
        customers = [str(c) for c in summary.index]
        when = required_time(as_of if as_of is not None else summary.attrs.get("as_of"), "as_of")
    rows, severity, codes, reasons, alive, ratio = _relmap._churn_warnings(signals, config, customers, checked, when)
    index = summary.index[rows.astype(np.intp)]
    return TextFrame(
        {
            "severity": pd.Categorical(severity, categories=["low", "medium", "high"], ordered=True),
            "signals": [tuple(s) for s in codes],
            "reason": reasons,
            "p_alive": alive,
            "rate_ratio": ratio,
        },
        index=index,
    )


def rfm_scores(summary: pd.DataFrame, **config: Any) -> pd.DataFrame:
    """RFM quantile scores (1..5) and the usual named segments (champions,
    loyal, at_risk, hibernating, ...) of every customer in a summary, with the
    reason: R from T − recency, F from frequency + 1, M from the total amount
    (the core's ``rfm_scores``); ``config`` keys override ``RfmScoreConfig``
    (``bins``, ``segments``)."""
    from ._tables import TextFrame

    r, f, m, segment, reason = _relmap._rfm_scores(_summary(summary), config)
    return TextFrame({"r": r, "f": f, "m": m, "segment": segment, "reason": reason}, index=summary.index)


# ---- does the model fit? --------------------------------------------------------

from ._diagnostics import (  # noqa: E402
    Chart,
    frequency_recency_matrix,
    holdout_errors,
    holdout_forecast,
    holdout_table,
    period_transactions,
    plot_frequency_recency,
    plot_holdout,
    plot_p_alive,
    plot_period_transactions,
    plot_tiers,
    plot_tracking,
    tier_overview,
    tracking,
)


def __dir__() -> list[str]:
    return list(__all__)
