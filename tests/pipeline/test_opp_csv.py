"""CSV import and export of opportunities, through the services: pipelines from other
CRMs (their stage names, owners by full name, deals already closed), Chinese
spreadsheets, refusal of bad files, updates, and the export -> import round trip that
keeps each deal's history and co-owners."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from salescli import csvio
from salescli.errors import CsvRejected, UsageProblem
from salescli.models.enums import LossReason
from salescli.services.core import reps
from salescli.services.core.bulk import ImportOptions
from salescli.services.core.session import Session, open_session
from salescli.services.customers import accounts, contacts
from salescli.services.pipeline import lifecycle, opportunities, shares
from salescli.services.pipeline.opportunities_export import (
    export_opportunities,
    write_opportunities_csv,
)
from salescli.services.pipeline.opportunities_import import import_opportunities
from salescli.textsearch import is_text_index_table
from tests.conftest import TODAY, acting, as_deal_owner

Dump = dict[str, list[tuple[Any, ...]]]

SALESFORCE = (
    "Opportunity ID,Opportunity Name,Account ID,Account Name,Amount,Close Date,Stage,"
    "Forecast Category,Opportunity Owner,Created Date\n"
    "006A1,Cloud migration,001X1,Acme Corp,,2027-01-31,Engaging,Pipeline,Bob Li,2026-10-01\n"
    '006A2,ERP rollout,001X2,Globex,"48,000.00",2026-09-30,Closed Won,Closed,Carol Wu,2026-03-02\n'
    "006A3,Data warehouse,001X3,Initech,15000,2026-07-15,Closed Lost,Omitted,Carol Wu,2026-02-10\n"
    "006A4,Support renewal,001X1,Acme Corp,,2026-12-20,Prospecting,Best Case,alice,2026-11-02\n"
)
STAGE_MAP = ("Engaging=proposal", "Prospecting=prospect")


# ---------------------------------------------------------------------------------------
# Helpers


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def rows_of(session: Session, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in session.db.rows(sql, params)]


def dump(db: Path) -> Dump:
    """Every row of every table, in a stable order."""
    with sqlite3.connect(db) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
            # A text index is searched, not read (and FTS5 rewrites it as it likes).
            if not is_text_index_table(row[0])
        ]
        return {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }


def deals(session: Session) -> dict[str, dict[str, Any]]:
    """Each deal by name, with its stage key, owner handle and account name."""
    found = session.db.rows(
        "SELECT o.*, s.key AS stage, r.handle AS owner, a.name AS account"
        " FROM opportunity o JOIN stage s ON s.id = o.stage_id"
        " LEFT JOIN rep r ON r.id = o.owner_id LEFT JOIN account a ON a.id = o.account_id"
    )
    return {row["name"]: dict(row) for row in found}


def history(session: Session, name: str) -> list[tuple[str | None, str, str, int | None]]:
    """A deal's stage changes: (from, to, on date, days)."""
    return rows_of(
        session,
        "SELECT f.key, t.key, h.on_date, h.days FROM stage_change h"
        " JOIN opportunity o ON o.id = h.opportunity_id"
        " LEFT JOIN stage f ON f.id = h.from_stage_id JOIN stage t ON t.id = h.to_stage_id"
        " WHERE o.name = ? ORDER BY h.on_date, h.id",
        (name,),
    )


def exported(session: Session, **filters: Any) -> str:
    header, rows = export_opportunities(session, **filters)
    handle = io.StringIO()
    csvio.write_rows(handle, header, rows)
    return handle.getvalue()


def import_file(session: Session, path: Path, **options: Any) -> Any:
    dry_run = options.pop("dry_run", False)
    on_conflict = options.pop("on_conflict", "update")
    return import_opportunities(
        session, ImportOptions(path=path, dry_run=dry_run, on_conflict=on_conflict), **options
    )


def on(session: Session, day: date) -> Session:
    """Let the session act on another day (a new command, as far as dates go)."""
    session.today = day
    session._now = None
    return session


