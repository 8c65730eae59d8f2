"""Setting a fact of a record (an account's or a contact's), the one statement every way
of setting one uses: `account fact`, a profile answer, and --keep-extra on import."""

from __future__ import annotations


def fact_upsert(table: str, column: str) -> str:
    """The statement that sets a fact, from (record id, key, value, updated_at, rep_id):
    a fact the record already has under that key takes the new value, time and rep."""
    return (
        f"INSERT INTO {table} ({column}, key, value, updated_at, rep_id)"
        f" VALUES (?, ?, ?, ?, ?) ON CONFLICT ({column}, key) DO UPDATE SET"
        " value = excluded.value, updated_at = excluded.updated_at, rep_id = excluded.rep_id"
    )
