"""`salescli handover`: a departing rep's book moves to successors, previewed, in one
transaction, reported and reversible (services/handover/, services/handover/owned.py)."""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from salescli.errors import Refused, UsageProblem
from salescli.models.enums import ActivityType, LossReason, Role
from salescli.services.activities import activities
from salescli.services.core import reps
from salescli.services.core.session import Session, open_session
from salescli.services.customers import accounts, contacts
from salescli.services.handover import history as handover_history
from salescli.services.handover import owned
from salescli.services.handover import plan as handover_plan
from salescli.services.handover import revert as handover_revert
from salescli.services.handover import run as handover_run
from salescli.services.handover.history import list_handovers
from salescli.services.handover.plan import HandoverRequest, preview_handover, visit_day
from salescli.services.handover.revert import revert_handover
from salescli.services.handover.run import run_handover
from salescli.services.leads import leads
from salescli.services.pipeline import lifecycle, opportunities
from salescli.services.pipeline.shares import share_opportunity
from salescli.textsearch import is_text_index_table
from tests.conftest import TODAY, Cli

WEEK = TODAY + timedelta(days=7)


def _deal(session: Session, account: str, name: str, amount: int, **fields: Any) -> int:
    fields.setdefault("close_date", TODAY + timedelta(days=60))
    return opportunities.add_opportunity(
        session, account=account, name=name, amount=Decimal(amount), **fields
    ).id


@pytest.fixture
def book(db_path: Path) -> Path:
    """alice's book (the departing rep), bob's and carol's, and manager maria.

    alice: Acme (A-class customer: a contact with everything, a fact, a deal in
    negotiation closing in 11 days, another in prospect, a planned visit, a done call),
    Globex (a proposal carol co-owns 20 %), Initech (a prospect deal and a suspended one),
    Umbrella (a negotiation deal without contact), Hooli (one won and one lost deal);
    two open leads and a disqualified one. bob owns BobCo, whose deal alice co-owns
    30 %, and where alice has a call planned.
    """
    with open_session(db_path, today=TODAY, acting_handle="alice") as session:
        for handle, name in (("alice", "Alice Chen"), ("bob", "Bob Li"), ("carol", "Carol Wu")):
            reps.add_rep(session, handle=handle, name=name)
        reps.add_rep(session, handle="maria", name="Maria Gonzalez", role=Role.MANAGER)
        accounts.add_account(
            session, name="Acme", phone="+49 30 1234", address="Unter den Linden 1, Berlin"
        )
        accounts.edit_account(session, ref="Acme", rank="A")
        for name in ("Globex", "Initech", "Umbrella", "Hooli"):
            accounts.add_account(session, name=name)
        contacts.add_contact(
            session,
            account="Acme",
            name="Dana Wu",
            title="CTO",
            phone="+49 151 2222",
            email="dana@acme.com",
            birthday=date(1980, 4, 2),
        )
        contacts.add_contact(session, account="Globex", name="Hank Scorpio", title="CEO")
        accounts.set_fact(session, ref="Acme", key="family", value="two kids")
        line = _deal(session, "Acme", "Line controllers", 120000, contact="Dana Wu",
                     close_date=TODAY + timedelta(days=11), next_step="legal review",
                     next_date=TODAY + timedelta(days=2))  # fmt: skip
        lifecycle.advance_opportunity(session, opportunity_id=line, to="negotiation")
        _deal(session, "Acme", "Spare parts", 30000)
        fleet = _deal(session, "Globex", "Fleet renewal", 80000, contact="Hank Scorpio")
        lifecycle.advance_opportunity(session, opportunity_id=fleet, to="proposal")
        share_opportunity(session, opportunity_id=fleet, rep="carol", split=Decimal(20))
        _deal(session, "Initech", "Pilot", 50000)
        paused = _deal(session, "Initech", "Phase two", 10000)
        lifecycle.suspend_opportunity(session, opportunity_id=paused, reason="budget frozen")
        umbrella = _deal(session, "Umbrella", "Vaccines cold chain", 20000)
        lifecycle.advance_opportunity(session, opportunity_id=umbrella, to="negotiation")
        won = _deal(session, "Hooli", "Search appliance", 70000)
        lifecycle.win_opportunity(session, opportunity_id=won, summary="best fit")
        lost = _deal(session, "Hooli", "Nucleus", 5000)
        lifecycle.lose_opportunity(
            session, opportunity_id=lost, reason=LossReason.PRICE, summary="too dear"
        )
        activities.plan_activity(
            session, account="Acme", at=(TODAY + timedelta(days=2), "10:00"), opportunity=line,
            contact="Dana Wu", objective="agree scope",
        )  # fmt: skip
        activities.log_activity(
            session, account="Acme", outcome="wants a demo", activity_type=ActivityType.CALL,
            at=(TODAY - timedelta(days=2), "15:00"),
        )  # fmt: skip
        leads.add_lead(session, name="Wang Wei", company="Huawei", phone="139 0000 1111",
                       next_action=TODAY + timedelta(days=4))  # fmt: skip
        leads.add_lead(session, name="Tom Late", company="Initrode")
        dropped = leads.add_lead(session, name="No Budget", company="Nope")
        leads.disqualify_lead(session, lead_id=dropped.id, reason="no budget")
        session.act_as("bob")
        accounts.add_account(session, name="BobCo")
        bobs = _deal(session, "BobCo", "Bob's big deal", 40000)
        share_opportunity(session, opportunity_id=bobs, rep="alice", split=Decimal(30))
        activities.plan_activity(
            session, account="BobCo", at=(TODAY + timedelta(days=3), None),
            activity_type=ActivityType.CALL, owner="alice",
        )  # fmt: skip
    return db_path


