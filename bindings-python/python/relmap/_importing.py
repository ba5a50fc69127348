"""Maps from the records people already have: CRM exports, calendars (``.ics``)
and mail (``.eml``, mbox), and what that activity says the map is missing
(ghost stakeholders, suggested relations, activity strength, departures).

The rules are the core's (``docs/importing.md``); this module turns the inputs
into (name, bytes) pairs or paths, calls it, and builds the result records."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Optional, Union

from . import _relmap
from ._chain import RedFlag, RedFlagList
from ._records import build, relmap_error

if TYPE_CHECKING:
    import pandas as pd

    from ._map import RelationshipMap

Source = Union[str, bytes, bytearray, "os.PathLike[str]", Any, tuple[str, Union[str, bytes]]]
"""One input: a path (a file or a folder), the content (``bytes``, or a ``str`` with
a line break), a file-like object (``.read()``), or a ``(name, content)`` pair."""


@dataclass(frozen=True)
class ReportLine:
    """What happened to one source record: the ``file``, the ``row`` (CSV row,
    the line of an event's ``BEGIN:VEVENT``, the message's place in an mbox),
    the ``column`` (CSV column, iCalendar property or mail header), the
    ``entity`` and its ``id``, the ``outcome`` (added, updated, unchanged,
    skipped, warning), the ``reason`` code of a skip or warning, the offending
    ``value``, the changed ``fields`` and a ``message``."""

    file: str
    row: Optional[int]
    column: Optional[str]
    entity: str
    id: Optional[str]
    outcome: str
    reason: Optional[str]
    value: Optional[str]
    fields: tuple[str, ...]
    message: Optional[str]

    def __str__(self) -> str:
        where = self.file + (f", row {self.row}" if self.row is not None else "")
        where += f", column {self.column}" if self.column else ""
        text = f"{where}: {self.outcome} {self.entity}" + (f" {self.id!r}" if self.id else "")
        text += f" ({self.reason})" if self.reason else ""
        text += f" value {self.value!r}" if self.value is not None else ""
        text += f" [{', '.join(self.fields)}]" if self.fields else ""
        return text + (f": {self.message}" if self.message else "")


@dataclass(frozen=True)
class ImportCounts:
    """The number of report lines per outcome."""

    added: int
    updated: int
    unchanged: int
    skipped: int
    warning: int


@dataclass(frozen=True)
class GhostStakeholder:
    """Someone of the account seen in meetings or mail but not on the map, with
    the evidence: the display name seen most, meetings and messages counted,
    first and last seen, ``known_by`` (our people who met or mailed them),
    ``seen_with`` (stakeholders present), ``key_contacts_seen_with`` and the
    ids of the most recent observations. ``score`` ranks them."""

    email: str
    name: Optional[str]
    score: float
    meetings: int
    messages: int
    first_seen: str
    last_seen: str
    known_by: tuple[str, ...]
    seen_with: tuple[str, ...]
    key_contacts_seen_with: tuple[str, ...]
    evidence: tuple[str, ...]

    def __str__(self) -> str:
        who = f"{self.name} <{self.email}>" if self.name else self.email
        return f"{who}: {self.meetings} meetings, {self.messages} mails, last {self.last_seen}"


@dataclass(frozen=True)
class RelationEvidence:
    """What a suggested relation rests on: meetings organized for the target,
    meetings attended together, mails to and in copy, the summed ``weight``,
    the last date and the observation ids."""

    meetings_organized: int
    co_attended: int
    mails_to: int
    mails_cc: int
    weight: float
    last_seen: str
    observations: tuple[str, ...]


@dataclass(frozen=True)
class SuggestedRelation:
    """A candidate relation (``relation``: its document dict, with ``kind`` and
    a ``strength`` from frequency and recency) and its evidence. Never written
    to the map unless accepted (``RelationshipMap.accept_relation``)."""

    relation: Mapping[str, Any]
    evidence: RelationEvidence

    _nested: ClassVar[dict[str, Any]] = {"evidence": RelationEvidence}

    def __str__(self) -> str:
        r = self.relation
        return f"{r['source']} {r['kind']} {r['target']} ({r['strength']:.2f})"


@dataclass(frozen=True)
class StrengthComponents:
    """The parts of an activity strength, each in 0..1 (``response`` None without replies)."""

    recency: float
    frequency: float
    reciprocity: float
    response: Optional[float]
    channel: float


@dataclass(frozen=True)
class ActivityStrength:
    """The strength of one (member, stakeholder) relationship from activity:
    ``strength`` in 0..1, its components, the counts, the last contact, the
    channel mix and both sides' median reply times in hours."""

    member: str
    stakeholder: str
    strength: float
    components: StrengthComponents
    interactions: int
    initiated_by_them: int
    last_contact: str
    channel_mix: Mapping[str, int]
    their_response_hours: Optional[float]
    our_response_hours: Optional[float]

    _nested: ClassVar[dict[str, Any]] = {"components": StrengthComponents}


