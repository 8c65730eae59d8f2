"""Money: Decimal in code, integer minor units (cents) in the database, never float."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from salescli.errors import InvalidValue

MINOR_PER_UNIT = 100
_CENT = Decimal("0.01")
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
# With a decimal comma (1.500,00): groups by dots or spaces, the fraction after a comma.
_NUMBER_COMMA = re.compile(r"^\d+(?:,\d+)?$")
_GROUPED_COMMA = re.compile(r"^\d{1,3}(?:[.\s_\u00a0\u202f]\d{3})+(?:,\d+)?$")
# Without --decimal: a dot and exactly three digits (1.500) is one and a half in one
# country and fifteen hundred in the next; so are amounts that only a comma decimal reads.
_DOT_THREE = re.compile(r"^\d+\.\d{3}$")
_COMMA_WRITTEN = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^\d+,\d{1,2}$")
DECIMAL_HINT = "say how the file writes numbers: --decimal , (1.500,00) or --decimal . (1,500.00)"

# A currency written in an amount cell: a code before or after the number (USD 48,000.00,
# 100 CNY), or a symbol. A symbol names a currency only together with the row's or the
# book's: $ is the dollar of the US, Mexico, Colombia and others.
_MARKER = re.compile(
    r"^(?P<pre>[$€£¥￥₹]|[A-Za-z]{3}(?=[\s\d]))\s*|\s*(?P<post>[$€£¥￥₹元]|[A-Za-z]{3})$"
)
CODE_WORDS = {"RMB": "CNY", "元": "CNY"}
SYMBOL_CURRENCIES: dict[str, frozenset[str]] = {
    "$": frozenset(
        {"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "COP", "ARS", "CLP", "TWD", "BRL"}
    ),
    "€": frozenset({"EUR"}),
    "£": frozenset({"GBP"}),
    "¥": frozenset({"CNY", "JPY"}),
    "￥": frozenset({"CNY", "JPY"}),
    "₹": frozenset({"INR"}),
}


def parse_amount(text: str) -> Decimal:
    """Read an amount such as 12500, 12,500.00, ¥12,500 or 1.2万; never negative."""
    raw = text.strip()
    return _number(raw, _CURRENCY.sub("", raw).strip(), ".")


def read_amount(text: str, *, decimal: str | None) -> tuple[Decimal, str | None]:
    """An amount as a file writes it, and the currency written with it (a code such as
    USD, or a symbol such as $), if any. ``decimal`` is the file's decimal mark; None
    refuses what only one of them reads right (1.500, 1.500,00)."""
    raw = text.strip()
    marker: str | None = None
    match = _MARKER.search(raw)
    value = raw
    if match is not None:
        found = match["pre"] or match["post"]
        marker = CODE_WORDS.get(found.upper(), found.upper())
        value = (raw[: match.start()] + raw[match.end() :]).strip()
    if decimal is None:
        bare = value.rstrip("万wWkK").strip()
        if _DOT_THREE.match(bare):
            raise InvalidValue(f"'{raw}' could be read two ways", hint=DECIMAL_HINT)
        if _COMMA_WRITTEN.match(bare):
            raise InvalidValue(
                f"'{raw}' is written with a decimal comma",
                hint="read it with --decimal , (1.500,00 is 1500.00)",
            )
    return _number(raw, value, decimal or "."), marker


def _number(raw: str, value: str, decimal: str) -> Decimal:
    factor = Decimal(1)
    if value.endswith(("万", "w", "W")) and len(value) > 1:
        value, factor = value[:-1].strip(), Decimal(10000)
    elif value.endswith(("k", "K")) and len(value) > 1:
        value, factor = value[:-1].strip(), Decimal(1000)
    if value.startswith("-"):
        raise InvalidValue(f"amount '{raw}' is negative")
    if decimal == ",":
        if _GROUPED_COMMA.match(value):
            value = re.sub(r"[.\s_\u00a0\u202f]", "", value)
        if _NUMBER_COMMA.match(value):
            value = value.replace(",", ".")
    elif _GROUPED.match(value):
        value = re.sub(r"[,\s_]", "", value)
    if not _NUMBER.match(value):
        example = "12500 or 12.500,00" if decimal == "," else "12500 or 12,500.00"
        raise InvalidValue(f"'{raw}' is not an amount", hint=f"write it like {example}")
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
    if type(minor) is int:
        # The same Decimal (value and two places: 0 -> 0.00) in half the time, which
        # counts where amounts are made by the hundred thousand (aging, digests).
        return Decimal(minor).scaleb(-2)
    return (Decimal(minor) / MINOR_PER_UNIT).quantize(_CENT)


def format_amount(amount: Decimal, *, grouped: bool = True) -> str:
    """12,500.00 for people (grouped), 12500.00 for files."""
    return f"{amount:,.2f}" if grouped else f"{amount:.2f}"
