"""The importers and the activity analyses from Python, on the fixtures the core's
tests use (core/tests/fixtures/import/: .ics written by the icalendar package,
.eml/mbox by Python's email and mailbox modules, CRM exports after each vendor's
columns)."""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Any

import pytest

import relmap
from relmap import FormatError, ValidationError

FIXTURES = Path(__file__).resolve().parents[2] / "core" / "tests" / "fixtures" / "import"
SIDES: dict[str, Any] = {"our_domains": ["ourco.com"], "account_domains": ["hdjm.com.cn"]}
VISITS = [{"contains": "华东精密", "channel": "visit"}]


def base_map() -> relmap.RelationshipMap:
    return relmap.load(FIXTURES / "base_map.json")


def import_team_calendar(m: relmap.RelationshipMap) -> relmap.ImportReport:
    return relmap.io.import_calendar(FIXTURES / "calendar" / "team.ics", into=m, **SIDES)


def test_calendar_ghosts_suggestions_and_acceptance() -> None:
    m = base_map()
    report = import_team_calendar(m)
    assert isinstance(report, relmap.ImportReport) and report.map is m
    assert len(report.ghosts) == 1
    g = report.ghosts[0]
    assert (g.email, g.name, g.meetings) == ("wang.fang@hdjm.com.cn", "王芳", 6)
    assert g.known_by == ("am", "architect")
    assert g.seen_with == ("pmo", "cio")
    assert g.evidence[0] == "ics:weekly-sync@ourco.com/20260408T070000Z"
    assert "wang.fang" not in m.to_json().split('"activity"')[0]
    frame = report.ghosts.to_pandas()
    assert list(frame.index) == ["wang.fang@hdjm.com.cn"] and frame.loc["wang.fang@hdjm.com.cn", "meetings"] == 6

    assert len(report.suggested_relations) == 1
    s = report.suggested_relations[0]
    assert (s.relation["source"], s.relation["target"], s.relation["kind"]) == ("cio", "pmo", "influences")
    assert s.evidence.meetings_organized == 2 and 0 < s.relation["strength"] < 1
    assert m.relation_count == 0
    assert report.suggested_relations.to_pandas().iloc[0]["kind"] == "influences"

    # Accepting writes them; importing again brings the ghost's meetings.
    m.accept_relation(s)
    m.accept_ghost(g, "wang_fang")
    assert m.relation_count == 1 and (m.stakeholder("wang_fang") or {})["emails"] == ["wang.fang@hdjm.com.cn"]
    again = import_team_calendar(m)
    assert len(again.ghosts) == 0
    updated = [line for line in again.lines if line.outcome == "updated"]
    assert updated and all(line.fields == ("stakeholders",) for line in updated)


def test_report_lines_name_file_row_and_column() -> None:
    m = base_map()
    report = relmap.io.import_mail(FIXTURES / "mail", into=m, **SIDES)
    c = report.counts
    assert (c.added, c.skipped) == (9, 6)
    assert (c.added, c.updated, c.unchanged, c.skipped, c.warning) == tuple(
        sum(1 for line in report.lines if line.outcome == o) for o in ("added", "updated", "unchanged", "skipped", "warning")
    )
    bad = [line for line in report.lines if line.reason == "bad_date"]
    assert [(b.file, b.column, b.value) for b in bad] == [("bad_date.eml", "Date", "next Tuesday, after lunch")]
    dup = [line for line in report.lines if line.reason == "duplicate"]
    assert [(d.file, d.row, d.column) for d in dup] == [("thread.mbox", 9, "Message-ID")]
    assert "bad_date.eml, column Date: skipped interaction" in str(bad[0])
    frame = report.to_pandas()
    assert len(frame) == len(report.lines) and set(frame["outcome"]) >= {"added", "skipped"}
    assert "6 skipped" in str(report) and "ImportReport" in repr(report)
    assert len(report.lines_with("skipped")) == 6
    # Bounces are departures.
    assert report.departures and all(f.code == "contact_departed" for f in report.departures)


