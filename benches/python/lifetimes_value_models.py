"""Time lifetimes on the same fits as benches/benches/value_models.rs.

CDNOW_master replicated 20 times (471,400 customers):

- MBG/NBD: ``ModifiedBetaGeoFitter`` on the weekly summary at 1998-06-30
  (``freq="D", freq_multiplier=7``, relmap's convention);
- BG/BB: ``BetaGeoBetaBinomFitter`` on each customer's first 52 weeks as weekly
  opportunities (week 0 starts on the first purchase day; x = weeks 1..52 with a
  purchase, t_x = the last one, n = 52), once on the 471,400 rows and once on the
  recency/frequency table with counts as weights (what lifetimes' docs suggest).

    python benches/python/lifetimes_value_models.py [--copies 20] [--skip-rows]

Prints one line per fit with its wall time in seconds and the estimates (or
how the fit failed: lifetimes 0.11.3's BG/BB ends in a ConvergenceError on
these data, on the table and on the uncompressed rows). Needs
lifetimes (``pip install lifetimes 'setuptools<81'``). The relmap side of the
comparison runs in the same process through relmap's Python package (built with
``maturin develop --release``) on the same arrays, and each pair of lines ends with the
ratio; the criterion bench (``cargo bench -p relmap-benches --bench value_models``)
times the core alone. ``compare.py --models`` (and ``--all``) prints the same MBG/NBD
and BG/BB (table) comparisons in its one table, beside the standard errors, sBG and
covariate rows; this script adds the 17-minute BG/BB fit on the uncompressed rows.
"""

import argparse
import time

import numpy as np
import pandas as pd
from lifetimes import BetaGeoBetaBinomFitter, ModifiedBetaGeoFitter
from lifetimes.utils import summary_data_from_transaction_data

from lifetimes_value_pipeline import load

import relmap.value as rv


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
    ap.add_argument("--skip-rows", action="store_true", help="skip the BG/BB fit on the 471,400 rows (about 17 minutes)")
    args = ap.parse_args()
    tx = load(args.copies)
    s = summary_data_from_transaction_data(
        tx, "customer_id", "date", observation_period_end="1998-06-30", freq="D", freq_multiplier=7
    )
    print(f"{len(tx)} transactions, {len(s)} customers")

    f, r, T = (s[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))
    peer = timed("mbg_nbd_fit, lifetimes", lambda: ModifiedBetaGeoFitter().fit(s["frequency"], s["recency"], s["T"]))
    ours = timed("mbg_nbd_fit, relmap", lambda: rv.ModifiedBetaGeo().fit(f, r, T))
    ratio(peer, ours)

    w = weekly_opportunities(tx, 52)
    print("sum x", int(np.sum(w["x"])))
    table = w.groupby(["x", "t_x", "n"]).size().rename("count").reset_index()
    peer = timed(
        f"bg_bb_fit_52_weeks_table ({len(table)} rows), lifetimes",
        lambda: BetaGeoBetaBinomFitter().fit(table["x"], table["t_x"], table["n"], weights=table["count"]),
    )
    x, t_x, n, counts = (table[c].to_numpy(dtype=float) for c in ("x", "t_x", "n", "count"))
    ours = timed("bg_bb_fit_52_weeks_table, relmap", lambda: rv.BetaGeoBetaBinom().fit(x, t_x, n, weights=counts))
    ratio(peer, ours)
    # lifetimes' default start (all parameters 0.1) fails on these data; try again from the
    # published donations estimates, a neutral start away from this optimum (lifetimes 0.11.3
    # fails from there too: its likelihood sums beta functions outside the log and ends in NaN).
    start = np.log([1.204, 0.750, 0.657, 2.783])
    timed(
        "bg_bb_fit_52_weeks_table, neutral start",
        lambda: BetaGeoBetaBinomFitter().fit(
            table["x"], table["t_x"], table["n"], weights=table["count"], initial_params=start
        ),
    )
    if not args.skip_rows:
        timed("bg_bb_fit_52_weeks", lambda: BetaGeoBetaBinomFitter().fit(w["x"], w["t_x"], w["n"]))
        timed(
            "bg_bb_fit_52_weeks, neutral start",
            lambda: BetaGeoBetaBinomFitter().fit(w["x"], w["t_x"], w["n"], initial_params=start),
        )


def timed(name: str, fit) -> tuple[float, bool]:
    """Runs one fit and prints its wall time and estimates, or how it failed; returns
    (seconds, succeeded)."""
    t0 = time.perf_counter()
    try:
        model = fit()
        took = time.perf_counter() - t0
        print(f"{name:48s} {took:9.3f} s", {k: round(float(v), 5) for k, v in model.params_.items()})
        return took, True
    except Exception as e:  # lifetimes raises ConvergenceError on a failed fit
        took = time.perf_counter() - t0
        print(f"{name:48s} {took:9.3f} s  failed: {type(e).__name__}")
        return took, False


def ratio(peer: tuple[float, bool], ours: tuple[float, bool]) -> None:
    """Prints how many times faster relmap was (or that lifetimes failed)."""
    note = "" if peer[1] else " (lifetimes failed)"
    print(f"{'':48s} relmap {peer[0] / ours[0]:.1f}x faster{note}")


if __name__ == "__main__":
    main()
