"""Learning from the team from Python: merged perceptions on hand-made maps with
known results, openness recovered from simulated histories, warm paths through a
person who moved (joined by email), and the dense-map picture options."""

from __future__ import annotations

import math
from typing import Any
import xml.etree.ElementTree as ET

import pytest

import relmap

PEOPLE = ("a", "b", "c", "d")


def perceived(ties: list[tuple[str, str]]) -> relmap.RelationshipMap:
    m = relmap.RelationshipMap("acct", name="Acct")
    for p in PEOPLE:
        m.add_stakeholder(p, name=p.upper(), roles=["economic_buyer"] if p == "d" else [])
    for s, t in ties:
        m.add_relation(s, t, strength=1.0)
    return m


def css() -> dict[str, relmap.RelationshipMap]:
    """Each of four managers reports the advice network of the four as they see it."""
    return {
        "a": perceived([("a", "b"), ("b", "c"), ("c", "d"), ("d", "a"), ("a", "c")]),
        "b": perceived([("a", "b"), ("b", "c"), ("c", "d"), ("b", "d")]),
        "c": perceived([("a", "b"), ("b", "c"), ("d", "a"), ("c", "a")]),
        "d": perceived([("a", "b"), ("c", "d"), ("d", "a"), ("d", "b")]),
    }


def field(m: relmap.RelationshipMap, stakeholder: str, name: str) -> Any:
    s = m.stakeholder(stakeholder)
    assert s is not None, stakeholder
    return s[name]


def ties(m: relmap.RelationshipMap) -> list[str]:
    out = []
    for r in m.to_dict()["relations"]:
        out.append(r["source"] + r["target"])
        if r.get("direction") == "both":
            out.append(r["target"] + r["source"])
    return sorted(out)


def test_the_rules_give_the_hand_computed_consensus() -> None:
    maps = css()
    # Drawn by: ab 4, bc 3, cd 3, da 3, ac 1 (a), bd 1 (b), ca 1 (c), db 1 (d).
    assert ties(relmap.merge_perceptions(maps, rule="intersection").map) == ["ab"]
    assert ties(relmap.merge_perceptions(maps, rule={"share": 0.5}).map) == ["ab", "bc", "cd", "da"]
    assert ties(relmap.merge_perceptions(maps, rule={"share": 0.8}).map) == ["ab"]
    assert len(ties(relmap.merge_perceptions(maps, rule="union").map)) == 8
    # LAS and: c did not draw cd, a did not draw ca; LAS or: either end drew it.
    assert ties(relmap.merge_perceptions(maps, rule="las_and").map) == ["ab", "bc", "da"]
    assert ties(relmap.merge_perceptions(maps, rule="las_or").map) == [
        "ab", "ac", "bc", "bd", "ca", "cd", "da", "db"]
    # A list of pairs works as well as a dict.
    assert ties(relmap.merge_perceptions(list(maps.items()), rule="las_and").map) == ["ab", "bc", "da"]


def test_accuracy_and_influence_ranges() -> None:
    merged = relmap.merge_perceptions(css(), rule={"share": 0.5})
    assert merged.perceivers == list(PEOPLE)
    acc = merged.accuracy
    assert acc.index.name == "perceiver"
    # a drew all four consensus ties and ac: TP 4, FP 1, FN 0, TN 7 over 12 ordered pairs.
    assert (acc.loc["a", "drawn"], acc.loc["a", "agreed"]) == (5, 4)
    assert (acc.loc["a", "precision"], acc.loc["a", "recall"]) == (0.8, 1.0)
    assert acc.loc["a", "correlation"] == pytest.approx(28 / math.sqrt(5 * 4 * 8 * 7), abs=1e-12)
    for p in "bcd":
        assert (acc.loc[p, "precision"], acc.loc[p, "recall"]) == (0.75, 0.75)
        assert acc.loc[p, "correlation"] == pytest.approx(20 / 32, abs=1e-12)
    infl = merged.influence
    assert infl.index.tolist() == list(PEOPLE)
    assert infl["consensus"].sum() == pytest.approx(1.0)
    assert (infl["min"] <= infl["consensus"] + 1e-12).all() and (infl["consensus"] <= infl["max"] + 1e-12).all()
    assert (infl["spread"] == infl["max"] - infl["min"]).all()
    chain = merged.decision_chain()
    assert chain.influence["d"] == pytest.approx(infl.loc["d", "consensus"], abs=1e-12)
    assert merged.influence_of("d") is not None and merged.accuracy_of("zz") is None


