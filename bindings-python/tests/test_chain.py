"""Decision chain from Python: closed forms, a dense numpy reference, networkx betweenness."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import relmap

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"


def two_people() -> relmap.RelationshipMap:
    m = relmap.RelationshipMap("acme", name="Acme")
    m.add_stakeholder("ceo", name="Chen Wei", roles=["economic_buyer"], stance=1)
    m.add_stakeholder("cio", name="Liu Yang", reports_to="ceo", roles=["coach"], stance=4)
    m.add_relation("cio", "ceo", kind="influences", strength=0.7)
    m.add_team_member("rep", name="Zhao Min")
    m.add_interaction("i1", "2026-03-02", "visit", ["rep"], ["cio"])
    return m


def test_closed_form_two_stakeholders() -> None:
    # W: ceo listens only to cio (0.7 + 0.3 implied), cio only to ceo (0.6 implied);
    # openness 0.5 each, authority (1, 0): y = a + (ΛW)ᵀy gives y = (4/3, 2/3), u = (I − Λ)y.
    chain = two_people().decision_chain()
    assert chain.influence == pytest.approx({"ceo": 2 / 3, "cio": 1 / 3}, abs=1e-9)
    assert chain.predicted_support == pytest.approx((2 / 3) * 1 / 5 + (1 / 3) * 4 / 5, abs=1e-9)
    path = chain.best_path("ceo")
    assert path is not None
    assert (path.member, path.stakeholders, path.target, path.hops) == ("rep", ("cio", "ceo"), "ceo", 2)
    # Our tie to cio is the earned trust composite / 100 (one visit, three pillars without
    # evidence: an acquaintance, capped at 40); then the influence line cio → ceo (0.7).
    tie = two_people().trust(as_of="2026-03-02").scores["cio"].earned / 100
    assert tie == pytest.approx(0.4)
    assert path.reliability == pytest.approx(tie * 0.7)
    assert str(path) == f"rep → cio → ceo ({tie * 0.7:.3f})"
    assert chain.access_paths("ceo", 5)[0] == path
    assert chain.account == "acme" and chain.stakeholder_ids == ["ceo", "cio"]
    assert chain.as_of is not None and chain.as_of.isoformat() == "2026-03-02T00:00:00+00:00"


def test_influence_matches_a_dense_numpy_solve() -> None:
    rng = np.random.default_rng(7)
    n = 40
    m = relmap.RelationshipMap("dense")
    authority = rng.uniform(0, 1, n) * (rng.uniform(0, 1, n) < 0.4)
    authority[0] = 1.0
    openness = rng.uniform(0, 0.9, n)
    for i in range(n):
        m.add_stakeholder(f"s{i}", authority=float(authority[i]), openness=float(openness[i]))
    strength = np.zeros((n, n))  # strength[j, i]: j influences i
    for _ in range(160):
        j, i = rng.integers(0, n, 2)
        if i != j and strength[j, i] == 0:
            strength[j, i] = rng.uniform(0.1, 1.0)
            m.add_relation(f"s{j}", f"s{i}", kind="influences", strength=float(strength[j, i]))
    incoming = strength.sum(axis=0)
    w = np.divide(strength.T, incoming[:, None], out=np.zeros((n, n)), where=incoming[:, None] > 0)
    lam = np.diag(np.where(incoming > 0, openness, 0.0))
    v = np.linalg.solve(np.eye(n) - lam @ w, np.eye(n) - lam)
    u = v.T @ (authority / authority.sum())

    chain = m.decision_chain(betweenness="off")
    got = np.array([chain.influence[f"s{i}"] for i in range(n)])
    np.testing.assert_allclose(got, u, atol=1e-9)
    assert got.sum() == pytest.approx(1.0)
    table = chain.to_pandas()
    np.testing.assert_allclose(table.loc[[f"s{i}" for i in range(n)], "influence"], u, atol=1e-9)
    np.testing.assert_allclose(table.loc[[f"s{i}" for i in range(n)], "openness"], np.diag(lam))
    assert "betweenness" not in table


def map_of_graph(g: "nx.Graph[Any]") -> tuple[relmap.RelationshipMap, list[str]]:
    ids = [str(v) for v in g.nodes]
    m = relmap.RelationshipMap("graph")
    for k, v in enumerate(ids):
        m.add_stakeholder(v, authority=1.0 if k == 0 else None)
    for a, b in g.edges:
        m.add_relation(str(a), str(b), kind="influences", strength=0.5, direction="both")
    return m, ids


@pytest.mark.parametrize("graph", [nx.florentine_families_graph, nx.karate_club_graph])
def test_betweenness_agrees_with_networkx(graph: object) -> None:
    g = graph()  # type: ignore[operator]
    m, ids = map_of_graph(g)
    table = m.decision_chain(betweenness="exact").to_pandas()
    # relmap counts ordered pairs on the directed influence graph: twice networkx's undirected value.
    expected = nx.betweenness_centrality(g, normalized=False)
    got = table.loc[ids, "betweenness"].to_numpy()
    np.testing.assert_allclose(got, [2 * expected[v] for v in g.nodes], rtol=1e-12, atol=1e-9)
    directed = nx.betweenness_centrality(g.to_directed(), normalized=False)
    np.testing.assert_allclose(got, [directed[v] for v in g.nodes], rtol=1e-12, atol=1e-9)
    # Sampling every node is exact; fewer sources give a scaled estimate, the same on every run.
    every = m.decision_chain(betweenness={"sampled": len(ids)}).to_pandas()
    np.testing.assert_allclose(every.loc[ids, "betweenness"].to_numpy(), got, rtol=1e-12, atol=1e-9)
    few = m.decision_chain(betweenness={"sampled": 5}).to_pandas().loc[ids, "betweenness"].to_numpy()
    again = m.decision_chain(betweenness={"sampled": 5}).to_pandas().loc[ids, "betweenness"].to_numpy()
    np.testing.assert_array_equal(few, again)
    assert few.sum() == pytest.approx(got.sum(), rel=0.5)
    with pytest.raises(relmap.ValidationError) as info:
        m.decision_chain(betweenness={"sampled": 0})
    assert info.value.field == "betweenness.sampled"


def test_sample_account_results() -> None:
    m = relmap.load(DATA / "demo_small.json")
    chain = m.decision_chain()
    assert sum(chain.influence.values()) == pytest.approx(1.0)
    assert max(chain.influence, key=chain.influence.__getitem__) == "gm"
    assert -1 <= chain.predicted_support <= 1
    codes = [f.code for f in chain.red_flags]
    assert "high_influence_opponent" in codes
    flag = chain.red_flags[0]
    assert flag.severity in ("critical", "warning", "info") and flag.reason and str(flag).startswith("[")
    # The reasons and the text report name people (gm is 王建国 Wang Jianguo); the fields keep the ids.
    eb = next(f for f in chain.red_flags if f.code == "economic_buyer_not_covered")
    assert eb.ids == ("gm",)
    assert eb.reason.startswith("economic buyer 王建国 Wang Jianguo has no relationship with our team")
    assert "1. 王建国 Wang Jianguo  gain" in str(chain) and "via 徐涛 Xu Tao → 王建国 Wang Jianguo" in str(chain)
    contacts = chain.next_best_contacts
    assert contacts and contacts == sorted(contacts, key=lambda c: -c.gain)
    assert contacts[0].path.target == contacts[0].id
    players = chain.key_players
    assert [p.id for p in players][:2] == ["gm", "cio"]
    assert chain.brokers == []
    assert set(chain.predicted_stance) == set(m.stakeholder_ids)
    assert "Decision chain of hengtai" in str(chain)
    assert repr(chain).startswith("<DecisionChain 'hengtai': 8 stakeholders")

    table = chain.to_pandas()
    assert isinstance(table, pd.DataFrame) and table.index.name == "stakeholder"
    assert list(table.index[:2]) == ["gm", "cio"]
    assert table["key_player"].sum() == len(players)
    assert table["stance"].isna()["purchasing"]
    assert table.loc["gm", "threads"] == 5
    assert table["covered"].dtype == bool
    cov = chain.coverage
    assert set(cov.uncovered_key_players) == {p.id for p in players if p.tie < cov.threshold}
    tie: dict[str, float] = {str(k): float(v) for k, v in zip(table.index, table["tie"].to_numpy())}
    covered = [u for i, u in chain.influence.items() if tie[i] >= cov.threshold]
    assert cov.share == pytest.approx(sum(covered)) and cov.covered == len(covered)


def test_config_kwargs_override_defaults() -> None:
    m = relmap.load(DATA / "demo_small.json")
    base = m.decision_chain()
    stubborn = m.decision_chain(default_openness=0.0)
    assert stubborn.influence != base.influence
    few = m.decision_chain(key_players={"top_n": 1, "roles": [], "min_share": 1.0})
    assert [p.id for p in few.key_players] == ["gm"]
    later = m.decision_chain(as_of="2026-09-01", stale_days=30)
    assert any(f.code == "stale_key_relationship" for f in later.red_flags)


def test_previous_snapshot_raises_key_player_changed() -> None:
    before = relmap.load(DATA / "demo_small.json")
    now = copy.deepcopy(before)
    now.add_stakeholder("new_cto", reports_to="gm", roles=["decision_maker"], stance=0)
    chain = now.decision_chain(previous=before)
    assert any(f.code == "key_player_changed" and "new_cto" in f.ids for f in chain.red_flags)
    d = now.diff(before)
    assert d.added == ("new_cto",) and d.removed == () and bool(d)
    assert not before.diff(before)


def test_chain_pickles_through_json() -> None:
    chain = relmap.load(DATA / "manufacturing_cloud.json").decision_chain()
    clone = pickle.loads(pickle.dumps(chain))
    assert clone.influence == chain.influence
    assert clone.red_flags == chain.red_flags
    some = chain.key_players[0].id
    assert clone.best_path(some) == chain.best_path(some)
    pd.testing.assert_frame_equal(clone.to_pandas(), chain.to_pandas())


def test_unknown_ids_and_bad_config_name_the_field() -> None:
    chain = two_people().decision_chain()
    with pytest.raises(relmap.ValidationError) as info:
        chain.best_path("nobody")
    assert (info.value.code, info.value.field) == ("not_found", "to")
    assert "nobody" in str(info.value)
    m = two_people()
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"openness": 0.2}, "invalid_argument", "openness"),
        ({"key_players": {"top": 2}}, "invalid_argument", "key_players.top"),
        ({"default_openness": "high"}, "invalid_argument", "default_openness"),
        ({"default_openness": 1.0}, "invalid_config", "default_openness"),
        ({"default_openness": float("nan")}, "invalid_config", "default_openness"),
        ({"as_of": "yesterday"}, "invalid_argument", "as_of"),
        ({"role_authority": {"purchaser": -1}}, "invalid_config", "role_authority.purchaser"),
    ]
    for config, code, field in cases:
        with pytest.raises(relmap.ValidationError) as info:
            m.decision_chain(**config)
        assert (info.value.code, info.value.field) == (code, field), config
        assert field.split(".")[-1] in str(info.value)


def test_analysis_failures_are_validation_or_convergence_errors() -> None:
    empty = relmap.RelationshipMap("empty")
    with pytest.raises(relmap.ValidationError) as info:
        empty.decision_chain()
    assert info.value.code == "empty_list"
    powerless = relmap.RelationshipMap("p")
    powerless.add_stakeholder("a", roles=["coach"])
    with pytest.raises(relmap.ValidationError) as info:
        powerless.decision_chain()
    assert (info.value.code, info.value.field) == ("no_authority", "authority")
    m = relmap.load(DATA / "manufacturing_cloud.json")
    with pytest.raises(relmap.ConvergenceError) as conv:
        m.decision_chain(max_iterations=1, tolerance=1e-15)
    assert (conv.value.code, conv.value.field) == ("not_converged", "max_iterations")
    assert isinstance(conv.value, relmap.RelmapError)
