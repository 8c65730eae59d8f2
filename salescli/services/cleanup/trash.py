"""A deletion's or merge's trace, kept in its event, and putting it back.

The event's ``changes`` hold everything undo needs: ``rows`` (each table's removed rows,
whole, with their row ids), ``relinked`` (references moved or cleared: table, column, the
value they had, and the ids), and ``before`` (the surviving record's fields a merge
filled in, as they were). Undo puts the rows back under their own ids, sets the
references back and the fields, in one transaction, and records an event of its own.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from salescli import db
from salescli.errors import NotFound, Refused
from salescli.models.records import Undone
from salescli.services.core.events import record_event
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


@dataclass
class Trace:
    """What a deletion or merge takes away, gathered before it does."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    relinked: list[tuple[str, str, Any, list[int]]] = field(default_factory=list)
    before: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)

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
            self.relinked.append((table, column, old, ids))
            session.db.execute(
                f"UPDATE {table} SET {column} = ? WHERE {column} = ?{extra}", (new, old)
            )
        return len(ids)

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
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            session.db.execute(f"DELETE FROM {table} WHERE {db.ROW_ID} IN ({marks})", chunk)


def last_undoable(session: Session) -> tuple[int, str, int | None, str, dict[str, Any]]:
    """The acting rep's latest deletion or merge that is not undone yet."""
    row = session.db.row(
        "SELECT e.id, e.entity, e.entity_id, e.action, e.changes FROM event e"
        f" WHERE e.rep_id = ? AND e.action IN ({', '.join('?' for _ in UNDOABLE)})"
        " AND NOT EXISTS (SELECT 1 FROM event u WHERE u.entity = 'event'"
        " AND u.entity_id = e.id AND u.action = 'undo')"
        " ORDER BY e.id DESC LIMIT 1",
        (session.actor.id, *UNDOABLE),
    )
    if row is None:
        raise NotFound(
            "nothing to undo: you have deleted or merged nothing that is not undone yet",
            hint="undo covers deletions and merges; an import is undone with"
            " 'salescli import undo ID'",
        )
    return (
        int(row["id"]),
        str(row["entity"]),
        None if row["entity_id"] is None else int(row["entity_id"]),
        str(row["action"]),
        json.loads(row["changes"]),
    )


def undo_last(session: Session) -> Undone:
    """Put back the acting rep's last deletion or merge, in one transaction."""
    with session.db.transaction():
        event_id, entity, entity_id, action, changes = last_undoable(session)
        restored = _restore(session, changes)
        record_event(session, entity="event", entity_id=event_id, action="undo")
    return Undone(
        event_id=event_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        what=str(changes.get("what", f"{entity} {entity_id}")),
        restored=restored,
    )


def _restore(session: Session, changes: dict[str, Any]) -> int:
    database = session.db
    db.defer_foreign_keys(database)
    restored = 0
    # The surviving record's fields first: a merge gave it the other's unique ones
    # (external id), which the other takes back below.
    for table, record_id, fields in changes.get("before", []):
        setters = ", ".join(f"{column} = ?" for column in fields)
        database.execute(
            f"UPDATE {table} SET {setters} WHERE id = ?", (*fields.values(), record_id)
        )
    rows: dict[str, list[dict[str, Any]]] = changes.get("rows", {})
    for table in RESTORE_ORDER:
        for row in rows.get(table, []):
            values = {key: value for key, value in row.items() if key not in ("row_id", "id")}
            if database.scalar(f"SELECT 1 FROM {table} WHERE {db.ROW_ID} = ?", (row["row_id"],)):
                raise Refused(
                    f"cannot undo: {table} {row['row_id']} is now another record",
                    hint="a record added since took its id; nothing was changed",
                )
            columns = ", ".join([db.ROW_ID, *values])
            marks = ", ".join("?" for _ in range(len(values) + 1))
            database.execute(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                (row["row_id"], *values.values()),
            )
            restored += 1
    for table, column, old, ids in changes.get("relinked", []):
        restored += len(ids)  # rows a merge had moved, moved back
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            database.execute(
                f"UPDATE {table} SET {column} = ? WHERE {db.ROW_ID} IN ({marks})", (old, *chunk)
            )
    return restored
