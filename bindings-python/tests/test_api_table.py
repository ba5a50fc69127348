"""The vocabulary table of docs/api.md, walked in Python.

Every row names its Python entry (or a dash with the reason); each named entry
exists, and its probe on the shared fixture answers what the core answers
(tests/api/expected.json, written by core/tests/api_table.rs; the picture is
tests/api/demo_small.svg, byte for byte).
"""

from __future__ import annotations

import copy
import math
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import json
import re
import numpy as np
import pandas as pd
import pytest

import relmap
import relmap.value as rv

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "examples" / "data" / "demo_small.json"
EXPECTED: dict[str, Any] = json.loads((ROOT / "tests" / "api" / "expected.json").read_text(encoding="utf-8"))


def rows() -> list[tuple[str, list[str], str]]:
    """(concept, Python names, notes) of every row of the table."""
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    lines = text[text.index("| concept | Rust | Python | JavaScript | notes |") :].splitlines()
    out = []
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        out.append((cells[0].strip("`"), [n.strip("`") for n in cells[2].split(", ")], cells[4]))
    return out


def fixture() -> relmap.RelationshipMap:
    return relmap.load(FIXTURE)


def cdnow() -> pd.DataFrame:
    tx = pd.read_csv(ROOT / "examples/data/cdnow/CDNOW_sample.txt", sep=r"\s+", header=None, dtype=str)
    return pd.DataFrame(
        {
            "customer": tx[1].str.lstrip("0"),
            "time": pd.to_datetime(tx[2], format="%Y%m%d"),
            "amount": tx[4].astype(float),
        }
    )


SUMMARY = (lambda t: rv.rfm_summary(t["customer"], t["time"], t["amount"], as_of="1997-09-30"))(cdnow())
MONTHLY = (lambda t: rv.discrete_summary(t["customer"], t["time"], t["amount"], as_of="1997-09-30", period="M"))(
    cdnow()
)
BG = rv.BetaGeo.from_params(r=0.2426, alpha=4.4136, a=0.7929, b=2.4259)
GG = rv.GammaGamma.from_params(p=6.2496, q=3.7442, v=15.4435)
P_ALIVE = BG.p_alive(SUMMARY)
CLV = GG.clv(BG, SUMMARY)


def counts(values: Any) -> dict[str, int]:
    return dict(sorted(Counter(str(v) for v in values).items()))


def threads(v: float) -> Any:
    return None if math.isnan(v) else int(v)


def rfc3339(t: Any) -> str:
    return str(t.strftime("%Y-%m-%dT%H:%M:%SZ"))


def add_coo(m: relmap.RelationshipMap) -> relmap.RelationshipMap:
    m.add_stakeholder("coo", roles=["decision_maker"])
    return m


def probe_write_csv(m: relmap.RelationshipMap) -> Any:
    with tempfile.TemporaryDirectory() as d:
        m.write_csv(Path(d) / "map")
        back = relmap.load(Path(d) / "map")
        return [len(back), len(back.to_dict()["interactions"]), back == m]


def probe_add_relations(m: relmap.RelationshipMap) -> None:
    m.add_relation("purchasing", "cfo")
    m.add_relation("gm_office", "purchasing", kind="informs", strength=0.3, direction="both", notes="weekly")


def probe_add_stakeholder(m: relmap.RelationshipMap) -> Any:
    m.add_stakeholder(
        "qa", name="Qian Hui", title="QA Head", department="Quality", reports_to="prod_dir",
        roles=["coach", "influencer"], authority=0.2, openness=0.3, stance=2.0, stance_toward={"rival": -1.0},
        concerns=["cost"], needs=["uptime"], preferred_channel="email",
    )
    return m.stakeholder("qa")


def probe_update_stakeholder(m: relmap.RelationshipMap) -> Any:
    m.update_stakeholder("cfo", name="New CFO", roles=["decision_maker"], stance=3.0)
    return m.stakeholder("cfo")


def probe_add(m: relmap.RelationshipMap, section: str, add: Callable[[], None]) -> tuple[Any, Any, Any]:
    """Adds with ``add``; (count and last item, the last item, the whole section) of the document after."""
    add()
    items = m.to_dict()[section]
    return [len(items), items[-1]], items[-1], items


def probe_remove_stakeholder(m: relmap.RelationshipMap) -> Any:
    m.add_stakeholder("temp", name="Temp")
    removed = m.remove_stakeholder("temp")
    return [removed, len(m)]


