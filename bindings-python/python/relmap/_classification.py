"""The customer classification matrix (客户分类矩阵): accounts on value × relationship."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Optional

from . import _relmap
from ._records import Document, TimeLike, map_list, number, relmap_error, required_time

if TYPE_CHECKING:
    import pandas as pd

    from ._map import RelationshipMap


class ClassificationMatrix(Document):
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
    for field, column in (("value", values), ("relationship", rels)):
        if len(column) != len(ids):
            raise relmap_error(field, f"length {len(column)}, expected {len(ids)}", "length_mismatch")
    points = [
        {"id": str(i), "value": number(f"value[{k}]", v), "relationship": number(f"relationship[{k}]", r)}
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
    ``TrustReport.relationship_strength`` (the key contacts' mean best composite,
    0..100). An account in ``values`` without a map has relationship 0; a map
    whose account has no value is an error (``missing_value``). ``trust`` holds
    ``TrustConfig`` keys; ``config`` the matrix settings as for :func:`classify`
    (a fixed relationship cut such as ``relationship_threshold={"fixed": 40}``
    often reads better than the median).
    """
    pairs = [(str(i), number(f"values[{i!r}]", v)) for i, v in values.items()]
    when = required_time(as_of, "as_of")
    return ClassificationMatrix(_relmap._classify_portfolio(map_list(maps), pairs, when, trust, config))


ClassificationMatrix.__module__ = "relmap"
