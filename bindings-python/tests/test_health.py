"""Deal health from Python: the core's factors and actions as records, a table,
typed errors for a bad config."""

from __future__ import annotations

from pathlib import Path

import pytest

import relmap

GREEN = {"grade": "green"}
ALL_GREEN = {
    e: GREEN
    for e in [
        "metrics",
        "economic_buyer",
        "decision_criteria",
        "decision_process",
        "paper_process",
        "identified_pain",
        "champion",
        "competition",
    ]
}
MEDDPICC_WEIGHTS = {
    "meddpicc_metrics": 3.0,
    "meddpicc_economic_buyer": 4.0,
    "meddpicc_decision_criteria": 3.0,
    "meddpicc_decision_process": 4.0,
    "meddpicc_paper_process": 3.0,
    "meddpicc_identified_pain": 4.0,
    "meddpicc_champion": 5.0,
    "meddpicc_competition": 3.0,
}


def two_deals() -> relmap.RelationshipMap:
    """No stakeholders (so no chain factors): one deal graded all green, one not graded."""
    m = relmap.RelationshipMap("acme", name="Acme")
    m.add_opportunity("green", "All green", meddpicc=ALL_GREEN)
    m.add_opportunity("blank", "Not qualified")
    return m


def test_meddpicc_factors_are_their_weights_and_the_score_their_sum() -> None:
    deals = two_deals().deal_health(as_of="2026-03-01")
    assert [d.opportunity for d in deals] == ["green", "blank"]
    green, blank = deals
    assert isinstance(green, relmap.DealHealth) and green.as_of.startswith("2026-03-01")
    impacts = {f.code: f.impact for f in green.factors}
    # Green is +weight, not assessed is −weight (docs/deal-health.md).
    for code, w in MEDDPICC_WEIGHTS.items():
        assert impacts[code] == w
        assert {f.code: f.impact for f in blank.factors}[code] == -w
    for d in deals:
        assert d.raw_score == pytest.approx(50 + sum(f.impact for f in d.factors))
        assert d.score == pytest.approx(min(100.0, max(0.0, d.raw_score)))
        want = "healthy" if d.score >= 65 else "at_risk" if d.score >= 40 else "critical"
        assert d.status == want
    # The deals differ only in MEDDPICC: 29 points each way.
    assert green.raw_score - blank.raw_score == pytest.approx(2 * 29)
    assert blank.status == "critical"
    gains = [a.gain for a in blank.actions]
    assert 0 < len(gains) <= 3 and gains == sorted(gains, reverse=True) and gains[0] > 0
    assert all(a.action and a.action_zh for a in blank.actions)


def test_config_overrides_reach_the_core() -> None:
    deals = two_deals().deal_health(as_of="2026-03-01", weights={"meddpicc_metrics": 10.0}, base=40.0)
    impacts = {f.code: f.impact for f in deals[0].factors}
    assert impacts["meddpicc_metrics"] == 10.0
    assert deals[0].raw_score == pytest.approx(40 + sum(f.impact for f in deals[0].factors))


def test_as_of_defaults_to_the_core_s_analysis_date() -> None:
    m = relmap.load(Path(__file__).resolve().parents[2] / "examples" / "data" / "demo_small.json")
    latest = m.trust().as_of  # the core's analysis date, as trust reads it
    deals = m.deal_health()
    assert [d.opportunity for d in deals] == ["mes-2026"]
    assert deals[0].as_of.startswith(latest.date().isoformat())
    assert deals == m.deal_health(as_of=latest)


def test_tables() -> None:
    deals = two_deals().deal_health(as_of="2026-03-01")
    table = deals.to_pandas()
    assert list(table.index) == ["green", "blank"]
    assert table.loc["green", "meddpicc_champion"] == 1.0 and table.loc["blank", "meddpicc_champion"] == -1.0
    assert table.loc["blank", "status"] == "critical"
    factors = deals[1].to_pandas()
    assert factors.loc["meddpicc_champion", "impact"] == -5.0
    assert "meddpicc_champion" in str(deals[1])


def test_bad_config_is_a_typed_error() -> None:
    m = two_deals()
    with pytest.raises(relmap.ValidationError) as info:
        m.deal_health(as_of="2026-03-01", healthy_at=30.0)
    assert info.value.code == "invalid_config" and info.value.field == "healthy_at"
    with pytest.raises(relmap.ValidationError) as info:
        m.deal_health(weights={"no_such_factor": 1.0})
    assert info.value.code == "invalid_argument" and "no_such_factor" in str(info.value)
    with pytest.raises(relmap.ValidationError) as info:
        m.deal_health(as_of="yesterday")
    assert info.value.field == "as_of"
    # The map is untouched and still answers.
    assert len(m.deal_health(as_of="2026-03-01")) == 2


def test_bad_meddpicc_data_is_a_typed_error() -> None:
    m = relmap.RelationshipMap("acme", name="Acme")
    m.add_stakeholder("cio", name="Lin")
    with pytest.raises(relmap.ValidationError) as info:
        m.add_opportunity("o1", "Cloud", meddpicc={"champion": {"grade": "green", "stakeholder": "nobody"}})
    assert info.value.code == "unknown_reference"
    assert info.value.field == "opportunities[0].meddpicc.champion.stakeholder"
    with pytest.raises(relmap.ValidationError) as info:
        m.add_opportunity("o1", "Cloud", meddpicc={"competition": {"grade": "amber"}})
    assert info.value.code == "invalid_argument" and "grade" in str(info.value.field)
    steps = [{"name": "security review", "date": "2026-05-15"}, {"name": "board", "date": "2026-03-15"}]
    with pytest.raises(relmap.ValidationError) as info:
        m.add_opportunity("o1", "Cloud", meddpicc={"decision_process": {"grade": "yellow", "steps": steps}})
    assert info.value.code == "invalid_time"
    assert info.value.field == "opportunities[0].meddpicc.decision_process.steps[1].date"
    m.add_opportunity(
        "o1",
        "Cloud",
        meddpicc={"champion": {"grade": "green", "stakeholder": "cio", "tested": True}},
        buying_influences=[{"stakeholder": "cio", "roles": ["coach"], "response_mode": "growth"}],
    )
    o = m.to_dict()["opportunities"][0]
    assert o["meddpicc"]["champion"]["stakeholder"] == "cio"
    assert o["buying_influences"][0]["response_mode"] == "growth"
