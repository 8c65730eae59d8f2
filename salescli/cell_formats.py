"""How a file writes what its cells mean, read from the import options: the decimal
mark (``--decimal``), the book's currency and the rates into it (``--rate``), the order
of dates (``--date-format``), value maps for choice columns (``--value-map``,
``--value-map-file``), fraction columns, and the header normalisation the maps are keyed
by. csvio applies them while it reads; nothing here reads a CSV.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from salescli import dates, money
from salescli.errors import InvalidValue, UsageProblem
from salescli.models.frozen import record

_HEADER_NOISE = re.compile(r"[\s_\-./()（）:：*#]+")
CURRENCY_HINT = "salescli config set currency CODE"
# After a row in another currency: why there is no --keep-currency.
RATE_HINT = (
    "deals carry the book's currency (totals never add two): give --rate CODE=RATE"
    " for each other currency in the file"
)


@record
class CellFormats:
    """How a file writes what its cells mean: its decimal mark (None: refuse amounts
    only one mark reads right), the book's currency, and rates into it (1 USD = 7.10)."""

    decimal: str | None = None
    currency: str | None = None
    rates: tuple[tuple[str, Decimal], ...] = ()
    # --currency: what the file's amounts are in where no currency column or code says
    # (a report export's bare $ amounts), else None (the book's).
    file_currency: str | None = None
    # mdy, dmy, ymd or a strftime pattern; None: ISO, or the order the file proves.
    date_order: str | None = None
    # By column (a header or a field name, normalised): the file's values as the values
    # salescli knows (Lead Source: Google -> web), keys casefolded.
    value_maps: dict[str, dict[str, str]] = field(default_factory=dict)

    def date_parser(self) -> Callable[[str], Any]:
        order = self.date_order
        return lambda text: dates.parse_file_date(text, order).isoformat()

    def amount_parser(self) -> Callable[[str], Any]:
        decimal = self.decimal
        return lambda text: money.read_amount(text, decimal=decimal)


def parse_rates(items: Sequence[str], book_currency: str | None) -> tuple[tuple[str, Decimal], ...]:
    """``["USD=7.10", ...]`` as ((code, rate into the book's currency), ...)."""
    rates: list[tuple[str, Decimal]] = []
    for item in items:
        code, sep, number = item.partition("=")
        code = code.strip().upper()
        try:
            rate = Decimal(number.strip())
        except InvalidOperation:
            rate = Decimal(0)
        if not sep or not re.fullmatch(r"[A-Z]{3}", code) or not rate.is_finite() or rate <= 0:
            raise UsageProblem(f"--rate '{item}' is not CODE=RATE", hint="e.g. --rate USD=7.10")
        if book_currency is None:
            raise UsageProblem(
                f"--rate '{item}': the book's currency is not set", hint=CURRENCY_HINT
            )
        rates.append((code, rate))
    return tuple(rates)


def fraction_of(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """A percentage parser for a column that holds fractions of one: 0.9 is read as 90;
    a number over 1 there is refused, not taken as a percentage (a column mixing 0.9 and
    75 cannot be read either way)."""

    def read(text: str) -> Any:
        raw = text.strip()
        if raw.endswith(("%", "％")):
            return parse(raw)
        try:
            value = Decimal(raw)
        except InvalidOperation:
            return parse(raw)  # which names what is wrong with it
        if not 0 <= value <= 1:
            raise InvalidValue(
                f"'{text}' is over 1, but this column holds fractions (0.9 is 90 %)",
                hint="if it holds percentages, map it to its field with --map",
            )
        return parse(format((value * 100).normalize(), "f"))

    return read


def parse_value_maps(items: Sequence[str], path: Path | None) -> dict[str, dict[str, str]]:
    """``--value-map "Lead Source:Google=web"`` items and a TOML file of tables, one per
    column (``["Lead Source"]`` then ``Google = "web"``), as {column: {value: meaning}}."""
    maps: dict[str, dict[str, str]] = {}

    def put(column: str, value: str, meaning: str, where: str) -> None:
        if not column.strip() or not value.strip() or not meaning.strip():
            raise UsageProblem(
                f"{where} is not COLUMN:VALUE=MEANING",
                hint='e.g. --value-map "Lead Source:Google=web"',
            )
        maps.setdefault(normalise_header(column), {})[value.strip().casefold()] = meaning.strip()

    if path is not None:
        for column, table in _read_toml(path).items():
            if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
                raise UsageProblem(
                    f'{path}: [{column}] must be a table of VALUE = "MEANING" lines',
                    hint='e.g. ["Lead Source"] then Google = "web"',
                )
            for value, meaning in table.items():
                put(column, value, meaning, f"{path}: [{column}] {value}")
    for item in items:
        column, sep, rest = item.partition(":")
        value, sep2, meaning = rest.rpartition("=")
        put(column if sep and sep2 else "", value, meaning, f"--value-map '{item}'")
    return maps


def _read_toml(path: Path) -> dict[str, Any]:
    from salescli.config import read_toml

    try:
        return read_toml(path)
    except OSError as err:
        raise UsageProblem(f"cannot read {path}: {err.strerror or err}") from err
    except ValueError as err:
        raise UsageProblem(
            f"{path}: {err}", hint='write one table per column: ["Lead Source"]'
        ) from err


def parse_decimal_mark(text: str | None) -> str | None:
    if text is None or text in (".", ","):
        return text
    raise UsageProblem(f"--decimal must be . or , not '{text}'")


def normalise_header(text: str) -> str:
    return _HEADER_NOISE.sub("", text.strip().lstrip("\ufeff").lower())