@pytest.fixture
def book(session: Session) -> Iterator[Session]:
    """alice and bob, and accounts Acme Corp (with contact Wang Wei) and Globex."""
    accounts.add_account(session, name="Acme Corp")
    accounts.add_account(session, name="Globex", owner="bob")
    contacts.add_contact(session, account="Acme Corp", name="Wang Wei")
    yield session


# ---------------------------------------------------------------------------------------
# Pipelines from other CRMs


def test_salesforce_pipeline_with_create_missing_and_stage_map(
    session: Session, tmp_path: Path
) -> None:
    path = write(tmp_path / "salesforce.csv", SALESFORCE)

    result = import_file(session, path, create_missing=True, stage_map=STAGE_MAP)

    # The other CRM's own account ids mean nothing here.
    assert (result.rows, result.inserted, result.updated, result.ignored_columns) == (
        4,
        4,
        0,
        ["Account ID"],
    )
    got = deals(session)
    assert {
        name: (d["stage"], d["status"], d["owner"], d["forecast_category"], d["external_id"])
        for name, d in got.items()
    } == {
        "Cloud migration": ("proposal", "open", "bob", "pipeline", "006A1"),
        "ERP rollout": ("won", "won", "carol-wu", None, "006A2"),
        "Data warehouse": ("lost", "lost", "carol-wu", None, "006A3"),
        "Support renewal": ("prospect", "open", "alice", "best-case", "006A4"),
    }
    assert got["Cloud migration"]["amount"] is None
    assert got["ERP rollout"]["amount"] == 4_800_000
    assert got["Support renewal"]["account"] == "Acme Corp"
    # Carol Wu was not a rep: she is one now, a plain rep under her own name.
    assert rows_of(
        session, "SELECT handle, name, role, active FROM rep WHERE handle = 'carol-wu'"
    ) == [("carol-wu", "Carol Wu", "rep", 1)]
    # New accounts belong to the owner of the deal that named them first.
    assert rows_of(
        session,
        "SELECT a.name, r.handle FROM account a JOIN rep r ON r.id = a.owner_id ORDER BY a.id",
    ) == [
        ("Acme Corp", "bob"),
        ("Globex", "carol-wu"),
        ("Initech", "carol-wu"),
    ]
    # One event for the whole import, naming what it created.
    (changes,) = session.db.row(
        "SELECT changes FROM event WHERE entity = 'opportunity' AND action = 'import'"
    )
    assert json.loads(changes) == {
        "file": str(path),
        "inserted": 4,
        "updated": 0,
        "inserted_ids": [1, 4],
        "created": {"reps": ["carol-wu"], "accounts": 3, "contacts": 0},
    }
    assert session.db.scalar("SELECT count(*) FROM event WHERE entity != 'rep'") == 1
    # The same export a week later finds each deal by its Opportunity ID and changes nothing.
    again = import_file(on(session, date(2026, 11, 30)), path, stage_map=STAGE_MAP)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 4)


def test_the_same_file_without_create_missing_is_refused_with_line_errors(
    session: Session, db_path: Path, tmp_path: Path
) -> None:
    accounts.add_account(session, name="Acme Corp")
    path = write(tmp_path / "salesforce.csv", SALESFORCE)
    before = dump(db_path)

    with pytest.raises(CsvRejected) as refused:
        import_file(session, path, stage_map=STAGE_MAP)

    assert refused.value.problems == [
        "line 3: owner: no rep 'Carol Wu'",
        "line 3: account: no account 'Globex'",
        "line 4: owner: no rep 'Carol Wu'",
        "line 4: account: no account 'Initech'",
    ]
    assert refused.value.message == f"{path}: 4 problems, nothing imported"
    assert dump(db_path) == before


