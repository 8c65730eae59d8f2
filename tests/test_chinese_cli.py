"""Chinese on the command line: every word CSV import reads for a source, a status or a
role is read from an option too, and dates such as 明天, 下周一 and 3天后."""

from __future__ import annotations

import json

from tests.conftest import Cli


def _json(cli: Cli, *args: str) -> dict:  # type: ignore[type-arg]
    return json.loads(cli.ok(*args, "--json").stdout)  # type: ignore[no-any-return]


def test_a_lead_source_and_status_in_chinese(cli: Cli) -> None:
    lead = _json(cli, "lead", "add", "Zhang Wei", "--source", "展会", "--next", "明天")
    assert lead["source"] == "trade-show"
    assert lead["next_action"] == "2026-11-24"
    cli.ok("lead", "touch", "1", "--note", "打了电话", "--next", "下周一")
    listed = json.loads(cli.ok("lead", "list", "--status", "跟进中", "--json").stdout)
    assert [row["name"] for row in listed] == ["Zhang Wei"]
    assert listed[0]["next_action"] == "2026-11-30"
    by_source = json.loads(cli.ok("lead", "list", "--source", "展会", "--json").stdout)
    assert len(by_source) == 1


def test_an_account_status_a_contact_role_and_a_loss_reason_in_chinese(cli: Cli) -> None:
    account = _json(cli, "account", "add", "华为", "--status", "客户")
    assert account["status"] == "customer"
    contact = _json(cli, "contact", "add", "华为", "王伟", "--role", "决策者")
    assert contact["role"] == "decision-maker"
    cli.ok("opp", "add", "华为", "园区网络", "--amount", "1.2万", "--close", "3天后")
    lost = _json(cli, "opp", "lose", "1", "--reason", "价格", "--summary", "贵了15%")
    assert lost["loss_reason"] == "price"


def test_a_visit_planned_for_next_friday_at_ten(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    visit = _json(cli, "visit", "plan", "Acme", "--at", "下周五 10:00", "--objective", "demo")
    assert (visit["planned_on"], visit["planned_time"]) == ("2026-12-04", "10:00")


def test_an_unknown_chinese_source_lists_the_choices(cli: Cli) -> None:
    result = cli("lead", "add", "Li", "--source", "路过")
    assert result.exit_code == 2
    assert "'路过' is not a lead source; choose one of: referral, trade-show" in result.stderr
    assert cli.ok("lead", "list", "--all", "--json").stdout.strip() == "[]"


def test_an_unreadable_date_names_the_chinese_forms(cli: Cli) -> None:
    result = cli("lead", "add", "Li", "--next", "下下下周")
    assert result.exit_code == 2
    assert "明天" in result.stderr


def test_a_deal_status_and_a_closed_stage_in_the_words_csv_import_reads(cli: Cli) -> None:
    cli.ok("account", "add", "华为")
    cli.ok("opp", "add", "华为", "园区网络", "--amount", "100", "--close", "2027-01-31")
    cli.ok("opp", "add", "华为", "数据中心", "--amount", "200", "--close", "2027-02-28")
    cli.ok("opp", "advance", "1", "--to", "赢单", "--summary", "服务好")
    won = json.loads(cli.ok("opp", "list", "--status", "赢单", "--json").stdout)
    assert [deal["id"] for deal in won] == [1]
    by_stage = json.loads(
        cli.ok("opp", "list", "--stage", "Closed Won", "--status", "all", "--json").stdout
    )
    assert [deal["id"] for deal in by_stage] == [1]
    still_open = json.loads(cli.ok("opp", "list", "--status", "进行中", "--json").stdout)
    assert [deal["id"] for deal in still_open] == [2]
