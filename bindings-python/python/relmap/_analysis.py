"""Sales stage, the competition and classification matrices, and map diffs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from . import _relmap
from ._records import TimeLike, build, map_list, time_text

if TYPE_CHECKING:
    import pandas as pd

    from ._map import RelationshipMap


@dataclass(frozen=True)
class StageAssessment:
    """Where an opportunity stands according to its milestones (``RelationshipMap.stages``)."""

    opportunity_id: str
    stage: str
    stage_name: str
    path_stage: str
    entered_at: Optional[str]
    next_stage: Optional[str]
    missing_for_next: tuple[str, ...]
    unknown_milestones: tuple[str, ...]
    out_of_order: tuple[str, ...]
    visit_goals: tuple[str, ...]
    win_probability: float
    weighted_amount: Optional[float]
    declared_stage: Optional[str]
    ahead_of_evidence: bool

    def __str__(self) -> str:
        text = f"{self.opportunity_id}: {self.stage} ({self.win_probability:.0%})"
        if self.next_stage is not None:
            text += f", next {self.next_stage} needs {', '.join(self.missing_for_next)}"
        if self.declared_stage is not None and self.ahead_of_evidence:
            text += f"; declared {self.declared_stage} is ahead of the evidence"
        return text


@dataclass(frozen=True)
class MapDiff:
    """What changed between two snapshots of one account (``RelationshipMap.diff``)."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    stance_changes: tuple[dict[str, Any], ...]
    role_changes: tuple[dict[str, Any], ...]
    reports_to_changes: tuple[dict[str, Any], ...]
    relations_added: tuple[dict[str, Any], ...]
    relations_removed: tuple[dict[str, Any], ...]
    relations_changed: tuple[dict[str, Any], ...]

    def __bool__(self) -> bool:
        return any(getattr(self, f) for f in self.__dataclass_fields__)


class _Document:
    """A result held as the core's serialized form; pickles through JSON."""

    __slots__ = ("_data",)

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def to_dict(self) -> dict[str, Any]:
        """The result as plain data (the core's serialized form)."""
        return json.loads(json.dumps(self._data))  # type: ignore[no-any-return]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._data == self._data

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        return (_from_json, (type(self).__name__, json.dumps(self._data)))


def _from_json(kind: str, text: str) -> _Document:
    cls = {"CompetitionMatrix": CompetitionMatrix, "ClassificationMatrix": ClassificationMatrix}[kind]
    return cls(json.loads(text))


class CompetitionMatrix(_Document):
    """The competition matrix (商业竞争矩阵) of one opportunity: criteria weighted by
    each stakeholder's priorities and decision influence, every vendor's total and
    rank, and the criteria where we trail the best rival."""

    __slots__ = ()

    @property
    def opportunity_id(self) -> str:
        return str(self._data["opportunity_id"])

    @property
    def our_vendor(self) -> str:
        return str(self._data["our_vendor"])

    @property
    def our_rank(self) -> int:
        return int(self._data["our_rank"])

    @property
    def leader(self) -> str:
        return str(self._data["leader"])

    @property
    def rival(self) -> Optional[str]:
        r = self._data["rival"]
        return None if r is None else str(r)

    @property
    def totals(self) -> dict[str, float]:
        """Each vendor's weighted total, best first."""
        return {v["vendor"]: float(v["total"]) for v in self._data["vendors"]}

    @property
    def trailing(self) -> list[dict[str, Any]]:
        """Criteria where we score below the rival, largest weighted gap first."""
        return list(self._data["trailing"])

    @property
    def vendors(self) -> list[dict[str, Any]]:
        """Each vendor's total, rank, and the stakeholders' preference for it."""
        return list(self._data["vendors"])

    def to_pandas(self) -> pd.DataFrame:
        """Criteria × vendors: one row per criterion (index ``criterion``) with its
        overall ``weight`` and one column of scores per vendor."""
        import pandas as pd

        rows = []
        for c in self._data["criteria"]:
            rows.append({"criterion": c["criterion"], "name": c["name"], "weight": c["weight"], **c["scores"]})
        return pd.DataFrame(rows).set_index("criterion")

    def __repr__(self) -> str:
        return (
            f"<CompetitionMatrix {self.opportunity_id!r}: {self.our_vendor} ranks {self.our_rank} "
            f"of {len(self._data['vendors'])}, leader {self.leader}>"
        )


