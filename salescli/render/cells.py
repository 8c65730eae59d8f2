"""How one value reads in a table cell or a field, the same in every view."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from salescli.money import format_amount


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def percent(value: Decimal | None) -> str:
    """36.00 -> '36%', 47.50 -> '47.5%'; nothing -> '-'."""
    if value is None:
        return "-"
    return f"{value.normalize():f}%"


def rate_percent(value: Decimal | None) -> str:
    """A rate (kept to four decimals) as the screen shows it, to one: 66.6667 -> '66.7%'."""
    if value is None:
        return "-"
    return percent(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def due_style(day: date, today: date) -> str:
    """A due day's colour on a terminal: red once passed, yellow today. The cell's text
    says the same in words ("3d overdue", "today"), for plain output and for readers
    who do not tell the colours apart."""
    if day < today:
        return "red"
    return "yellow" if day == today else ""


def closed_row_style(record: Any) -> str:
    """A won deal's row green, a lost one's dimmed; its stage or status says which."""
    return {"won": "green", "lost": "dim"}.get(record.status, "")


def close_passed(opportunity: Any, today: date) -> bool:
    """An open deal whose expected close date is behind us."""
    return (
        opportunity.status == "open"
        and opportunity.close_date is not None
        and opportunity.close_date < today
    )


def close_cell(opportunity: Any, today: date) -> str:
    """A deal's close date: the day it closed, or the expected one, "(passed)" once an
    open deal's is behind us (red on a terminal, by `close_style`)."""
    day = getattr(opportunity, "closed_on", None) or opportunity.close_date
    if day is None:
        return ""
    return f"{day.isoformat()} (passed)" if close_passed(opportunity, today) else day.isoformat()


def close_style(opportunity: Any, today: date) -> str:
    return "red" if close_passed(opportunity, today) else ""


SINGULAR = {"activities": "activity", "opportunities": "opportunity"}


def counted(count: int, plural: str) -> str:
    """ "1 deal", "2 deals": a count with its noun, given in the plural."""
    words = plural.split(" ")
    if count == 1:
        words[-1] = SINGULAR.get(words[-1], words[-1].removesuffix("s"))
    return f"{count} {' '.join(words)}"
