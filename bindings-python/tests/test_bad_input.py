"""Bad input of every kind raises the right relmap exception naming the field; nothing panics."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import relmap
import relmap.value as rv

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
F = np.array([2.0, 1.0, 0.0, 3.0])
R = np.array([30.4, 1.7, 0.0, 20.0])
T = np.array([38.9, 38.9, 38.9, 30.0])
BG = rv.BetaGeo.from_params(r=0.24, alpha=4.41, a=0.79, b=2.43)
GG = rv.GammaGamma.from_params(p=6.25, q=3.74, v=15.44)
TIMES = pd.to_datetime(["2024-01-02", "2024-02-10", "2024-03-01"])


def raises(cls: type[relmap.RelmapError], code: str, field: str | None, action: Callable[[], object]) -> None:
    with pytest.raises(cls) as info:
        action()
    assert (info.value.code, info.value.field) == (code, field), str(info.value)
    if field is not None:
        assert field.split(".")[-1].split("[")[0] in str(info.value)


def test_wrong_dtypes() -> None:
    raises(relmap.ValidationError, "invalid_argument", "amount",
           lambda: rv.rfm_summary(["a", "b", "c"], TIMES, ["1", "x", "3"], as_of="2024-06-30"))
    raises(relmap.ValidationError, "invalid_argument", "time",
           lambda: rv.rfm_summary(["a", "b", "c"], ["soon", "later", "never"], [1.0, 2.0, 3.0], as_of="2024-06-30"))
    raises(relmap.ValidationError, "invalid_argument", "time",
           lambda: rv.rfm_summary(["a", "b", "c"], [1, 2, 3], [1.0, 2.0, 3.0], as_of="2024-06-30"))
    raises(relmap.ValidationError, "invalid_argument", "frequency", lambda: BG.p_alive(F.astype(str), R, T))
    raises(relmap.ValidationError, "invalid_argument", "weights",
           lambda: rv.BetaGeo().fit(F, R, T, weights=np.array([True, False, True, True])))
    raises(relmap.ValidationError, "invalid_argument", "recency", lambda: BG.p_alive(F, R.reshape(2, 2), T))
    raises(relmap.ValidationError, "invalid_argument", "monetary_value",
           lambda: GG.expected_spend(F, np.array([None, 1, 2, 3], dtype=object)))
    raises(relmap.ValidationError, "invalid_argument", "unit",
           lambda: rv.rfm_summary(["a", "b", "c"], TIMES, [1.0, 2.0, 3.0], as_of="2024-06-30", unit="Y"))


def test_mismatched_lengths() -> None:
    raises(relmap.ValidationError, "length_mismatch", "amount",
           lambda: rv.rfm_summary(["a", "b", "c"], TIMES, [1.0, 2.0], as_of="2024-06-30"))
    raises(relmap.ValidationError, "length_mismatch", "time",
           lambda: rv.rfm_summary(["a", "b"], TIMES, [1.0, 2.0], as_of="2024-06-30"))
    raises(relmap.ValidationError, "length_mismatch", "recency", lambda: BG.p_alive(F, R[:3], T))
    raises(relmap.ValidationError, "length_mismatch", "T", lambda: BG.expected_purchases(10, F, R, T[:2]))
    raises(relmap.ValidationError, "length_mismatch", "weights", lambda: rv.BetaGeo().fit(F, R, T, weights=[1.0]))
    raises(relmap.ValidationError, "length_mismatch", "monetary_value", lambda: GG.expected_spend(F, [1.0]))
    s = rv.rfm_summary(["a", "b", "a"], TIMES, [1.0, 2.0, 3.0], as_of="2024-06-30")
    raises(relmap.ValidationError, "length_mismatch", "clv", lambda: rv.tier(s, [0.5, 0.5], [1.0]))


def test_nan_and_out_of_range() -> None:
    raises(relmap.ValidationError, "non_finite", "amount",
           lambda: rv.rfm_summary(["a", "b", "c"], TIMES, [1.0, math.nan, 3.0], as_of="2024-06-30"))
    raises(relmap.ValidationError, "out_of_range", "amount",
           lambda: rv.rfm_summary(["a", "b", "c"], TIMES, [1.0, -2.0, 3.0], as_of="2024-06-30"))
    raises(relmap.ValidationError, "non_finite", "frequency", lambda: BG.p_alive([np.nan, 1, 0, 3], R, T))
    raises(relmap.ValidationError, "non_finite", "T", lambda: BG.p_alive(F, R, [np.inf, 1, 1, 30]))
    raises(relmap.ValidationError, "out_of_range", "recency", lambda: BG.p_alive(F, [50.0, 1, 0, 3], T))
    raises(relmap.ValidationError, "out_of_range", "frequency", lambda: BG.p_alive([1.5, 1, 0, 3], R, T))
    raises(relmap.ValidationError, "non_finite", "t", lambda: BG.expected_purchases(math.nan, F, R, T))
    raises(relmap.ValidationError, "missing_value", "customer",
           lambda: rv.rfm_summary(["a", None, "c"], TIMES, [1.0, 2.0, 3.0], as_of="2024-06-30"))
    raises(relmap.ValidationError, "non_finite", "time",
           lambda: rv.rfm_summary(["a", "b", "c"], pd.to_datetime(pd.Series(["2024-01-02", None, "2024-03-01"])), [1.0, 2.0, 3.0],
                                  as_of="2024-06-30"))
    raises(relmap.ValidationError, "out_of_range", "alpha", lambda: rv.BetaGeo.from_params(r=1, alpha=-1, a=1, b=1).p_alive(F, R, T))
    raises(relmap.ValidationError, "invalid_argument", "params", lambda: rv.BetaGeo.from_params(r=1, alpha=1))
    raises(relmap.ValidationError, "not_fitted", "params_", lambda: rv.ParetoNBD().p_alive(F, R, T))
    raises(relmap.ValidationError, "as_of_before_first_purchase", "as_of",
           lambda: rv.rfm_summary(["a", "b", "c"], TIMES, [1.0, 2.0, 3.0], as_of="2023-01-01"))
    raises(relmap.ValidationError, "invalid_config", "discount_rate", lambda: GG.clv(BG, F, R, T, [1.0] * 4, discount_rate=-2))
    raises(relmap.ValidationError, "invalid_argument", "horizon", lambda: BG.clv([1.0] * 4, F, R, T, horizon=3))
    raises(relmap.ValidationError, "no_repeat_purchases", None, lambda: rv.BetaGeo().fit([0.0] * 4, [0.0] * 4, T))


def test_unknown_ids_and_malformed_documents() -> None:
    m = relmap.load(DATA / "demo_small.json")
    raises(relmap.ValidationError, "unknown_reference", "relations[7].target", lambda: m.add_relation("gm", "ghost"))
    raises(relmap.ValidationError, "not_found", None, lambda: m.set_stance("ghost", 1.0))
    raises(relmap.ValidationError, "not_found", "to", lambda: m.decision_chain().best_path("ghost"))
    raises(relmap.FormatError, "json_syntax", None, lambda: relmap.RelationshipMap.from_json("{not json"))
    raises(relmap.FormatError, "json_shape", "account",
           lambda: relmap.RelationshipMap.from_json('{"format": "relmap/1", "account": 3}'))
    raises(relmap.FormatError, "io", str(DATA / "missing.json"), lambda: relmap.load(DATA / "missing.json"))


def test_fit_that_cannot_converge_is_a_convergence_error() -> None:
    with pytest.raises(relmap.ConvergenceError) as info:
        rv.BetaGeo(optimizer={"max_iterations": 1, "nelder_mead_iterations": 1}).fit(F, R, T)
    assert info.value.code in ("not_converged", "diverged")
    assert isinstance(info.value, relmap.RelmapError) and isinstance(info.value, ValueError)


BAD_VALUES: list[Any] = [
    None, "", "x", -1, 0, 2**70, -(2**70), math.nan, math.inf, -math.inf, 1e308, [], [math.nan], {}, {"k": 1},
    np.array([]), np.array([[1.0]]), np.array(["a"]), object(),
]


def test_no_bad_value_ever_panics() -> None:
    """Every public entry point, every bad value in every argument: only relmap errors."""
    m = relmap.load(DATA / "demo_small.json")
    chain = m.decision_chain()
    calls: list[tuple[Callable[..., object], list[Any]]] = [
        (m.add_stakeholder, ["id"]),
        (m.add_relation, ["gm", "cfo"]),
        (m.set_stance, ["gm", 1.0]),
        (m.add_interaction, ["i", "2026-01-01", "visit", ["am"], ["gm"]]),
        (relmap.RelationshipMap.from_json, ["{}"]),
        (relmap.load, [str(DATA / "demo_small.json")]),
        (m.trust, ["2026-01-01"]),
        (m.stages, [None, None]),
        (m.competition, [None]),
        (chain.best_path, ["gm"]),
        (chain.access_paths, ["gm", 2]),
        (relmap.classify, [["a"], [1.0], [2.0]]),
        (rv.rfm_summary, [["a", "b", "c"], TIMES, [1.0, 2.0, 3.0]]),
        (BG.p_alive, [F, R, T]),
        (BG.expected_purchases, [10.0, F, R, T]),
        (BG.clv, [[1.0] * 4, F, R, T]),
        (GG.expected_spend, [F, [1.0] * 4]),
        (GG.clv, [BG, F, R, T, [1.0] * 4]),
        (rv.BetaGeo().fit, [F, R, T]),
        (rv.ParetoNBD().fit, [F, R, T]),
        (rv.GammaGamma().fit, [F, [1.0] * 4]),
    ]
    tried = 0
    for fn, args in calls:
        for position, bad in itertools.product(range(len(args)), BAD_VALUES):
            call = list(args)
            call[position] = bad
            kwargs = {"as_of": "2024-06-30"} if fn is rv.rfm_summary else {}
            try:
                fn(*call, **kwargs)
            except relmap.RelmapError:
                pass
            except ValueError as e:
                # Older numpy raises ValueError when a 1-element text array is read as a float scalar.
                assert "convert string to float" in str(e), (fn, position, bad, e)
            tried += 1
    # Bad keyword configs too.
    for bad in BAD_VALUES:
        for action in (lambda b: m.decision_chain(default_openness=b), lambda b: m.trust(half_life_days=b),
                       lambda b: m.to_svg(width=b), lambda b: rv.BetaGeo(min_customers=b).fit(F, R, T),
                       lambda b: BG.clv([1.0] * 4, F, R, T, periods=b)):
            try:
                action(bad)
            except relmap.RelmapError:
                pass
            tried += 1
    assert tried > 400
