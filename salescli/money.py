"""Money: Decimal in code, integer minor units (cents) in the database, never float."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from salescli.errors import InvalidValue

MINOR_PER_UNIT = 100
_CURRENCY = re.compile(
    r"^(?:[$€£¥￥]|RMB|CNY|USD|EUR|GBP)\s*|\s*(?:[$€£¥￥元]|RMB|CNY|USD|EUR|GBP)$", re.I
)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_GROUPED = re.compile(r"^\d{1,3}(?:[,\s_]\d{3})+(?:\.\d+)?$")


def parse_amount(text: str) -> Decimal:
    """Read an amount such as 12500, 12,500.00, ¥12,500 or 1.2万; never negative."""
    raw = text.strip()
    value = _CURRENCY.sub("", raw).strip()
    factor = Decimal(1)
    if value.endswith(("万", "w", "W")) and len(value) > 1:
        value, factor = value[:-1].strip(), Decimal(10000)
    elif value.endswith(("k", "K")) and len(value) > 1:
        value, factor = value[:-1].strip(), Decimal(1000)
    if value.startswith("-"):
        raise InvalidValue(f"amount '{raw}' is negative")
    if _GROUPED.match(value):
        value = re.sub(r"[,\s_]", "", value)
    if not _NUMBER.match(value):
        raise InvalidValue(f"'{raw}' is not an amount", hint="write it like 12500 or 12,500.00")
    try:
        amount = Decimal(value) * factor
    except InvalidOperation as err:  # pragma: no cover - the pattern already guards
        raise InvalidValue(f"'{raw}' is not an amount") from err
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidValue(f"amount '{raw}' has more than 2 decimal places")
    if amount >= Decimal(10) ** 15:
        raise InvalidValue(f"amount '{raw}' is too large")
    return amount.quantize(Decimal("0.01"))


def to_minor(amount: Decimal) -> int:
    return int((amount * MINOR_PER_UNIT).to_integral_value(rounding=ROUND_HALF_UP))


def from_minor(minor: int) -> Decimal:
    return (Decimal(minor) / MINOR_PER_UNIT).quantize(Decimal("0.01"))


def format_amount(amount: Decimal, *, grouped: bool = True) -> str:
    """12,500.00 for people (grouped), 12500.00 for files."""
    return f"{amount:,.2f}" if grouped else f"{amount:.2f}"