class GhostList(list[GhostStakeholder]):
    """Ghost stakeholders, highest score first, with ``to_pandas()``."""

    def to_pandas(self) -> pd.DataFrame:
        """One row per ghost (index ``email``)."""
        from ._tables import frame

        rows = []
        for g in self:
            row = dataclasses.asdict(g)
            for k in ("known_by", "seen_with", "key_contacts_seen_with", "evidence"):
                row[k] = list(row[k])
            rows.append(row)
        return frame(rows, [f.name for f in dataclasses.fields(GhostStakeholder)], "email", text=True)


class SuggestionList(list[SuggestedRelation]):
    """Suggested relations, with ``to_pandas()``."""

    def to_pandas(self) -> pd.DataFrame:
        """One row per suggestion: source, kind, target, strength and the evidence counts."""
        from ._tables import frame

        rows = []
        for s in self:
            r, e = s.relation, s.evidence
            rows.append(
                {
                    "source": r["source"],
                    "kind": r["kind"],
                    "target": r["target"],
                    "strength": r["strength"],
                    "meetings_organized": e.meetings_organized,
                    "co_attended": e.co_attended,
                    "mails_to": e.mails_to,
                    "mails_cc": e.mails_cc,
                    "weight": e.weight,
                    "last_seen": e.last_seen,
                }
            )
        columns = ["source", "kind", "target", "strength", "meetings_organized", "co_attended"]
        return frame(rows, columns + ["mails_to", "mails_cc", "weight", "last_seen"])


class StrengthList(list[ActivityStrength]):
    """Activity strengths per (member, stakeholder), with ``to_pandas()``."""

    def to_pandas(self) -> pd.DataFrame:
        """One row per pair (index member, stakeholder): strength, components, counts, reply times."""
        from ._tables import frame

        rows = []
        for s in self:
            row: dict[str, Any] = {"member": s.member, "stakeholder": s.stakeholder, "strength": s.strength}
            row.update(dataclasses.asdict(s.components))
            row.update(
                interactions=s.interactions,
                initiated_by_them=s.initiated_by_them,
                last_contact=s.last_contact,
                their_response_hours=s.their_response_hours,
                our_response_hours=s.our_response_hours,
            )
            rows.append(row)
        columns = ["member", "stakeholder", "strength", "recency", "frequency", "reciprocity", "response", "channel"]
        columns += ["interactions", "initiated_by_them", "last_contact", "their_response_hours", "our_response_hours"]
        return frame(rows, columns, ["member", "stakeholder"])


def ghosts(items: Iterable[Mapping[str, Any]]) -> GhostList:
    return GhostList(build(GhostStakeholder, g) for g in items)


def suggestions(items: Iterable[Mapping[str, Any]]) -> SuggestionList:
    return SuggestionList(build(SuggestedRelation, s) for s in items)


def strengths(items: Iterable[Mapping[str, Any]]) -> StrengthList:
    return StrengthList(build(ActivityStrength, s) for s in items)


def red_flags(items: Iterable[Mapping[str, Any]]) -> RedFlagList:
    return RedFlagList(build(RedFlag, f) for f in items)


