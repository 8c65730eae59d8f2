"""Looking after the database file itself: integrity check and backups."""

from __future__ import annotations

from pathlib import Path

from salescli import db
from salescli.models.records import Backup, IntegrityReport
from salescli.services.core.session import Session


def check_database(session: Session) -> IntegrityReport:
    problems = db.integrity_problems(session.db)
    return IntegrityReport(
        ok=not problems,
        path=str(session.db.path),
        schema_revision=db.schema_revision(session.db),
        problems=problems,
        counts=db.table_counts(session.db),
    )


def backup_database(session: Session, *, destination: Path | None = None) -> Backup:
    written = db.backup_database(session.db, destination)
    return Backup(source=str(session.db.path), path=str(written), bytes=written.stat().st_size)


def restore_hint(path: Path) -> str:
    """What to do with the damaged book at ``path`` (see `db.restore_hint`)."""
    return db.restore_hint(path)
