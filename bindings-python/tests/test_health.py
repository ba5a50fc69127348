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


def test_portfolio_view_ranks_deals_worst_first_and_tallies_what_hurts() -> None:
    a, b = two_deals(), relmap.RelationshipMap("beta", name="Beta")
    b.add_opportunity("half", "Half qualified", meddpicc={"metrics": GREEN, "champion": GREEN})
    view = relmap.portfolio_deal_health([a, b], as_of="2026-03-01")
    assert isinstance(view, relmap.PortfolioHealth)
    assert relmap.Portfolio([a, b]).deal_health("2026-03-01") == view
    assert [d.opportunity for d in view.deals] == ["blank", "half", "green"]
    assert [d.score for d in view.deals] == sorted(d.score for d in view.deals)
    # The same deals as each map's own deal health.
    by_map = {d.opportunity: d for d in [*a.deal_health(as_of="2026-03-01"), *b.deal_health(as_of="2026-03-01")]}
    assert all(d == by_map[d.opportunity] for d in view.deals)
    assert sum(view.counts.values()) == 3 and view.counts["critical"] >= 1
    # Paper process hurts the blank and the half-qualified deal: twice, −3 each.
    paper = next(f for f in view.common_factors if f.code == "meddpicc_paper_process")
    assert (paper.deals, paper.total_impact) == (2, -6.0)
    assert [f.deals for f in view.common_factors] == sorted((f.deals for f in view.common_factors), reverse=True)
    assert list(view.to_pandas().index) == ["blank", "half", "green"]
    assert view.common_factors_frame().loc["meddpicc_paper_process", "deals"] == 2
    with pytest.raises(relmap.ValidationError) as info:
        relmap.portfolio_deal_health([a], as_of="2026-03-01", ghosted_days=-1)
    assert info.value.field == "ghosted_days"
    with pytest.raises(TypeError):
        relmap.portfolio_deal_health([a, "not a map"], as_of="2026-03-01")  # type: ignore[list-item]


def simulated_outcomes(n: int, seed: int = 7) -> list[dict[str, object]]:
    """Deals whose win chance follows σ(0.3 + 1.5·champion − 1.0·[no power])."""
    import math
    import random

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        champion = rng.choice([-1.0, 1.0])
        no_power = rng.choice([-1.0, 0.0])
        p = 1 / (1 + math.exp(-(0.3 + 1.5 * champion + 1.0 * no_power)))
        out.append({"values": {"meddpicc_champion": champion, "no_power": no_power}, "won": rng.random() < p})
    return out


def test_calibration_recovers_the_signs_and_separates_won_from_lost() -> None:
    fit = relmap.calibrate(simulated_outcomes(600))
    assert isinstance(fit, relmap.Calibration)
    assert fit.coefficients["meddpicc_champion"] == pytest.approx(1.5, abs=0.35)
    assert fit.coefficients["no_power"] == pytest.approx(1.0, abs=0.4)
    assert abs(fit.coefficients["opponent_influence"]) < 1e-6  # never varies: held at 0 by the ridge
    assert fit.auc > 0.7 and fit.training_auc >= fit.auc - 0.05
    assert fit.outcomes[0] == 600 and fit.outcomes[1] + fit.outcomes[2] == 600
    # Weights in points: 25 per unit of log-odds; the config is usable as it is.
    assert fit.config["weights"]["meddpicc_champion"] == pytest.approx(25 * fit.coefficients["meddpicc_champion"])
    assert len(two_deals().deal_health(as_of="2026-03-01", **fit.config)) == 2
    # (DealHealth, won) pairs are outcomes too.
    deals = two_deals().deal_health(as_of="2026-03-01")
    pairs = [(deals[k % 2], k % 3 == 0) for k in range(60)]
    assert relmap.calibrate(pairs, min_outcomes=40).outcomes[0] == 60


def test_calibration_refuses_too_little_history_with_a_typed_error() -> None:
    with pytest.raises(relmap.RelmapError) as info:
        relmap.calibrate(simulated_outcomes(30))
    assert info.value.code == "too_few_outcomes" and info.value.field == "outcomes"
    with pytest.raises(relmap.RelmapError) as info:
        relmap.calibrate([{"values": {"no_power": 3.0}, "won": True}] * 50)
    assert info.value.code in ("out_of_range", "too_few_outcomes")
    with pytest.raises(relmap.ValidationError) as info:
        relmap.calibrate(simulated_outcomes(100), folds=0)
    assert info.value.code == "invalid_config" and info.value.field == "folds"
    with pytest.raises(relmap.ValidationError) as info:
        relmap.calibrate([{"values": {"no_such_factor": 1.0}, "won": True}])
    assert info.value.code == "invalid_argument"
    with pytest.raises(relmap.ValidationError):
        relmap.calibrate([42])


def test_the_portfolio_chart_is_the_core_s_svg(tmp_path: Path) -> None:
    import re

    data = Path(__file__).resolve().parents[2] / "examples" / "data"
    maps = [relmap.load(data / f"{n}.json") for n in ["demo_small", "city_construction_tender", "manufacturing_cloud"]]
    view = relmap.portfolio_deal_health(maps, as_of="2026-11-15")
    chart = relmap.deal_health_chart(view)
    assert chart.kind == "deal_health" and chart.svg.startswith("<svg")
    # One bar per deal, worst first, coloured by status.
    assert re.findall(r'data-status="(\w+)"', chart.svg) == [d.status for d in view.deals]
    for d in view.deals:
        assert d.name in chart.svg
    # The same deals in any order draw the same chart: the core gathers them again.
    deals = [d for m in maps for d in m.deal_health(as_of="2026-11-15")]
    assert relmap.deal_health_chart(deals).svg == chart.svg
    # Shown at the output's width in a notebook, saved at full size.
    assert 'width="100%"' in chart._repr_svg_().split(">", 1)[0]
    chart.save(tmp_path / "health.svg")
    assert (tmp_path / "health.svg").read_text(encoding="utf-8") == chart.svg
    assert 'width="360"' in relmap.deal_health_chart(view, width=360).svg.split(">", 1)[0]


def test_a_bad_chart_argument_is_a_typed_error() -> None:
    view = relmap.portfolio_deal_health([two_deals()], as_of="2026-03-01")
    with pytest.raises(relmap.RelmapError) as bad:
        relmap.deal_health_chart(view, width=10)
    assert bad.value.field == "options.width"
    with pytest.raises(relmap.RelmapError) as bad:
        relmap.deal_health_chart([view.deals[0], "deal"])  # type: ignore[list-item]
    assert (bad.value.code, bad.value.field) == ("invalid_argument", "view[1]")
    with pytest.raises(relmap.RelmapError) as bad:
        relmap.deal_health_chart(view, colour="red")
    assert bad.value.code in ("invalid_config", "invalid_argument") and bad.value.field == "colour"
