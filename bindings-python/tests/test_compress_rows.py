"""relmap.value.compress_rows: the distinct rows of a table with their counts, as the fits
compress their customers (the core's compress_rows)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import relmap
import relmap.value as rv

ROOT = Path(__file__).resolve().parents[2]
CDNOW = pd.read_csv(ROOT / "examples" / "data" / "cdnow" / "cdnow_customers_summary_with_transactions.csv")


def test_equal_rows_merge_sorted_with_counts_and_dtypes_kept() -> None:
    table = pd.DataFrame(
        {
            "frequency": np.array([2, 0, 2, 2, 0], dtype=np.int64),
            "T": [30.0, 38.0, 30.0, 31.0, 38.0],
            "online": [True, False, True, True, False],
        }
    )
    c = rv.compress_rows(table)
    assert isinstance(c, rv.CompressedRows)
    assert list(c.columns.columns) == ["frequency", "T", "online"]
    assert c.columns.dtypes.tolist() == [np.dtype(np.int64), np.dtype(np.float64), np.dtype(bool)]
    assert c.columns["frequency"].tolist() == [0, 2, 2]
    assert c.columns["T"].tolist() == [38.0, 30.0, 31.0]
    assert c.counts.tolist() == [2.0, 2.0, 1.0]
    assert c.row_of.dtype == np.uint32 and c.row_of.tolist() == [1, 0, 1, 2, 0]
    # Weights are summed; a dict of arrays gives a dict of arrays back.
    d = rv.compress_rows({"x": np.array([1.0, 1.0, 2.0])}, weights=[0.5, 1.5, 0.0])
    assert isinstance(d.columns, dict) and d.columns["x"].tolist() == [1.0, 2.0]
    assert d.counts.tolist() == [2.0, 0.0]
    # NaN equals NaN and sorts last: nothing is dropped.
    n = rv.compress_rows({"x": np.array([np.nan, 1.0, np.nan])})
    assert n.counts.tolist() == [1.0, 2.0] and np.isnan(n.columns["x"][1])


def test_compressed_parts_merge_to_the_whole_and_fit_as_every_customer() -> None:
    rfm = CDNOW[["x", "t_x", "T"]].set_axis(["frequency", "recency", "T"], axis=1).astype(np.float64)
    whole = rv.compress_rows(rfm)
    assert len(whole.counts) < len(rfm) and whole.counts.sum() == len(rfm)
    # Part by part, then the parts' tables merged with their counts as weights.
    parts = [rv.compress_rows(rfm.iloc[i::3]) for i in range(3)]
    merged = rv.compress_rows(
        pd.concat([p.columns for p in parts], ignore_index=True), weights=np.concatenate([p.counts for p in parts])
    )
    pd.testing.assert_frame_equal(merged.columns, whole.columns)
    np.testing.assert_array_equal(merged.counts, whole.counts)
    # Every customer's row is its distinct row.
    np.testing.assert_array_equal(whole.columns.to_numpy()[whole.row_of], rfm.to_numpy())
    a = rv.BetaGeo().fit(rfm["frequency"], rfm["recency"], rfm["T"])
    cols = whole.columns
    b = rv.BetaGeo().fit(cols["frequency"], cols["recency"], cols["T"], whole.counts)
    for k in ("r", "alpha", "a", "b"):
        assert b.params_[k] == pytest.approx(a.params_[k], rel=1e-12), k
    assert b.log_likelihood_ == pytest.approx(a.log_likelihood_, rel=1e-12)


def test_bad_tables_are_typed_errors_naming_the_column() -> None:
    with pytest.raises(relmap.ValidationError) as e:
        rv.compress_rows([1.0, 2.0])
    assert (e.value.code, e.value.field) == ("invalid_argument", "columns")
    with pytest.raises(relmap.ValidationError) as e:
        rv.compress_rows(pd.DataFrame({"x": [1.0], "name": ["a"]}))
    assert (e.value.code, e.value.field) == ("invalid_argument", "columns.name")
    with pytest.raises(relmap.ValidationError) as e:
        rv.compress_rows({"x": np.array([1.0, 2.0]), "y": np.array([1.0])})
    assert (e.value.code, e.value.field) == ("length_mismatch", "columns")
    with pytest.raises(relmap.ValidationError) as e:
        rv.compress_rows({"x": np.array([1.0])}, weights=[-1.0])
    assert (e.value.code, e.value.field) == ("out_of_range", "weights")
    with pytest.raises(relmap.ValidationError) as e:
        rv.compress_rows({"x": np.array([2**60], dtype=np.int64)})
    assert (e.value.code, e.value.field) == ("out_of_range", "columns.x")
    with pytest.raises(relmap.ValidationError) as e:
        rv.compress_rows({})
    assert (e.value.code, e.value.field) == ("empty_list", "columns")
