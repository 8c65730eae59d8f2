"""Closed deals set aside (archive) and, later, deleted with their history (purge), after
being written to a CSV file beside the book that ``opp import`` reads back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path

from salescli import dates
from salescli.config import fresh_path
from salescli.errors import Refused, UsageProblem
from salescli.models.enums import OpportunityStatus
from salescli.models.frozen import record
from salescli.services.core.events import record_event
from salescli.services.core.permissions import DEAL, refuse_others
from salescli.services.core.rows import stored
from salescli.services.core.session import Session, writes
from salescli.services.pipeline.opportunities import get_opportunity
from salescli.services.pipeline.opportunities_export import write_opportunities_csv


@record
class Archived:
    archived: list[int]
    already: list[int]


@writes
def archive_opportunities(
    session: Session, *, ids: Sequence[int] = (), closed_before: date | None = None
) -> Archived:
    """Set closed deals aside: out of lists, reports keep counting them until purged."""
    if bool(ids) == (closed_before is not None):
        raise UsageProblem("give deal ids or --closed-before DATE, not both")
    if closed_before is not None:
        chosen = [
            int(row["id"])
            for row in session.db.rows(
                "SELECT id FROM opportunity WHERE closed_on < ? AND status IN ('won', 'lost')"
                " AND archived_at IS NULL ORDER BY id",
                (closed_before.isoformat(),),
            )
        ]
        already: list[int] = []
    else:
        chosen, already = [], []
        for opportunity_id in dict.fromkeys(ids):
            opportunity = get_opportunity(session, opportunity_id)
            if opportunity.status not in (OpportunityStatus.WON, OpportunityStatus.LOST):
                raise Refused(
                    f"opportunity {opportunity_id} is {opportunity.status}; only closed deals are archived"
                )
            (already if opportunity.archived_at else chosen).append(opportunity_id)
    refuse_others(session, DEAL, chosen)
    session.db.executemany(
        "UPDATE opportunity SET archived_at = ?, updated_at = ? WHERE id = ?",
        [(session.now(), session.now(), opportunity_id) for opportunity_id in chosen],
    )
    if chosen:
        record_event(
            session,
            entity="opportunity",
            entity_id=None,
            action="archive",
            changes={"ids": chosen, "closed_before": stored(closed_before)},
        )
    return Archived(archived=chosen, already=already)


@record
class Purged:
    purged: int
    stage_changes: int
    file: str | None


def purgeable(session: Session, *, archived_before: date) -> list[int]:
    """Archived deals set aside before ``archived_before``: what a purge would delete.
    A deal with quotes stays: the quotes are what the customer was offered, and refer to
    it."""
    return [
        int(row["id"])
        for row in session.db.rows(
            "SELECT id FROM opportunity o WHERE archived_at IS NOT NULL AND archived_at < ?"
            " AND NOT EXISTS (SELECT 1 FROM quote q WHERE q.opportunity_id = o.id) ORDER BY id",
            # archived_at is UTC; the day begins at local midnight.
            (dates.stamp(archived_before, time(0, 0)),),
        )
    ]


def _purge_file(session: Session) -> Path:
    """A new file beside the book, named after the day and time; never an existing one."""
    book = session.db.path
    name = f"{book.stem}-purged-{session.today:%Y%m%d}-{datetime.now():%H%M%S}"
    return fresh_path(book.parent, name, ".csv")


@writes
def purge_opportunities(session: Session, *, archived_before: date) -> Purged:
    """Delete archived deals and their history, after writing them (history included) to
    a CSV file beside the database that `opp import` reads back."""
    ids = purgeable(session, archived_before=archived_before)
    if not ids:
        return Purged(purged=0, stage_changes=0, file=None)
    refuse_others(session, DEAL, ids)
    path = _purge_file(session)
    write_opportunities_csv(session, ids, path)
    session.db.execute("CREATE TEMP TABLE IF NOT EXISTS purge_ids (id INTEGER PRIMARY KEY)")
    session.db.execute("DELETE FROM temp.purge_ids")
    session.db.executemany("INSERT INTO temp.purge_ids (id) VALUES (?)", [(i,) for i in ids])
    changes = session.db.execute(
        "DELETE FROM stage_change WHERE opportunity_id IN (SELECT id FROM temp.purge_ids)"
    ).rowcount
    session.db.execute(
        "DELETE FROM opportunity_share WHERE opportunity_id IN (SELECT id FROM temp.purge_ids)"
    )
    # Visits and calls stay in the account's history; only their link to the deal goes.
    unlinked = session.db.execute(
        "UPDATE activity SET opportunity_id = NULL"
        " WHERE opportunity_id IN (SELECT id FROM temp.purge_ids)"
    ).rowcount
    session.db.execute("DELETE FROM opportunity WHERE id IN (SELECT id FROM temp.purge_ids)")
    record_event(
        session,
        entity="opportunity",
        entity_id=None,
        action="purge",
        changes={
            "ids": [ids[0], ids[-1]],
            "count": len(ids),
            "stage_changes": changes,
            "activities_unlinked": unlinked,
            "file": str(path),
            "archived_before": archived_before.isoformat(),
        },
    )
    return Purged(purged=len(ids), stage_changes=changes, file=str(path))