def probe_set_stance(m: relmap.RelationshipMap) -> Any:
    m.set_stance("gm", 2.5)
    given = (m.stakeholder("gm") or {}).get("stance")
    m.set_stance("gm", None)
    return [given, (m.stakeholder("gm") or {}).get("stance")]


def probe_equality(m: relmap.RelationshipMap) -> Any:
    other = copy.deepcopy(m)
    other.set_stance("gm", -1.0)
    return [m == copy.deepcopy(m), m == other]


def probe_copy(m: relmap.RelationshipMap) -> Any:
    c = copy.deepcopy(m)
    c.set_stance("gm", 4.0)
    return [(m.stakeholder("gm") or {}).get("stance"), (c.stakeholder("gm") or {}).get("stance")]


def probe_diff(m: relmap.RelationshipMap) -> Any:
    after = copy.deepcopy(m)
    after.set_stance("gm", -2.0)
    d = add_coo(after).diff(m)
    return [list(d.added), list(d.removed), [[c["id"], c["before"], c["after"]] for c in d.stance_changes]]


def probe_best_path(chain: relmap.DecisionChain) -> Any:
    p = chain.best_path("gm")
    assert p is not None
    with pytest.raises(relmap.ValidationError) as info:
        chain.best_path("ghost")
    return [p.member, list(p.stakeholders), p.reliability, info.value.code, info.value.field]


def probe_vectors(chain: relmap.DecisionChain) -> Any:
    df = chain.to_pandas().loc[chain.stakeholder_ids]
    return {
        "ties": list(df["tie"]),
        "covered": [bool(c) for c in df["covered"]],
        "reachability": list(df["reachability"]),
        "contact_gains": list(df["contact_gain"]),
        "threads": [threads(t) for t in df["threads"]],
        "authority": list(df["authority"]),
        "openness": list(df["openness"]),
        "betweenness": list(df["betweenness"]),
    }


def probe_overlay(m: relmap.RelationshipMap, chain: relmap.DecisionChain) -> Any:
    o = chain.overlay(m)
    return [o["highlight_path"], sorted(o["flags"]), o["influence"]["gm"], chain.overlay(m, highlight="cio")["highlight_path"]]


def probe_timeline(m: relmap.RelationshipMap) -> Any:
    return [s.composite for s in m.trust_timeline("am", "cio", ["2026-01-01", "2026-03-01"])]


def probe_competition(m: relmap.RelationshipMap, chain: relmap.DecisionChain) -> Any:
    return [[c.opportunity_id, c.our_rank, c.leader] for c in m.competition(chain)]


def probe_classify() -> Any:
    c = relmap.classify(["a", "b", "c"], [1.0, 2.0, 3.0], [10.0, 80.0, 50.0])
    return [[a["id"], a["quadrant"]] for a in c.to_dict()["accounts"]]


def probe_calibrate(m: relmap.RelationshipMap) -> list[object]:
    deal = m.deal_health(as_of="2026-03-31")[0]
    with pytest.raises(relmap.RelmapError) as info:
        relmap.calibrate([(deal, k % 2 == 0) for k in range(12)])
    return [info.value.code, info.value.field]


def probe_classify_portfolio(m: relmap.RelationshipMap) -> Any:
    c = relmap.classify_portfolio([m], {"hengtai": 1e6, "other": 5e5}, as_of="2026-03-01")
    return [[a["id"], a["quadrant"], a["relationship"]] for a in c.to_dict()["accounts"]]


def probe_formats(m: relmap.RelationshipMap, chain: relmap.DecisionChain) -> Any:
    return [
        m.to_dot(chain).splitlines()[0],
        m.to_mermaid(chain).splitlines()[0],
        len(m.to_cytoscape(chain)["elements"]["nodes"]),
    ]


def probe_beta_geo() -> Any:
    bg = rv.BetaGeo().fit(SUMMARY)
    p = bg.params_
    return [p["r"], p["alpha"], p["a"], p["b"], bg.log_likelihood_, bg.report_["distinct_rows"]]


REGULAR = [1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0]
SBG = rv.ShiftedBetaGeo.from_params(alpha=0.704, beta=1.182)


def probe_shifted_beta_geo() -> Any:
    cohort = rv.ShiftedBetaGeo().fit_cohorts(REGULAR)
    tenure = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 7.0]
    active = [False] * 7 + [True]
    weights = [REGULAR[t - 1] - REGULAR[t] for t in range(1, 8)] + [REGULAR[7]]
    rows = rv.ShiftedBetaGeo().fit(tenure, active, weights=weights)
    p = cohort.params_
    return [p["alpha"], p["beta"], cohort.log_likelihood_, rows.params_["alpha"], rows.log_likelihood_]


