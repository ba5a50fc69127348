"""Arrow in (pyarrow, polars, DuckDB, pandas with Arrow dtypes) and the out-of-core summary
(Parquet files, record-batch streams): the same numbers as numpy/pandas input, zero-copy
where promised, relmap's typed errors on bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import relmap
import relmap.value as rv

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")
pq = pytest.importorskip("pyarrow.parquet")

ROOT = Path(__file__).resolve().parents[2]
MASTER = ROOT / "examples" / "data" / "cdnow" / "CDNOW_master.txt"
AS_OF = "1997-09-30"
HOLDOUT = "1998-06-30"


@pytest.fixture(scope="module")
def tx() -> pd.DataFrame:
    raw = pd.read_csv(MASTER, sep=r"\s+", dtype={"customer_id": object, "date": object})
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d").astype("datetime64[s]")
    raw["margin"] = raw["dollar_value"] / 3
    return raw


@pytest.fixture(scope="module")
def base(tx: pd.DataFrame) -> pd.DataFrame:
    ids = tx["customer_id"].to_numpy(dtype=object)
    return rv.rfm_summary(ids, tx["date"].to_numpy(), tx["dollar_value"].to_numpy(), as_of=AS_OF,
                          margin=tx["margin"].to_numpy(), holdout_end=HOLDOUT)


def same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Identical frames: index, every column bit for bit, attrs."""
    assert list(got.index) == list(want.index)
    assert list(got.columns) == list(want.columns)
    for c in want.columns:
        np.testing.assert_array_equal(got[c].to_numpy(), want[c].to_numpy(), err_msg=c)
    assert got.attrs == want.attrs


def summary(customer: Any, time: Any, amount: Any, margin: Any) -> pd.DataFrame:
    return rv.rfm_summary(customer, time, amount, margin=margin, as_of=AS_OF, holdout_end=HOLDOUT)


def test_pyarrow_columns_give_the_numpy_summary(tx: pd.DataFrame, base: pd.DataFrame) -> None:
    table = pa.Table.from_pandas(tx, preserve_index=False)
    same(summary(table["customer_id"], table["date"], table["dollar_value"], table["margin"]), base)
    # Arrays, several chunks, dictionary ids, other time units and zones, large strings.
    chunked = pa.chunked_array([table["customer_id"][:30_000].combine_chunks(), table["customer_id"][30_000:].combine_chunks()])
    for ids in (table["customer_id"].combine_chunks(), chunked, table["customer_id"].dictionary_encode(),
                table["customer_id"].cast(pa.large_string()), table["customer_id"].cast(pa.string_view())):
        for times in (table["date"].cast(pa.timestamp("ms", tz="America/New_York")),
                      table["date"].cast(pa.timestamp("ns", tz="Asia/Shanghai")), table["date"].cast(pa.date32())):
            same(summary(ids, times, table["dollar_value"], table["margin"]), base)


def test_polars_and_pandas_arrow_columns_give_the_numpy_summary(tx: pd.DataFrame, base: pd.DataFrame) -> None:
    df = pl.from_pandas(tx)
    # The polars Series that pandas' factorize used to refuse.
    same(summary(df["customer_id"], df["date"], df["dollar_value"], df["margin"]), base)
    same(summary(df["customer_id"].cast(pl.Categorical), df["date"].dt.replace_time_zone("UTC").dt.convert_time_zone("Europe/Berlin"),
                 df["dollar_value"], df["margin"]), base)
    arrow_backed = tx.astype({"customer_id": pd.ArrowDtype(pa.string()), "date": pd.ArrowDtype(pa.timestamp("us")),
                              "dollar_value": "double[pyarrow]", "margin": "double[pyarrow]"})
    same(summary(arrow_backed["customer_id"], arrow_backed["date"], arrow_backed["dollar_value"], arrow_backed["margin"]), base)
    # pandas' own text dtype (Arrow-backed when pyarrow is installed).
    same(summary(tx["customer_id"].astype("str"), tx["date"], tx["dollar_value"], tx["margin"]), base)


def test_integer_ids_keep_their_values(tx: pd.DataFrame) -> None:
    ints = tx["customer_id"].astype(np.int64)
    want = rv.rfm_summary(ints.to_numpy(), tx["date"], tx["dollar_value"], as_of=AS_OF)
    for ids in (pa.array(ints), pl.Series(ints), pa.array(ints.astype(np.int32)), pl.Series(ints.astype(np.uint32))):
        got = rv.rfm_summary(ids, pa.array(tx["date"]), pa.array(tx["dollar_value"]), as_of=AS_OF)
        same(got, want)


