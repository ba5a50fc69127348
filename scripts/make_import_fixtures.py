#!/usr/bin/env python3
"""Writes the calendar and mail fixtures of the importer tests with independent producers.

The .ics files are written by the Python `icalendar` package, the .eml files and the mbox
archive by Python's standard `email` and `mailbox` modules, so the importers are tested on
files they did not write themselves. The output is committed under
core/tests/fixtures/import/; the tests never run this script. Run it by hand after changing
it:

    python3 -m venv /tmp/fixtures-venv && /tmp/fixtures-venv/bin/pip install icalendar
    /tmp/fixtures-venv/bin/python scripts/make_import_fixtures.py

Every subject and body carries the marker PRIVATE-BODY-4711 / PRIVATE-SUBJECT-4711, which
the privacy test looks for in everything relmap keeps.
"""

import email
import email.policy
import mailbox
import time
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage, Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.headerregistry import Address
from email.utils import format_datetime, make_msgid
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "core" / "tests" / "fixtures" / "import"
SHANGHAI = ZoneInfo("Asia/Shanghai")
STAMP = datetime(2026, 1, 5, 0, 0, tzinfo=timezone.utc)

US = {
    "zhou": ("周立", "zhou.li@ourco.com"),
    "linhao": ("林浩", "lin.hao@ourco.com"),
    "wu": ("吴磊", "wu.lei@ourco.com"),  # a colleague not on the map's team
}
THEM = {
    "chairman": ("陈国栋", "chen.guodong@hdjm.com.cn"),
    "cio": ("林志远", "lin.zhiyuan@hdjm.com.cn"),
    "pmo": ("杨帆", "yang.fan@hdjm.com.cn"),
    "vp": ("孙建华", "sun.jianhua@hdjm.com.cn"),
    "wang": ("王芳", "wang.fang@hdjm.com.cn"),  # a ghost: on no map
}
OTHER = ("Li Consultant", "li@consult.example")


def vcal_address(who, role="REQ-PARTICIPANT", partstat="ACCEPTED"):
    name, email = who
    a = icalendar.vCalAddress(f"mailto:{email}")
    a.params["CN"] = icalendar.vText(name)
    a.params["ROLE"] = icalendar.vText(role)
    a.params["PARTSTAT"] = icalendar.vText(partstat)
    return a


def event(uid, start, minutes, organizer, attendees, location=None, status=None, summary="PRIVATE-SUBJECT-4711"):
    e = icalendar.Event()
    if uid is not None:
        e.add("uid", uid)
    e.add("dtstamp", STAMP)
    e.add("dtstart", start)
    e.add("dtend", start + timedelta(minutes=minutes))
    e.add("summary", summary)
    e.add("description", "PRIVATE-BODY-4711 agenda and notes")
    org = icalendar.vCalAddress(f"mailto:{organizer[1]}")
    org.params["CN"] = icalendar.vText(organizer[0])
    e["organizer"] = org
    for a in attendees:
        e.add("attendee", a if isinstance(a, icalendar.vCalAddress) else vcal_address(a))
    if location:
        e.add("location", location)
    if status:
        e.add("status", status)
    return e


