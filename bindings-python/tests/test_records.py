"""The Python result records against the core's JSON Schema: the same fields, the
nullable ones Optional, the nested ones the records of the nested types; and a
record refuses a field it does not declare instead of dropping it."""

from __future__ import annotations

import dataclasses
from typing import Any, Union

import pytest

import relmap
from relmap import _relmap
from relmap._records import build

RECORDS = [
    relmap.RedFlag,
    relmap.AccessPath,
    relmap.NextBestContact,
    relmap.KeyPlayer,
    relmap.Broker,
    relmap.Coverage,
    relmap.Influencer,
    relmap.ChainSummary,
    relmap.MapDiff,
    relmap.StageAssessment,
    relmap.DealHealth,
    relmap.Factor,
    relmap.Action,
    relmap.EvidenceContribution,
    relmap.PillarScore,
    relmap.TrustScore,
    relmap.StakeholderTrust,
    relmap.TrustCoverage,
    relmap.ReportLine,
    relmap.ImportCounts,
    relmap.GhostStakeholder,
    relmap.RelationEvidence,
    relmap.SuggestedRelation,
    relmap.StrengthComponents,
    relmap.ActivityStrength,
]


def nullable(schema: dict[str, Any]) -> bool:
    t = schema.get("type")
    if t == "null" or (isinstance(t, list) and "null" in t):
        return True
    return any(nullable(s) for s in schema.get("anyOf", []) + schema.get("oneOf", []))


def ref(schema: dict[str, Any]) -> Union[str, None]:
    """The name of the type a property refers to (directly, in an array or nullable)."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    for inner in [schema.get("items"), *schema.get("anyOf", []), *schema.get("oneOf", [])]:
        if isinstance(inner, dict) and inner and (name := ref(inner)):
            return name
    return None


def is_optional(annotation: Any) -> bool:
    """Whether a field's annotation (text, under ``from __future__ import annotations``) admits None."""
    return str(annotation).startswith("Optional[")


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_each_record_mirrors_its_core_type(cls: type) -> None:
    schema = _relmap._schema(cls.__name__)
    props: dict[str, Any] = schema["properties"]
    annotations = {f.name: f.type for f in dataclasses.fields(cls)}
    fields = set(annotations)
    assert fields == set(props), f"record only: {fields - set(props)}; core only: {set(props) - fields}"
    nested: dict[str, Any] = getattr(cls, "_nested", {})
    for name, prop in props.items():
        assert is_optional(annotations[name]) == nullable(prop), f"{cls.__name__}.{name}: nullable in the core?"
        target = ref(prop)
        records = {r.__name__ for r in RECORDS}
        if target in records:
            spec = nested.get(name)
            inner = spec[0] if isinstance(spec, list) else spec
            assert inner is not None and inner.__name__ == target, f"{cls.__name__}.{name} is a {target}"


def test_a_field_the_record_lacks_is_refused() -> None:
    flag = {"code": "no_coach", "severity": "warning", "ids": [], "reason": "no coach"}
    assert build(relmap.RedFlag, flag).code == "no_coach"
    with pytest.raises(relmap.RelmapError) as info:
        build(relmap.RedFlag, {**flag, "hint": "new in the core"})
    assert info.value.code == "internal" and "hint" in str(info.value)