class ImportReport:
    """What an import did: one :class:`ReportLine` per source record
    (``lines``; ``to_pandas()`` gives them as a table), ``counts`` per outcome,
    and what the activity says the map is missing, computed on the map after
    the merge: ``ghosts``, ``suggested_relations``, ``strengths``,
    ``departures``. ``map`` is the map imported into (a new one for
    ``import_crm`` without ``into``); ``activity`` is this import's log."""

    def __init__(self, data: Mapping[str, Any], map: RelationshipMap) -> None:
        self.map = map
        self.lines = [build(ReportLine, {"fields": [], **line}) for line in data["lines"]]
        self._counts = build(ImportCounts, data["counts"])
        self.ghosts = ghosts(data["ghosts"])
        self.suggested_relations = suggestions(data["suggested_relations"])
        self.strengths = strengths(data["strengths"])
        self.departures = red_flags(data["departures"])
        self.activity: dict[str, Any] = data["activity"]

    @property
    def counts(self) -> ImportCounts:
        """The number of lines per outcome (added, updated, unchanged, skipped, warning)."""
        return self._counts

    def lines_with(self, outcome: str) -> list[ReportLine]:
        """The lines with this outcome (``added``, ``updated``, ``unchanged``, ``skipped``, ``warning``)."""
        return [line for line in self.lines if line.outcome == outcome]

    def to_pandas(self) -> pd.DataFrame:
        """One row per report line, in order."""
        from ._tables import frame

        rows = [dataclasses.asdict(line) | {"fields": list(line.fields)} for line in self.lines]
        return frame(rows, [f.name for f in dataclasses.fields(ReportLine)], text=True)

    def __str__(self) -> str:
        c = self.counts
        head = f"{c.added} added, {c.updated} updated, {c.unchanged} unchanged, {c.skipped} skipped, {c.warning} warnings"
        problems = [str(line) for line in self.lines if line.outcome in ("skipped", "warning")]
        return "\n".join([head, *problems])

    def __repr__(self) -> str:
        c = self.counts
        return (
            f"<ImportReport: {len(self.lines)} lines ({c.added} added, {c.updated} updated, {c.unchanged} unchanged, "
            f"{c.skipped} skipped, {c.warning} warnings), {len(self.ghosts)} ghosts, "
            f"{len(self.suggested_relations)} suggested relations>"
        )


def _inputs(source: Union[Source, Iterable[Source]], name: Optional[str]) -> list[Any]:
    """The inputs as the native module takes them: paths, or (name, bytes) pairs."""
    items: list[Any]
    if isinstance(source, (str, bytes, bytearray, tuple, os.PathLike)) or hasattr(source, "read"):
        items = [source]
    elif isinstance(source, Mapping):
        items = list(source.items())
    else:
        try:
            items = list(source)
        except TypeError:
            raise relmap_error("source", f"cannot read a {type(source).__name__}") from None
    if name is not None and len(items) != 1:
        raise relmap_error("name", "a name is given for one input only")
    out: list[Any] = []
    for k, item in enumerate(items):
        where = "source" if len(items) == 1 else f"source[{k}]"
        out.append(_one(item, name, where))
    if not out:
        raise relmap_error("source", "nothing to import", "no_input")
    return out


def _one(item: Any, name: Optional[str], where: str) -> Any:
    if isinstance(item, tuple):
        if len(item) != 2 or not isinstance(item[0], str):
            raise relmap_error(where, "a pair must be (file name, content)")
        return (item[0], _content(item[1], where))
    if isinstance(item, str) and ("\n" not in item and "\r" not in item):
        return item if name is None else (name, _content(open(item, "rb").read(), where))
    if isinstance(item, os.PathLike):
        return os.fspath(item)
    if hasattr(item, "read"):
        data = item.read()
        given = name or os.path.basename(str(getattr(item, "name", "") or "")) or None
        if given is None:
            raise relmap_error("name", f"{where}: give the file's name (name=...) for a file object without one")
        return (given, _content(data, where))
    if isinstance(item, (str, bytes, bytearray)):
        if name is None:
            raise relmap_error("name", f"{where}: give the file's name (name=...) with content")
        return (name, _content(item, where))
    raise relmap_error(where, f"expected a path, bytes, text, a file object or a (name, content) pair, got {type(item).__name__}")


def _content(data: Any, where: str) -> bytes:
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise relmap_error(where, f"content must be bytes or text, got {type(data).__name__}")


def _run(
    kind: str,
    source: Any,
    into: Optional[RelationshipMap],
    name: Optional[str],
    options: dict[str, Any],
    mapping: Union[str, Mapping[str, Any], os.PathLike[str], None] = None,
) -> ImportReport:
    from ._map import RelationshipMap

    if into is not None and not isinstance(into, _relmap.MapBase):
        raise relmap_error("into", f"expected a RelationshipMap, got {type(into).__name__}")
    options = {k: v for k, v in options.items() if v is not None}
    mapping_text: Optional[str] = None
    if mapping is not None:
        if isinstance(mapping, os.PathLike):
            mapping_text = Path(mapping).read_text(encoding="utf-8")
        elif isinstance(mapping, str):
            mapping_text = mapping
        elif isinstance(mapping, Mapping):
            mapping_text = json.dumps(mapping, ensure_ascii=False)
        else:
            raise relmap_error("mapping", f"expected a mapping dict, its JSON text or a path, got {type(mapping).__name__}")
    new_map, data = _relmap._import(kind, into, _inputs(source, name), options, mapping_text)
    target: Optional[RelationshipMap] = into
    if new_map is not None:
        target = RelationshipMap.from_json(new_map.to_json())
    if target is None:  # the native module returns a map whenever none was given
        raise relmap_error("into", "no map", "internal")
    return ImportReport(data, target)


