"""Learning from the team: several perceptions of one account merged into a
consensus, openness fitted from an account's history, and who knows whom across
the portfolio (the core's ``relmap::perception``, ``relmap::history`` and
``relmap::network``; see docs/perceptions.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Optional, Union

from . import _relmap
from ._records import TimeLike, map_list, relmap_error, required_time

if TYPE_CHECKING:
    import pandas as pd

    from ._chain import DecisionChain
    from ._health import PortfolioHealth
    from ._map import RelationshipMap

__all__ = [
    "MergedPerceptions",
    "OpennessFit",
    "OpennessHoldout",
    "Portfolio",
    "PortfolioNetwork",
    "fit_openness",
    "merge_perceptions",
    "openness_holdout",
    "simulate_history",
]

MergeRule = Union[str, Mapping[str, float]]
"""``"intersection"``, ``"union"``, ``{"share": 0.5}``, ``"las_and"`` or ``"las_or"``."""


def _map(text: str) -> RelationshipMap:
    from ._map import RelationshipMap

    return RelationshipMap.from_json(text)


class MergedPerceptions:
    """Several perceptions of one account merged under one rule.

    - ``map``: the consensus :class:`RelationshipMap`;
    - ``accuracy``: per perceiver (DataFrame indexed by ``perceiver``): people on
      their map, ties ``drawn``, ``consensus`` ties they could judge, ``agreed``,
      ``precision``, ``recall``, ``correlation`` (Krackhardt–Kilduff style, over
      the pairs they judged), ``stance_error`` and ``stances_compared``;
    - ``disputes``: ties, stances, roles and managers in dispute, most at stake
      first (plain dicts: ``kind`` "tie", "stance", "role" or "reports_to" with
      its fields, ``at_stake``, ``support_shift``);
    - ``influence``: per stakeholder (indexed by ``id``) the ``consensus`` decision
      influence and its ``min``, ``max`` and ``spread`` across the perceptions;
    - ``support``: the predicted support on the consensus and its range;
    - ``unjudged``: ties nobody asked by the rule could judge (left out).
    """

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.map: RelationshipMap = _map(data["map"])
        self.rule: Any = data["rule"]
        self.perceivers: list[str] = list(data["perceivers"])
        self.disputes: list[dict[str, Any]] = list(data["disputes"])
        self.support: dict[str, float] = dict(data["support"])
        self.unjudged: list[dict[str, Any]] = list(data["unjudged"])
        self._accuracy: list[dict[str, Any]] = list(data["accuracy"])
        self._influence: list[dict[str, Any]] = list(data["influence"])

    @property
    def accuracy(self) -> pd.DataFrame:
        from ._tables import frame

        cols = ("perceiver", "people", "drawn", "consensus", "agreed", "precision", "recall", "correlation",
                "stance_error", "stances_compared")
        return frame(self._accuracy, cols, "perceiver")

    @property
    def influence(self) -> pd.DataFrame:
        from ._tables import frame

        return frame(self._influence, ("id", "consensus", "min", "max", "spread", "perceivers"), "id")

    def accuracy_of(self, perceiver: str) -> Optional[dict[str, Any]]:
        """One perceiver's accuracy, or None."""
        return next((a for a in self._accuracy if a["perceiver"] == perceiver), None)

    def influence_of(self, stakeholder: str) -> Optional[dict[str, Any]]:
        """One stakeholder's influence range, or None."""
        return next((r for r in self._influence if r["id"] == stakeholder), None)

    def decision_chain(self, **config: Any) -> DecisionChain:
        """The decision-chain analysis of the consensus map."""
        return self.map.decision_chain(**config)

    def __repr__(self) -> str:
        return (f"MergedPerceptions(rule={self.rule!r}, perceivers={self.perceivers}, "
                f"stakeholders={len(self.map)}, disputes={len(self.disputes)})")


def merge_perceptions(
    perceptions: Union[Mapping[str, RelationshipMap], Iterable[tuple[str, RelationshipMap]]],
    rule: MergeRule = "union",
    **config: Any,
) -> MergedPerceptions:
    """Merges each team member's own map of one account (``{member_id: map}``)
    into a consensus (cognitive social structures, Krackhardt 1987) under ``rule``:
    ``"intersection"`` (every judge drew the tie), ``"union"`` (any did),
    ``{"share": 0.5}`` (at least that share of the judges), ``"las_and"`` /
    ``"las_or"`` (locally aggregated structures: both / either end of the tie, as
    perceivers, drew it; perceivers must be on the map, or mapped to a stakeholder
    with ``perceivers={"am": "li"}``). ``config``: the core's ``MergeConfig``
    (``chain``, ``perceivers``, ``stance`` "median"/"mean", ``role_share``,
    ``min_stance_range``)."""
    items = list(perceptions.items()) if isinstance(perceptions, Mapping) else _pairs(perceptions, "perceptions")
    ids = [str(k) if isinstance(k, str) else k for k, _ in items]
    for k in ids:
        if not isinstance(k, str):
            raise relmap_error("perceptions", f"perceiver ids must be text, got {k!r}")
    maps = map_list(m for _, m in items)
    return MergedPerceptions(_relmap._merge_perceptions(list(zip(ids, maps)), rule, config))


