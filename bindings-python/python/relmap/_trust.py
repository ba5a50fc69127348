"""The trust report: four pillars per (team member, stakeholder) pair."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Optional

from ._records import build, parse_time

if TYPE_CHECKING:
    import datetime

    import pandas as pd

PILLARS = ("relationship", "professional", "expertise", "sincerity")


@dataclass(frozen=True)
class EvidenceContribution:
    """One interaction or evidence item and how many points of a pillar it accounts for."""

    id: str
    source: str
    at: str
    weight: float
    impact: float
    outcome: Optional[str] = None


@dataclass(frozen=True)
class PillarScore:
    """One pillar's score in 0..100, its confidence and the evidence that drove it."""

    score: float
    confidence: float
    evidence_score: Optional[float]
    assessment_score: Optional[float]
    evidence_count: int
    evidence_weight: float
    evidence: tuple[EvidenceContribution, ...]

    _nested: ClassVar[dict[str, Any]] = {"evidence": [EvidenceContribution]}


@dataclass(frozen=True)
class TrustScore:
    """Trust between a team member and a stakeholder: the four pillars, the
    composite (0..100) and its ``confidence``, the ``level`` earned on the ladder
    (stranger → strategic_partner: the composite's threshold, a minimum
    confidence, and above acquaintance evidence on every pillar), the ``earned``
    composite (limited to the top of that level's band; what coverage and the
    decision chain's ties use), the ``weakest`` pillar and a ``suggestion`` of
    what would raise it."""

    stakeholder: str
    member: Optional[str]
    relationship: PillarScore
    professional: PillarScore
    expertise: PillarScore
    sincerity: PillarScore
    composite: float
    confidence: float
    level: str
    earned: float
    weakest: str
    suggestion: str
    has_evidence: bool

    _nested: ClassVar[dict[str, Any]] = {p: PillarScore for p in PILLARS}


@dataclass(frozen=True)
class StakeholderTrust:
    """Our team's trust with one stakeholder: the best pair, the team's combined
    view, which member supplied each pillar of it, and every pair with evidence."""

    stakeholder: str
    key_contact: bool
    best: TrustScore
    team: TrustScore
    team_sources: dict[str, Optional[str]]
    pairs: tuple[TrustScore, ...]

    _nested: ClassVar[dict[str, Any]] = {"best": TrustScore, "team": TrustScore, "pairs": [TrustScore]}


@dataclass(frozen=True)
class TrustCoverage:
    """How well our trust covers the key contacts (best earned composite ≥ threshold)."""

    threshold: float
    key_contacts: tuple[str, ...]
    covered: tuple[str, ...]
    uncovered: tuple[str, ...]
    share: Optional[float]


def _report_from_json(text: str) -> TrustReport:
    return TrustReport(json.loads(text))


class TrustReport:
    """Trust on one account at one time (``RelationshipMap.trust``).

    ``scores`` maps each stakeholder id to its best pair's ``TrustScore``;
    ``to_pandas()`` gives one row per stakeholder. Pickles through its JSON form.
    """

    __slots__ = ("_data",)

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    @property
    def account(self) -> str:
        """The account id."""
        return str(self._data["account"])

    @property
    def as_of(self) -> datetime.datetime:
        """The time the scores hold at (UTC)."""
        t = parse_time(self._data["as_of"])
        assert t is not None
        return t

    @property
    def stakeholders(self) -> list[StakeholderTrust]:
        """One entry per stakeholder, in map order."""
        return [build(StakeholderTrust, s) for s in self._data["stakeholders"]]

    @property
    def scores(self) -> dict[str, TrustScore]:
        """Each stakeholder's best-pair score, by stakeholder id."""
        return {s["stakeholder"]: build(TrustScore, s["best"]) for s in self._data["stakeholders"]}

    @property
    def coverage(self) -> TrustCoverage:
        """Coverage of the key contacts (stakeholders with a key-contact role)."""
        return build(TrustCoverage, self._data["coverage"])

    @property
    def relationship_strength(self) -> float:
        """The account's relationship strength, 0..100: the key contacts' mean best
        earned composite (one without evidence counts 0; everyone's when there is no key
        contact). The relationship axis of :func:`relmap.classify_portfolio`."""
        return float(self._data["relationship_strength"])

    def pair(self, member: str, stakeholder: str) -> Optional[TrustScore]:
        """The score of one (member, stakeholder) pair, None if it has no evidence."""
        for s in self._data["stakeholders"]:
            if s["stakeholder"] == stakeholder:
                for p in s["pairs"]:
                    if p["member"] == member:
                        return build(TrustScore, p)
        return None

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (the core's serialized form)."""
        return json.loads(json.dumps(self._data))  # type: ignore[no-any-return]

    def to_pandas(self) -> pd.DataFrame:
        """One row per stakeholder (index ``stakeholder``): the best pair's member,
        the four pillar scores, composite, confidence, level, earned composite, weakest pillar,
        key_contact and has_evidence."""
        import pandas as pd

        rows = []
        for s in self._data["stakeholders"]:
            b = s["best"]
            row: dict[str, Any] = {"stakeholder": s["stakeholder"], "member": b["member"]}
            for p in PILLARS:
                row[p] = b[p]["score"]
            row.update(
                composite=b["composite"],
                confidence=b["confidence"],
                level=b["level"],
                earned=b["earned"],
                weakest=b["weakest"],
                key_contact=s["key_contact"],
                has_evidence=b["has_evidence"],
            )
            rows.append(row)
        columns = ["stakeholder", "member", *PILLARS, "composite", "confidence", "level", "earned", "weakest"]
        return pd.DataFrame(rows, columns=[*columns, "key_contact", "has_evidence"]).set_index("stakeholder")

    def __repr__(self) -> str:
        c = self._data["coverage"]
        share = "n/a" if c["share"] is None else f"{c['share']:.0%}"
        return (
            f"<TrustReport {self.account!r} as of {self._data['as_of']}: "
            f"{len(self._data['stakeholders'])} stakeholders, key contacts covered {share}>"
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TrustReport) and other._data == self._data

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (_report_from_json, (json.dumps(self._data),))


TrustReport.__module__ = "relmap"
for _cls in (EvidenceContribution, PillarScore, TrustScore, StakeholderTrust, TrustCoverage):
    _cls.__module__ = "relmap"
