"""Time lifetimes on the same fits as benches/benches/value_models.rs.

CDNOW_master replicated 20 times (471,400 customers):

- MBG/NBD: ``ModifiedBetaGeoFitter`` on the weekly summary at 1998-06-30
  (``freq="D", freq_multiplier=7``, relmap's convention);
- BG/BB: ``BetaGeoBetaBinomFitter`` on each customer's first 52 weeks as weekly
  opportunities (week 0 starts on the first purchase day; x = weeks 1..52 with a
  purchase, t_x = the last one, n = 52), once on the 471,400 rows and once on the
  recency/frequency table with counts as weights (what lifetimes' docs suggest).

    python benches/python/lifetimes_value_models.py [--copies 20]

Prints one line per fit with its wall time in seconds and the estimates. Needs
lifetimes (``pip install lifetimes 'setuptools<81'``). The relmap side of the
comparison is the criterion bench (``cargo bench -p relmap-benches --bench
value_models``) until the Python bindings offer these models.
"""

import argparse
import time

import numpy as np
import pandas as pd
from lifetimes import BetaGeoBetaBinomFitter, ModifiedBetaGeoFitter
from lifetimes.utils import summary_data_from_transaction_data

from lifetimes_value_pipeline import load


def weekly_opportunities(tx: pd.DataFrame, weeks: int) -> pd.DataFrame:
    first = tx.groupby("customer_id")["date"].transform("min")
    j = (tx["date"] - first).dt.days // 7
    inside = tx.assign(j=j)[(j >= 1) & (j <= weeks)].drop_duplicates(["customer_id", "j"])
    per = inside.groupby("customer_id")["j"].agg(["count", "max"])
    out = pd.DataFrame(index=tx["customer_id"].unique())
    out["x"] = per["count"].reindex(out.index).fillna(0).astype(int)
    out["t_x"] = per["max"].reindex(out.index).fillna(0).astype(int)
    out["n"] = weeks
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=20)
    args = ap.parse_args()
    tx = load(args.copies)
    s = summary_data_from_transaction_data(
        tx, "customer_id", "date", observation_period_end="1998-06-30", freq="D", freq_multiplier=7
    )
    print(f"{len(tx)} transactions, {len(s)} customers")

    t0 = time.perf_counter()
    mbg = ModifiedBetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
    print(f"{'mbg_nbd_fit':28s} {time.perf_counter() - t0:8.3f} s", dict(mbg.params_))

    w = weekly_opportunities(tx, 52)
    t0 = time.perf_counter()
    bb = BetaGeoBetaBinomFitter().fit(w["x"], w["t_x"], w["n"])
    print(f"{'bg_bb_fit_52_weeks':28s} {time.perf_counter() - t0:8.3f} s", dict(bb.params_))

    table = w.groupby(["x", "t_x", "n"]).size().rename("count").reset_index()
    t0 = time.perf_counter()
    bb = BetaGeoBetaBinomFitter().fit(table["x"], table["t_x"], table["n"], weights=table["count"])
    print(f"{'bg_bb_fit_52_weeks_table':28s} {time.perf_counter() - t0:8.3f} s", dict(bb.params_), f"({len(table)} rows)")
    print("sum x", int(np.sum(w["x"])))


if __name__ == "__main__":
    main()