def test_an_unknown_stage_is_a_line_error_naming_our_stages(
    session: Session, db_path: Path, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "hubspot.csv",
        "Deal Name,Deal Stage,Close Date\nA,appointmentscheduled,2026-12-01\nB,Proposal,2026-12-01\n",
    )
    before = dump(db_path)

    with pytest.raises(CsvRejected) as refused:
        import_file(session, path)

    assert refused.value.problems == [
        "line 2: stage: no stage 'appointmentscheduled' (stages are prospect, proposal,"
        " negotiation, won, lost; or map it: --stage-map 'appointmentscheduled=STAGE')"
    ]
    assert dump(db_path) == before


def test_a_stage_map_must_name_one_of_our_stages(session: Session, tmp_path: Path) -> None:
    path = write(tmp_path / "deals.csv", "name,stage\nA,Engaging\n")

    with pytest.raises(UsageProblem) as wrong:
        import_file(session, path, stage_map=("Engaging=pitching",))

    assert wrong.value.message == "--stage-map 'Engaging=pitching': no stage 'pitching'"
    assert wrong.value.hint == "choose one of: prospect, proposal, negotiation, won, lost"
    # Split on the last '=': a source name may hold one.
    import_file(
        session,
        write(tmp_path / "eq.csv", "name,stage\nA,Stage=2\n"),
        stage_map=("Stage=2=Negotiation",),
    )
    assert deals(session)["A"]["stage"] == "negotiation"


def test_chinese_headers_in_gb18030(session: Session, tmp_path: Path) -> None:
    text = (
        "商机名称,客户名称,金额,预计成交日期,阶段,负责人,创建日期\n"
        "华为云迁移,华为技术,1.2万,2027-02-01,Proposal,Bob Li,2026-10-08\n"
        "阿里巴巴续约,阿里巴巴（中国）,,2026-12-31,prospect,张伟,2026-11-01\n"
        "腾讯项目,腾讯,50000,2026-08-31,赢单,bob,2026-05-06\n"
        "百度项目,百度,30000,2026-06-30,输单,bob,2026-04-01\n"
    )
    path = write(tmp_path / "商机.csv", text, "gb18030")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")

    result = import_file(session, path, create_missing=True)

    assert (result.inserted, result.ignored_columns) == (4, [])
    got = deals(session)
    assert {
        name: (d["account"], d["amount"], d["stage"], d["owner"]) for name, d in got.items()
    } == {
        "华为云迁移": ("华为技术", 1_200_000, "proposal", "bob"),
        "阿里巴巴续约": ("阿里巴巴（中国）", None, "prospect", "zhang-wei"),
        "腾讯项目": ("腾讯", 5_000_000, "won", "bob"),
        "百度项目": ("百度", 3_000_000, "lost", "bob"),
    }
    assert got["腾讯项目"]["closed_on"] == "2026-08-31"
    assert got["华为云迁移"]["opened_on"] == "2026-10-08"
    # A Chinese name gets its pinyin as a handle, and keeps its name.
    assert rows_of(session, "SELECT handle, name FROM rep WHERE name = '张伟'") == [
        ("zhang-wei", "张伟")
    ]


def test_dry_run_counts_but_writes_nothing(session: Session, db_path: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "salesforce.csv", SALESFORCE)
    before = dump(db_path)

    result = import_file(session, path, create_missing=True, stage_map=STAGE_MAP, dry_run=True)

    assert (result.rows, result.inserted, result.updated, result.dry_run) == (4, 4, 0, True)
    assert dump(db_path) == before


# ---------------------------------------------------------------------------------------
# Dates and history


def test_an_imported_open_deal_starts_its_history_on_its_created_date(
    session: Session, tmp_path: Path
) -> None:
    path = write(tmp_path / "salesforce.csv", SALESFORCE)

    import_file(session, path, create_missing=True, stage_map=STAGE_MAP)

    deal = deals(session)["Cloud migration"]
    assert (deal["opened_on"], deal["stage_entered"], deal["closed_on"]) == (
        "2026-10-01",
        "2026-10-01",
        None,
    )
    assert history(session, "Cloud migration") == [(None, "proposal", "2026-10-01", None)]
    # Without a created date, a deal is opened on the day of the import.
    import_file(session, write(tmp_path / "plain.csv", "name,stage\nNew one,negotiation\n"))
    assert history(session, "New one") == [(None, "negotiation", TODAY.isoformat(), None)]


