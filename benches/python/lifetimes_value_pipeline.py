"""Time lifetimes on the same customer-value pipeline as benches/benches/value_pipeline.rs.

CDNOW_master replicated 20 times (customer ids suffixed per copy): summary with
observation end 1998-06-30 in weeks (freq="D", freq_multiplier=7, the same
convention as relmap), BG/NBD fit, Gamma-Gamma fit on repeat buyers, P(alive) and
CLV (12 months of 4.345 weeks, 1% monthly discount) for every customer.

    python benches/python/lifetimes_value_pipeline.py [--copies 20] [--pareto]

Prints one line per step with its wall time in seconds, and the total.
"""

import argparse
import os
import time

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter
from lifetimes.utils import summary_data_from_transaction_data

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MASTER = os.path.join(ROOT, "examples", "data", "cdnow", "CDNOW_master.txt")


def load(copies: int) -> pd.DataFrame:
    raw = pd.read_csv(MASTER, sep=r"\s+", dtype={"customer_id": str, "date": str})
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    parts = []
    for k in range(copies):
        part = raw[["customer_id", "date", "dollar_value"]].copy()
        part["customer_id"] = part["customer_id"] + "_" + str(k)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--pareto", action="store_true", help="also time the Pareto/NBD fit")
    args = ap.parse_args()
    tx = load(args.copies)
    print(f"{len(tx)} transactions")
    steps = {}

    t0 = time.perf_counter()
    s = summary_data_from_transaction_data(
        tx, "customer_id", "date", monetary_value_col="dollar_value", observation_period_end="1998-06-30",
        freq="D", freq_multiplier=7,
    )
    steps["summary"] = time.perf_counter() - t0
    print(f"{len(s)} customers")

    t0 = time.perf_counter()
    bg = BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
    steps["bg_nbd_fit"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    # CDNOW has repeat buyers whose purchases were all $0; lifetimes refuses m <= 0.
    repeat = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
    gg = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    steps["gamma_gamma_fit"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    alive = bg.conditional_probability_alive(s["frequency"], s["recency"], s["T"])
    steps["p_alive"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    clv = gg.customer_lifetime_value(
        bg, s["frequency"], s["recency"], s["T"], s["monetary_value"], time=12, discount_rate=0.01, freq="W"
    )
    steps["clv"] = time.perf_counter() - t0

    for k, v in steps.items():
        print(f"{k:16s} {v:8.3f} s")
    print(f"{'pipeline total':16s} {sum(steps.values()):8.3f} s")
    print("BG/NBD", dict(bg.params_), "GG", dict(gg.params_), "sum P(alive)", float(np.sum(alive)), "sum CLV", float(clv.sum()))

    if args.pareto:
        t0 = time.perf_counter()
        pnbd = ParetoNBDFitter().fit(s["frequency"], s["recency"], s["T"])
        print(f"{'pareto_nbd_fit':16s} {time.perf_counter() - t0:8.3f} s", dict(pnbd.params_))


if __name__ == "__main__":
    main()
