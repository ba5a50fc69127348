"""Stage, competition and classification matrices, pictures, and editing from Python."""

from __future__ import annotations

import json
import pickle
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import relmap

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"


def test_stage_of_the_sample_opportunity() -> None:
    m = relmap.load(DATA / "manufacturing_cloud.json")
    [a] = m.stages()
    assert (a.opportunity_id, a.stage, a.next_stage, a.missing_for_next) == (
        "hd_cloud_2026",
        "evaluation",
        "negotiation",
        ("shortlisted",),
    )
    assert a.declared_stage == "negotiation" and a.ahead_of_evidence and a.win_probability == 0.6
    assert a.visit_goals and str(a).startswith("hd_cloud_2026: evaluation (60%)")
    [early] = m.stages(as_of="2026-01-01")
    assert (early.stage, early.missing_for_next, early.entered_at) == (
        "qualification",
        ("budget_confirmed",),
        "2025-12-10T00:00:00Z",
    )
    model = {
        "milestones": [{"key": "need_identified"}, {"key": "proposal_submitted"}],
        "stages": [
            {"key": "open", "name": "Open", "win_probability": 0.1},
            {"key": "engaged", "name": "Engaged", "entry_criteria": ["need_identified"], "win_probability": 0.4},
            {"key": "proposed", "name": "Proposed", "entry_criteria": ["proposal_submitted"], "win_probability": 0.7},
        ],
    }
    with pytest.raises(relmap.ValidationError) as info:
        m.stages(model=model)  # the sample declares "negotiation", unknown to this model
    assert (info.value.code, info.value.field) == ("unknown_reference", "declared_stage")
    assert "negotiation" in str(info.value)
    with pytest.raises(relmap.ValidationError) as info:
        m.stages(model={"milestones": [], "stages": [], "colour": 1})
    assert info.value.field == "colour"


def test_competition_matrix_weights_by_influence() -> None:
    m = relmap.load(DATA / "manufacturing_cloud.json")
    chain = m.decision_chain()
    [by_chain] = m.competition(chain)
    [by_dict] = m.competition(chain.influence)
    [equal] = m.competition()
    assert by_chain == by_dict and by_chain != equal
    assert by_chain.our_vendor == "us" and by_chain.our_rank == 3 and by_chain.leader == "qingtian"
    totals = by_chain.totals
    table = by_chain.to_pandas()
    assert table["weight"].sum() == pytest.approx(1.0)
    for vendor, total in totals.items():
        assert (table["weight"] * table[vendor]).sum() == pytest.approx(total)
    assert by_chain.trailing and by_chain.trailing[0]["gap"] > 0
    assert by_chain.rival in totals
    assert [v["vendor"] for v in by_chain.vendors] == list(totals) and by_chain.vendors[0]["rank"] == 1
    assert sum(v["preference_share"] for v in by_chain.vendors) == pytest.approx(1.0)
    assert by_chain.to_dict()["opportunity_id"] == by_chain.opportunity_id
    clone = pickle.loads(pickle.dumps(by_chain))
    assert clone == by_chain
    assert repr(by_chain).startswith("<CompetitionMatrix 'hd_cloud_2026': us ranks 3 of 3")
    with pytest.raises(relmap.ValidationError) as info:
        m.competition(our_vendor="us", tie_tolerance=-1)
    assert (info.value.code, info.value.field) == ("invalid_config", "tie_tolerance")


def test_classification_matrix() -> None:
    accounts = pd.DataFrame(
        {"value": [5e5, 1e5, 4e5, 2e4], "relationship": [72.0, 35.0, 20.0, 80.0]},
        index=pd.Index(["acme", "bolt", "crux", "dyna"]),
    )
    cm = relmap.classify(accounts, relationship_threshold={"fixed": 60.0})
    assert cm.quadrants == {"acme": "strategic", "bolt": "monitor", "crux": "develop", "dyna": "maintain"}
    assert cm.relationship_threshold == 60.0 and cm.value_threshold == pytest.approx(2.5e5)
    table = cm.to_pandas()
    assert table.loc["acme", "rank"] == 1 and table.loc["acme", "label"] == "Strategic"
    same = relmap.classify(["acme", "bolt", "crux", "dyna"], [5e5, 1e5, 4e5, 2e4], [72, 35, 20, 80],
                           relationship_threshold={"fixed": 60.0})
    assert same == cm and pickle.loads(pickle.dumps(cm)) == cm
    with pytest.raises(relmap.ValidationError) as info:
        relmap.classify(["a", "b"], [1.0], [2.0, 3.0])
    assert (info.value.code, info.value.field) == ("length_mismatch", "value")
    with pytest.raises(relmap.ValidationError) as info:
        relmap.classify(["a", "b"], [1.0, float("nan")], [2.0, 3.0])
    assert info.value.field == "points[1].value"
    with pytest.raises(relmap.ValidationError) as info:
        relmap.classify(accounts, value_threshold={"quantile": 2.0})
    assert (info.value.code, info.value.field) == ("invalid_config", "value_threshold")


