"""Type stubs of the native module relmap._relmap (checked by mypy.stubtest)."""

import os
from collections.abc import Sequence
from typing import Literal, final

from typing_extensions import TypeAlias

__all__ = [
    "__version__",
    "RelmapError",
    "ValidationError",
    "FormatError",
    "ConvergenceError",
    "RelationshipMap",
    "load",
]

__version__: str

_Role: TypeAlias = Literal[
    "economic_buyer",
    "decision_maker",
    "technical_buyer",
    "user_buyer",
    "influencer",
    "purchaser",
    "coach",
    "champion",
    "gatekeeper",
]
_RelationKind: TypeAlias = Literal["influences", "ally", "conflict", "informs"]
_Direction: TypeAlias = Literal["forward", "both"]

class RelmapError(ValueError):
    """Base class of every relmap error."""

    code: str
    """Stable snake_case code, the same in Rust, Python and JavaScript."""
    field: str | None
    """The field, JSON path or CSV column the error is about, if any."""

class ValidationError(RelmapError): ...
class FormatError(RelmapError): ...
class ConvergenceError(RelmapError): ...

@final
class RelationshipMap:
    def __new__(cls, account_id: str, name: str | None = None) -> RelationshipMap: ...
    @classmethod
    def from_json(cls, text: str) -> RelationshipMap: ...
    def to_json(self) -> str: ...
    def add_stakeholder(
        self,
        id: str,
        *,
        name: str | None = None,
        title: str | None = None,
        department: str | None = None,
        reports_to: str | None = None,
        roles: Sequence[_Role] = (),
        authority: float | None = None,
        openness: float | None = None,
        stance: float | None = None,
    ) -> None: ...
    def add_relation(
        self,
        source: str,
        target: str,
        *,
        kind: _RelationKind = "influences",
        strength: float = 1.0,
        direction: _Direction = "forward",
    ) -> None: ...
    def add_team_member(
        self, id: str, *, name: str | None = None, role: str | None = None, title: str | None = None
    ) -> None: ...
    def set_stance(self, id: str, stance: float | None) -> None: ...
    @property
    def account_id(self) -> str: ...
    @property
    def account_name(self) -> str: ...
    @property
    def stakeholder_ids(self) -> list[str]: ...
    @property
    def team_ids(self) -> list[str]: ...
    @property
    def relation_count(self) -> int: ...
    def __len__(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __reduce__(self) -> tuple[object, tuple[str]]: ...

def load(path: str | os.PathLike[str]) -> RelationshipMap: ...
