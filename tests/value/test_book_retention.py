"""The book's yearly retention, kept between commands and moved from day to day
(services/value/book_retention.py), always equals a count made here from the deals
themselves, whatever the won deals and the days do in between."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salescli.models.enums import RevenueBasis
from salescli.services.core import reps
from salescli.services.core.session import open_session
from salescli.services.value.book_retention import retention_rate

FIRST_DAY = date(2026, 11, 23)
ACCOUNTS = 5
STAMP = "2026-01-01 09:00:00"

Deal = tuple[int, str, str]  # account, status, close date


def count(deals: dict[int, Deal], today: date) -> tuple[int, int]:
    """Retained and active customers, from the deals alone: dateutil moves the bounds."""
    year, two = today - relativedelta(months=12), today - relativedelta(months=24)
    bought: dict[int, list[date]] = {}
    for account, status, day in deals.values():
        if status == "won":
            bought.setdefault(account, []).append(date.fromisoformat(day))
    active = [days for days in bought.values() if any(two < day <= year for day in days)]
    retained = [days for days in active if any(year < day <= today for day in days)]
    return len(retained), len(active)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated book with a rep, five accounts and the won stage."""
    path = tmp_path_factory.mktemp("retention") / "template.db"
    with open_session(path, today=FIRST_DAY, acting_handle="alice") as session:
        reps.add_rep(session, handle="alice", name="Alice Chen")
        session.db.executemany(
            "INSERT INTO account (id, name, status, owner_id, created_at, updated_at)"
            " VALUES (?, ?, 'customer', 1, ?, ?)",
            [(n, f"Account {n}", STAMP, STAMP) for n in range(1, ACCOUNTS + 1)],
        )
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return path


days = st.integers(min_value=-800, max_value=60).map(lambda n: FIRST_DAY + timedelta(days=n))
statuses = st.sampled_from(["won", "won", "open", "lost"])
accounts = st.integers(min_value=1, max_value=ACCOUNTS)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("add"), accounts, statuses, days),
        st.tuples(st.just("account"), st.integers(0, 40), accounts),
        st.tuples(st.just("status"), st.integers(0, 40), statuses),
        st.tuples(st.just("close"), st.integers(0, 40), days),
        st.tuples(st.just("delete"), st.integers(0, 40)),
        # Several deals in one statement, as a merge moves an account's deals.
        st.tuples(st.just("merge"), accounts, accounts),
        st.tuples(st.just("win all"), accounts),
        st.tuples(st.just("day"), st.sampled_from([-40, -1, 1, 2, 17, 31, 45, 100, 400])),
        st.tuples(st.just("read")),
    ),
    min_size=1,
    max_size=40,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(start=st.lists(st.tuples(accounts, statuses, days), max_size=12), changes=steps)
def test_kept_and_moved_counts_equal_a_fresh_count(
    template: Path,
    tmp_path: Path,
    start: list[tuple[int, str, date]],
    changes: list[tuple[Any, ...]],
) -> None:
    path = tmp_path / "book.db"  # the same folder for every example: a fresh copy each
    for old in tmp_path.glob("book.db*"):
        old.unlink()
    shutil.copy(template, path)
    deals: dict[int, Deal] = {}
    today = FIRST_DAY
    with open_session(path, today=FIRST_DAY, acting_handle="alice") as session:
        stage = {
            kind: session.db.scalar(f"SELECT min(id) FROM stage WHERE kind = '{kind}'")
            for kind in ("open", "won", "lost")
        }

        def add(account: int, status: str, day: date) -> None:
            ident = max(deals, default=0) + 1
            session.db.execute(
                "INSERT INTO opportunity (id, account_id, name, amount, close_date, stage_id,"
                " stage_entered, status, opened_on, closed_on, owner_id, created_at,"
                " updated_at) VALUES (?, ?, ?, 100, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                (ident, account, f"Deal {ident}", day, stage[status], day, status, day,
                 day, STAMP, STAMP),
            )  # fmt: skip
            deals[ident] = (account, status, day.isoformat())

        def pick(index: int) -> int | None:
            return sorted(deals)[index % len(deals)] if deals else None

        def check() -> None:
            retained, active = count(deals, today)
            rate = retention_rate(session, basis=RevenueBasis.WON, today=today)
            assert rate == (Decimal(retained) / Decimal(active) if active else None)
            with sqlite3.connect(path) as reader:
                kept = reader.execute(
                    "SELECT retention_on, retained, active FROM won_deal_version"
                ).fetchone()
            reader.close()
            assert kept == (today.isoformat(), retained, active)

        for account, status, day in start:
            add(account, status, day)
        check()
        for change in changes:
            kind, *values = change
            ident = pick(values[0]) if kind in {"account", "status", "close", "delete"} else None
            if kind == "add":
                add(*values)
            elif kind == "day":
                today += timedelta(days=values[0])
            elif kind == "merge":
                duplicate, keep = values
                session.db.execute(
                    "UPDATE opportunity SET account_id = ? WHERE account_id = ?", (keep, duplicate)
                )
                for key, (account, status, day) in deals.items():
                    if account == duplicate:
                        deals[key] = (keep, status, day)
            elif kind == "win all":
                session.db.execute(
                    "UPDATE opportunity SET status = 'won' WHERE account_id = ?", (values[0],)
                )
                for key, (account, _, day) in deals.items():
                    if account == values[0]:
                        deals[key] = (account, "won", day)
            elif ident is not None and kind == "delete":
                session.db.execute("DELETE FROM opportunity WHERE id = ?", (ident,))
                del deals[ident]
            elif ident is not None:
                was_account, was_status, was_day = deals[ident]
                column, value = {
                    "account": ("account_id", values[1]),
                    "status": ("status", values[1]),
                    "close": ("closed_on", str(values[1])),
                }[kind]
                session.db.execute(
                    f"UPDATE opportunity SET {column} = ? WHERE id = ?", (value, ident)
                )
                deals[ident] = (
                    value if kind == "account" else was_account,
                    value if kind == "status" else was_status,
                    value if kind == "close" else was_day,
                )
            check()
