"""How one value reads in a table cell or a field, the same in every view."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
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
