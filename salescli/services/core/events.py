"""The audit trail: every service that changes data records what changed, in the same
transaction."""

from __future__ import annotations

import json
from typing import Any

from salescli.services.core.session import Session


def record_event(
    session: Session,
    *,
    entity: str,
    entity_id: int | None,
    action: str,
    changes: dict[str, Any] | None = None,
) -> int:
    """Record the event; returns its id."""
    cursor = session.db.execute(
        "INSERT INTO event (at, rep_id, entity, entity_id, action, changes) VALUES (?, ?, ?, ?, ?, ?)",
        (
            session.now(),
            session.actor_id,
            entity,
            entity_id,
            action,
            json.dumps(changes, ensure_ascii=False, default=str, sort_keys=True)
            if changes
            else None,
        ),
    )
    return int(cursor.lastrowid or 0)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changes."""
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }


def quoted(value: Any) -> str:
    """A stored value as a message names it ('' for none)."""
    return "''" if value is None else f"'{value}'"