def calendar_google():
    cal = icalendar.Calendar()
    cal.add("prodid", "-//relmap fixtures//icalendar (python)//EN")
    cal.add("version", "2.0")
    sh = lambda *a: datetime(*a, tzinfo=SHANGHAI)  # noqa: E731
    # 1. A visit at the customer's headquarters: our two people, the CIO and a ghost.
    cal.add_component(event("visit-0302@ourco.com", sh(2026, 3, 2, 10, 0), 90, US["zhou"],
                            [US["zhou"], US["linhao"], THEM["cio"], THEM["wang"]], location="华东精密 总部 3F 会议室"))
    # 2. A weekly online sync, six times, one occurrence removed, one moved by an hour.
    weekly = event("weekly-sync@ourco.com", sh(2026, 3, 4, 15, 0), 30, US["zhou"],
                   [US["zhou"], THEM["pmo"], THEM["wang"]], location="腾讯会议 123-456-789")
    weekly.add("rrule", {"freq": "weekly", "count": 6})
    weekly.add("exdate", sh(2026, 3, 18, 15, 0))
    cal.add_component(weekly)
    moved = event("weekly-sync@ourco.com", sh(2026, 3, 25, 16, 0), 30, US["zhou"],
                  [US["zhou"], THEM["pmo"], THEM["wang"]], location="腾讯会议 123-456-789")
    moved.add("recurrence-id", sh(2026, 3, 25, 15, 0))
    cal.add_component(moved)
    # 3. A cancelled meeting.
    cal.add_component(event("cancelled@ourco.com", sh(2026, 3, 5, 9, 0), 60, US["zhou"],
                            [US["zhou"], THEM["vp"]], status="CANCELLED"))
    # 4. The only account attendee declined.
    cal.add_component(event("declined@ourco.com", sh(2026, 3, 6, 9, 0), 60, US["zhou"],
                            [US["zhou"], vcal_address(THEM["vp"], partstat="DECLINED")]))
    # 5. A call the chairman set up, with a colleague not yet on the team.
    cal.add_component(event("call-chairman@hdjm.com.cn", sh(2026, 3, 9, 11, 0), 20, THEM["chairman"],
                            [THEM["chairman"], US["zhou"], US["wu"]], location="tel:+86-21-5555-0100"))
    # 6. Our internal preparation: nobody of the account.
    cal.add_component(event("internal-prep@ourco.com", sh(2026, 3, 1, 9, 0), 60, US["zhou"],
                            [US["zhou"], US["linhao"]]))
    # 7. A dinner with the CIO and the PMO manager, a consultant present.
    cal.add_component(event("dinner-0312@ourco.com", sh(2026, 3, 12, 19, 0), 120, US["zhou"],
                            [US["zhou"], THEM["cio"], THEM["pmo"], OTHER], location="外滩 餐厅"))
    # 8. A meeting the CIO organized with the PMO manager and us.
    cal.add_component(event("cio-review@hdjm.com.cn", sh(2026, 3, 16, 14, 0), 60, THEM["cio"],
                            [THEM["cio"], THEM["pmo"], US["linhao"]], location="Teams meeting"))
    cal.add_component(event("cio-review-2@hdjm.com.cn", sh(2026, 3, 23, 14, 0), 60, THEM["cio"],
                            [THEM["cio"], THEM["pmo"], US["linhao"]], location="Teams meeting"))
    # 9. An event without a UID.
    cal.add_component(event(None, sh(2026, 3, 10, 9, 0), 30, US["zhou"], [US["zhou"], THEM["cio"]]))
    return cal


