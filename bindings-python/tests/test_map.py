"""relmap.RelationshipMap from Python: loading, editing, saving, pickling and errors."""

import copy
import json
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

import relmap

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
SAMPLE = DATA / "demo_small.json"


def small_map() -> relmap.RelationshipMap:
    m = relmap.RelationshipMap("acme", name="Acme Group")
    m.add_stakeholder("ceo", name="Chen Wei", title="CEO", roles=["economic_buyer"], authority=1.0)
    m.add_stakeholder("cio", name="Liu Yang", reports_to="ceo", roles=("technical_buyer", "coach"), stance=3)
    m.add_relation("cio", "ceo", kind="influences", strength=0.7)
    m.add_team_member("rep", name="Zhao Min", role="account_manager")
    return m


def test_load_edit_save_round_trip(tmp_path: Path) -> None:
    m = relmap.load(SAMPLE)
    assert m.account_id == "hengtai"
    assert len(m) == 8
    assert m.stakeholder_ids[:3] == ["gm", "cfo", "cio"]
    assert m.team_ids == ["am", "se", "vp"]
    assert m.relation_count == 7

    m.add_stakeholder("qa_head", name="Qian Hui", department="Quality", reports_to="prod_dir", roles=["influencer"])
    m.add_relation("qa_head", "prod_dir", kind="influences", strength=0.4)
    m.set_stance("cfo", 1.5)
    m.set_stance("purchasing", None)

    saved = tmp_path / "edited.json"
    saved.write_text(m.to_json(), encoding="utf-8")
    again = relmap.load(str(saved))
    assert again == m
    assert again.to_json() == m.to_json()

    doc = json.loads(saved.read_text(encoding="utf-8"))
    assert doc["format"] == "relmap/2"
    cfo = next(s for s in doc["stakeholders"] if s["id"] == "cfo")
    assert cfo["stance"] == 1.5
    qa = next(s for s in doc["stakeholders"] if s["id"] == "qa_head")
    assert qa == {
        "id": "qa_head",
        "name": "Qian Hui",
        "department": "Quality",
        "reports_to": "prod_dir",
        "roles": ["influencer"],
    }


def test_built_map_round_trips_through_json() -> None:
    m = small_map()
    assert relmap.RelationshipMap.from_json(m.to_json()) == m
    doc = json.loads(m.to_json())
    assert doc["account"] == {"id": "acme", "name": "Acme Group"}
    # Roles are stored sorted, in the core's order.
    assert doc["stakeholders"][1]["roles"] == ["technical_buyer", "coach"]
    assert doc["relations"] == [{"source": "cio", "target": "ceo", "kind": "influences", "strength": 0.7}]


def test_equality_follows_content() -> None:
    a, b = small_map(), small_map()
    assert a == b
    b.set_stance("ceo", -2)
    assert a != b
    assert a != "not a map"


def test_repr_names_the_account_and_counts() -> None:
    text = repr(small_map())
    assert text.startswith("<RelationshipMap")
    assert "acme" in text and "2 stakeholders" in text and "1 relations" in text


def test_pickle_and_copy_go_through_json() -> None:
    m = relmap.load(SAMPLE)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        clone = pickle.loads(pickle.dumps(m, protocol=protocol))
        assert clone == m and clone is not m
    deep = copy.deepcopy(m)
    deep.set_stance("gm", 5)
    assert deep != m


def test_unknown_reference_is_a_validation_error_with_code_and_field() -> None:
    m = small_map()
    with pytest.raises(relmap.ValidationError) as info:
        m.add_relation("cio", "nobody", kind="ally", strength=0.5)
    err = info.value
    assert err.code == "unknown_reference"
    assert err.field == "relations[1].target"
    assert "nobody" in str(err)
    assert isinstance(err, relmap.RelmapError) and isinstance(err, ValueError)
    # The map is unchanged by the refused edit.
    assert m.relation_count == 1

    with pytest.raises(relmap.ValidationError) as info:
        m.add_stakeholder("x", reports_to="ghost")
    assert (info.value.code, info.value.field) == ("unknown_reference", "stakeholders[2].reports_to")


def test_model_rules_are_enforced() -> None:
    m = small_map()
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: m.add_stakeholder("ceo"), "duplicate_id"),
        (lambda: m.set_stance("cio", 7.0), "out_of_range"),
        (lambda: m.set_stance("ghost", 1.0), "not_found"),
        (lambda: m.add_relation("cio", "cio"), "self_loop"),
        (lambda: m.add_relation("ceo", "cio", strength=0.0), "out_of_range"),
        (lambda: m.add_relation("ceo", "cio", strength=float("nan")), "non_finite"),
        (lambda: relmap.RelationshipMap(""), "empty_id"),
    ]
    for action, code in cases:
        with pytest.raises(relmap.ValidationError) as info:
            action()
        assert info.value.code == code, (code, str(info.value))


