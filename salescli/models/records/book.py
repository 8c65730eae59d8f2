"""What operations on the whole book return: an import's counts, an integrity check, a
backup."""

from __future__ import annotations

from dataclasses import field

from salescli.models.frozen import record


@record
class ImportResult:
    """What an import did (or, with dry_run, would do)."""

    rows: int
    inserted: int
    updated: int
    unchanged: int
    skipped: int
    dry_run: bool
    ignored_columns: list[str] = field(default_factory=list)
    # Rows skipped because they look like existing records (the same phone or email),
    # and the first of them as "line N: looks like lead 12 (Wang Wei): same phone".
    look_alikes: int = 0
    look_alike_lines: list[str] = field(default_factory=list)
    # The rep every new record went to, when the file had no owner column.
    assigned_to: str | None = None
    # With --keep-extra: the columns whose cells were kept, and as what ("account facts");
    # extra_kept_as is set when the file has columns the import could keep, asked to or
    # not.
    kept_columns: list[str] = field(default_factory=list)
    extra_kept_as: str | None = None
    # New closed deals opened on their close date, the file having no opened date.
    opened_on_close: int = 0
    # Columns an export writes that the book works out (an account's revenue, class,
    # lifetime value...): read only, passed over whatever the file says.
    computed_columns: list[str] = field(default_factory=list)


@record
class ImportRun:
    """One import as kept for undo: who ran it, when, and what it counted."""

    id: int
    at: str
    rep: str | None
    entity: str
    file: str
    rows: int
    inserted: int
    updated: int
    undone_at: str | None


@record
class ImportUndo:
    """What undoing an import did: records removed and rows put back as they were;
    ``overridden``, the later changes --force went past."""

    id: int
    entity: str
    file: str
    removed: int
    restored: int
    overridden: int


@record
class IntegrityReport:
    ok: bool
    path: str
    schema_revision: str | None
    problems: list[str]
    counts: dict[str, int]


@record
class Backup:
    source: str
    path: str
    bytes: int