def test_sources_as_paths_bytes_text_file_objects_and_pairs() -> None:
    eml = FIXTURES / "mail" / "chairman.eml"
    data = eml.read_bytes()
    results = []
    for source, name in [
        (str(eml), None),
        (eml, None),
        (data, "chairman.eml"),
        (data.decode("utf-8", errors="strict"), "chairman.eml"),
        (io.BytesIO(data), "chairman.eml"),
        (open(eml, "rb"), None),
        (("chairman.eml", data), None),
        ([("chairman.eml", data)], None),
    ]:
        m = base_map()
        report = relmap.io.import_mail(source, into=m, name=name, **SIDES)
        results.append([(line.file, line.outcome, line.id) for line in report.lines])
        if hasattr(source, "close"):
            source.close()
    assert all(r == results[0] for r in results), results
    assert results[0] == [("chairman.eml", "added", "mail:chairman-0320@hdjm.com.cn")]


def test_importing_twice_changes_nothing() -> None:
    m = base_map()
    relmap.io.import_mail(FIXTURES / "mail", into=m, **SIDES)
    relmap.io.import_calendar(FIXTURES / "calendar", into=m, channel_rules=VISITS, **SIDES)
    before = m.to_json()
    again = relmap.io.import_mail(FIXTURES / "mail", into=m, **SIDES)
    assert m.to_json() == before
    assert {line.outcome for line in again.lines} <= {"unchanged", "skipped", "warning"}


def test_crm_presets_build_new_maps_and_merge() -> None:
    report = relmap.io.import_crm(FIXTURES / "crm" / "salesforce", preset="salesforce", account="0015g00000HDJM1AAA")
    m = report.map
    assert isinstance(m, relmap.RelationshipMap)
    assert m.account_name == "华东精密制造集团有限公司"
    chen = m.stakeholder("0035g00000CHEN1AAA") or {}
    assert (chen["name"], chen["title"], chen["roles"]) == ("Guodong Chen", "Chairman", ["economic_buyer"])
    assert chen["crm_ids"] == {"salesforce": "0035g00000CHEN1AAA"}
    noid = [line for line in report.lines if (line.file, line.row) == ("Contact.csv", 6)]
    assert (noid[0].reason, noid[0].column) == ("missing_id", "Id")
    unmapped = [line for line in report.lines if (line.file, line.row) == ("OpportunityContactRole.csv", 6)]
    assert (unmapped[0].outcome, unmapped[0].reason, unmapped[0].column, unmapped[0].value) == (
        "warning", "unmapped_value", "Role", "Budget Approver")
    # Into an existing map: the same export again changes nothing.
    before = m.to_json()
    again = relmap.io.import_crm(FIXTURES / "crm" / "salesforce", preset="salesforce", into=m)
    assert m.to_json() == before and not again.lines_with("added")
    # A Chinese-header export, files given as (name, bytes) pairs.
    folder = FIXTURES / "crm" / "fxiaoke"
    pairs = [(p.name, p.read_bytes()) for p in sorted(folder.iterdir())]
    fx = relmap.io.import_crm(pairs, preset="fxiaoke", account="华东精密制造集团有限公司")
    assert len(fx.map) > 0
    assert set(relmap.io.CRM_PRESETS) == {"salesforce", "hubspot", "zoho", "fxiaoke"}
    mapping = relmap.io.crm_preset("zoho")
    assert mapping["format"] == "relmap-crm-mapping/1" and mapping["source"] == "zoho"
    # A mapping of one's own (the preset, renamed) reads the same export.
    mapping["source"] = "zcrm"
    own = relmap.io.import_crm(FIXTURES / "crm" / "zoho", mapping=mapping, account="华东精密制造集团有限公司")
    assert any("zcrm" in (s.get("crm_ids") or {}) for s in own.map.to_dict()["stakeholders"])


