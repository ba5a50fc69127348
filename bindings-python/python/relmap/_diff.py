"""Map diff: what changed between two snapshots of one account."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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


MapDiff.__module__ = "relmap"
