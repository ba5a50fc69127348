"""relmap against lifetimes, networkx and rustworkx, side by side in one run.

    python benches/python/compare.py [--copies 20] [--repeat 3] [--no-pareto] [--rust] [--nodes 2000] [--models]
                                     [--no-betweenness]
    python benches/python/compare.py --all [--copies 20] [--repeat 3]

Value pipeline on CDNOW_master replicated ``--copies`` times (customer ids
suffixed per copy; 20 copies = 1.39M transactions, 471,400 customers),
observation end 1998-06-30, weeks: RFM summary from the raw columns (string ids),
BG/NBD fit, Gamma-Gamma fit on the repeat buyers with spend > 0, P(alive) and
12-month CLV for every customer; then the Pareto/NBD fit alone. lifetimes runs
the same steps with ``freq="D", freq_multiplier=7`` (relmap's convention). Each
relmap step is timed as the best of ``--repeat`` runs; lifetimes once. relmap's
pipeline runs once per form of the id column: pandas ``object`` (Python str
objects), pandas' default ``str`` (Arrow-backed when pyarrow is installed),
``string[pyarrow]`` and ``category``; the ``object`` run is the headline.

Value models (``--models``, part of ``--all``): the MBG/NBD fit and the BG/BB fit
(each customer's first 52 weeks, as the table of distinct rows with counts) against
lifetimes' fitters (a fit lifetimes ends in ConvergenceError is listed as failed);
standard errors (lifetimes: autograd's Hessian at the optimum, which its fit takes,
timed alone; relmap: the whole fit plus ``summary()``) for BG/NBD, MBG/NBD and
Gamma-Gamma; the BG/BB fit on the donations table (FHS 2010, lifetimes' own
``load_donations``), which lifetimes fits; and, with no peer, the sBG fit on 100
cohorts x 120 periods and the BG/NBD fit with static covariates (lifetimes has
neither).

Betweenness: a random influence graph (``--nodes`` stakeholders, 5 relations
each), relmap's decision chain with exact betweenness against networkx's
``betweenness_centrality(normalized=False)`` and rustworkx's
``digraph_betweenness_centrality(normalized=False)`` (when installed) on the
same directed graph; all must agree.

``--all`` runs every comparison (the value pipeline, the value models, betweenness
on 1k/5k and 2k/10k graphs) and ends with one table: peer time, relmap time, their
ratio, the load average when the row was measured and the machine's core count. A
row whose peer is not installed, has no such model or failed is listed without a
ratio, with the reason.

``--rust`` also runs the criterion bench of the same pipeline
(``cargo bench -p relmap-benches --bench value_pipeline``) and prints the
Python layer's overhead over it. Needs lifetimes (``pip install lifetimes
'setuptools<81'``), networkx and relmap in the running interpreter.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import os
import re
import subprocess
import time
import warnings
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


def relmap_pipeline(tx: pd.DataFrame, repeat: int, pareto: bool, ids: str = "customer_object") -> dict[str, float]:
    steps: dict[str, float] = {}
    steps["summary"], s = best_of(repeat, lambda: rv.rfm_summary(tx[ids], tx["date"], tx["dollar_value"], as_of=AS_OF))
    f, r, t, m = (s[c].to_numpy() for c in ("frequency", "recency", "T", "monetary_value"))
    weights = (m > 0).astype(np.float64)
    steps["bg_nbd_fit"], bg = best_of(repeat, lambda: rv.BetaGeo().fit(f, r, t))
    steps["gamma_gamma_fit"], gg = best_of(repeat, lambda: rv.GammaGamma().fit(f, m, weights=weights))
    steps["p_alive"], alive = best_of(repeat, lambda: bg.p_alive(f, r, t))
    steps["clv"], clv = best_of(repeat, lambda: gg.clv(bg, f, r, t, m))
    if ids != "customer_object":
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


Row = tuple[str, str, float | None, float, str, float]
"""A table row: what was measured, the peer, its time (None = skipped), relmap's time, a
note, and the load average when the row was measured."""


def load_average() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def row(what: str, peer: str, theirs: float | None, ours: float, note: str) -> Row:
    return (what, peer, theirs, ours, note, load_average())


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
    rows: list[Row] = [row(label, "networkx", t_nx, alone, "relmap: chain with betweenness minus chain without")]
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
        rows.append(row(label, f"rustworkx {rx.__version__}", t_rx, alone, "rustworkx: best of --repeat"))
    else:
        print("  rustworkx: not installed (pip install rustworkx), skipped")
        rows.append(row(label, "rustworkx", None, alone, "skipped: rustworkx not installed"))
    print(f"  relmap decision chain with betweenness {t_on:9.3f} s   ratio {t_nx / t_on:7.1f}x (networkx)")
    print(f"  relmap betweenness alone (on - off)    {alone:9.3f} s   ratio {t_nx / alone:7.1f}x (networkx)")
    return rows


def table(rows: list[Row]) -> None:
    """The whole comparison, one line per peer, with the load average when each was measured."""
    print(f"\n{os.cpu_count()} cores, load average now {load_average():.1f}")
    print(f"{'workload':44s} {'peer':22s} {'peer time':>10s} {'relmap':>10s} {'ratio':>8s} {'load':>5s}  note")
    for what, peer, theirs, ours, note, load in rows:
        if theirs is None:
            mine = "-" if ours != ours else f"{ours:9.4f}s"
            print(f"{what:44s} {peer:22s} {'-':>10s} {mine:>10s} {'-':>8s} {load:5.1f}  {note}")
        else:
            print(f"{what:44s} {peer:22s} {theirs:9.4f}s {ours:9.4f}s {theirs / ours:7.1f}x {load:5.1f}  {note}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-pareto", dest="pareto", action="store_false")
    ap.add_argument("--rust", action="store_true", help="also run the Rust criterion bench and print the overhead")
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--all", action="store_true", help="every comparison, then one table of peer/relmap ratios")
    ap.add_argument("--no-betweenness", dest="betweenness", action="store_false")
    ap.add_argument("--models", action="store_true", help="also the MBG/NBD, BG/BB, sBG, covariate and standard-error fits")
    args = ap.parse_args()
    rows: list[Row] = []

    if not installed("lifetimes"):
        print("lifetimes: not installed (pip install lifetimes 'setuptools<81'), value pipeline skipped")
        rows.append(row("CLV pipeline, string ids", "lifetimes", None, float("nan"), "skipped: lifetimes not installed"))
    else:
        rows += value_pipeline(args)
        if args.all or args.models:
            rows += value_models(args)
    if not args.betweenness:
        pass
    elif installed("networkx"):
        for nodes in [1000, 2000] if args.all else [args.nodes]:
            rows += betweenness(nodes, args.repeat)
    else:
        print("networkx: not installed (pip install networkx), betweenness skipped")
    if args.all or args.models:
        table(rows)


ID_FORMS = {
    "object": lambda ids: ids.astype(object),
    "str": lambda ids: ids.astype("str"),
    "string[pyarrow]": lambda ids: ids.astype("string[pyarrow]"),
    "category": lambda ids: ids.astype("category"),
}
"""The customer id columns the pipeline is timed with: pandas object (Python str objects),
pandas' default text dtype (``str``: Arrow-backed with pyarrow installed), ``string[pyarrow]``
and a categorical. Every form gives the same summary."""

TX: dict[int, pd.DataFrame] = {}


def transactions(copies: int) -> pd.DataFrame:
    if copies not in TX:
        TX[copies] = load(copies)
    return TX[copies]


def value_pipeline(args: argparse.Namespace) -> list[Row]:
    tx = transactions(args.copies)
    print(f"{len(tx)} transactions (CDNOW_master x{args.copies}); ids read as {tx['customer_id'].dtype}")
    for form, convert in ID_FORMS.items():
        tx[f"customer_{form}"] = convert(tx["customer_id"])
    ours = relmap_pipeline(tx, args.repeat, args.pareto, ids="customer_object")
    theirs = lifetimes_pipeline(tx, args.pareto)
    print(f"\n{'step':18s} {'lifetimes':>10s} {'relmap':>10s} {'ratio':>8s}   (object ids)")
    for k in ours:
        print(f"{k:18s} {theirs[k]:9.3f}s {ours[k]:9.4f}s {theirs[k] / ours[k]:7.1f}x")
    pipeline = ["summary", "bg_nbd_fit", "gamma_gamma_fit", "p_alive", "clv"]
    mine, other = sum(ours[k] for k in pipeline), sum(theirs[k] for k in pipeline)
    print(f"{'pipeline total':18s} {other:9.3f}s {mine:9.4f}s {other / mine:7.1f}x   load {load_average():.1f}")
    copies = f"CDNOW x{args.copies}"
    rows = [row(f"CLV pipeline, object str ids ({copies})", "lifetimes", other, mine,
                "lifetimes once, relmap best of --repeat")]
    totals = {"object": mine}
    # The same pipeline with the other id forms (their summary is the same; checked).
    for form in list(ID_FORMS)[1:]:
        steps = relmap_pipeline(tx, args.repeat, False, ids=f"customer_{form}")
        totals[form] = sum(steps[k] for k in pipeline)
        print(f"({form} ids){'':{max(0, 11 - len(form))}s} {'':10s} {totals[form]:9.4f}s "
              f"{other / totals[form]:7.1f}x   summary {steps['summary']:.4f}s   load {load_average():.1f}")
        rows.append(row(f"CLV pipeline, {form} ids ({copies})", "lifetimes", other, totals[form], "the same lifetimes run"))

    if args.rust:
        rust = rust_bench()
        for python_time, bench in ((mine, "full_pipeline_string_ids"), (totals["category"], "full_pipeline_codes")):
            if bench in rust:
                print(f"\nRust bench {bench:26s} {rust[bench]:.4f} s; Python {python_time:.4f} s: "
                      f"overhead {100 * (python_time / rust[bench] - 1):+.1f}%", end="")
        print()
    return rows


def peer_fit(fit: Callable[[], Any]) -> tuple[float, Any, str | None]:
    """(seconds, model, None) of one lifetimes fit, or (seconds, None, the error's name)
    when it fails (lifetimes raises ConvergenceError)."""
    t0 = time.perf_counter()
    # lifetimes prints the optimizer's state when a fit fails, and autograd warns on the way.
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model = fit()
        except Exception as e:  # noqa: BLE001 - the row reports how the peer failed
            return time.perf_counter() - t0, None, type(e).__name__
    return time.perf_counter() - t0, model, None


def peer_row(what: str, peer: tuple[float, Any, str | None], ours: float, note: str) -> Row:
    took, _, failed = peer
    if failed:
        return row(what, "lifetimes", None, ours, f"lifetimes failed: {failed} after {took:.2f} s")
    return row(what, "lifetimes", took, ours, note)


def cohorts() -> list[list[float]]:
    """100 cohorts of 1000 to 10,900 customers followed for 120 periods: the survivor counts
    of an sBG whose alpha, beta drift a little from cohort to cohort (benches/value_models.rs)."""
    out = []
    for c in range(100):
        curve = rv.ShiftedBetaGeo.from_params(alpha=0.6 + 0.002 * c, beta=1.5 + 0.01 * c).survival_curve(120)
        out.append([float(v) for v in np.round((1000.0 + 100.0 * c) * np.asarray(curve))])
    return out


def value_models(args: argparse.Namespace) -> list[Row]:
    """The fits of the value issues against lifetimes where it has them (MBG/NBD, BG/BB,
    standard errors), and relmap alone (with the reason) where it has none (sBG, covariates)."""
    from autograd import hessian
    from lifetimes import BetaGeoBetaBinomFitter, BetaGeoFitter, GammaGammaFitter, ModifiedBetaGeoFitter
    from lifetimes_value_models import weekly_opportunities

    tx = transactions(args.copies)
    s = rv.rfm_summary(tx["customer_id"], tx["date"], tx["dollar_value"], as_of=AS_OF)
    f, r, t, m = (s[c].to_numpy() for c in ("frequency", "recency", "T", "monetary_value"))
    copies = f"CDNOW x{args.copies}"
    rows: list[Row] = []
    print(f"\nvalue models on {len(s)} customers ({copies})")

    def both(what: str, peer: tuple[float, Any, str | None], ours: float) -> None:
        took, _, failed = peer
        theirs = f"failed ({failed}) after {took:.3f} s" if failed else f"{took:.3f} s"
        ratio = "" if failed else f"ratio {took / ours:7.1f}x"
        print(f"  {what:44s} lifetimes {theirs:>12s}   relmap {ours:.4f} s   {ratio}   load {load_average():.1f}")

    # MBG/NBD
    peer = peer_fit(lambda: ModifiedBetaGeoFitter().fit(f, r, t))
    ours, _ = best_of(args.repeat, lambda: rv.ModifiedBetaGeo().fit(f, r, t))
    both("MBG/NBD fit", peer, ours)
    rows.append(peer_row(f"MBG/NBD fit ({copies})", peer, ours, "lifetimes once (its fit includes its Hessian)"))

    # BG/BB on each customer's first 52 weeks, as the table of distinct (x, t_x, n) with counts
    w = weekly_opportunities(tx[["customer_id", "date"]], 52)
    tab = w.groupby(["x", "t_x", "n"]).size().rename("count").reset_index()
    x, t_x, n, counts = (tab[c].to_numpy(dtype=float) for c in ("x", "t_x", "n", "count"))
    peer = peer_fit(lambda: BetaGeoBetaBinomFitter().fit(tab["x"], tab["t_x"], tab["n"], weights=tab["count"]))
    ours, _ = best_of(args.repeat, lambda: rv.BetaGeoBetaBinom().fit(x, t_x, n, weights=counts))
    both(f"BG/BB fit, 52 weeks ({len(tab)} distinct rows)", peer, ours)
    rows.append(peer_row(f"BG/BB fit, 52 weeks ({len(tab)} rows, {copies})", peer, ours, "lifetimes once"))

    # BG/BB on the donations table (FHS 2010; lifetimes' own load_donations data: 11,104
    # donors, 22 distinct rows with counts), which lifetimes fits. Both best of --repeat:
    # a fit this small is over in milliseconds, so lifetimes' first call would count
    # its warm-up.
    don = pd.read_csv(ROOT / "examples" / "data" / "donations" / "donations_calibration_rf.csv")
    dx, dtx, dn, dw = (don[c].to_numpy(dtype=float) for c in ("x", "t_x", "n_cal", "custs"))
    runs = [peer_fit(lambda: BetaGeoBetaBinomFitter().fit(don["x"], don["t_x"], don["n_cal"], weights=don["custs"]))
            for _ in range(args.repeat)]
    peer = min(runs, key=lambda p: p[0] if not p[2] else float("inf"))
    ours, donations = best_of(args.repeat, lambda: rv.BetaGeoBetaBinom().fit(dx, dtx, dn, weights=dw))
    both(f"BG/BB fit, donations ({len(don)} rows, 11,104 donors)", peer, ours)
    if peer[1] is not None:
        theirs_p = peer[1].params_
        print(f"    relmap {donations.params_}\n    lifetimes {dict(theirs_p)} (published 1.204, 0.750, 0.657, 2.783)")
    rows.append(peer_row(f"BG/BB fit, donations ({len(don)} rows with counts)", peer, ours,
                         "both best of --repeat"))

    # sBG: lifetimes (and CLVTools) have none.
    survivors = cohorts()
    ours, _ = best_of(args.repeat, lambda: rv.ShiftedBetaGeo().fit_cohorts(survivors))
    print(f"  {'sBG fit, 100 cohorts x 120 periods':44s} no peer (lifetimes has no sBG)   relmap {ours:.4f} s")
    rows.append(row("sBG fit, 100 cohorts x 120 periods", "none", None, ours,
                    "no peer: lifetimes and CLVTools have no sBG"))

    # BG/NBD with static covariates: the acquisition cohort (weeks from 1997-01-01 to the
    # first purchase) on both processes. lifetimes has none; CLVTools (R) has.
    cohort = ((s["first_purchase"] - pd.Timestamp("1997-01-01")).dt.days / 7.0).to_numpy()
    cov = pd.DataFrame({"cohort_weeks": cohort})
    # Best of --repeat: the customers compressed to distinct (x, t_x, T, cohort) rows, and
    # the gradient analytic.
    ours, fitted = best_of(args.repeat, lambda: rv.BetaGeo().fit(f, r, t, purchase_covariates=cov, dropout_covariates=cov))
    print(f"  {'BG/NBD fit with covariates':44s} no peer (lifetimes has none)   relmap {ours:.4f} s   {fitted!r}")
    rows.append(row(f"BG/NBD fit, 2 static covariates ({copies})", "none", None, ours,
                    "no peer: lifetimes has no covariates (CLVTools has; R not run here)"))

    # Standard errors: lifetimes takes autograd's Hessian of its likelihood at the optimum
    # inside fit; timed alone here, as fit does it. relmap: the whole fit plus summary()
    # (its Hessian is part of the fit), so relmap's side is an upper bound.
    weights = np.ones_like(f, dtype=int)
    _, bg, _ = peer_fit(lambda: BetaGeoFitter().fit(f, r, t))
    scale = bg._scale
    log_bg = np.log(bg.params_[["r", "alpha", "a", "b"]].to_numpy() * np.array([1, scale, 1, 1]))
    peer = peer_fit(lambda: hessian(bg._negative_log_likelihood)(log_bg, f, r * scale, t * scale, weights, 0.0))
    ours, _ = best_of(args.repeat, lambda: rv.BetaGeo().fit(f, r, t).summary())
    both("standard errors, BG/NBD", peer, ours)
    rows.append(peer_row(f"standard errors, BG/NBD ({copies})", peer, ours,
                         "lifetimes: its Hessian alone; relmap: fit + summary()"))
    _, mbg, _ = peer_fit(lambda: ModifiedBetaGeoFitter().fit(f, r, t))
    log_mbg = np.log(mbg.params_[["r", "alpha", "a", "b"]].to_numpy() * np.array([1, mbg._scale, 1, 1]))
    peer = peer_fit(lambda: hessian(mbg._negative_log_likelihood)(
        log_mbg, f, r * mbg._scale, t * mbg._scale, weights, 0.0))
    ours, _ = best_of(args.repeat, lambda: rv.ModifiedBetaGeo().fit(f, r, t).summary())
    both("standard errors, MBG/NBD", peer, ours)
    rows.append(peer_row(f"standard errors, MBG/NBD ({copies})", peer, ours,
                         "lifetimes: its Hessian alone; relmap: fit + summary()"))
    repeat = (f > 0) & (m > 0)
    _, gg, _ = peer_fit(lambda: GammaGammaFitter().fit(f[repeat], m[repeat]))
    log_gg = np.log(gg.params_[["p", "q", "v"]].to_numpy())
    peer = peer_fit(lambda: hessian(gg._negative_log_likelihood)(
        log_gg, f[repeat], m[repeat], np.ones(int(repeat.sum()), dtype=int), 0.0))
    spend_weights = repeat.astype(np.float64)
    ours, _ = best_of(args.repeat, lambda: rv.GammaGamma().fit(f, m, weights=spend_weights).summary())
    both("standard errors, Gamma-Gamma", peer, ours)
    rows.append(peer_row(f"standard errors, Gamma-Gamma ({copies})", peer, ours,
                         "lifetimes: its Hessian alone; relmap: fit + summary()"))
    return rows


if __name__ == "__main__":
    main()
