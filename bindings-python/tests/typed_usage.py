"""Typed use of the public API: checked by `mypy --strict` and run as a script.

Every annotation here states what the stubs promise; mypy fails if the stubs
drift from this usage, and running the file checks the runtime agrees.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import relmap

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "data" / "demo_small.json"


def build() -> relmap.RelationshipMap:
    m = relmap.RelationshipMap("acme", name="Acme Group")
    m.add_stakeholder("ceo", name="Chen Wei", roles=["economic_buyer"], authority=1.0)
    m.add_stakeholder("cio", name="Liu Yang", reports_to="ceo", roles=("technical_buyer",), openness=0.4, stance=2.5)
    m.add_relation("cio", "ceo", kind="ally", strength=0.6, direction="both")
    m.add_team_member("rep", name="Zhao Min", role="account_manager", title="KAM")
    m.set_stance("ceo", None)
    return m


def error_details(err: relmap.RelmapError) -> tuple[str, str | None]:
    code: str = err.code
    field: str | None = err.field
    return code, field


def main() -> None:
    m = build()
    ids: list[str] = m.stakeholder_ids
    count: int = len(m)
    account: str = m.account_id
    name: str = m.account_name
    text: str = m.to_json()
    same: bool = relmap.RelationshipMap.from_json(text) == m
    loaded: relmap.RelationshipMap = relmap.load(SAMPLE)
    loaded_from_str: relmap.RelationshipMap = relmap.load(str(SAMPLE))
    clone: relmap.RelationshipMap = pickle.loads(pickle.dumps(loaded))
    assert ids == ["ceo", "cio"] and count == 2 and account == "acme" and name == "Acme Group" and same
    assert loaded == loaded_from_str == clone
    assert m.team_ids == ["rep"] and m.relation_count == 1
    try:
        m.add_relation("cio", "ghost")
    except relmap.ValidationError as err:
        assert error_details(err) == ("unknown_reference", "relations[1].target")
    else:
        raise AssertionError("an unknown id was accepted")
    try:
        relmap.RelationshipMap.from_json("{")
    except relmap.FormatError as err:
        assert error_details(err)[0] == "json_syntax"
    else:
        raise AssertionError("malformed JSON was accepted")
    version: str = relmap.__version__
    assert version


if __name__ == "__main__":
    main()
    print("typed_usage: ok")
