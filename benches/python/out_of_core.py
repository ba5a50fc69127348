"""Out-of-core value pipeline on a large synthetic Parquet file.

    python benches/python/out_of_core.py generate /tmp/tx.parquet --rows 100000000 --customers 2000000
    /usr/bin/time -v python benches/python/out_of_core.py run /tmp/tx.parquet

``generate`` writes ``--rows`` transactions of customers who follow the BG/NBD story
(see ``generate``; integer ids, times in microseconds UTC, amounts log-normal in cents;
snappy pages, row groups of 1 Mi rows) in chunks of customers, so it needs little memory
itself. ``run`` is the measured step: the RFM summary
with :func:`relmap.value.rfm_summary_from_parquet` (as of 1999-06-30, the rows after it
counted out), the BG/NBD fit and P(alive) for every customer; it prints the time of
each step. Peak memory is the ``Maximum resident set size`` of ``/usr/bin/time -v``.
Do not commit the generated file.
"""

from __future__ import annotations

import argparse
import time

import numpy as np


def generate(path: str, rows: int, customers: int, chunk: int = 250_000) -> None:
    """BG/NBD customers (purchase rate ~ Gamma(r=1.5, alpha=3) per week, dropout after each
    purchase with p ~ Beta(a=1.2, b=30)), born in 1997, observed to 1999-12-31, rows shuffled
    within each chunk of customers; stops at ``rows`` rows or ``customers`` customers."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(20)
    week = 7 * 86_400 * 1_000_000
    start = np.datetime64("1997-01-01T00:00:00", "us").astype(np.int64)
    end = np.datetime64("2000-01-01T00:00:00", "us").astype(np.int64)
    schema = pa.schema([("customer", pa.int64()), ("time", pa.timestamp("us", tz="UTC")), ("amount", pa.float64())])
    written, first = 0, 0
    with pq.ParquetWriter(path, schema, compression="snappy") as w:
        while written < rows and first < customers:
            n = min(chunk, customers - first)
            lam = rng.gamma(1.5, 1 / 3.0, n)
            p = rng.beta(1.2, 30.0, n)
            k = np.minimum(rng.geometric(p), 400)  # purchases until the dropout
            birth = start + rng.integers(0, 52 * week, n)
            cust = np.repeat(np.arange(first, first + n, dtype=np.int64), k)
            gaps = rng.exponential(1.0, len(cust)) / np.repeat(lam, k) * week
            starts = np.cumsum(k) - k
            gaps[starts] = 0.0  # the first purchase at birth
            csum = np.cumsum(gaps)
            t = np.repeat(birth, k) + (csum - np.repeat(csum[starts], k)).astype(np.int64)
            keep = t < end
            cust, t = cust[keep], t[keep]
            take = min(len(cust), rows - written)
            order = rng.permutation(len(cust))[:take]
            table = pa.table(
                {
                    "customer": cust[order],
                    "time": pa.array(t[order], type=pa.timestamp("us", tz="UTC")),
                    "amount": np.round(rng.lognormal(3.0, 1.0, take), 2),
                },
                schema=schema,
            )
            w.write_table(table, row_group_size=1 << 20)
            written += take
            first += n
    print(f"{written} transactions of {first} customers")


def run(path: str) -> None:
    import relmap.value as rv

    t0 = time.perf_counter()
    s = rv.rfm_summary_from_parquet(path, customer="customer", time="time", amount="amount", as_of="1999-06-30")
    t1 = time.perf_counter()
    model = rv.BetaGeo().fit(s)
    t2 = time.perf_counter()
    p = model.p_alive(s)
    t3 = time.perf_counter()
    print(f"{s.attrs['transactions_used']} transactions used, {s.attrs['transactions_after_end']} after as_of, "
          f"{len(s)} customers")
    print(f"summary {t1 - t0:.1f}s, BG/NBD fit {t2 - t1:.1f}s, P(alive) {t3 - t2:.1f}s, total {t3 - t0:.1f}s")
    print(f"params {model.params_}, mean P(alive) {float(np.mean(p)):.4f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("path")
    g.add_argument("--rows", type=int, default=100_000_000)
    g.add_argument("--customers", type=int, default=50_000_000)
    r = sub.add_parser("run")
    r.add_argument("path")
    args = ap.parse_args()
    if args.cmd == "generate":
        generate(args.path, args.rows, args.customers)
    else:
        run(args.path)


if __name__ == "__main__":
    main()
