"""Reference fixtures for relmap's value module, computed with the `lifetimes` package.

Run from the repository root in an environment with lifetimes installed, e.g.

    python -m venv /tmp/lt && /tmp/lt/bin/pip install lifetimes 'setuptools<81' pandas numpy scipy
    /tmp/lt/bin/python benches/python/make_lifetimes_fixtures.py [--models]

(`--models`: only the last two files below.) It reads the CDNOW files in examples/data/cdnow/ and writes to core/tests/fixtures/:

- lifetimes_cdnow_params.json: BG/NBD, Pareto/NBD and Gamma-Gamma estimates on the
  published calibration summary, with log-likelihoods and the library versions;
- lifetimes_cdnow_predictions.csv: per customer, at lifetimes' own estimates,
  P(alive) and expected purchases in the next 10 and 52 weeks for BG/NBD and
  Pareto/NBD, the Gamma-Gamma expected spend and the BG/NBD + Gamma-Gamma CLV
  (12 months of 4.345 weeks, 1% monthly discount);
- lifetimes_cdnow_sample_summary.csv: lifetimes' summary of CDNOW_sample.txt at
  1997-09-30 with freq="D", freq_multiplier=7 (weeks from day differences);
- lifetimes_models.json: the MBG/NBD on the CDNOW summary and the BG/BB on the donations
  table (examples/data/donations/) fitted by lifetimes, with, at lifetimes' estimates,
  the MBG/NBD's population expectation and P(X(t) = n), the BG/BB's P(alive) (next
  opportunity and now), expected transactions in the next 5 opportunities and the
  distribution of X(6), and the Pareto/NBD's conditional P(X(T, T+t) = n) for a few
  CDNOW customers;
- lifetimes_cdnow_mbg_predictions.csv: per CDNOW customer, MBG/NBD P(alive) and
  expected purchases in the next 10 and 52 weeks at lifetimes' estimates.
"""

import json
import os
import sys

import lifetimes
import numpy as np
import pandas as pd
import scipy
from lifetimes import BetaGeoBetaBinomFitter, BetaGeoFitter, GammaGammaFitter, ModifiedBetaGeoFitter, ParetoNBDFitter
from lifetimes.utils import summary_data_from_transaction_data

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "examples", "data", "cdnow")
OUT = os.path.join(ROOT, "core", "tests", "fixtures")