def _activity(our_domains: Optional[Iterable[str]], account_domains: Optional[Iterable[str]], config: Mapping[str, Any]) -> dict[str, Any]:
    activity = dict(config)
    if our_domains is not None:
        activity["our_domains"] = [our_domains] if isinstance(our_domains, str) else list(our_domains)
    if account_domains is not None:
        activity["account_domains"] = [account_domains] if isinstance(account_domains, str) else list(account_domains)
    return activity


def import_crm(
    source: Union[Source, Iterable[Source]],
    *,
    preset: Optional[str] = None,
    mapping: Union[Mapping[str, Any], str, os.PathLike[str], None] = None,
    into: Optional[RelationshipMap] = None,
    account: Optional[str] = None,
    name: Optional[str] = None,
    **activity: Any,
) -> ImportReport:
    """Imports CRM export files (CSV) through a ``preset`` (``salesforce``,
    ``hubspot``, ``zoho``, ``fxiaoke``) or a ``mapping`` of your own (a dict in
    the ``relmap-crm-mapping/1`` format, its JSON text, or a path to it) into the map ``into`` (None: a new map
    of the CRM ``account``, by its id or name, returned as ``report.map``).

    ``source`` is a path (a file or a folder of ``.csv`` files), the content
    with ``name=`` (file names matter: they pick the mapping's table), a file
    object, ``(name, content)`` pairs, or a list of these. Other keywords are
    the analyses' numbers (``ActivityConfig``: ``half_life_days``, ...)."""
    options = {"preset": preset, "account": account, "activity": activity or None}
    return _run("crm", source, into, name, options, mapping)


def import_calendar(
    source: Union[Source, Iterable[Source]],
    *,
    into: RelationshipMap,
    our_domains: Optional[Iterable[str]] = None,
    account_domains: Optional[Iterable[str]] = None,
    window_start: Optional[Any] = None,
    window_end: Optional[Any] = None,
    max_occurrences: Optional[int] = None,
    default_timezone: Optional[str] = None,
    channel_rules: Optional[Sequence[Mapping[str, str]]] = None,
    default_channel: Optional[str] = None,
    name: Optional[str] = None,
    **activity: Any,
) -> ImportReport:
    """Imports iCalendar files (``.ics``) into the map ``into``: meetings with
    people of the account become interactions; people of the account not on
    the map are ghosts. ``our_domains`` and ``account_domains`` tell the sides
    apart; recurring events are expanded within ``window_start`` ..
    ``window_end``. ``source`` as for :func:`import_crm`."""
    options = {
        "activity": _activity(our_domains, account_domains, activity),
        "window_start": window_start,
        "window_end": window_end,
        "max_occurrences": max_occurrences,
        "default_timezone": default_timezone,
        "channel_rules": channel_rules,
        "default_channel": default_channel,
    }
    return _run("calendar", source, into, name, options)


def import_mail(
    source: Union[Source, Iterable[Source]],
    *,
    into: RelationshipMap,
    our_domains: Optional[Iterable[str]] = None,
    account_domains: Optional[Iterable[str]] = None,
    name: Optional[str] = None,
    **activity: Any,
) -> ImportReport:
    """Imports ``.eml`` files and mbox archives (headers only: subjects and
    bodies are never stored) into the map ``into``. ``source`` as for
    :func:`import_crm`."""
    options = {"activity": _activity(our_domains, account_domains, activity)}
    return _run("mail", source, into, name, options)


def crm_preset(name: str) -> dict[str, Any]:
    """A preset CRM mapping as a dict (``relmap-crm-mapping/1``), to adapt into a mapping of your own."""
    data: dict[str, Any] = _relmap._crm_preset(name)
    return data


CRM_PRESETS: tuple[str, ...] = tuple(_relmap.CRM_PRESETS)

for _cls in (
    ReportLine,
    ImportCounts,
    GhostStakeholder,
    RelationEvidence,
    SuggestedRelation,
    StrengthComponents,
    ActivityStrength,
    GhostList,
    SuggestionList,
    StrengthList,
    ImportReport,
):
    _cls.__module__ = "relmap"
