"""Deal health (商机健康度): a score, a status, the factors behind every point and
the actions that would raise it, per opportunity."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Optional, Union

from . import _relmap
from ._records import TimeLike, build, map_list, relmap_error, required_time

if TYPE_CHECKING:
    import pandas as pd

    from ._diagnostics import Chart
    from ._map import RelationshipMap


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
    (largest impact first) and the top actions. ``to_pandas()`` gives the factors; a
    notebook shows the score, the factors and the actions as tables, every reason in full."""

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
        """One row per factor (index ``code``): impact, value, weight, ids, reason, reason_zh
        (a :class:`relmap.TextFrame`: the reasons show uncut)."""
        from ._tables import frame

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
        return frame(rows, columns, "code", text=True)

    def actions_frame(self) -> pd.DataFrame:
        """One row per action, best first (index ``code``, the factor it fixes): gain,
        stakeholder, pillar, element, action, action_zh."""
        from ._tables import frame

        columns = ["code", "gain", "stakeholder", "pillar", "element", "action", "action_zh"]
        return frame([{c: getattr(a, c) for c in columns} for a in self.actions], columns, "code", text=True)

    def _repr_html_(self) -> str:
        from ._tables import heading, table_html

        head = heading(f"{self.opportunity} ({self.name}): {self.score:.0f}/100, {self.status}")
        parts = [head, table_html(self.to_pandas())]
        if self.actions:
            parts += [heading("Actions"), table_html(self.actions_frame())]
        return "".join(parts)


class DealHealthList(list["DealHealth"]):
    """The health of every opportunity of a map, in map order: a list of
    :class:`DealHealth` with ``to_pandas()``."""

    def to_pandas(self) -> pd.DataFrame:
        """One row per opportunity (index ``opportunity``): account, name, score,
        raw_score, status, the top action, and one column per factor value (a
        :class:`relmap.TextFrame`: the actions show uncut)."""
        from ._tables import frame

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
        return frame(rows, base + sorted({k for d in self for k in d.values}), "opportunity", text=True)

    def _repr_html_(self) -> str:
        from ._tables import table_html

        return table_html(self.to_pandas())


def deal_healths(items: Iterable[Mapping[str, Any]]) -> DealHealthList:
    """The records of the core's deal health results."""
    return DealHealthList(build(DealHealth, d) for d in items)


@dataclass(frozen=True)
class FactorTally:
    """A factor that lost points across a portfolio: in how many ``deals`` and
    how many points in all (``total_impact`` ≤ 0)."""

    code: str
    deals: int
    total_impact: float


@dataclass(frozen=True)
class PortfolioHealth:
    """Deal health across a portfolio (:func:`portfolio_deal_health`): every deal,
    worst score first; the factors that hurt, most often first; deals per status."""

    deals: DealHealthList
    common_factors: tuple[FactorTally, ...]
    counts: Mapping[str, int]

    def to_pandas(self) -> pd.DataFrame:
        """One row per deal, worst first (see :meth:`DealHealthList.to_pandas`)."""
        return self.deals.to_pandas()

    def _repr_html_(self) -> str:
        from ._tables import heading, table_html

        c = self.counts
        head = f"{len(self.deals)} deals: {c['critical']} critical, {c['at_risk']} at risk, {c['healthy']} healthy"
        return heading(head) + table_html(self.to_pandas())

    def common_factors_frame(self) -> pd.DataFrame:
        """The factors that hurt (index ``code``): deals, total_impact; most often first."""
        import pandas as pd

        rows = [{"code": f.code, "deals": f.deals, "total_impact": f.total_impact} for f in self.common_factors]
        return pd.DataFrame(rows, columns=["code", "deals", "total_impact"]).set_index("code")

    def __str__(self) -> str:
        c = self.counts
        lines = [f"{len(self.deals)} deals: {c['critical']} critical, {c['at_risk']} at risk, {c['healthy']} healthy"]
        lines += [f"  {d.opportunity}: {d.score:.0f} {d.status}" for d in self.deals]
        lines += [f"  hurts {f.deals}x ({f.total_impact:+.1f}): {f.code}" for f in self.common_factors[:5]]
        return "\n".join(lines)


