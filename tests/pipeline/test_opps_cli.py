"""`salescli opp`: stages, every transition (allowed and refused), lists, and a deal's
whole story from lead to win."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Cli


def on(cli: Cli, day: str) -> Cli:
    cli.today = date.fromisoformat(day)
    return cli


@pytest.fixture
def deals(cli: Cli) -> Cli:
    """Acme (alice's, contact Dana Wu) and Globex (bob's); deal 1 opened at Acme on
    2026-09-01, deal 2 at Globex (so bob's) the same day."""
    cli.ok("account", "add", "Acme", "--status", "customer")
    cli.ok("account", "add", "Globex", "--owner", "bob")
    cli.ok("contact", "add", "Acme", "Dana Wu", "--title", "CTO")
    on(cli, "2026-09-01")
    cli.ok("opp", "add", "Acme", "Line controllers", "--amount", "120000", "--close",
           "2026-12-31", "--contact", "dana wu")  # fmt: skip
    cli.ok("opp", "add", "Globex", "Fleet renewal", "--amount", "80,000", "--close", "2027-01-15")
    return on(cli, "2026-11-23")


def opp(cli: Cli, opp_id: int = 1) -> dict[str, object]:
    data = json.loads(cli.ok("opp", "show", str(opp_id), "--json").stdout)
    assert isinstance(data, dict)
    return data["opportunity"]  # type: ignore[no-any-return]


def refused(cli: Cli, *args: str, rep: str | None = "") -> str:
    result = cli(*args, rep=rep)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert result.stdout == ""
    return result.stderr


# --- stages ------------------------------------------------------------------------------

STAGES = (
    "#  Key          Name         Conversion  Win prob.  Days  Cadence   Deals\n"
    "1  prospect     Prospect            50%        36%    60  every 7d      0\n"
    "2  proposal     Proposal            80%        72%    30  every 3d      0\n"
    "3  negotiation  Negotiation         90%        90%    30  every 2d      0\n"
    "4  won          Won                           100%                      0\n"
    "5  lost         Lost                            0%                      0\n"
)


def test_default_funnel_and_its_probabilities(cli: Cli) -> None:
    assert cli.ok("opp", "stages").stdout == STAGES


def test_changing_a_conversion_changes_every_earlier_probability(cli: Cli) -> None:
    cli.ok("opp", "stages", "set", "negotiation", "--conversion", "50", rep="maria")
    stages = {s["key"]: s for s in json.loads(cli.ok("opp", "stages", "--json").stdout)}
    # prospect 0.5 x 0.8 x 0.5 = 20 %, proposal 0.8 x 0.5 = 40 %, negotiation 50 %.
    assert [stages[k]["probability"] for k in ("prospect", "proposal", "negotiation")] == [
        20,
        40,
        50,
    ]
    cli.ok(
        "opp",
        "stages",
        "set",
        "proposal",
        "--name",
        "Bid",
        "--days",
        "45",
        "--cadence",
        "4",
        rep="maria",
    )
    assert stages["proposal"]["conversion"] == 80
    proposal = json.loads(cli.ok("opp", "stages", "--json").stdout)[1]
    assert (proposal["name"], proposal["days"], proposal["cadence_days"]) == ("Bid", 45, 4)


def test_add_move_and_remove_stages(cli: Cli) -> None:
    cli.ok("opp", "stages", "add", "demo", "--name", "Product demo", "--after", "prospect",
           "--conversion", "90", rep="maria")  # fmt: skip
    keys = [s["key"] for s in json.loads(cli.ok("opp", "stages", "--json").stdout)]
    assert keys == ["prospect", "demo", "proposal", "negotiation", "won", "lost"]
    prospect = json.loads(cli.ok("opp", "stages", "--json").stdout)[0]
    assert prospect["probability"] == 32.4  # 0.5 x 0.9 x 0.8 x 0.9
    cli.ok("opp", "stages", "move", "demo", "--first", rep="maria")
    keys = [s["key"] for s in json.loads(cli.ok("opp", "stages", "--json").stdout)]
    assert keys[:2] == ["demo", "prospect"]
    cli.ok("opp", "stages", "remove", "demo", rep="maria")
    assert cli.ok("opp", "stages").stdout == STAGES


def test_stage_changes_that_are_refused(deals: Cli) -> None:
    assert "holds 2 deals" in refused(deals, "opp", "stages", "remove", "prospect", rep="maria")
    assert "cannot be removed" in refused(deals, "opp", "stages", "remove", "won", rep="maria")
    assert "only its --name" in refused(
        deals, "opp", "stages", "set", "won", "--days", "3", rep="maria"
    )
    assert "already exists" in refused(deals, "opp", "stages", "add", "proposal", "--name",
                                       "X", "--first", rep="maria")  # fmt: skip
    assert "not a usable stage key" in refused(deals, "opp", "stages", "add", "Big Deal",
                                               "--name", "X", "--first", rep="maria")  # fmt: skip
    usage = deals("opp", "stages", "add", "x", "--name", "X", rep="maria")
    assert usage.exit_code == 2 and "--after KEY or --first" in usage.stderr
    usage = deals("opp", "stages", "set", "proposal", "--conversion", "120", rep="maria")
    assert usage.exit_code == 2 and "between 0 and 100" in usage.stderr


def test_a_stage_in_history_is_retired_not_deleted(deals: Cli) -> None:
    deals.ok("opp", "stages", "add", "demo", "--name", "Demo", "--after", "prospect", rep="maria")
    deals.ok("opp", "advance", "1")
    deals.ok("opp", "advance", "1")  # demo -> proposal: no deal is in demo now
    deals.ok("opp", "stages", "remove", "demo", rep="maria")
    assert [s["key"] for s in json.loads(deals.ok("opp", "stages", "--json").stdout)][1] == (
        "proposal"
    )
    history = json.loads(deals.ok("opp", "show", "1", "--json").stdout)["history"]
    assert [h["to_stage"] for h in history] == ["prospect", "demo", "proposal"]
    assert "retired" in refused(
        deals, "opp", "stages", "add", "demo", "--name", "D", "--first", rep="maria"
    )


# --- adding and listing ----------------------------------------------------------------------


def test_add_fills_defaults_from_the_account_and_the_funnel(deals: Cli) -> None:
    first, second = opp(deals, 1), opp(deals, 2)
    assert (first["owner"], first["contact"], first["stage"], first["probability"]) == (
        "alice",
        "Dana Wu",
        "prospect",
        36,
    )
    assert (first["amount"], first["opened_on"], first["days_in_stage"]) == (
        120000,
        "2026-09-01",
        83,
    )
    assert second["owner"] == "bob"  # Globex is bob's


def test_add_errors_write_nothing(deals: Cli) -> None:
    assert "no account matches 'Nobody'" in refused(
        deals, "opp", "add", "Nobody", "X", "--amount", "1", "--close", "+1m"
    )
    assert "no contact 'Eve'" in refused(
        deals, "opp", "add", "Acme", "X", "--amount", "1", "--close", "+1m", "--contact", "Eve"
    )
    assert "no open stage 'won'" in refused(
        deals, "opp", "add", "Acme", "X", "--amount", "1", "--close", "+1m", "--stage", "won"
    )
    missing = deals("opp", "add", "Acme", "X", "--close", "+1m")
    assert missing.exit_code == 2 and "--amount" in missing.stderr
    bad = deals("opp", "add", "Acme", "X", "--amount", "1", "--close", "+1m", "--probability", "x")
    assert bad.exit_code == 2
    assert len(json.loads(deals.ok("opp", "list", "--all", "--json").stdout)) == 2


def test_a_probability_override_wins_over_the_stage(deals: Cli) -> None:
    deals.ok("opp", "edit", "1", "--probability", "55%")
    assert (opp(deals)["probability"], opp(deals)["probability_override"]) == (55, 55)
    deals.ok("opp", "advance", "1")
    assert opp(deals)["probability"] == 55
    deals.ok("opp", "edit", "1", "--probability", "")
    assert (opp(deals)["probability"], opp(deals)["probability_override"]) == (72, None)


# 83 days in prospect, which expects 60: the deal is marked stalled, in words.
LIST = (
    "ID  Name              Account  Stage               In stage      Amount  Prob.  Close       Next step  Owner\n"
    " 1  Line controllers  Acme     prospect (stalled)       83d  120,000.00    36%  2026-12-31             alice\n"
)


def test_list_is_the_acting_reps_live_deals(deals: Cli) -> None:
    assert deals.ok("opp", "list").stdout == LIST
    everyone = json.loads(deals.ok("opp", "list", "--all", "--json").stdout)
    assert [d["id"] for d in everyone] == [1, 2]  # soonest close first
    assert [
        d["id"] for d in json.loads(deals.ok("opp", "list", "--owner", "bob", "--json").stdout)
    ] == [2]


def test_list_filters(deals: Cli) -> None:
    def ids(*args: str) -> list[int]:
        return [
            d["id"] for d in json.loads(deals.ok("opp", "list", "--all", *args, "--json").stdout)
        ]

    deals.ok("opp", "advance", "2", rep="bob")
    assert ids("--stage", "proposal") == [2]
    assert ids("--account", "glob") == [2]
    assert ids("--closing-before", "2027-01-01") == [1]
    deals.ok("opp", "lose", "2", "--reason", "budget", "--summary", "no budget", rep="bob")
    assert ids() == [1]
    assert ids("--status", "lost") == [2]
    assert ids("--status", "all") == [2, 1]  # by close date: 2 closed today
    deals.ok("opp", "archive", "2", rep="bob")
    assert ids("--status", "all") == [1]
    assert ids("--archived", "--status", "all") == [2]
    # Archived deals are closed ones: --archived alone lists them, whatever their status.
    assert ids("--archived") == [2]
    assert ids("--archived", "--status", "won") == []
    result = deals("opp", "list", "--status", "closed")
    assert result.exit_code == 2 and "'closed' is not a deal status" in result.stderr


def test_stalled_means_longer_in_the_stage_than_expected(deals: Cli) -> None:
    """Prospect's expected duration is 60 days; both deals entered it on 2026-09-01."""

    def stalled(day: str) -> list[int]:
        on(deals, day)
        return [
            d["id"]
            for d in json.loads(deals.ok("opp", "list", "--all", "--stalled", "--json").stdout)
        ]

    assert stalled("2026-10-31") == []  # exactly 60 days: not yet
    assert stalled("2026-11-01") == [1, 2]  # 61 days
    deals.ok("opp", "suspend", "2", "--reason", "paused", rep="bob")
    assert stalled("2026-11-01") == [1]  # a paused deal is not stalled
    deals.ok("opp", "advance", "1")
    assert stalled("2026-11-01") == []  # a new stage starts a new clock
    out = deals.ok("opp", "list", "--stalled").stdout
    assert out == ""
    assert deals("opp", "list", "--stalled").stderr == "no stalled deals\n"


# --- transitions ----------------------------------------------------------------------------


def test_advance_back_and_days_in_each_stage(deals: Cli) -> None:
    on(deals, "2026-09-21")
    move = json.loads(deals.ok("opp", "advance", "1", "--note", "RFP in", "--next", "write bid",
                               "--next-date", "+3d", "--json").stdout)  # fmt: skip
    assert (move["from_stage"], move["to_stage"], move["days_in_previous"]) == (
        "prospect",
        "proposal",
        20,
    )
    assert (move["opportunity"]["next_step"], move["opportunity"]["next_date"]) == (
        "write bid",
        "2026-09-24",
    )
    on(deals, "2026-10-01")
    deals.ok("opp", "back", "1", "--to", "prospect", "--note", "new decision maker")
    on(deals, "2026-10-11")
    deals.ok("opp", "advance", "1", "--to", "negotiation")
    history = json.loads(deals.ok("opp", "show", "1", "--json").stdout)["history"]
    assert [(h["on_date"], h["from_stage"], h["to_stage"], h["days"]) for h in history] == [
        ("2026-09-01", None, "prospect", None),
        ("2026-09-21", "prospect", "proposal", 20),
        ("2026-10-01", "proposal", "prospect", 10),
        ("2026-10-11", "prospect", "negotiation", 10),
    ]
    assert opp(on(deals, "2026-11-23"))["days_in_stage"] == 43


def test_moves_that_are_refused(deals: Cli) -> None:
    deals.ok("opp", "advance", "1")
    assert "'prospect' is not after 'proposal'" in refused(
        deals, "opp", "advance", "1", "--to", "prospect"
    )
    assert "opp lose" in refused(deals, "opp", "advance", "1", "--to", "lost")
    assert "'negotiation' is not before" in refused(
        deals, "opp", "back", "1", "--to", "negotiation", "--note", "x"
    )
    assert "no open stage 'won'" in refused(deals, "opp", "back", "1", "--to", "won", "--note", "x")
    assert "no stage 'nowhere'" in refused(deals, "opp", "advance", "1", "--to", "nowhere")
    assert "no opportunity 99" in refused(deals, "opp", "advance", "99")
    on(deals, "2026-09-10")
    assert "history moves forward in time" in refused(deals, "opp", "advance", "1")


def test_advancing_into_won_is_a_win(deals: Cli) -> None:
    deals.ok("opp", "advance", "1", "--to", "negotiation")
    deals.ok("opp", "advance", "1", "--summary", "references convinced them")
    won = opp(deals)
    assert (won["status"], won["stage"], won["closed_on"], won["summary"]) == (
        "won",
        "won",
        "2026-11-23",
        "references convinced them",
    )
    stderr = refused(deals, "opp", "advance", "1")
    assert stderr == "error: opportunity 1 is won; it cannot be advanced\n"


def test_win_and_lose_record_why(deals: Cli) -> None:
    result = deals.ok("opp", "win", "1", "--amount", "118000", "--summary", "best terms")
    assert result.stderr == "opportunity 1 won: Line controllers (118,000.00)\n"
    assert (opp(deals)["amount"], opp(deals)["next_step"]) == (118000, None)
    result = deals.ok("opp", "lose", "2", "--reason", "competitor", "--competitor", "Cisco",
                      "--summary", "15% cheaper", rep="bob")  # fmt: skip
    assert result.stderr == "opportunity 2 lost (competitor) to Cisco: Fleet renewal\n"
    lost = opp(deals, 2)
    assert (lost["loss_reason"], lost["competitor"], lost["summary"], lost["stage"]) == (
        "competitor",
        "Cisco",
        "15% cheaper",
        "lost",
    )


def test_loss_reasons_that_need_more(deals: Cli) -> None:
    assert "--competitor NAME" in refused(deals, "opp", "lose", "1", "--reason", "competitor")
    missing = deals("opp", "lose", "1")
    assert missing.exit_code == 2 and "--reason" in missing.stderr
    assert opp(deals)["status"] == "open"


def unsaid(cli: Cli, *args: str, rep: str | None = "") -> str:
    """A close refused for want of a summary: a usage error, nothing on stdout."""
    result = cli(*args, rep=rep)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stdout == ""
    return result.stderr


def test_a_close_without_a_summary_is_refused_off_a_terminal(deals: Cli) -> None:
    """A script or cron job cannot close a deal without saying why; nothing is written."""
    stderr = unsaid(deals, "opp", "win", "1", "--amount", "118000")
    assert stderr == (
        "error: a closed deal needs a summary: why was it won?\n"
        'hint: give it as --summary TEXT, e.g. --summary "best service terms; CFO sponsor"\n'
    )
    assert "what happened?" in unsaid(deals, "opp", "lose", "2", "--reason", "price", rep="bob")
    assert "what happened?" in unsaid(deals, "opp", "lose", "2", "--reason", "other", rep="bob")
    deals.ok("opp", "advance", "1", "--to", "negotiation")
    assert "why was it won?" in unsaid(deals, "opp", "advance", "1", "--summary", "  ")
    assert (opp(deals)["status"], opp(deals, 2)["status"]) == ("open", "open")
    assert (opp(deals)["amount"], opp(deals)["stage"]) == (120000, "negotiation")
    # What else is wrong is said first: a summary would not help.
    deals.ok("opp", "win", "1", "--summary", "ok")
    assert "is won" in refused(deals, "opp", "win", "1")
    assert "--competitor NAME" in refused(
        deals, "opp", "lose", "2", "--reason", "competitor", rep="bob"
    )


def test_a_close_without_a_summary_asks_on_a_terminal(
    deals: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salescli.cli import prompts

    asked: list[str] = []
    answers = iter(["CFO sponsor", ""])
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    monkeypatch.setattr(prompts, "ask_text", lambda label: asked.append(label) or next(answers))
    deals.ok("opp", "win", "1")
    assert (asked, opp(deals)["summary"]) == (["Why was it won?"], "CFO sponsor")
    # An empty answer is no summary: refused, nothing written.
    assert "what happened?" in unsaid(deals, "opp", "lose", "2", "--reason", "price", rep="bob")
    assert asked[1:] == ["What happened?"] and opp(deals, 2)["status"] == "open"


def test_closed_deals_refuse_what_needs_a_live_one(deals: Cli) -> None:
    deals.ok("opp", "win", "1", "--summary", "ok")
    deals.ok("opp", "lose", "2", "--reason", "price", "--summary", "dear", rep="bob")
    assert "is won" in refused(deals, "opp", "lose", "1", "--reason", "price")
    assert "is won" in refused(deals, "opp", "suspend", "1", "--reason", "x")
    assert "only a lost deal is reopened" in refused(deals, "opp", "reopen", "1", "--note", "x")
    assert "keeps the owner who earned it" in refused(deals, "opp", "transfer", "1", "--to", "bob")
    stderr = refused(deals, "opp", "advance", "2", rep="bob")
    assert stderr == (
        "error: opportunity 2 is lost; reopen it before it can be advanced\n"
        "hint: salescli opp reopen 2 --note TEXT\n"
    )
    assert "is lost" in refused(deals, "opp", "win", "2", rep="bob")


def test_suspend_reactivate_and_what_a_paused_deal_refuses(deals: Cli) -> None:
    deals.ok("opp", "suspend", "1", "--reason", "budget frozen", "--until", "2027-04-01")
    paused = opp(deals)
    assert (paused["status"], paused["suspended_until"]) == ("suspended", "2027-04-01")
    assert "reactivate it before" in refused(deals, "opp", "advance", "1")
    assert "reactivate it before" in refused(deals, "opp", "win", "1")
    assert "is suspended already" in refused(deals, "opp", "suspend", "1", "--reason", "x")
    assert "must be after today" in refused(deals, "opp", "suspend", "2", "--reason", "x",
                                            "--until", "2026-11-23", rep="bob")  # fmt: skip
    deals.ok("opp", "lose", "2", "--reason", "no-decision", "--summary", "x", rep="bob")  # paused
    deals.ok("opp", "reactivate", "1")
    assert (opp(deals)["status"], opp(deals)["suspend_reason"]) == ("open", None)
    assert "open, not suspended" in refused(deals, "opp", "reactivate", "1")


def test_reopen_returns_to_the_stage_it_was_lost_from(deals: Cli) -> None:
    deals.ok("opp", "advance", "1")
    deals.ok("opp", "lose", "1", "--reason", "timing", "--summary", "next year")
    move = json.loads(deals.ok("opp", "reopen", "1", "--note", "new budget", "--json").stdout)
    assert (move["from_stage"], move["to_stage"]) == ("lost", "proposal")
    reopened = move["opportunity"]
    assert (reopened["status"], reopened["closed_on"], reopened["loss_reason"]) == (
        "open",
        None,
        None,
    )
    missing = deals("opp", "reopen", "2", "--note", "x", "--stage", "won")
    assert missing.exit_code == 1


def test_transfer_and_shares(deals: Cli) -> None:
    detail = json.loads(
        deals.ok("opp", "share", "1", "--with", "bob", "--split", "30", "--json").stdout
    )
    assert detail["owner_split"] == 70
    assert detail["shares"] == [{"rep": "bob", "name": "Bob Li", "split": 30}]
    deals.ok("opp", "share", "1", "--with", "maria", "--split", "70")
    assert "at most 70 % is left" in refused(
        deals, "opp", "share", "1", "--with", "maria", "--split", "71"
    )
    assert "owns opportunity 1" in refused(
        deals, "opp", "share", "1", "--with", "alice", "--split", "5"
    )
    deals.ok("opp", "share", "1", "--with", "bob", "--split", "20")  # replaces bob's 30
    show = deals.ok("opp", "show", "1").stdout
    assert "Owner        alice (10%)" in show
    deals.ok("opp", "transfer", "1", "--to", "bob", "--note", "bob covers Acme now")
    after = json.loads(deals.ok("opp", "show", "1", "--json").stdout)
    assert after["opportunity"]["owner"] == "bob"
    assert [s["rep"] for s in after["shares"]] == ["maria"]  # bob's share merged into ownership
    # Deal 1 is bob's now.
    deals.ok("opp", "unshare", "1", "--with", "maria", rep="bob")
    assert "has no share" in refused(deals, "opp", "unshare", "1", "--with", "maria", rep="bob")
    assert "already belongs to bob" in refused(
        deals, "opp", "transfer", "1", "--to", "bob", rep="bob"
    )
    deals.ok("rep", "deactivate", "alice", rep="maria")
    assert "'alice' is inactive" in refused(
        deals, "opp", "transfer", "1", "--to", "alice", rep="bob"
    )


def test_archive_only_closed_deals(deals: Cli) -> None:
    assert "only closed deals" in refused(deals, "opp", "archive", "1")
    on(deals, "2026-10-01")
    deals.ok("opp", "win", "1", "--summary", "ok")
    on(deals, "2026-11-23")
    assert (
        deals.ok("opp", "archive", "--closed-before", "2026-10-01").stderr
        == "archived 0 opportunities\n"
    )
    assert (
        deals.ok("opp", "archive", "--closed-before", "2026-10-02").stderr
        == "archived 1 opportunity\n"
    )
    assert (
        deals.ok("opp", "archive", "1").stderr == "archived 0 opportunities; already archived: 1\n"
    )
    assert "is archived" in refused(deals, "opp", "edit", "1", "--name", "x")
    usage = deals("opp", "archive")
    assert usage.exit_code == 2


def test_edit_fields_and_nothing_to_change(deals: Cli) -> None:
    deals.ok("opp", "edit", "1", "--name", "Line controllers (phase 1)", "--close", "2027-01-31",
             "--category", "commit", "--competitor", "Siemens", "--next", "call CFO")  # fmt: skip
    edited = opp(deals)
    assert (edited["name"], edited["close_date"], edited["forecast_category"]) == (
        "Line controllers (phase 1)",
        "2027-01-31",
        "commit",
    )
    deals.ok("opp", "edit", "1", "--account", "Globex")
    assert (opp(deals)["account"], opp(deals)["contact"]) == ("Globex", None)
    usage = deals("opp", "edit", "1")
    assert usage.exit_code == 2 and "nothing to change" in usage.stderr
    bad = deals("opp", "edit", "1", "--category", "maybe")
    assert bad.exit_code == 1 and "not a category" in bad.stderr


def test_every_change_is_an_event(deals: Cli, db_path: object) -> None:
    deals.ok("opp", "advance", "1")
    deals.ok("opp", "share", "1", "--with", "bob", "--split", "10")
    deals.ok("opp", "win", "1", "--summary", "ok")
    with sqlite3.connect(str(db_path)) as connection:
        actions = [row[0] for row in connection.execute(
            "SELECT action FROM event WHERE entity = 'opportunity' AND entity_id = 1 ORDER BY id"
        )]  # fmt: skip
    assert actions == ["add", "advance", "share", "win"]


# --- the whole story -------------------------------------------------------------------------

STORY = (
    "Opportunity 1: Core switches\n"
    "  Status      won on 2027-01-20\n"
    "  Account     华为 (1)\n"
    "  Contact     Wang Wei (1)\n"
    "  Stage       Won (won), since 2027-01-20\n"
    "  Amount      240,000.00\n"
    "  Close date  2027-01-20\n"
    "  Source      referral\n"
    "  Summary     won on service terms\n"
    "  Owner       alice\n"
    "  Opened      2026-11-23\n"
    "\n"
    "Stage history\n"
    "Date        Entered      Days there  From         By     Note\n"
    "2026-11-23  prospect             0d  (opened)     alice  from lead 1\n"
    "2026-11-23  proposal            21d  prospect     alice  bid requested\n"
    "2026-12-14  negotiation         37d  proposal     alice\n"
    "2027-01-20  won                      negotiation  alice  won on service terms\n"
)


def test_a_deal_from_lead_to_win(cli: Cli) -> None:
    cli.ok("lead", "add", "Wang Wei", "--company", "华为", "--source", "referral",
           "--budget", "250000", "--need", "Core switches")  # fmt: skip
    cli.ok("lead", "qualify", "1", "--money", "yes", "--authority", "yes", "--need", "yes")
    converted = cli.ok("lead", "convert", "1", "--close", "2027-03-31")
    assert converted.stderr == (
        "lead 1 converted: new account 1 华为, contact 1 Wang Wei, opportunity 1 Core switches\n"
    )
    cli.ok("opp", "advance", "1", "--note", "bid requested")
    on(cli, "2026-12-14")
    cli.ok("opp", "advance", "1")
    on(cli, "2027-01-20")
    cli.ok("opp", "win", "1", "--amount", "240000", "--summary", "won on service terms")
    assert cli.ok("opp", "show", "1").stdout == STORY


def test_convert_defaults_and_no_opportunity(cli: Cli) -> None:
    cli.ok("lead", "add", "Ann", "--company", "Initech", "--budget", "5000")
    cli.ok("lead", "add", "Ben", "--company", "Hooli")
    converted = json.loads(cli.ok("lead", "convert", "1", "--force", "--json").stdout)
    deal = converted["opportunity"]
    # 60 + 30 + 30 expected days from prospect to won.
    assert (deal["name"], deal["amount"], deal["close_date"]) == (
        "Initech: first deal",
        5000,
        "2027-03-23",
    )
    plain = json.loads(
        cli.ok("lead", "convert", "2", "--force", "--no-opportunity", "--json").stdout
    )
    assert plain["opportunity"] is None
    usage = cli("lead", "convert", "2", "--force", "--no-opportunity", "--amount", "5")
    assert usage.exit_code != 0


# --- funnel, win/loss report and purge -------------------------------------------------------


@pytest.fixture
def history(deals: Cli) -> Cli:
    """Deal 1 moved to proposal after 20 days; bob's deal 2 lost from prospect after 30;
    deal 3 (50,000) went prospect -> proposal -> negotiation -> won in 10, 10 and 11 days."""
    on(deals, "2026-09-21").ok("opp", "advance", "1")
    on(deals, "2026-10-01").ok("opp", "lose", "2", "--reason", "competitor", "--competitor",
                               "Cisco", "--summary", "cheaper", rep="bob")  # fmt: skip
    deals.ok("opp", "add", "Acme", "Spares", "--amount", "50000", "--close", "2026-12-01")
    on(deals, "2026-10-11").ok("opp", "advance", "3")
    on(deals, "2026-10-21").ok("opp", "advance", "3")
    on(deals, "2026-11-01").ok("opp", "win", "3", "--summary", "fast delivery")
    return on(deals, "2026-11-23")


FUNNEL = (
    "Stage        Deals      Amount   Weighted  Conv.   Obs.  Days\n"
    "Prospect         0        0.00       0.00    50%  66.7%  20.0\n"
    "Proposal         1  120,000.00  86,400.00    80%   100%  10.0\n"
    "Negotiation      0        0.00       0.00    90%   100%  11.0\n"
    "Total            1  120,000.00  86,400.00\n"
    "Conv.: conversion to the next stage, as set. Obs.: as observed, moved on / (moved on + lost).\n"
    "Days: average days in the stage of the deals that left it.\n"
    "\n"
    "Closed from 2025-11-23 to 2026-11-23\n"
    "  Won          1 (50,000.00)\n"
    "  Lost         1\n"
    "  Win rate     50%\n"
    "  Sales cycle  31.0 days on average, median 31.0 (won)\n"
    "\n"
    "Open deals as of 2026-11-23; moves and closes from 2025-11-23 to 2026-11-23; owner: everyone.\n"
)


def test_funnel_from_a_known_history(history: Cli) -> None:
    assert history.ok("opp", "funnel", "--all").stdout == FUNNEL
    mine = json.loads(history.ok("opp", "funnel", "--json").stdout)
    assert (mine["owner"], mine["lost"], mine["won"]) == ("alice", 0, 1)
    recent = json.loads(
        history.ok("opp", "funnel", "--all", "--since", "2026-10-15", "--json").stdout
    )
    assert [s["left"] for s in recent["stages"]] == [0, 1, 1]


def test_winloss_report(history: Cli) -> None:
    report = json.loads(history.ok("report", "winloss", "--all", "--by", "owner", "--json").stdout)
    assert (report["won"], report["lost"], report["win_rate"]) == (1, 1, 50)
    assert report["competitors"] == [{"competitor": "Cisco", "deals": 1, "amount": 80000}]
    assert [(g["key"], g["won"], g["lost"]) for g in report["groups"]] == [
        ("alice", 1, 0),
        ("bob", 0, 1),
    ]
    bad = history("report", "winloss", "--by", "colour")
    assert bad.exit_code == 2 and "owner, reason, competitor, source" in bad.stderr


def test_purge_writes_the_deals_beside_the_database_then_deletes_them(
    history: Cli, db_path: object
) -> None:
    history.ok("opp", "archive", "2", "3", rep="maria")
    refused_off_terminal = history("opp", "purge", "--archived-before", "+1d", rep="maria")
    assert refused_off_terminal.exit_code == 2 and "--yes" in refused_off_terminal.stderr
    assert history.ok(
        "opp", "purge", "--archived-before", "2026-11-23", "--yes", rep="maria"
    ).stderr == ("nothing to purge\n")
    result = json.loads(
        history.ok(
            "opp", "purge", "--archived-before", "+1d", "--yes", "--json", rep="maria"
        ).stdout
    )
    assert (result["purged"], result["stage_changes"]) == (2, 6)
    saved = Path(result["file"])
    assert saved.parent == Path(str(db_path)).parent
    text = saved.read_text(encoding="utf-8")
    assert "Fleet renewal" in text and "Spares" in text
    assert [d["id"] for d in json.loads(history.ok("opp", "list", "--all", "--status", "all",
                                                    "--archived", "--json").stdout)] == []  # fmt: skip
    # What was purged comes back with its history.
    history.ok("opp", "import", str(saved))
    back = json.loads(history.ok("opp", "list", "--all", "--status", "all", "--json").stdout)
    assert sorted(d["name"] for d in back) == ["Fleet renewal", "Line controllers", "Spares"]


# --- found in review -------------------------------------------------------------------------


def test_reordering_stages_does_not_rewrite_observed_conversion(history: Cli) -> None:
    def observed() -> dict[str, object]:
        report = json.loads(history.ok("opp", "funnel", "--all", "--json").stdout)
        return {s["key"]: (s["observed"], s["advanced"], s["lost"]) for s in report["stages"]}

    before = observed()
    history.ok("opp", "stages", "move", "proposal", "--after", "negotiation", rep="maria")
    assert observed() == before


def test_a_stage_name_cannot_be_another_stages_key_or_name(cli: Cli) -> None:
    result = cli("opp", "stages", "set", "proposal", "--name", "Won", rep="maria")
    assert result.exit_code == 1 and "'Won' already names stage 'won'" in result.stderr
    result = cli("opp", "stages", "add", "bid", "--name", "negotiation", "--first", rep="maria")
    assert result.exit_code == 1
    cli.ok(
        "opp", "stages", "set", "proposal", "--name", "Proposal", rep="maria"
    )  # its own name is fine


def test_two_purges_never_share_a_file(history: Cli) -> None:
    history.ok("opp", "archive", "2", rep="maria")
    first = json.loads(
        history.ok(
            "opp", "purge", "--archived-before", "+1d", "--yes", "--json", rep="maria"
        ).stdout
    )
    history.ok("opp", "archive", "3", rep="maria")
    second = json.loads(
        history.ok(
            "opp", "purge", "--archived-before", "+1d", "--yes", "--json", rep="maria"
        ).stdout
    )
    assert first["file"] != second["file"]
    assert "Fleet renewal" in Path(first["file"]).read_text(encoding="utf-8")
    assert "Spares" in Path(second["file"]).read_text(encoding="utf-8")


def test_a_reopened_deal_won_later_does_not_keep_the_loss_summary(deals: Cli) -> None:
    deals.ok("opp", "lose", "1", "--reason", "price", "--summary", "too pricey")
    deals.ok("opp", "reopen", "1", "--note", "new budget")
    assert opp(deals)["summary"] is None
    deals.ok("opp", "win", "1", "--summary", "new budget, same offer")
    assert opp(deals)["summary"] == "new budget, same offer"


def test_closed_deals_keep_their_forecast_fields_and_credit(deals: Cli) -> None:
    deals.ok("opp", "win", "1", "--summary", "ok")
    stderr = refused(deals, "opp", "edit", "1", "--probability", "60", "--category", "commit")
    assert "is won; --probability, --category look ahead" in stderr
    deals.ok("opp", "edit", "1", "--summary", "references and price")  # the story can be told
    assert "credit stays as it was earned" in refused(
        deals, "opp", "share", "1", "--with", "bob", "--split", "30"
    )
    assert "credit stays as it was earned" in refused(deals, "opp", "unshare", "1", "--with", "bob")


def test_funnel_and_winloss_as_svg_pictures(history: Cli, tmp_path: Path) -> None:
    picture = tmp_path / "funnel.svg"
    result = history.ok("opp", "funnel", "--all", "--svg", str(picture))
    assert (result.stdout, result.stderr) == ("", f"wrote {picture}\n")
    svg = picture.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "Prospect" in svg and "Negotiation" in svg
    assert "█" in svg or "▆" in svg or "■" in svg or "━" in svg  # the bars a terminal shows
    assert (picture.stat().st_mode & 0o777) == 0o600
    history.ok("report", "winloss", "--all", "--svg", str(tmp_path / "winloss.svg"))
    assert "Cisco" in (tmp_path / "winloss.svg").read_text(encoding="utf-8")
    both = history("opp", "funnel", "--json", "--svg", str(picture))
    assert both.exit_code == 2 and "--json and --svg" in both.stderr
