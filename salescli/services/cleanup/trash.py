"""A deletion's or merge's trace, kept in its event, and putting it back.

The event's ``changes`` hold everything undo needs: ``rows`` (each table's removed rows,
whole, with their row ids), ``relinked`` (references moved or cleared: table, column, the
value they had, the value the change left, and the ids), and ``before`` (the surviving
record's fields a merge filled in: as they were, and as the merge left them).

Undo puts back only what is unchanged since: a reference or field that holds another
value now than the one the change left, or a record that another took the id of, is
named and the undo refused (nothing written), unless ``force``, which restores such
values and says what it overwrote (it never writes onto another record). A restored row
that refers to a record gone since is refused in words, even with ``force``. All in one
transaction, with an event of its own.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from salescli import db
from salescli.errors import NotFound, Refused
from salescli.models.frozen import record
from salescli.models.records import Undone
from salescli.services.core.events import quoted, record_event
from salescli.services.core.session import Session

# Parents before the records that refer to them: the order rows are put back in.
RESTORE_ORDER = (
    "account",
    "account_fact",
    "contact",
    "contact_fact",
    "opportunity",
    "stage_change",
    "opportunity_share",
    "activity",
    "lead",
    "lead_touch",
)
UNDOABLE = ("delete", "merge")
# Kept up to date by the book itself, never compared: when a record changed, and the
# day of its latest done activity.
DERIVED = ("updated_at", "last_touch")
# Changes since named in a refusal; the rest are counted.
SHOWN_CHANGES = 20


@dataclass
class Trace:
    """What a deletion or merge takes away, gathered before it does."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    relinked: list[tuple[str, str, Any, Any, list[int]]] = field(default_factory=list)
    before: list[tuple[str, int, dict[str, Any], dict[str, Any]]] = field(default_factory=list)

    def keep_rows(self, session: Session, table: str, where: str, params: Sequence[Any]) -> int:
        """Keep the rows of ``table`` matching ``where``; returns how many."""
        cursor = session.db.execute(
            f"SELECT {db.ROW_ID} AS row_id, * FROM {table} WHERE {where} ORDER BY {db.ROW_ID}",
            params,
        )
        names = [str(description[0]) for description in cursor.description]
        found = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        if found:
            self.rows.setdefault(table, []).extend(found)
        return len(found)

    def relink(
        self, session: Session, table: str, column: str, old: Any, new: Any, where: str = ""
    ) -> int:
        """Point ``table.column`` from ``old`` to ``new`` (None clears it), keeping which
        rows changed; ``where`` narrows them further."""
        extra = f" AND {where}" if where else ""
        ids = [
            int(row[0])
            for row in session.db.tuples(
                f"SELECT {db.ROW_ID} FROM {table} WHERE {column} = ?{extra}", (old,)
            )
        ]
        if ids:
            self.relinked.append((table, column, old, new, ids))
            session.db.execute(
                f"UPDATE {table} SET {column} = ? WHERE {column} = ?{extra}", (new, old)
            )
        return len(ids)

    def fill(self, session: Session, table: str, record_id: int, values: dict[str, Any]) -> None:
        """Set fields of a record that stays, keeping them as they were and as set."""
        if not values:
            return
        names = [*values, "updated_at"]
        row = session.db.row(f"SELECT {', '.join(names)} FROM {table} WHERE id = ?", (record_id,))
        assert row is not None
        after = {**values, "updated_at": session.now()}
        self.before.append((table, record_id, {name: row[name] for name in names}, after))
        setters = ", ".join(f"{name} = ?" for name in after)
        session.db.execute(
            f"UPDATE {table} SET {setters} WHERE id = ?", (*after.values(), record_id)
        )

    def changes(self, **summary: Any) -> dict[str, Any]:
        return {
            **summary,
            "rows": self.rows,
            "relinked": [list(item) for item in self.relinked],
            "before": [list(item) for item in self.before],
        }


def delete_rows(session: Session, trace: Trace) -> None:
    """Remove every row the trace keeps, children first."""
    for table in reversed(RESTORE_ORDER):
        ids = [row["row_id"] for row in trace.rows.get(table, [])]
        for chunk in _chunks(ids):
            marks = ", ".join("?" for _ in chunk)
            session.db.execute(f"DELETE FROM {table} WHERE {db.ROW_ID} IN ({marks})", chunk)


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[start : start + 500] for start in range(0, len(ids), 500)]


@record
class Undoable:
    """A deletion or merge that is not undone yet: its event and what it kept."""

    event_id: int
    at: str
    entity: str
    entity_id: int | None
    action: str
    changes: dict[str, Any]

    @property
    def what(self) -> str:
        return str(self.changes.get("what", f"{self.entity} {self.entity_id}"))


_NOT_UNDONE = (
    "NOT EXISTS (SELECT 1 FROM event u WHERE u.entity = 'event'"
    " AND u.entity_id = e.id AND u.action = 'undo')"
)