def test_disputes_rank_by_the_stake() -> None:
    base = relmap.RelationshipMap("acct", name="Acct")
    base.add_stakeholder("gm", name="GM", roles=["economic_buyer"], stance=1)
    base.add_stakeholder("cfo", name="CFO", reports_to="gm", stance=-3)
    base.add_stakeholder("cio", name="CIO", reports_to="gm", stance=4)
    base.add_relation("cio", "gm", strength=0.7)
    am, se, vp = (relmap.RelationshipMap.from_json(base.to_json()) for _ in range(3))
    am.add_relation("cfo", "gm", strength=0.9)
    se.add_relation("cfo", "gm", strength=0.7)
    se.set_stance("cfo", 0)
    vp.set_stance("cfo", -4)
    merged = relmap.merge_perceptions({"am": am, "se": se, "vp": vp}, rule={"share": 0.5})
    top = merged.disputes[0]
    assert (top["kind"], top["source"], top["target"]) == ("tie", "cfo", "gm")
    assert top["drawn_by"] == ["am", "se"] and top["not_drawn_by"] == ["vp"] and top["kept"]
    assert [d["at_stake"] for d in merged.disputes] == sorted((d["at_stake"] for d in merged.disputes), reverse=True)
    # The CFO's stance (−3, 0, −4): the median −3, and u_cfo · range / 10 at stake.
    assert field(merged.map, "cfo", "stance") == -3
    stance = next(d for d in merged.disputes if d["kind"] == "stance")
    cfo = merged.influence_of("cfo")
    assert cfo is not None
    assert stance["at_stake"] == pytest.approx(cfo["consensus"] * 0.4, abs=1e-12)


def test_merge_errors_are_typed() -> None:
    maps = css()
    with pytest.raises(relmap.ValidationError) as e:
        relmap.merge_perceptions({})
    assert e.value.code == "empty_list"
    with pytest.raises(relmap.ValidationError) as e:
        relmap.merge_perceptions(maps, rule={"share": 1.5})
    assert e.value.code == "invalid_config"
    with pytest.raises(relmap.RelmapError) as bad:
        relmap.merge_perceptions(maps, rule="majority")
    assert bad.value.field == "rule"
    other = relmap.RelationshipMap("other", name="Other")
    with pytest.raises(relmap.ValidationError) as e:
        relmap.merge_perceptions({"a": maps["a"], "z": other})
    assert e.value.code == "invalid_argument"
    rep = perceived([("a", "b")])
    rep.add_team_member("rep", name="Rep")
    with pytest.raises(relmap.ValidationError) as e:
        relmap.merge_perceptions({"rep": rep}, rule="las_or")
    assert (e.value.code, e.value.field) == ("unknown_reference", "perceivers.rep")
    with pytest.raises(TypeError):
        relmap.merge_perceptions({"a": "not a map"})  # type: ignore[arg-type]


# ---- openness from history ---------------------------------------------------------

STAFF = [  # (id, manager, stance, openness)
    ("gm", None, 1.0, 0.2), ("cfo", "gm", -4.0, 0.35), ("cio", "gm", 4.0, 0.6), ("coo", "gm", -2.0, 0.8),
    ("arch", "cio", 5.0, 0.5), ("ops", "cio", 0.0, 0.7), ("buyer", "cfo", -1.0, 0.3),
    ("plant", "coo", 3.0, 0.45), ("qa", "coo", -5.0, 0.65),
]


