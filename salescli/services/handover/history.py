"""The handovers done: ``list_handovers`` and ``show_handover`` (what moved, from whom,
to whom, the introduction visits, and with ``items`` every record and who owns it now)."""

from __future__ import annotations

from dataclasses import field
from datetime import date
from decimal import Decimal

from salescli.errors import NotFound
from salescli.models.frozen import record
from salescli.models.records import Activity
from salescli.services.activities.activities import PLAN_ORDER
from salescli.services.activities.activities import SELECT as ACTIVITY_SELECT
from salescli.services.core.permissions import require_manager
from salescli.services.core.reps import get_rep
from salescli.services.core.rows import build_all
from salescli.services.core.session import Session
from salescli.services.handover.common import SHARE, VISIT
from salescli.services.handover.owned import OWNED, owned_entity


@record
class HandoverSummary:
    """One handover: ``successors`` in the order given (comma-separated); ``moved``,
    the records that changed owner (shares included); ``visits``, the introduction
    visits it planned; ``accounts``, how many accounts a partial handover named."""

    id: int
    on_date: date
    at: str
    departing: str
    successors: str
    by: str | None
    strategy: str
    reason: str | None
    accounts: int | None
    deactivated: bool
    moved: int
    visits: int
    reverted_at: str | None


@record
class MovedCount:
    """How many records of one kind (``entity``, called ``label``) went to a successor."""

    successor: str
    entity: str
    label: str
    count: int


def entity_labels() -> dict[str, str]:
    """What people call each kind of record a handover moves, in the order it moves them."""
    return {
        **{entity.entity: entity.label for entity in OWNED},
        SHARE: "shares",
        VISIT: "handover visits",
    }


@record
class HandoverItem:
    """One record a handover moved: from whom, to whom, and who owns it now (None for a
    share, which has no single owner)."""

    entity: str
    entity_id: int
    from_owner: str | None
    to_owner: str
    owner_now: str | None
    split: Decimal | None
    merge: str | None


@record
class HandoverDetail:
    handover: HandoverSummary
    moved: list[MovedCount]
    visits: list[Activity]
    items: list[HandoverItem] = field(default_factory=list)


_SUMMARY = (
    "SELECT h.id, h.on_date, h.at, f.handle AS departing,"
    " (SELECT group_concat(handle, ',') FROM (SELECT r.handle FROM handover_successor s"
    "  JOIN rep r ON r.id = s.rep_id WHERE s.handover_id = h.id ORDER BY s.position))"
    "  AS successors,"
    " b.handle AS by, h.strategy, h.reason,"
    " CASE WHEN h.accounts IS NULL THEN NULL"
    "  ELSE length(h.accounts) - length(replace(h.accounts, ',', '')) + 1 END AS accounts,"
    " h.deactivated,"
    " (SELECT count(*) FROM handover_item i WHERE i.handover_id = h.id AND i.entity != 'visit')"
    "  AS moved,"
    " (SELECT count(*) FROM handover_item i WHERE i.handover_id = h.id AND i.entity = 'visit')"
    "  AS visits,"
    " h.reverted_at"
    " FROM handover h JOIN rep f ON f.id = h.from_rep_id LEFT JOIN rep b ON b.id = h.by_rep_id"
)


def list_handovers(session: Session, *, departing: str | None = None) -> list[HandoverSummary]:
    """Every handover, oldest first (or only ``departing``'s)."""
    require_manager(session, "see handovers")
    if departing is None:
        return build_all(HandoverSummary, session.db.rows(f"{_SUMMARY} ORDER BY h.id"))
    rep = get_rep(session, departing)
    return build_all(
        HandoverSummary,
        session.db.rows(f"{_SUMMARY} WHERE h.from_rep_id = ? ORDER BY h.id", (rep.id,)),
    )


def show_handover(session: Session, *, handover_id: int, items: bool = False) -> HandoverDetail:
    """What moved, from whom, to whom; the introduction visits; with ``items``, every
    record and who owns it now."""
    require_manager(session, "see handovers")
    row = session.db.row(f"{_SUMMARY} WHERE h.id = ?", (handover_id,))
    if row is None:
        raise NotFound(f"no handover {handover_id}", hint="see 'salescli handover list'")
    labels = entity_labels()
    order = {entity: index for index, entity in enumerate(labels)}
    rows = session.db.rows(
        "SELECT r.handle, i.entity, count(*), s.position FROM handover_item i"
        " JOIN rep r ON r.id = i.to_owner_id"
        " LEFT JOIN handover_successor s ON s.handover_id = i.handover_id"
        " AND s.rep_id = i.to_owner_id"
        " WHERE i.handover_id = ? GROUP BY i.to_owner_id, i.entity",
        (handover_id,),
    )
    moved = [
        MovedCount(
            successor=str(r[0]), entity=str(r[1]), label=labels.get(r[1], r[1]), count=int(r[2])
        )
        for r in sorted(rows, key=lambda r: (r[3], order.get(r[1], len(order))))
    ]
    visits = build_all(
        Activity,
        session.db.rows(
            f"{ACTIVITY_SELECT} WHERE v.id IN (SELECT entity_id FROM handover_item"
            f" WHERE handover_id = ? AND entity = 'visit') ORDER BY {PLAN_ORDER}",
            (handover_id,),
        ),
    )
    return HandoverDetail(
        handover=build_all(HandoverSummary, [row])[0],
        moved=moved,
        visits=visits,
        items=_items(session, handover_id) if items else [],
    )


def handover_report(session: Session, *, handover_id: int) -> str:
    """The Markdown report as the handover's run made it."""
    require_manager(session, "see handovers")
    row = session.db.row("SELECT report FROM handover WHERE id = ?", (handover_id,))
    if row is None:
        raise NotFound(f"no handover {handover_id}", hint="see 'salescli handover list'")
    if row[0] is None:
        raise NotFound(
            f"handover {handover_id} has no kept report: it was run before salescli kept them",
            hint=f"what it moved: 'salescli handover show {handover_id} --items'",
        )
    return str(row[0])


def _items(session: Session, handover_id: int) -> list[HandoverItem]:
    tables = {entity.entity: entity for entity in OWNED}
    tables[VISIT] = owned_entity("activity")
    found: list[HandoverItem] = []
    for name in [*tables, SHARE]:
        entity = tables.get(name)
        now = (
            f"(SELECT r.handle FROM {entity.table} t JOIN rep r ON r.id = t.{entity.owner}"
            " WHERE t.id = i.entity_id)"
            if entity
            else "NULL"
        )
        rows = session.db.rows(
            f"SELECT i.entity, i.entity_id, f.handle, r.handle, {now}, i.split, i.merge"
            " FROM handover_item i LEFT JOIN rep f ON f.id = i.from_owner_id"
            " JOIN rep r ON r.id = i.to_owner_id WHERE i.handover_id = ? AND i.entity = ?"
            " ORDER BY i.entity_id",
            (handover_id, name),
        )
        found += [
            HandoverItem(
                entity=row[0],
                entity_id=int(row[1]),
                from_owner=row[2],
                to_owner=row[3],
                owner_now=row[4],
                split=None if row[5] is None else Decimal(row[5]) / 100,
                merge=row[6],
            )
            for row in rows
        ]
    return found
