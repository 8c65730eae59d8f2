"""What the daily digest looks like: a heading per rep, a table per section.

In a pipe (cron) this is plain text, nothing cut; rich is imported only on a terminal.
"""

from __future__ import annotations

import functools
import operator
from datetime import date
from typing import TYPE_CHECKING

from salescli.render.output import Col, emit_line, emit_section, emit_table

if TYPE_CHECKING:
    from salescli.services.activities.remind import Digest, Reminder, RepDigest


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _day(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.isoformat()}"


def when(item: Reminder) -> str:
    """The day it fell or falls due, and how far that is from today."""
    return _when(item.due, item.days_overdue)


@functools.lru_cache(maxsize=4096)
def _when(due: date, days_overdue: int) -> str:
    # A digest has a few hundred distinct days for hundreds of thousands of items.
    day = _day(due)
    if days_overdue > 0:
        return f"{day}, {days_overdue}d ago"
    if days_overdue < 0:
        return f"{day}, in {-days_overdue}d"
    return "today"


def _with(item: Reminder) -> str:
    return " / ".join(part for part in (item.account, item.contact) if part)


REMINDER_COLUMNS = (
    Col("When", when, nowrap=True),
    Col("What", operator.attrgetter("message")),
    Col("With", _with),
    Col("Phone", lambda item: item.phone or "", nowrap=True),
    Col("Command", operator.attrgetter("command")),
)


def _count(items: int) -> str:
    return f"{items} to do" if items else "nothing due"


def digest_view(digest: Digest) -> None:
    """One rep's digest, or every rep's one after the other."""
    total = len(digest.items)
    if digest.rep is not None:
        emit_line(f"{digest.rep.handle} ({digest.rep.name}), {_day(digest.today)}: {_count(total)}")
        for rep in digest.reps:
            _sections(rep)
        return
    reps = len(digest.reps)
    who = f" for {reps} rep{'' if reps == 1 else 's'}" if total else ""
    emit_line(f"Every active rep, {_day(digest.today)}: {_count(total)}{who}")
    for rep in digest.reps:
        emit_line("")
        emit_line(f"== {rep.owner} ({rep.name}): {_count(sum(len(s.items) for s in rep.sections))}")
        _sections(rep)


def _sections(rep: RepDigest) -> None:
    for section in rep.sections:
        emit_section(f"{section.title} ({len(section.items)})")
        emit_table(REMINDER_COLUMNS, section.items, empty="", empty_is_data=True)