def account() -> relmap.RelationshipMap:
    m = relmap.RelationshipMap("acct", name="Acct")
    for pid, boss, stance, openness in STAFF:
        m.add_stakeholder(pid, name=pid, reports_to=boss, stance=stance, openness=openness,
                          roles=["economic_buyer"] if pid == "gm" else [])
    for s, t in [("cio", "cfo"), ("arch", "gm"), ("qa", "cio"), ("plant", "buyer"), ("cfo", "coo"), ("ops", "qa")]:
        m.add_relation(s, t, strength=0.8)
    return m


def test_openness_is_recovered_from_a_simulated_history() -> None:
    truth = {p[0]: p[3] for p in STAFF}
    exact = relmap.simulate_history(account(), steps=4)
    assert len(exact) == 5 and exact[0][0].startswith("2026-01-01")
    fit = relmap.fit_openness(exact)
    assert fit.snapshots == 5 and fit.residual_sd < 1e-8
    for pid, row in fit.openness.iterrows():
        assert row["status"] == "fitted"
        assert row["openness"] == pytest.approx(truth[str(pid)], abs=1e-9)
    # With noise (seeded): within four standard errors of the truth.
    noisy = relmap.simulate_history(account(), steps=8, noise=0.15, seed=3)
    assert [m.to_json() for _, m in noisy] == [m.to_json() for _, m in relmap.simulate_history(
        account(), steps=8, noise=0.15, seed=3)]
    fit = relmap.fit_openness(noisy)
    for pid, row in fit.openness.iterrows():
        assert abs(row["openness"] - truth[str(pid)]) < 4 * row["std_error"], pid
    # The fit predicts the next snapshot; the held-out last one is scored.
    nxt = relmap.fit_openness(exact[:-1]).predict_next(exact[-2][1])
    for pid, row in nxt.iterrows():
        assert row["predicted"] == pytest.approx(field(exact[-1][1], str(pid), "stance"), abs=1e-9)
    h = relmap.openness_holdout(exact)
    assert h.rmse < 1e-9 and h.baseline_rmse > 0 and len(h.stances) == len(STAFF)
    applied = fit.apply_openness(account())
    cio = fit.estimate("cio")
    assert cio is not None
    assert field(applied, "cio", "openness") == pytest.approx(cio["openness"])


def test_histories_that_identify_nothing_are_refused() -> None:
    history = relmap.simulate_history(account(), steps=4)
    with pytest.raises(relmap.ValidationError) as e:
        relmap.fit_openness(history[:2])
    assert (e.value.code, e.value.field) == ("too_few_snapshots", "snapshots")
    still = [(at, account()) for at, _ in history]
    with pytest.raises(relmap.ValidationError) as e:
        relmap.fit_openness(still)
    assert e.value.code == "no_stance_change"
    with pytest.raises(relmap.RelmapError) as bad:
        relmap.fit_openness(list(reversed(history)))
    assert bad.value.code == "invalid_time"


# ---- the portfolio -------------------------------------------------------------------

def portfolio(email: bool) -> relmap.Portfolio:
    acme = relmap.RelationshipMap("acme", name="Acme")
    acme.add_team_member("rep", name="Zhao")
    acme.add_stakeholder("gm", name="Sun", roles=["economic_buyer"])
    acme.add_stakeholder("li", name="Li Na", reports_to="gm", roles=["champion"], stance=4,
                         emails=["li.na@example.cn"] if email else [])
    for k, day in enumerate(["2025-09-01", "2025-10-08", "2025-11-12", "2025-12-10"]):
        acme.add_interaction(f"a{k}", day, "visit", ["rep"], ["li"])
    beta = relmap.RelationshipMap("beta", name="Beta")
    beta.add_team_member("rep", name="Zhao")
    beta.add_stakeholder("ceo", name="Chen", roles=["economic_buyer"])
    beta.add_stakeholder("cio", name="Liu", reports_to="ceo")
    beta.add_stakeholder("li_na", name="Li Na", reports_to="cio", roles=["influencer"],
                         emails=["Li.Na@Example.CN"] if email else [])
    beta.add_stakeholder("eng", name="Ma", reports_to="cio")
    beta.add_relation("li_na", "cio", strength=0.9)
    beta.add_relation("cio", "ceo", strength=0.8)
    beta.add_interaction("b1", "2026-03-05", "visit", ["rep"], ["eng"])
    beta.add_interaction("b2", "2026-03-20", "visit", ["rep"], ["li_na"])
    return relmap.Portfolio([acme, beta])


