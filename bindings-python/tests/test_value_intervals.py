"""Per-customer prediction intervals from Python: bootstrap and delta method, on CDNOW."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import relmap
import relmap.value as rv

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
CDNOW = pd.read_csv(DATA / "cdnow" / "cdnow_customers_summary_with_transactions.csv")
SUMMARY = pd.DataFrame(
    {
        "frequency": CDNOW["x"].to_numpy(float),
        "recency": CDNOW["t_x"].to_numpy(float),
        "T": CDNOW["T"].to_numpy(float),
        "monetary_value": np.where(CDNOW["x"] > 0, CDNOW["zbar"], 0.0),
    },
    index=pd.Index([f"c{i}" for i in CDNOW["ID"]], name="customer"),
)
BG = rv.BetaGeo().fit(SUMMARY)
PNBD = rv.ParetoNBD().fit(SUMMARY)
GG = rv.GammaGamma().fit(SUMMARY)


def test_intervals_are_frames_by_customer_with_the_core_defaults() -> None:
    iv = BG.p_alive_intervals(SUMMARY, draws=200, seed=3)
    assert list(iv.columns) == ["estimate", "lower", "upper"]
    assert iv.index.equals(SUMMARY.index)
    assert iv.attrs == {"level": 0.95, "method": "bootstrap", "draws": 200}
    np.testing.assert_array_equal(iv["estimate"].to_numpy(), BG.p_alive(SUMMARY))
    assert (iv["lower"] <= iv["upper"]).all()
    # Seeded: the same call gives the same frame; bare arrays give a RangeIndex.
    pd.testing.assert_frame_equal(iv, BG.p_alive_intervals(SUMMARY, draws=200, seed=3))
    bare = BG.p_alive_intervals(SUMMARY["frequency"].to_numpy(), SUMMARY["recency"].to_numpy(), SUMMARY["T"].to_numpy(),
                                draws=200, seed=3)
    assert isinstance(bare.index, pd.RangeIndex)
    np.testing.assert_array_equal(bare.to_numpy(), iv.to_numpy())
    # Defaults: 1000 draws at 95%.
    assert BG.expected_purchases_intervals(39, SUMMARY.iloc[:50]).attrs == {"level": 0.95, "method": "bootstrap", "draws": 1000}


@pytest.mark.parametrize("model", [BG, PNBD], ids=["bg_nbd", "pareto_nbd"])
def test_delta_and_bootstrap_agree_on_cdnow(model: rv.BetaGeo) -> None:
    for what in ("p_alive", "expected_purchases"):
        def run(**kw: Any) -> pd.DataFrame:
            if what == "p_alive":
                return model.p_alive_intervals(SUMMARY, level=0.9, **kw)
            return model.expected_purchases_intervals(39, SUMMARY, level=0.9, **kw)

        boot, delta = run(draws=2000, seed=5), run(method="delta")
        assert delta.attrs == {"level": 0.9, "method": "delta", "draws": 0}
        assert (delta["lower"] <= delta["estimate"]).all() and (delta["estimate"] <= delta["upper"]).all()
        uncertain = (model.p_alive(SUMMARY) > 0.3) & (model.p_alive(SUMMARY) < 0.8)
        wb = (boot["upper"] - boot["lower"])[uncertain]
        wd = (delta["upper"] - delta["lower"])[uncertain]
        assert uncertain.sum() > 100
        assert float((wd / wb - 1).abs().max()) < 0.15


def test_spend_and_clv_intervals() -> None:
    sp = GG.spend_intervals(SUMMARY, method="delta")
    assert sp.index.equals(SUMMARY.index)
    np.testing.assert_allclose(sp["estimate"], GG.expected_spend(SUMMARY), rtol=0, atol=0)
    assert (sp["lower"] < sp["estimate"]).all() and (sp["estimate"] < sp["upper"]).all()
    clv = BG.clv_intervals(GG, SUMMARY, draws=100, margin=0.3)
    np.testing.assert_allclose(clv["estimate"], GG.clv(BG, SUMMARY, margin=0.3), rtol=1e-12)
    assert (clv["lower"] <= clv["upper"]).all()
    delta = PNBD.clv_intervals(GG, SUMMARY, method="delta", level=0.8)
    assert (delta["lower"] <= delta["estimate"]).all() and delta.attrs["level"] == 0.8


def test_bad_inputs_are_typed_errors() -> None:
    with pytest.raises(relmap.RelmapError) as e:
        BG.p_alive_intervals(SUMMARY, draws=0)
    assert (e.value.code, e.value.field) == ("invalid_config", "draws")
    assert isinstance(e.value, relmap.ValidationError)
    for level in (0.0, 1.0, 1.5):
        with pytest.raises(relmap.RelmapError) as e:
            BG.expected_purchases_intervals(10, SUMMARY, level=level)
        assert (e.value.code, e.value.field) == ("invalid_config", "level")
    with pytest.raises(relmap.RelmapError) as e:
        BG.p_alive_intervals(SUMMARY, method="jackknife")
    assert (e.value.code, e.value.field) == ("invalid_argument", "method")
    assert "bootstrap" in str(e.value) and "delta" in str(e.value)
    with pytest.raises(relmap.RelmapError) as e:
        BG.p_alive_intervals(SUMMARY["frequency"], SUMMARY["recency"].iloc[1:], SUMMARY["T"])
    assert e.value.code == "length_mismatch"
    with pytest.raises(relmap.RelmapError) as e:
        GG.spend_intervals(SUMMARY["frequency"], SUMMARY["monetary_value"].iloc[1:])
    assert e.value.code == "length_mismatch"
    with pytest.raises(relmap.RelmapError) as e:
        rv.BetaGeo.from_params(r=0.24, alpha=4.41, a=0.79, b=2.43).p_alive_intervals(SUMMARY)
    assert e.value.code == "undefined"
    with pytest.raises(relmap.RelmapError) as e:
        BG.clv_intervals(BG, SUMMARY)  # type: ignore[arg-type]
    assert (e.value.code, e.value.field) == ("invalid_argument", "spend_model")
    # A model fitted without covariates takes no covariate frames.
    with pytest.raises(relmap.RelmapError) as e:
        BG.p_alive_intervals(SUMMARY, purchase_covariates=pd.DataFrame({"x": np.zeros(len(SUMMARY))}))
    assert (e.value.code, e.value.field) == ("invalid_argument", "purchase_covariates")


def _noise(seed: int) -> pd.DataFrame:
    """A covariate that says nothing about the customers: normal noise, 0 for every third."""
    rng = np.random.default_rng(seed)
    values = rng.standard_normal(len(SUMMARY))
    values[::3] = 0.0
    return pd.DataFrame({"noise": values}, index=SUMMARY.index)


def test_covariate_fits_have_intervals() -> None:
    purchase, dropout = _noise(1), _noise(2)
    cov = rv.BetaGeo().fit(SUMMARY, purchase_covariates=purchase, dropout_covariates=dropout)
    frames: dict[str, Any] = {"purchase_covariates": purchase, "dropout_covariates": dropout}
    for method in ("delta", "bootstrap"):
        kw: dict[str, Any] = {"method": method, "draws": 200, "seed": 4, **frames}
        p = cov.p_alive_intervals(SUMMARY, **kw)
        assert list(p.columns) == ["estimate", "lower", "upper"] and p.index.equals(SUMMARY.index)
        np.testing.assert_array_equal(p["estimate"], cov.p_alive(SUMMARY, **frames))
        assert p.attrs["method"] == method
        pd.testing.assert_frame_equal(p, cov.p_alive_intervals(SUMMARY, **kw))
        ep = cov.expected_purchases_intervals(39, SUMMARY, **kw)
        np.testing.assert_allclose(ep["estimate"], cov.expected_purchases(39, SUMMARY, **frames))
        c = cov.clv_intervals(GG, SUMMARY, margin=0.3, **kw)
        spend = GG.expected_spend(SUMMARY)
        np.testing.assert_allclose(c["estimate"], cov.clv(spend, SUMMARY, margin=0.3, **frames), rtol=1e-12)
        for iv in (p, ep, c):
            assert (iv["lower"] <= iv["upper"]).all()
            inside = ((iv["lower"] <= iv["estimate"]) & (iv["estimate"] <= iv["upper"])).mean()
            assert inside >= (1.0 if method == "delta" else 0.95)
        # The noise says nothing: customers at 0 get about the plain model's intervals.
        plain = BG.p_alive_intervals(SUMMARY, method=method, draws=200, seed=4)
        at_zero = p.iloc[::3]
        width, plain_width = at_zero["upper"] - at_zero["lower"], (plain["upper"] - plain["lower"]).iloc[::3]
        assert ((width - plain_width).abs() <= 0.25 * plain_width + 1e-6).all()
    # The covariate frames are the fit's: one row per customer, the same columns.
    with pytest.raises(relmap.RelmapError) as e:
        cov.p_alive_intervals(SUMMARY, purchase_covariates=purchase.iloc[1:], dropout_covariates=dropout)
    assert (e.value.code, e.value.field) == ("length_mismatch", "purchase_covariates")
    with pytest.raises(relmap.RelmapError) as e:
        cov.expected_purchases_intervals(39, SUMMARY, purchase_covariates=purchase)
    assert (e.value.code, e.value.field) == ("invalid_argument", "dropout_covariates")
    with pytest.raises(relmap.RelmapError) as e:
        cov.clv_intervals(GG, SUMMARY, draws=5, **frames)
    assert (e.value.code, e.value.field) == ("invalid_config", "draws")