def last_undoable(session: Session) -> Undoable:
    """The acting rep's latest deletion or merge that is not undone yet."""
    row = session.db.row(
        "SELECT e.id, e.at, e.entity, e.entity_id, e.action, e.changes FROM event e"
        f" WHERE e.rep_id = ? AND e.action IN ({', '.join('?' for _ in UNDOABLE)})"
        f" AND {_NOT_UNDONE} ORDER BY e.id DESC LIMIT 1",
        (session.actor.id, *UNDOABLE),
    )
    if row is None:
        raise NotFound(
            "nothing to undo: you have deleted or merged nothing that is not undone yet",
            hint="undo covers deletions and merges; an import is undone with"
            " 'salescli import undo ID'",
        )
    return Undoable(
        event_id=int(row["id"]),
        at=str(row["at"]),
        entity=str(row["entity"]),
        entity_id=None if row["entity_id"] is None else int(row["entity_id"]),
        action=str(row["action"]),
        changes=json.loads(row["changes"]),
    )


def undo_last(session: Session, *, force: bool = False) -> Undone:
    """Put back the acting rep's last deletion or merge, in one transaction: only what is
    unchanged since, unless ``force``."""
    with session.db.transaction():
        undoable = last_undoable(session)
        restore = _Restore(session, undoable)
        restore.check(force=force)
        restored = restore.write()
        record_event(
            session,
            entity="event",
            entity_id=undoable.event_id,
            action="undo",
            changes={"overwrote": restore.overwrote} if restore.overwrote else None,
        )
    return Undone(
        event_id=undoable.event_id,
        action=undoable.action,
        entity=undoable.entity,
        entity_id=undoable.entity_id,
        what=undoable.what,
        restored=restored,
        overwrote=restore.overwrote,
    )