def test_an_imported_closed_deal_keeps_its_close_date(session: Session, tmp_path: Path) -> None:
    path = write(tmp_path / "salesforce.csv", SALESFORCE)

    import_file(session, path, create_missing=True, stage_map=STAGE_MAP)

    won = deals(session)["ERP rollout"]
    assert (won["status"], won["closed_on"], won["stage_entered"], won["close_date"]) == (
        "won",
        "2026-09-30",
        "2026-09-30",
        "2026-09-30",
    )
    # Opened into the first stage on its created date, won on its close date.
    assert history(session, "ERP rollout") == [
        (None, "prospect", "2026-03-02", None),
        ("prospect", "won", "2026-09-30", 212),
    ]
    assert history(session, "Data warehouse") == [
        (None, "prospect", "2026-02-10", None),
        ("prospect", "lost", "2026-07-15", 155),
    ]


def test_a_closed_on_column_wins_over_the_close_date(session: Session, tmp_path: Path) -> None:
    path = write(
        tmp_path / "deals.csv",
        "name,stage,close_date,closed_on,opened_on,loss_reason\n"
        "Lost early,lost,2026-09-30,2026-08-14,2026-06-01,Too expensive\n",
    )

    import_file(session, path)

    deal = deals(session)["Lost early"]
    assert (deal["closed_on"], deal["close_date"], deal["loss_reason"]) == (
        "2026-08-14",
        "2026-09-30",
        "price",
    )


def test_a_history_column_becomes_the_deal_history(session: Session, tmp_path: Path) -> None:
    path = write(
        tmp_path / "deals.csv",
        "name,stage,history\n"
        "Tracked,won,2026-01-05 prospect; 2026-03-10 Proposal; 2026-05-10 won\n",
    )

    import_file(session, path)

    deal = deals(session)["Tracked"]
    assert (deal["opened_on"], deal["stage_entered"], deal["closed_on"], deal["status"]) == (
        "2026-01-05",
        "2026-05-10",
        "2026-05-10",
        "won",
    )
    assert history(session, "Tracked") == [
        (None, "prospect", "2026-01-05", None),
        ("prospect", "proposal", "2026-03-10", 64),
        ("proposal", "won", "2026-05-10", 61),
    ]


def test_rows_that_contradict_themselves_are_refused(session: Session, tmp_path: Path) -> None:
    path = write(
        tmp_path / "deals.csv",
        "name,stage,status,opened_on,closed_on,history\n"
        "A,proposal,won,,,\n"
        "B,won,,2026-05-01,2026-04-01,\n"
        "C,proposal,,,2026-04-01,\n"
        "D,won,,,,2026-01-05 prospect; 2026-02-01 proposal\n"
        "E,proposal,,,,2026-03-01 prospect; 2026-02-01 proposal\n",
    )

    with pytest.raises(CsvRejected) as refused:
        import_file(session, path)

    assert refused.value.problems == [
        "line 2: status: a deal in stage proposal cannot be won",
        "line 3: closed_on: 2026-04-01 is before opened_on 2026-05-01",
        "line 4: closed_on: a deal that is open has not closed (its expected date is close_date)",
        "line 5: history: ends in proposal, but the stage is won",
        "line 6: history: '2026-02-01 proposal' comes before 2026-03-01: entries go in date order",
    ]


# ---------------------------------------------------------------------------------------
# Co-owners