def probe_renewal_predictions() -> Any:
    finite = rv.ShiftedBetaGeo.from_params(alpha=3.0, beta=4.0)
    return [
        list(SBG.survival_curve(3)),
        list(SBG.retention_curve(2)),
        [SBG.survival(2), SBG.retention(3), SBG.churn_probability(2)],
        [SBG.p_renew(7), float(SBG.p_renew_customers([7.0, 3.0], [True, False])[0])],
        [finite.expected_lifetime(), finite.expected_remaining_lifetime(2)],
    ]


def probe_compare_models() -> Any:
    df = rv.compare_models(SUMMARY)
    return [
        [m, bool(r["discrete"]), r["log_likelihood"], int(r["parameter_count"]), r["aic"], r["bic"]]
        for m, r in df.iterrows()
    ]


FITTED_BG = rv.BetaGeo().fit(SUMMARY)


def probe_fit_summary() -> Any:
    s = FITTED_BG.summary(level=0.95)
    again = FITTED_BG.summary(0.9)
    cols = [list(s[c]) for c in ("estimate", "std_error", "lower", "upper")]
    vcov = FITTED_BG.vcov_.to_numpy()
    return [list(s.index), *cols, float(vcov[0, 1]), float(again["lower"].to_numpy()[0])]


def probe_prediction_intervals() -> Any:
    gg = rv.GammaGamma().fit(SUMMARY)
    delta: dict[str, Any] = {"method": "delta", "level": 0.9}
    p = FITTED_BG.p_alive_intervals(SUMMARY, **delta)
    e = FITTED_BG.expected_purchases_intervals(39, SUMMARY, **delta)
    sp = gg.spend_intervals(SUMMARY, **delta)
    clv = FITTED_BG.clv_intervals(gg, SUMMARY, **delta)
    b = FITTED_BG.p_alive_intervals(SUMMARY, draws=50, seed=1)
    cols = [p["lower"], p["upper"], e["lower"], e["upper"], sp["lower"], clv["upper"], b["lower"], b["upper"]]
    return [float(c.sum()) for c in cols]


def probe_covariates() -> Any:
    even = pd.DataFrame({"even": np.arange(len(SUMMARY)) % 2})
    m = rv.BetaGeo().fit(SUMMARY, purchase_covariates=even)
    alive = m.p_alive(SUMMARY, purchase_covariates=even)
    iv = m.p_alive_intervals(SUMMARY, purchase_covariates=even, method="delta")
    return [list(m.params_), m.log_likelihood_, len(alive), float(iv["lower"].sum()), float(iv["upper"].sum())]


def probe_likelihood_ratio_test() -> Any:
    t = rv.likelihood_ratio_test((-1000.0, 4), (-995.0, 6))
    return [t["statistic"], t["df"], t["p_value"]]


def probe_relationship_covariates(m: relmap.RelationshipMap) -> Any:
    df = rv.relationship_covariates([m], as_of="2026-06-30")
    row = [None if math.isnan(v) else float(v) for v in df.iloc[0]]
    return [list(df.index), *row]


def probe_compress_rows() -> Any:
    c = rv.compress_rows(SUMMARY[["frequency", "recency"]])
    n, counts, cols = len(c.counts), c.counts, c.columns
    last = cols.iloc[n - 1]
    return [n, counts[0], counts[n - 1], counts.sum(), last["frequency"], last["recency"], int(c.row_of[0]), int(c.row_of[1])]


def probe_gamma_gamma() -> Any:
    gg = rv.GammaGamma().fit(SUMMARY["frequency"], SUMMARY["monetary_value"])
    p = gg.params_
    spend = GG.expected_spend(SUMMARY["frequency"][:1], SUMMARY["monetary_value"][:1])
    return [p["p"], p["q"], p["v"], float(spend.iloc[0]), GG.mean_spend()]


def probe_tier() -> Any:
    t = rv.tier(SUMMARY, P_ALIVE, CLV)
    return [counts(t["tier"]), t.attrs["vip_threshold"]]


IMPORT = ROOT / "core" / "tests" / "fixtures" / "import"
SIDES: dict[str, Any] = {"our_domains": ["ourco.com"], "account_domains": ["hdjm.com.cn"]}


def holdout_summary() -> pd.DataFrame:
    t = cdnow()
    return rv.rfm_summary(t["customer"], t["time"], t["amount"], as_of="1997-09-30", holdout_end="1998-06-30")


