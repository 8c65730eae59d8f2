"""`report campaigns` and `report leads` on a small book whose figures are computed by
hand in the comments below."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Cli


def on(cli: Cli, day: str, *args: str, rep: str | None = "") -> None:
    cli.today = date.fromisoformat(day)
    cli.ok(*args, rep=rep)


@pytest.fixture
def book(cli: Cli, tmp_path: Path) -> Cli:
    """Expo (trade show, East): budget 10,000, costs 4,000 + 2,000 = 6,000; leads L1-L4
    (L1 converted, its deal won at 20,000; L2 qualified; L3 new; L4 disqualified) and a
    deal of its own, lost at 5,000. Mailing (direct mail, West): budget 2,000, cost 3,000,
    lead L5 (new). Web leads L6 (contacted) and L7 (imported converted, no date)."""
    on(cli, "2026-09-01", "campaign", "add", "Expo", "--type", "trade-show", "--region", "East",
       "--start", "2026-10-01", "--budget", "10000")  # fmt: skip
    on(cli, "2026-09-01", "campaign", "add", "Mailing", "--type", "direct-mail",
       "--region", "West", "--start", "2026-11-01", "--budget", "2000")  # fmt: skip
    on(cli, "2026-09-02", "campaign", "cost", "Expo", "4000")
    on(cli, "2026-10-02", "campaign", "cost", "Expo", "2000")
    on(cli, "2026-11-01", "campaign", "cost", "Mailing", "3000")
    on(cli, "2026-10-01", "lead", "add", "L1", "--source", "trade-show", "--campaign", "Expo")
    on(cli, "2026-10-01", "lead", "add", "L2", "--source", "trade-show", "--campaign", "Expo")
    on(cli, "2026-11-01", "lead", "add", "L3", "--source", "trade-show", "--campaign", "Expo")
    on(cli, "2026-11-01", "lead", "add", "L4", "--source", "trade-show", "--campaign", "Expo")
    on(cli, "2026-11-01", "lead", "add", "L5", "--source", "direct-mail", "--campaign", "2")
    on(cli, "2026-11-02", "lead", "add", "L6", "--source", "web")
    yes = ("--money", "yes", "--authority", "yes", "--need", "yes")
    on(cli, "2026-10-11", "lead", "qualify", "1", *yes)  # 10 days
    on(cli, "2026-10-05", "lead", "qualify", "2", *yes)  # 4 days
    on(cli, "2026-10-21", "lead", "convert", "1", "--amount", "20000")  # 20 days
    on(cli, "2026-10-25", "opp", "win", "1", "--summary", "met at the stand")
    on(cli, "2026-11-03", "lead", "touch", "4", "--note", "called")
    on(cli, "2026-11-04", "lead", "disqualify", "4", "--reason", "student")
    on(cli, "2026-11-04", "lead", "touch", "6", "--note", "mailed")
    sheet = tmp_path / "converted.csv"
    sheet.write_text("name,source,status\nL7,web,converted\n", encoding="utf-8")
    on(cli, "2026-11-10", "lead", "import", str(sheet))
    on(cli, "2026-10-01", "account", "add", "Acme")
    on(cli, "2026-10-01", "opp", "add", "Acme", "Retrofit", "--amount", "5000", "--close", "+1m",
       "--campaign", "Expo")  # fmt: skip
    on(cli, "2026-11-20", "opp", "lose", "2", "--reason", "price", "--summary", "too dear")
    cli.today = date(2026, 11, 23)
    return cli


def test_campaign_return_per_campaign(book: Cli) -> None:
    # Expo: 4 leads, 2 qualified, 1 converted; 2 deals, 1 won (20,000); cost 6,000:
    # per lead 1,500, per win 6,000, ROI (20,000 - 6,000) / 6,000 = 233.3 %.
    # Mailing: 1 lead, cost 3,000: per lead 3,000, ROI -100 %.
    # Total: cost 9,000 for 5 leads (1,800) and 1 win, ROI 11,000 / 9,000 = 122.2 %.
    assert book.ok("report", "campaigns").stdout == (
        "Campaign     Budget      Cost  Leads  Qualified  Converted  Deals  Won  Won amount"
        "  Contracts  Per lead   Per win     ROI\n"
        "Expo      10,000.00  6,000.00      4          2          1      2    1   20,000.00"
        "          0  1,500.00  6,000.00  233.3%\n"
        "Mailing    2,000.00  3,000.00      1          0          0      0    0        0.00"
        "          0  3,000.00         -   -100%\n"
        "total     12,000.00  9,000.00      5          2          1      2    1   20,000.00"
        "          0  1,800.00  9,000.00  122.2%\n"
    )


def test_campaign_return_by_type_and_quarter(book: Cli) -> None:
    data = json.loads(book.ok("report", "campaigns", "--by", "type", "--json").stdout)
    assert [(row["group"], row["roi"], row["with_deals"]) for row in data["rows"]] == [
        ("direct-mail", -100, 0),
        ("trade-show", 233.3333, 1),
    ]
    quarters = json.loads(book.ok("report", "campaigns", "--by", "quarter", "--json").stdout)
    assert [row["group"] for row in quarters["rows"]] == ["2026-Q4"]
    assert quarters["total"]["cost_per_won"] == 9000
    since = json.loads(book.ok("report", "campaigns", "--since", "2026-10-15", "--json").stdout)
    assert [row["group"] for row in since["rows"]] == ["Mailing"]


def test_a_contract_counts_for_its_deals_campaign(book: Cli) -> None:
    """A contract counts for the campaign of the deal it was made for."""
    book.ok("contract", "new", "--opp", "1", "--amount", "20000")
    data = json.loads(book.ok("report", "campaigns", "--json").stdout)
    assert [row["contracts"] for row in data["rows"]] == [1, 0]
    assert data["rows"][0]["with_contracts"] == 1
    assert json.loads(book.ok("campaign", "show", "Expo", "--json").stdout)["contracts"] == 1


def test_lead_conversion_by_source(book: Cli) -> None:
    # trade-show: L1-L4; contacted L1, L2, L4 (3: 75 %), qualified L1, L2 (50 %),
    # converted L1 (25 %), disqualified L4 (25 %); days to qualified 10 and 4: median 7;
    # to converted 20. web: L6 contacted, L7 converted on its import day (0 days).
    assert book.ok("report", "leads", "--since", "2026-09-01").stdout == (
        "Source       Leads  Contacted  Qualified  Converted  Disqualified  Days to qual."
        "  Days to conv.  Won amount\n"
        "direct-mail      1     0 (0%)     0 (0%)     0 (0%)        0 (0%)              -"
        "              -        0.00\n"
        "trade-show       4    3 (75%)    2 (50%)    1 (25%)       1 (25%)              7"
        "             20   20,000.00\n"
        "web              2   2 (100%)    1 (50%)    1 (50%)        0 (0%)              -"
        "              0        0.00\n"
        "total            7  5 (71.4%)  3 (42.9%)  2 (28.6%)     1 (14.3%)              7"
        "             10   20,000.00\n"
    )


def test_lead_conversion_by_campaign_month_and_owner(book: Cli) -> None:
    by_campaign = json.loads(
        book.ok("report", "leads", "--by", "campaign", "--since", "2026-09-01", "--json").stdout
    )
    assert [(r["group"], r["leads"], r["converted_rate"]) for r in by_campaign["rows"]] == [
        ("Expo", 4, 25),
        ("Mailing", 1, 0),
        ("(none)", 2, 50),
    ]
    by_month = json.loads(
        book.ok("report", "leads", "--by", "month", "--since", "2026-09-01", "--json").stdout
    )
    assert [(r["group"], r["leads"]) for r in by_month["rows"]] == [
        ("2026-10", 2),
        ("2026-11", 5),
    ]
    bob = json.loads(book.ok("report", "leads", "--owner", "bob", "--json").stdout)
    assert bob["rows"] == []


def test_report_groups_are_checked(book: Cli) -> None:
    result = book("report", "leads", "--by", "colour")
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        2,
        "error: --by colour: choose source, campaign, owner, month",
    )


def test_a_public_lead_set_imported_converted_gives_its_rate(cli: Cli, tmp_path: Path) -> None:
    """A file shaped like the public "Leads X Education" set: 9,240 leads, 3,561 of them
    with Converted 1 (38.5 %); they count as converted on their import day."""
    import random

    flags = [1] * 3561 + [0] * (9240 - 3561)
    random.Random(7).shuffle(flags)
    sheet = tmp_path / "leads.csv"
    lines = ["Prospect ID,Lead Number,Lead Origin,Converted,TotalVisits"]
    lines += [f"p-{i:05d},{660000 + i},API,{flag},3" for i, flag in enumerate(flags)]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cli.ok("lead", "import", str(sheet), "--map", "Prospect ID=name",
           "--map", "Lead Number=external_id")  # fmt: skip
    total = json.loads(cli.ok("report", "leads", "--json").stdout)["total"]
    # 3,561 / 9,240 = 38.5390 %: JSON keeps four decimals, the screen shows 38.5 %.
    assert (total["leads"], total["converted"], total["converted_rate"]) == (9240, 3561, 38.539)
    assert "3561 (38.5%)" in cli.ok("report", "leads").stdout.splitlines()[-1]
    assert total["median_days_to_converted"] == 0


def test_lead_sheets_carry_the_campaign_and_the_conversion_day(book: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "fair.csv"
    sheet.write_text(
        "name,campaign,status,converted date\nL8,expo,converted,2026-11-20\nL9,Mailing,new,\n",
        encoding="utf-8",
    )
    book.today = date(2026, 11, 10)
    book.ok("lead", "import", str(sheet))
    data = json.loads(book.ok("report", "leads", "--by", "campaign", "--json").stdout)
    expo = next(row for row in data["rows"] if row["group"] == "Expo")
    # Expo's leads: L1 converted in 20 days, L8 created 2026-11-10 converted 2026-11-20.
    assert (expo["leads"], expo["converted"], expo["median_days_to_converted"]) == (5, 2, 15)
    exported = book.ok("lead", "export", "--status", "converted").stdout.splitlines()
    header = exported[0].split(",")
    last = dict(zip(header, exported[-1].split(","), strict=True))
    assert (last["name"], last["campaign"], last["converted_on"]) == ("L8", "Expo", "2026-11-20")
    refused = book("lead", "import", str(_bad(tmp_path)))
    assert refused.exit_code == 1
    assert "no campaign 'Fair 2030'" in refused.stderr


def _bad(tmp_path: Path) -> Path:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("name,campaign\nL10,Fair 2030\n", encoding="utf-8")
    return sheet


def test_the_roi_chart_draws_each_campaigns_return(book: Cli, tmp_path: Path) -> None:
    picture = tmp_path / "roi.svg"
    book.ok("report", "campaigns", "--svg", str(picture))
    drawn = picture.read_text(encoding="utf-8")
    assert drawn.startswith("<svg")
    assert "Return" in drawn and "Expo" in drawn
    assert "█" in drawn  # Expo's bar; Mailing lost money: no bar


def test_campaign_return_read_through_gross_margin(cli: Cli) -> None:
    """Expo costs 6,000 and won deal 1 through a quote of 10 x SKU-1 at 1,000 that cost
    300 each: won 10,000, margin 7,000; ROI (10,000 - 6,000) / 6,000 = 66.7 %, on margin
    (7,000 - 6,000) / 6,000 = 16.7 %. Mailing costs 1,000 and won deal 2 at 5,000 with no
    quote: ROI 400 %, its margin unknown, and so the total's (1 of 2 won deals costed):
    ROI (15,000 - 7,000) / 7,000 = 114.3 %."""
    cli.ok("campaign", "add", "Expo", "--type", "trade-show", "--start", "2026-10-01")
    cli.ok("campaign", "add", "Mailing", "--type", "direct-mail", "--start", "2026-11-01")
    cli.ok("campaign", "cost", "Expo", "6000")
    cli.ok("campaign", "cost", "Mailing", "1000")
    cli.ok("product", "add", "SKU-1", "Switch", "--price", "1000", "--cost", "300", rep="maria")
    cli.ok("account", "add", "Acme")
    cli.ok(
        "opp", "add", "Acme", "Switches", "--amount", "1", "--close", "+1m", "--campaign", "Expo"
    )
    cli.ok("opp", "add", "Acme", "Cabling", "--amount", "5000", "--close", "+1m",
           "--campaign", "Mailing")  # fmt: skip
    cli.ok("quote", "new", "1")
    cli.ok("quote", "line", "add", "1", "SKU-1", "--qty", "10")
    cli.ok("quote", "send", "1")
    cli.ok("quote", "accept", "1")
    cli.ok("opp", "win", "1", "--summary", "price held")
    cli.ok("opp", "win", "2", "--summary", "quick")
    assert cli.ok("report", "campaigns", "--margin").stdout == (
        "Campaign  Budget      Cost  Leads  Qualified  Converted  Deals  Won  Won amount"
        "    Margin  Contracts  Per lead   Per win  Margin ROI\n"
        "Expo        0.00  6,000.00      0          0          0      1    1   10,000.00"
        "  7,000.00          0         -  6,000.00       16.7%\n"
        "Mailing     0.00  1,000.00      0          0          0      1    1    5,000.00"
        "         -          0         -  1,000.00           -\n"
        "total       0.00  7,000.00      0          0          0      2    2   15,000.00"
        "         -          0         -  3,500.00           -\n"
    )
    data = json.loads(cli.ok("report", "campaigns", "--json").stdout)
    assert [
        (row["group"], row["roi"], row["won_costed"], row["margin"], row["margin_roi"])
        for row in [*data["rows"], data["total"]]
    ] == [
        ("Expo", 66.6667, 1, 7000, 16.6667),
        ("Mailing", 400, 0, None, None),
        ("total", 114.2857, 1, None, None),
    ]
    plain = cli.ok("report", "campaigns").stdout
    assert "Margin" not in plain
    assert plain.splitlines()[1].endswith("66.7%")
