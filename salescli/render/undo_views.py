"""What undo, imports kept for undo, deletions and merges look like."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from salescli.dates import local_minute_of
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