def test_bad_arguments_are_typed_errors() -> None:
    m = base_map()
    with pytest.raises(ValidationError) as e:
        relmap.io.import_crm(FIXTURES / "crm" / "salesforce", preset="dynamics", into=m)
    assert (e.value.code, e.value.field) == ("invalid_argument", "preset")
    with pytest.raises(ValidationError) as e:
        relmap.io.import_crm(FIXTURES / "crm" / "salesforce", preset="salesforce")
    assert (e.value.code, e.value.field) == ("invalid_config", "account")
    with pytest.raises(relmap.RelmapError) as err:
        relmap.io.import_crm(FIXTURES / "crm" / "salesforce", mapping={"format": "relmap-crm-mapping/1"}, into=m)
    assert err.value.code == "invalid_mapping"
    empty = relmap.RelationshipMap("acme")
    with pytest.raises(ValidationError) as e:
        relmap.io.import_calendar(FIXTURES / "calendar" / "team.ics", into=empty)
    assert (e.value.code, e.value.field) == ("invalid_config", "our_domains")
    with pytest.raises(ValidationError) as e:
        relmap.io.import_mail(b"From: a@b\r\n\r\n", into=m, **SIDES)
    assert (e.value.code, e.value.field) == ("invalid_argument", "name")
    with pytest.raises(ValidationError) as e:
        relmap.io.import_mail(FIXTURES / "mail", into="not a map", **SIDES)  # type: ignore[arg-type]
    assert e.value.field == "into"
    with pytest.raises(ValidationError) as e:
        relmap.io.import_mail(FIXTURES / "mail", into=m, half_life_days=-1, **SIDES)
    assert e.value.code in ("out_of_range", "invalid_config")
    with pytest.raises(FormatError) as io_err:
        relmap.io.import_mail(FIXTURES / "nowhere.eml", into=m, **SIDES)
    assert io_err.value.code == "io"
    with pytest.raises(relmap.RelmapError) as err:
        relmap.io.import_calendar(FIXTURES / "crm", into=m, **SIDES)
    assert err.value.code == "no_input"
    # A malformed file is a report line, not an error, and the map is still usable.
    report = relmap.io.import_calendar(("broken.ics", b"BEGIN:VCALENDAR\r\nnot really"), into=m, **SIDES)
    assert [(line.outcome, line.reason) for line in report.lines] == [("warning", "malformed")]
    assert report.lines[0].file == "broken.ics"
    assert len(m) == 4


def test_the_activity_is_kept_with_the_map() -> None:
    m = base_map()
    cal = relmap.io.import_calendar(FIXTURES / "calendar" / "team.ics", into=m, channel_rules=VISITS, **SIDES)
    mail = relmap.io.import_mail(FIXTURES / "mail", into=m, **SIDES)
    assert len(m.activity["observations"]) == len(cal.activity["observations"]) + len(mail.activity["observations"])
    for loaded in (relmap.RelationshipMap.from_json(m.to_json()), pickle.loads(pickle.dumps(m))):
        assert loaded == m
        assert loaded.ghost_stakeholders(**SIDES) == mail.ghosts
        assert loaded.suggest_relations(**SIDES) == mail.suggested_relations
        assert loaded.activity_strength(**SIDES) == mail.strengths
        assert loaded.departures(**SIDES) == mail.departures
    strengths = m.activity_strength(**SIDES)
    frame = strengths.to_pandas()
    assert frame.index.names == ["member", "stakeholder"]
    assert all(0 <= s.strength <= 1 for s in strengths)


def test_the_csv_folder_keeps_the_activity(tmp_path: Path) -> None:
    m = base_map()
    relmap.io.import_mail(FIXTURES / "mail", into=m, **SIDES)
    m.write_csv(tmp_path / "map")
    assert (tmp_path / "map" / "activity.csv").exists()
    back = relmap.load(tmp_path / "map")
    assert back == m and back.ghost_stakeholders(**SIDES) == m.ghost_stakeholders(**SIDES)


def test_subjects_and_bodies_are_never_stored() -> None:
    m = base_map()
    mail = relmap.io.import_mail(FIXTURES / "mail", into=m, **SIDES)
    cal = relmap.io.import_calendar(FIXTURES / "calendar" / "team.ics", into=m, **SIDES)
    kept = m.to_json() + repr(mail.to_pandas().to_dict()) + str(cal) + repr(cal.activity) + repr(mail.activity)
    assert "PRIVATE-SUBJECT-4711" in (FIXTURES / "mail" / "thread.mbox").read_text()
    for marker in ("PRIVATE", "4711"):
        assert marker not in kept