def main() -> int:
    os.makedirs(OUT, exist_ok=True)
    summary = pd.read_csv(os.path.join(DATA, "cdnow_customers_summary_with_transactions.csv"))
    x, tx, T, zbar = summary["x"], summary["t_x"], summary["T"], summary["zbar"]
    if "--models" in sys.argv[1:]:
        params = json.load(open(os.path.join(OUT, "lifetimes_cdnow_params.json")))["pareto_nbd"]
        pnbd = ParetoNBDFitter(penalizer_coef=0.0)
        pnbd.params_ = pd.Series({k: params[k] for k in ("r", "alpha", "s", "beta")})
        models(summary, pnbd)
        return 0

    bg = BetaGeoFitter(penalizer_coef=0.0)
    bg.fit(x, tx, T)

    # lifetimes fits Pareto/NBD with Nelder-Mead on the raw parameters (default tol 1e-4);
    # a tight tolerance and a fixed start make the reference reproducible and precise.
    pnbd = ParetoNBDFitter(penalizer_coef=0.0)
    pnbd.fit(x, tx, T, initial_params=np.ones(4), tol=1e-12, maxiter=20000)

    repeat = x > 0
    gg = GammaGammaFitter(penalizer_coef=0.0)
    gg.fit(x[repeat], zbar[repeat])

    def bg_ll(params):
        r, alpha, a, b = params
        return -BetaGeoFitter._negative_log_likelihood(
            np.log([r, alpha, a, b]), x.values, tx.values, T.values, np.ones(len(x)), 0.0
        ) * len(x)

    def pnbd_ll(params):
        return float(np.sum(ParetoNBDFitter._conditional_log_likelihood(params, x.values, tx.values, T.values)))

    def gg_ll(params):
        p, q, v = params
        xr, mr = x[repeat].values, zbar[repeat].values
        return -GammaGammaFitter._negative_log_likelihood(
            np.log([p, q, v]), xr, mr, np.ones(len(xr)), 0.0
        ) * len(xr)

    bgp = [float(bg.params_[k]) for k in ("r", "alpha", "a", "b")]
    pp = [float(pnbd.params_[k]) for k in ("r", "alpha", "s", "beta")]
    ggp = [float(gg.params_[k]) for k in ("p", "q", "v")]
    params = {
        "source": "lifetimes %s, numpy %s, scipy %s, pandas %s"
        % (lifetimes.__version__, np.__version__, scipy.__version__, pd.__version__),
        "data": "examples/data/cdnow/cdnow_customers_summary_with_transactions.csv",
        "bg_nbd": dict(zip(("r", "alpha", "a", "b"), bgp), log_likelihood=float(bg_ll(bgp))),
        "pareto_nbd": dict(zip(("r", "alpha", "s", "beta"), pp), log_likelihood=pnbd_ll(pp)),
        "gamma_gamma": dict(zip(("p", "q", "v"), ggp), log_likelihood=float(gg_ll(ggp))),
        "clv": {"time_months": 12, "discount_rate": 0.01, "freq": "W"},
    }
    with open(os.path.join(OUT, "lifetimes_cdnow_params.json"), "w") as f:
        json.dump(params, f, indent=2)
        f.write("\n")

    pred = pd.DataFrame({"id": summary["ID"], "x": x, "t_x": tx, "T": T, "zbar": zbar})
    pred["bg_p_alive"] = bg.conditional_probability_alive(x, tx, T)
    pred["bg_expected_10"] = bg.conditional_expected_number_of_purchases_up_to_time(10, x, tx, T)
    pred["bg_expected_52"] = bg.conditional_expected_number_of_purchases_up_to_time(52, x, tx, T)
    pred["pnbd_p_alive"] = pnbd.conditional_probability_alive(x, tx, T)
    pred["pnbd_expected_10"] = pnbd.conditional_expected_number_of_purchases_up_to_time(10, x, tx, T)
    pred["pnbd_expected_52"] = pnbd.conditional_expected_number_of_purchases_up_to_time(52, x, tx, T)
    pred["gg_expected_spend"] = gg.conditional_expected_average_profit(x, zbar)
    pred["bg_gg_clv"] = gg.customer_lifetime_value(bg, x, tx, T, zbar, time=12, discount_rate=0.01, freq="W")
    pred.to_csv(os.path.join(OUT, "lifetimes_cdnow_predictions.csv"), index=False, float_format="%.17g")

    raw = pd.read_csv(
        os.path.join(DATA, "CDNOW_sample.txt"),
        sep=r"\s+",
        header=None,
        names=["master", "id", "date", "cds", "dollars"],
        dtype={"master": str, "id": int, "date": str},
    )
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    s = summary_data_from_transaction_data(
        raw, "id", "date", monetary_value_col="dollars", observation_period_end="1997-09-30", freq="D", freq_multiplier=7
    )
    s.index.name = "id"
    s.to_csv(os.path.join(OUT, "lifetimes_cdnow_sample_summary.csv"), float_format="%.17g")
    print(json.dumps(params, indent=2))
    models(summary, pnbd)
    return 0