def test_the_same_email_in_two_accounts_is_one_person() -> None:
    p = portfolio(email=True)
    assert p.warm_paths("beta", "ceo") == []  # no identity key: nobody is joined
    net = p.network(identity=["email"])
    assert isinstance(net, relmap.PortfolioNetwork)
    assert net.accounts == ["acme", "beta"] and net.members == ["rep"]
    assert [x["key"] for x in net.shared_people] == ["email:li.na@example.cn"]
    assert net.person("acme", "li") == net.person("beta", "li_na")
    paths = net.warm_paths("beta", "ceo", k=3)
    best = paths[0]
    assert best["member"] == "rep" and best["via_accounts"] == ["acme"]
    assert [f'{s["account"]}/{s["stakeholder"]}' for s in best["steps"]] == [
        "acme/li", "beta/li_na", "beta/cio", "beta/ceo"]
    assert [s["same_person"] for s in best["steps"]] == [False, True, False, False]
    tie = next(t["strength"] for t in net.ties if t["stakeholder"] == "li")
    assert best["reliability"] == pytest.approx(tie * 0.9 * 0.8, abs=1e-12)
    # Joined by an explicit link instead: the same paths.
    linked = portfolio(email=False).warm_paths(
        "beta", "ceo", links=[{"first": {"account": "acme", "stakeholder": "li"},
                               "second": {"account": "beta", "stakeholder": "li_na"}}])
    assert [w["reliability"] for w in linked] == [w["reliability"] for w in paths]
    # The champion who left is a move: a door into her new company.
    (move,) = net.moves
    assert (move["from"]["stakeholder"], move["to"]["stakeholder"]) == ("li", "li_na")
    assert move["roles_before"] == ["champion"] and move["best_member"] == "rep"
    assert net.strongest_ties(1)[0]["member"] == "rep"


def test_network_errors_are_typed() -> None:
    net = portfolio(email=True).network(identity=["email"])
    with pytest.raises(relmap.ValidationError) as e:
        net.warm_paths("gamma", "ceo")
    assert e.value.code == "not_found"
    with pytest.raises(relmap.ValidationError) as e:
        portfolio(email=True).network(identity_weight=0)
    assert (e.value.code, e.value.field) == ("invalid_config", "identity_weight")
    with pytest.raises(relmap.RelmapError):
        portfolio(email=True).network(identity=["phone"])


# ---- dense pictures ---------------------------------------------------------------------

def dense() -> relmap.RelationshipMap:
    m = relmap.RelationshipMap("dense", name="Dense")
    ids = [f"p{i}" for i in range(14)]
    for i, pid in enumerate(ids):
        m.add_stakeholder(pid, name=pid.upper(), reports_to=None if i == 0 else ids[(i - 1) // 3],
                          roles=["economic_buyer"] if i == 0 else [])
    for i, s in enumerate(ids):
        for j, t in enumerate(ids):
            if i != j and (i * 7 + j * 3) % 4 == 0:
                m.add_relation(s, t, strength=0.1 + 0.05 * ((i + j) % 10))
    return m


def test_dense_maps_take_the_view_and_lines_options() -> None:
    m = dense()
    chart = m.to_svg(view="chart", lines={"per_person": {"strongest": 2}, "bundle": "on"})
    ET.fromstring(chart)
    matrix = m.to_svg(view="matrix")
    ET.fromstring(matrix)
    assert matrix != chart
    assert m.to_svg(view="chart", lines={"per_person": "all"}).count("<path") > chart.count("<path")
    with pytest.raises(relmap.RelmapError) as e:
        m.to_svg(view="sideways")
    assert "view" in str(e.value)
