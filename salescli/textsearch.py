"""The text index behind `salescli search` and the lists' --search: SQLite's FTS5 with
its trigram tokenizer, the triggers that keep it in step, and the queries that read it.

Part of the database seam (DESIGN: every SQLite specific sits beside db.py): a second
backend replaces this module with its own full-text search. It imports nothing of
salescli at run time, so db.py can use it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol


class Reads(Protocol):
    """What this module needs of a database: one value from a query (db.Database)."""

    def scalar(self, sql: str, params: Any = ()) -> Any: ...


# Text search: each searched table has a text index, an FTS5 table of its text (and its
# phone numbers as digits) cut into trigrams, so any substring of three characters or more,
# Chinese or Latin, is found without reading the table. Contentless with detail=none: it
# keeps neither the text nor positions (measured on a 1,000,000-deal book: built in 26 s and
# +180 MB, against 43 s and +470 MB with positions), so it answers "which rows hold every
# trigram of the term" and the caller checks the row itself with LIKE. Triggers keep it in
# step with every write, imports included. Without FTS5 there is no index and searches
# read the tables.
TEXT_INDEX_SUFFIX = "_text"
# Each text index's triggers are named {table}_text_{event}.
TEXT_INDEX_EVENTS = ("insert", "update", "delete")
TRIGRAM = 3
# What a phone number is written with besides digits; digits_only() removes them.
PHONE_SEPARATORS = (" ", "-", "+", "(", ")", ".", "/")


def text_index(table: str) -> str:
    return f"{table}{TEXT_INDEX_SUFFIX}"


def is_text_index_table(name: str) -> bool:
    """A text index or one of the tables FTS5 keeps it in (``lead_text_data``...)."""
    return any(
        name == f"{base}{TEXT_INDEX_SUFFIX}" or name.startswith(f"{base}{TEXT_INDEX_SUFFIX}_")
        for base in TEXT_INDEXED_TABLES
    )


# The tables migrations give a text index (each revision that adds one names it here).
TEXT_INDEXED_TABLES = ("account", "contact", "lead", "opportunity", "activity")


def text_search_supported(connection: sqlite3.Connection) -> bool:
    """Whether this SQLite has FTS5 (Python's usually does; a system library may not)."""
    found = connection.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')").fetchone()
    return bool(found and found[0])


def digits_only(expression: str) -> str:
    """The SQL expression's text without phone separators: '+86 138-0013' -> '860013...'."""
    for separator in PHONE_SEPARATORS:
        expression = f"replace({expression}, '{separator}', '')"
    return expression


def contains(expression: str) -> str:
    """A condition: the SQL expression's text holds the parameter, exactly as given. For
    text without letter case (Chinese, digits) it reads a table twice as fast as LIKE
    (measured: 2,000,000 activities' notes in 0.56 s instead of 1.07 s)."""
    return f"instr({expression}, ?) > 0"


def _indexed_text(row: str, columns: Sequence[str], phones: Sequence[str]) -> str:
    """What the text index holds for a row (``new`` or ``old`` in a trigger, or a table
    alias): its columns, then its phones as digits, each between spaces."""
    parts = [f"coalesce({row}.{column}, '')" for column in columns]
    parts += [digits_only(f"coalesce({row}.{phone}, '')") for phone in phones]
    return "' ' || " + " || ' ' || ".join(parts) + " || ' '"


def text_index_statements(table: str, columns: Sequence[str], phones: Sequence[str]) -> list[str]:
    """The statements that create ``table``'s text index over ``columns`` and ``phones``
    (digits), fill it from the rows there are, and keep it in step with every write."""
    index = text_index(table)
    watched = ", ".join(dict.fromkeys([*columns, *phones]))
    remove = (
        f"INSERT INTO {index}({index}, rowid, body)"
        f" VALUES ('delete', old.id, {_indexed_text('old', columns, phones)});"
    )
    add = f"INSERT INTO {index}(rowid, body) VALUES (new.id, {_indexed_text('new', columns, phones)});"
    return [
        f"CREATE VIRTUAL TABLE {index} USING fts5(body, content='', tokenize='trigram',"
        " detail='none', columnsize=0)",
        f"INSERT INTO {index}(rowid, body)"
        f" SELECT id, {_indexed_text(table, columns, phones)} FROM {table}",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF {watched} ON {table}"
        f" BEGIN {remove} {add} END",
    ]


def deferred_trigger(table: str, name: str, sql: str, pending: str) -> str:
    """A text index trigger (as `text_index_statements` made it) while the index is
    deferred: a new row is noted in ``pending``; a change to a pending row waits for the
    end; a change to any other row reaches the index as before."""
    if name.endswith("_insert"):
        return (
            f"CREATE TEMP TRIGGER {name} AFTER INSERT ON main.{table}"
            f" BEGIN INSERT OR IGNORE INTO {pending}(id) VALUES (new.id); END"
        )
    head, body = sql.split(" BEGIN ", 1)
    head = head.replace("CREATE TRIGGER", "CREATE TEMP TRIGGER", 1).replace(
        f" ON {table}", f" ON main.{table}", 1
    )
    return f"{head} WHEN old.id NOT IN (SELECT id FROM {pending}) BEGIN {body}"


def drop_text_index_statements(table: str) -> list[str]:
    index = text_index(table)
    return [
        *(f"DROP TRIGGER IF EXISTS {index}_{event}" for event in TEXT_INDEX_EVENTS),
        f"DROP TABLE IF EXISTS {index}",
    ]


def has_text_index(database: Reads, table: str) -> bool:
    return bool(
        database.scalar(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (text_index(table),)
        )
    )


class TextMatch(NamedTuple):
    """Rows of a table found through its text index, newest first: ``FROM {source}
    WHERE {condition} ORDER BY {order}``, the condition taking the `text_index_query`."""

    source: str
    condition: str
    order: str


def text_index_match(table: str, alias: str) -> TextMatch:
    index = text_index(table)
    return TextMatch(
        source=f"{index} JOIN {table} {alias} ON {alias}.id = {index}.rowid",
        condition=f"{index} MATCH ?",
        order=f"{index}.rowid DESC",
    )


def text_index_rows(table: str) -> str:
    """A subquery of the ids of ``table``'s rows its text index finds (it takes the
    `text_index_query`), to narrow a list: ``t.id IN (...)``."""
    index = text_index(table)
    return f"SELECT rowid FROM {index} WHERE {index} MATCH ?"


def text_index_query(alternatives: Sequence[Sequence[str]]) -> str | None:
    """The MATCH expression for rows that may hold every term of one of ``alternatives``:
    each term's trigrams. None when an alternative has no term of three characters or
    more: the index cannot narrow it, and the table must be read."""
    groups = []
    for terms in alternatives:
        trigrams = dict.fromkeys(
            term[start : start + TRIGRAM]
            for term in terms
            for start in range(len(term) - TRIGRAM + 1)
        )
        if not trigrams:
            return None
        quoted = (f'"{trigram.replace(chr(34), chr(34) * 2)}"' for trigram in trigrams)
        groups.append("(" + " AND ".join(quoted) + ")")
    return " OR ".join(groups) if groups else None
