"""A rep's planned activities as an iCalendar file (RFC 5545) for phone and desktop
calendars: ``salescli visit ics``.

Each planned activity becomes one VEVENT whose UID is made of the activity's id and a
name of the book, so importing a newer export into the same calendar updates the events
it already has instead of adding them twice.

Times: a planned time is stored as a local time of day without a zone, and is written
the same way, as *floating* time (``DTSTART:20261201T103000``), which every calendar
shows at that clock time in whatever zone it is set to. That is what the rep typed (ten
thirty at the customer's), it does not depend on the zone of the machine that made the
file (a server running cron in UTC would otherwise shift every visit), and the output is
the same wherever it is produced. An activity without a time takes the whole day
(``DTSTART;VALUE=DATE``, ending the next day) and is marked free time, since it is
something to do that day rather than an appointment.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from salescli import __version__, files, money
from salescli.dates import TIMESTAMP_FORMAT
from salescli.errors import UsageProblem
from salescli.services.core.reps import owner_scope
from salescli.services.core.session import Session

CRLF = "\r\n"
# RFC 5545 3.1: content lines are folded so that none is longer than 75 octets.
LINE_OCTETS = 75
PRODID = f"-//salescli//salescli {__version__}//EN"
# How long a timed activity blocks the calendar, by type; a plan has a start only.
DURATION_MINUTES = {
    "visit": 60,
    "meeting": 60,
    "handover": 60,
    "call": 30,
    "email": 15,
    "message": 15,
}
DEFAULT_DURATION_MINUTES = 60
# SEQUENCE counts an event's revisions; calendars replace an event they have only with
# a higher one. Activities keep no revision count, but their last change does the same
# work: seconds since this moment grow with every edit and fit RFC 5545's 32-bit
# integer until 2088.
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)
# Control characters RFC 5545 TEXT may not hold (tab and line breaks are kept).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_DAYS = 3660

_SELECT = (
    "SELECT v.id, v.type, v.planned_on, v.planned_time, v.purpose, v.objective,"
    " v.min_objective, v.updated_at, a.name AS account, a.address, a.phone AS account_phone,"
    " c.name AS contact, c.phone AS contact_phone, v.opportunity_id, o.name AS opportunity,"
    " o.amount, s.name AS stage, r.handle AS owner"
    " FROM activity v JOIN account a ON a.id = v.account_id"
    " LEFT JOIN contact c ON c.id = v.contact_id"
    " LEFT JOIN opportunity o ON o.id = v.opportunity_id"
    " LEFT JOIN stage s ON s.id = o.stage_id"
    " LEFT JOIN rep r ON r.id = v.owner_id"
)


def calendar_of(
    session: Session, *, days: int = 30, owner: str | None = None, everyone: bool = False
) -> str:
    """The planned activities of the acting rep (or ``owner``'s, or everyone's) from today
    to ``days`` days ahead, as the text of an .ics file (CRLF line ends; encode it as
    UTF-8)."""
    if days < 0:
        raise UsageProblem("--days takes a number of days, 0 or more")
    if days > MAX_DAYS:
        raise UsageProblem(f"--days takes at most {MAX_DAYS} days")
    owner_id = owner_scope(session, owner=owner, everyone=everyone)
    start, end = session.today, session.today + timedelta(days=days)
    # Spelled as the partial index ix_activity_planned is, so one rep's plan is a range
    # of that index.
    where = "v.status = 'planned' AND v.planned_on BETWEEN ? AND ?"
    # A paused, lost or archived deal's plans wait with it, as in the daily digest.
    where += " AND (o.id IS NULL OR (o.status IN ('open', 'won') AND o.archived_at IS NULL))"
    params: list[Any] = [start.isoformat(), end.isoformat()]
    if owner_id is not None:
        where = "v.owner_id = ? AND " + where
        params.insert(0, owner_id)
    rows = session.db.rows(
        f"{_SELECT} WHERE {where}"
        " ORDER BY v.planned_on, v.planned_time IS NOT NULL, v.planned_time, v.id",
        params,
    )
    if owner_id is None:
        name = "salescli: everyone"
    else:
        handle = session.db.scalar("SELECT handle FROM rep WHERE id = ?", (owner_id,))
        name = f"salescli: {handle}"
    stamp = _utc(session.now())
    book = book_id(session)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for row in rows:
        lines.extend(_event(row, stamp=stamp, book=book, with_owner=owner_id is None))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def book_id(session: Session) -> str:
    """A name of this book that stays the same for its whole life, copied or moved: drawn
    from its first rep (reps are never deleted and keep their handle)."""
    first = session.db.row("SELECT handle, created_at FROM rep ORDER BY id LIMIT 1")
    seed = "salescli" if first is None else f"{first['handle']} {first['created_at']}"
    return hashlib.sha256(seed.encode()).hexdigest()[:16]


def event_uid(activity_id: int, book: str) -> str:
    return f"activity-{activity_id}@{book}.salescli"


def _event(row: Any, *, stamp: str, book: str, with_owner: bool) -> list[str]:
    day = date.fromisoformat(str(row["planned_on"]))
    kind = str(row["type"])
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event_uid(int(row['id']), book)}",
        f"DTSTAMP:{stamp}",
    ]
    changed = _parse_stamp(row["updated_at"])
    if changed is not None:
        lines.append(f"LAST-MODIFIED:{changed:%Y%m%dT%H%M%SZ}")
        lines.append(f"SEQUENCE:{max(0, int((changed - SEQUENCE_EPOCH).total_seconds()))}")
    clock = _clock(row["planned_time"])
    if clock is None:
        lines += [
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            "TRANSP:TRANSPARENT",
        ]
    else:
        begins = datetime.combine(day, clock)
        ends = begins + timedelta(minutes=DURATION_MINUTES.get(kind, DEFAULT_DURATION_MINUTES))
        lines += [f"DTSTART:{begins:%Y%m%dT%H%M%S}", f"DTEND:{ends:%Y%m%dT%H%M%S}"]
    summary = f"{kind.capitalize()}: {row['account']}"
    lines.append(f"SUMMARY:{escape_text(summary)}")
    if row["address"]:
        lines.append(f"LOCATION:{escape_text(str(row['address']))}")
    lines.append(f"DESCRIPTION:{escape_text(_description(row, with_owner=with_owner))}")
    lines.append(f"CATEGORIES:{escape_text(kind.capitalize())}")
    lines.append("STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return lines


def _description(row: Any, *, with_owner: bool) -> str:
    """What the rep needs on the road, one fact a line."""
    parts: list[str] = []
    for label, column in (
        ("Purpose", "purpose"),
        ("Objective", "objective"),
        ("Minimum objective", "min_objective"),
    ):
        if row[column]:
            parts.append(f"{label}: {row[column]}")
    if row["contact"]:
        phone = f", {row['contact_phone']}" if row["contact_phone"] else ""
        parts.append(f"Contact: {row['contact']}{phone}")
    if row["account_phone"]:
        parts.append(f"Account phone: {row['account_phone']}")
    if row["opportunity_id"] is not None:
        facts = [str(row["stage"])] if row["stage"] else []
        if row["amount"] is not None:
            facts.append(money.format_amount(money.from_minor(int(row["amount"]))))
        details = f" ({', '.join(facts)})" if facts else ""
        parts.append(f"Deal {row['opportunity_id']}: {row['opportunity']}{details}")
    if with_owner and row["owner"]:
        parts.append(f"Owner: {row['owner']}")
    parts.append(f"salescli visit show {row['id']}")
    return "\n".join(parts)


def _clock(text: Any) -> time | None:
    if not text:
        return None
    try:
        return time.fromisoformat(str(text))
    except ValueError:
        return None  # not a time of day: shown as a whole-day item rather than lost


def _parse_stamp(text: Any) -> datetime | None:
    try:
        return datetime.strptime(str(text), TIMESTAMP_FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def _utc(stamp: str) -> str:
    """A stored timestamp (2026-11-23T08:15:00Z) in iCalendar's UTC form."""
    return datetime.strptime(stamp, TIMESTAMP_FORMAT).strftime("%Y%m%dT%H%M%SZ")


def escape_text(value: str) -> str:
    """A TEXT value as RFC 5545 3.3.11 writes it: backslash, semicolon and comma escaped,
    line breaks as ``\\n``, control characters dropped."""
    text = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded into lines of at most 75 octets (RFC 5545 3.1): each
    continuation starts with a space, and no UTF-8 character is split."""
    if len(line.encode()) <= LINE_OCTETS:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    room = LINE_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > room:
            pieces.append("".join(current))
            current, size, room = [], 0, LINE_OCTETS - 1  # the leading space takes one
        current.append(char)
        size += width
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def write_calendar(target: Path, text: str) -> None:
    """Write an .ics file atomically, readable by its owner only (it holds customers'
    names, addresses and phones, as the book does)."""
    with files.replacing(target, "wb") as handle:
        handle.write(text.encode("utf-8"))
