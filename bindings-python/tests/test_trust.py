"""Trust from Python: the published formulas, the report's tables, pickling and errors."""

from __future__ import annotations

import datetime as dt
import math
import pickle
from pathlib import Path

import numpy as np
import pytest

import relmap

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"


def one_visit() -> relmap.RelationshipMap:
    m = relmap.RelationshipMap("acme", name="Acme")
    m.add_stakeholder("cfo", name="Wang Li", roles=["economic_buyer"])
    m.add_stakeholder("cio", name="Liu Yang")
    m.add_team_member("rep", name="Zhao Min")
    m.add_interaction("v1", "2026-03-02", "visit", ["rep"], ["cfo"])
    return m


def test_one_visit_follows_the_formulas() -> None:
    report = one_visit().trust(as_of="2026-03-02")
    cfo = report.scores["cfo"]
    # One visit today: E = 3, relationship = 100·(1 − e^(−3/6)); the others are the Beta(1,1) prior.
    assert cfo.relationship.score == pytest.approx(100 * (1 - math.exp(-0.5)))
    assert cfo.professional.score == 50.0 and cfo.professional.confidence == 0.0
    assert cfo.composite == pytest.approx((cfo.relationship.score + 150) / 4)
    # One visit: confidence 0.25/4, and three pillars without evidence: an acquaintance, earned 40.
    assert cfo.confidence == pytest.approx(0.25 / 4)
    assert (cfo.level, cfo.weakest, cfo.member, cfo.has_evidence) == ("acquaintance", "relationship", "rep", True)
    assert cfo.earned == 40.0
    assert cfo.suggestion
    assert cfo.relationship.evidence[0].id == "v1" and cfo.relationship.evidence[0].source == "interaction"
    # 90 days later the visit counts half: E = 1.5.
    later = one_visit().trust(as_of=dt.date(2026, 5, 31)).scores["cfo"]
    assert later.relationship.score == pytest.approx(100 * (1 - math.exp(-0.25)))
    assert report.scores["cio"].level == "stranger" and report.scores["cio"].member is None
    assert report.pair("rep", "cfo") == cfo
    assert report.pair("rep", "cio") is None
    cov = report.coverage
    assert cov.key_contacts == ("cfo",)
    assert (cov.share, cov.covered, cov.uncovered) == (0.0, (), ("cfo",))
    assert report.as_of == dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)


def test_as_of_accepts_every_time_type() -> None:
    m = one_visit()
    expected = m.trust(as_of="2026-04-01T00:00:00Z")
    for when in (
        "2026-04-01",
        dt.date(2026, 4, 1),
        dt.datetime(2026, 4, 1),
        dt.datetime(2026, 4, 1, 8, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        np.datetime64("2026-04-01"),
    ):
        assert m.trust(as_of=when) == expected, when
    # Default: the latest dated item in the map.
    assert m.trust().as_of == dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)


def test_config_and_tables() -> None:
    m = relmap.load(DATA / "manufacturing_cloud.json")
    report = m.trust()
    fast = m.trust(half_life_days=10)
    assert fast.scores["cio"].relationship.score < report.scores["cio"].relationship.score
    table = report.to_pandas()
    assert list(table.index) == m.stakeholder_ids
    assert {"relationship", "professional", "expertise", "sincerity", "composite", "level", "weakest"} <= set(table)
    assert table["composite"].between(0, 100).all()
    assert table.loc["cio", "composite"] == pytest.approx(report.scores["cio"].composite)
    entry = report.stakeholders[m.stakeholder_ids.index("cio")]
    assert entry.stakeholder == "cio" and entry.best == report.scores["cio"]
    assert entry.pairs[0] == entry.best and entry.team.member is None
    assert set(entry.team_sources) == {"relationship", "professional", "expertise", "sincerity"}
    doc = report.to_dict()
    assert doc["account"] == "hd_precision" and len(doc["stakeholders"]) == len(m)
    assert repr(report).startswith("<TrustReport 'hd_precision'")
    clone = pickle.loads(pickle.dumps(report))
    assert clone == report and clone.scores == report.scores


def test_bad_trust_input() -> None:
    m = one_visit()
    with pytest.raises(relmap.ValidationError) as info:
        m.trust(half_life_days=0)
    assert (info.value.code, info.value.field) == ("invalid_config", "half_life_days")
    with pytest.raises(relmap.ValidationError) as info:
        m.trust(half_life=30)
    assert (info.value.code, info.value.field) == ("invalid_argument", "half_life")
    with pytest.raises(relmap.ValidationError) as info:
        m.trust(as_of="03/02/2026")
    assert info.value.field == "as_of"
    with pytest.raises(relmap.ValidationError) as info:
        m.trust(as_of=np.datetime64("NaT"))
    assert info.value.field == "as_of"
    with pytest.raises(relmap.ValidationError) as info:
        m.trust(as_of=3.5)
    assert info.value.field == "as_of"
