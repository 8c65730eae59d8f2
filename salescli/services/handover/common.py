"""What the handover modules share: the kinds of record a handover item names besides
the owned ones (a share of a deal, an introduction visit), a deal's whole split in basis points, and the change of owners in bulk, with an event per record,
that a run makes and a revert makes back."""

from __future__ import annotations

from collections.abc import Iterable

from salescli.errors import Refused
from salescli.services.core.session import Session
from salescli.services.handover.owned import OwnedEntity

FULL_SPLIT = 10000
SHARE = "opportunity_share"
VISIT = "visit"


# ---------------------------------------------------------------------------------------
# Changing owners in bulk (a run, and a revert)


def _fill_moves(session: Session, rows: Iterable[tuple[str, int, int, int, int | None]]) -> None:
    """The moves to make, one row per record: (entity, id, from owner, to owner, split of
    a share that merges into ownership or is restored)."""
    session.db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS handover_move (entity TEXT NOT NULL,"
        " entity_id INTEGER NOT NULL, from_owner_id INTEGER NOT NULL,"
        " to_owner_id INTEGER NOT NULL, merged_split INTEGER,"
        " PRIMARY KEY (entity, entity_id)) WITHOUT ROWID"
    )
    session.db.execute("DELETE FROM temp.handover_move")
    session.db.executemany("INSERT INTO temp.handover_move VALUES (?, ?, ?, ?, ?)", rows)


def _change_owners(session: Session, entity: OwnedEntity, *, handover_id: int, action: str) -> int:
    """Give every record of one kind in temp.handover_move its new owner, if it still has
    the old one and is live, and record an event per record; refuse if any has changed."""
    entity = entity.on(session.today)
    expected = int(
        session.db.scalar(
            "SELECT count(*) FROM temp.handover_move WHERE entity = ?", (entity.entity,)
        )
    )
    if not expected:
        return 0
    touched = f", {entity.touched} = ?" if entity.touched else ""
    cursor = session.db.execute(
        f"UPDATE {entity.table} AS t SET {entity.owner} = m.to_owner_id{touched}"
        " FROM temp.handover_move AS m WHERE m.entity = ? AND t.id = m.entity_id"
        f" AND t.{entity.owner} = m.from_owner_id AND {entity.live}",
        (*([session.now()] if touched else []), entity.entity),
    )
    if cursor.rowcount != expected:
        raise Refused(
            f"{expected - cursor.rowcount} {entity.label} changed while the handover ran;"
            " nothing was changed",
            hint="run it again",
        )
    # One event per record, written by one statement (the JSON as json.dumps writes it).
    session.db.execute(
        "INSERT INTO event (at, rep_id, entity, entity_id, action, changes)"
        " SELECT ?, ?, m.entity, m.entity_id, ?,"
        " '{\"handover\": ' || ? || ', \"owner\": [' || json_quote(f.handle) || ', '"
        " || json_quote(r.handle) || ']' || CASE WHEN m.merged_split IS NULL THEN ''"
        " ELSE ', \"share_merged\": ' || m.merged_split END || '}'"
        " FROM temp.handover_move m JOIN rep f ON f.id = m.from_owner_id"
        " JOIN rep r ON r.id = m.to_owner_id WHERE m.entity = ?",
        (session.now(), session.actor_id, action, handover_id, entity.entity),
    )
    return expected
