"""Money: Decimal in code, integer minor units (cents) in the database, never float."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from salescli.errors import InvalidValue

MINOR_PER_UNIT = 100
# The largest amount a deal, a lead's budget or a quota may have: just under 10^13 in
# the book's currency (ten trillion, ample even where a unit is worth a fraction of a
# cent). An amount then has at most 15 digits, which a JSON number carries exactly, and
# is under 10^15 minor units, which services/core/sums.py sums exactly however many.
MAX_AMOUNT = Decimal("9999999999999.99")
MAX_AMOUNT_TEXT = f"{MAX_AMOUNT:,.2f}"
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
    if amount > MAX_AMOUNT:
        raise _too_large(raw)
    return amount.quantize(Decimal("0.01"))


# Which currency each mark parse_amount accepts names (¥ and 元 are the yuan here).
_MARKS = {
    "$": "USD",
    "USD": "USD",
    "€": "EUR",
    "EUR": "EUR",
    "£": "GBP",
    "GBP": "GBP",
    "¥": "CNY",
    "￥": "CNY",
    "元": "CNY",
    "RMB": "CNY",
    "CNY": "CNY",
}


def parse_book_amount(text: str, currency: str) -> Decimal:
    """As parse_amount, but an amount marked with another currency than the book's
    (``$100`` in a CNY book) is refused: nothing ever adds two currencies."""
    found = _CURRENCY.search(text.strip())
    mark = found.group(0).strip().upper() if found else None
    if mark and _MARKS.get(mark, mark) != currency:
        raise InvalidValue(
            f"'{text.strip()}' is in {_MARKS.get(mark, mark)}; this book's currency is {currency}",
            hint="write the amount in the book's currency ('salescli config set currency' names it)",
        )
    return parse_amount(text)


def _too_large(raw: str) -> InvalidValue:
    return InvalidValue(f"amount '{raw}' is over the largest salescli accepts, {MAX_AMOUNT_TEXT}")


def to_minor(amount: Decimal) -> int:
    """Minor units to store; an amount over MAX_AMOUNT is refused here too, whatever
    parsed it."""
    if amount > MAX_AMOUNT:
        raise _too_large(format_amount(amount))
    return int((amount * MINOR_PER_UNIT).to_integral_value(rounding=ROUND_HALF_UP))


def from_minor(minor: int) -> Decimal:
    return (Decimal(minor) / MINOR_PER_UNIT).quantize(Decimal("0.01"))


def format_amount(amount: Decimal, *, grouped: bool = True) -> str:
    """12,500.00 for people (grouped), 12500.00 for files."""
    return f"{amount:,.2f}" if grouped else f"{amount:.2f}"