def portfolio_deal_health(
    maps: Iterable[RelationshipMap], *, as_of: TimeLike, **config: Any
) -> PortfolioHealth:
    """Deal health of every opportunity of every map as of ``as_of``, worst first,
    with the factors that hurt most often (the core's ``Portfolio::deal_health``).
    ``config`` holds ``DealHealthConfig`` keys as for ``RelationshipMap.deal_health``."""
    data = _relmap._portfolio_deal_health(map_list(maps), required_time(as_of, "as_of"), config)
    counts = dict(zip(("critical", "at_risk", "healthy"), data["counts"]))
    return PortfolioHealth(
        deals=deal_healths(data["deals"]),
        common_factors=tuple(build(FactorTally, f) for f in data["common_factors"]),
        counts=counts,
    )


def deal_health_chart(view: Union[PortfolioHealth, Iterable[DealHealth]], **options: Any) -> Chart:
    """The portfolio view as a compact SVG chart (the core's ``render::deal_health_chart``):
    one bar per deal on 0..100, worst first, coloured by status (the top losses in each
    bar's tooltip), then the factors that hurt most often. ``view`` is a
    :class:`PortfolioHealth` or any deals (``m.deal_health()`` of one or more maps);
    ``options`` the core's ``ChartOptions`` (``theme``, ``title``, ``width``,
    ``font_size``). Returns a ``Chart``: shown inline by Jupyter, ``save(path)`` writes it."""
    from ._diagnostics import Chart

    items = view.deals if isinstance(view, PortfolioHealth) else view
    deals = []
    for k, d in enumerate(items):
        if not isinstance(d, DealHealth):
            raise relmap_error(f"view[{k}]", f"expected a DealHealth, got {type(d).__name__}")
        deals.append(asdict(d))
    svg = _relmap._deal_health_chart(deals, options)
    return Chart("deal_health", svg, {"deals": deals})


@dataclass(frozen=True)
class Calibration:
    """Factor weights fitted to past outcomes (:func:`calibrate`): the logistic
    regression's ``intercept`` and ``coefficients``, the health ``config`` with the
    fitted weights (pass it back as ``m.deal_health(**c.config)``), the held-out
    ``auc`` (cross-validated), ``training_auc``, ``log_likelihood`` and
    ``outcomes`` (used, won, lost)."""

    intercept: float
    coefficients: Mapping[str, float]
    config: Mapping[str, Any]
    auc: float
    training_auc: float
    log_likelihood: float
    outcomes: tuple[int, ...]


def _outcome(k: int, o: Any) -> dict[str, Any]:
    if isinstance(o, tuple) and len(o) == 2 and isinstance(o[0], DealHealth):
        return {"values": dict(o[0].values), "won": o[1]}
    if isinstance(o, Mapping):
        return dict(o)
    raise relmap_error(f"outcomes[{k}]", "expected a (DealHealth, won) pair or a dict with values and won")


def calibrate(
    outcomes: Iterable[Any], config: Optional[Mapping[str, Any]] = None, **calibration: Any
) -> Calibration:
    """Fits the factor weights to past deals by logistic regression (the core's
    ``health::calibrate``). Each outcome is a ``(DealHealth, won)`` pair (e.g. the
    deal's last review before it closed) or a dict ``{"values": {code: x}, "won": bool}``.
    ``config`` is the ``DealHealthConfig`` to start from; ``calibration`` holds
    ``CalibrationConfig`` keys (``min_outcomes=40``, ``min_per_class=10``, ``folds=5``, ...).
    Too little history raises ``too_few_outcomes``."""
    items = [_outcome(k, o) for k, o in enumerate(outcomes)]
    data = _relmap._calibrate(items, config, calibration)
    return build(Calibration, data)


for _cls in (Factor, Action, DealHealth, DealHealthList, FactorTally, PortfolioHealth, Calibration):
    _cls.__module__ = "relmap"