class ClassificationMatrix(_Document):
    """The customer classification matrix (客户分类矩阵): accounts on value ×
    relationship, each with its quadrant, strategy and priority rank."""

    __slots__ = ()

    @property
    def value_threshold(self) -> float:
        return float(self._data["value_threshold"])

    @property
    def relationship_threshold(self) -> float:
        return float(self._data["relationship_threshold"])

    @property
    def quadrants(self) -> dict[str, str]:
        """Each account's quadrant (strategic, develop, maintain, monitor)."""
        return {a["id"]: a["quadrant"] for a in self._data["accounts"]}

    def to_pandas(self) -> pd.DataFrame:
        """One row per account (index ``account``): value, relationship, quadrant,
        label, strategy, priority, rank."""
        import pandas as pd

        df = pd.DataFrame(self._data["accounts"]).rename(columns={"id": "account"})
        return df.set_index("account")

    def __repr__(self) -> str:
        counts: dict[str, int] = {}
        for a in self._data["accounts"]:
            counts[a["quadrant"]] = counts.get(a["quadrant"], 0) + 1
        parts = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        return f"<ClassificationMatrix {len(self._data['accounts'])} accounts: {parts}>"


def classify(
    accounts: Any,
    value: Any = None,
    relationship: Any = None,
    **config: Any,
) -> ClassificationMatrix:
    """Places accounts on the customer classification matrix.

    ``accounts`` is either a DataFrame (index = account ids) with ``value`` and
    ``relationship`` columns, or a sequence of account ids with ``value`` and
    ``relationship`` given as sequences of the same length. ``config`` keys over
    the defaults: ``value_threshold`` / ``relationship_threshold``
    (``"median"``, ``{"quantile": 0.8}``, ``{"fixed": 60.0}``), the quadrant
    policies, the axis names.
    """
    if value is None and relationship is None and hasattr(accounts, "columns"):
        ids: Iterable[Any] = accounts.index
        value, relationship = accounts["value"], accounts["relationship"]
    else:
        ids = accounts
    ids, values, rels = list(ids), list(value), list(relationship)
    if not (len(ids) == len(values) == len(rels)):
        from ._records import relmap_error

        raise relmap_error(
            "value" if len(values) != len(ids) else "relationship",
            f"length {len(values) if len(values) != len(ids) else len(rels)}, expected {len(ids)}",
            "length_mismatch",
        )
    def number(field: str, k: int, x: Any) -> float:
        try:
            return float(x)
        except (TypeError, ValueError):
            from ._records import relmap_error

            raise relmap_error(f"{field}[{k}]", f"{x!r} is not a number", "invalid_argument") from None

    points = [
        {"id": str(i), "value": number("value", k, v), "relationship": number("relationship", k, r)}
        for k, (i, v, r) in enumerate(zip(ids, values, rels))
    ]
    return ClassificationMatrix(_relmap._classify(points, config))


def classify_portfolio(
    maps: Iterable[RelationshipMap],
    values: Mapping[Any, float],
    *,
    as_of: TimeLike,
    trust: Optional[Mapping[str, Any]] = None,
    **config: Any,
) -> ClassificationMatrix:
    """Places a portfolio's accounts on the classification matrix (客户分类矩阵):
    the value axis from ``values`` (account id → predicted value, e.g. CLV), the
    relationship axis from trust as of ``as_of``: each map's
    ``TrustReport.relationship_strength`` (the key players' mean best composite,
    0..100). An account in ``values`` without a map has relationship 0; a map
    whose account has no value is an error (``missing_value``). ``trust`` holds
    ``TrustConfig`` keys; ``config`` the matrix settings as for :func:`classify`
    (a fixed relationship cut such as ``relationship_threshold={"fixed": 40}``
    often reads better than the median).
    """
    pairs = []
    for k, (i, v) in enumerate(values.items()):
        try:
            pairs.append((str(i), float(v)))
        except (TypeError, ValueError):
            from ._records import relmap_error

            raise relmap_error(f"values[{i!r}]", f"{v!r} is not a number", "invalid_argument") from None
    when = time_text(as_of, "as_of")
    assert when is not None
    return ClassificationMatrix(_relmap._classify_portfolio(map_list(maps), pairs, when, trust, config))


def stage_assessments(items: Iterable[Mapping[str, Any]]) -> list[StageAssessment]:
    return [build(StageAssessment, a) for a in items]


for _cls in (StageAssessment, MapDiff, CompetitionMatrix, ClassificationMatrix):
    _cls.__module__ = "relmap"