def probe_holdout() -> Any:
    s = holdout_summary()
    table = rv.holdout_table(BG, s)
    errors = rv.holdout_errors(BG, s)
    return [
        table["customers"].tolist(),
        table["actual"].tolist(),
        table["expected"].tolist(),
        [errors["mae"], errors["rmse"], errors["bias"]],
        float(rv.holdout_forecast(BG, s)["predicted"].iloc[0]),
    ]


def probe_diagnostics() -> Any:
    t = cdnow()
    tr = rv.tracking(BG, holdout_summary(), t["customer"], t["time"])
    p = rv.period_transactions(BG, SUMMARY, replicates=2)
    fr = rv.frequency_recency_matrix(BG, SUMMARY, "p_alive")
    o = rv.tier_overview(rv.tier(SUMMARY, P_ALIVE, CLV), CLV, P_ALIVE)
    return [
        [len(tr), float(tr["actual"].sum()), float(tr["expected"].sum())],
        p["actual"].tolist(),
        p["simulated"].tolist(),
        [float(fr.to_numpy()[1, 0]), float(fr.to_numpy()[5, 29])],
        {str(k): int(v) for k, v in sorted(o["customers"].items())},
    ]


def probe_plots() -> Any:
    t = cdnow()
    s = holdout_summary()
    tiers = rv.tier(SUMMARY, P_ALIVE, CLV)

    def plotted(chart: rv.Chart) -> list[Any]:
        values = [float(v) for v in re.findall(r'data-value="([^"]*)"', chart.svg)]
        return [len(values), sum(values)]

    return [
        plotted(rv.plot_holdout(BG, s)),
        plotted(rv.plot_period_transactions(BG, s, replicates=2)),
        plotted(rv.plot_tracking(BG, s, t["customer"], t["time"])),
        plotted(rv.plot_p_alive(BG, s)),
        plotted(rv.plot_tiers(tiers, CLV, P_ALIVE)),
    ]


def probe_merge(m: relmap.RelationshipMap) -> Any:
    other = relmap.RelationshipMap.from_json(m.to_json())
    first = m.to_dict()["relations"][0]
    other.remove_relation(first["source"], first["target"], kind=first.get("kind", "influences"))
    other.set_stance("cfo", -4)
    union = relmap.merge_perceptions({"am": m, "se": other}, rule="union")
    both = relmap.merge_perceptions({"am": m, "se": other}, rule="intersection")
    return [
        union.map.relation_count,
        both.map.relation_count,
        both.accuracy["recall"].tolist(),
        len(both.disputes),
        both.influence["spread"].tolist(),
        both.decision_chain().predicted_support,
    ]


def probe_openness(m: relmap.RelationshipMap) -> Any:
    history = relmap.simulate_history(m, steps=4)
    fit = relmap.fit_openness(history)
    nxt = fit.predict_next(history[4][1])
    h = relmap.openness_holdout(history)
    assert len(fit.apply_openness(m)) == len(m)
    def none(x: Any) -> Any:
        return None if x is None or x != x else float(x)

    return [[none(x) for x in fit.openness["openness"]], [none(x) for x in nxt["predicted"]], h.baseline_rmse]


def probe_portfolio(m: relmap.RelationshipMap) -> Any:
    east = relmap.RelationshipMap.from_json(m.to_json().replace('"id": "hengtai"', '"id": "hengtai_east"'))
    net = relmap.Portfolio([m, east]).network(identity=["stakeholder_id"])
    paths = net.warm_paths("hengtai_east", "gm", k=2)

    def text(w: dict[str, Any]) -> str:
        steps = "".join(
            f' {"⇒" if s["same_person"] else "→"} {s["account"]}/{s["stakeholder"]}' for s in w["steps"]
        )
        return f'{w["member"]}{steps} ({w["reliability"]:.3f})'

    return [len(net.shared_people), len(net.moves), [text(w) for w in paths], [w["reliability"] for w in paths]]


