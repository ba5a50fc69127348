"""relmap.value against lifetimes on CDNOW (fixtures made by benches/python/make_lifetimes_fixtures.py)."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest

import relmap
import relmap.value as rv

ROOT = Path(__file__).resolve().parents[2]
CDNOW = ROOT / "examples" / "data" / "cdnow"
FIXTURES = ROOT / "core" / "tests" / "fixtures"
PARAMS: dict[str, Any] = json.loads((FIXTURES / "lifetimes_cdnow_params.json").read_text())
PRED = pd.read_csv(FIXTURES / "lifetimes_cdnow_predictions.csv")
X, TX, T, ZBAR = (PRED[c].to_numpy() for c in ("x", "t_x", "T", "zbar"))


def close(got: npt.ArrayLike, want: npt.ArrayLike) -> None:
    """|a − b| ≤ 1e-6 · max(1, |b|), elementwise."""
    g, w = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    assert g.shape == w.shape
    assert np.all(np.abs(g - w) <= 1e-6 * np.maximum(1.0, np.abs(w))), np.max(np.abs(g - w))


def sample_transactions() -> pd.DataFrame:
    raw = pd.read_csv(CDNOW / "CDNOW_sample.txt", sep=r"\s+", header=None,
                      names=["master", "id", "date", "cds", "dollars"], dtype={"master": str, "id": int, "date": str})
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    return raw


def test_summary_matches_lifetimes_and_the_published_summary() -> None:
    raw = sample_transactions()
    s = rv.rfm_summary(raw["id"], raw["date"], raw["dollars"], as_of="1997-09-30")
    want = pd.read_csv(FIXTURES / "lifetimes_cdnow_sample_summary.csv", index_col="id")
    assert s.index.name == "customer" and len(s) == len(want) == 2357
    got = s.loc[want.index]
    for col in ("frequency", "recency", "T", "monetary_value"):
        np.testing.assert_allclose(got[col], want[col], rtol=1e-9, atol=1e-9, err_msg=col)
    published = pd.read_csv(CDNOW / "cdnow_customers_summary_with_transactions.csv", index_col="ID")
    got = s.loc[published.index]
    for ours, theirs in (("frequency", "x"), ("recency", "t_x"), ("T", "T"), ("monetary_value", "zbar")):
        assert np.max(np.abs(got[ours] - published[theirs])) <= 0.01 + 1e-9, ours
    assert s.attrs["unit"] == "W" and s.attrs["as_of"] == "1997-09-30T00:00:00Z"
    assert s.attrs["transactions_after_end"] > 0
    assert s["n_transactions"].sum() == s.attrs["transactions_used"]
    assert s["first_purchase"].dtype.kind == "M" and (s["first_purchase"] <= s["last_purchase"]).all()


def test_summary_accepts_every_id_and_time_type() -> None:
    raw = sample_transactions()
    base = rv.rfm_summary(raw["id"], raw["date"], raw["dollars"], as_of="1997-09-30")
    cols = ["frequency", "recency", "T", "monetary_value"]
    variants: list[tuple[Any, Any, Any]] = [
        (raw["id"].astype(str), raw["date"], raw["dollars"].to_numpy()),
        (raw["id"].astype("category"), raw["date"].dt.tz_localize("UTC").dt.tz_convert("Asia/Shanghai"), raw["dollars"]),
        (raw["id"].to_numpy(), raw["date"].to_numpy().astype("datetime64[s]"), list(raw["dollars"])),
        (list(zip(raw["id"], raw["id"])), raw["date"].dt.strftime("%Y-%m-%d"), raw["dollars"].astype("float32")),
        (raw["id"], raw["date"].to_numpy().astype("datetime64[D]"), raw["dollars"]),
    ]
    for ids, times, amounts in variants:
        s = rv.rfm_summary(ids, times, amounts, as_of=pd.Timestamp("1997-09-30"))
        assert len(s) == len(base)
        np.testing.assert_allclose(s[cols].to_numpy(), base[cols].to_numpy(), rtol=1e-6)
    # Ids keep their type and their order of first appearance.
    s = rv.rfm_summary(raw["id"].astype(str), raw["date"], raw["dollars"], as_of="1997-09-30")
    assert list(s.index[:3]) == [str(i) for i in pd.unique(raw["id"])[:3]]


def test_summary_options() -> None:
    raw = sample_transactions()
    days = rv.rfm_summary(raw["id"], raw["date"], raw["dollars"], as_of="1997-09-30", unit="D")
    weeks = rv.rfm_summary(raw["id"], raw["date"], raw["dollars"], as_of="1997-09-30")
    np.testing.assert_allclose(days["T"], weeks["T"] * 7)
    held = rv.rfm_summary(raw["id"], raw["date"], raw["dollars"], as_of="1997-09-30", holdout_end="1998-06-30",
                          margin=raw["dollars"] * 0.3)
    assert {"holdout_frequency", "holdout_monetary_value", "total_margin"} <= set(held)
    np.testing.assert_allclose(held["total_margin"], held["total_amount"] * 0.3)
    assert held["holdout_frequency"].sum() > 0 and held.attrs["holdout_duration"] > 0


def test_fits_match_lifetimes() -> None:
    bg = rv.BetaGeo().fit(X, TX, T)
    for k, v in bg.params_.items():
        assert v == pytest.approx(PARAMS["bg_nbd"][k], rel=1e-3), k
    # Fader, Hardie & Lee (2005): r = 0.2426, alpha = 4.4136, a = 0.7929, b = 2.4259, LL = -9582.43.
    published = {"r": 0.2426, "alpha": 4.4136, "a": 0.7929, "b": 2.4259}
    assert bg.params_ == pytest.approx(published, abs=2e-4)
    assert bg.log_likelihood_ == pytest.approx(-9582.43, abs=0.01)
    assert bg.report_["iterations"] > 0
    assert bg.report_["at_bound"] == []
    # Three customers do not identify the model: the fit ends on a ridge and says so.
    tiny = rv.BetaGeo().fit(np.array([1.0, 0.0, 2.0]), np.array([5.0, 0.0, 9.0]), np.array([10.0, 10.0, 10.0]))
    assert {"r", "a"} <= set(tiny.report_["at_bound"])

    pn = rv.ParetoNBD().fit(pd.Series(X), pd.Series(TX), pd.Series(T))
    for k, v in pn.params_.items():
        assert v == pytest.approx(PARAMS["pareto_nbd"][k], rel=1e-3), k
    assert pn.log_likelihood_ == pytest.approx(PARAMS["pareto_nbd"]["log_likelihood"], abs=1e-3)

    repeat = X > 0
    gg = rv.GammaGamma().fit(X[repeat], ZBAR[repeat])
    for k, v in gg.params_.items():
        assert v == pytest.approx(PARAMS["gamma_gamma"][k], rel=1e-3), k
    assert gg.log_likelihood_ == pytest.approx(PARAMS["gamma_gamma"]["log_likelihood"], abs=1e-3)
    # Weights 0 leave customers out exactly like dropping them.
    weighted = rv.GammaGamma().fit(X, np.where(repeat, ZBAR, 1.0), weights=repeat.astype(float))
    assert weighted.params_ == pytest.approx(gg.params_, rel=1e-6)


def test_predictions_match_lifetimes() -> None:
    bg = rv.BetaGeo.from_params(**{k: PARAMS["bg_nbd"][k] for k in ("r", "alpha", "a", "b")})
    close(bg.p_alive(X, TX, T), PRED["bg_p_alive"])
    close(bg.expected_purchases(10, X, TX, T), PRED["bg_expected_10"])
    close(bg.expected_purchases(52, X, TX, T), PRED["bg_expected_52"])
    pn = rv.ParetoNBD.from_params(**{k: PARAMS["pareto_nbd"][k] for k in ("r", "alpha", "s", "beta")})
    close(pn.p_alive(X, TX, T), PRED["pnbd_p_alive"])
    close(pn.expected_purchases(10, X, TX, T), PRED["pnbd_expected_10"])
    close(pn.expected_purchases(52, X, TX, T), PRED["pnbd_expected_52"])
    gg = rv.GammaGamma.from_params(**{k: PARAMS["gamma_gamma"][k] for k in ("p", "q", "v")})
    close(gg.expected_spend(X, ZBAR), PRED["gg_expected_spend"])
    # lifetimes' CLV: 12 months of 4.345 weeks, 1% monthly discount (relmap's defaults).
    close(gg.clv(bg, X, TX, T, ZBAR), PRED["bg_gg_clv"])
    close(bg.clv(gg.expected_spend(X, ZBAR), X, TX, T, margin=0.5), PRED["bg_gg_clv"] * 0.5)
    assert bg.log_likelihood(X, TX, T) == pytest.approx(PARAMS["bg_nbd"]["log_likelihood"], abs=1e-6)


def test_models_take_a_summary_frame_and_pickle() -> None:
    frame = pd.DataFrame({"frequency": X, "recency": TX, "T": T, "monetary_value": ZBAR})
    bg = rv.BetaGeo().fit(frame)
    assert bg.params_ == rv.BetaGeo().fit(X, TX, T).params_
    np.testing.assert_array_equal(bg.p_alive(frame), bg.p_alive(X, TX, T))
    gg = rv.GammaGamma().fit(frame[frame["frequency"] > 0])
    np.testing.assert_array_equal(gg.clv(bg, frame), gg.clv(bg, X, TX, T, ZBAR))
    out = bg.p_alive(X, TX, T)
    assert isinstance(out, np.ndarray) and out.dtype == np.float64
    alive = bg.p_alive(frame)
    assert isinstance(alive, pd.Series) and alive.name == "p_alive" and alive.index.equals(frame.index)
    clone = pickle.loads(pickle.dumps(bg))
    assert clone == bg and clone.params_ == bg.params_
    assert repr(bg).startswith("BetaGeo(r=0.2426") and repr(rv.ParetoNBD()) == "ParetoNBD(not fitted)"
    assert rv.BetaGeo(min_customers=10).fit(X, TX, T).params_ == pytest.approx(bg.params_)


def test_tiers_on_cdnow() -> None:
    raw = sample_transactions()
    s = rv.rfm_summary(raw["id"], raw["date"], raw["dollars"], as_of="1997-09-30")
    bg = rv.BetaGeo().fit(s)
    gg = rv.GammaGamma().fit(s["frequency"], s["monetary_value"], weights=(s["monetary_value"] > 0).astype(float))
    alive, clv = bg.p_alive(s), gg.clv(bg, s)
    t = rv.tier(s, alive, clv)
    assert list(t.columns) == ["tier", "lifecycle", "reason", "lifecycle_reason"]
    assert t.index.equals(s.index)
    assert list(t["tier"].cat.categories) == ["vip", "growth", "churn_risk", "low_value"]
    vip = t["tier"] == "vip"
    assert vip.mean() == pytest.approx(0.2, abs=0.01)
    assert (clv[vip.to_numpy()] >= t.attrs["vip_threshold"]).all()
    churn = (t["tier"] == "churn_risk").to_numpy()
    assert churn.any() and t["reason"].str.len().gt(0).all()
    assert set(t["lifecycle"].unique()) <= {"potential", "exploration", "growth", "maturity", "decline", "churned"}
    assert (t.loc[t["tier"] == "vip", "reason"].str.startswith("vip")).all()
    stricter = rv.tier(s, alive, clv, vip_share=0.05, lifecycle={"churned_p_alive": 0.05})
    assert (stricter["tier"] == "vip").mean() == pytest.approx(0.05, abs=0.01)
    seg = rv.rfm_scores(s)
    assert {"r", "f", "m", "segment", "reason"} == set(seg) and seg["r"].between(1, 5).all()
    assert "champions" in set(seg["segment"])


def test_churn_warnings_join_the_relationship_maps() -> None:
    raw = sample_transactions()
    s = rv.rfm_summary(raw["id"], raw["date"], raw["dollars"], as_of="1997-09-30")
    bg = rv.BetaGeo().fit(s)
    alive = bg.p_alive(s)
    clv = np.zeros(len(s))
    w = rv.churn_warnings(s, alive, clv)
    assert list(w.columns) == ["severity", "signals", "reason", "p_alive", "rate_ratio"]
    assert len(w) > 0 and w.index.isin(s.index).all() and w.index.is_unique
    assert list(w["severity"].cat.categories) == ["low", "medium", "high"] and w["severity"].cat.ordered
    # Most severe first; every warning has a purchase signal and says why.
    ranks = w["severity"].cat.codes.to_numpy()
    assert (np.diff(ranks) <= 0).all()
    assert all(("low_p_alive" in x) or ("frequency_drop" in x) for x in w["signals"])
    low_alive = w["signals"].map(lambda x: "low_p_alive" in x)
    assert (w.loc[low_alive, "p_alive"] < 0.3).all()
    np.testing.assert_allclose(w["p_alive"].to_numpy(), alive.loc[w.index].to_numpy())
    assert w["reason"].str.len().gt(0).all()
    assert np.isnan(w["rate_ratio"]).any() or (w["rate_ratio"] >= 0).all()

    # A low-severity customer whose account has a champion never met and no economic buyer.
    target = w.index[w["severity"] == "low"][0]
    m = relmap.RelationshipMap(str(target), name="CD buyer")
    m.add_stakeholder("fan", name="Fan", roles=["champion"])
    joined = rv.churn_warnings(s, alive, clv, maps=[m])
    row = joined.loc[target]
    assert row["severity"] == "high"
    assert "champion_gone_cold" in row["signals"] and "economic_buyer_uncovered" in row["signals"]
    assert "Fan (never met)" in row["reason"]
    signals = m.churn_signals("1997-09-30")
    assert [code for code, _ in signals] == ["champion_gone_cold", "economic_buyer_uncovered"]
    assert all(reason in row["reason"] for _, reason in signals)
    m.add_team_member("rep", name="Rep")
    m.add_interaction(id="v1", at="1997-09-23", channel="visit", members=["rep"], stakeholders=["fan"])
    assert [code for code, _ in m.churn_signals()] == ["economic_buyer_uncovered"]
    assert [code for code, _ in m.churn_signals("1997-09-30", champion_cold_days=3)][0] == "champion_gone_cold"
    with pytest.raises(relmap.ValidationError) as e:
        m.churn_signals(p_alive=2.0)
    assert e.value.field == "p_alive"
    assert len(joined) == len(w)
    others = joined.index != target
    assert joined.loc[others, "severity"].equals(w.loc[joined.index[others], "severity"])

    # Stricter thresholds warn about fewer customers; bad input is refused by name.
    assert len(rv.churn_warnings(s, alive, clv, p_alive=0.1, severe_p_alive=0.05)) < len(w)
    with pytest.raises(relmap.ValidationError) as e:
        rv.churn_warnings(s, alive, clv, p_alive=1.5)
    assert e.value.field == "p_alive"
    with pytest.raises(relmap.ValidationError) as e:
        rv.churn_warnings(s, alive[:-1], clv)
    assert e.value.code == "length_mismatch" and e.value.field == "p_alive"
    with pytest.raises(relmap.ValidationError) as e:
        rv.churn_warnings(s, alive, clv, no_such_key=1)
    assert "no_such_key" in str(e.value)
    with pytest.raises(TypeError, match="maps\\[0\\]"):
        rv.churn_warnings(s, alive, clv, maps=["not a map"])  # type: ignore[list-item]