def test_shares_are_imported(book: Session, tmp_path: Path) -> None:
    reps.add_rep(book, handle="carol", name="Carol Wu")
    path = write(
        tmp_path / "deals.csv",
        "name,account,stage,owner,shares\n"
        "Shared,Acme Corp,proposal,alice,bob:20;Carol Wu:12.5\n"
        "Alone,Acme Corp,proposal,alice,\n",
    )

    import_file(book, path)

    assert rows_of(
        book,
        "SELECT o.name, r.handle, sh.split FROM opportunity_share sh"
        " JOIN opportunity o ON o.id = sh.opportunity_id JOIN rep r ON r.id = sh.rep_id"
        " ORDER BY r.handle",
    ) == [("Shared", "bob", 2000), ("Shared", "carol", 1250)]
    detail = opportunities.show_opportunity(book, opportunity_id=deals(book)["Shared"]["id"])
    assert detail.owner_split == Decimal("67.50")
    assert "bob:20;carol:12.5" in exported(book)


def test_bad_shares_are_refused(book: Session, tmp_path: Path) -> None:
    path = write(
        tmp_path / "deals.csv",
        "name,stage,owner,shares\n"
        "A,proposal,alice,bob:60;alice:10\n"
        "B,proposal,alice,bob:60;dave:50\n"
        "C,proposal,alice,bob\n"
        "D,proposal,alice,zoe:10\n",
    )

    with pytest.raises(CsvRejected) as refused:
        import_file(book, path)

    assert refused.value.problems == [
        "line 2: shares: alice owns the deal; the owner keeps the rest",
        "line 3: shares: the splits come to 110 %, more than 100 %",
        "line 4: shares: 'bob' is not REP:PERCENT (e.g. bob:20;carol:10)",
        "line 5: shares: no rep 'zoe'",
    ]


# ---------------------------------------------------------------------------------------
# Updates


def _tracked_deal(session: Session) -> int:
    """Acme Corp's deal, opened 2026-09-01 in prospect."""
    on(session, date(2026, 9, 1))
    deal = opportunities.add_opportunity(
        session,
        account="Acme Corp",
        name="Tracked",
        amount=Decimal("1000"),
        close_date=date(2026, 12, 31),
    )
    on(session, TODAY)
    return deal.id


def test_a_row_with_an_id_updates_that_deal(book: Session, tmp_path: Path) -> None:
    deal_id = _tracked_deal(book)
    path = write(
        tmp_path / "edit.csv",
        f"id,name,account,amount,stage,close_date\n{deal_id},Tracked,Acme Corp,2500,negotiation,2027-01-15\n",
    )

    result = import_file(book, path)

    assert (result.inserted, result.updated) == (0, 1)
    deal = deals(book)["Tracked"]
    assert (deal["amount"], deal["stage"], deal["close_date"], deal["stage_entered"]) == (
        250_000,
        "negotiation",
        "2027-01-15",
        TODAY.isoformat(),
    )
    # The opened date and owner stay; the move is added to the history, dated today.
    assert (deal["opened_on"], deal["owner"]) == ("2026-09-01", "alice")
    assert history(book, "Tracked") == [
        (None, "prospect", "2026-09-01", None),
        ("prospect", "negotiation", TODAY.isoformat(), 83),
    ]
    # The same file again changes nothing.
    again = import_file(book, path)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 1)
    assert len(history(book, "Tracked")) == 2


def test_an_update_sheet_changes_only_its_columns(book: Session, tmp_path: Path) -> None:
    deal_id = _tracked_deal(book)
    path = write(tmp_path / "amounts.csv", f"id,amount\n{deal_id},7500\n999,1\n")

    with pytest.raises(CsvRejected) as refused:
        import_file(book, path)
    assert refused.value.problems == ["line 3: id: no opportunity 999"]

    write(path, f"id,amount\n{deal_id},7500\n")
    assert import_file(book, path).updated == 1
    deal = deals(book)["Tracked"]
    assert (deal["amount"], deal["stage"], deal["name"], deal["account"]) == (
        750_000,
        "prospect",
        "Tracked",
        "Acme Corp",
    )


