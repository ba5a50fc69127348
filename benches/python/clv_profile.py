"""Profile of the CLV pipeline of ``compare.py`` by id form, step by step: ids -> codes,
the times and amounts read, the core's summary, the summary frame, the model columns
read from it, the BG/NBD and Gamma-Gamma fits, P(alive) and CLV.

    python benches/python/clv_profile.py [--copies 20] [--repeat 5]

Prints CPU seconds of this process (best of ``--repeat``; with rayon's threads counted)
and wall seconds beside them, with the load average; needs pyarrow.
"""
import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import numpy as np
import pandas as pd

from compare import AS_OF, ID_FORMS, load
from relmap import _relmap
from relmap import value as v


def best(repeat, f):
    wall = cpu = float("inf")
    out = None
    for _ in range(repeat):
        t0, p0 = time.perf_counter(), time.process_time()
        out = f()
        wall, cpu = min(wall, time.perf_counter() - t0), min(cpu, time.process_time() - p0)
    return wall, cpu, out


def steps(tx, ids, repeat):
    """(name, wall, cpu) of each step."""
    out = []

    def step(name, f):
        w, c, r = best(repeat, f)
        out.append((name, w, c))
        return r

    codes, uniques = step("ids -> codes", lambda: v._customer_codes(ids))
    times, unit = step("times", lambda: v._times("time", tx["date"]))
    amounts = step("amounts", lambda: v._floats("amount", tx["dollar_value"]))
    core = step("core summary", lambda: _relmap._rfm_summary(codes, len(uniques), times, unit, amounts, None, AS_OF, {}))
    s = step("summary frame", lambda: v._summary_frame(dict(core), uniques, "pandas"))
    f, r, t, m = step("columns", lambda: tuple(s[c].to_numpy() for c in ("frequency", "recency", "T", "monetary_value")))
    weights = (m > 0).astype(np.float64)
    bg = step("BG/NBD fit", lambda: v.BetaGeo().fit(f, r, t))
    gg = step("Gamma-Gamma fit", lambda: v.GammaGamma().fit(f, m, weights=weights))
    step("P(alive)", lambda: bg.p_alive(f, r, t))
    step("CLV", lambda: gg.clv(bg, f, r, t, m))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--forms", nargs="*", default=list(ID_FORMS))
    args = ap.parse_args()
    tx = load(args.copies)
    print(f"{len(tx)} rows (CDNOW_master x{args.copies}); {os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}")
    print(f"CPU / wall seconds, best of {args.repeat}")
    table = {}
    for form in args.forms:
        ids = ID_FORMS[form](tx["customer_id"])
        table[form] = steps(tx, ids, args.repeat)
    names = [n for n, _, _ in next(iter(table.values()))]
    print(f"{'step':18s} " + " ".join(f"{form:>17s}" for form in table))
    for k, name in enumerate(names):
        print(f"{name:18s} " + " ".join(f"{table[f][k][2]:8.4f}/{table[f][k][1]:8.4f}" for f in table))
    print(f"{'total':18s} " + " ".join(
        f"{sum(x[2] for x in table[f]):8.4f}/{sum(x[1] for x in table[f]):8.4f}" for f in table))
    print(f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
