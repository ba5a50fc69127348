"""Sales stage (项目阶段识别): where each opportunity stands by its milestones."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from ._records import build

if TYPE_CHECKING:
    import pandas as pd


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


class StageList(list[StageAssessment]):
    """The stage of every opportunity, in map order: a list of :class:`StageAssessment`
    with ``to_pandas()``; a notebook shows it as a table with the evidence in full."""

    def to_pandas(self) -> pd.DataFrame:
        """One row per opportunity (index ``opportunity``): stage, stage_name,
        win_probability, weighted_amount, entered_at, next_stage, and the evidence as
        comma-separated text: missing_for_next, out_of_order, unknown_milestones,
        visit_goals; declared_stage and ahead_of_evidence (a :class:`relmap.TextFrame`)."""
        from ._tables import frame

        lists = ("missing_for_next", "out_of_order", "unknown_milestones", "visit_goals")
        columns = ["opportunity", "stage", "stage_name", "win_probability", "weighted_amount", "entered_at",
                   "next_stage", *lists, "declared_stage", "ahead_of_evidence"]
        rows = []
        for a in self:
            row = {c: getattr(a, c, None) for c in columns}
            row["opportunity"] = a.opportunity_id
            row.update({c: ", ".join(getattr(a, c)) for c in lists})
            rows.append(row)
        return frame(rows, columns, "opportunity", text=True)

    def _repr_html_(self) -> str:
        from ._tables import table_html

        return table_html(self.to_pandas())


def stage_assessments(items: Iterable[Mapping[str, Any]]) -> StageList:
    """The records of the core's stage assessments."""
    return StageList(build(StageAssessment, a) for a in items)


StageAssessment.__module__ = "relmap"
StageList.__module__ = "relmap"
