"""The per-customer rule of relmap.value: pandas in, pandas out (a Series named after the
quantity, indexed like the summary), numpy arrays in, numpy arrays out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import relmap
import relmap.value as rv

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"


@pytest.fixture(scope="module")
def summary() -> pd.DataFrame:
    raw = pd.read_csv(DATA / "cdnow" / "CDNOW_sample.txt", sep=r"\s+", header=None,
                      names=["master", "id", "date", "cds", "dollars"], dtype={"id": int, "date": str})
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    # Ids as text, so that an index mistake cannot pass for a row number.
    return rv.rfm_summary("c" + raw["id"].astype(str), raw["date"], raw["dollars"], as_of="1997-09-30")


@pytest.fixture(scope="module")
def discrete() -> pd.DataFrame:
    tx = pd.read_csv(DATA / "clvtools_apparel" / "apparelTrans.csv")
    return rv.discrete_summary(tx["Id"], tx["Date"], tx["Price"], as_of="2006-12-31", period="Q")


def columns(s: pd.DataFrame) -> tuple[np.ndarray[Any, Any], ...]:
    age = "T" if "T" in s.columns else "periods"
    return tuple(s[c].to_numpy(dtype=float) for c in ("frequency", "recency", age))


def check_rule(name: str, frame_call: Callable[[], Any], array_call: Callable[[], Any], index: pd.Index) -> None:
    """The frame form is a Series ``name`` on ``index`` with exactly the array form's values."""
    got, arr = frame_call(), array_call()
    assert isinstance(arr, np.ndarray) and arr.dtype == np.float64, type(arr)
    assert isinstance(got, pd.Series), type(got)
    assert got.name == name
    assert got.index.equals(index) and got.index.name == index.name
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got.to_numpy(), arr)


@pytest.mark.parametrize("model", [rv.BetaGeo, rv.ModifiedBetaGeo, rv.ParetoNBD], ids=lambda m: m.__name__)
def test_every_purchase_model_keeps_the_customer_index(summary: pd.DataFrame, model: type[Any]) -> None:
    m = model().fit(summary)
    f, r, t = columns(summary)
    idx = summary.index
    spend = np.full(len(summary), 30.0)
    check_rule("p_alive", lambda: m.p_alive(summary), lambda: m.p_alive(f, r, t), idx)
    check_rule("expected_purchases", lambda: m.expected_purchases(26, summary),
               lambda: m.expected_purchases(26, f, r, t), idx)
    check_rule("probability_of_purchases", lambda: m.probability_of_purchases(1, 26, summary),
               lambda: m.probability_of_purchases(1, 26, f, r, t), idx)
    check_rule("clv", lambda: m.clv(spend, summary), lambda: m.clv(spend, f, r, t), idx)
    if model is rv.ParetoNBD:
        d = np.log1p(0.15) / 52
        check_rule("dert", lambda: m.dert(d, summary), lambda: m.dert(d, f, r, t), idx)
    # Series columns in: a Series on their index; lists in: an array.
    check_rule("p_alive", lambda: m.p_alive(summary["frequency"], summary["recency"], summary["T"]),
               lambda: m.p_alive(list(f), list(r), list(t)), idx)


def test_bg_bb_keeps_the_customer_index(discrete: pd.DataFrame) -> None:
    m = rv.BetaGeoBetaBinom().fit(discrete)
    f, r, n = columns(discrete)
    idx = discrete.index
    assert idx.name == "customer"
    check_rule("p_alive", lambda: m.p_alive(discrete), lambda: m.p_alive(f, r, n), idx)
    check_rule("expected_purchases", lambda: m.expected_purchases(4, discrete),
               lambda: m.expected_purchases(4, f, r, n), idx)
    check_rule("probability_of_purchases", lambda: m.probability_of_purchases(0, 4, discrete),
               lambda: m.probability_of_purchases(0, 4, f, r, n), idx)
    check_rule("dert", lambda: m.dert(0.1, discrete), lambda: m.dert(0.1, f, r, n), idx)


def test_gamma_gamma_keeps_the_customer_index(summary: pd.DataFrame) -> None:
    bg = rv.BetaGeo().fit(summary)
    gg = rv.GammaGamma().fit(summary[summary["frequency"] > 0])
    f, r, t = columns(summary)
    m = summary["monetary_value"].to_numpy()
    idx = summary.index
    check_rule("expected_spend", lambda: gg.expected_spend(summary), lambda: gg.expected_spend(f, m), idx)
    check_rule("expected_spend", lambda: gg.expected_spend(summary["frequency"], summary["monetary_value"]),
               lambda: gg.expected_spend(f, m), idx)
    check_rule("clv", lambda: gg.clv(bg, summary), lambda: gg.clv(bg, f, r, t, m), idx)
    # The Series CLV is the purchase model's CLV of the Series spend.
    pd.testing.assert_series_equal(gg.clv(bg, summary), bg.clv(gg.expected_spend(summary), summary))


