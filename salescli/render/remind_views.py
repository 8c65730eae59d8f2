"""What the daily digest looks like: a heading per rep, a table per section.

In a pipe (cron) this is plain text, nothing cut; rich is imported only on a terminal.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from salescli.render.layout import cut_distinct
from salescli.render.output import (
    Col,
    display_width,
    emit_line,
    emit_section,
    emit_styled,
    emit_table,
    terminal_width,
)

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


def _when_style(item: Reminder) -> str:
    """Overdue red, due today yellow; the "when" text says it too ("3d ago", "today")."""
    if item.days_overdue > 0:
        return "red"
    return "yellow" if item.days_overdue == 0 else ""


REMINDER_COLUMNS = (
    Col("When", when, nowrap=True, rank=1, style=_when_style),
    Col("What", operator.attrgetter("message"), rank=1),
    Col("With", _with, rank=1),
    Col("Phone", lambda item: item.phone or "", nowrap=True),
    Col("Command", operator.attrgetter("command"), rank=3),
)

# Narrower than this, a terminal gets the digest as two or three lines per item instead
# of a table (a table's rows wrapped over 5-8 lines there).
TABLE_WIDTH = 140
# Narrower than this, the compact layout leaves out the suggested commands.
COMMAND_WIDTH = 100


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
    width = terminal_width()
    for section in rep.sections:
        emit_section(f"{section.title} ({len(section.items)})")
        if width is not None and width < TABLE_WIDTH:
            _compact(section.items, width)
        else:
            emit_table(REMINDER_COLUMNS, section.items, empty="", empty_is_data=True)


def _compact(items: Sequence[Reminder], width: int) -> None:
    """Each item on a narrow terminal: when and what on one line, who and their phone
    under it, the suggested command dimmed on a third line when there is room for it.
    What is cut to the line, never so short that two items read alike."""
    whens = [when(item) for item in items]
    indent = 2 + max(map(display_width, whens)) + 2
    room = max(width - indent, 12)
    whats = cut_distinct([item.message for item in items], room)
    phones = [item.phone or "" for item in items]
    whos = cut_distinct(
        [_with(item) for item in items], max(room - max(map(display_width, phones)) - 2, 12)
    )
    pad = " " * indent
    for item, shown_when, what, who, phone in zip(items, whens, whats, whos, phones, strict=True):
        gap = " " * (indent - 2 - display_width(shown_when))
        emit_styled([("  ", ""), (shown_when, _when_style(item)), (gap + what, "")])
        if who or phone:
            emit_styled([(pad + "  ".join(part for part in (who, phone) if part), "")])
        if width >= COMMAND_WIDTH:
            emit_styled([(pad + item.command, "dim")])
