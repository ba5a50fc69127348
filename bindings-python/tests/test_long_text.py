"""Long text is never cut: the tables with reasons, red flags and actions are
TextFrames, shown whole (HTML and repr) and wrapped in a notebook."""

from __future__ import annotations

import html
import pickle
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import relmap
import relmap.value as rv

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
WIDTH = 50  # pandas' display.max_colwidth


def shows_whole(shown: str, texts: list[str]) -> None:
    """Every text appears whole in the HTML, and nothing was cut with '...'."""
    assert texts, "nothing to check"
    for text in texts:
        assert html.escape(text, quote=False) in shown, text
    assert "..." not in shown


def wraps(shown: str) -> None:
    m = re.match(r'<div class="relmap-text" id="(relmap-text-[0-9a-f]{12})"><style>', shown)
    assert m, shown[:120]
    scope = m.group(1)
    assert f"#{scope} td, #{scope} th {{white-space: normal; overflow-wrap: break-word;" in shown


def test_red_flags_show_every_reason_in_full() -> None:
    chain = relmap.load(DATA / "manufacturing_cloud.json").decision_chain()
    flags = chain.red_flags
    assert isinstance(flags, relmap.RedFlagList) and isinstance(flags, list)
    assert all(isinstance(f, relmap.RedFlag) for f in flags)
    reasons = [f.reason for f in flags]
    assert max(map(len, reasons)) > WIDTH  # long enough that pandas would cut it
    table = flags.to_pandas()
    assert isinstance(table, relmap.TextFrame)
    assert list(table.columns) == ["severity", "code", "ids", "reason"]
    assert table["reason"].tolist() == reasons
    assert table["ids"].tolist() == [", ".join(f.ids) for f in flags]
    shown = flags._repr_html_()
    wraps(shown)
    shows_whole(shown, reasons)
    # pandas' own display would have cut them.
    plain: Any = getattr(pd.DataFrame(table), "_repr_html_")()
    assert not all(html.escape(r, quote=False) in plain for r in reasons)
    # The text columns read from the left (the index is child 1), the numbers keep pandas' alignment.
    for child in (2, 3, 4, 5):
        assert f"td:nth-child({child})" in shown
    # The text repr prints them whole too.
    assert all(r in repr(table) for r in reasons)


def test_derived_tables_stay_whole_and_plain_frames_are_one_call_away() -> None:
    chain = relmap.load(DATA / "manufacturing_cloud.json").decision_chain()
    table = chain.red_flags.to_pandas()
    for derived in (table.head(2), table[table["severity"] != "info"], table.assign(n=1), table.sort_values("code")):
        assert isinstance(derived, relmap.TextFrame)
    plain = pd.DataFrame(table)
    assert type(plain) is pd.DataFrame
    pd.testing.assert_frame_equal(plain, table, check_frame_type=False)
    assert isinstance(table["reason"], pd.Series) and type(table["reason"]) is pd.Series
    clone = pickle.loads(pickle.dumps(table))
    assert type(clone) is relmap.TextFrame
    pd.testing.assert_frame_equal(clone, table)


def test_value_labels_show_their_reasons_in_full() -> None:
    raw = pd.read_csv(DATA / "cdnow" / "CDNOW_sample.txt", sep=r"\s+", header=None,
                      names=["master", "id", "date", "cds", "dollars"], dtype={"date": str})
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    s = rv.rfm_summary(raw["id"], raw["date"], raw["dollars"], as_of="1997-09-30")
    bg = rv.BetaGeo().fit(s)
    gg = rv.GammaGamma().fit(s[s["frequency"] > 0])
    alive, clv = bg.p_alive(s), gg.clv(bg, s)
    tables = {
        "tier": (rv.tier(s, alive, clv), ["reason", "lifecycle_reason"]),
        "lifecycle": (rv.lifecycle(s, alive, clv), ["lifecycle_reason"]),
        "churn_warnings": (rv.churn_warnings(s, alive, clv), ["reason"]),
        "rfm_scores": (rv.rfm_scores(s), ["reason"]),
    }
    for name, (table, cols) in tables.items():
        assert isinstance(table, relmap.TextFrame), name
        assert table.index.name == "customer", name
        head = table.head(8)
        shown = head._repr_html_() or ""
        wraps(shown)
        texts = [t for c in cols for t in head[c]]
        shows_whole(shown, texts)
        assert any(len(t) > WIDTH for t in table[cols[0]]), name
        numeric = [k for k, c in enumerate(head.columns) if c in ("p_alive", "rate_ratio", "r", "f", "m")]
        for k in numeric:
            assert f"td:nth-child({k + 2})" not in shown, (name, head.columns[k])


def test_deal_health_shows_its_factors_and_actions_in_full() -> None:
    m = relmap.load(DATA / "manufacturing_cloud.json")
    deals = m.deal_health()
    assert isinstance(deals, relmap.DealHealthList) and len(deals) > 0
    deal = deals[0]
    factors = deal.to_pandas()
    assert isinstance(factors, relmap.TextFrame) and factors.index.name == "code"
    actions = deal.actions_frame()
    assert isinstance(actions, relmap.TextFrame)
    assert actions["action"].tolist() == [a.action for a in deal.actions]
    assert actions["gain"].tolist() == [a.gain for a in deal.actions]
    shown = deal._repr_html_()
    assert html.escape(f"{deal.opportunity} ({deal.name})") in shown
    shows_whole(shown, [f.reason for f in deal.factors] + [a.action for a in deal.actions])
    listing = deals._repr_html_()
    wraps(listing)
    shows_whole(listing, [d.actions[0].action for d in deals if d.actions])
    assert isinstance(deals.to_pandas(), relmap.TextFrame)
    portfolio = relmap.portfolio_deal_health([m], as_of="2026-06-01")
    assert "deals:" in portfolio._repr_html_()


def test_stages_are_a_table() -> None:
    m = relmap.load(DATA / "city_construction_tender.json")
    stages = m.stages()
    assert isinstance(stages, relmap.StageList) and all(isinstance(a, relmap.StageAssessment) for a in stages)
    table = stages.to_pandas()
    assert isinstance(table, relmap.TextFrame) and table.index.name == "opportunity"
    assert table.index.tolist() == [a.opportunity_id for a in stages]
    assert table["stage"].tolist() == [a.stage for a in stages]
    assert table["missing_for_next"].tolist() == [", ".join(a.missing_for_next) for a in stages]
    assert np.allclose(table["win_probability"].to_numpy(dtype=float), [a.win_probability for a in stages])
    wraps(stages._repr_html_())


def test_text_frame_is_reachable() -> None:
    assert relmap.TextFrame.__name__ == "TextFrame" and issubclass(relmap.TextFrame, pd.DataFrame)
