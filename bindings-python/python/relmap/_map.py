"""``relmap.RelationshipMap``: the native map plus the notebook comforts."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Optional, Union

from . import _relmap
from ._analysis import CompetitionMatrix, MapDiff, StageAssessment, stage_assessments
from ._chain import DecisionChain
from ._records import TimeLike, build, time_text
from ._trust import TrustReport

if TYPE_CHECKING:
    import pandas as pd

Influence = Union[DecisionChain, Mapping[str, float], None]


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
        vendor_scores ({vendor: {criterion: score}}), as in the JSON document."""
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
        (None = the latest dated item in the map); ``config`` keys override the
        core's ``TrustConfig`` (``half_life_days=30``, ...)."""
        return TrustReport(self._trust(time_text(as_of, "as_of"), config))

    def churn_signals(self, as_of: Optional[TimeLike] = None, **config: Any) -> list[tuple[str, str]]:
        """The relationship signals of churn (客户流失预警) this map gives as of a
        time (None = the latest dated item): ``(signal, reason)`` pairs, the signal
        ``champion_gone_cold`` or ``economic_buyer_uncovered``. ``config`` keys
        override the core's ``ChurnConfig`` (``champion_cold_days=90``, ...).
        :func:`relmap.value.churn_warnings` joins them in with ``maps=``."""
        return [(s["signal"], s["reason"]) for s in self._churn_signals(time_text(as_of, "as_of"), config)]

    def stages(
        self, model: Optional[Mapping[str, Any]] = None, as_of: Optional[TimeLike] = None
    ) -> list[StageAssessment]:
        """The sales stage (项目阶段识别) of every opportunity; ``model`` is a stage
        model as a dict (None = the default one)."""
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

    def diff(self, before: RelationshipMap) -> MapDiff:
        """What changed from an earlier snapshot ``before`` to this map."""
        return build(MapDiff, self._diff_since(before))

    # ---- pictures --------------------------------------------------------------

    def _overlay(self, chain: Optional[DecisionChain], highlight: Optional[str]) -> dict[str, Any]:
        overlay: dict[str, Any] = {}
        if chain is not None:
            overlay["influence"] = chain.influence
            flags: dict[str, list[str]] = {}
            known = set(chain.stakeholder_ids)
            for f in chain.red_flags:
                for i in f.ids:
                    if i in known:
                        flags.setdefault(i, []).append(f.code)
            overlay["flags"] = flags
            if highlight is not None:
                path = chain.best_path(highlight)
                if path is not None:
                    overlay["highlight_path"] = [path.member, *path.stakeholders]
        return overlay

    def to_svg(self, chain: Optional[DecisionChain] = None, *, highlight: Optional[str] = None, **options: Any) -> str:
        """The map as SVG: org chart, relation lines, stance colours; with a
        ``chain``, boxes sized by decision influence and red-flag markers, and the
        best path to ``highlight`` drawn. ``options``: theme, key_players_only,
        title, show_legend, show_relations, width, layout."""
        text: str = self._render("svg", self._overlay(chain, highlight), options)
        return text

    def to_dot(self, chain: Optional[DecisionChain] = None, *, highlight: Optional[str] = None, **options: Any) -> str:
        """The map as a Graphviz digraph (same overlay and options as ``to_svg``)."""
        text: str = self._render("dot", self._overlay(chain, highlight), options)
        return text

    def to_mermaid(
        self, chain: Optional[DecisionChain] = None, *, highlight: Optional[str] = None, **options: Any
    ) -> str:
        """The map as a Mermaid flowchart (same overlay and options as ``to_svg``)."""
        text: str = self._render("mermaid", self._overlay(chain, highlight), options)
        return text

    def to_cytoscape(
        self, chain: Optional[DecisionChain] = None, *, highlight: Optional[str] = None, **options: Any
    ) -> dict[str, Any]:
        """The map as Cytoscape.js JSON (a dict), positions from the SVG layout."""
        data: dict[str, Any] = self._render("cytoscape", self._overlay(chain, highlight), options)
        return data

    def _repr_svg_(self) -> str:
        return self.to_svg()

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


RelationshipMap.__module__ = "relmap"


def load(path: Union[str, os.PathLike[str]]) -> RelationshipMap:
    """Loads a map from a JSON document file or a CSV folder."""
    m: RelationshipMap = RelationshipMap.load(path)
    return m
