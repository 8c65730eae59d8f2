"""Alembic environment: runs on the connection db.py hands over, in batch mode."""

from __future__ import annotations

from typing import Any

from alembic import context

from salescli.models.tables import metadata

config = context.config


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine

        url = config.get_main_option("sqlalchemy.url") or "sqlite:///salescli.db"
        with create_engine(url).connect() as fresh:
            _run(fresh)
    else:
        _run(connection)


def _run(connection: Any) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
