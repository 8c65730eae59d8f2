"""The search benchmarks: ``salescli search`` for a name, a phone number and a Chinese word.

On the book ``generate.write_book`` makes (at the default size 100,000 accounts, ~205,000
contacts, 100,000 leads, 1,000,000 deals and 2,000,000 activities), a copy without
``ANALYZE``, from the regular install, plain text into a pipe, as the manager (search
reads everyone's book by default):

- ``salescli search "Brian Miller"``: a contact's name (two words, both must match);
- ``salescli search 187-6254-6479``: a contact's phone, stored as ``+86 187 6254 6479``;
- ``salescli search 天成建设``: a Chinese word, part of company names;

each against a target of 200 ms for the whole process. For information, two words of two
Chinese characters, which the trigram index cannot serve, so the tables are read: 报价
(in many notes: each group stops at its limit) and 华联 (in none: every table is read to
the end, the worst case).

Beside each, as for the other reads (opp_bench.py): the ``sqlite3`` CLI running the very
statements the service runs, the same command on an empty book (start-up), the service in
this process, its statements alone through Python's sqlite3, and the same after ``ANALYZE``.
"""

from __future__ import annotations

import dataclasses
import functools
import sqlite3
from pathlib import Path

import opp_bench
from measure import Figure, fresh_copy
from opp_bench import MANAGER, Plans, ReadCommand, Traced

TARGET = 0.200
NO_TARGET = 3600.0  # information: no target to meet
SERVICE = "salescli.services.search.search"
NAME = "Brian Miller"
CHINESE = "天成建设"
TWO_CHARACTERS = ("报价", "华联")


def a_phone(db: Path) -> tuple[str, str]:
    """A Chinese mobile number from the middle of the book as stored, and as a rep types it: without
    the country code, dashes for spaces."""
    with sqlite3.connect(db) as connection:
        found = connection.execute(
            "SELECT phone FROM contact WHERE phone LIKE '+86 1%' ORDER BY id LIMIT 1"
            " OFFSET (SELECT count(*) / 2 FROM contact WHERE phone LIKE '+86 1%')"
        ).fetchone()
    connection.close()
    stored = str(found[0])
    return stored, stored.removeprefix("+86 ").replace(" ", "-")


def search_commands(phone: str) -> list[ReadCommand]:
    def command(text: str, label: str, target: float) -> ReadCommand:
        return ReadCommand(
            label,
            MANAGER,
            ("search", text),
            SERVICE,
            lambda module, session: module.search(session, text=text),
            target,
        )

    return [
        command(NAME, f"search {NAME!r} (a name)", TARGET),
        command(phone, f"search {phone} (a phone)", TARGET),
        command(CHINESE, f"search {CHINESE} (a Chinese word)", TARGET),
        *(
            command(word, f"search {word} (two characters, tables read; information)", NO_TARGET)
            for word in TWO_CHARACTERS
        ),
    ]


def describe(command: ReadCommand, traced: Traced, *, stored: str) -> str:
    groups = ", ".join(
        f"{len(group.hits)}{'+' if group.more else ''} {group.kind}"
        for group in traced.result.groups
    )
    phone = (
        f", stored as {stored}" if command.argv[1] not in (NAME, CHINESE, *TWO_CHARACTERS) else ""
    )
    return f"{command.label}{phone}: {groups or 'nothing found'}"


def measure_search(
    book: Path,
    empty: Path,
    workdir: Path,
    env: dict[str, str],
    installed: Path,
    times: int,
) -> tuple[list[Figure], list[Plans]]:
    db = fresh_copy(book, workdir / "search-book.db")
    stored, typed = a_phone(db)
    figures, plans = opp_bench.measure_book_reads(
        search_commands(typed),
        functools.partial(describe, stored=stored),
        db=db,
        empty=empty,
        env=env,
        installed=installed,
        times=times,
        variants=lambda command: ("--json",) if command.target == TARGET else (),
    )
    # The two-character words are for information: no target to meet.
    informative = {command.label for command in search_commands(typed) if command.target != TARGET}
    return [
        dataclasses.replace(figure, target="", met=None)
        if figure.what.split(":")[0] in informative
        else figure
        for figure in figures
    ], plans


def run_search(
    *, deals: int, workdir: Path, env: dict[str, str], installed: Path, repeat: int
) -> tuple[list[Figure], list[Plans]]:
    empty = opp_bench.empty_book(workdir, env)
    book = opp_bench.book_file(deals, opp_bench.schema_digest(empty))
    return measure_search(book, empty, workdir, env, installed, repeat)
