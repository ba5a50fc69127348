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
    # A model fitted with covariates has no intervals yet: a typed error, not a wrong answer.
    even = pd.DataFrame({"even": np.arange(len(SUMMARY)) % 2})
    cov = rv.BetaGeo().fit(SUMMARY, purchase_covariates=even)
    with pytest.raises(relmap.RelmapError) as e:
        cov.p_alive_intervals(SUMMARY)
    assert e.value.code == "invalid_argument"