def test_a_covariate_model_keeps_the_customer_index() -> None:
    tx = pd.read_csv(DATA / "clvtools_apparel" / "apparelTrans.csv")
    s = rv.rfm_summary(tx["Id"], tx["Date"], tx["Price"], as_of="2006-12-31")
    cov = pd.read_csv(DATA / "clvtools_apparel" / "apparelStaticCov.csv").set_index("Id").loc[s.index, ["Gender"]]
    m = rv.BetaGeo().fit(s, purchase_covariates=cov)
    f, r, t = columns(s)
    kw: dict[str, Any] = {"purchase_covariates": cov}
    check_rule("p_alive", lambda: m.p_alive(s, **kw), lambda: m.p_alive(f, r, t, **kw), s.index)
    check_rule("expected_purchases", lambda: m.expected_purchases(52, s, **kw),
               lambda: m.expected_purchases(52, f, r, t, **kw), s.index)
    ones = np.ones(len(s))
    check_rule("clv", lambda: m.clv(ones, s, **kw), lambda: m.clv(ones, f, r, t, **kw), s.index)


def test_sbg_keeps_the_customer_index() -> None:
    m = rv.ShiftedBetaGeo.from_params(alpha=0.704, beta=1.182)
    contracts = pd.DataFrame({"tenure": [7, 3, 0, 12], "active": [True, False, True, True]},
                             index=pd.Index(["k1", "k2", "k3", "k4"], name="customer"))
    t, a = contracts["tenure"].to_numpy(), contracts["active"].to_numpy()
    margin = np.array([100.0, 50.0, 20.0, 10.0])
    check_rule("p_renew", lambda: m.p_renew_customers(contracts), lambda: m.p_renew_customers(t, a), contracts.index)
    check_rule("clv", lambda: m.clv(margin, 0.1, contracts), lambda: m.clv(margin, 0.1, t, a), contracts.index)
    check_rule("clv", lambda: m.clv(margin, 0.1, contracts["tenure"], contracts["active"]),
               lambda: m.clv(list(margin), 0.1, list(t), list(a)), contracts.index)
    # A margin Series in another order is matched by customer.
    shuffled = pd.Series(margin, index=contracts.index)[["k3", "k1", "k4", "k2"]]
    pd.testing.assert_series_equal(m.clv(shuffled, 0.1, contracts), m.clv(margin, 0.1, contracts))


def test_series_beside_a_summary_are_matched_by_customer(summary: pd.DataFrame) -> None:
    bg = rv.BetaGeo().fit(summary)
    gg = rv.GammaGamma().fit(summary[summary["frequency"] > 0])
    alive, clv = bg.p_alive(summary), gg.clv(bg, summary)
    order = np.random.default_rng(3).permutation(len(summary))
    tiers = rv.tier(summary, alive, clv)
    shuffled = rv.tier(summary, alive.iloc[order], clv.iloc[order])
    pd.testing.assert_frame_equal(shuffled, tiers)
    pd.testing.assert_frame_equal(rv.lifecycle(summary, alive.iloc[order], clv), rv.lifecycle(summary, alive, clv))
    pd.testing.assert_frame_equal(rv.churn_warnings(summary, alive, clv.iloc[order]),
                                  rv.churn_warnings(summary, alive, clv))
    pd.testing.assert_frame_equal(rv.tier_overview(tiers, clv.iloc[order], alive),
                                  rv.tier_overview(tiers, clv, alive))
    spend = gg.expected_spend(summary)
    pd.testing.assert_series_equal(bg.clv(spend.iloc[order], summary), bg.clv(spend, summary))
    # Arrays are taken in row order, as before.
    pd.testing.assert_frame_equal(rv.tier(summary, alive.to_numpy(), clv.to_numpy()), tiers)
    # A Series of other customers is an error, never a silent misalignment.
    foreign = pd.Series(alive.to_numpy(), index="x" + alive.index.astype(str))
    with pytest.raises(relmap.ValidationError) as e:
        rv.tier(summary, foreign, clv)
    assert e.value.code == "length_mismatch" and e.value.field == "p_alive"
    with pytest.raises(relmap.ValidationError) as e:
        bg.clv(spend.iloc[:-1], summary)
    assert e.value.field == "spend"