PROBES: dict[str, Callable[[relmap.RelationshipMap, relmap.DecisionChain], Any]] = {
    "map.new": lambda m, c: (lambda n: [n.account_id, n.account_name])(relmap.RelationshipMap("acme", name="Acme")),
    "map.json": lambda m, c: (lambda t: [len(t.splitlines()), relmap.RelationshipMap.from_json(t).to_json() == t])(
        m.to_json()
    ),
    "map.load": lambda m, c: relmap.load(FIXTURE).stakeholder_ids,
    "map.write_csv": lambda m, c: probe_write_csv(m),
    "map.add_stakeholder": lambda m, c: probe_add_stakeholder(m),
    "map.update_stakeholder": lambda m, c: probe_update_stakeholder(m),
    "map.remove_stakeholder": lambda m, c: probe_remove_stakeholder(m),
    "map.set_stance": lambda m, c: probe_set_stance(m),
    "map.add_relation": lambda m, c: probe_add(m, "relations", lambda: probe_add_relations(m))[2][-2:],
    "map.remove_relation": lambda m, c: [m.remove_relation("cfo", "gm"), m.relation_count],
    "map.add_team_member": lambda m, c: probe_add(m, "team", lambda: m.add_team_member("pm"))[2],
    "map.add_interaction": lambda m, c: probe_add(
        m,
        "interactions",
        lambda: m.add_interaction("x1", "2026-03-10", "phone", ["am"], ["cfo"], initiated_by="them", sentiment=0.5),
    )[0],
    "map.add_evidence": lambda m, c: probe_add(
        m,
        "evidence",
        lambda: m.add_evidence("e9", "expertise_signal", at="2026-03-10", member="se", stakeholder="cio", positive=True),
    )[0],
    "map.add_opportunity": lambda m, c: probe_add(
        m, "opportunities", lambda: m.add_opportunity("o9", "Add-on", amount=100000.0)
    )[0],
    "map.stakeholder": lambda m, c: [(m.stakeholder("gm") or {})["name"], m.stakeholder("ghost") is None],
    "map.ids": lambda m, c: [m.stakeholder_ids, m.team_ids],
    "map.counts": lambda m, c: [len(m), m.relation_count],
    "map.document": lambda m, c: (lambda d: [len(d["interactions"]), len(d["evidence"]), len(d["opportunities"])])(
        m.to_dict()
    ),
    "map.equality": lambda m, c: probe_equality(m),
    "map.copy": lambda m, c: probe_copy(m),
    "map.diff": lambda m, c: probe_diff(m),
    "chain.decision_chain": lambda m, c: m.decision_chain(default_openness=0.4).predicted_support,
    "chain.since": lambda m, c: [f.code for f in add_coo(copy.deepcopy(m)).decision_chain(previous=m).red_flags],
    "chain.influence": lambda m, c: [c.influence["gm"], c.influence["cfo"], sum(c.influence.values())],
    "chain.predicted_support": lambda m, c: c.predicted_support,
    "chain.predicted_stance": lambda m, c: [c.predicted_stance["cio"], c.predicted_stance[c.stakeholder_ids[0]]],
    "chain.stances": lambda m, c: [c.stances[i] for i in c.stakeholder_ids],
    "chain.red_flags": lambda m, c: [[f.code, f.severity, list(f.ids)] for f in c.red_flags],
    "chain.next_best_contacts": lambda m, c: [[n.id, n.gain] for n in c.next_best_contacts],
    "chain.key_players": lambda m, c: [[k.id, k.threads] for k in c.key_players],
    "chain.brokers": lambda m, c: [[b.id, list(b.key_players)] for b in c.brokers],
    "chain.coverage": lambda m, c: (lambda v: {**v.__dict__, "uncovered_key_players": list(v.uncovered_key_players)})(
        c.coverage
    ),
    "chain.best_path": lambda m, c: probe_best_path(c),
    "chain.access_paths": lambda m, c: [p.reliability for p in c.access_paths("gm", 3)],
    "chain.alternative_paths": lambda m, c: (lambda ps: [len(ps), ps[0].reliability])(c.alternative_paths("gm")),
    "chain.top_influencers": lambda m, c: [i.id for i in c.top_influencers(3)],
    "chain.summary": lambda m, c: (lambda s: [[i.id for i in s.top_influencers], len(s.next_best_contacts)])(
        c.summary()
    ),
    "chain.text": lambda m, c: str(c),
    "chain.vectors": lambda m, c: probe_vectors(c),
    "chain.facts": lambda m, c: [c.account, rfc3339(c.as_of), c.stakeholder_ids, list(c.iterations)],
    "chain.overlay": probe_overlay,
    "chain.default_config": lambda m, c: (lambda d: [d["default_openness"], d["manager_to_report"],
                                                     d["key_players"]["top_n"]])(relmap.default_chain_config()),
    "trust.trust": lambda m, c: (lambda r: [rfc3339(r.as_of), r.scores["cio"].composite])(m.trust()),
    "trust.scores": lambda m, c: (lambda s: [s.member, s.composite, s.level, s.weakest])(m.trust().scores["cio"]),
    "trust.pair": lambda m, c: (lambda r: [getattr(r.pair("am", "cio"), "composite", None),
                                           r.pair("vp", "plant_mgr") is None])(m.trust("2026-03-01")),
    "trust.coverage": lambda m, c: (lambda v: [list(v.key_contacts), list(v.covered), v.share])(
        m.trust("2026-03-01").coverage
    ),
    "trust.relationship_strength": lambda m, c: m.trust("2026-03-01").relationship_strength,
    "trust.timeline": lambda m, c: probe_timeline(m),
    "trust.default_config": lambda m, c: (lambda d: [d["half_life_days"], d["coverage_threshold"],
                                                     d["key_contact_roles"]])(relmap.default_trust_config()),
    "churn.signals": lambda m, c: [list(s) for s in m.churn_signals()],
    "stage.stages": lambda m, c: [[s.opportunity_id, s.stage, s.next_stage, s.ahead_of_evidence] for s in m.stages()],
    "health.deal_health": lambda m, c: [
        [d.opportunity, d.score, d.status, [[f.code, f.impact, list(f.ids)] for f in d.factors],
         [[a.code, a.gain] for a in d.actions]]
        for d in m.deal_health(weights={"meddpicc_champion": 7.0})
    ],
    "health.portfolio_deal_health": lambda m, c: (
        lambda v: [
            [[d.opportunity, d.score, d.status] for d in v.deals],
            [v.counts["critical"], v.counts["at_risk"], v.counts["healthy"]],
            [[f.code, f.deals, f.total_impact] for f in v.common_factors],
        ]
    )(relmap.portfolio_deal_health([m, m], as_of="2026-03-31")),
    "health.calibrate": lambda m, c: probe_calibrate(m),
    "stage.default_model": lambda m, c: [s["key"] for s in relmap.default_stage_model()["stages"]],
    "matrix.competition": probe_competition,
    "matrix.classify": lambda m, c: probe_classify(),
    "matrix.classify_portfolio": lambda m, c: probe_classify_portfolio(m),
    "render.svg": lambda m, c: m.to_svg(c),
    "render.deal_health_chart": lambda m, c: (
        lambda svg: [
            [t.split('"')[0] for t in svg.split('data-status="')[1:]],
            svg.count("<rect"),
            len(svg.splitlines()),
        ]
    )(str(relmap.deal_health_chart(relmap.portfolio_deal_health([m], as_of="2026-03-31")))),
    "render.formats": probe_formats,
    "render.default_options": lambda m, c: (lambda d: [d["theme"], d["key_players_only"], d["show_legend"]])(
        relmap.default_render_options()
    ),
    "value.rfm_summary": lambda m, c: [
        len(SUMMARY),
        float(SUMMARY["frequency"].sum()),
        float(SUMMARY["recency"].sum()),
        float(SUMMARY["T"].sum()),
        [float(SUMMARY[k].iloc[0]) for k in ("frequency", "recency", "T", "monetary_value")],
    ],
    "value.beta_geo": lambda m, c: probe_beta_geo(),
    "value.purchase_predictions": lambda m, c: [
        float(P_ALIVE.sum()),
        float(P_ALIVE.iloc[0]),
        float(BG.expected_purchases(10, SUMMARY).iloc[0]),
        BG.log_likelihood(SUMMARY),
    ],
    "value.pareto_nbd": lambda m, c: list(
        rv.ParetoNBD.from_params(r=0.5534, alpha=10.5802, s=0.6061, beta=11.6562).p_alive(SUMMARY.iloc[:3])
    ),
    "value.modified_beta_geo": lambda m, c: list(
        rv.ModifiedBetaGeo.from_params(r=0.525, alpha=6.183, a=0.891, b=1.614).p_alive(SUMMARY.iloc[:3])
    ),
    "value.discrete_summary": lambda m, c: [
        len(MONTHLY),
        float(MONTHLY["frequency"].sum()),
        float(MONTHLY["recency"].sum()),
        float(MONTHLY["periods"].sum()),
        [float(MONTHLY[k].iloc[0]) for k in ("frequency", "recency", "periods", "monetary_value")],
    ],
    "value.beta_geo_beta_binom": lambda m, c: list(
        rv.BetaGeoBetaBinom.from_params(alpha=1.204, beta=0.75, gamma=0.657, delta=2.783).p_alive(MONTHLY.iloc[:3])
    ),
    "value.population_predictions": lambda m, c: [
        float(BG.probability_of_purchases(0, 10, SUMMARY.iloc[:1]).iloc[0]),
        BG.expected_repeat_purchases(39),
        BG.probability_of_repeat_purchases(0, 39),
    ],
    "value.shifted_beta_geo": lambda m, c: probe_shifted_beta_geo(),
    "value.renewal_predictions": lambda m, c: probe_renewal_predictions(),
    "value.renewal_value": lambda m, c: [
        SBG.del_(0.1),
        SBG.derl(0.1, 7),
        list(SBG.clv([100.0, 50.0], 0.1, [7.0, 3.0], [True, False])),
    ],
    "value.dert": lambda m, c: [
        list(rv.ParetoNBD.from_params(r=0.5534, alpha=10.5802, s=0.6061, beta=11.6562).dert(0.01, SUMMARY.iloc[:3])),
        list(rv.BetaGeoBetaBinom.from_params(alpha=1.204, beta=0.75, gamma=0.657, delta=2.783).dert(0.1, MONTHLY.iloc[:3])),
    ],
    "value.compare_models": lambda m, c: probe_compare_models(),
    "value.fit_summary": lambda m, c: probe_fit_summary(),
    "value.prediction_intervals": lambda m, c: probe_prediction_intervals(),
    "value.information_criteria": lambda m, c: [FITTED_BG.aic_, FITTED_BG.bic_, FITTED_BG.n_customers_],
    "value.covariates": lambda m, c: probe_covariates(),
    "value.likelihood_ratio_test": lambda m, c: probe_likelihood_ratio_test(),
    "value.relationship_covariates": lambda m, c: probe_relationship_covariates(m),
    "value.gamma_gamma": lambda m, c: probe_gamma_gamma(),
    "value.compress_rows": lambda m, c: probe_compress_rows(),
    "value.clv": lambda m, c: [float(CLV.sum()), float(CLV.iloc[0])],
    "value.tier": lambda m, c: probe_tier(),
    "value.lifecycle": lambda m, c: counts(rv.lifecycle(SUMMARY, P_ALIVE, CLV)["lifecycle"]),
    "value.churn_warnings": lambda m, c: counts(rv.churn_warnings(SUMMARY, P_ALIVE, CLV)["severity"]),
    "value.rfm_scores": lambda m, c: counts(rv.rfm_scores(SUMMARY)["segment"]),
    "value.holdout": lambda m, c: probe_holdout(),
    "value.diagnostics": lambda m, c: probe_diagnostics(),
    "value.plots": lambda m, c: probe_plots(),
    "perception.merge_perceptions": lambda m, c: probe_merge(m),
    "history.fit_openness": lambda m, c: probe_openness(m),
    "network.portfolio": lambda m, c: probe_portfolio(m),
    "errors.codes": lambda m, c: [[code, kind] for code, kind, _cls in relmap.error_codes()],
    "import.crm": lambda m, c: probe_crm("lines"),
    "import.report": lambda m, c: probe_crm("counts"),
    "import.calendar": lambda m, c: probe_import("calendar"),
    "import.mail": lambda m, c: probe_import("mail"),
    "import.presets": lambda m, c: [list(relmap.io.CRM_PRESETS), relmap.io.crm_preset("zoho")["source"]],
    "activity.log": lambda m, c: [o["id"] for o in imported("both")[0].activity["observations"]],
    "activity.ghosts": lambda m, c: probe_ghosts(),
    "activity.suggested_relations": lambda m, c: probe_suggestions(),
    "activity.strength": lambda m, c: [
        [s.member, s.stakeholder, s.strength, s.interactions] for s in imported("both")[0].activity_strength(**SIDES)
    ],
    "activity.departures": lambda m, c: [
        [f.code, f.severity, list(f.ids)] for f in imported("both")[0].departures(**SIDES)
    ],
    "version": lambda m, c: relmap.__version__,
}


