"""Regression tests for the bad inputs that once hung, overflowed or lost data, as
Python sees them (the numbers are those of the reliability defects; the Rust
tests are in core/tests/regressions.rs)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import relmap
import relmap.value as rv


def raises(code: str, field: str | None, action: Callable[[], object]) -> relmap.RelmapError:
    with pytest.raises(relmap.RelmapError) as info:
        action()
    assert (info.value.code, info.value.field) == (code, field), str(info.value)
    return info.value


def doc(at: str) -> str:
    return (
        '{"account": {"id": "a", "name": "A"}, "stakeholders": [{"id": "x", "name": "X"}],'
        ' "team": [{"id": "m", "name": "M"}], "interactions": [{"id": "i", "at": "%s",'
        ' "channel": "visit", "members": ["m"], "stakeholders": ["x"]}]}' % at
    )


def test_d2_value_models_take_constant_time_in_the_frequency() -> None:
    start = time.monotonic()
    for model in (rv.BetaGeo(), rv.ParetoNBD()):
        try:
            model.fit([1e15, 1, 0], [30, 5, 0], [40, 40, 40])
        except relmap.RelmapError:
            pass  # any typed outcome is fine; it must be quick
    # A hang guard, not a benchmark: the fits used to run for minutes.
    assert time.monotonic() - start < 60
    bg = rv.BetaGeo.from_params(r=0.2426, alpha=4.4136, a=0.7929, b=2.4259)
    raises("invalid_config", "periods", lambda: bg.clv([10.0], [2.0], [30.0], [38.0], periods=1_000_000))


def test_d4_a_duplicate_json_key_is_an_error_naming_its_path() -> None:
    text = '{"account": {"id": "a", "name": "A"}, "stakeholders": [{"id": "c", "name": "C"}], "stakeholders": []}'
    raises("duplicate_json_key", "stakeholders", lambda: relmap.RelationshipMap.from_json(text))
    raises("duplicate_json_key", "format", lambda: relmap.RelationshipMap.from_json('{"format": "relmap/2", "format": "relmap/1"}'))


@pytest.mark.parametrize("at", ["9999-12-31T23:00:00-05:00", "2016-12-31T23:59:60Z", "0000-01-01T00:00:00+00:01"])
def test_d5_times_that_cannot_be_written_back_are_refused(at: str) -> None:
    raises("json_shape", "interactions[0].at", lambda: relmap.RelationshipMap.from_json(doc(at)))


def test_d5_the_last_writable_time_survives_json_and_pickle() -> None:
    import pickle

    m = relmap.RelationshipMap.from_json(doc("9999-12-31T18:59:59-05:00"))
    assert relmap.RelationshipMap.from_json(m.to_json()) == m
    assert pickle.loads(pickle.dumps(m)) == m


def test_d6_an_unterminated_csv_quote_is_an_error_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "account.csv").write_text("id,name\nacme,Acme\n")
    (tmp_path / "stakeholders.csv").write_text('id,name,stance\nceo,"CEO,1\ncfo,CFO,-5\ncio,CIO,3\n')
    e = raises("csv", "", lambda: relmap.load(tmp_path))
    assert "stakeholders.csv" in str(e) and "line 2" in str(e), str(e)


def test_d7_every_numeric_result_is_finite_or_a_typed_error() -> None:
    p = rv.ParetoNBD.from_params(r=1e-300, alpha=1e-300, s=1e-300, beta=1e-300)
    assert p.p_alive([0.0], [0.0], [38.0]).tolist() == [1.0]
    assert math.isfinite(p.expected_purchases(10.0, [0.0], [0.0], [38.0])[0])
    assert math.isfinite(p.clv([10.0], [0.0], [0.0], [38.0])[0])
    days = np.array(["2026-01-01", "2026-01-02", "2026-01-03"], dtype="datetime64[s]")
    raises("overflow", "amount", lambda: rv.rfm_summary(["a", "a", "a"], days, [1e308, 1e308, 1.0], as_of="2026-03-31"))
    bg = rv.BetaGeo.from_params(r=0.2426, alpha=4.4136, a=0.7929, b=2.4259)
    raises("overflow", "spend", lambda: bg.clv([1e308], [2.0], [30.0], [38.0], margin=10.0))
    # datetime64[s] at its minimum + 1 used to give a first purchase in year 292,277,026,596.
    earliest = np.array([np.iinfo(np.int64).min + 1], dtype="int64").view("datetime64[s]")
    raises("out_of_range", "time", lambda: rv.rfm_summary(["a"], earliest, [1.0], as_of="2026-03-31"))
    # Coarse units are multiplied on the way to seconds: a year that would wrap around is refused first.
    for far in (np.array([2**60], dtype="datetime64[Y]"), np.array([10_000 * 366], dtype="datetime64[D]")):
        raises("out_of_range", "time", lambda: rv.rfm_summary(["a"], far, [1.0], as_of="2026-03-31"))
    last = np.array(["9999-12-31"], dtype="datetime64[D]")
    assert rv.rfm_summary(["a"], last, [1.0], as_of="9999-12-31T23:59:59Z")["frequency"].tolist() == [0.0]


def test_d9_unhashable_customer_ids_are_a_typed_error() -> None:
    unhashable: Any = [["a"], ["b"]]
    days = ["2026-01-01", "2026-01-02"]
    raises("invalid_argument", "customer", lambda: rv.rfm_summary(unhashable, days, [1.0, 2.0], as_of="2026-03-31"))
    not_a_sequence: Any = 5
    raises("invalid_argument", "customer", lambda: rv.rfm_summary(not_a_sequence, days[:1], [1.0], as_of="2026-03-31"))


def test_d10_formula_text_is_neutralised_in_csv_and_read_back_unchanged(tmp_path: Path) -> None:
    m = relmap.RelationshipMap("acme", name='=HYPERLINK("http://evil","x")')
    for i, name in enumerate(["+cmd", "@SUM(A1:A2)", "-2+3", "'quoted", "\t=1"]):
        m.add_stakeholder(f"s{i}", name=name)
    m.write_csv(tmp_path)
    text = (tmp_path / "stakeholders.csv").read_text()
    for cell in ["'+cmd", "'@SUM(A1:A2)", "'-2+3", "''quoted", "'\t=1"]:
        assert cell in text, (cell, text)
    assert "'=HYPERLINK" in (tmp_path / "account.csv").read_text()
    assert relmap.load(tmp_path) == m


def test_d11_smaller_ones() -> None:
    m = relmap.RelationshipMap("a", name="A")
    raises("empty_id", "opportunities[0].competitors[0]", lambda: m.add_opportunity("o", "O", competitors=[""]))
    m.add_stakeholder("x", name="Chen\x00\x1b[31m %%{init: {'theme':'dark'}}%%", roles=["economic_buyer"], stance=-0.0)
    for width in (1e308, 1e-300):
        raises("invalid_config", "options.width", lambda: m.to_svg(width=width))
    dot, mermaid = m.to_dot(), m.to_mermaid()
    assert "\x00" not in dot and "\x1b" not in dot
    assert "%%" not in mermaid and "\x00" not in mermaid
    share = m.decision_chain().coverage.share
    assert share == 0.0 and math.copysign(1.0, share) == 1.0
    assert "-0" not in m.to_svg(m.decision_chain())


def test_d9_wrong_types_raise_relmap_errors_with_code_and_field() -> None:
    m = relmap.RelationshipMap("acme")
    m.add_stakeholder("cio", roles=["economic_buyer"])
    before = m.to_json()
    calls: list[tuple[Callable[[], object], str]] = [
        (lambda: m.set_stance("cio", "x"), "stance"),  # type: ignore[arg-type]
        (lambda: m.set_stance("\ud800", 1.0), "id"),  # a lone surrogate: UnicodeEncodeError
        (lambda: m.add_stakeholder("\ud800"), "id"),
        (lambda: m.decision_chain().access_paths("cio", "two"), "k"),  # type: ignore[arg-type]
    ]
    for call, field in calls:
        with pytest.raises(relmap.RelmapError) as info:
            call()
        assert (info.value.code, info.value.field) == ("invalid_argument", field), str(info.value)
    with pytest.raises(relmap.RelmapError) as big:
        m.decision_chain().access_paths("cio", 2**70)
    assert (big.value.code, big.value.field) == ("out_of_range", "k")
    assert isinstance(big.value, OverflowError)
    assert m.to_json() == before


def test_unaligned_columns_are_read() -> None:
    # Buffers unpickled from a network frame or a spill file (Dask workers) can be
    # unaligned; they used to be refused as "the array must be contiguous".
    x = np.frombuffer(bytes(8 * 3 + 1), dtype=np.float64, offset=1)
    assert not x.flags.aligned
    bg = rv.BetaGeo.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    assert bg.p_alive(x, x, np.ones(3)).tolist() == [1.0, 1.0, 1.0]
    t = np.frombuffer(bytes(8 * 3 + 1), dtype="datetime64[s]", offset=1)
    s = rv.rfm_summary(["a", "a", "b"], t, x + 1.0, as_of="1970-01-08")
    assert s["T"].tolist() == [1.0, 1.0]