Snapshots = Iterable[tuple[TimeLike, "RelationshipMap"]]
"""``[(time, map), ...]`` in time order."""


def _pairs(items: Any, field: str) -> list[tuple[Any, Any]]:
    """The (key, map) pairs of an argument, each checked to be a pair."""
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise relmap_error(field, f"expected a list of pairs, got {type(items).__name__}")
    out = list(items)
    for i, item in enumerate(out):
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            raise relmap_error(f"{field}[{i}]", f"expected a pair, got {type(item).__name__}")
    return [(a, b) for a, b in out]


def _snapshots(snapshots: Snapshots) -> list[tuple[str, Any]]:
    items = _pairs(snapshots, "snapshots")
    maps = map_list(m for _, m in items)
    return [(required_time(at, f"snapshots[{i}].at"), m) for i, ((at, _), m) in enumerate(zip(items, maps))]


class OpennessFit:
    """Each stakeholder's openness to influence fitted from stance history
    (Friedkin–Johnsen): ``openness`` is a DataFrame indexed by stakeholder ``id``
    (``openness``, ``std_error``, ``unbounded``, ``status``, ``observations``,
    ``prejudice``); ``strength_scale`` the fitted ρ with its standard error (or
    None); ``residual_sd``, ``observations``, ``parameters``, ``snapshots``."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = dict(data)
        self.account: str = data["account"]
        self.snapshots: int = data["snapshots"]
        self.strength_scale: Optional[dict[str, Any]] = data["strength_scale"]
        self.observations: int = data["observations"]
        self.parameters: int = data["parameters"]
        self.residual_sd: float = data["residual_sd"]
        self.people: list[dict[str, Any]] = list(data["people"])

    @property
    def openness(self) -> pd.DataFrame:
        from ._tables import frame

        cols = ("id", "openness", "std_error", "unbounded", "status", "observations", "prejudice")
        return frame(self.people, cols, "id")

    def estimate(self, stakeholder: str) -> Optional[dict[str, Any]]:
        """One stakeholder's estimate, or None."""
        return next((e for e in self.people if e["id"] == stakeholder), None)

    def predict_next(self, last: RelationshipMap, **chain: Any) -> pd.DataFrame:
        """The next snapshot's stances predicted from ``last`` (index ``id``: ``last``,
        ``predicted``, ``openness`` used, ``fitted``); ``chain``: the ChainConfig."""
        from ._tables import frame

        rows = _relmap._predict_next(self._data, last, chain)
        return frame(rows, ("id", "last", "predicted", "openness", "fitted"), "id")

    def apply_openness(self, map: RelationshipMap) -> RelationshipMap:
        """A copy of ``map`` with every identified openness written in."""
        return _map(_relmap._apply_openness(self._data, map))

    def to_dict(self) -> dict[str, Any]:
        """The fit as plain data."""
        return dict(self._data)

    def __repr__(self) -> str:
        fitted = sum(1 for e in self.people if e["openness"] is not None)
        return f"OpennessFit(account={self.account!r}, snapshots={self.snapshots}, fitted={fitted})"


def fit_openness(snapshots: Snapshots, *, rescale: bool = False, **config: Any) -> OpennessFit:
    """Fits every stakeholder's openness (susceptibility to influence) by least
    squares on how stances moved between snapshots ``[(time, map), ...]`` of one
    account in time order (Friedkin & Johnsen 2011); with ``rescale`` also one
    factor on the explicit relation strengths. ``config``: the core's
    ``history::FitConfig`` (``chain``, ``max_openness``, ``max_scale``). Raises
    ``ValidationError`` with code ``too_few_snapshots`` (fewer than 3),
    ``no_stance_change`` or ``not_identified`` when the history cannot tell."""
    return OpennessFit(_relmap._fit_openness(_snapshots(snapshots), {"rescale": rescale, **config}))


