"""MBG/NBD, BG/BB, the discrete summary and the population predictions in Python,
against the published numbers the core's tests use."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import relmap
import relmap.value as rv

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
CDNOW = pd.read_csv(DATA / "cdnow" / "cdnow_customers_summary_with_transactions.csv")
DONATIONS = pd.read_csv(DATA / "donations" / "donations_calibration_rf.csv")
BG = rv.BetaGeo.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)


def test_mbg_nbd_reproduces_the_published_cdnow_estimates() -> None:
    mbg = rv.ModifiedBetaGeo().fit(CDNOW["x"], CDNOW["t_x"], CDNOW["T"])
    got = {k: round(v, 3) for k, v in mbg.params_.items()}
    assert got == {"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614}
    assert mbg.log_likelihood_ is not None and mbg.report_["distinct_rows"] > 0
    alive = mbg.p_alive(CDNOW["x"], CDNOW["t_x"], CDNOW["T"])
    # Unlike the BG/NBD, a one-time buyer is not certainly alive.
    assert 0 < alive[CDNOW["x"].to_numpy() == 0].max() < 1
    assert rv.BetaGeo().fit(CDNOW["x"], CDNOW["t_x"], CDNOW["T"]).p_alive([0.0], [0.0], [38.86])[0] == 1.0
    assert repr(mbg).startswith("ModifiedBetaGeo(r=0.5248, alpha=6.183")


def test_bg_bb_reproduces_the_published_donations_estimates() -> None:
    bgbb = rv.BetaGeoBetaBinom().fit(DONATIONS["x"], DONATIONS["t_x"], DONATIONS["n_cal"], weights=DONATIONS["custs"])
    got = {k: round(v, 3) for k, v in bgbb.params_.items()}
    assert got == {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}
    # The holdout: 5 more years; the model's forecast of the donors' total is within 3 % of the actual.
    forecast = bgbb.expected_purchases(5, DONATIONS["x"], DONATIONS["t_x"], DONATIONS["n_cal"])
    total = float((forecast * DONATIONS["custs"]).sum())
    actual = float(DONATIONS["x_star"].sum())  # the group's holdout donations
    assert actual == 13260 and round(total) == 12884
    # The distribution of a new donor's repeat donations over six periods sums to one.
    p = [bgbb.probability_of_repeat_purchases(k, 6) for k in range(7)]
    assert sum(p) == pytest.approx(1.0, abs=1e-12)


def test_population_predictions_reproduce_btyd() -> None:
    assert round(BG.probability_of_repeat_purchases(0, 39), 7) == 0.5737864
    assert BG.probability_of_repeat_purchases(10, 2) / 1.07869e-07 == pytest.approx(1, abs=5e-6)
    # E[X(t)] at the fitted CDNOW estimates, as Hardie's BG/NBD spreadsheet prints it.
    fitted = rv.BetaGeo().fit(CDNOW["x"], CDNOW["t_x"], CDNOW["T"])
    curve = fitted.expected_repeat_purchases(np.array([1.0, 3.0, 32.0]))
    assert np.round(curve, 4).tolist() == [0.0532, 0.1506, 1.0437]
    assert fitted.expected_repeat_purchases(32) == pytest.approx(curve[2], rel=1e-15)
    assert round(fitted.expected_repeat_purchases(78), 3) == 1.858
    # The conditional distribution: for each customer the probabilities over n sum to one,
    # and their mean is the expected purchases.
    f, r, t = CDNOW["x"][:5], CDNOW["t_x"][:5], CDNOW["T"][:5]
    ps = np.array([BG.probability_of_purchases(n, 10, f, r, t) for n in range(60)])
    assert np.allclose(ps.sum(axis=0), 1.0, atol=1e-9)
    assert np.allclose((np.arange(60)[:, None] * ps).sum(axis=0), BG.expected_purchases(10, f, r, t), rtol=1e-6)
    for model in (
        rv.ParetoNBD.from_params(r=0.5534, alpha=10.5802, s=0.6061, beta=11.6562),
        rv.ModifiedBetaGeo.from_params(r=0.525, alpha=6.183, a=0.891, b=1.614),
    ):
        assert model.probability_of_purchases(0, 0, f, r, t).tolist() == [1.0] * 5
        assert 0 < model.expected_repeat_purchases(39) < BG.expected_repeat_purchases(78) * 2


def test_discrete_summary_counts_calendar_periods() -> None:
    s = rv.discrete_summary(
        ["a", "a", "a", "a", "b"],
        ["2020-03-01", "2021-05-01", "2021-06-01", "2023-02-01", "2022-07-01"],
        [10.0, 20.0, 5.0, 30.0, 8.0],
        as_of="2023-12-31",
    )
    assert s.index.tolist() == ["a", "b"]
    assert s[["frequency", "recency", "periods"]].to_numpy().tolist() == [[2, 3, 3], [0, 0, 1]]
    assert s.loc["a", "monetary_value"] == 27.5
    assert s.attrs["period"] == "year" and s.attrs["transactions_used"] == 5
    quarters = rv.discrete_summary(["a", "a"], ["2023-01-05", "2023-07-01"], [1.0, 2.0], as_of="2023-12-31", period="Q")
    assert quarters[["frequency", "recency", "periods"]].to_numpy().tolist() == [[1, 2, 3]]
    days = rv.discrete_summary(["a", "a"], ["2023-01-01", "2023-01-20"], [1.0, 2.0], as_of="2023-01-31", period=7)
    assert days.attrs["period"] == {"days": 7}
    assert days[["frequency", "recency", "periods"]].to_numpy().tolist() == [[1, 2, 3]]
    # A BG/BB fits straight on it: `periods` stands for T.
    m = rv.BetaGeoBetaBinom.from_params(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
    assert m.p_alive(s).shape == (2,)


def test_discrete_summary_holdout() -> None:
    s = rv.discrete_summary(
        ["a", "a", "a"], ["2020-03-01", "2021-05-01", "2023-02-01"], [1.0, 2.0, 3.0],
        as_of="2021-12-31", holdout_end="2023-12-31",
    )
    assert s[["frequency", "periods", "holdout_frequency", "holdout_periods"]].to_numpy().tolist() == [[1, 1, 1, 2]]


def test_bad_input_is_a_typed_error() -> None:
    with pytest.raises(relmap.ValidationError) as e:
        rv.discrete_summary(["a"], ["2020-01-01"], [1.0], as_of="2021-01-01", period="fortnight")
    assert e.value.field == "period"
    with pytest.raises(relmap.ValidationError) as e:
        rv.discrete_summary(["a"], ["2020-01-01"], [1.0], as_of="2021-01-01", period=0)
    assert e.value.field == "period"
    m = rv.BetaGeoBetaBinom.from_params(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
    with pytest.raises(relmap.ValidationError) as e:
        m.p_alive([1.0], [1.5], [3.0])  # not whole periods
    assert e.value.code == "out_of_range"
    with pytest.raises(relmap.ValidationError) as e:
        BG.probability_of_purchases(1.5, 10, [1.0], [1.0], [2.0])
    assert e.value.code == "out_of_range" and e.value.field == "n"
    with pytest.raises(relmap.ValidationError) as e:
        BG.expected_repeat_purchases(-1)
    assert e.value.field == "t"
    with pytest.raises(relmap.ValidationError) as e:
        rv.ModifiedBetaGeo.from_params(r=-1, alpha=1, a=1, b=1).p_alive([0.0], [0.0], [1.0])
    assert e.value.code == "out_of_range" and e.value.field == "r"
    with pytest.raises(relmap.RelmapError) as err:
        rv.ModifiedBetaGeo().expected_repeat_purchases(1)
    assert err.value.code == "not_fitted"
