"""``relmap.RelationshipMap``: the native map plus the notebook comforts."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Optional, TypedDict, Union

from . import _relmap
from ._chain import DecisionChain, RedFlagList
from ._competition import CompetitionMatrix
from ._diff import MapDiff
from ._health import DealHealthList, deal_healths
from ._importing import (
    GhostList,
    GhostStakeholder,
    StrengthList,
    SuggestedRelation,
    SuggestionList,
    ghosts,
    red_flags,
    strengths,
    suggestions,
)
from ._records import TimeLike, build, relmap_error, required_time, time_text
from ._stage import StageList, stage_assessments
from ._trust import TrustReport, TrustScore

if TYPE_CHECKING:
    import pandas as pd

    from typing_extensions import Unpack

    from ._diagnostics import Chart
    from ._relmap import _Channel, _Direction, _RelationKind, _Role

Influence = Union[DecisionChain, Mapping[str, float], None]
Overlay = Union[DecisionChain, Mapping[str, Any], None]


_LISTS = ("roles", "concerns", "needs", "members", "stakeholders", "emails")


class StakeholderFields(TypedDict, total=False):
    """The keywords of ``add_stakeholder`` and ``update_stakeholder``: the
    stakeholder's document fields besides the id (None = the core's default)."""

    name: Optional[str]
    title: Optional[str]
    department: Optional[str]
    reports_to: Optional[str]
    roles: Sequence[_Role]
    authority: Optional[float]
    openness: Optional[float]
    stance: Optional[float]
    stance_toward: Optional[Mapping[str, float]]
    concerns: Sequence[str]
    needs: Sequence[str]
    preferred_channel: Optional[_Channel]
    emails: Sequence[str]
    crm_ids: Optional[Mapping[str, str]]


def _given(**fields: Any) -> dict[str, Any]:
    """The fields given (not None) as the document writes them; the core's defaults
    fill the rest. A text where a list belongs is a ``TypeError``, as Python has it."""
    out: dict[str, Any] = {}
    for k, v in fields.items():
        if v is None:
            continue
        if k in _LISTS:
            if isinstance(v, (str, bytes)):
                raise TypeError(f"{k}: expected a sequence of names, got a string")
            v = list(v)
        out[k] = v
    return out


class RelationshipMap(_relmap.MapBase):
    """One account's relationship map (客户关系地图): stakeholders and their org
    chart, buying roles, influence lines, stance, our team, interactions, trust
    evidence and opportunities.

    Always valid: every edit is checked and a bad one raises ``ValidationError``
    naming the offending id and field. Pickles and copies through its JSON
    document; shows its picture inline in Jupyter.

    >>> m = RelationshipMap("acme", name="Acme Group")
    >>> m.add_stakeholder("ceo", name="Chen Wei", roles=["economic_buyer"], stance=1)
    >>> m.add_stakeholder("cio", name="Liu Yang", reports_to="ceo", roles=["coach"], stance=4)
    >>> m.decision_chain().influence["ceo"] > 0.5
    True
    """

    __slots__ = ()

    # ---- editing ---------------------------------------------------------------

    def add_stakeholder(self, id: str, **fields: Unpack[StakeholderFields]) -> None:
        """Adds a stakeholder; ``reports_to`` must name one already in the map.

        The keywords are the document's fields (``StakeholderFields``): name, title,
        department, reports_to, ``roles`` (economic_buyer, decision_maker,
        technical_buyer, user_buyer, influencer, purchaser, coach, champion,
        gatekeeper), ``authority`` in [0, 1] (None = the role default), ``openness``
        in [0, 1) (None = the configured default), ``stance`` toward us −5..+5 (None =
        unknown), ``stance_toward`` competitor → −5..+5, concerns, needs,
        ``preferred_channel`` (as for interactions), and the contact keys the importers
        match on: ``emails`` and ``crm_ids`` (source system → id)."""
        self._add("stakeholders", _given(id=id, **fields))

    def update_stakeholder(self, id: str, **fields: Unpack[StakeholderFields]) -> None:
        """Replaces the stakeholder with this id (the keywords as for
        ``add_stakeholder``; what is not given is cleared)."""
        self._update_stakeholder(_given(id=id, **fields))

    def add_relation(
        self,
        source: str,
        target: str,
        *,
        kind: Optional[_RelationKind] = None,
        strength: Optional[float] = None,
        direction: Optional[_Direction] = None,
        notes: Optional[str] = None,
    ) -> None:
        """Adds a relation between two stakeholders already in the map: ``kind``
        influences (the default), ally, conflict or informs; ``strength`` in (0, 1]
        (default 1); ``direction`` forward (the default) or both."""
        self._add("relations", _given(source=source, target=target, kind=kind, strength=strength,
                                      direction=direction, notes=notes))

    def add_team_member(
        self,
        id: str,
        *,
        name: Optional[str] = None,
        role: Optional[str] = None,
        title: Optional[str] = None,
        emails: Optional[Sequence[str]] = None,
        crm_ids: Optional[Mapping[str, str]] = None,
    ) -> None:
        """Adds one of our team members (``role`` on the account team, e.g.
        account_manager; ``emails`` and ``crm_ids``, the contact keys, as for a stakeholder)."""
        self._add("team", _given(id=id, name=name, role=role, title=title, emails=emails, crm_ids=crm_ids))

    def add_interaction(
        self,
        id: str,
        at: TimeLike,
        channel: str,
        members: Sequence[str],
        stakeholders: Sequence[str],
        *,
        initiated_by: str = "us",
        sentiment: Optional[float] = None,
        notes: Optional[str] = None,
    ) -> None:
        """Records an interaction (channel: visit, meeting, meal_or_event, phone, email, social)."""
        item: dict[str, Any] = {
            "id": id,
            "at": time_text(at, "at"),
            "channel": channel,
            "members": list(members),
            "stakeholders": list(stakeholders),
            "initiated_by": initiated_by,
        }
        if sentiment is not None:
            item["sentiment"] = sentiment
        if notes is not None:
            item["notes"] = notes
        self._add("interactions", item)

    def add_evidence(self, id: str, kind: str, *, at: TimeLike, member: str, stakeholder: str, **details: Any) -> None:
        """Records a piece of trust evidence.

        ``kind`` and its details: ``commitment`` (due=, delivered=None,
        description=None), ``expertise_signal`` / ``sincerity_event``
        (positive=True/False, description=None), ``assessment`` (pillar=, rating=1..10).
        """
        item: dict[str, Any] = {"kind": kind, "id": id, "at": time_text(at, "at"), "member": member}
        item["stakeholder"] = stakeholder
        for key, value in details.items():
            item[key] = time_text(value, key) if key in ("due", "delivered") else value
        self._add("evidence", item)

    def add_opportunity(self, id: str, name: str, **fields: Any) -> None:
        """Adds an opportunity: amount, competitors, declared_stage, milestones
        ([{"key", "at"}]), criteria ([{"id", "name", "weights": {stakeholder: w}}]),
        vendor_scores ({vendor: {criterion: score}}), meddpicc ({"champion": {"grade",
        "stakeholder", ...}, ...}), buying_influences ([{"stakeholder", "roles",
        "response_mode"}]), as in the JSON document."""
        self._add("opportunities", {"id": id, "name": name, **fields})

    # ---- analyses --------------------------------------------------------------

    def decision_chain(self, *, previous: Optional[RelationshipMap] = None, **config: Any) -> DecisionChain:
        """The decision-chain analysis (决策链分析).

        ``config`` keys override the defaults of the core's ``ChainConfig``
        (``default_openness=0.3``, ``key_players={"top_n": 3}``,
        ``as_of="2026-03-01"``, ...); an unknown key raises ``ValidationError``
        naming it. With ``previous`` (an earlier snapshot of the account), the
        ``key_player_changed`` flags are raised too.
        """
        if "as_of" in config:
            config["as_of"] = time_text(config["as_of"], "as_of")
        return DecisionChain(self._decision_chain(config, previous))

    def trust(self, as_of: Optional[TimeLike] = None, **config: Any) -> TrustReport:
        """Four-pillar trust (信任的四根支柱) of every (member, stakeholder) pair as of a time
        (None = the latest dated item in the map, else now); ``config`` keys override
        the core's ``TrustConfig`` (``half_life_days=30``, ...)."""
        return TrustReport(self._trust(time_text(as_of, "as_of"), config))

    def trust_timeline(
        self, member: str, stakeholder: str, dates: Sequence[TimeLike], **config: Any
    ) -> list[TrustScore]:
        """The trust of one (member, stakeholder) pair at each of ``dates``, in order."""
        texts = [required_time(d, f"dates[{k}]") for k, d in enumerate(dates)]
        return [build(TrustScore, s) for s in self._trust_timeline(member, stakeholder, texts, config)]

    def churn_signals(self, as_of: Optional[TimeLike] = None, **config: Any) -> list[tuple[str, str]]:
        """The relationship signals of churn (客户流失预警) this map gives as of a
        time (None = the latest dated item): ``(signal, reason)`` pairs, the signal
        ``champion_gone_cold`` or ``economic_buyer_uncovered``. ``config`` keys
        override the core's ``ChurnConfig`` (``champion_cold_days=90``, ...).
        :func:`relmap.value.churn_warnings` joins them in with ``maps=``."""
        return [(s["signal"], s["reason"]) for s in self._churn_signals(time_text(as_of, "as_of"), config)]

    def deal_health(self, as_of: Optional[TimeLike] = None, **config: Any) -> DealHealthList:
        """The health (商机健康度) of every opportunity as of a time (None = the latest
        dated item in the map, else now): a list of :class:`DealHealth` in map
        order, each with its score 0..100, status, explained factors and top
        actions; ``.to_pandas()`` gives one row per deal. ``config`` keys override
        the core's ``DealHealthConfig`` (``weights={"no_power": 12}``,
        ``healthy_at=70``, ...; see docs/deal-health.md)."""
        return deal_healths(self._deal_health(time_text(as_of, "as_of"), config))

    def stages(
        self, model: Optional[Mapping[str, Any]] = None, as_of: Optional[TimeLike] = None
    ) -> StageList:
        """The sales stage (项目阶段识别) of every opportunity; ``model`` is a stage
        model as a dict (None = the default one). ``to_pandas()`` gives the table."""
        return stage_assessments(self._stages(model, time_text(as_of, "as_of")))

    def competition(self, influence: Influence = None, **config: Any) -> list[CompetitionMatrix]:
        """The competition matrix (商业竞争矩阵) of every opportunity with decision
        criteria, stakeholders weighted by ``influence`` (a ``DecisionChain`` or a
        dict id → share; None = equal weights)."""
        if isinstance(influence, DecisionChain):
            influence = influence.influence
        if influence is not None and not isinstance(influence, Mapping):
            raise TypeError(f"influence: expected a DecisionChain or a mapping, got {type(influence).__name__}")
        weights = None if influence is None else {str(k): float(v) for k, v in influence.items()}
        return [CompetitionMatrix(m) for m in self._competition(weights, config)]

    # ---- activity (docs/importing.md) -----------------------------------------

    def _activity_config(self, config: dict[str, Any]) -> dict[str, Any]:
        if config.get("as_of") is not None:
            config["as_of"] = time_text(config["as_of"], "as_of")
        for k in ("our_domains", "account_domains"):
            if isinstance(config.get(k), str):
                config[k] = [config[k]]
        return config

    def ghost_stakeholders(self, **config: Any) -> GhostList:
        """People of the account seen in the stored activity (calendars, mail) but
        not on the map, highest score first, each with its evidence. ``config``
        keys override the core's ``ActivityConfig``; ``account_domains`` (and
        ``our_domains``) tell the sides apart."""
        return ghosts(_relmap._activity(self, "ghost_stakeholders", self._activity_config(config)))

    def suggest_relations(self, **config: Any) -> SuggestionList:
        """Candidate ``influences`` / ``informs`` relations among the map's
        stakeholders from who meets and mails whom, with their evidence; never
        written to the map (see :meth:`accept_relation`)."""
        return suggestions(_relmap._activity(self, "suggest_relations", self._activity_config(config)))

    def activity_strength(self, **config: Any) -> StrengthList:
        """Relationship strength from activity per (member, stakeholder):
        recency, frequency, reciprocity, response time and channel mix."""
        return strengths(_relmap._activity(self, "activity_strength", self._activity_config(config)))

    def departures(self, **config: Any) -> RedFlagList:
        """``contact_departed`` red flags: contacts whose mail bounced, or key
        contacts silent for ``departure_days``."""
        return red_flags(_relmap._activity(self, "departures", self._activity_config(config)))

    @property
    def activity(self) -> dict[str, Any]:
        """The activity log kept with the map (``{"observations": [...]}``), as plain data."""
        data: dict[str, Any] = _relmap._activity(self, "activity", None)
        return data

    def accept_ghost(self, ghost: GhostStakeholder, id: str) -> None:
        """Adds a ghost stakeholder to the map as stakeholder ``id``, with its
        address as contact key and its display name."""
        if not isinstance(ghost, GhostStakeholder):
            raise relmap_error("ghost", f"expected a GhostStakeholder, got {type(ghost).__name__}")
        _relmap._accept_ghost(self, dataclasses.asdict(ghost), id)

    def accept_relation(self, suggestion: SuggestedRelation) -> None:
        """Adds a suggested relation to the map."""
        if not isinstance(suggestion, SuggestedRelation):
            raise relmap_error("suggestion", f"expected a SuggestedRelation, got {type(suggestion).__name__}")
        _relmap._accept_relation(self, dataclasses.asdict(suggestion))

    def diff(self, before: RelationshipMap) -> MapDiff:
        """What changed from an earlier snapshot ``before`` to this map."""
        return build(MapDiff, self._diff_since(before))

    # ---- pictures --------------------------------------------------------------

    def _overlay(self, overlay: Overlay, highlight: Optional[str]) -> Optional[Mapping[str, Any]]:
        if isinstance(overlay, DecisionChain):
            return overlay.overlay(self, highlight=highlight)
        if highlight is not None:
            raise TypeError("highlight: give a DecisionChain to highlight a path")
        return overlay

    def to_svg(self, overlay: Overlay = None, *, highlight: Optional[str] = None, **options: Any) -> str:
        """The map as SVG: org chart, relation lines, stance colours. ``overlay`` is a
        ``DecisionChain`` (its ``overlay(map)``: boxes sized by decision influence,
        red-flag markers, our best path to the economic buyer, or to ``highlight``)
        or an overlay dict. ``options``: the core's ``RenderOptions`` (theme,
        key_players_only, title, show_legend, show_relations, width, layout,
        view, lines, show_qualification, opportunity: the champion, the Blue Sheet
        response modes and the MEDDPICC gaps of one opportunity are marked).

        Dense maps: ``view`` is ``"auto"`` (the default: the influence matrix when
        a map of at least 12 people has more than 10 lines per person, else the
        chart), ``"chart"`` or ``"matrix"`` (a heat map of who influences whom,
        ordered by the org chart). ``lines`` chooses the relation lines of the chart:
        ``per_person`` (``"auto"``: every line on sparse maps, each person's 3
        strongest above 4 lines per person; ``"all"``; ``{"strongest": k}``),
        ``focus`` (stakeholder ids whose lines are all drawn on top, the others
        faded), ``bundle`` and ``fade`` (``"auto"``, ``"on"``, ``"off"``: route
        parallel lines together along the org chart, fade lines by strength),
        ``min_opacity``, ``unfocused_opacity``, ``dense_above``,
        ``auto_per_person``, ``matrix_above``, ``matrix_min_people``,
        ``matrix_cell``. Lines on the highlighted path are always drawn::

            m.to_svg(view="chart", lines={"per_person": {"strongest": 2}, "focus": ["cfo"]})
        """
        text: str = self._render("svg", self._overlay(overlay, highlight), options)
        return text

    def to_dot(self, overlay: Overlay = None, *, highlight: Optional[str] = None, **options: Any) -> str:
        """The map as a Graphviz digraph (same overlay and options as ``to_svg``)."""
        text: str = self._render("dot", self._overlay(overlay, highlight), options)
        return text

    def to_mermaid(self, overlay: Overlay = None, *, highlight: Optional[str] = None, **options: Any) -> str:
        """The map as a Mermaid flowchart (same overlay and options as ``to_svg``)."""
        text: str = self._render("mermaid", self._overlay(overlay, highlight), options)
        return text

    def to_cytoscape(
        self, overlay: Overlay = None, *, highlight: Optional[str] = None, **options: Any
    ) -> dict[str, Any]:
        """The map as Cytoscape.js JSON (a dict), positions from the SVG layout."""
        data: dict[str, Any] = self._render("cytoscape", self._overlay(overlay, highlight), options)
        return data

    def picture(self, overlay: Overlay = None, *, highlight: Optional[str] = None, **options: Any) -> Chart:
        """The map as a notebook picture (same arguments as ``to_svg``): shown at the
        width of the output area, however wide the map; ``.svg`` is the full-size
        text and ``.save(path)`` writes it."""
        from ._diagnostics import Chart

        return Chart("map", self.to_svg(overlay, highlight=highlight, **options), {"account": self.account_id})

    def _repr_svg_(self) -> str:
        from ._diagnostics import fit_width

        return fit_width(self.to_svg())

    # ---- tables ----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The JSON document as plain data."""
        doc: dict[str, Any] = json.loads(self.to_json())
        return doc

    def to_pandas(self) -> pd.DataFrame:
        """The stakeholders, one row each (index ``stakeholder``): name, title,
        department, reports_to, roles (comma-separated), authority, openness, stance."""
        import pandas as pd

        cols = ["name", "title", "department", "reports_to", "roles", "authority", "openness", "stance"]
        rows = []
        for s in self.to_dict()["stakeholders"]:
            row = {c: s.get(c) for c in cols}
            row["roles"] = ",".join(s.get("roles", []))
            row["stakeholder"] = s["id"]
            rows.append(row)
        df = pd.DataFrame(rows, columns=["stakeholder", *cols]).set_index("stakeholder")
        return df.astype({"authority": "float64", "openness": "float64", "stance": "float64"})

    def __reduce__(self) -> tuple[Any, tuple[type[RelationshipMap], str]]:  # type: ignore[override]
        # Through a module-level function rather than the bound classmethod, which
        # cloudpickle (Dask, Spark) cannot pickle.
        return (_from_json, (type(self), self.to_json()))


def _from_json(cls: type[RelationshipMap], text: str) -> RelationshipMap:
    """A map of class ``cls`` from its JSON document (what a pickled map is)."""
    return cls.from_json(text)


RelationshipMap.__module__ = "relmap"


def load(path: Union[str, os.PathLike[str]]) -> RelationshipMap:
    """Loads a map from a JSON document file or a CSV folder."""
    m: RelationshipMap = RelationshipMap.load(path)
    return m
