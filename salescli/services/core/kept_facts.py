"""``--keep-extra`` for imports of records that have facts (accounts, contacts): each cell of
a column the import does not read becomes a fact of the row's record, keyed by the
column's header in words. A second import replaces a fact's value rather than adding
another; ``--on-conflict skip`` leaves the facts of existing records alone."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from salescli.services.core import bulk
from salescli.services.core.facts import fact_upsert
from salescli.services.core.session import Session

# Words run together in another system's header (AnnualRevenue, Number_Of_Employees).
_WORD_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|_")

# A kept row: its id, external_id and name as written (None when the file lacks the
# column or the cell), and its (header, text) cells.
_Kept = tuple[Any, Any, Any, list[tuple[str, str]]]


def fact_key(header: str) -> str:
    """The key a header's cells are kept under: the header in words, lower case, as
    `account fact` keys are (AnnualRevenue: "annual revenue")."""
    return " ".join(_WORD_BREAK.sub(" ", header).lower().split())


class FactKeeper(bulk.ExtraKeeper):
    """Keeps a row's extra cells as facts of the record the row wrote in ``table``, in
    ``fact_table`` (whose ``column`` names the record). The record is found as the import
    matched it: by id, else external_id, else (``by_name``) its name; a row with none of
    them added a record, the next of the batch's new ones."""

    def __init__(
        self,
        session: Session,
        *,
        table: str,
        fact_table: str,
        column: str,
        kept_as: str,
        by_name: bool = False,
    ) -> None:
        self.session = session
        self.table = table
        self.fact_table = fact_table
        self.column = column
        self.kept_as = kept_as
        self.by_name = by_name
        self.positions: list[int | None] = []
        self.pending: list[_Kept] = []
        self.new_above: int | None = None
        # The table's highest id before the batch being read: its new records are above.
        self.batch_above = 0

    def _highest(self) -> int:
        return int(self.session.db.scalar(f"SELECT coalesce(max(id), 0) FROM {self.table}"))

    def start(self, bound: Sequence[str], *, only_new: bool) -> None:
        self.positions = [
            bound.index(column) if column in bound else None
            for column in ("id", "external_id", "name")
        ]
        self.batch_above = self._highest()
        if only_new:
            self.new_above = self.batch_above

    def keep(self, values: Sequence[Any], extra: list[tuple[str, str]]) -> None:
        record_id, external_id, name = (
            None if position is None else values[position] for position in self.positions
        )
        self.pending.append((record_id, external_id, name, extra))

    def after_batch(self, *, clean: bool) -> None:
        pending, self.pending = self.pending, []
        if clean and pending:
            self._write(pending)
        self.batch_above = self._highest()

    def _write(self, pending: list[_Kept]) -> None:
        session = self.session
        now, rep_id = session.now(), session.actor_id
        fresh = self._new_records({row[0] for row in pending if row[0] is not None})
        facts: list[tuple[int, str, str, str, int | None]] = []
        for record_id, external_id, name, extra in pending:
            found = self._record(record_id, external_id, name, fresh)
            if found is None or (self.new_above is not None and found <= self.new_above):
                continue
            facts.extend((found, fact_key(title), text, now, rep_id) for title, text in extra)
        self.written += session.db.executemany(
            fact_upsert(self.fact_table, self.column)
            + f" WHERE {self.fact_table}.value IS NOT excluded.value",
            facts,
        ).rowcount

    def _new_records(self, named: set[int]) -> Iterator[int]:
        """The records the batch added for rows that name none, in the order written."""
        for (record_id,) in self.session.db.tuples(
            f"SELECT id FROM {self.table} WHERE id > ? AND external_id IS NULL ORDER BY id",
            (self.batch_above,),
        ):
            if record_id not in named:
                yield int(record_id)

    def _record(self, record_id: Any, external_id: Any, name: Any, fresh: Iterator[int]) -> Any:
        db, table = self.session.db, self.table
        if record_id is not None:
            return db.scalar(f"SELECT id FROM {table} WHERE id = ?", (record_id,))
        if external_id is not None:
            return db.scalar(f"SELECT id FROM {table} WHERE external_id = ?", (external_id,))
        if self.by_name:
            return db.scalar(f"SELECT id FROM {table} WHERE name = ? COLLATE NOCASE", (name,))
        return next(fresh, None)
