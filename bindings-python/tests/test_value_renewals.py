"""The sBG (contract renewals), DERT, model comparison and fit summaries in Python,
against the published numbers the core's tests use."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import relmap
import relmap.value as rv

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
COHORTS = pd.read_csv(DATA / "sbg" / "retention.csv")
CDNOW = pd.read_csv(DATA / "cdnow" / "cdnow_customers_summary_with_transactions.csv")
DONATIONS = pd.read_csv(DATA / "donations" / "donations_calibration_rf.csv")
REGULAR = COHORTS["regular"].tolist()


def cdnow_transactions() -> pd.DataFrame:
    tx = pd.read_csv(DATA / "cdnow" / "CDNOW_sample.txt", sep=r"\s+", header=None, dtype=str)
    return pd.DataFrame(
        {"customer": tx[1], "time": pd.to_datetime(tx[2], format="%Y%m%d"), "amount": tx[4].astype(float)}
    )


# ---- sBG ----------------------------------------------------------------------


def test_sbg_reproduces_the_published_cohort_estimates() -> None:
    for cohort, alpha, beta, ll in (("regular", 0.704, 1.182, -1680.27), ("high_end", 0.668, 3.806, -1611.16)):
        m = rv.ShiftedBetaGeo().fit_cohorts(COHORTS[cohort])
        assert {k: round(v, 3) for k, v in m.params_.items()} == {"alpha": alpha, "beta": beta}
        assert m.log_likelihood_ is not None and round(m.log_likelihood_, 2) == ll
        # The projected survivors track the observed ones (Fader & Hardie 2007, Figure 3).
        projected = 1000 * m.survival_curve(7)
        assert np.abs(projected - COHORTS[cohort].to_numpy()).max() < 25
    # Both cohorts at once, as a DataFrame of cohorts or a list of them.
    both = rv.ShiftedBetaGeo().fit_cohorts(COHORTS[["regular", "high_end"]])
    assert both.params_ == rv.ShiftedBetaGeo().fit_cohorts([REGULAR, COHORTS["high_end"].tolist()]).params_
    assert both.n_customers_ == 2000


def test_sbg_per_customer_rows_with_weights_equal_the_cohort() -> None:
    lapsed = [REGULAR[t - 1] - REGULAR[t] for t in range(1, 8)]
    rows = pd.DataFrame({"tenure": [*range(1, 8), 7], "active": [False] * 7 + [True]})
    m = rv.ShiftedBetaGeo().fit(rows, weights=[*lapsed, REGULAR[7]])
    cohort = rv.ShiftedBetaGeo().fit_cohorts(REGULAR)
    assert m.params_ == pytest.approx(cohort.params_, rel=1e-6)
    assert m.log_likelihood_ == pytest.approx(cohort.log_likelihood_, rel=1e-9)
    assert m.log_likelihood(rows, weights=[*lapsed, REGULAR[7]]) == pytest.approx(m.log_likelihood_, rel=1e-9)
    # Expanded rows give the same fit (integers, numpy bools or 0/1 all read as flags).
    tenure = np.repeat(rows["tenure"].to_numpy(), np.array([*lapsed, REGULAR[7]], dtype=int))
    active = np.repeat(rows["active"].to_numpy().astype(int), np.array([*lapsed, REGULAR[7]], dtype=int))
    expanded = rv.ShiftedBetaGeo().fit(tenure, active)
    assert expanded.params_ == pytest.approx(cohort.params_, rel=1e-6)


def test_sbg_curves_lifetimes_and_values() -> None:
    m = rv.ShiftedBetaGeo.from_params(alpha=0.704, beta=1.182)
    a, b = 0.704, 1.182
    s = m.survival_curve(10)
    assert s[0] == 1.0 and np.all(np.diff(s) < 0)
    assert m.survival(np.arange(11)) == pytest.approx(s, rel=1e-12)
    r = m.retention_curve(10)
    assert r == pytest.approx(s[1:] / s[:-1], rel=1e-12)
    assert np.all(np.diff(r) > 0)  # retention rises with tenure
    assert m.retention(1) == pytest.approx(b / (a + b), rel=1e-15)
    assert m.churn_probability(np.arange(1, 11)) == pytest.approx(s[:-1] - s[1:], rel=1e-9)
    assert m.p_renew(7) == pytest.approx((b + 7) / (a + b + 7), rel=1e-15)
    assert m.p_renew([0, 7]).tolist() == [m.p_renew(0), m.p_renew(7)]
    assert m.p_renew_customers([7, 3], [True, False]).tolist() == [m.p_renew(7), 0.0]
    # DEL and DERL against their direct sums over a long survival curve.
    d = 0.1
    long = m.survival_curve(4000)
    assert m.del_(d) == pytest.approx(float(np.sum(long / (1 + d) ** np.arange(4001))), rel=1e-9)
    derl7 = float(np.sum(long[8:3008] / long[7] / (1 + d) ** np.arange(3000)))
    assert m.derl(d, 7) == pytest.approx(derl7, rel=1e-9)
    assert m.derl(d, [0, 7]).tolist() == [m.derl(d, 0), m.derl(d, 7)]
    assert m.del_(d) == pytest.approx(1 + m.derl(d, 0) / (1 + d), rel=1e-12)
    assert m.clv([100.0, 50.0], d, [7, 3], [True, False]).tolist() == [100 * m.derl(d, 7), 0.0]
    # Both published cohorts have α < 1: the mean lifetime is infinite.
    with pytest.raises(relmap.ValidationError) as e:
        m.expected_lifetime()
    assert e.value.code == "undefined"
    finite = rv.ShiftedBetaGeo.from_params(alpha=3.0, beta=4.0)
    assert finite.expected_lifetime() == pytest.approx(float(finite.survival_curve(20000).sum()), rel=1e-6)
    assert finite.expected_remaining_lifetime(2) == pytest.approx((4 + 2) / (3 - 1), rel=1e-15)


def test_sbg_bad_input_is_a_typed_error() -> None:
    m = rv.ShiftedBetaGeo.from_params(alpha=0.704, beta=1.182)
    with pytest.raises(relmap.ValidationError) as e:
        rv.ShiftedBetaGeo().fit_cohorts([1000, 600, 650])
    assert e.value.code == "out_of_range" and e.value.field == "survivors"
    with pytest.raises(relmap.ValidationError) as e:
        rv.ShiftedBetaGeo().fit_cohorts([1000, float("nan")])
    assert e.value.code == "non_finite"
    with pytest.raises(relmap.ValidationError) as e:
        rv.ShiftedBetaGeo().fit([1, 2, 3], [True, True, True])  # nobody lapsed
    assert e.value.code == "not_identified"
    with pytest.raises(relmap.ValidationError) as e:
        rv.ShiftedBetaGeo().fit([1, 2], [True, 2])
    assert e.value.code == "out_of_range" and e.value.field == "active"
    with pytest.raises(relmap.ValidationError) as e:
        rv.ShiftedBetaGeo().fit([1, 2], [True])
    assert e.value.field == "active"
    with pytest.raises(relmap.ValidationError) as e:
        rv.ShiftedBetaGeo().fit([0.0, 2.0], [False, True])  # a lapsed customer stayed >= 1 period
    assert e.value.code == "out_of_range" and e.value.field == "tenure"
    with pytest.raises(relmap.ValidationError) as e:
        m.del_(0)
    assert e.value.code == "invalid_config" and e.value.field == "discount_rate"
    with pytest.raises(relmap.ValidationError) as e:
        m.survival(1.5)
    assert e.value.code == "out_of_range"
    with pytest.raises(relmap.ValidationError) as e:
        m.survival_curve(-1)
    assert e.value.field == "periods"
    with pytest.raises(relmap.ValidationError) as e:
        m.clv([1.0], 0.1, [1, 2], [True, True])
    assert e.value.field == "margin"
    with pytest.raises(relmap.ValidationError) as e:
        rv.ShiftedBetaGeo.from_params(alpha=-1, beta=1).p_renew(1)
    assert e.value.code == "out_of_range"
    with pytest.raises(relmap.RelmapError) as err:
        rv.ShiftedBetaGeo().p_renew(1)
    assert err.value.code == "not_fitted"


# ---- summaries ----------------------------------------------------------------


def test_bg_nbd_summary_reproduces_lifetimes_standard_errors() -> None:
    bg = rv.BetaGeo().fit(CDNOW["x"], CDNOW["t_x"], CDNOW["T"])
    s = bg.summary()
    assert s.index.tolist() == ["r", "alpha", "a", "b"] and s.index.name == "parameter"
    assert s.columns.tolist() == ["estimate", "std_error", "lower", "upper"]
    # lifetimes' published `summary` of this fit: se r 0.012557, alpha 0.378221, a 0.185719, b 0.705345,
    # to the printed digits (within a unit of the last one, as the core's test: lifetimes' own
    # Hessian is a finite-difference one).
    published = np.array([0.012557, 0.378221, 0.185719, 0.705345])
    assert np.all(np.abs(s["std_error"].to_numpy() - published) <= 1e-6 + 2e-6 * published)
    assert s["estimate"].tolist() == [bg.params_[k] for k in s.index]
    assert (s["lower"] < s["estimate"]).all() and (s["estimate"] < s["upper"]).all() and (s["lower"] > 0).all()
    # Log-scale intervals: the estimate is the geometric mean of the ends.
    assert np.sqrt(s["lower"].to_numpy() * s["upper"].to_numpy()) == pytest.approx(s["estimate"].to_numpy(), rel=1e-12)
    wider = bg.summary(level=0.99)
    assert (wider["upper"] > s["upper"]).all() and wider.attrs["level"] == 0.99
    v = bg.vcov_
    assert v.index.tolist() == v.columns.tolist() == ["r", "alpha", "a", "b"]
    assert np.allclose(v.to_numpy(), v.to_numpy().T) and np.diag(v) == pytest.approx(s["std_error"] ** 2, rel=1e-12)
    assert bg.n_customers_ == 2357
    ll = bg.log_likelihood_
    assert ll is not None
    assert bg.aic_ == pytest.approx(8 - 2 * ll, rel=1e-15)
    assert bg.bic_ == pytest.approx(4 * np.log(2357) - 2 * ll, rel=1e-15)
    assert s.attrs["aic"] == bg.aic_ and s.attrs["n_customers"] == 2357 and s.attrs["model"] == "bg_nbd"


def test_every_model_has_a_summary_that_survives_pickle() -> None:
    x, tx, t = CDNOW["x"], CDNOW["t_x"], CDNOW["T"]
    models = [
        rv.BetaGeo().fit(x, tx, t),
        rv.ModifiedBetaGeo().fit(x, tx, t),
        rv.ParetoNBD().fit(x, tx, t),
        rv.BetaGeoBetaBinom().fit(DONATIONS["x"], DONATIONS["t_x"], DONATIONS["n_cal"], weights=DONATIONS["custs"]),
        rv.ShiftedBetaGeo().fit_cohorts(REGULAR),
        rv.GammaGamma().fit(x[x > 0], CDNOW["zbar"][x > 0]),
    ]
    for m in models:
        s = m.summary()
        assert s.index.tolist() == list(m._names)
        assert (s["std_error"] > 0).all(), type(m).__name__
        clone = pickle.loads(pickle.dumps(m))
        assert clone == m and type(clone) is type(m)
        pd.testing.assert_frame_equal(clone.summary(), s)
        assert clone.aic_ == m.aic_ and clone.vcov_.equals(m.vcov_)
    # A BG/BB on the donations: N is the 11,104 donors the weights count.
    assert models[3].n_customers_ == 11104


def test_summary_errors_are_typed() -> None:
    with pytest.raises(relmap.ValidationError) as e:
        rv.BetaGeo.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426).summary()
    assert e.value.code == "undefined"
    with pytest.raises(relmap.ValidationError) as e:
        rv.BetaGeo.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426).aic_
    assert e.value.code == "undefined"
    bg = rv.BetaGeo().fit(CDNOW["x"], CDNOW["t_x"], CDNOW["T"])
    for level in (0, 1, 1.5, float("nan")):
        with pytest.raises(relmap.ValidationError) as e:
            bg.summary(level)
        assert e.value.code == "invalid_config" and e.value.field == "level"
    # Three customers: the fit runs to a boundary; no standard errors, naming the parameter.
    tiny = rv.BetaGeo().fit([1.0, 0.0, 2.0], [5.0, 0.0, 9.0], [10.0, 10.0, 10.0])
    with pytest.raises(relmap.ValidationError) as e:
        tiny.summary()
    field = e.value.field
    assert e.value.code == "not_identified" and field is not None and field in tiny.report_["at_bound"]
    assert field in str(e.value)
    assert np.isfinite(tiny.aic_)  # the criteria need no standard errors
    # Without standard errors the fit keeps no information: the summary says so.
    quick = rv.BetaGeo(standard_errors=False).fit(CDNOW["x"], CDNOW["t_x"], CDNOW["T"])
    assert quick.report_["information"] == []
    with pytest.raises(relmap.ValidationError) as e:
        quick.summary()
    assert e.value.code == "undefined"


# ---- DERT and model comparison ------------------------------------------------


def test_dert_is_the_discounted_stream_of_expected_purchases() -> None:
    bgbb = rv.BetaGeoBetaBinom.from_params(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
    x, tx, n = DONATIONS["x"][:6], DONATIONS["t_x"][:6], DONATIONS["n_cal"][:6]
    d = 0.1
    cumulative = np.array([bgbb.expected_purchases(k, x, tx, n) for k in range(0, 400)])
    direct = (np.diff(cumulative, axis=0) / (1 + d) ** np.arange(1, 400)[:, None]).sum(axis=0)
    dert_bgbb = bgbb.dert(d, x, tx, n)  # Series columns in: a Series "dert" on their index
    assert dert_bgbb.name == "dert" and dert_bgbb.index.equals(x.index)
    assert dert_bgbb.to_numpy() == pytest.approx(direct, rel=1e-9)
    pnbd = rv.ParetoNBD.from_params(r=0.5534, alpha=10.5802, s=0.6061, beta=11.6562)
    weekly = np.log1p(0.15) / 52
    dert = pnbd.dert(weekly, CDNOW["x"][:20], CDNOW["t_x"][:20], CDNOW["T"][:20])
    assert (dert > 0).all() and (dert < pnbd.expected_purchases(1e6, CDNOW["x"][:20], CDNOW["t_x"][:20], CDNOW["T"][:20])).all()
    with pytest.raises(relmap.ValidationError) as e:
        pnbd.dert(0, [1.0], [1.0], [2.0])
    assert e.value.code == "invalid_config" and e.value.field == "discount_rate"


def test_compare_models_on_the_cdnow_sample_with_its_holdout() -> None:
    tx = cdnow_transactions()
    s = rv.rfm_summary(tx["customer"], tx["time"], tx["amount"], as_of="1997-09-30", holdout_end="1998-06-30")
    df = rv.compare_models(s)
    assert df.index.tolist() == ["bg_nbd", "mbg_nbd", "pareto_nbd"]  # weeks are not whole periods: no BG/BB
    assert df["log_likelihood"].round(2).tolist() == [-9582.43, -9582.14, -9594.98]
    assert (df["parameter_count"] == 4).all() and not df["discrete"].any()
    assert df["aic"].to_numpy() == pytest.approx(8 - 2 * df["log_likelihood"].to_numpy(), rel=1e-12)
    assert (df["holdout_actual"] == 1882).all()
    assert df["holdout_predicted"].round().tolist() == [1653, 1577, 1666]
    params: dict[str, float] = df["params"].to_dict()["bg_nbd"]
    assert df["error"].isna().all() and params["r"] == pytest.approx(0.2426, abs=1e-4)
    # On the donations (whole periods) the BG/BB joins, marked discrete.
    donations = rv.compare_models(
        DONATIONS["x"], DONATIONS["t_x"], DONATIONS["n_cal"], weights=DONATIONS["custs"],
        holdout_frequency=DONATIONS["x_star"] / DONATIONS["custs"], holdout_duration=5,
    )
    assert donations.loc["bg_bb", "discrete"] and donations.loc["bg_bb", "holdout_actual"] == pytest.approx(13260)
    with pytest.raises(relmap.ValidationError) as e:
        rv.compare_models(s, holdout_frequency=[1.0], holdout_duration=39)
    assert e.value.field == "holdout_frequency"


# ---- covariates (CLVTools' apparel data) ---------------------------------------


def apparel() -> tuple[pd.DataFrame, pd.DataFrame]:
    tx = pd.read_csv(DATA / "clvtools_apparel" / "apparelTrans.csv")
    s = rv.rfm_summary(tx["Id"], tx["Date"], tx["Price"], as_of="2006-12-31")
    cov = pd.read_csv(DATA / "clvtools_apparel" / "apparelStaticCov.csv").set_index("Id")
    return s, cov.loc[s.index, ["Gender", "Channel"]]


def test_pareto_nbd_with_static_covariates_on_the_apparel_data() -> None:
    s, cov = apparel()
    assert len(s) == 600
    plain = rv.ParetoNBD().fit(s)
    # CLVTools' published estimates (104-week estimation period).
    published = {"r": 1.4489768, "alpha": 48.6360845, "s": 0.5612598, "beta": 46.8843633}
    for k, v in published.items():
        assert plain.params_[k] == pytest.approx(v, rel=1e-4), k
    m = rv.ParetoNBD().fit(s, purchase_covariates=cov, dropout_covariates=cov)
    names = ["r", "alpha", "s", "beta", "purchase.Gender", "purchase.Channel", "dropout.Gender", "dropout.Channel"]
    assert list(m.params_) == names
    summary = m.summary()
    assert summary.index.tolist() == names and (summary["std_error"] > 0).all()
    # The core's numbers (docs/value.md): estimates, standard errors and log-likelihood.
    want = [1.838967, 92.962962, 0.591304, 49.513082, 0.286135, 0.623930, -0.641868, 0.789759]
    assert summary["estimate"].to_numpy() == pytest.approx(want, rel=2e-4)
    assert summary.loc["purchase.Gender", "std_error"] == pytest.approx(0.104139, rel=2e-3)
    assert m.log_likelihood_ == pytest.approx(-5821.0627, abs=1e-3)
    # The coefficients get symmetric intervals on their own scale.
    g = summary.loc["purchase.Gender"]
    assert g["lower"] == pytest.approx(g["estimate"] - 1.959963984540054 * g["std_error"], rel=1e-9)
    assert m.n_customers_ == 600 and m.aic_ == pytest.approx(16 - 2 * (m.log_likelihood_ or 0.0), rel=1e-12)
    lrt = rv.likelihood_ratio_test(plain, m)
    assert lrt["df"] == 4 and round(lrt["statistic"], 2) == 54.07 and lrt["p_value"] == pytest.approx(5.1e-11, rel=0.05)
    alive = m.p_alive(s, purchase_covariates=cov, dropout_covariates=cov)
    assert alive.shape == (600,) and np.all((alive >= 0) & (alive <= 1))
    assert not np.allclose(alive, plain.p_alive(s))
    e = m.expected_purchases(52, s, purchase_covariates=cov, dropout_covariates=cov)
    assert np.all(np.isfinite(e) & (e >= 0))
    clv = m.clv(np.ones(600), s, purchase_covariates=cov, dropout_covariates=cov)
    assert np.all(np.isfinite(clv) & (clv >= 0))
    # The model pickles with its covariate fit.
    clone = pickle.loads(pickle.dumps(m))
    assert clone == m
    np.testing.assert_array_equal(clone.p_alive(s, purchase_covariates=cov, dropout_covariates=cov), alive)
    # One coefficient for both processes.
    c = rv.ParetoNBD().fit(s, purchase_covariates=cov, dropout_covariates=cov, constrain_equal=["Channel"])
    assert list(c.params_)[4:] == ["purchase.Gender", "dropout.Gender", "constrained.Channel"]
    # The BG/NBD takes them too.
    bg = rv.BetaGeo().fit(s, purchase_covariates=cov[["Gender"]])
    assert list(bg.summary().index) == ["r", "alpha", "a", "b", "purchase.Gender"]


def test_bad_covariates_are_typed_errors_naming_the_column() -> None:
    s, cov = apparel()
    constant = cov.assign(Channel=1.0)
    with pytest.raises(relmap.ValidationError) as e:
        rv.ParetoNBD().fit(s, purchase_covariates=constant)
    assert e.value.code == "not_identified" and e.value.field == "purchase_covariates" and "Channel" in str(e.value)
    collinear = cov.assign(Online=cov["Channel"])
    with pytest.raises(relmap.ValidationError) as e:
        rv.ParetoNBD().fit(s, purchase_covariates=collinear)
    assert e.value.code == "not_identified" and "Online" in str(e.value)
    with_nan = cov.assign(Channel=cov["Channel"].where(np.arange(600) != 5))
    with pytest.raises(relmap.ValidationError) as e:
        rv.ParetoNBD().fit(s, dropout_covariates=with_nan)
    assert e.value.code == "non_finite" and "Channel" in str(e.value)
    with pytest.raises(relmap.ValidationError) as e:
        rv.ParetoNBD().fit(s, dropout_covariates=cov.iloc[:10])
    assert e.value.code == "length_mismatch" and e.value.field == "dropout_covariates"
    with pytest.raises(relmap.ValidationError) as e:
        rv.ParetoNBD().fit(s, purchase_covariates=cov.assign(Gender=["m"] * 600))
    assert e.value.code == "invalid_argument" and e.value.field == "purchase_covariates.Gender"
    with pytest.raises(relmap.ValidationError) as e:
        rv.ModifiedBetaGeo().fit(s, purchase_covariates=cov)
    assert e.value.code == "invalid_argument"
    m = rv.ParetoNBD().fit(s, purchase_covariates=cov[["Gender"]])
    with pytest.raises(relmap.ValidationError) as e:
        m.p_alive(s)  # the fit's covariates are needed
    assert e.value.field == "purchase_covariates"
    with pytest.raises(relmap.ValidationError) as e:
        m.probability_of_purchases(1, 10, s)
    assert e.value.field == "covariates"
    with pytest.raises(relmap.ValidationError) as e:
        rv.likelihood_ratio_test(m, rv.ParetoNBD().fit(s))  # not nested that way round
    assert e.value.code == "invalid_config"


def test_relationship_covariates_of_a_portfolio() -> None:
    maps = [relmap.load(DATA / f"{name}.json") for name in ("manufacturing_cloud", "city_construction_tender")]
    df = rv.relationship_covariates(maps, as_of="2026-11-15")
    assert df.index.name == "account" and len(df) == 2
    assert df.columns.tolist() == [
        "decision_coverage",
        "economic_buyer_trust",
        "key_player_threads",
        "predicted_support",
        "days_since_key_player_contact",
        "champion_present",
    ]
    assert df["decision_coverage"].between(0, 1).all() and df["predicted_support"].between(-1, 1).all()
    assert set(df["champion_present"]) <= {0.0, 1.0}
    # The same as each map on its own, and usable as covariates joined by account.
    one = rv.relationship_covariates(maps[:1], as_of="2026-11-15")
    pd.testing.assert_frame_equal(one, df.iloc[:1])
    with pytest.raises(relmap.ValidationError) as e:
        rv.relationship_covariates([maps[0], maps[0]], as_of="2026-11-15")  # a repeated account
    assert e.value.code == "invalid_argument"
    with pytest.raises(TypeError):
        rv.relationship_covariates(["not a map"], as_of="2026-11-15")  # type: ignore[list-item]
