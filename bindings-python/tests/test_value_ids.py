"""Customer ids numbered in Rust (str objects, categoricals, Arrow text): the same codes
and the same distinct ids (values, order of first appearance, index dtype) as pandas'
factorize, which numbers every other kind of id."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import relmap
import relmap.value as rv
from relmap import _relmap
from relmap.value import _customer_codes

T0 = pd.Timestamp("2020-01-01")


def ids_like_cdnow(n_customers: int, copies: int) -> np.ndarray[Any, np.dtype[np.object_]]:
    """Transactions grouped by customer (as CDNOW_master), ids suffixed per copy, some
    non-ASCII and some long, so a customer's rows fall on both sides of the middle."""
    rng = np.random.default_rng(7)
    rows = []
    for k in range(copies):
        for c in range(n_customers):
            name = f"{c:05d}_{k}" if c % 11 else f"kundé-{c}-{'x' * (c % 40)}_{k}"
            rows += [name] * int(rng.integers(1, 5))
    out = np.empty(len(rows), dtype=object)
    out[:] = rows
    return out


def same_as_factorize(values: Any) -> None:
    codes, uniques = _customer_codes(values)
    want_codes, want_uniques = pd.factorize(values)
    np.testing.assert_array_equal(codes, want_codes)
    assert codes.dtype == np.uint32
    assert type(uniques) is type(want_uniques)
    if isinstance(want_uniques, np.ndarray):
        assert want_uniques.dtype == uniques.dtype and all(a is b for a, b in zip(uniques, want_uniques))
        return
    got, want = pd.Index(uniques), pd.Index(want_uniques)
    assert got.equals(want) and got.dtype == want.dtype, (got, want)
    if isinstance(want, pd.CategoricalIndex):
        assert list(got.categories) == list(want.categories) and got.ordered == want.ordered


@pytest.mark.parametrize(
    "make",
    [
        lambda ids: ids,  # numpy object array
        lambda ids: pd.Series(ids, dtype=object),
        lambda ids: pd.Index(ids, dtype=object),
        lambda ids: pd.Series(ids).astype("category"),
        lambda ids: pd.Categorical(ids, categories=sorted(set(ids)) + ["never used"], ordered=True),
        lambda ids: pd.Series(ids[::-1], dtype=object),  # a strided (negative step) view
    ],
)
def test_ids_numbered_in_rust_equal_factorize(make: Any) -> None:
    # Above the two-thread threshold: the halves' codes merge into one pass's.
    ids = ids_like_cdnow(25_000, 3)
    assert len(ids) > 1 << 17
    same_as_factorize(make(ids))
    same_as_factorize(make(ids[:50]))


def test_the_first_appearing_object_is_the_id() -> None:
    a, b = "".join(["cust", "1"]), "".join(["cust", "1"])
    assert a is not b
    codes, uniques = _customer_codes(np.array([a, "x", b], dtype=object))
    assert list(codes) == [0, 1, 0] and uniques[0] is a


@pytest.mark.parametrize(
    "items",
    [
        ["a", 1, "a", (1, 2)],  # mixed ids
        ["a", np.str_("a"), "b"],  # a str subclass: pandas' rules
        ["a", "\ud800", "a"],  # a lone surrogate has no UTF-8 form
        [1.5, 2.5, 1.5],
    ],
)
def test_other_objects_stay_with_pandas(items: list[Any]) -> None:
    values = np.empty(len(items), dtype=object)
    values[:] = items
    assert _relmap._object_codes(values) is None or all(type(v) is str for v in items)
    same_as_factorize(values)


@pytest.mark.parametrize(
    "values",
    [
        pd.Series(["a", None, "b"], dtype=object),
        pd.Series(["a", np.nan, "b"], dtype=object),
        pd.Series(["a", None, "b"], dtype="category"),
    ],
)
def test_a_missing_id_is_an_error_naming_the_row(values: Any) -> None:
    with pytest.raises(relmap.ValidationError) as e:
        rv.rfm_summary(values, pd.Series([T0] * 3), [1.0] * 3, as_of="2020-06-01")
    assert e.value.field == "customer" and e.value.code == "missing_value"
    assert "customer[1]" in str(e.value)


def test_bad_category_codes_are_a_typed_error() -> None:
    with pytest.raises(relmap.ValidationError, match=r"customer\[1\] has category code 5"):
        _relmap._category_codes(np.array([0, 5], dtype=np.int64), 2)


def test_every_id_form_gives_the_same_summary() -> None:
    pa = pytest.importorskip("pyarrow")
    ids = ids_like_cdnow(3_000, 2)
    n = len(ids)
    times = T0 + pd.to_timedelta(np.arange(n) % 400, unit="D")
    amounts = 1.0 + np.arange(n) % 17
    base = rv.rfm_summary(ids, times, amounts, as_of="2021-06-01")
    text = pa.array(ids.tolist())
    forms = [
        pd.Series(ids, dtype=object),
        pd.Series(ids).astype("str"),
        pd.Series(ids).astype("string[pyarrow]"),
        pd.Series(ids).astype("category"),
        text,
        text.cast(pa.large_string()),
        text.dictionary_encode(),
    ]
    for form in forms:
        got = rv.rfm_summary(form, times, amounts, as_of="2021-06-01")
        assert list(got.index) == list(base.index)
        pd.testing.assert_frame_equal(got.reset_index(drop=True), base.reset_index(drop=True))
    # Arrow text ids make the index pandas makes of a list of str.
    arrow_index = rv.rfm_summary(text, times, amounts, as_of="2021-06-01").index
    assert arrow_index.dtype == pd.Index(["id"]).dtype
    assert list(arrow_index) == list(rv.rfm_summary(ids.tolist(), times, amounts, as_of="2021-06-01").index)


def test_text_keys_cross_as_arrow_and_as_a_list() -> None:
    pa = pytest.importorskip("pyarrow")
    codes, keys = _relmap._arrow_codes(pa.array(["b", "é", "b", ""]), "customer")
    assert list(codes) == [0, 1, 0, 2]
    assert isinstance(keys, _relmap._TextKeys) and len(keys) == 3
    assert keys.to_list() == ["b", "é", ""]
    assert pa.array(keys).to_pylist() == ["b", "é", ""]
    assert pa.array(keys).type == pa.large_string()
