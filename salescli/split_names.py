"""A person's name written over two columns, joined into the one an import reads.

Salesforce's and HubSpot's lead and contact exports write "First Name" and "Last Name";
a Chinese sheet writes 姓 and 名. When a file has no column for a person's name but has
both halves (or either one), `join_split_name` reads the file as if it had the name:
the header gains the name column, each row the joined cell, and the halves are read no
further (they are not "ignored" columns, nor kept by --keep-extra).

The halves join as the name is written: a Chinese name family name first and without a
space (王 and 伟 are 王伟), any other given name first (Ada and Lovelace are "Ada
Lovelace").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from salescli.cell_formats import normalise_header

GIVEN = ("first name", "firstname", "given name", "forename", "名")
FAMILY = ("last name", "lastname", "surname", "family name", "姓", "姓氏")


def _chinese(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" for char in text)


def joined(given: str, family: str) -> str:
    """The name its halves make: 王伟, Ada Lovelace; one half alone when the other is
    empty."""
    given, family = given.strip(), family.strip()
    if not given or not family:
        return given or family
    if _chinese(given) or _chinese(family):
        return family + given
    return f"{given} {family}"


class _JoinedReader:
    """A csv reader whose rows end with the joined name (``line_num`` is the file's)."""

    def __init__(self, reader: Any, given: int | None, family: int | None) -> None:
        self._reader = reader
        self._given = given
        self._family = family

    def __iter__(self) -> Iterator[list[str]]:
        return self

    def __next__(self) -> list[str]:
        cells: list[str] = next(self._reader)
        if not any(cell.strip() for cell in cells):
            return cells  # a blank line stays blank
        return [*cells, joined(self._cell(cells, self._given), self._cell(cells, self._family))]

    @staticmethod
    def _cell(cells: list[str], index: int | None) -> str:
        return cells[index] if index is not None and index < len(cells) else ""

    @property
    def line_num(self) -> int:
        return int(self._reader.line_num)


def join_split_name(
    header: list[str], reader: Any, name: str, read_as_name: Sequence[str], mapping: dict[str, str]
) -> tuple[list[str], Any, dict[str, str]]:
    """The header, reader and ``--map`` mapping to read the file with: as they are when a
    column already gives ``name`` (one of the ``read_as_name`` headers, or one mapped to
    it) or no half is there; else with ``name`` joined from the halves, whose columns the
    mapping then passes over."""
    keys = [normalise_header(title) for title in header]
    meaning = {normalise_header(alias) for alias in read_as_name}
    if any(mapping.get(key) == name or (key in meaning and key not in mapping) for key in keys):
        return header, reader, mapping

    def find(aliases: Sequence[str]) -> int | None:
        wanted = {normalise_header(alias) for alias in aliases}
        return next((i for i, key in enumerate(keys) if key in wanted and key not in mapping), None)

    given, family = find(GIVEN), find(FAMILY)
    if given is None and family is None:
        return header, reader, mapping
    passed_over = {keys[index]: "-" for index in (given, family) if index is not None}
    return [*header, name], _JoinedReader(reader, given, family), {**mapping, **passed_over}