@pytest.fixture
def manager(book: Path) -> Iterator[Session]:
    with open_session(book, today=TODAY, acting_handle="maria") as session:
        yield session


def request(*successors: str, **options: Any) -> HandoverRequest:
    return HandoverRequest(departing="alice", successors=successors or ("bob",), **options)


def owner_of(session: Session, table: str, record_id: int) -> str | None:
    return session.db.scalar(
        f"SELECT r.handle FROM {table} t LEFT JOIN rep r ON r.id = t.owner_id WHERE t.id = ?",
        (record_id,),
    )


def deal_id(session: Session, name: str) -> int:
    return int(session.db.scalar("SELECT id FROM opportunity WHERE name = ?", (name,)))


def account_id(session: Session, name: str) -> int:
    return int(session.db.scalar("SELECT id FROM account WHERE name = ?", (name,)))


def shares(session: Session) -> set[tuple[str, str, int]]:
    return {
        (row[0], row[1], int(row[2]))
        for row in session.db.rows(
            "SELECT o.name, r.handle, sh.split FROM opportunity_share sh"
            " JOIN opportunity o ON o.id = sh.opportunity_id JOIN rep r ON r.id = sh.rep_id"
        )
    }


def whole_book(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, as a separate connection sees it (what was committed)."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
            # A text index is searched, not read (and FTS5 rewrites it as it likes).
            if not is_text_index_table(row[0])
        ]
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            for table in tables
        }
    finally:
        connection.close()