def test_a_deal_named_twice_in_one_file_is_refused(book: Session, tmp_path: Path) -> None:
    deal_id = _tracked_deal(book)
    path = write(
        tmp_path / "twice.csv",
        f"id,external_id,name,stage\n{deal_id},,Tracked,prospect\n{deal_id},,Tracked,proposal\n"
        ",SF-1,New,prospect\n,SF-1,New again,prospect\n",
    )

    with pytest.raises(CsvRejected) as refused:
        import_file(book, path)

    assert refused.value.problems == [
        f"line 3: id: deal {deal_id} is on an earlier line too",
        "line 5: external_id: 'SF-1' is on an earlier line too",
    ]


def test_rows_find_deals_by_external_id(book: Session, tmp_path: Path) -> None:
    path = write(
        tmp_path / "sf.csv", "Opportunity ID,Opportunity Name,Stage\n006A,First,prospect\n"
    )
    import_file(book, path)
    write(
        path,
        "Opportunity ID,Opportunity Name,Stage\n006A,First renamed,prospect\n006B,Second,proposal\n",
    )

    result = import_file(book, path)

    assert (result.inserted, result.updated) == (1, 1)
    assert sorted(deals(book)) == ["First renamed", "Second"]


# ---------------------------------------------------------------------------------------
# Export and the round trip


def _book_with_history(session: Session) -> None:
    """Deals built through the services on known days: won, lost, suspended, shared."""
    reps.add_rep(session, handle="carol", name="Carol Wu")
    on(session, date(2026, 1, 5))
    won = opportunities.add_opportunity(
        session,
        account="Acme Corp",
        name="ERP rollout",
        amount=Decimal("48000"),
        close_date=date(2026, 6, 30),
        contact="Wang Wei",
        source="referral",
    )
    on(session, date(2026, 3, 10))
    lifecycle.advance_opportunity(session, opportunity_id=won.id)
    on(session, date(2026, 5, 10))
    lifecycle.win_opportunity(session, opportunity_id=won.id, summary="best fit, fast rollout")
    on(session, date(2026, 2, 1))
    lost = opportunities.add_opportunity(
        session,
        account="Globex",
        name='=Data, "warehouse"',
        amount=Decimal("15000.50"),
        close_date=date(2026, 7, 1),
    )
    # Globex is bob's: so are its deals, which bob works.
    with as_deal_owner(session, lost.id):
        on(session, date(2026, 4, 1))
        lifecycle.advance_opportunity(session, opportunity_id=lost.id)
        on(session, date(2026, 6, 1))
        lifecycle.lose_opportunity(
            session,
            opportunity_id=lost.id,
            reason=LossReason.COMPETITOR,
            competitor="Initech",
            summary="closed",
        )
    on(session, date(2026, 9, 1))
    shared = opportunities.add_opportunity(
        session,
        account="Acme Corp",
        name="Cloud migration",
        amount=Decimal("0"),
        close_date=date(2027, 1, 31),
        next_step="demo",
        next_date=date(2026, 12, 1),
        owner="bob",
    )
    with as_deal_owner(session, shared.id):
        opportunities.edit_opportunity(session, opportunity_id=shared.id, probability=Decimal("55"))
        shares.share_opportunity(
            session, opportunity_id=shared.id, rep="carol", split=Decimal("12.5")
        )
        shares.share_opportunity(
            session, opportunity_id=shared.id, rep="alice", split=Decimal("20")
        )
    on(session, date(2026, 10, 1))
    paused = opportunities.add_opportunity(
        session, account="Globex", name="Paused", amount=Decimal("900"), close_date=date(2027, 3, 1)
    )
    on(session, date(2026, 11, 2))
    with as_deal_owner(session, paused.id):
        lifecycle.suspend_opportunity(
            session, opportunity_id=paused.id, reason="budget freeze", until=date(2027, 1, 15)
        )
    on(session, TODAY)


