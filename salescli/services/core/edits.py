"""Editing a record's fields: one UPDATE of what really changed, and its event."""

from __future__ import annotations

from typing import Any

from salescli.errors import UsageProblem
from salescli.services.core.events import diff, record_event
from salescli.services.core.rows import stored
from salescli.services.core.session import Session


class _Clear:
    """The value of an edit option given as "": empty the field."""

    def __repr__(self) -> str:
        return "CLEAR"


# Typed Any so it can stand where a date or an amount is expected.
CLEAR: Any = _Clear()


def tidy(value: str | None) -> str | None:
    """Text as stored: without surrounding spaces, and None rather than empty (the CSV
    engine reads cells the same way, so an export reads back unchanged)."""
    if value is None:
        return None
    return value.strip() or None


def requested_changes(**options: Any) -> dict[str, Any]:
    """The edit options a user gave: None means 'not given'; "" or CLEAR, 'empty it'."""
    return {
        key: (None if value is CLEAR else tidy(value) if isinstance(value, str) else value)
        for key, value in options.items()
        if value is not None
    }


def apply_changes(
    session: Session,
    *,
    table: str,
    entity: str,
    record: Any,
    changes: dict[str, Any],
    columns: dict[str, tuple[str, Any]] | None = None,
    action: str = "edit",
) -> bool:
    """Write the fields of ``changes`` that differ from ``record``; returns whether any did.

    ``columns`` names, for a field stored under another column, that column and the value
    to store (``{"owner": ("owner_id", 7)}``).
    """
    if not changes:
        raise UsageProblem(
            "nothing to change", hint="give at least one field to change; see --help"
        )
    changes = {key: (None if value is CLEAR else value) for key, value in changes.items()}
    before = {key: getattr(record, key) for key in changes}
    changed = diff(before, changes)
    if not changed:
        return False
    mapped = columns or {}
    assignments = {
        mapped.get(key, (key, changes[key]))[0]: stored(mapped.get(key, (key, changes[key]))[1])
        for key in changed
    }
    setters = ", ".join(f"{column} = ?" for column in assignments)
    with session.db.transaction():
        session.db.execute(
            f"UPDATE {table} SET {setters}, updated_at = ? WHERE id = ?",
            (*assignments.values(), session.now(), record.id),
        )
        record_event(session, entity=entity, entity_id=record.id, action=action, changes=changed)
    return True
