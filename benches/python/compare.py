"""relmap against lifetimes, networkx and rustworkx, side by side in one run.

    python benches/python/compare.py [--copies 20] [--repeat 3] [--no-pareto] [--rust] [--nodes 2000]
    python benches/python/compare.py --all [--copies 20] [--repeat 3]

Value pipeline on CDNOW_master replicated ``--copies`` times (customer ids
suffixed per copy; 20 copies = 1.39M transactions, 471,400 customers),
observation end 1998-06-30, weeks: RFM summary from the raw columns (string ids),
BG/NBD fit, Gamma-Gamma fit on the repeat buyers with spend > 0, P(alive) and
12-month CLV for every customer; then the Pareto/NBD fit alone. lifetimes runs
the same steps with ``freq="D", freq_multiplier=7`` (relmap's convention). Each
relmap step is timed as the best of ``--repeat`` runs; lifetimes once.

Betweenness: a random influence graph (``--nodes`` stakeholders, 5 relations
each), relmap's decision chain with exact betweenness against networkx's
``betweenness_centrality(normalized=False)`` and rustworkx's
``digraph_betweenness_centrality(normalized=False)`` (when installed) on the
same directed graph; all must agree.

``--all`` runs every comparison (the value pipeline, betweenness on 1k/5k and
2k/10k graphs) and ends with one table: peer time, relmap time, their ratio
and the machine's core count. A row whose peer is not installed is listed as
skipped, with the reason.

``--rust`` also runs the criterion bench of the same pipeline
(``cargo bench -p relmap-benches --bench value_pipeline``) and prints the
Python layer's overhead over it. Needs lifetimes (``pip install lifetimes
'setuptools<81'``), networkx and relmap in the running interpreter.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import relmap
import relmap.value as rv

ROOT = Path(__file__).resolve().parents[2]
MASTER = ROOT / "examples" / "data" / "cdnow" / "CDNOW_master.txt"
AS_OF = "1998-06-30"


def load(copies: int) -> pd.DataFrame:
    raw = pd.read_csv(MASTER, sep=r"\s+", dtype={"customer_id": str, "date": str})
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    parts = []
    for k in range(copies):
        part = raw[["customer_id", "date", "dollar_value"]].copy()
        part["customer_id"] = part["customer_id"] + "_" + str(k)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def best_of(repeat: int, f: Callable[[], Any]) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t0)
    return best, out


def relmap_pipeline(tx: pd.DataFrame, repeat: int, pareto: bool, ids: str = "customer_id") -> dict[str, float]:
    steps: dict[str, float] = {}
    steps["summary"], s = best_of(repeat, lambda: rv.rfm_summary(tx[ids], tx["date"], tx["dollar_value"], as_of=AS_OF))
    f, r, t, m = (s[c].to_numpy() for c in ("frequency", "recency", "T", "monetary_value"))
    weights = (m > 0).astype(np.float64)
    steps["bg_nbd_fit"], bg = best_of(repeat, lambda: rv.BetaGeo().fit(f, r, t))
    steps["gamma_gamma_fit"], gg = best_of(repeat, lambda: rv.GammaGamma().fit(f, m, weights=weights))
    steps["p_alive"], alive = best_of(repeat, lambda: bg.p_alive(f, r, t))
    steps["clv"], clv = best_of(repeat, lambda: gg.clv(bg, f, r, t, m))
    if ids != "customer_id":
        return steps
    print(f"relmap: {len(s)} customers; {bg!r}; {gg!r}")
    print(f"relmap: sum P(alive) {alive.sum():.3f}, sum CLV {clv.sum():.2f}")
    if pareto:
        steps["pareto_nbd_fit"], pn = best_of(repeat, lambda: rv.ParetoNBD().fit(f, r, t))
        print(f"relmap: {pn!r}")
    return steps


def lifetimes_pipeline(tx: pd.DataFrame, pareto: bool) -> dict[str, float]:
    from lifetimes import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter
    from lifetimes.utils import summary_data_from_transaction_data

    steps: dict[str, float] = {}
    t0 = time.perf_counter()
    s = summary_data_from_transaction_data(
        tx, "customer_id", "date", monetary_value_col="dollar_value", observation_period_end=AS_OF,
        freq="D", freq_multiplier=7,
    )
    steps["summary"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    bg = BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
    steps["bg_nbd_fit"] = time.perf_counter() - t0
    t0 = time.perf_counter()
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
    print(f"lifetimes: {len(s)} customers; BG/NBD {dict(bg.params_.round(4))}; GG {dict(gg.params_.round(4))}")
    print(f"lifetimes: sum P(alive) {float(np.sum(alive)):.3f}, sum CLV {float(clv.sum()):.2f}")
    if pareto:
        t0 = time.perf_counter()
        pn = ParetoNBDFitter().fit(s["frequency"], s["recency"], s["T"])
        steps["pareto_nbd_fit"] = time.perf_counter() - t0
        print(f"lifetimes: Pareto/NBD {dict(pn.params_.round(4))}")
    return steps


def rust_bench() -> dict[str, float]:
    """Median times (s) of the criterion bench's full pipelines."""
    out = subprocess.run(
        ["cargo", "bench", "-q", "-p", "relmap-benches", "--bench", "value_pipeline", "--", "full_pipeline",
         "--sample-size", "10"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    scale = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    times = {}
    for name, value, unit in re.findall(r"value_pipeline/(\S+)\s+time:\s+\[\S+ \S+ (\S+) (\S+)", out):
        times[name] = float(value) * scale[unit]
    return times


Row = tuple[str, str, float | None, float, str]
"""A table row: what was measured, the peer, its time (None = skipped), relmap's time, a note."""


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def betweenness(nodes: int, repeat: int) -> list[Row]:
    import networkx as nx

    rng = np.random.default_rng(1)
    m = relmap.RelationshipMap("big")
    g = nx.DiGraph()
    for i in range(nodes):
        m.add_stakeholder(f"s{i}", authority=1.0 if i % 50 == 0 else None)
        g.add_node(f"s{i}")
    edges = set()
    while len(edges) < 5 * nodes:
        a, b = rng.integers(0, nodes, 2)
        if a != b and (a, b) not in edges:
            edges.add((a, b))
            m.add_relation(f"s{a}", f"s{b}", kind="influences", strength=float(rng.uniform(0.1, 1)))
            # relmap's influence graph runs listener -> speaker; betweenness is the same either way.
            g.add_edge(f"s{a}", f"s{b}")
    t_off, _ = best_of(repeat, lambda: m.decision_chain(betweenness="off"))
    t_on, chain = best_of(repeat, lambda: m.decision_chain(betweenness="exact"))
    t0 = time.perf_counter()
    expected = nx.betweenness_centrality(g, normalized=False)
    t_nx = time.perf_counter() - t0
    got = chain.to_pandas().loc[list(expected), "betweenness"].to_numpy()
    np.testing.assert_allclose(got, list(expected.values()), rtol=1e-9, atol=1e-6)
    alone = max(t_on - t_off, 1e-9)
    label = f"exact betweenness {nodes // 1000}k/{len(edges) // 1000}k"
    rows: list[Row] = [(label, "networkx", t_nx, alone, "relmap: chain with betweenness minus chain without")]
    print(f"\nbetweenness on {nodes} stakeholders, {len(edges)} relations (values agree with networkx)")
    print(f"  networkx betweenness_centrality        {t_nx:9.3f} s")
    if installed("rustworkx"):
        import rustworkx as rx

        rg = rx.PyDiGraph()
        ids = rg.add_nodes_from(range(nodes))
        rg.add_edges_from_no_data([(ids[a], ids[b]) for a, b in edges])
        t_rx, theirs = best_of(repeat, lambda: rx.digraph_betweenness_centrality(rg, normalized=False))
        by_name = {f"s{i}": theirs[ids[i]] for i in range(nodes)}
        np.testing.assert_allclose(got, [by_name[k] for k in expected], rtol=1e-9, atol=1e-6)
        print(f"  rustworkx digraph_betweenness_centrality {t_rx:7.3f} s (best of {repeat}; values agree)")
        rows.append((label, f"rustworkx {rx.__version__}", t_rx, alone, "rustworkx: best of --repeat"))
    else:
        print("  rustworkx: not installed (pip install rustworkx), skipped")
        rows.append((label, "rustworkx", None, alone, "skipped: rustworkx not installed"))
    print(f"  relmap decision chain with betweenness {t_on:9.3f} s   ratio {t_nx / t_on:7.1f}x (networkx)")
    print(f"  relmap betweenness alone (on - off)    {alone:9.3f} s   ratio {t_nx / alone:7.1f}x (networkx)")
    return rows


def table(rows: list[Row]) -> None:
    """The whole comparison, one line per peer."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n{os.cpu_count()} cores, load average {load:.1f}")
    print(f"{'workload':30s} {'peer':22s} {'peer time':>10s} {'relmap':>10s} {'ratio':>8s}  note")
    for what, peer, theirs, ours, note in rows:
        if theirs is None:
            mine = "-" if ours != ours else f"{ours:9.4f}s"
            print(f"{what:30s} {peer:22s} {'-':>10s} {mine:>10s} {'-':>8s}  {note}")
        else:
            print(f"{what:30s} {peer:22s} {theirs:9.4f}s {ours:9.4f}s {theirs / ours:7.1f}x  {note}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-pareto", dest="pareto", action="store_false")
    ap.add_argument("--rust", action="store_true", help="also run the Rust criterion bench and print the overhead")
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--all", action="store_true", help="every comparison, then one table of peer/relmap ratios")
    args = ap.parse_args()
    rows: list[Row] = []

    if not installed("lifetimes"):
        print("lifetimes: not installed (pip install lifetimes 'setuptools<81'), value pipeline skipped")
        rows.append(("CLV pipeline, string ids", "lifetimes", None, float("nan"), "skipped: lifetimes not installed"))
    else:
        rows += value_pipeline(args)
    if installed("networkx"):
        for nodes in [1000, 2000] if args.all else [args.nodes]:
            rows += betweenness(nodes, args.repeat)
    else:
        print("networkx: not installed (pip install networkx), betweenness skipped")
    if args.all:
        table(rows)


def value_pipeline(args: argparse.Namespace) -> list[Row]:
    tx = load(args.copies)
    print(f"{len(tx)} transactions (CDNOW_master x{args.copies})")
    ours = relmap_pipeline(tx, args.repeat, args.pareto)
    theirs = lifetimes_pipeline(tx, args.pareto)
    print(f"\n{'step':18s} {'lifetimes':>10s} {'relmap':>10s} {'ratio':>8s}")
    for k in ours:
        print(f"{k:18s} {theirs[k]:9.3f}s {ours[k]:9.4f}s {theirs[k] / ours[k]:7.1f}x")
    pipeline = ["summary", "bg_nbd_fit", "gamma_gamma_fit", "p_alive", "clv"]
    mine, other = sum(ours[k] for k in pipeline), sum(theirs[k] for k in pipeline)
    print(f"{'pipeline total':18s} {other:9.3f}s {mine:9.4f}s {other / mine:7.1f}x")

    # The same pipeline with categorical ids: pandas' codes cross as they are (the Rust bench's "codes" case).
    tx["customer_code"] = tx["customer_id"].astype("category")
    coded = relmap_pipeline(tx, args.repeat, False, ids="customer_code")
    mine_coded = sum(coded[k] for k in pipeline)
    print(f"{'(category ids)':18s} {'':10s} {mine_coded:9.4f}s {other / mine_coded:7.1f}x   summary {coded['summary']:.4f}s")

    if args.rust:
        rust = rust_bench()
        for python_time, bench in ((mine, "full_pipeline_string_ids"), (mine_coded, "full_pipeline_codes")):
            if bench in rust:
                print(f"\nRust bench {bench:26s} {rust[bench]:.4f} s; Python {python_time:.4f} s: "
                      f"overhead {100 * (python_time / rust[bench] - 1):+.1f}%", end="")
        print()
    copies = f"CDNOW x{args.copies}"
    return [
        (f"CLV pipeline, string ids ({copies})", "lifetimes", other, mine, "lifetimes once, relmap best of --repeat"),
        (f"CLV pipeline, category ids ({copies})", "lifetimes", other, mine_coded, "the same lifetimes run"),
    ]


if __name__ == "__main__":
    main()