def test_export_writes_history_shares_and_names(book: Session) -> None:
    _book_with_history(book)

    rows = list(csv.DictReader(io.StringIO(exported(book))))

    assert list(rows[0]) == [
        "id", "external_id", "name", "account", "contact", "amount", "close_date", "stage",
        "status", "probability", "forecast_category", "source", "competitor", "loss_reason",
        "summary", "next_step", "next_date", "suspend_reason", "suspended_until", "opened_on",
        "closed_on", "owner", "campaign", "shares", "history",
    ]  # fmt: skip
    won, lost, shared, paused = rows
    assert (won["account"], won["contact"], won["amount"], won["status"]) == (
        "Acme Corp",
        "Wang Wei",
        "48000.00",
        "won",
    )
    assert won["history"] == "2026-01-05 prospect; 2026-03-10 proposal; 2026-05-10 won"
    assert (lost["name"], lost["loss_reason"], lost["competitor"]) == (
        '\'=Data, "warehouse"',
        "competitor",
        "Initech",
    )
    assert (shared["owner"], shared["shares"], shared["probability"]) == (
        "bob",
        "alice:20;carol:12.5",
        "55.00",
    )
    assert (paused["status"], paused["suspend_reason"], paused["suspended_until"]) == (
        "suspended",
        "budget freeze",
        "2027-01-15",
    )
    assert exported(book, owner="alice").count("\n") == 2  # the won deal
    assert exported(book, status="lost").count("\n") == 2
    assert exported(book, ids=[won["id"], paused["id"]]).count("\n") == 3


def test_export_import_into_an_empty_book_export_again_is_the_same_file(
    book: Session, tmp_path: Path
) -> None:
    _book_with_history(book)
    first = exported(book)
    path = write(tmp_path / "deals.csv", first)

    with open_session(tmp_path / "empty.db", today=TODAY, acting_handle="alice") as empty:
        result = import_file(empty, path, create_missing=True)
        assert (result.inserted, result.updated) == (4, 0)
        assert exported(empty) == first
        # The rebuilt history has the days in each stage the services recorded.
        assert history(empty, "ERP rollout") == history(book, "ERP rollout")
        # Importing it once more into the same book changes nothing.
        again = import_file(empty, path)
        assert (again.inserted, again.updated, again.unchanged) == (0, 0, 4)


def test_reimporting_an_export_with_an_edited_history_rewrites_that_history(
    book: Session, tmp_path: Path
) -> None:
    _book_with_history(book)
    text = exported(book).replace(
        "2026-01-05 prospect; 2026-03-10 proposal; 2026-05-10 won",
        "2026-01-05 prospect; 2026-02-10 proposal; 2026-04-01 negotiation; 2026-05-10 won",
    )
    path = write(tmp_path / "deals.csv", text)

    result = import_file(book, path)

    assert (result.inserted, result.updated, result.unchanged) == (0, 1, 3)
    assert history(book, "ERP rollout") == [
        (None, "prospect", "2026-01-05", None),
        ("prospect", "proposal", "2026-02-10", 36),
        ("proposal", "negotiation", "2026-04-01", 50),
        ("negotiation", "won", "2026-05-10", 39),
    ]
    assert exported(book) == text


def test_write_opportunities_csv_writes_the_given_deals(book: Session, tmp_path: Path) -> None:
    _book_with_history(book)
    target = tmp_path / "purged.csv"

    assert write_opportunities_csv(book, [1, 2], target) == 2

    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [row["name"] for row in rows] == ["ERP rollout", '\'=Data, "warehouse"']