# Fitted parameters agree to the optimizer's tolerance: a last-bit difference of the
# platform's libm moves where a fit stops on a flat likelihood.
REL = {
    "value.beta_geo": 1e-6,
    "value.gamma_gamma": 1e-6,
    "value.shifted_beta_geo": 1e-6,
    "value.compare_models": 1e-6,
    "value.covariates": 1e-6,
    "value.fit_summary": 1e-5,
    "value.prediction_intervals": 1e-4,
    "value.information_criteria": 1e-6,
}


def same(got: Any, want: Any, where: str, rel: float = 1e-9) -> None:
    """Equal, floats to ``rel`` relative (the platforms' libm may differ in the last bits)."""
    if isinstance(want, float) or (isinstance(got, float) and isinstance(want, int) and not isinstance(want, bool)):
        assert isinstance(got, (int, float, np.floating)) and not isinstance(got, bool), (where, got, want)
        assert got == pytest.approx(want, rel=rel, abs=1e-12), (where, got, want)
    elif isinstance(want, list):
        got = list(got)
        assert len(got) == len(want), (where, got, want)
        for k, (g, w) in enumerate(zip(got, want)):
            same(g, w, f"{where}[{k}]", rel)
    elif isinstance(want, dict):
        assert isinstance(got, dict) and set(got) == set(want), (where, got, want)
        for k in want:
            same(got[k], want[k], f"{where}.{k}", rel)
    else:
        assert got == want, (where, got, want)


