"""Typed use of the public API: checked by `mypy --strict` and run as a script.

Every annotation here states what the stubs promise; mypy fails if the stubs
drift from this usage, and running the file checks the runtime agrees.
"""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

import relmap
import relmap.value as rv

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "data" / "demo_small.json"


def build() -> relmap.RelationshipMap:
    m = relmap.RelationshipMap("acme", name="Acme Group")
    m.add_stakeholder("ceo", name="Chen Wei", roles=["economic_buyer"], authority=1.0)
    m.add_stakeholder("cio", name="Liu Yang", reports_to="ceo", roles=("technical_buyer",), openness=0.4, stance=2.5)
    m.add_relation("cio", "ceo", kind="ally", strength=0.6, direction="both")
    m.add_team_member("rep", name="Zhao Min", role="account_manager", title="KAM")
    m.set_stance("ceo", None)
    return m


def error_details(err: relmap.RelmapError) -> tuple[str, str | None]:
    code: str = err.code
    field: str | None = err.field
    return code, field


def analyses(m: relmap.RelationshipMap) -> None:
    chain: relmap.DecisionChain = m.decision_chain(default_openness=0.4, key_players={"top_n": 3})
    influence: dict[str, float] = chain.influence
    support: float = chain.predicted_support
    flags: list[relmap.RedFlag] = chain.red_flags
    flag_table: pd.DataFrame = chain.red_flags.to_pandas()
    codes: list[str] = [f.code for f in flags]
    path: relmap.AccessPath | None = chain.best_path("gm")
    contacts: list[relmap.NextBestContact] = chain.next_best_contacts
    table: pd.DataFrame = chain.to_pandas()
    when: dt.datetime | None = chain.as_of
    assert abs(sum(influence.values()) - 1) < 1e-9 and -1 <= support <= 1 and codes and path and contacts
    assert len(table) == len(m) and when is not None and len(flag_table) == len(flags)
    report: relmap.TrustReport = m.trust(as_of=dt.date(2026, 3, 1), half_life_days=60)
    score: relmap.TrustScore = report.scores["gm"]
    pillar: float = score.relationship.score
    level: str = score.level
    assert 0 <= pillar <= 100 and level and len(report.to_pandas()) == len(m)
    stages: list[relmap.StageAssessment] = m.stages()
    stage_table: pd.DataFrame = m.stages().to_pandas()
    assert len(stage_table) == len(stages)
    matrices: list[relmap.CompetitionMatrix] = m.competition(chain)
    svg: str = m.to_svg(chain, highlight="gm")
    assert isinstance(stages, list) and isinstance(matrices, list) and svg.startswith("<svg")
    cm: relmap.ClassificationMatrix = relmap.classify(["a", "b"], [1.0, 2.0], [30.0, 70.0])
    assert set(cm.quadrants) == {"a", "b"}


def value() -> None:
    times = pd.to_datetime(["2026-01-05", "2026-02-01", "2026-01-20", "2026-03-01", "2026-02-25", "2026-03-05"])
    summary: pd.DataFrame = rv.rfm_summary(
        ["a", "a", "b", "a", "b", "c"], times, np.array([10.0, 12.0, 5.0, 8.0, 7.0, 3.0]), as_of="2026-03-31"
    )
    bg: rv.BetaGeo = rv.BetaGeo.from_params(r=0.24, alpha=4.41, a=0.79, b=2.43)
    # pandas in, pandas out: a summary gives Series indexed by customer ...
    alive: pd.Series[float] = bg.p_alive(summary)
    expected: pd.Series[float] = bg.expected_purchases(4.0, summary)
    gg: rv.GammaGamma = rv.GammaGamma.from_params(p=6.25, q=3.74, v=15.44)
    clv: pd.Series[float] = gg.clv(bg, summary)
    spend: pd.Series[float] = gg.expected_spend(summary)
    tiers: pd.DataFrame = rv.tier(summary, alive, clv)
    params: dict[str, float] = bg.params_
    assert len(alive) == len(expected) == len(clv) == len(spend) == len(tiers) == 3 and params["r"] == 0.24
    assert alive.name == "p_alive" and list(alive.index) == ["a", "b", "c"]
    # ... and numpy arrays give arrays.
    f, r, t = (summary[c].to_numpy() for c in ("frequency", "recency", "T"))
    alive_array: npt.NDArray[np.float64] = bg.p_alive(f, r, t)
    renew: pd.Series[float] = rv.ShiftedBetaGeo.from_params(alpha=1.0, beta=2.0).p_renew_customers(
        pd.DataFrame({"tenure": [1, 2], "active": [True, False]})
    )
    assert isinstance(alive_array, np.ndarray) and renew.name == "p_renew"
    account = relmap.RelationshipMap("a", name="A")
    warnings: pd.DataFrame = rv.churn_warnings(summary, alive, clv, maps=[account], p_alive=0.99)
    assert set(warnings.columns) == {"severity", "signals", "reason", "p_alive", "rate_ratio"}


def main() -> None:
    m = build()
    ids: list[str] = m.stakeholder_ids
    count: int = len(m)
    account: str = m.account_id
    name: str = m.account_name
    text: str = m.to_json()
    same: bool = relmap.RelationshipMap.from_json(text) == m
    loaded: relmap.RelationshipMap = relmap.load(SAMPLE)
    loaded_from_str: relmap.RelationshipMap = relmap.load(str(SAMPLE))
    clone: relmap.RelationshipMap = pickle.loads(pickle.dumps(loaded))
    assert ids == ["ceo", "cio"] and count == 2 and account == "acme" and name == "Acme Group" and same
    assert loaded == loaded_from_str == clone
    assert m.team_ids == ["rep"] and m.relation_count == 1
    try:
        m.add_relation("cio", "ghost")
    except relmap.ValidationError as err:
        assert error_details(err) == ("unknown_reference", "relations[1].target")
    else:
        raise AssertionError("an unknown id was accepted")
    try:
        relmap.RelationshipMap.from_json("{")
    except relmap.FormatError as err:
        assert error_details(err)[0] == "json_syntax"
    else:
        raise AssertionError("malformed JSON was accepted")
    version: str = relmap.__version__
    assert version
    analyses(loaded)
    value()


if __name__ == "__main__":
    main()
    print("typed_usage: ok")