class _Restore:
    """Putting one deletion or merge back: first every check (nothing written), then the
    writes."""

    def __init__(self, session: Session, undoable: Undoable) -> None:
        self.session = session
        self.undoable = undoable
        changes = undoable.changes
        self.rows: dict[str, list[dict[str, Any]]] = changes.get("rows", {})
        self.relinked: list[list[Any]] = changes.get("relinked", [])
        self.before: list[list[Any]] = changes.get("before", [])
        self.gone = self._gone_since()
        self.changed: list[str] = []  # what changed since, in words
        self.overwrote: list[str] = []  # what a forced undo overwrites, in words
        self.fields: list[tuple[str, int, dict[str, Any]]] = []  # (table, id, values)
        self.links: list[tuple[str, str, Any, list[int]]] = []  # (table, column, value, ids)

    def _gone_since(self) -> set[tuple[str, int]]:
        """The records a later deletion or merge (not undone) removed: an id among them
        may now be another record's (SQLite gives the highest id again)."""
        gone: set[tuple[str, int]] = set()
        for (changes,) in self.session.db.tuples(
            "SELECT e.changes FROM event e WHERE e.id > ?"
            f" AND e.action IN ({', '.join('?' for _ in UNDOABLE)}) AND {_NOT_UNDONE}",
            (self.undoable.event_id, *UNDOABLE),
        ):
            for table, removed in json.loads(changes).get("rows", {}).items():
                gone.update((table, int(row["row_id"])) for row in removed)
        return gone

    def _same_record(self, table: str, record_id: int, created_at: Any) -> bool:
        """Whether the record there now is the one the change saw, not one added since
        under its id (after a deletion, or a purge or undone import, which keep no rows)."""
        if (table, record_id) in self.gone:
            return False
        return created_at is None or str(created_at) <= self.undoable.at

    def _select(self, table: str, columns: Sequence[str], ids: Sequence[int]) -> dict[int, Any]:
        """The current rows of ``table`` among ``ids``, with created_at where it has one."""
        stamp = "created_at" if "created_at" in db.table_columns(self.session.db, table) else "NULL"
        selected = ", ".join([f"{db.ROW_ID} AS row_id", f"{stamp} AS created_at", *columns])
        found: dict[int, Any] = {}
        for chunk in _chunks(ids):
            marks = ", ".join("?" for _ in chunk)
            for row in self.session.db.rows(
                f"SELECT {selected} FROM {table} WHERE {db.ROW_ID} IN ({marks})",
                chunk,
            ):
                found[int(row["row_id"])] = row
        return found

    def check(self, *, force: bool) -> None:
        """Refuse, writing nothing, what cannot be put back, and (unless ``force``) what
        changed since."""
        self._check_rows()
        self._check_fields()
        self._check_links()
        if self.changed and not force:
            more = len(self.changed) - SHOWN_CHANGES
            raise Refused(
                f"{self._cannot()}: changed since: {'; '.join(self.changed[:SHOWN_CHANGES])}"
                f"{f' and {more} more' if more > 0 else ''}",
                hint="--force undoes it anyway, overwriting that; nothing was changed",
            )

    def _cannot(self) -> str:
        return f"cannot undo the {self.undoable.action} of {self.undoable.what}"

    def _check_rows(self) -> None:
        database = self.session.db
        restored = {
            (table, int(row["row_id"])) for table, rows in self.rows.items() for row in rows
        }
        for table in RESTORE_ORDER:
            rows = self.rows.get(table, [])
            if not rows:
                continue
            taken = self._select(table, (), [int(row["row_id"]) for row in rows])
            if taken:
                raise Refused(
                    f"cannot undo: {table} {min(taken)} is now another record",
                    hint="a record added since took its id; nothing was changed",
                )
            for column, parent in db.references_from(database, table):
                wanted = {
                    int(row[column]): int(row["row_id"])
                    for row in rows
                    if row.get(column) is not None and (parent, int(row[column])) not in restored
                }
                there = self._select(parent, (), list(wanted))
                for parent_id, row_id in sorted(wanted.items()):
                    found = there.get(parent_id)
                    if found is None or not self._same_record(
                        parent, parent_id, found["created_at"]
                    ):
                        now = "is gone" if found is None else "is now another record"
                        raise Refused(
                            f"{self._cannot()}: {table} {row_id} refers to {parent}"
                            f" {parent_id}, which {now}",
                            hint="put that back first (its deletion is undone by whoever"
                            " made it); nothing was changed",
                        )

    def _check_fields(self) -> None:
        action = self.undoable.action
        for table, record_id, before, after in self.before:
            current = self._select(table, list(before), [record_id]).get(record_id)
            if current is None or not self._same_record(table, record_id, current["created_at"]):
                continue  # the record kept is gone: nothing of it to put back
            values: dict[str, Any] = {}
            for name, old in before.items():
                if name in DERIVED:
                    continue
                if current[name] != after.get(name):
                    self.changed.append(
                        f"{table} {record_id} {name} is now {quoted(current[name])},"
                        f" the {action} left {quoted(after.get(name))}"
                    )
                    self.overwrote.append(
                        f"{table} {record_id} {name} {quoted(current[name])} with {quoted(old)}"
                    )
                values[name] = old
            # A later activity moved the last touch on: it stays.
            if "last_touch" in before and current["last_touch"] == after.get("last_touch"):
                values["last_touch"] = before["last_touch"]
            untouched = current["updated_at"] == after.get("updated_at")
            values["updated_at"] = before["updated_at"] if untouched else self.session.now()
            self.fields.append((table, record_id, values))

    def _check_links(self) -> None:
        action = self.undoable.action
        for table, column, old, new, ids in self.relinked:
            current = self._select(table, [column], ids)
            restore = []
            for record_id in ids:
                row = current.get(record_id)
                if row is None:
                    continue  # gone since: nothing refers to anything any more
                if not self._same_record(table, record_id, row["created_at"]):
                    self.changed.append(
                        f"{table} {record_id} is now another record (the one the {action}"
                        " changed was deleted since)"
                    )
                    self.overwrote.append(f"nothing of {table} {record_id} (now another record)")
                    continue
                if row[column] != new:
                    self.changed.append(
                        f"{table} {record_id} {column} is now {quoted(row[column])},"
                        f" the {action} left {quoted(new)}"
                    )
                    self.overwrote.append(
                        f"{table} {record_id} {column} {quoted(row[column])} with {quoted(old)}"
                    )
                restore.append(record_id)
            if restore:
                self.links.append((table, column, old, restore))

    def write(self) -> int:
        """Put back what ``check`` allowed; returns how many rows."""
        database = self.session.db
        db.defer_foreign_keys(database)
        restored = 0
        # The surviving record's fields first: a merge gave it the other's unique ones
        # (external id), which the other takes back below.
        for table, record_id, values in self.fields:
            setters = ", ".join(f"{column} = ?" for column in values)
            database.execute(
                f"UPDATE {table} SET {setters} WHERE id = ?", (*values.values(), record_id)
            )
        for table in RESTORE_ORDER:
            for row in self.rows.get(table, []):
                values = {key: value for key, value in row.items() if key not in ("row_id", "id")}
                columns = ", ".join([db.ROW_ID, *values])
                marks = ", ".join("?" for _ in range(len(values) + 1))
                database.execute(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                    (row["row_id"], *values.values()),
                )
                restored += 1
        for table, column, old, ids in self.links:
            restored += len(ids)  # rows a merge had moved, moved back
            for chunk in _chunks(ids):
                marks = ", ".join("?" for _ in chunk)
                database.execute(
                    f"UPDATE {table} SET {column} = ? WHERE {db.ROW_ID} IN ({marks})",
                    (old, *chunk),
                )
        self._touch_again()
        return restored

    def _touch_again(self) -> None:
        """A done activity put back counts in its account's and deal's last touch again,
        unless a later one counts already."""
        for activity in self.rows.get("activity", []):
            if activity.get("status") != "done" or activity.get("done_on") is None:
                continue
            for table, column in (("account", "account_id"), ("opportunity", "opportunity_id")):
                if activity.get(column) is not None:
                    self.session.db.execute(
                        f"UPDATE {table} SET last_touch = ? WHERE id = ?"
                        " AND (last_touch IS NULL OR last_touch < ?)",
                        (activity["done_on"], activity[column], activity["done_on"]),
                    )
