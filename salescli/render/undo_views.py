"""What undo, imports kept for undo, deletions and merges look like."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from salescli.dates import local_minute_of
from salescli.models.records import Deleted, Merged, Undone
from salescli.render.cells import text
from salescli.render.output import Col, emit_table

if TYPE_CHECKING:
    from salescli.models.records import ImportRun, ImportUndo

IMPORT_COLUMNS = (
    Col("ID", lambda i: str(i.id), right=True, nowrap=True),
    Col("When", lambda i: local_minute_of(i.at), nowrap=True),
    Col("Who", lambda i: text(i.rep), nowrap=True),
    Col("Entity", lambda i: i.entity, nowrap=True),
    Col("File", lambda i: i.file),
    Col("Rows", lambda i: f"{i.rows:,}", right=True, nowrap=True),
    Col("Created", lambda i: f"{i.inserted:,}", right=True, nowrap=True),
    Col("Updated", lambda i: f"{i.updated:,}", right=True, nowrap=True),
    Col("Undone", lambda i: local_minute_of(i.undone_at) if i.undone_at else "", nowrap=True),
)


def import_list(runs: Sequence[ImportRun]) -> None:
    emit_table(IMPORT_COLUMNS, runs, title="Imports", empty="no imports yet")


def import_undo_message(result: ImportUndo) -> str:
    forced = f"; {result.overridden} later changes overridden" if result.overridden else ""
    return (
        f"undid import {result.id} ({result.entity}, {result.file}): {result.removed:,}"
        f" records removed, {result.restored:,} restored{forced}"
    )


def _count(number: int, noun: str) -> str:
    plural = {"activity": "activities", "opportunity": "deals", "opportunity_share": "co-owners"}
    singular = {
        "opportunity": "deal",
        "opportunity_share": "co-owner",
        "account_fact": "fact",
        "contact_fact": "contact fact",
        "stage_change": "stage change",
        "lead_touch": "touch",
    }
    name = (
        singular.get(noun, noun)
        if number == 1
        else plural.get(noun, singular.get(noun, noun) + ("es" if noun.endswith("touch") else "s"))
    )
    return f"{number} {name}"


def change_message(result: Deleted | Merged | Undone) -> str:
    """What a deletion, merge or undo did, and how to take it back."""
    if isinstance(result, Undone):
        rows = f"{result.restored} row{'s' if result.restored != 1 else ''}"
        overwrote = f"; overwrote {', '.join(result.overwrote)}" if result.overwrote else ""
        return f"undid the {result.action} of {result.what}: {rows} restored{overwrote}"
    if isinstance(result, Merged):
        moved = ", ".join(_count(n, noun) for noun, n in result.moved.items()) or "nothing"
        filled = f"; took {', '.join(result.filled)}" if result.filled else ""
        kept = f"; kept its own {', '.join(result.kept)}" if result.kept else ""
        return f"merged {result.what}: moved {moved}{filled}{kept} (undo: 'salescli undo')"
    others = [_count(n, table) for table, n in result.removed.items() if table != result.entity]
    with_ = f" with {', '.join(others)}" if others else ""
    unlinked = f"; {result.unlinked} other records no longer refer to it" if result.unlinked else ""
    return f"deleted {result.what}{with_}{unlinked} (undo: 'salescli undo')"