def ownership(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Who owns what, shares and activities: what a revert must restore (timestamps and
    the audit trail aside)."""
    connection = sqlite3.connect(path)
    try:
        return {
            "account": connection.execute(
                "SELECT id, owner_id FROM account ORDER BY id"
            ).fetchall(),
            "opportunity": connection.execute(
                "SELECT id, owner_id, status FROM opportunity ORDER BY id"
            ).fetchall(),
            "activity": connection.execute(
                "SELECT id, owner_id, status, type FROM activity ORDER BY id"
            ).fetchall(),
            "lead": connection.execute(
                "SELECT id, owner_id, status FROM lead ORDER BY id"
            ).fetchall(),
            "share": connection.execute(
                "SELECT opportunity_id, rep_id, split FROM opportunity_share"
                " ORDER BY opportunity_id, rep_id"
            ).fetchall(),
            "rep": connection.execute("SELECT id, active FROM rep ORDER BY id").fetchall(),
        }
    finally:
        connection.close()


# ---------------------------------------------------------------------------------------
# Preview equals run


def test_preview_equals_run(manager: Session, book: Path) -> None:
    before = whole_book(book)
    plan = preview_handover(manager, request=request("bob", "carol"))
    assert whole_book(book) == before, "a preview changes nothing"
    done = run_handover(manager, request=request("bob", "carol"))
    assert done.handover_id == 1
    assert done.plan == plan
    # And the book now holds exactly what the plan said.
    for successor in plan.successors:
        for entity, ids in successor.moves.items():
            table = owned.owned_entity(entity).table
            for record_id in ids:
                assert owner_of(manager, table, record_id) == successor.handle, (entity, record_id)
    moved = sum(len(ids) for s in plan.successors for ids in s.moves.values())
    shares_moved = sum(len(s.shares) for s in plan.successors)
    visits = sum(len(s.visits) for s in plan.successors)
    counts = dict(
        manager.db.rows(
            "SELECT entity = 'visit', count(*) FROM handover_item WHERE handover_id = 1 GROUP BY 1"
        )
    )
    assert counts == {0: moved + shares_moved, 1: visits}


def test_preview_and_run_print_the_same_report(book: Path, tmp_path: Path) -> None:
    cli = Cli(book, rep="maria")
    options = ("--from", "alice", "--to", "bob,carol", "--strategy", "round-robin")
    preview = cli.ok("handover", "preview", *options, "--report", str(tmp_path / "p.md"))
    run = cli.ok("handover", "run", *options, "--yes", "--report", str(tmp_path / "r.md"))
    shown, done = preview.stdout.splitlines(), run.stdout.splitlines()
    assert shown[2].startswith("*Preview: nothing has changed.")
    assert done[2].startswith("Handover 1: done")
    assert shown[:2] + shown[3:] == done[:2] + done[3:]
    assert (tmp_path / "p.md").read_text().splitlines()[3:] == done[3:]
    assert (tmp_path / "r.md").read_text() == run.stdout
    assert "handover 1: " in run.stderr
    assert f"report: {tmp_path / 'r.md'}" in run.stderr


def test_a_confirmed_preview_is_refused_if_the_book_changed(manager: Session) -> None:
    plan = preview_handover(manager, request=request("bob"))
    _deal(manager, "Acme", "Late arrival", 1000, owner="alice")
    with pytest.raises(Refused, match="the book changed since the preview"):
        run_handover(manager, request=request("bob"), expected=plan)
    assert owner_of(manager, "account", account_id(manager, "Acme")) == "alice"


# ---------------------------------------------------------------------------------------
# Who takes what


def test_accounts_stay_whole_across_successors(manager: Session) -> None:
    done = run_handover(manager, request=request("bob", "carol"))
    for account in ("Acme", "Globex", "Initech", "Umbrella", "Hooli"):
        owner = owner_of(manager, "account", account_id(manager, account))
        deals = manager.db.rows(
            "SELECT r.handle FROM opportunity o JOIN rep r ON r.id = o.owner_id"
            " WHERE o.account_id = ? AND o.status IN ('open', 'suspended')",
            (account_id(manager, account),),
        )
        planned = manager.db.rows(
            "SELECT r.handle FROM activity v JOIN rep r ON r.id = v.owner_id"
            " WHERE v.account_id = ? AND v.status = 'planned'",
            (account_id(manager, account),),
        )
        assert {row[0] for row in [*deals, *planned]} <= {owner}, account
    # The contacts follow: each successor's report lists its own accounts' contacts.
    takers = {s.handle: {a.name for a in s.accounts} for s in done.plan.successors}
    assert takers["bob"] | takers["carol"] >= {"Acme", "Globex", "Initech", "Umbrella", "Hooli"}
    assert not takers["bob"] & takers["carol"]


def test_balance_keeps_pipelines_within_one_largest_account(db_path: Path) -> None:
    amounts = [90, 70, 65, 40, 33, 30, 21, 20, 12, 8, 5, 3]
    with open_session(db_path, today=TODAY, acting_handle="maria") as session:
        reps.add_rep(session, handle="maria", name="Maria", role=Role.MANAGER)
        for handle in ("alice", "bob", "carol", "dave"):
            reps.add_rep(session, handle=handle, name=handle.title())
        for index, amount in enumerate(amounts):
            name = f"Account {index:02d}"
            accounts.add_account(session, name=name, owner="alice")
            # Two deals each, so an account's pipeline is the sum of its deals.
            _deal(session, name, f"{name} A", amount * 600)
            _deal(session, name, f"{name} B", amount * 400)
        done = run_handover(session, request=request("bob", "carol", "dave"))
    pipelines = [successor.pipeline for successor in done.plan.successors]
    largest = Decimal(max(amounts) * 1000)
    assert sum(pipelines) == Decimal(sum(amounts) * 1000)
    assert max(pipelines) - min(pipelines) <= largest
    # Far better than the guarantee on this book: within the smallest account.
    assert max(pipelines) - min(pipelines) <= Decimal(min(amounts) * 1000)


def test_round_robin_deals_accounts_out_in_name_order(manager: Session) -> None:
    done = run_handover(manager, request=request("bob", "carol", strategy="round-robin"))
    takers = {s.handle: [a.name for a in s.accounts] for s in done.plan.successors}
    # In name order: Acme, BobCo (only alice's call there), Globex, Hooli, Initech, Umbrella;
    # BobCo is bob's own account, so it stays with him and the rest alternate.
    assert takers == {"bob": ["Acme", "BobCo", "Hooli", "Umbrella"], "carol": ["Globex", "Initech"]}


def test_closed_deals_keep_their_owner(manager: Session) -> None:
    run_handover(manager, request=request("carol"))
    assert owner_of(manager, "account", account_id(manager, "Hooli")) == "carol"
    assert owner_of(manager, "opportunity", deal_id(manager, "Search appliance")) == "alice"
    assert owner_of(manager, "opportunity", deal_id(manager, "Nucleus")) == "alice"
    assert owner_of(manager, "opportunity", deal_id(manager, "Phase two")) == "carol"  # suspended
    done_call = manager.db.scalar("SELECT id FROM activity WHERE status = 'done'")
    assert owner_of(manager, "activity", done_call) == "alice"
    dropped = manager.db.scalar("SELECT id FROM lead WHERE status = 'disqualified'")
    assert owner_of(manager, "lead", dropped) == "alice"
    assert {lead.owner for lead in leads.list_leads(manager, owner="carol")} == {"carol"}


def test_shares_move_and_merge(manager: Session) -> None:
    # carol takes Globex, whose deal she co-owns: her 20 % merges into ownership. alice's
    # 30 % of bob's deal goes to bob, its owner and a successor: into ownership too.
    done = run_handover(manager, request=request("bob", "carol", strategy="round-robin"))
    assert shares(manager) == set()
    fleet = next(d for s in done.plan.successors for d in s.deals if d.name == "Fleet renewal")
    assert fleet.merged_split == Decimal(20)
    [share] = [share for s in done.plan.successors for share in s.shares]
    assert (share.opportunity, share.merge, share.split) == ("Bob's big deal", "ownership", 30)
    revert_handover(manager, handover_id=1)
    assert shares(manager) == {("Fleet renewal", "carol", 2000), ("Bob's big deal", "alice", 3000)}


def test_a_share_moves_to_a_successor_or_joins_their_share(manager: Session) -> None:
    bobs = deal_id(manager, "Bob's big deal")
    run_handover(manager, request=request("carol"))
    assert ("Bob's big deal", "carol", 3000) in shares(manager)
    revert_handover(manager, handover_id=1)
    share_opportunity(manager, opportunity_id=bobs, rep="carol", split=Decimal(10))
    done = run_handover(manager, request=request("carol"))
    [share] = done.plan.successors[0].shares
    assert (share.merge, share.merged_split) == ("share", Decimal(10))
    assert ("Bob's big deal", "carol", 4000) in shares(manager)
    revert_handover(manager, handover_id=2)
    assert {s for s in shares(manager) if s[0] == "Bob's big deal"} == {
        ("Bob's big deal", "alice", 3000),
        ("Bob's big deal", "carol", 1000),
    }


# ---------------------------------------------------------------------------------------
# Introduction visits


def test_handover_visits_for_imminent_deals_only(manager: Session) -> None:
    done = run_handover(manager, request=request("bob"))
    visits = manager.db.rows(
        "SELECT o.name, v.type, v.status, v.planned_on, v.planned_time, v.objective,"
        " c.name AS contact, r.handle FROM activity v JOIN opportunity o ON o.id = v.opportunity_id"
        " LEFT JOIN contact c ON c.id = v.contact_id JOIN rep r ON r.id = v.owner_id"
        " WHERE v.type = 'handover' ORDER BY o.name"
    )
    assert [tuple(row) for row in visits] == [
        # Closes in 11 days: the window's last day (a Monday); the day before close is later.
        ("Line controllers", "handover", "planned", "2026-11-30", None,
         "introduce the new account owner", "Dana Wu", "bob"),
        ("Vaccines cold chain", "handover", "planned", "2026-11-30", None,
         "introduce the new account owner", None, "bob"),
    ]  # fmt: skip
    cards = {d.name: d.handover_visit for d in done.plan.successors[0].deals}
    assert cards["Line controllers"] == date(2026, 11, 30)
    assert cards["Fleet renewal"] is None  # proposal: not imminent
    assert cards["Phase two"] is None  # suspended


def test_imminent_stage_and_window_are_options(manager: Session) -> None:
    plan = preview_handover(
        manager, request=request("bob", imminent_stage="proposal", visit_within=3)
    )
    visits = {v.opportunity: v.planned_on for v in plan.successors[0].visits}
    assert set(visits) == {"Line controllers", "Vaccines cold chain", "Fleet renewal"}
    assert all(TODAY < day <= TODAY + timedelta(days=3) for day in visits.values())
    with pytest.raises(Exception, match="no open stage 'won'"):
        preview_handover(manager, request=request("bob", imminent_stage="won"))


def test_visit_day() -> None:
    monday = date(2026, 11, 23)
    # The working day before the close date, within the window.
    assert visit_day(monday, date(2026, 11, 27), 7) == date(2026, 11, 26)
    # Closing later: the window's last day; a Saturday moves back to Friday.
    assert visit_day(monday, date(2027, 3, 1), 5) == date(2026, 11, 27)
    assert visit_day(monday, None, 7) == date(2026, 11, 30)
    # Closing today or past: tomorrow at the earliest.
    assert visit_day(monday, monday, 7) == date(2026, 11, 24)
    friday = date(2026, 11, 27)
    # From a Friday with a one-day window: Saturday, with no working day to move to.
    assert visit_day(friday, None, 1) == date(2026, 11, 28)
    assert visit_day(friday, None, 3) == date(2026, 11, 30)


# ---------------------------------------------------------------------------------------
# All or nothing


def test_an_inactive_successor_discovered_late_changes_nothing(
    manager: Session, book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A successor who goes inactive while the handover runs (here, between moving the
    records and planning the visits) is caught before commit: nothing is kept."""
    before = whole_book(book)
    plan_visits = handover_run._plan_visits

    def carol_leaves_meanwhile(session: Session, *args: Any) -> None:
        session.db.execute("UPDATE rep SET active = 0 WHERE handle = 'carol'")
        plan_visits(session, *args)

    monkeypatch.setattr(handover_run, "_plan_visits", carol_leaves_meanwhile)
    with pytest.raises(Refused, match="successor carol is inactive"):
        run_handover(manager, request=request("bob", "carol"))
    assert whole_book(book) == before


def test_an_error_midway_changes_nothing(
    manager: Session, book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = whole_book(book)

    def disk_full(*_: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(handover_run, "_move_shares", disk_full)
    with pytest.raises(sqlite3.OperationalError):
        run_handover(manager, request=request("bob", "carol", deactivate=True))
    assert whole_book(book) == before


def test_a_failed_run_from_the_command_line_changes_nothing(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = whole_book(book)

    def broken(*_: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(handover_run, "_plan_visits", broken)
    result = Cli(book, rep="maria")("handover", "run", "--from", "alice", "--to", "bob", "--yes")
    assert result.exit_code == 1
    assert "unexpected RuntimeError: boom" in result.stderr
    assert whole_book(book) == before


# ---------------------------------------------------------------------------------------
# Revert


def test_revert_restores_exactly(manager: Session, book: Path) -> None:
    before = ownership(book)
    run_handover(manager, request=request("bob", "carol", deactivate=True))
    assert ownership(book) != before
    result = revert_handover(manager, handover_id=1)
    assert ownership(book) == before
    assert result.left_alone == []
    assert result.reactivated
    assert result.moved_back == {"accounts": 5, "deals": 6, "activities": 2, "leads": 2}
    assert result.visits_removed == 2
    summary = list_handovers(manager)[0]
    assert summary.reverted_at is not None
    with pytest.raises(Refused, match="already reverted"):
        revert_handover(manager, handover_id=1)


def test_revert_leaves_records_changed_since_alone_and_names_them(manager: Session) -> None:
    done = run_handover(manager, request=request("bob"))
    line, fleet = deal_id(manager, "Line controllers"), deal_id(manager, "Fleet renewal")
    manager.act_as("bob")
    lifecycle.win_opportunity(manager, opportunity_id=line, summary="signed with bob")
    lifecycle.transfer_opportunity(manager, opportunity_id=fleet, to="carol")
    visit = manager.db.scalar("SELECT id FROM activity WHERE type = 'handover' ORDER BY id")
    activities.complete_activity(manager, activity_id=visit, outcome="met the new owner")
    manager.act_as("maria")
    result = revert_handover(manager, handover_id=done.handover_id or 0)
    assert [(item.entity, item.entity_id, item.why) for item in result.left_alone] == [
        ("opportunity", line, "won since"),
        ("opportunity", fleet, "now owned by carol"),
        ("visit", visit, "done since"),
    ]
    assert owner_of(manager, "opportunity", line) == "bob"
    assert owner_of(manager, "opportunity", fleet) == "carol"
    assert owner_of(manager, "account", account_id(manager, "Acme")) == "alice"
    assert manager.db.scalar("SELECT status FROM activity WHERE id = ?", (visit,)) == "done"
    assert result.visits_removed == 1


def test_revert_from_the_command_line_lists_what_it_left_alone(book: Path) -> None:
    cli = Cli(book, rep="maria")
    cli.ok("handover", "run", "--from", "alice", "--to", "bob", "--yes")
    cli.ok("opp", "win", "1", "--summary", "signed", rep="bob")
    refused = cli("handover", "revert", "1")
    assert refused.exit_code == 2
    assert "pass --yes to confirm" in refused.stderr
    result = cli.ok("handover", "revert", "1", "--yes")
    assert result.stdout == "What         ID  Left alone because\nopportunity   1  won since\n"
    assert result.stderr.startswith("handover 1 reverted: moved back 5 accounts, 5 deals,")
    assert "1 left alone (changed since)" in result.stderr
    data = json.loads(cli.ok("handover", "show", "1", "--json").stdout)
    assert data["handover"]["reverted_at"] is not None


def test_revert_refuses_when_the_departing_rep_was_deactivated_since(manager: Session) -> None:
    run_handover(manager, request=request("bob"))
    reps.deactivate_rep(manager, handle="alice")
    with pytest.raises(Refused, match="alice is inactive; records cannot move back to them"):
        revert_handover(manager, handover_id=1)


# ---------------------------------------------------------------------------------------
# Twice, nothing, and who may


def test_running_twice_is_harmless(manager: Session, book: Path) -> None:
    run_handover(manager, request=request("bob", "carol", deactivate=True))
    after_first = whole_book(book)
    again = run_handover(manager, request=request("bob", "carol", deactivate=True))
    assert again.handover_id is None
    assert again.plan.moves_nothing
    assert whole_book(book) == after_first


def test_nothing_to_hand_over_is_not_an_error(book: Path) -> None:
    cli = Cli(book, rep="maria")
    cli.ok("rep", "add", "erin", "--name", "Erin New")
    result = cli.ok("handover", "run", "--from", "erin", "--to", "bob", "--yes")
    assert "Nothing to hand over: erin owns no live records." in result.stdout
    assert "nothing to hand over" in result.stderr
    assert json.loads(cli.ok("handover", "list", "--json").stdout) == []


def test_a_non_manager_is_refused(manager: Session, book: Path) -> None:
    manager.act_as("bob")
    with pytest.raises(Refused, match="only a manager may hand over a rep's book; bob is a rep"):
        preview_handover(manager, request=request("carol"))
    result = Cli(book, rep="bob")("handover", "run", "--from", "alice", "--to", "carol", "--yes")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: only a manager may hand over a rep's book; bob is a rep\n"
    )
    assert Cli(book, rep="alice")("handover", "list").exit_code == 1


def test_successors_must_be_active_reps_other_than_the_departing_one(manager: Session) -> None:
    reps.deactivate_rep(manager, handle="carol")
    with pytest.raises(Refused, match="successor carol is inactive"):
        preview_handover(manager, request=request("bob", "carol"))
    with pytest.raises(Refused, match="alice is the departing rep"):
        preview_handover(manager, request=request("alice"))
    with pytest.raises(UsageProblem, match="no strategy 'random'"):
        preview_handover(manager, request=request("bob", strategy="random"))
    with pytest.raises(UsageProblem, match="name at least one successor"):
        preview_handover(manager, request=HandoverRequest("alice", ()))


def test_run_off_a_terminal_needs_yes(book: Path) -> None:
    before = whole_book(book)
    result = Cli(book, rep="maria")("handover", "run", "--from", "alice", "--to", "bob")
    assert result.exit_code == 2
    assert "error: a handover changes the owner of a whole book" in result.stderr
    assert "then pass --yes" in result.stderr
    assert whole_book(book) == before


# ---------------------------------------------------------------------------------------
# Partial handovers and deactivation


def test_a_partial_handover_moves_only_the_accounts_named(manager: Session) -> None:
    done = run_handover(manager, request=request("bob", accounts=("Acme", "Globex")))
    assert owner_of(manager, "account", account_id(manager, "Acme")) == "bob"
    assert owner_of(manager, "account", account_id(manager, "Initech")) == "alice"
    assert owner_of(manager, "opportunity", deal_id(manager, "Pilot")) == "alice"
    outside = {(k.label, k.count) for k in done.plan.kept if k.why.startswith("not at")}
    # Initech, Umbrella and Hooli; two deals at Initech and one at Umbrella; alice's
    # call at BobCo; two unattached leads; her share of bob's deal.
    assert outside == {
        ("accounts", 3),
        ("deals", 3),
        ("activities", 1),
        ("leads", 2),
        ("shares", 1),
    }
    with pytest.raises(Refused, match="would still own"):
        run_handover(manager, request=request("carol", accounts=("Initech",), deactivate=True))
    with pytest.raises(Refused, match="alice has nothing to hand over at Globex"):
        preview_handover(manager, request=request("bob", accounts=("Initech", "Globex")))


def test_deactivate_leaves_the_departing_rep_inactive(book: Path) -> None:
    cli = Cli(book, rep="maria")
    cli.ok("handover", "run", "--from", "alice", "--to", "bob", "--deactivate", "--yes")
    assert json.loads(cli.ok("rep", "show", "alice", "--json").stdout)["active"] is False


# ---------------------------------------------------------------------------------------
# The report


def test_the_markdown_report(book: Path) -> None:
    cli = Cli(book, rep="maria")
    result = cli.ok(
        "handover", "run", "--from", "alice", "--to", "bob,carol", "--strategy", "round-robin",
        "--reason", "moved to Berlin", "--yes",
    )  # fmt: skip
    path = book.parent / "reports" / "handover-2026-11-23-alice-to-bob-carol.md"
    assert f"report: {path}" in result.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    report = path.read_text(encoding="utf-8")
    assert report == result.stdout
    lines = report.splitlines()
    assert lines[0] == "# Handover of alice to bob, carol"
    assert "- **Reason:** moved to Berlin" in lines
    assert "| Successor | Accounts | Contacts | Deals | Activities | Leads | Contracts | Shares | Visits | Pipeline | Weighted | Receivables | Overdue |" in lines  # fmt: skip
    assert "| bob (Bob Li) | 3 | 1 | 3 | 2 | 1 | 0 | 1 | 2 | 170,000.00 | 136,800.00 | 0.00 | 0.00 |" in lines  # fmt: skip
    assert "| carol (Carol Wu) | 2 | 1 | 3 | 0 | 1 | 0 | 0 | 0 | 130,000.00 | 75,600.00 | 0.00 | 0.00 |" in lines  # fmt: skip
    assert "| 2 | deals | won and lost deals keep the owner who earned them |" in lines
    assert "| 1 | leads | converted and disqualified leads stay as they were |" in lines
    bob = report.split("## bob (Bob Li)")[1].split("## carol")[0]
    # Deals nearest to close first: negotiation (soonest close first), then prospect.
    deal_rows = [line for line in bob.splitlines() if line.startswith("| ") and "|---" not in line]
    assert [row.split(" | ")[1] for row in deal_rows[1:4]] == [
        "Line controllers",
        "Vaccines cold chain",
        "Spare parts",
    ]
    assert (
        "| 1 | Line controllers | Acme | Dana Wu | negotiation | 120,000.00 | 2026-12-04"
        " | legal review (2026-11-25) | 0 | 2026-11-30 |"
    ) in bob
    assert "#### Acme (account 1, prospect, class A)" in bob
    assert "  - Dana Wu: CTO, +49 151 2222, dana@acme.com, birthday 1980-04-02" in bob
    assert "  - family: two kids" in bob
    # A free-form fact answers none of the profile's questions.
    assert (
        "- Profile known: 0 of 41 questions (0%); what is missing: `salescli account profile 1`"
    ) in bob
    assert "- Last activity: 2026-11-21 call (alice): wants a demo" in bob
    assert "- Next activity: 2026-11-25 visit (bob): agree scope" in bob
    assert "#### BobCo (account 6, prospect)\n\n- Owned by bob: only the departing rep's records here move." in bob  # fmt: skip
    # Leads with no account come after the accounts in the round: Wang Wei to carol.
    carol = report.split("## carol (Carol Wu)")[1]
    assert "| 1 | Wang Wei | Huawei | new | 2026-11-27 | 139 0000 1111 |  |" in carol
    assert "| 2 | Tom Late | Initrode | new |  |  |  |" in bob
    assert "| 9 | Bob's big deal | BobCo | bob | 30% | part of their ownership |" in bob
    # The call alice planned at bob's account is bob's after the handover.
    assert "- Next activity: 2026-11-26 call (bob)" in bob


def test_json_of_preview_run_list_and_show(book: Path) -> None:
    cli = Cli(book, rep="maria")
    options = ("--from", "alice", "--to", "bob,carol")
    plan = json.loads(cli.ok("handover", "preview", *options, "--json").stdout)
    assert sorted(plan) == sorted(PLAN_KEYS)
    assert sorted(plan["successors"][0]) == sorted(SUCCESSOR_KEYS)
    done = json.loads(cli.ok("handover", "run", *options, "--yes", "--json").stdout)
    assert sorted(done) == ["handover_id", "plan", "report"]
    assert done["plan"] == plan
    [listed] = json.loads(cli.ok("handover", "list", "--json").stdout)
    assert sorted(listed) == sorted(SUMMARY_KEYS)
    assert (listed["departing"], listed["successors"], listed["by"]) == (
        "alice",
        "bob,carol",
        "maria",
    )
    shown = json.loads(cli.ok("handover", "show", "1", "--items", "--json").stdout)
    assert sorted(shown) == ["handover", "items", "moved", "visits"]
    assert {item["entity"] for item in shown["items"]} == {
        "account", "opportunity", "activity", "lead", "opportunity_share", "visit",
    }  # fmt: skip
    reverted = json.loads(cli.ok("handover", "revert", "1", "--yes", "--json").stdout)
    assert sorted(reverted) == sorted(REVERTED_KEYS)


PLAN_KEYS = [
    "departing", "departing_name", "departing_id", "on_date", "strategy", "reason",
    "deactivate", "visit_within", "imminent_stage", "only_accounts", "successors", "kept",
]  # fmt: skip
SUCCESSOR_KEYS = [
    "handle", "name", "rep_id", "counts", "pipeline", "weighted", "accounts", "deals",
    "leads", "shares", "visits", "moves", "receivables", "overdue", "quotes",
]  # fmt: skip
SUMMARY_KEYS = [
    "id", "on_date", "at", "departing", "successors", "by", "strategy", "reason", "accounts",
    "deactivated", "moved", "visits", "reverted_at",
]  # fmt: skip
REVERTED_KEYS = [
    "handover_id", "departing", "moved_back", "shares_restored", "visits_removed",
    "reactivated", "left_alone",
]  # fmt: skip


# ---------------------------------------------------------------------------------------
# The registry of owned records


def test_each_declared_kind_finds_live_records_through_an_index(manager: Session) -> None:
    for entity in (declared.on(manager.today) for declared in owned.OWNED):
        if entity.entity == "account":
            continue
        plan = " ".join(
            str(row[3])
            for row in manager.db.rows(
                f"EXPLAIN QUERY PLAN SELECT t.id FROM {entity.table} t"
                f" WHERE t.{entity.owner} = ? AND {entity.live}",
                (1,),
            )
        )
        assert "USING" in plan and "INDEX" in plan, (entity.entity, plan)


def test_a_new_kind_of_owned_record_joins_by_declaring_itself(
    manager: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager.db.execute(
        "CREATE TABLE offer (id INTEGER PRIMARY KEY, account_id INTEGER, owner_id INTEGER,"
        " status TEXT, updated_at TEXT)"
    )
    acme, alice = (
        account_id(manager, "Acme"),
        manager.db.scalar("SELECT id FROM rep WHERE handle = 'alice'"),
    )
    manager.db.executemany(
        "INSERT INTO offer (account_id, owner_id, status) VALUES (?, ?, ?)",
        [(acme, alice, "sent"), (acme, alice, "accepted"), (None, alice, "draft")],
    )
    offer = owned.OwnedEntity(
        entity="offer", table="offer", label="offers", account="t.account_id",
        live="t.status IN ('draft', 'sent')", stays="accepted offers keep their owner",
        history="t.status = 'accepted'",
    )  # fmt: skip
    # Every handover module that reads the declarations sees the new one.
    for module in (handover_plan, handover_run, handover_revert, handover_history):
        monkeypatch.setattr(module, "OWNED", (*owned.OWNED, offer))
    done = run_handover(manager, request=request("bob"))
    assert done.plan.successors[0].counts["offers"] == 2
    assert ("offers", 1) in {(k.label, k.count) for k in done.plan.kept}
    bob = manager.db.scalar("SELECT id FROM rep WHERE handle = 'bob'")
    assert [r[0] for r in manager.db.rows("SELECT owner_id FROM offer ORDER BY id")] == [
        bob, alice, bob,
    ]  # fmt: skip
    revert_handover(manager, handover_id=1)
    assert {r[0] for r in manager.db.rows("SELECT owner_id FROM offer")} == {alice}


# ---------------------------------------------------------------------------------------
# On a terminal


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Prompts as on a terminal: the questions asked are recorded, and answered yes
    unless the test changes ``answers``."""
    from salescli.cli import prompts

    asked: list[str] = []
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    monkeypatch.setattr(prompts, "confirm", lambda question: asked.append(question) or True)
    return asked


def test_run_on_a_terminal_shows_the_preview_and_asks(book: Path, terminal: list[str]) -> None:
    cli = Cli(book, rep="maria")
    result = cli.ok("handover", "run", "--from", "alice", "--to", "bob,carol")
    assert terminal == ["Hand alice's book over to bob, carol?"]
    # The preview was shown once, before the question; the run does what it showed.
    assert result.stdout.count("# Handover of alice to bob, carol") == 1
    assert "*Preview: nothing has changed." in result.stdout
    assert "handover 1: " in result.stderr


def test_saying_no_on_a_terminal_changes_nothing(
    book: Path, terminal: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from salescli.cli import prompts

    monkeypatch.setattr(prompts, "confirm", lambda question: False)
    before = whole_book(book)
    result = Cli(book, rep="maria")("handover", "run", "--from", "alice", "--to", "bob")
    assert result.exit_code == 1
    assert "error: nothing handed over" in result.stderr
    assert whole_book(book) == before


def test_the_report_is_formatted_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from salescli.render import handover_views

    monkeypatch.setattr(handover_views, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    handover_views.report_view("# Handover of alice to bob\n\n| A | B |\n|---|---|\n| 1 | 2 |\n")
    shown = capsys.readouterr().out
    assert "Handover of alice to bob" in shown
    assert "# Handover" not in shown
    assert "\x1b[3" not in shown  # no colours with NO_COLOR
