"""CSV import and export of activities, through the services: the export -> import round
trip, Salesforce task exports and Chinese visit logs (GB18030), refusal of bad rows with
their lines, dry runs, update sheets, and the last touch of accounts and deals moved
forward in bulk."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from salescli import csvio
from salescli.errors import CsvRejected, NotFound
from salescli.models.enums import ActivityType
from salescli.services.activities import activities
from salescli.services.activities.activities_csv import (
    ALIASES,
    FIELDS,
    export_activities,
    import_activities,
)
from salescli.services.core import bulk, reps
from salescli.services.core.bulk import ImportOptions
from salescli.services.core.session import Session, open_session
from salescli.services.customers import accounts, contacts
from salescli.services.pipeline import opportunities
from salescli.textsearch import is_text_index_table
from tests.conftest import TODAY, as_manager

Dump = dict[str, list[tuple[Any, ...]]]


# ---------------------------------------------------------------------------------------
# Helpers


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


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


def activity_rows(session: Session) -> list[dict[str, Any]]:
    """Every activity with its account, deal, contact and owner by name, without stamps."""
    return [
        {key: row[key] for key in row.keys() if key not in ("created_at", "updated_at")}  # noqa: SIM118
        for row in session.db.rows(
            "SELECT v.*, a.name AS account, c.name AS contact, r.handle AS owner"
            " FROM activity v JOIN account a ON a.id = v.account_id"
            " LEFT JOIN contact c ON c.id = v.contact_id LEFT JOIN rep r ON r.id = v.owner_id"
            " ORDER BY v.id"
        )
    ]


def by_external(session: Session) -> dict[str, dict[str, Any]]:
    return {row["external_id"]: row for row in activity_rows(session) if row["external_id"]}


def last_touches(session: Session) -> dict[str, Any]:
    found = {
        f"account {row[0]}": row[1]
        for row in session.db.rows("SELECT name, last_touch FROM account ORDER BY id")
    }
    found.update(
        (f"deal {row[0]}", row[1])
        for row in session.db.rows("SELECT name, last_touch FROM opportunity ORDER BY id")
    )
    return found


def exported(session: Session, path: Path, **filters: Any) -> Path:
    header, rows = export_activities(session, **filters)
    csvio.write_csv(path, header, rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def run(session: Session, path: Path, **options: Any) -> Any:
    return import_activities(session, ImportOptions(path=path, **options))


def refused(session: Session, path: Path) -> list[str]:
    before = dump(session.db.path)
    with pytest.raises(CsvRejected) as caught:
        run(session, path)
    assert dump(session.db.path) == before
    return caught.value.problems


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def build_book(session: Session) -> None:
    """Two accounts with contacts and a deal; reps alice and bob exist."""
    accounts.add_account(session, name="Acme, Inc.", address="12 Dock Road")
    accounts.add_account(session, name="华东机械有限公司")
    contacts.add_contact(session, account="Acme, Inc.", name="Dana Scully", phone="555 0199")
    contacts.add_contact(session, account="华东机械有限公司", name="王伟")
    opportunities.add_opportunity(
        session,
        account="Acme, Inc.",
        name="Press line",
        amount=Decimal("48000"),
        close_date=date(2027, 2, 1),
    )


@pytest.fixture
def book(session: Session) -> Session:
    build_book(session)
    return session


def fill(session: Session) -> None:
    """Activities of every kind: planned (timed and whole-day), done, cancelled, moved,
    with a deal and a contact, with awkward text."""
    visit = activities.plan_activity(
        session,
        account="Acme, Inc.",
        at=(day(2), "10:30"),
        opportunity=1,
        contact="Dana Scully",
        purpose='Walk the line, "pilot"; =SUM(A1)',
        objective="Agree on the pilot\nand its dates",
        min_objective="A demo date",
    )
    activities.plan_activity(
        session, account="华东机械有限公司", at=(day(0), None), activity_type=ActivityType.CALL
    )
    activities.log_activity(
        session,
        account="华东机械有限公司",
        outcome="谈了二期预算，下周报价",
        at=(day(-3), "15:00"),
        contact="王伟",
        next_step="报价",
        next_at=(day(4), "09:00"),
    )
    cancelled = activities.plan_activity(session, account="Acme, Inc.", at=(day(6), None))
    activities.cancel_activity(session, activity_id=cancelled.id, reason="Plant closed")
    activities.complete_activity(
        session, activity_id=visit.id, outcome="Pilot agreed", at=(day(0), "08:00")
    )
    activities.plan_activity(
        session, account="Acme, Inc.", at=(day(9), "16:00"), owner="bob", opportunity=1
    )


# ---------------------------------------------------------------------------------------
# Export and round trip


def test_export_columns_and_cells(book: Session, tmp_path: Path) -> None:
    fill(book)
    rows = read_csv(exported(book, tmp_path / "out.csv"))
    assert list(rows[0]) == list(FIELDS)
    assert [row["status"] for row in rows] == [
        "done",
        "planned",
        "done",
        "planned",
        "cancelled",
        "planned",
    ]
    first = rows[0]
    assert first["account"] == "Acme, Inc."
    assert first["opportunity"] == "1"
    assert first["contact"] == "Dana Scully"
    assert first["purpose"] == 'Walk the line, "pilot"; =SUM(A1)'
    assert (first["planned_on"], first["planned_time"]) == ("2026-11-25", "10:30")
    assert (first["done_on"], first["done_time"]) == ("2026-11-23", "08:00")
    assert first["owner"] == "alice"
    assert rows[4]["cancel_reason"] == "Plant closed"
    assert rows[5]["owner"] == "bob"
    mine = read_csv(exported(book, tmp_path / "bob.csv", owner="bob", status="planned"))
    assert [row["id"] for row in mine] == ["6"]
    assert [row["id"] for row in read_csv(exported(book, tmp_path / "c.csv", status="已取消"))] == [
        "5"
    ]
    with pytest.raises(NotFound):
        export_activities(book, owner="nobody")


def test_export_then_import_changes_nothing(book: Session, tmp_path: Path) -> None:
    fill(book)
    path = exported(book, tmp_path / "out.csv")
    # A formula-like cell is neutralised in the file and read back exactly.
    assert "'=SUM(A1)" not in path.read_text()
    before = dump(book.db.path)
    result = run(book, path)
    assert (result.rows, result.inserted, result.updated, result.unchanged) == (6, 0, 0, 6)
    assert dump(book.db.path) == before


def test_round_trip_into_another_book(book: Session, tmp_path: Path) -> None:
    fill(book)
    path = exported(book, tmp_path / "out.csv")
    with open_session(tmp_path / "other.db", today=TODAY, acting_handle="alice") as other:
        reps.add_rep(other, handle="alice", name="Alice Chen")
        reps.add_rep(other, handle="bob", name="Bob Li")
        build_book(other)
        result = run(other, path)
        assert (result.inserted, result.updated) == (6, 0)
        assert activity_rows(other) == activity_rows(book)
        assert last_touches(other) == last_touches(book)
        assert last_touches(other)["account Acme, Inc."] == "2026-11-23"
        assert last_touches(other)["deal Press line"] == "2026-11-23"


def test_edited_export_updates_what_changed(book: Session, tmp_path: Path) -> None:
    fill(book)
    path = exported(book, tmp_path / "out.csv")
    rows = read_csv(path)
    # Planned call 2 was done yesterday; bob's visit moves a day later, same time.
    rows[1].update(status="done", done_on="2026-11-22", outcome="Reached them")
    rows[5].update(planned_on="2026-12-03")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with as_manager(book):  # alice's call and bob's visit
        result = run(book, path)
    assert (result.inserted, result.updated, result.unchanged) == (0, 2, 4)
    found = {row["id"]: row for row in activity_rows(book)}
    assert (found[2]["status"], found[2]["done_on"], found[2]["outcome"]) == (
        "done",
        "2026-11-22",
        "Reached them",
    )
    assert (found[6]["planned_on"], found[6]["planned_time"]) == ("2026-12-03", "16:00")
    # The account's later touch (3 days ago was earlier; the log was on 11-20) moves on.
    assert last_touches(book)["account 华东机械有限公司"] == "2026-11-22"


# ---------------------------------------------------------------------------------------
# Other CRMs and Chinese spreadsheets


SALESFORCE = (
    "Activity ID,Subject,Due Date,Related To,Name,Assigned To,Status,Type,Priority,Comments\n"
    '00T1,Follow up,2026-11-20,"Acme, Inc.",Dana Scully,Bob Li,Completed,Call,Normal,"Agreed; next week"\n'
    '00T2,Send quote,2026-12-01 2:30 PM,"Acme, Inc.",,alice,Not Started,Email,High,\n'
    "00T3,Lunch,2026-11-25,华东机械有限公司,王伟,Bob Li,In Progress,,Normal,\n"
    "00T4,Old call,2026-11-02,华东机械有限公司,,Alice Chen,Completed,Phone Call,Normal,No answer\n"
    '00T5,Review,2026-11-30,"Acme, Inc.",,alice,Deferred,Meeting,Low,\n'
)


def test_salesforce_tasks(book: Session, tmp_path: Path) -> None:
    result = run(book, write(tmp_path / "tasks.csv", SALESFORCE))
    assert (result.rows, result.inserted) == (5, 5)
    assert result.ignored_columns == ["Priority"]
    found = by_external(book)
    follow = found["00T1"]
    assert (follow["type"], follow["status"], follow["owner"]) == ("call", "done", "bob")
    # A completed task was done on its due date.
    assert (follow["planned_on"], follow["done_on"]) == ("2026-11-20", "2026-11-20")
    assert (follow["purpose"], follow["outcome"], follow["contact"]) == (
        "Follow up",
        "Agreed; next week",
        "Dana Scully",
    )
    quote = found["00T2"]
    assert (quote["type"], quote["status"], quote["planned_on"], quote["planned_time"]) == (
        "email",
        "planned",
        "2026-12-01",
        "14:30",
    )
    lunch = found["00T3"]
    assert (lunch["type"], lunch["status"], lunch["contact"]) == ("visit", "planned", "王伟")
    assert (found["00T4"]["type"], found["00T4"]["owner"]) == ("call", "alice")
    assert found["00T5"]["status"] == "cancelled"
    assert last_touches(book)["account Acme, Inc."] == "2026-11-20"
    assert last_touches(book)["account 华东机械有限公司"] == "2026-11-02"
    # The same file again finds its tasks by their ids.
    again = run(book, write(tmp_path / "tasks.csv", SALESFORCE))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 5)


CHINESE = (
    "客户,联系人,类型,计划日期,拜访日期,拜访时间,拜访目的,结果,下一步,负责人,商机编号\n"
    "华东机械有限公司,王伟,拜访,,2026-11-18,10:00,介绍二期方案,客户认可，要求报价,发报价,"
    "Alice Chen,\n"
    "华东机械有限公司,,电话,2026-11-26,,,确认报价,,,alice,\n"
    '"Acme, Inc.",Dana Scully,微信,,2026年11月21日,,,已发资料,,bob,1\n'
)


def test_chinese_visit_log_in_gb18030(book: Session, tmp_path: Path) -> None:
    path = write(tmp_path / "拜访记录.csv", CHINESE, encoding="gb18030")
    result = run(book, path)
    assert (result.rows, result.inserted, result.ignored_columns) == (3, 3, [])
    rows = activity_rows(book)
    visit, call, message = rows
    assert (visit["type"], visit["status"], visit["done_on"], visit["done_time"]) == (
        "visit",
        "done",
        "2026-11-18",
        "10:00",
    )
    assert (visit["contact"], visit["purpose"], visit["outcome"], visit["next_step"]) == (
        "王伟",
        "介绍二期方案",
        "客户认可，要求报价",
        "发报价",
    )
    assert (call["type"], call["status"], call["planned_on"], call["owner"]) == (
        "call",
        "planned",
        "2026-11-26",
        "alice",
    )
    assert (message["type"], message["done_on"], message["opportunity_id"]) == (
        "message",
        "2026-11-21",
        1,
    )
    touches = last_touches(book)
    assert touches["account 华东机械有限公司"] == "2026-11-18"
    assert touches["account Acme, Inc."] == "2026-11-21"
    assert touches["deal Press line"] == "2026-11-21"


def test_no_two_fields_share_an_alias() -> None:
    seen: dict[str, str] = {}
    for name in FIELDS:
        for alias in (name, *ALIASES.get(name, ())):
            key = csvio.normalise_header(alias)
            assert seen.setdefault(key, name) == name, f"'{alias}' means {seen[key]} and {name}"


# ---------------------------------------------------------------------------------------
# Refusals and dry runs


def test_bad_rows_are_refused_with_their_lines(book: Session, tmp_path: Path) -> None:
    activities.plan_activity(book, account="Acme, Inc.", at=(day(1), None))
    text = (
        "account,contact,opportunity,type,status,planned_on,planned_time,done_on,owner\n"
        "Nowhere Ltd,,,visit,,2026-11-30,,,\n"
        '"Acme, Inc.",Fox Mulder,,visit,,2026-11-30,,,\n'
        "华东机械有限公司,,1,call,,2026-11-30,,,\n"
        '"Acme, Inc.",,,visit,done,,,2026-11-24,\n'
        '"Acme, Inc.",,,visit,planned,,,,\n'
        '"Acme, Inc.",,,lunch,,2026-11-30,25:00,,\n'
        '"Acme, Inc.",,,visit,maybe,2026-11-30,,,carol\n'
        '"Acme, Inc.",,77,visit,cancelled,,09:00,,\n'
        ",,,visit,,2026-11-30,,,\n"
        '"Acme, Inc.",,,visit,done,,,,\n'
        '"Acme, Inc.",,,visit,,2026-11-30,,,bob\n'
    )
    problems = refused(book, write(tmp_path / "bad.csv", text))
    assert problems == [
        "line 2: account: no account 'Nowhere Ltd'",
        "line 3: contact: no contact 'Fox Mulder' at account 1",
        "line 4: opportunity: deal 1 is not with this account",
        "line 5: done_on: 2026-11-24 is after today; what has not happened yet is planned",
        "line 6: planned_on: a planned activity needs the day it is planned for",
        "line 7: type: 'lunch' is not a type of activity"
        " (choose one of: visit, call, email, meeting, message, handover)",
        "line 7: planned_time: '25:00' is not a time of day (use HH:MM, e.g. 09:30)",
        "line 8: status: 'maybe' is not a status of an activity"
        " (choose one of: planned, done, cancelled)",
        "line 8: owner: no rep 'carol' (use a rep's handle or full name)",
        "line 9: opportunity: no opportunity '77'",
        "line 10: account: is required",
        "line 11: done_on: a done activity needs the day it was done",
    ]
    assert len(activity_rows(book)) == 1


def test_a_dry_run_writes_nothing(book: Session, tmp_path: Path) -> None:
    before = dump(book.db.path)
    result = run(book, write(tmp_path / "tasks.csv", SALESFORCE), dry_run=True)
    assert (result.dry_run, result.rows, result.inserted) == (True, 5, 5)
    assert dump(book.db.path) == before


# ---------------------------------------------------------------------------------------
# Update sheets and the last touch


def test_an_update_sheet_changes_only_its_columns(book: Session, tmp_path: Path) -> None:
    run(book, write(tmp_path / "tasks.csv", SALESFORCE))
    sheet = (
        "external_id,status,outcome,planned_on\n"
        "00T2,,,2026-12-02\n"  # moved a day, keeps 14:30
        "00T3,done,Good lunch,2026-11-22\n"  # done on its (corrected) day
        "00T9,done,,\n"
    )
    with as_manager(book):  # the file's activities are several reps'
        problems = refused(book, write(tmp_path / "sheet.csv", sheet))
        assert problems == ["line 4: external_id: no activity 00T9"]
        result = run(book, write(tmp_path / "sheet.csv", sheet.rsplit("00T9", 1)[0]))
    assert (result.rows, result.updated) == (2, 2)
    found = by_external(book)
    assert (found["00T2"]["planned_on"], found["00T2"]["planned_time"]) == ("2026-12-02", "14:30")
    assert found["00T2"]["status"] == "planned"
    lunch = found["00T3"]
    assert (lunch["status"], lunch["done_on"], lunch["outcome"]) == (
        "done",
        "2026-11-22",
        "Good lunch",
    )
    assert (lunch["purpose"], lunch["owner"], lunch["contact"]) == ("Lunch", "bob", "王伟")
    assert last_touches(book)["account 华东机械有限公司"] == "2026-11-22"


def test_moving_an_activity_to_another_account_checks_its_links(
    book: Session, tmp_path: Path
) -> None:
    run(book, write(tmp_path / "tasks.csv", SALESFORCE))
    sheet = "external_id,account\n00T1,华东机械有限公司\n00T2,华东机械有限公司\n"
    with as_manager(book):  # the file's activities are several reps'
        problems = refused(book, write(tmp_path / "sheet.csv", sheet))
        assert problems == ["line 2: account: the activity's contact is at another account"]
        sheet = "external_id,account,contact\n00T1,华东机械有限公司,王伟\n"
        assert run(book, write(tmp_path / "sheet.csv", sheet)).updated == 1
    assert by_external(book)["00T1"]["contact"] == "王伟"


def test_last_touch_only_moves_forward(book: Session, tmp_path: Path) -> None:
    activities.log_activity(
        book, account="Acme, Inc.", outcome="Call", opportunity=1, at=(day(-2), None)
    )
    assert last_touches(book)["account Acme, Inc."] == "2026-11-21"
    text = (
        "account,opportunity,status,done_on,planned_on\n"
        '"Acme, Inc.",1,done,2026-11-10,\n'  # older than the last touch
        '"Acme, Inc.",,planned,,2026-11-19\n'  # planned: touches nothing
        "华东机械有限公司,,cancelled,,2026-11-22\n"
    )
    run(book, write(tmp_path / "old.csv", text))
    touches = last_touches(book)
    assert touches["account Acme, Inc."] == "2026-11-21"
    assert touches["deal Press line"] == "2026-11-21"
    assert touches["account 华东机械有限公司"] is None
    later = '"Acme, Inc.",,done,2026-11-22,\n'
    run(
        book, write(tmp_path / "new.csv", "account,opportunity,status,done_on,planned_on\n" + later)
    )
    touches = last_touches(book)
    assert touches["account Acme, Inc."] == "2026-11-22"
    assert touches["deal Press line"] == "2026-11-21"  # that call was not on the deal


def test_a_big_file_goes_through_batches_and_rebuilt_indexes(
    book: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "BATCH_ROWS", 7)
    monkeypatch.setattr(bulk, "REBUILD_INDEXES_FROM_ROWS", 10)
    lines = ["客户,商机编号,类型,状态,拜访日期,计划日期,负责人"]
    for number in range(60):
        account = '"Acme, Inc.",1' if number % 2 else "华东机械有限公司,"
        if number % 3:
            lines.append(f"{account},call,done,{day(-(number % 20)).isoformat()},,bob")
        else:
            lines.append(f"{account},visit,planned,,{day(number).isoformat()},")
    result = run(book, write(tmp_path / "many.csv", "\n".join(lines) + "\n", "gb18030"))
    assert (result.rows, result.inserted) == (60, 60)
    indexes = {
        row[0]
        for row in book.db.rows(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activity'"
        )
    }
    assert {"ix_activity_planned", "ix_activity_account", "ix_activity_opportunity"} <= indexes
    expected = {
        row[0]: row[1]
        for row in book.db.rows(
            "SELECT account_id, max(done_on) FROM activity WHERE status = 'done'"
            " GROUP BY account_id"
        )
    }
    assert {
        row[0]: row[1] for row in book.db.rows("SELECT id, last_touch FROM account")
    } == expected
    assert book.db.scalar("SELECT last_touch FROM opportunity WHERE id = 1") == max(
        day(-(n % 20)).isoformat() for n in range(60) if n % 2 and n % 3
    )
    assert book.db.scalar("SELECT count(*) FROM activity WHERE owner_id IS NULL") == 0
