"""A contract's lines and the quote it came from: an older book learns which quote each
contract was made from, amendments change the lines, and the lines are checked against
the contract's amount."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def test_an_older_books_contracts_learn_their_quote_from_its_event(tmp_path: Path) -> None:
    """Revision 0019 reads the quote number and version from each contract's 'from-quote'
    event; a contract made without a quote gets none."""
    from salescli.db import open_database
    from tests.test_upgrade import old_book

    path = old_book(tmp_path / "old.db", "0016", reps=1)
    stamp = "2026-11-01T09:00:00Z"
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO account (id, name, status, created_at, updated_at)"
            " VALUES (1, 'Acme', 'customer', ?, ?)",
            (stamp, stamp),
        )
        connection.executemany(
            "INSERT INTO quote (id, number, version, account_id, status, quoted_on, valid_until,"
            " tax_included, max_discount, list_amount, discount, net, tax, gross, created_at,"
            " updated_at) VALUES (?, ?, ?, 1, ?, '2026-11-01', '2026-12-01', 0, 0, 0, 0, 0, 0,"
            " 0, ?, ?)",
            [
                (1, 7, 1, "sent", stamp, stamp),
                (2, 7, 2, "accepted", stamp, stamp),
                (3, 8, 1, "accepted", stamp, stamp),
            ],
        )
        connection.executemany(
            "INSERT INTO contract (id, number, account_id, amount, status, status_on, version,"
            " progress, created_at, updated_at) VALUES (?, ?, 1, 100, 'draft', '2026-11-02', 1,"
            " 0, ?, ?)",
            [(1, "HT-1", stamp, stamp), (2, "HT-2", stamp, stamp)],
        )
        connection.execute(
            "INSERT INTO event (at, entity, entity_id, action, changes)"
            " VALUES (?, 'contract', 1, 'from-quote', '{\"quote\": 7, \"version\": 2}')",
            (stamp,),
        )
    open_database(path).close()
    with sqlite3.connect(path) as connection:
        found = connection.execute("SELECT id, quote_id FROM contract ORDER BY id").fetchall()
    assert found == [(1, 2), (2, None)]
