"""The decision-chain result: who really decides, how we reach them, where we are exposed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Optional

from . import _relmap
from ._records import build, parse_time

if TYPE_CHECKING:
    import datetime

    import pandas as pd

    from ._map import RelationshipMap


@dataclass(frozen=True)
class RedFlag:
    """A risk in the account: a stable ``code``, a ``severity`` (info, warning,
    critical), the stakeholder ids involved and a one-line ``reason`` that names
    people by name (the id follows only when two people share a name)."""

    code: str
    severity: str
    ids: tuple[str, ...]
    reason: str

    def __str__(self) -> str:
        return f"[{self.severity}] {self.code}: {self.reason}"


class RedFlagList(list[RedFlag]):
    """Red flags, most severe first: a list of :class:`RedFlag` with ``to_pandas()``;
    a notebook shows it as a table with every reason in full, wrapped."""

    def to_pandas(self) -> pd.DataFrame:
        """One row per flag, in order: ``severity``, ``code``, ``ids`` (comma-separated)
        and the whole ``reason`` (a :class:`relmap.TextFrame`, shown uncut)."""
        from ._tables import frame

        rows = [{"severity": f.severity, "code": f.code, "ids": ", ".join(f.ids), "reason": f.reason} for f in self]
        return frame(rows, ["severity", "code", "ids", "reason"], text=True)

    def _repr_html_(self) -> str:
        from ._tables import table_html

        return table_html(self.to_pandas())


@dataclass(frozen=True)
class AccessPath:
    """A path from one of our team members through stakeholders to a target;
    ``reliability`` is the product of the edge weights, in (0, 1]."""

    member: str
    stakeholders: tuple[str, ...]
    reliability: float

    @property
    def target(self) -> str:
        """The stakeholder the path reaches."""
        return self.stakeholders[-1] if self.stakeholders else ""

    @property
    def hops(self) -> int:
        """Number of edges (1 = our member knows the target directly)."""
        return len(self.stakeholders)

    def __str__(self) -> str:
        return " → ".join((self.member, *self.stakeholders)) + f" ({self.reliability:.3f})"


@dataclass(frozen=True)
class NextBestContact:
    """A stakeholder worth winning over next: ``gain`` = influence · (1 − stance/5) ·
    reliability of the best ``path``."""

    id: str
    gain: float
    influence: float
    stance: Optional[float]
    path: AccessPath

    _nested: ClassVar[dict[str, Any]] = {"path": AccessPath}


@dataclass(frozen=True)
class KeyPlayer:
    """A stakeholder whose position decides the deal, with our tie, threads and brokers."""

    id: str
    influence: float
    roles: tuple[str, ...]
    stance: Optional[float]
    tie: float
    threads: int
    brokers: tuple[str, ...]


@dataclass(frozen=True)
class Broker:
    """A stakeholder on every access path to the listed key players."""

    id: str
    key_players: tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    """Share of decision influence held by the stakeholders we cover (tie ≥
    ``threshold``, the trust coverage threshold / 100)."""

    share: float
    threshold: float
    covered: int
    uncovered_key_players: tuple[str, ...]


@dataclass(frozen=True)
class Influencer:
    """One of the most influential stakeholders (``DecisionChain.top_influencers``)."""

    id: str
    influence: float
    authority: float
    stance: Optional[float]
    predicted_stance: float


@dataclass(frozen=True)
class ChainSummary:
    """The headline of a decision chain (``DecisionChain.summary``); ``str()`` of the
    chain is its text report."""

    account: str
    as_of: Optional[str]
    stakeholders: int
    top_influencers: tuple[Influencer, ...]
    predicted_support: float
    coverage: Coverage
    red_flags: tuple[RedFlag, ...]
    next_best_contacts: tuple[NextBestContact, ...]

    _nested: ClassVar[dict[str, Any]] = {
        "top_influencers": [Influencer],
        "coverage": Coverage,
        "red_flags": [RedFlag],
        "next_best_contacts": [NextBestContact],
    }


def _chain_from_json(text: str) -> DecisionChain:
    return DecisionChain(_relmap.ChainCore.from_json(text))


class DecisionChain:
    """The decision-chain analysis of a map (``RelationshipMap.decision_chain``).

    Decision influence (Friedkin–Johnsen), predicted support, access paths,
    threading, coverage, next best contacts and red flags. Pickles through its
    JSON form; ``to_pandas()`` gives one row per stakeholder.
    """

    __slots__ = ("_core",)

    def __init__(self, core: _relmap.ChainCore) -> None:
        self._core = core

    @property
    def account(self) -> str:
        """The account id."""
        return self._core.account

    @property
    def as_of(self) -> Optional[datetime.datetime]:
        """The analysis date (None if the map held nothing dated)."""
        return parse_time(self._core.as_of)

    @property
    def stakeholder_ids(self) -> list[str]:
        """Stakeholder ids in map order."""
        return self._core.stakeholder_ids

    @property
    def iterations(self) -> tuple[int, int]:
        """Iterations the two solves took: decision influence, predicted stance."""
        return self._core.iterations

    @property
    def influence(self) -> dict[str, float]:
        """Decision influence u by stakeholder id (u ≥ 0, Σu = 1): who really decides."""
        return self._core.influence()

    @property
    def predicted_support(self) -> float:
        """Predicted support S = Σ u_j · stance_j / 5, in [−1, 1] (unknown stance = 0)."""
        return self._core.predicted_support

    @property
    def predicted_stance(self) -> dict[str, float]:
        """Each stakeholder's stance after influence, x* = V·x₀, −5..5."""
        return self._core.predicted_stance()

    @property
    def stances(self) -> dict[str, Optional[float]]:
        """Each stakeholder's stance toward us as given in the map (None = unknown)."""
        return self._core.stance()

    @property
    def red_flags(self) -> RedFlagList:
        """Every red flag, most severe first (``to_pandas()`` gives the table)."""
        return RedFlagList(build(RedFlag, f) for f in self._core.red_flags())

    @property
    def next_best_contacts(self) -> list[NextBestContact]:
        """The best next contacts, highest gain first."""
        return [build(NextBestContact, c) for c in self._core.next_best_contacts()]

    @property
    def key_players(self) -> list[KeyPlayer]:
        """The key players, most influential first."""
        return [build(KeyPlayer, k) for k in self._core.key_players()]

    @property
    def brokers(self) -> list[Broker]:
        """Stakeholders that every access path to some key player goes through."""
        return [build(Broker, b) for b in self._core.brokers()]

    @property
    def coverage(self) -> Coverage:
        """Coverage of decision influence and the uncovered key players."""
        return build(Coverage, self._core.coverage())

    def best_path(self, to: str) -> Optional[AccessPath]:
        """The most reliable access path from our team to ``to`` (None if unreachable).

        An id not in the map raises ``ValidationError`` (code ``not_found``, field ``to``).
        """
        p = self._core.best_path(to)
        return None if p is None else build(AccessPath, p)

    def access_paths(self, to: str, k: int = 3) -> list[AccessPath]:
        """The ``k`` most reliable loopless access paths to ``to``, best first."""
        return [build(AccessPath, p) for p in self._core.access_paths(to, k)]

    def alternative_paths(self, to: str) -> list[AccessPath]:
        """The best path to ``to`` and the configured number of alternatives
        (``alternatives``, default 2), best first."""
        return [build(AccessPath, p) for p in self._core.alternative_paths(to)]

    def top_influencers(self, n: int = 5) -> list[Influencer]:
        """The ``n`` most influential stakeholders, most influential first."""
        return [build(Influencer, i) for i in self._core.top_influencers(n)]

    def overlay(self, map: RelationshipMap, *, highlight: Optional[str] = None) -> dict[str, Any]:
        """The picture overlay of this chain on ``map`` (the map it was computed on):
        influence, red-flag markers, and our best path to the most influential
        economic buyer we reach, or to ``highlight`` when given. Pass it to
        ``map.to_svg``."""
        data: dict[str, Any] = self._core.overlay(map, highlight)
        return data

    def to_pandas(self) -> pd.DataFrame:
        """One row per stakeholder (index ``stakeholder``), most influential first:
        influence, authority, openness, stance, predicted_stance, tie, covered,
        reachability, contact_gain, threads (NaN for non-key players), key_player,
        betweenness (when computed)."""
        import pandas as pd

        cols = self._core.columns()
        df = pd.DataFrame(cols, index=pd.Index(self._core.stakeholder_ids, name="stakeholder"))
        keys = {k["id"] for k in self._core.key_players()}
        df["key_player"] = df.index.isin(sorted(keys))
        return df.sort_values("influence", ascending=False, kind="stable")

    def summary(self, **lengths: int) -> ChainSummary:
        """The headline: the most influential stakeholders (``top_influencers``,
        default 5), predicted support, coverage, red flags and the first next best
        contacts (``next_best_contacts``, default 3). ``str(chain)`` is its text."""
        return build(ChainSummary, self._core.summary(lengths))

    def __str__(self) -> str:
        return str(self._core)

    def __repr__(self) -> str:
        n = len(self._core.stakeholder_ids)
        flags = len(self._core.red_flags())
        return (
            f"<DecisionChain {self.account!r}: {n} stakeholders, "
            f"predicted support {self.predicted_support:+.3f}, {flags} red flags>"
        )

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (_chain_from_json, (self._core.to_json(),))


DecisionChain.__module__ = "relmap"
for _cls in (RedFlag, RedFlagList, AccessPath, NextBestContact, KeyPlayer, Broker, Coverage, Influencer, ChainSummary):
    _cls.__module__ = "relmap"