def test_portfolio_classification_uses_trust() -> None:
    maps = [relmap.load(DATA / f"{name}.json") for name in ("manufacturing_cloud", "city_construction_tender")]
    as_of = "2026-11-01"
    strength = {m.account_id: m.trust(as_of).relationship_strength for m in maps}
    assert all(0.0 < v < 100.0 for v in strength.values())
    values = {"hd_precision": 2.4e6, "jiangling_ucid": 9.0e6, "no_map_yet": 5.0e5}
    cm = relmap.classify_portfolio(maps, values, as_of=as_of, relationship_threshold={"fixed": 30.0})
    table = cm.to_pandas()
    assert list(table.index.sort_values()) == sorted(values)
    for account, v in strength.items():
        assert table.loc[account, "relationship"] == pytest.approx(v)
    assert table.loc["no_map_yet", "relationship"] == 0.0 and cm.quadrants["no_map_yet"] == "monitor"
    # The trust config reaches the relationship axis.
    slower = relmap.classify_portfolio(maps, values, as_of=as_of, trust={"half_life_days": 365.0})
    before = dict(table["relationship"].items())
    after = dict(slower.to_pandas()["relationship"].items())
    assert after["hd_precision"] > before["hd_precision"]
    with pytest.raises(relmap.ValidationError) as info:
        relmap.classify_portfolio(maps, {"hd_precision": 1.0}, as_of=as_of)
    assert (info.value.code, info.value.field) == ("missing_value", "values")
    assert "jiangling_ucid" in str(info.value)
    with pytest.raises(relmap.ValidationError) as info:
        bad: dict[str, Any] = {**values, "hd_precision": "lots"}
        relmap.classify_portfolio(maps, bad, as_of=as_of)
    assert info.value.code == "invalid_argument"
    with pytest.raises(relmap.ValidationError) as info:
        relmap.classify_portfolio(maps, values, as_of=as_of, trust={"half_life": 1.0})
    assert "half_life" in str(info.value)


def test_pictures() -> None:
    m = relmap.load(DATA / "demo_small.json")
    svg = m._repr_svg_()
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert 'id="node-gm"' in svg
    chain = m.decision_chain()
    with_chain = m.to_svg(chain, highlight="cfo", theme="dark", title="Hengtai")
    assert with_chain != svg and "Hengtai" in with_chain and 'data-influence="0.354' in with_chain
    assert m.to_dot(chain).startswith("digraph")
    assert "flowchart TB" in m.to_mermaid()
    cy = m.to_cytoscape(chain)
    assert {n["data"]["id"] for n in cy["elements"]["nodes"]} >= set(m.stakeholder_ids)
    with pytest.raises(relmap.ValidationError) as info:
        m.to_svg(width=-5)
    assert (info.value.code, info.value.field) == ("invalid_config", "options.width")
    with pytest.raises(relmap.ValidationError) as info:
        m.to_svg(colour="red")
    assert info.value.field == "colour"


def test_editing_interactions_evidence_opportunities(tmp_path: Path) -> None:
    m = relmap.RelationshipMap("acme", name="Acme")
    m.add_stakeholder("cfo", name="Wang Li", roles=["economic_buyer"])
    m.add_team_member("se", name="Sun Hao")
    m.add_interaction("w1", "2026-01-05", "meeting", ["se"], ["cfo"], initiated_by="them", sentiment=0.5, notes="kickoff")
    m.add_evidence("c1", "commitment", at="2026-01-05", member="se", stakeholder="cfo", due="2026-01-20",
                   delivered="2026-01-19", description="TCO model")
    m.add_evidence("x1", "expertise_signal", at="2026-01-06", member="se", stakeholder="cfo", positive=True)
    m.add_evidence("a1", "assessment", at="2026-01-07", member="se", stakeholder="cfo", pillar="sincerity", rating=8)
    m.add_opportunity("o1", "Cloud", amount=1e6, milestones=[{"key": "need_identified", "at": "2026-01-10"}])
    doc = m.to_dict()
    assert [e["kind"] for e in doc["evidence"]] == ["commitment", "expertise_signal", "assessment"]
    assert doc["interactions"][0]["initiated_by"] == "them"
    assert m.trust(as_of="2026-01-19").scores["cfo"].professional.score == pytest.approx(200 / 3)
    assert m.stages()[0].stage == "qualification"

    with pytest.raises(relmap.ValidationError) as info:
        m.add_interaction("w2", "2026-01-06", "meeting", ["se"], ["ghost"])
    assert (info.value.code, info.value.field) == ("unknown_reference", "interactions[1].stakeholders[0]")
    with pytest.raises(relmap.ValidationError) as info:
        m.add_interaction("w3", "2026-01-06", "carrier_pigeon", ["se"], ["cfo"])
    assert info.value.field == "channel"
    with pytest.raises(relmap.ValidationError) as info:
        m.add_evidence("z", "rumour", at="2026-01-06", member="se", stakeholder="cfo")
    assert info.value.code == "invalid_argument"
    with pytest.raises(relmap.ValidationError) as info:
        m.add_evidence("z", "assessment", at="2026-01-06", member="se", stakeholder="cfo", pillar="sincerity",
                       rating=11)
    assert info.value.code == "out_of_range"
    assert len(m.to_dict()["interactions"]) == 1

    folder = tmp_path / "acme"
    m.write_csv(folder)
    assert relmap.load(folder) == m
    table = m.to_pandas()
    assert list(table.index) == ["cfo"] and table.loc["cfo", "roles"] == "economic_buyer"
    assert json.loads(m.to_json())["format"] == "relmap/2"


def test_csv_folder_loads_like_the_json_document() -> None:
    assert relmap.load(DATA / "manufacturing_cloud") == relmap.load(DATA / "manufacturing_cloud.json")
    assert relmap.load(str(DATA / "city_construction_tender")) == relmap.load(DATA / "city_construction_tender.json")


def test_remove_edits() -> None:
    m = relmap.load(DATA / "demo_small.json")
    n = m.relation_count
    src, dst = m.to_dict()["relations"][0]["source"], m.to_dict()["relations"][0]["target"]
    kind = m.to_dict()["relations"][0]["kind"]
    m.remove_relation(src, dst, kind=kind)
    assert m.relation_count == n - 1
    with pytest.raises(relmap.ValidationError):
        m.remove_relation(src, dst, kind=kind)
    m.add_stakeholder("temp")
    m.remove_stakeholder("temp")
    assert "temp" not in m.stakeholder_ids