def test_on_conflict_skip_and_error(book: Session, tmp_path: Path) -> None:
    deal_id = _tracked_deal(book)
    path = write(
        tmp_path / "deals.csv",
        f"id,name,stage,amount\n{deal_id},Tracked,proposal,5\n,Other,prospect,\n",
    )

    with pytest.raises(CsvRejected) as refused:
        import_file(book, path, on_conflict="error")
    assert refused.value.problems == ["line 2: id: another record already has this id"]

    skipped = import_file(book, path, on_conflict="skip")
    assert (skipped.inserted, skipped.updated, skipped.skipped) == (1, 0, 1)
    assert (deals(book)["Tracked"]["stage"], deals(book)["Tracked"]["amount"]) == (
        "prospect",
        100_000,
    )
    assert len(history(book, "Tracked")) == 1


def test_a_change_of_co_owners_alone_counts_as_an_update(book: Session, tmp_path: Path) -> None:
    _book_with_history(book)
    text = exported(book)
    path = write(tmp_path / "deals.csv", text.replace("alice:20;carol:12.5", "carol:30"))
    before = deals(book)["Cloud migration"]["updated_at"]
    on(book, date(2026, 11, 24))

    with acting(book, "bob"):  # the deal's owner decides who shares its credit
        result = import_file(book, path)

    assert (result.inserted, result.updated, result.unchanged) == (0, 1, 3)
    assert rows_of(book, "SELECT rep_id, split FROM opportunity_share") == [(3, 3000)]
    assert deals(book)["Cloud migration"]["updated_at"] > before


def test_closing_a_deal_through_a_file_moves_it_on_its_closed_date(
    book: Session, tmp_path: Path
) -> None:
    deal_id = _tracked_deal(book)
    path = write(tmp_path / "won.csv", f"id,stage,closed_on\n{deal_id},Closed Won,2026-11-20\n")

    assert import_file(book, path).updated == 1

    deal = deals(book)["Tracked"]
    assert (deal["status"], deal["stage"], deal["closed_on"], deal["stage_entered"]) == (
        "won",
        "won",
        "2026-11-20",
        "2026-11-20",
    )
    assert history(book, "Tracked") == [
        (None, "prospect", "2026-09-01", None),
        ("prospect", "won", "2026-11-20", 80),
    ]


def test_a_history_through_a_retired_stage_reads_back(book: Session, tmp_path: Path) -> None:
    from salescli.services.pipeline import stages

    stages.add_stage(book, key="demo", name="Demo", after="prospect")
    deal_id = _tracked_deal(book)
    lifecycle.advance_opportunity(book, opportunity_id=deal_id)
    on(book, date(2026, 11, 25))
    lifecycle.advance_opportunity(book, opportunity_id=deal_id)
    stages.remove_stage(book, key="demo")
    text = exported(book)
    assert "2026-09-01 prospect; 2026-11-23 demo; 2026-11-25 proposal" in text

    result = import_file(book, write(tmp_path / "deals.csv", text))

    assert (result.updated, result.unchanged) == (0, 1)
    # A current stage, though, cannot be a retired one.
    with pytest.raises(CsvRejected) as refused:
        import_file(book, write(tmp_path / "now.csv", "name,stage\nX,demo\n"))
    assert refused.value.problems[0].startswith("line 2: stage: no stage 'demo'")


def test_dates_after_today_are_refused(tmp_path: Path, session: Session) -> None:
    """A deal opened, moved or closed 'in the future' could never be advanced."""
    accounts.add_account(session, name="Acme")
    file = tmp_path / "future.csv"
    file.write_text(
        "name,account,amount,close_date,stage,opened_on,closed_on,history\n"
        "A,Acme,1,2027-03-01,proposal,2027-03-01,,\n"
        "B,Acme,1,2027-05-01,won,2026-01-01,2027-05-01,\n"
        "C,Acme,1,2027-05-01,proposal,,,2026-01-01 prospect; 2027-02-01 proposal\n",
        encoding="utf-8",
    )
    with pytest.raises(CsvRejected) as refused:
        import_opportunities(session, ImportOptions(path=file))
    text = " ".join(refused.value.problems)
    assert "opened_on: 2027-03-01 is after today" in text
    assert "closed_on: 2027-05-01 is after today" in text
    assert "history: 2027-02-01 is after today" in text