def calendar_outlook():
    """Outlook style: a Windows time-zone name with its own VTIMEZONE definition."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN (relmap fixture)")
    cal.add("version", "2.0")
    tz = icalendar.Timezone()
    tz.add("tzid", "China Standard Time")
    std = icalendar.TimezoneStandard()
    std.add("dtstart", datetime(1601, 1, 1, 0, 0))
    std.add("tzoffsetfrom", timedelta(hours=8))
    std.add("tzoffsetto", timedelta(hours=8))
    tz.add_component(std)
    cal.add_component(tz)
    e = event("040000008200E00074C5B7101A82E008-vp", datetime(2026, 3, 11, 10, 0), 60, US["zhou"],
              [US["zhou"], THEM["vp"]], location="华东精密 生产中心")
    e["dtstart"].params["TZID"] = "China Standard Time"
    e["dtend"].params["TZID"] = "China Standard Time"
    cal.add_component(e)
    return cal


def write_ics(cal, name):
    path = OUT / "calendar" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(cal.to_ical())


def address(who):
    name, email = who
    local, domain = email.split("@")
    return Address(display_name=name, username=local, domain=domain)


def message(sender, to, cc=(), when=None, reply_to=None, references=(), msgid=None, subject="PRIVATE-SUBJECT-4711"):
    m = EmailMessage()
    m["Message-ID"] = msgid or make_msgid(domain=sender[1].split("@")[1])
    m["Date"] = format_datetime(when)
    m["From"] = address(sender)
    m["To"] = [address(t) for t in to]
    if cc:
        m["Cc"] = [address(c) for c in cc]
    if reply_to:
        m["In-Reply-To"] = reply_to
        m["References"] = " ".join(list(references) + [reply_to])
    m["Subject"] = subject
    m.set_content("PRIVATE-BODY-4711: pricing, budget and the board's view.\n")
    return m


def bounce(failed, when):
    m = EmailMessage()
    m["Message-ID"] = "<bounce-0401@mx.ourco.com>"
    m["Date"] = format_datetime(when)
    m["From"] = "Mail Delivery System <MAILER-DAEMON@mx.ourco.com>"
    m["To"] = address(US["zhou"])
    m["Subject"] = "Undelivered Mail Returned to Sender PRIVATE-SUBJECT-4711"
    m["X-Failed-Recipients"] = failed
    m.set_content("PRIVATE-BODY-4711 This is the mail system: the address is unknown.\n")
    return m


def dsn(failed, when):
    """A multipart/report delivery-status notice (RFC 3464)."""
    m = MIMEMultipart("report", report_type="delivery-status")
    m["Message-ID"] = "<dsn-0402@mx.ourco.com>"
    m["Date"] = format_datetime(when)
    m["From"] = "postmaster@mx.ourco.com"
    m["To"] = US["linhao"][1]
    m["Subject"] = "Delivery Status Notification (Failure) PRIVATE-SUBJECT-4711"
    m.attach(MIMEText("PRIVATE-BODY-4711 Your message could not be delivered.\n"))
    per_message = Message()
    per_message["Reporting-MTA"] = "dns; mx.ourco.com"
    per_recipient = Message()
    per_recipient["Final-Recipient"] = f"rfc822; {failed}"
    per_recipient["Action"] = "failed"
    per_recipient["Status"] = "5.1.1"
    status = Message()
    status.set_type("message/delivery-status")
    status.set_payload([per_message, per_recipient])
    m.attach(status)
    return m


def mail_fixtures():
    folder = OUT / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    sh = lambda *a: datetime(*a, tzinfo=SHANGHAI)  # noqa: E731
    ids = {k: f"<{k}@fixtures.relmap>" for k in ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"]}
    msgs = [
        # A thread we started: the CIO answers five hours later.
        message(US["zhou"], [THEM["cio"]], [THEM["pmo"]], sh(2026, 3, 3, 9, 0), msgid=ids["m1"]),
        message(THEM["cio"], [US["zhou"]], [THEM["pmo"]], sh(2026, 3, 3, 14, 0), ids["m1"], msgid=ids["m2"]),
        # A thread the CIO started, copying a ghost; we answer two hours later.
        message(THEM["cio"], [US["zhou"]], [THEM["wang"]], sh(2026, 3, 10, 8, 30), msgid=ids["m3"]),
        message(US["zhou"], [THEM["cio"]], [THEM["wang"]], sh(2026, 3, 10, 10, 30), ids["m3"], msgid=ids["m4"]),
        # Inside the account: the PMO manager keeps the CIO informed (we are copied).
        message(THEM["pmo"], [THEM["cio"]], [US["zhou"]], sh(2026, 3, 11, 9, 0), msgid=ids["m5"]),
        message(THEM["pmo"], [THEM["cio"]], [US["zhou"]], sh(2026, 3, 18, 9, 0), msgid=ids["m6"]),
        # A third party writes to us: nobody of the account.
        message(OTHER, [US["zhou"]], [], sh(2026, 3, 12, 9, 0), msgid=ids["m7"]),
        # A colleague not on the team writes to the VP.
        message(US["wu"], [THEM["vp"]], [], sh(2026, 3, 13, 9, 0), msgid=ids["m8"]),
        # The same message again (a second copy in the archive).
        message(US["zhou"], [THEM["cio"]], [THEM["pmo"]], sh(2026, 3, 3, 9, 0), msgid=ids["m1"]),
        # Mail to the VP bounces after his last message.
        bounce(THEM["vp"][1], sh(2026, 4, 1, 9, 0)),
        dsn(THEM["chairman"][1], sh(2026, 4, 2, 9, 0)),
    ]
    path = folder / "thread.mbox"
    if path.exists():
        path.unlink()
    box = mailbox.mbox(str(path))
    box.lock()
    for m in msgs:
        entry = mailbox.mboxMessage(m)
        entry.set_from("fixtures@relmap", time.strptime("2026-04-03 00:00:00", "%Y-%m-%d %H:%M:%S"))
        box.add(entry)
    box.flush()
    box.unlock()
    box.close()
    # A single message with an encoded Chinese display name.
    one = message(THEM["chairman"], [US["zhou"]], [], sh(2026, 3, 20, 9, 0), msgid="<chairman-0320@hdjm.com.cn>")
    (folder / "chairman.eml").write_bytes(bytes(one))
    # No Message-ID.
    no_id = message(THEM["cio"], [US["zhou"]], [], sh(2026, 3, 21, 9, 0), msgid="<x@y>")
    del no_id["Message-ID"]
    (folder / "no_id.eml").write_bytes(bytes(no_id))
    # An unreadable Date.
    bad = message(THEM["cio"], [US["zhou"]], [], sh(2026, 3, 22, 9, 0), msgid="<bad-date@hdjm.com.cn>")
    # The compat32 policy writes the header as given (the default policy refuses to).
    bad = email.message_from_bytes(bytes(bad), policy=email.policy.compat32)
    bad.replace_header("Date", "next Tuesday, after lunch")
    (folder / "bad_date.eml").write_bytes(bad.as_bytes())


def main():
    write_ics(calendar_google(), "team.ics")
    write_ics(calendar_outlook(), "outlook.ics")
    mail_fixtures()
    print("fixtures written under", OUT.relative_to(ROOT))


if __name__ == "__main__":
    main()