def models(summary: pd.DataFrame, pnbd: ParetoNBDFitter) -> None:
    """MBG/NBD and BG/BB references, and the Pareto/NBD conditional distribution."""
    x, tx, T = summary["x"], summary["t_x"], summary["T"]
    mbg = ModifiedBetaGeoFitter(penalizer_coef=0.0)
    mbg.fit(x, tx, T)
    mp = [float(mbg.params_[k]) for k in ("r", "alpha", "a", "b")]
    mbg_ll = -ModifiedBetaGeoFitter._negative_log_likelihood(
        np.log(mp), x.values, tx.values, T.values, np.ones(len(x)), 0.0
    ) * len(x)

    don = pd.read_csv(os.path.join(ROOT, "examples", "data", "donations", "donations_calibration_rf.csv"))
    bb = BetaGeoBetaBinomFitter(penalizer_coef=0.0)
    bb.fit(don["x"], don["t_x"], don["n_cal"], weights=don["custs"])
    bp = [float(bb.params_[k]) for k in ("alpha", "beta", "gamma", "delta")]
    bb_ll = float((BetaGeoBetaBinomFitter._loglikelihood(bp, don["x"].values, don["t_x"].values, don["n_cal"].values) * don["custs"].values).sum())
    first6 = bb.expected_number_of_transactions_in_first_n_periods(6)

    cases = [(0, 0.0, 38.86), (2, 30.43, 38.86), (7, 10.0, 38.86), (1, 1.71, 20.0)]
    pnbd_pmf = [
        {"x": f, "t_x": r, "T": big_t, "t": 52.0,
         "p": [float(pnbd.conditional_probability_of_n_purchases_up_to_time(n, 52.0, f, r, big_t)) for n in range(6)]}
        for f, r, big_t in cases
    ]
    out = {
        "source": "lifetimes %s, numpy %s, scipy %s" % (lifetimes.__version__, np.__version__, scipy.__version__),
        "mbg_nbd": {
            "data": "examples/data/cdnow/cdnow_customers_summary_with_transactions.csv",
            "params": dict(zip(("r", "alpha", "a", "b"), mp)),
            "log_likelihood": float(mbg_ll),
            "expected_new": {str(t): float(mbg.expected_number_of_purchases_up_to_time(t)) for t in (1.0, 3.0, 32.0, 78.0)},
            "p_new_39": [float(mbg.probability_of_n_purchases_up_to_time(39.0, n)) for n in range(11)],
        },
        "bg_bb": {
            "data": "examples/data/donations/donations_calibration_rf.csv",
            "params": dict(zip(("alpha", "beta", "gamma", "delta"), bp)),
            "log_likelihood": bb_ll,
            "rows": {
                "x": don["x"].tolist(), "t_x": don["t_x"].tolist(), "n": don["n_cal"].tolist(),
                "p_alive_next": bb.conditional_probability_alive(1, don["x"], don["t_x"], don["n_cal"]).tolist(),
                "p_alive_now": bb.conditional_probability_alive(0, don["x"], don["t_x"], don["n_cal"]).tolist(),
                "expected_5": bb.conditional_expected_number_of_purchases_up_to_time(5, don["x"], don["t_x"], don["n_cal"]).tolist(),
            },
            "first_6_periods_customers": {str(int(k)): float(v) for k, v in first6["model"].items()},
        },
        "pareto_nbd_conditional_pmf": pnbd_pmf,
    }
    with open(os.path.join(OUT, "lifetimes_models.json"), "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    pred = pd.DataFrame({"id": summary["ID"], "x": x, "t_x": tx, "T": T})
    pred["mbg_p_alive"] = mbg.conditional_probability_alive(x, tx, T)
    pred["mbg_expected_10"] = mbg.conditional_expected_number_of_purchases_up_to_time(10, x, tx, T)
    pred["mbg_expected_52"] = mbg.conditional_expected_number_of_purchases_up_to_time(52, x, tx, T)
    pred.to_csv(os.path.join(OUT, "lifetimes_cdnow_mbg_predictions.csv"), index=False, float_format="%.17g")
    print(json.dumps({k: out[k]["params"] for k in ("mbg_nbd", "bg_bb")}, indent=2))


if __name__ == "__main__":
    sys.exit(main())
