"""Does the model fit? The BTYD walkthrough's holdout table on CDNOW, tracking,
period transactions, the frequency–recency matrix, the tier overview and their
pictures, from Python."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import relmap
import relmap.value as rv

CDNOW = Path(__file__).resolve().parents[2] / "examples" / "data" / "cdnow"


@pytest.fixture(scope="module")
def cdnow() -> tuple[pd.DataFrame, pd.DataFrame, rv.BetaGeo]:
    tx = pd.read_csv(CDNOW / "CDNOW_sample.txt", sep=r"\s+", header=None,
                     names=["master", "id", "date", "cds", "dollars"], dtype={"id": int, "date": str})
    tx["date"] = pd.to_datetime(tx["date"], format="%Y%m%d")
    s = rv.rfm_summary(tx["id"], tx["date"], tx["dollars"], as_of="1997-09-30", holdout_end="1998-06-30")
    return tx, s, rv.BetaGeo().fit(s)


def values(svg: str, attribute: str = "data-value") -> list[float]:
    return [float(v) for v in re.findall(rf'{attribute}="([-0-9.e]+)"', svg)]


def test_the_btyd_walkthrough_holdout_table(cdnow: tuple[pd.DataFrame, pd.DataFrame, rv.BetaGeo]) -> None:
    _, s, bg = cdnow
    table = rv.holdout_table(bg, s)
    assert list(table.index) == ["0", "1", "2", "3", "4", "5", "6", "7+"]
    assert table.index.name == "frequency"
    assert table["customers"].tolist() == [1411, 439, 214, 100, 62, 38, 29, 64]
    btyd = [0.2367, 0.6970, 1.3925, 1.5600, 2.5323, 2.9474, 3.8621, 6.3594]
    np.testing.assert_allclose(table["actual"], btyd, atol=5e-5)
    # relmap's fit (r 0.2426, alpha 4.4135, a 0.7929, b 2.4258): the core's expected column.
    np.testing.assert_allclose(
        table["expected"], [0.2251, 0.5231, 1.0441, 1.5203, 2.1639, 2.6538, 3.5040, 6.1572], atol=5e-5
    )
    assert table.attrs["unit"] == "week" and table.attrs["duration"] == 39.0
    assert rv.holdout_table(bg, s, bins=3).index.tolist() == ["0", "1", "2", "3+"]

    errors = rv.holdout_errors(bg, s)
    assert errors["n"] == 2357 and errors["actual_total"] == 1882.0
    assert errors["mae"] == pytest.approx(0.7855, abs=1e-4)
    assert errors["rmse"] == pytest.approx(1.6080, abs=1e-4)
    assert errors["correlation"] == pytest.approx(0.6256, abs=1e-4)
    assert errors["bias"] == pytest.approx((errors["predicted_total"] - 1882.0) / 2357, abs=1e-12)

    per = rv.holdout_forecast(bg, s)
    assert per.index.equals(s.index) and per.index.name == "customer"
    assert per["actual"].sum() == 1882.0
    zero = s["frequency"] == 0
    assert per.loc[zero, "predicted"].mean() == pytest.approx(table.loc["0", "expected"], abs=1e-12)


def test_every_purchase_model_is_evaluated(cdnow: tuple[pd.DataFrame, pd.DataFrame, rv.BetaGeo]) -> None:
    _, s, _ = cdnow
    for model in (rv.ParetoNBD().fit(s), rv.ModifiedBetaGeo().fit(s)):
        table = rv.holdout_table(model, s)
        assert table["customers"].sum() == 2357
        assert table["expected"].is_monotonic_increasing


def test_the_holdout_picture_plots_the_table(cdnow: tuple[pd.DataFrame, pd.DataFrame, rv.BetaGeo]) -> None:
    _, s, bg = cdnow
    chart = rv.plot_holdout(bg, s)
    assert isinstance(chart, rv.Chart)
    ET.fromstring(chart.svg)
    assert chart.svg == str(chart)
    # In a notebook the picture takes the output's width; the text is otherwise the core's.
    shown = chart._repr_svg_()
    assert re.match(r'<svg [^>]*width="100%"', shown) and 'height="' not in shown.split(">", 1)[0]
    assert shown.split(">", 1)[1] == chart.svg.split(">", 1)[1]
    table = rv.holdout_table(bg, s)
    plotted = values(chart.svg)
    for v in [*table["actual"], *table["expected"]]:
        assert any(abs(p - v) < 5e-4 for p in plotted), v
    assert rv.plot_holdout(bg, s).svg == chart.svg  # deterministic bytes
    assert "width=\"800\"" in rv.plot_holdout(bg, s, width=800).svg


def test_save_writes_the_svg(cdnow: tuple[pd.DataFrame, pd.DataFrame, rv.BetaGeo], tmp_path: Path) -> None:
    _, s, bg = cdnow
    chart = rv.plot_period_transactions(bg, s, replicates=2)
    chart.save(tmp_path / "period.svg")
    assert (tmp_path / "period.svg").read_text(encoding="utf-8") == chart.svg


def test_tracking_per_week(cdnow: tuple[pd.DataFrame, pd.DataFrame, rv.BetaGeo]) -> None:
    tx, s, bg = cdnow
    tr = rv.tracking(bg, s, tx["id"], tx["date"])
    assert tr.index.name == "period"
    # Every repeat purchase of the calibration and holdout periods is counted once.
    assert tr.loc[~tr["holdout"], "actual"].sum() == s["frequency"].sum()
    assert tr.loc[tr["holdout"], "actual"].sum() == s["holdout_frequency"].sum()
    assert tr["actual_cumulative"].iloc[-1] == tr["actual"].sum()
    np.testing.assert_allclose(tr["expected_cumulative"], np.cumsum(tr["expected"]))
    assert tr.attrs["calibration_end"] in set(tr["period_end"])
    assert tr.attrs["holdout_errors"]["n"] == int(tr["holdout"].sum())
    chart = rv.plot_tracking(bg, s, tx["id"], tx["date"])
    ET.fromstring(chart.svg)


def test_period_transactions_are_seeded(cdnow: tuple[pd.DataFrame, pd.DataFrame, rv.BetaGeo]) -> None:
    _, s, bg = cdnow
    p = rv.period_transactions(bg, s, replicates=3, seed=7)
    assert p.index.tolist() == ["0", "1", "2", "3", "4", "5", "6", "7+"]
    assert p["actual"].tolist()[0] == int((s["frequency"] == 0).sum())
    assert p["actual"].sum() == 2357
    assert p["simulated"].sum() == pytest.approx(2357)
    pd.testing.assert_frame_equal(p, rv.period_transactions(bg, s, replicates=3, seed=7))
    assert not p["simulated"].equals(rv.period_transactions(bg, s, replicates=3, seed=8)["simulated"])


def test_frequency_recency_matrices(cdnow: tuple[pd.DataFrame, pd.DataFrame, rv.BetaGeo]) -> None:
    _, s, bg = cdnow
    m = rv.frequency_recency_matrix(bg, s, "p_alive", max_frequency=10, recency_cells=8)
    assert m.shape == (11, 8) and m.index.name == "frequency" and m.columns.name == "recency"
    # BG/NBD: no repeat purchase means never seen to drop out.
    cells = m.to_numpy()
    assert cells[0, 0] == 1.0 and np.isnan(cells[0, 1])
    assert cells[10, 7] > cells[10, 0]
    # The cell equals the model's own P(alive) at the cell's frequency, middle recency and T.
    x, t = 10.0, m.attrs["T"]
    edges = m.attrs["recency_edges"]
    r = (edges[7] + edges[8]) / 2
    assert cells[10, 7] == pytest.approx(bg.p_alive([x], [r], [t])[0], rel=1e-12)
    chart = rv.plot_p_alive(bg, s, max_frequency=10, recency_cells=8)
    ET.fromstring(chart.svg)
    e = rv.plot_frequency_recency(bg, s, horizon=4)
    assert e.data["quantity"] == "expected_purchases" and e.data["horizon"] == 4
    with pytest.raises(relmap.ValidationError) as err:
        rv.frequency_recency_matrix(bg, s, "revenue")
    assert err.value.field == "quantity"


def test_tier_overview(cdnow: tuple[pd.DataFrame, pd.DataFrame, rv.BetaGeo]) -> None:
    _, s, bg = cdnow
    calib = s.drop(columns=[c for c in s.columns if c.startswith("holdout_")])
    p = bg.p_alive(calib)
    gg = rv.GammaGamma().fit(calib[calib["frequency"] > 0])
    clv = gg.clv(bg, calib)
    tiers = rv.tier(calib, p, clv)
    o = rv.tier_overview(tiers, clv, p)
    assert o.index.name == "tier" and o.index[0] == "vip"
    assert o["customers"].sum() == 2357
    assert o["clv"].sum() == pytest.approx(float(np.sum(clv)), rel=1e-12)
    counts = {str(k): int(v) for k, v in tiers["tier"].astype(str).value_counts().items()}
    for t, n in zip(o.index, o["customers"]):
        assert n == counts[str(t)]
    chart = rv.plot_tiers(tiers, clv, p)
    ET.fromstring(chart.svg)


def test_bad_input_is_a_typed_error(cdnow: tuple[pd.DataFrame, pd.DataFrame, rv.BetaGeo]) -> None:
    tx, s, bg = cdnow
    plain = rv.rfm_summary(tx["id"], tx["date"], tx["dollars"], as_of="1997-09-30")
    with pytest.raises(relmap.ValidationError) as e:
        rv.holdout_table(bg, plain)
    assert e.value.code == "missing_value"
    with pytest.raises(relmap.ValidationError) as e:
        rv.holdout_table(rv.BetaGeo(), s)
    assert e.value.code == "not_fitted"
    with pytest.raises(relmap.RelmapError) as bad:
        rv.holdout_table(bg, s, bins=0)
    assert bad.value.field == "bins"
    with pytest.raises(relmap.RelmapError) as bad:
        rv.plot_holdout(bg, s, width=10)
    assert bad.value.field == "options.width"
    with pytest.raises(relmap.RelmapError):
        rv.holdout_table(rv.GammaGamma.from_params(p=6.25, q=3.74, v=15.44), s)


def test_value_lists_only_its_public_api() -> None:
    assert set(dir(rv)) == set(rv.__all__)
    assert "np" not in dir(rv) and "Any" not in dir(rv)
    assert {"holdout_table", "plot_tracking", "Chart"} <= set(rv.__all__)
    assert set(dir(relmap)) == set(relmap.__all__)


def test_the_map_fits_the_notebook_width() -> None:
    m = relmap.load(Path(__file__).resolve().parents[2] / "examples" / "data" / "manufacturing_cloud.json")
    full = m.to_svg()
    assert re.match(r'<svg [^>]*width="\d+"', full)
    shown = m._repr_svg_()
    assert re.match(r'<svg [^>]*width="100%"', shown) and "viewBox" in shown.split(">", 1)[0]
    ET.fromstring(shown)
    pic = m.picture(m.decision_chain(), highlight="cio")
    assert pic.svg == m.to_svg(m.decision_chain(), highlight="cio")
    assert 'width="100%"' in pic._repr_svg_().split(">", 1)[0]
