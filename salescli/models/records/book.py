"""What operations on the whole book return: an import's counts, an integrity check, a
backup."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, with dry_run, would do)."""

    rows: int
    inserted: int
    updated: int
    unchanged: int
    skipped: int
    dry_run: bool
    ignored_columns: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class IntegrityReport:
    ok: bool
    path: str
    schema_revision: str | None
    problems: list[str]
    counts: dict[str, int]


@dataclass(frozen=True)
class Backup:
    source: str
    path: str
    bytes: int
