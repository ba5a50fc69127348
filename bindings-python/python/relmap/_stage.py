"""Sales stage (项目阶段识别): where each opportunity stands by its milestones."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Optional

from ._records import build


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


def stage_assessments(items: Iterable[Mapping[str, Any]]) -> list[StageAssessment]:
    """The records of the core's stage assessments."""
    return [build(StageAssessment, a) for a in items]


StageAssessment.__module__ = "relmap"
