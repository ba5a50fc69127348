"""docs/errors.md against the package: every code, its kind and the class it raises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import relmap
from relmap import _relmap

DOC = Path(__file__).resolve().parents[2] / "docs" / "errors.md"


def table(heading: str) -> list[list[str]]:
    """The rows of the first table whose header starts with ``heading``, cells unquoted."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip().strip("`") for c in line.strip().strip("|").split("|")])
    return rows


def test_every_code_of_the_docs_raises_the_documented_class() -> None:
    classes = {kind: python for kind, python, _js in table("| kind | Python |")}
    documented = [(code, kind, classes[kind]) for code, kind, _meaning, _field in table("| code | kind |")]
    assert documented == [tuple(row) for row in _relmap._error_codes()]
    for code, _kind, cls in documented:
        err = _relmap._error(code, f"x: {code}", "x")
        assert type(err).__name__ == cls, code
        assert isinstance(err, relmap.RelmapError) and isinstance(err, ValueError)
        assert (err.code, err.field) == (code, "x")


def test_the_classes_are_the_package_s() -> None:
    for _kind, python, _js in table("| kind | Python |"):
        assert issubclass(getattr(relmap, python), relmap.RelmapError)


def test_core_errors_raise_by_kind() -> None:
    with pytest.raises(relmap.FormatError) as info:
        relmap.RelationshipMap.from_json("{")
    assert info.value.code == "json_syntax"
    m = relmap.RelationshipMap("a")
    with pytest.raises(relmap.ValidationError) as v:
        m.add_stakeholder("x", stance=9)
    assert (v.value.code, v.value.field) == ("out_of_range", "stakeholders[0].stance")


def test_an_unknown_code_is_refused() -> None:
    with pytest.raises(relmap.ValidationError, match=re.escape('unknown error code "nope"')):
        _relmap._error("nope", "m")


def test_argument_errors_of_python_and_the_native_module_carry_code_and_field() -> None:
    m = relmap.RelationshipMap("a")
    m.add_stakeholder("cio", roles=["economic_buyer"])
    # pyo3's TypeError on a number argument.
    with pytest.raises(relmap.ArgumentTypeError) as t:
        m.set_stance("cio", "x")  # type: ignore[arg-type]
    assert isinstance(t.value, TypeError) and isinstance(t.value, relmap.ValidationError)
    assert (t.value.code, t.value.field) == ("invalid_argument", "stance")
    assert isinstance(t.value.__cause__, TypeError) and "stance" in str(t.value)
    # A lone surrogate cannot be encoded for the core.
    with pytest.raises(relmap.ValidationError) as u:
        m.add_stakeholder("\ud800")
    assert (u.value.code, u.value.field) == ("invalid_argument", "id")
    # An unknown keyword: Python's own TypeError.
    with pytest.raises(relmap.ArgumentTypeError) as k:
        m.set_stance("cio", 1.0, colour="red")  # type: ignore[call-arg]
    assert (k.value.code, k.value.field) == ("invalid_argument", "colour")
    # An integer too large for the core's type.
    chain = m.decision_chain()
    with pytest.raises(relmap.ValidationError) as o:
        chain.access_paths("cio", 2**70)
    assert o.value.code in ("out_of_range", "invalid_argument") and o.value.field == "k"
    assert isinstance(o.value, (OverflowError, TypeError)) or o.value.code == "out_of_range"
    # Nothing changed and the map still works.
    assert m.stakeholder_ids == ["cio"]
    assert m.decision_chain().influence["cio"] == pytest.approx(1.0)


def test_the_argument_error_classes_are_relmap_errors() -> None:
    assert issubclass(relmap.ArgumentTypeError, relmap.ValidationError) and issubclass(relmap.ArgumentTypeError, TypeError)
    assert issubclass(relmap.ArgumentOverflowError, relmap.ValidationError)
    assert issubclass(relmap.ArgumentOverflowError, OverflowError)