def test_unknown_names_are_invalid_arguments() -> None:
    m = small_map()
    with pytest.raises(relmap.ValidationError) as info:
        m.add_stakeholder("cto", roles=["economic_buyer", "boss"])  # type: ignore[list-item]
    assert info.value.code == "invalid_argument"
    assert info.value.field == "roles[1]"
    assert "economic_buyer" in str(info.value)  # the message lists the valid names
    with pytest.raises(relmap.ValidationError) as info:
        m.add_relation("cio", "ceo", kind="likes")  # type: ignore[arg-type]
    assert (info.value.code, info.value.field) == ("invalid_argument", "kind")
    with pytest.raises(relmap.ValidationError) as info:
        m.add_relation("cio", "ceo", kind="ally", direction="sideways")  # type: ignore[arg-type]
    assert (info.value.code, info.value.field) == ("invalid_argument", "direction")
    assert "cto" not in m.stakeholder_ids


def test_wrong_python_types_are_type_errors() -> None:
    m = small_map()
    with pytest.raises(TypeError):
        m.add_stakeholder("cto", roles="coach")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        m.set_stance("cio", "high")  # type: ignore[arg-type]


def test_malformed_json_is_a_format_error() -> None:
    with pytest.raises(relmap.FormatError) as info:
        relmap.RelationshipMap.from_json('{"account": {"id": "a", "name": "A"},')
    assert info.value.code == "json_syntax"
    assert info.value.field is None
    assert "line 1" in str(info.value)


def test_unknown_field_is_a_format_error_with_its_path() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace('"id": "cfo",', '"id": "cfo", "mood": "grumpy",')
    with pytest.raises(relmap.FormatError) as info:
        relmap.RelationshipMap.from_json(text)
    assert info.value.code == "json_shape"
    assert info.value.field == "stakeholders[1].mood"


def test_content_errors_in_a_document_are_validation_errors() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace('"target": "cio", "kind": "influences"', '"target": "cto", "kind": "influences"')
    with pytest.raises(relmap.ValidationError) as info:
        relmap.RelationshipMap.from_json(text)
    assert (info.value.code, info.value.field) == ("unknown_reference", "relations[0].target")


def test_missing_file_is_a_format_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    with pytest.raises(relmap.FormatError) as info:
        relmap.load(missing)
    assert info.value.code == "io"
    assert info.value.field == str(missing)


def test_errors_pickle_with_their_code_and_field() -> None:
    with pytest.raises(relmap.ValidationError) as info:
        small_map().set_stance("cio", 9.0)
    clone = pickle.loads(pickle.dumps(info.value))
    assert type(clone) is relmap.ValidationError
    assert (clone.code, clone.field) == ("out_of_range", "stakeholders[1].stance")


def test_exception_hierarchy() -> None:
    for cls in (relmap.ValidationError, relmap.FormatError, relmap.ConvergenceError):
        assert issubclass(cls, relmap.RelmapError)
    assert issubclass(relmap.RelmapError, ValueError)
    assert relmap.RelmapError.__module__ == "relmap"
    assert relmap.RelationshipMap.__module__ == "relmap"


def test_contact_keys_are_document_fields() -> None:
    m = small_map()
    m.add_stakeholder("cfo", name="Wang Fang", emails=["wang.fang@acme.cn"], crm_ids={"hubspot": "5101"})
    m.add_team_member("se", name="Lin Hao", emails=["lin.hao@us.example"])
    doc = json.loads(m.to_json())
    cfo = next(s for s in doc["stakeholders"] if s["id"] == "cfo")
    assert (cfo["emails"], cfo["crm_ids"]) == (["wang.fang@acme.cn"], {"hubspot": "5101"})
    assert doc["team"][1]["emails"] == ["lin.hao@us.example"]
    # The core checks the keys: well formed, and nobody else's (without letter case).
    with pytest.raises(relmap.ValidationError) as bad:
        m.add_stakeholder("x", emails=["no-at-sign"])
    assert (bad.value.code, bad.value.field) == ("invalid_contact", "stakeholders[3].emails[0]")
    with pytest.raises(relmap.ValidationError) as taken:
        m.add_stakeholder("y", emails=["Wang.Fang@ACME.cn"])
    assert (taken.value.code, taken.value.field) == ("duplicate_id", "stakeholders[3].emails[0]")
    with pytest.raises(TypeError):
        m.add_stakeholder("z", emails="wang.fang@acme.cn")
    assert m.stakeholder_ids == ["ceo", "cio", "cfo"]
