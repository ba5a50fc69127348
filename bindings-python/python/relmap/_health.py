"""Deal health (商机健康度): a score, a status, the factors behind every point and
the actions that would raise it, per opportunity."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Optional

from ._records import build

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Factor:
    """One factor of a deal's health: its signed contribution ``impact`` (points of
    the raw score), its ``value`` in −1..1 times its ``weight``, the stakeholders
    it is about and why (English and Chinese)."""

    code: str
    impact: float
    value: float
    weight: float
    ids: tuple[str, ...]
    reason: str
    reason_zh: str

    def __str__(self) -> str:
        return f"{self.impact:+.1f} {self.code}: {self.reason}"


@dataclass(frozen=True)
class Action:
    """What would raise a deal's health most: the factor it fixes, the points it
    would gain, the stakeholder, trust pillar or MEDDPICC element it is about."""

    code: str
    gain: float
    stakeholder: Optional[str]
    pillar: Optional[str]
    element: Optional[str]
    action: str
    action_zh: str

    def __str__(self) -> str:
        return f"+{self.gain:.1f} {self.action}"


@dataclass(frozen=True)
class DealHealth:
    """The health of one opportunity (``RelationshipMap.deal_health``): ``score``
    0..100, ``status`` (``healthy``, ``at_risk``, ``critical``), the factors
    (largest impact first) and the top actions. ``to_pandas()`` gives the factors."""

    account: str
    opportunity: str
    name: str
    as_of: str
    score: float
    raw_score: float
    status: str
    factors: tuple[Factor, ...]
    actions: tuple[Action, ...]
    values: Mapping[str, float]

    _nested: ClassVar[dict[str, Any]] = {"factors": [Factor], "actions": [Action]}

    def __str__(self) -> str:
        lines = [f"{self.opportunity} ({self.name}): {self.score:.0f}/100, {self.status}"]
        lines += [f"  {f}" for f in self.factors]
        lines += [f"  -> {a}" for a in self.actions]
        return "\n".join(lines)

    def to_pandas(self) -> pd.DataFrame:
        """One row per factor (index ``code``): impact, value, weight, ids, reason, reason_zh."""
        import pandas as pd

        rows = [
            {
                "code": f.code,
                "impact": f.impact,
                "value": f.value,
                "weight": f.weight,
                "ids": list(f.ids),
                "reason": f.reason,
                "reason_zh": f.reason_zh,
            }
            for f in self.factors
        ]
        columns = ["code", "impact", "value", "weight", "ids", "reason", "reason_zh"]
        return pd.DataFrame(rows, columns=columns).set_index("code")


class DealHealthList(list["DealHealth"]):
    """The health of every opportunity of a map, in map order: a list of
    :class:`DealHealth` with ``to_pandas()``."""

    def to_pandas(self) -> pd.DataFrame:
        """One row per opportunity (index ``opportunity``): account, name, score,
        raw_score, status, the top action, and one column per factor value."""
        import pandas as pd

        rows = []
        for d in self:
            row: dict[str, Any] = {
                "opportunity": d.opportunity,
                "account": d.account,
                "name": d.name,
                "score": d.score,
                "raw_score": d.raw_score,
                "status": d.status,
                "top_action": d.actions[0].action if d.actions else None,
            }
            row.update(d.values)
            rows.append(row)
        base = ["opportunity", "account", "name", "score", "raw_score", "status", "top_action"]
        return pd.DataFrame(rows, columns=base + sorted({k for d in self for k in d.values})).set_index("opportunity")


def deal_healths(items: Iterable[Mapping[str, Any]]) -> DealHealthList:
    """The records of the core's deal health results."""
    return DealHealthList(build(DealHealth, d) for d in items)


for _cls in (Factor, Action, DealHealth, DealHealthList):
    _cls.__module__ = "relmap"