def owners(m: relmap.RelationshipMap, chain: relmap.DecisionChain) -> dict[str, Any]:
    """The objects the table's `Owner.member` names are looked up on."""
    return {
        "RelationshipMap": m,
        "DecisionChain": chain,
        "TrustReport": m.trust(),
        "value.BetaGeo": rv.BetaGeo().fit(SUMMARY),
        "value.ParetoNBD": rv.ParetoNBD,
        "value.GammaGamma": GG,
        "value.ShiftedBetaGeo": rv.ShiftedBetaGeo().fit_cohorts(REGULAR),
    }




def line(x: Any) -> list[Any]:
    return [x.file, x.row, x.column, x.entity, x.id, x.outcome, x.reason, x.value]


def imported(what: str) -> tuple[relmap.RelationshipMap, Any]:
    m = relmap.load(IMPORT / "base_map.json")
    report = None
    if what != "mail":
        report = relmap.io.import_calendar(IMPORT / "calendar" / "team.ics", into=m, **SIDES)
    if what != "calendar":
        report = relmap.io.import_mail(IMPORT / "mail", into=m, **SIDES)
    return m, report


def probe_import(what: str) -> Any:
    m, r = imported(what)
    return [[line(x) for x in r.lines], len(m.to_dict()["interactions"])]