class OpennessHoldout:
    """A fit on every snapshot but the last, and how well it predicts the last:
    ``fit`` (:class:`OpennessFit`), ``stances`` (DataFrame indexed by ``id``:
    ``previous``, ``predicted``, ``actual``), ``rmse``, ``mae`` and
    ``baseline_rmse`` (predicting no change)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.fit = OpennessFit(data["fit"])
        self._stances: list[dict[str, Any]] = list(data["stances"])
        self.rmse: float = data["rmse"]
        self.mae: float = data["mae"]
        self.baseline_rmse: float = data["baseline_rmse"]

    @property
    def stances(self) -> pd.DataFrame:
        from ._tables import frame

        return frame(self._stances, ("id", "previous", "predicted", "actual"), "id")

    def __repr__(self) -> str:
        return f"OpennessHoldout(rmse={self.rmse:.3f}, baseline_rmse={self.baseline_rmse:.3f})"


def openness_holdout(snapshots: Snapshots, *, rescale: bool = False, **config: Any) -> OpennessHoldout:
    """Fits on every snapshot but the last (see :func:`fit_openness`) and reports
    the error of the predicted last snapshot against what happened."""
    return OpennessHoldout(_relmap._openness_holdout(_snapshots(snapshots), {"rescale": rescale, **config}))


def simulate_history(map: RelationshipMap, **config: Any) -> list[tuple[str, RelationshipMap]]:
    """A history ``[(time, map), ...]`` simulated from ``map`` by the Friedkin–Johnsen
    dynamics (``steps``, ``noise`` in stance points, ``seed``, ``interval_days``,
    ``start``, ``chain``): the same seed gives the same history."""
    (checked,) = map_list([map])
    return [(at, _map(text)) for at, text in _relmap._simulate_history(checked, config)]


class PortfolioNetwork(_relmap.PortfolioNetworkBase):
    """The portfolio's people and access network: every stakeholder of every
    account is an appearance, joined into persons by the identity keys
    (``identity=["email"]``, ``["stakeholder_id"]``, ``[{"crm_id": "salesforce"}]``)
    and ``links``; our team's ties and the access edges of every account."""

    @property
    def appearances(self) -> list[dict[str, Any]]:
        """Every appearance (account, stakeholder, name, title, roles, stance, first/last seen)."""
        rows: list[dict[str, Any]] = self._appearances()
        return rows

    @property
    def people(self) -> list[dict[str, Any]]:
        """Every person: ``key`` and the indices of their ``appearances``."""
        rows: list[dict[str, Any]] = self._people()
        return rows

    @property
    def shared_people(self) -> list[dict[str, Any]]:
        """The people who appear in more than one account."""
        return [p for p in self.people if len(p["appearances"]) > 1]

    @property
    def ties(self) -> list[dict[str, Any]]:
        """Every tie of our team with a positive strength."""
        rows: list[dict[str, Any]] = self._ties()
        return rows

    @property
    def moves(self) -> list[dict[str, Any]]:
        """People who left one account for another, oldest first (a champion who
        left is a door into their new company)."""
        rows: list[dict[str, Any]] = self._moves()
        return rows

    def person(self, account: str, stakeholder: str) -> Optional[dict[str, Any]]:
        """The person a stakeholder of an account is, or None."""
        found: Optional[dict[str, Any]] = self._person(account, stakeholder)
        return found

    def strongest_ties(self, per_member: int = 3) -> list[dict[str, Any]]:
        """Each member's ``per_member`` strongest ties anywhere, strongest first."""
        rows: list[dict[str, Any]] = self._strongest_ties(per_member)
        return rows

    def warm_paths(self, account: str, stakeholder: str, k: int = 3) -> list[dict[str, Any]]:
        """The ``k`` most reliable paths from our team into ``stakeholder`` of
        ``account`` through a person known in another account (``member``,
        ``steps``, ``reliability``, ``via_accounts``); best first."""
        rows: list[dict[str, Any]] = self._warm_paths(account, stakeholder, k)
        return rows

    def __repr__(self) -> str:
        return f"PortfolioNetwork(accounts={self.accounts}, people={len(self.people)})"


class Portfolio:
    """The maps of a portfolio (one per account)."""

    def __init__(self, maps: Iterable[RelationshipMap]) -> None:
        self.maps: list[RelationshipMap] = list(maps)

    def network(self, **config: Any) -> PortfolioNetwork:
        """The people and access network; ``config``: the core's ``NetworkConfig``
        (``identity``, ``links``, ``identity_weight``, ``chain``)."""
        return PortfolioNetwork(map_list(self.maps), config)

    def deal_health(self, as_of: TimeLike, **config: Any) -> PortfolioHealth:
        """Deal health of every opportunity of every map (:func:`relmap.portfolio_deal_health`)."""
        from ._health import portfolio_deal_health

        return portfolio_deal_health(self.maps, as_of=as_of, **config)

    def warm_paths(self, account: str, stakeholder: str, k: int = 3, **config: Any) -> list[dict[str, Any]]:
        """The ``k`` best warm paths into a stakeholder of one account (builds the network)."""
        return self.network(**config).warm_paths(account, stakeholder, k)

    def __len__(self) -> int:
        return len(self.maps)

    def __repr__(self) -> str:
        return f"Portfolio({[m.account_id for m in self.maps]})"