def test_duckdb_results(tx: pd.DataFrame, base: pd.DataFrame) -> None:
    duckdb = pytest.importorskip("duckdb")
    tx_arrow = pa.Table.from_pandas(tx, preserve_index=False)  # noqa: F841 (read by DuckDB)
    rel = duckdb.sql("select * from tx_arrow")
    cols = {c: rel.select(c) for c in ("customer_id", "date", "dollar_value", "margin")}
    same(summary(cols["customer_id"], cols["date"], cols["dollar_value"], cols["margin"]), base)
    got = rv.rfm_summary_from_batches(rel, customer="customer_id", time="date", amount="dollar_value", margin="margin",
                                      as_of=AS_OF, holdout_end=HOLDOUT)
    same(got, base)


def test_zero_copy_columns() -> None:
    values = pa.array(np.linspace(0.0, 1.0, 1000))
    arr = rv._floats("amount", values)
    assert arr.ctypes.data == values.buffers()[1].address
    assert not arr.flags.writeable
    series = pl.Series(np.linspace(0.0, 1.0, 1000))
    assert rv._floats("amount", series).ctypes.data == series.to_arrow().buffers()[1].address
    for unit, tz in (("s", None), ("ms", "UTC"), ("us", "America/New_York"), ("ns", "Asia/Shanghai")):
        times = pa.array(np.arange(1000, dtype=np.int64) * 10**9, type=pa.timestamp("ns")).cast(pa.timestamp(unit, tz=tz))
        ticks, got_unit = rv._times("time", times)
        assert got_unit == unit and ticks.ctypes.data == times.buffers()[1].address
    # The numpy view keeps the Arrow buffer alive after the Arrow object is gone.
    arr = rv._floats("amount", pa.array(np.arange(5, dtype=np.float64)))
    import gc

    gc.collect()
    assert arr.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]


def test_summary_frames_and_columns_of_any_library(base: pd.DataFrame) -> None:
    model = rv.BetaGeo().fit(base)
    for frame in (pl.from_pandas(base.reset_index()), pa.Table.from_pandas(base.reset_index())):
        other = rv.BetaGeo().fit(frame)
        assert other.params_ == model.params_
        np.testing.assert_array_equal(other.p_alive(frame), model.p_alive(base))
    f, r, t = (pl.Series(base[c].to_numpy()) for c in ("frequency", "recency", "T"))
    np.testing.assert_array_equal(model.expected_purchases(52, f, r, t), model.expected_purchases(52, base))


def test_output_polars_and_arrow(tx: pd.DataFrame, base: pd.DataFrame) -> None:
    ids, times, amounts = tx["customer_id"].to_numpy(dtype=object), tx["date"], tx["dollar_value"]
    p = rv.rfm_summary(ids, times, amounts, margin=tx["margin"], as_of=AS_OF, holdout_end=HOLDOUT, output="polars")
    assert isinstance(p, pl.DataFrame) and p.columns == ["customer", *base.columns]
    assert p["customer"].to_list() == list(base.index)
    np.testing.assert_array_equal(p["frequency"].to_numpy(), base["frequency"].to_numpy())
    a = rv.rfm_summary(ids, times, amounts, margin=tx["margin"], as_of=AS_OF, holdout_end=HOLDOUT, output="arrow")
    assert isinstance(a, pa.Table) and a.column_names == ["customer", *base.columns]
    np.testing.assert_array_equal(a["T"].to_numpy(), base["T"].to_numpy())
    import json

    assert json.loads(a.schema.metadata[b"relmap"]) == base.attrs
    d = rv.discrete_summary(ids, times, amounts, as_of=AS_OF, period="Q", output="polars")
    assert isinstance(d, pl.DataFrame) and "periods" in d.columns
    with pytest.raises(relmap.ValidationError) as e:
        rv.rfm_summary(ids, times, amounts, as_of=AS_OF, output="spark")
    assert e.value.field == "output"


def test_parquet_and_batches_give_the_in_memory_summary(tx: pd.DataFrame, base: pd.DataFrame, tmp_path: Path) -> None:
    table = pa.Table.from_pandas(tx, preserve_index=False)
    # Two files (snappy and zstd pages), in a directory.
    pq.write_table(table.slice(0, 40_000), tmp_path / "part-0.parquet", compression="snappy", row_group_size=10_000)
    pq.write_table(table.slice(40_000), tmp_path / "part-1.parquet", compression="zstd")
    kw: dict[str, Any] = dict(customer="customer_id", time="date", amount="dollar_value", margin="margin",
                              as_of=AS_OF, holdout_end=HOLDOUT)
    same(rv.rfm_summary_from_parquet(tmp_path, **kw), base)
    spill = tmp_path / "spill"
    spill.mkdir()
    # Small memory: the rows are spilled to 7 partitions and summarised one by one.
    got = rv.rfm_summary_from_parquet(sorted(tmp_path.glob("*.parquet")), memory_rows=5_000, partitions=7, batch_rows=999,
                                      spill_dir=str(spill), **kw)
    same(got, base)
    assert list(spill.iterdir()) == []
    # Any stream: a pyarrow reader, a polars frame, a generator of polars frames.
    same(rv.rfm_summary_from_batches(table.to_reader(max_chunksize=5_000), memory_rows=3_000, **kw), base)
    same(rv.rfm_summary_from_batches(pl.from_arrow(table), **kw), base)
    df = pl.from_arrow(table)
    assert isinstance(df, pl.DataFrame)
    same(rv.rfm_summary_from_batches((df.slice(i, 10_000) for i in range(0, len(df), 10_000)), memory_rows=20_000, **kw), base)
    p = rv.rfm_summary_from_parquet(tmp_path / "part-0.parquet", output="polars", **kw)
    assert isinstance(p, pl.DataFrame)


