"""CSV export of opportunities: every deal, or one owner's, one status, or chosen ids,
with co-owners and stage history written the way ``opp import`` reads them back.

Reads the tables directly and imports no other pipeline module: a purge (``archive``)
writes its file through it without depending on the import.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from salescli import csvio, money
from salescli.models.enums import OpportunityStatus
from salescli.services.core import bulk
from salescli.services.core.reps import get_rep
from salescli.services.core.session import Session

# After a move in the history whose stage before is unknown (a closed deal imported without
# its history): import reads it back as such an inferred move, which the funnel leaves out,
# rather than as a real step from the first stage.
UNKNOWN_BEFORE = "(from an unknown stage)"
EXPORT_SQL = (
    "SELECT o.id, o.external_id, o.name, a.name AS account, c.name AS contact, o.amount,"
    " o.close_date, s.key AS stage, o.status, o.probability, o.forecast_category, o.source,"
    " o.competitor, o.loss_reason, o.summary, o.next_step, o.next_date, o.suspend_reason,"
    " o.suspended_until, o.opened_on, o.closed_on, r.handle AS owner, m.name AS campaign,"
    " (SELECT group_concat(entry, ';') FROM (SELECT cr.handle || ':'"
    " || printf('%g', sh.split / 100.0) AS entry FROM opportunity_share sh"
    " JOIN rep cr ON cr.id = sh.rep_id WHERE sh.opportunity_id = o.id ORDER BY cr.handle))"
    " AS shares,"
    # An ordered subquery under an aggregate is not flattened: entries stay in date order.
    " (SELECT group_concat(entry, '; ') FROM (SELECT h.on_date || ' ' || t.key"
    # A move inferred on import (the stage before it unknown) is read back as such.
    f" || CASE WHEN h.move = 'import' THEN ' {UNKNOWN_BEFORE}' ELSE '' END AS entry"
    " FROM stage_change h JOIN stage t ON t.id = h.to_stage_id"
    " WHERE h.opportunity_id = o.id ORDER BY h.on_date, h.id)) AS history"
    " FROM opportunity o JOIN stage s ON s.id = o.stage_id"
    " LEFT JOIN account a ON a.id = o.account_id"
    " LEFT JOIN contact c ON c.id = o.contact_id"
    " LEFT JOIN rep r ON r.id = o.owner_id"
    " LEFT JOIN campaign m ON m.id = o.campaign_id"
)
EXPORT_CONVERT = {"amount": money.from_minor, "probability": money.from_minor}


def export_opportunities(
    session: Session,
    *,
    owner: str | None = None,
    status: str | None = None,
    ids: Sequence[int] | None = None,
    include_archived: bool = True,
) -> tuple[list[str], Iterator[list[Any]]]:
    """The header and a stream of rows: every deal, or those of one owner, one status, or
    the given ids. Accounts by name, owners and co-owners by handle, amounts in major
    units, and the history as the import reads it back."""
    where: list[str] = []
    params: list[Any] = []
    if owner:
        where.append("o.owner_id = ?")
        params.append(get_rep(session, owner).id)
    if status:
        where.append("o.status = ?")
        params.append(OpportunityStatus.parse(status, what="deal status").value)
    if ids is not None:
        where.append("o.id IN (SELECT value FROM json_each(?))")
        params.append("[" + ",".join(str(int(i)) for i in ids) + "]")
    if not include_archived:
        where.append("o.archived_at IS NULL")
    sql = EXPORT_SQL + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY o.id"
    return bulk.column_names(session, sql, params), bulk.export_rows(
        session, sql, params, EXPORT_CONVERT
    )


def write_opportunities_csv(session: Session, ids: Sequence[int], path: Path) -> int:
    """Write the given deals to ``path`` (as ``opp export`` would); returns how many."""
    header, rows = export_opportunities(session, ids=ids)
    return csvio.write_csv(path, header, rows)
