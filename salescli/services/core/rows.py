"""Turning database rows into records, and records' values into database values."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from salescli.money import from_minor, to_minor

T = TypeVar("T")
Converter = Callable[[Any], Any]


def _optional(convert: Converter) -> Converter:
    return lambda value: None if value is None else convert(value)


_CONVERTERS: dict[str, Converter] = {
    "date | None": _optional(date.fromisoformat),
    "date": date.fromisoformat,
    "Decimal | None": _optional(from_minor),
    "Decimal": from_minor,
    # A quantity, stored in thousandths (models/records/orders.py).
    "Quantity": lambda value: Decimal(value) / 1000,
    "bool | None": _optional(bool),
    "bool": bool,
}


_PLANS: dict[type, tuple[tuple[str, Converter | None], ...]] = {}


def _plan(cls: type) -> tuple[tuple[str, Converter | None], ...]:
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = tuple(
            (field.name, _CONVERTERS.get(str(field.type)))
            for field in fields(cls)
            if not str(field.type).startswith("list[")
        )
    return plan


def build(cls: type[T], row: sqlite3.Row) -> T:
    """A record from a row whose column names are the record's field names."""
    return build_all(cls, (row,))[0]


def build_all(cls: type[T], rows: Iterable[sqlite3.Row]) -> list[T]:
    """Records from rows whose column names are the records' field names. Columns are
    matched to fields once, from the first row; each row is then a positional call
    (the fields a row fills come first in every record)."""
    records: list[T] = []
    steps: list[tuple[int, Converter | None]] | None = None
    for row in rows:
        if steps is None:
            names = row.keys()
            steps = [(names.index(name), convert) for name, convert in _plan(cls)]
        records.append(cls(*[convert(row[i]) if convert else row[i] for i, convert in steps]))
    return records


def like_escaped(text: str) -> str:
    """Text for a LIKE pattern with ESCAPE '\\': % and _ match only themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def stored(value: Any) -> Any:
    """A Python value as the database stores it."""
    if isinstance(value, Decimal):
        return to_minor(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if hasattr(value, "value") and isinstance(getattr(value, "value", None), str):
        return value.value  # a Choice enum
    return value