def test_bad_arrow_input_is_a_typed_error(tx: pd.DataFrame, tmp_path: Path) -> None:
    n = len(tx)
    times, amounts = pa.array(tx["date"]), pa.array(tx["dollar_value"])
    ids = pa.array(tx["customer_id"])
    with_null = pa.array([*tx["dollar_value"][:10], None, *tx["dollar_value"][11:]], type=pa.float64())
    with pytest.raises(relmap.ValidationError) as e:
        rv.rfm_summary(ids, times, with_null, as_of=AS_OF)
    assert e.value.code == "missing_value" and e.value.field == "amount" and "amount[10]" in str(e.value)
    null_id = pl.Series([None, *tx["customer_id"][1:]])
    with pytest.raises(relmap.ValidationError) as e:
        rv.rfm_summary(null_id, times, amounts, as_of=AS_OF)
    assert e.value.code == "missing_value" and "customer[0]" in str(e.value)
    null_time = pa.chunked_array([times[:100], pa.array([None], type=times.type), times[101:]])
    with pytest.raises(relmap.ValidationError) as e:
        rv.rfm_summary(ids, null_time, amounts, as_of=AS_OF)
    assert e.value.code == "missing_value" and "time[100]" in str(e.value)
    with pytest.raises(relmap.ValidationError) as e:
        rv.rfm_summary(ids, times, ids, as_of=AS_OF)
    assert e.value.code == "invalid_argument" and e.value.field == "amount"
    with pytest.raises(relmap.ValidationError) as e:
        rv.rfm_summary(ids, amounts, amounts, as_of=AS_OF)
    assert e.value.code == "invalid_argument" and e.value.field == "time"
    with pytest.raises(relmap.ValidationError) as e:
        rv.rfm_summary(pa.array([[1], [2]]), times[:2], amounts[:2], as_of=AS_OF)
    assert e.value.code == "invalid_argument" and e.value.field == "customer"
    with pytest.raises(relmap.ValidationError) as e:
        rv.rfm_summary(ids[: n - 1], times, amounts, as_of=AS_OF)
    assert e.value.code == "length_mismatch"
    with pytest.raises(relmap.ValidationError) as e:
        rv.rfm_summary(pa.table({"a": ids, "b": ids}), times, amounts, as_of=AS_OF)
    assert e.value.field == "customer"
    # Out of core: a missing column, a file that is not Parquet, nothing to read.
    table = pa.Table.from_pandas(tx, preserve_index=False)
    pq.write_table(table, tmp_path / "t.parquet")
    kw: dict[str, Any] = dict(time="date", amount="dollar_value", as_of=AS_OF)
    with pytest.raises(relmap.ValidationError) as e:
        rv.rfm_summary_from_parquet(tmp_path / "t.parquet", customer="id", **kw)
    assert e.value.code == "not_found" and e.value.field == "id" and "customer_id" in str(e.value)
    (tmp_path / "bad.parquet").write_text("not parquet")
    with pytest.raises(relmap.ValidationError) as e:
        rv.rfm_summary_from_parquet(tmp_path / "bad.parquet", customer="customer_id", **kw)
    assert e.value.code == "invalid_data" and e.value.field is not None and e.value.field.endswith("bad.parquet")
    with pytest.raises(relmap.ValidationError) as e:
        rv.rfm_summary_from_batches(table.set_column(3, "dollar_value", pa.array(["x"] * n)), customer="customer_id", **kw)
    assert e.value.code == "invalid_argument" and e.value.field == "dollar_value"
    with pytest.raises(relmap.ValidationError) as e:
        rv.rfm_summary_from_batches(42, customer="customer_id", **kw)
    assert e.value.field == "batches"
    with pytest.raises(relmap.ValidationError) as e:
        rv.rfm_summary_from_parquet([], customer="customer_id", **kw)
    assert e.value.code == "empty_list"
