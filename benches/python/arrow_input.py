"""Arrow and polars input against numpy input: the value pipeline on CDNOW_master x --copies.

    python benches/python/arrow_input.py [--copies 20] [--repeat 5]

The same transactions (customer ids as text, suffixed per copy; 20 copies = 1.39M rows,
471,400 customers) as numpy arrays (object ids, datetime64[s], float64), as a pyarrow
Table's columns, as a polars DataFrame's Series (text ids and Categorical ids) and as a
DuckDB relation's columns. Each input runs the RFM summary, then BG/NBD fit + P(alive)
on it; the best of ``--repeat`` runs is printed, and the ratio to numpy input.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import relmap.value as rv

MASTER = Path(__file__).resolve().parents[2] / "examples" / "data" / "cdnow" / "CDNOW_master.txt"
AS_OF = "1998-06-30"


def best_of(repeat: int, f: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    import polars as pl
    import pyarrow as pa

    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    raw = pd.read_csv(MASTER, sep=r"\s+", dtype={"customer_id": object, "date": object})
    ids = np.concatenate([(raw["customer_id"] + f"_{k}").to_numpy(dtype=object) for k in range(args.copies)])
    times = np.tile(pd.to_datetime(raw["date"], format="%Y%m%d").to_numpy().astype("datetime64[s]"), args.copies)
    amounts = np.tile(raw["dollar_value"].to_numpy(dtype=np.float64), args.copies)
    table = pa.table({"customer": pa.array(ids, type=pa.string()), "time": times, "amount": amounts})
    df = pl.from_arrow(table)
    assert isinstance(df, pl.DataFrame)
    inputs: dict[str, tuple[Any, Any, Any]] = {
        "numpy (object ids)": (ids, times, amounts),
        "pandas category ids": (pd.Categorical(ids), times, amounts),
        "pyarrow Table columns": (table["customer"], table["time"], table["amount"]),
        "polars Series": (df["customer"], df["time"], df["amount"]),
        "polars Categorical": (df["customer"].cast(pl.Categorical), df["time"], df["amount"]),
    }
    try:
        import duckdb

        tx_arrow = table  # noqa: F841 (read by DuckDB)
        rel = duckdb.sql("select * from tx_arrow")
        rel_cols = {c: rel.select(c).to_arrow_table() for c in ("customer", "time", "amount")}
        inputs["DuckDB result columns"] = (rel_cols["customer"], rel_cols["time"], rel_cols["amount"])
    except ImportError:
        pass
    print(f"{len(ids)} transactions (CDNOW_master x{args.copies}), best of {args.repeat}")
    base: dict[str, float] = {}
    for name, (c, t, a) in inputs.items():
        summary = best_of(args.repeat, lambda: rv.rfm_summary(c, t, a, as_of=AS_OF))

        def pipeline() -> None:
            s = rv.rfm_summary(c, t, a, as_of=AS_OF)
            rv.BetaGeo().fit(s).p_alive(s)

        total = best_of(args.repeat, pipeline)
        base = base or {"summary": summary, "total": total}
        print(f"{name:24s} summary {summary:7.4f}s ({summary / base['summary']:5.2f}x)   "
              f"summary + BG/NBD fit + P(alive) {total:7.4f}s ({total / base['total']:5.2f}x)")


if __name__ == "__main__":
    main()