def probe_crm(what: str) -> Any:
    r = relmap.io.import_crm(IMPORT / "crm" / "salesforce", preset="salesforce", account="0015g00000HDJM1AAA")
    if what == "counts":
        c = r.counts
        return [c.added, c.updated, c.unchanged, c.skipped, c.warning]
    return [[line(x) for x in r.lines], r.map.stakeholder_ids]


def probe_ghosts() -> Any:
    m, _ = imported("both")
    g = m.ghost_stakeholders(**SIDES)
    m.accept_ghost(g[0], "ghost")
    return [[[x.email, x.score, x.meetings, x.messages, list(x.known_by)] for x in g], (m.stakeholder("ghost") or {})["emails"]]


def probe_suggestions() -> Any:
    m, _ = imported("both")
    s = m.suggest_relations(**SIDES)
    m.accept_relation(s[0])
    rel = [[x.relation["source"], x.relation["target"], x.relation["kind"], x.relation["strength"]] for x in s]
    return [rel, m.relation_count]


def test_every_row_has_a_python_entry_that_exists() -> None:
    m = fixture()
    objects = owners(m, m.decision_chain())
    missing = []
    for key, names, notes in rows():
        for name in names:
            if name == "—":
                assert notes, f"{key}: a dash needs the reason in the notes"
                continue
            owner, _, member = name.rpartition(".")
            target: Any = objects[owner] if owner in objects else relmap
            if owner and owner not in objects:
                for part in owner.split("."):
                    target = getattr(target, part)
            if not hasattr(target, member):
                missing.append(f"{key}: {name}")
    assert missing == []


@pytest.mark.parametrize("key", [key for key, names, _ in rows() if names != ["—"]])
def test_each_row_answers_as_the_core(key: str) -> None:
    assert key in PROBES, f"no Python probe for {key}"
    m = fixture()
    got = PROBES[key](m, m.decision_chain())
    want = EXPECTED[key]
    if isinstance(want, dict) and "file" in want:
        assert got == (ROOT / "tests" / "api" / want["file"]).read_text(encoding="utf-8"), "not byte-identical"
    else:
        same(got, want, key, REL.get(key, 1e-9))


def test_every_probe_has_a_row() -> None:
    keys = {key for key, names, _ in rows() if names != ["—"]}
    assert set(PROBES) == keys
