"""Alembic migrations, applied on open by db.open_database (imported only then)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from alembic.config import Config

HERE = Path(__file__).resolve().parent


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE))
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    return {revision.revision for revision in script.walk_revisions()}


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


class _Borrowed:
    """A sqlite3 connection lent to SQLAlchemy inside the caller's transaction: commit,
    rollback and close are the caller's, so alembic's (one per revision, as SQLite counts
    as a database without transactional DDL) do nothing, and every revision stays in the
    one transaction the caller ends."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def cursor(self) -> sqlite3.Cursor:
        cursor = self._connection.cursor()
        cursor.row_factory = None  # SQLAlchemy reads plain tuples
        return cursor

    def commit(self) -> None:
        pass

    def rollback(self) -> None:
        pass

    def close(self) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


def upgrade(connection: sqlite3.Connection, revision: str = "head") -> None:
    """Apply the pending revisions on ``connection``, inside the transaction the caller
    has begun and will commit or roll back: all of them take effect, or none does."""
    if not connection.in_transaction:
        raise RuntimeError("the upgrade runs inside the caller's transaction")
    from alembic import command
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    engine = create_engine(
        "sqlite://",
        creator=lambda: _Borrowed(connection),
        poolclass=StaticPool,
        pool_reset_on_return=None,
    )
    config = _config()
    try:
        with engine.connect() as borrowed:
            config.attributes["connection"] = borrowed
            command.upgrade(config, revision)
    finally:
        engine.dispose()
