"""What a rep sees on a real terminal (a pseudo-terminal): tables that fit 80, 100 and
160 columns without losing the essential columns, the compact digest, blocks below a
table's minimum, and colour that carries meaning (and words that carry it too)."""

from __future__ import annotations

import re

import pytest

from salescli.render.layout import cut, cut_distinct, display_width, fit, frame_width
from tests.conftest import Cli
from tests.test_end_to_end import COLOUR_CODE, run_in_terminal

ANSI_CODE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TEXT_COLUMNS = {"Name", "Account", "Company", "Deal", "What", "With", "About"}


@pytest.fixture
def book(cli: Cli) -> Cli:
    """Chinese and Latin names, long enough to wrap at 80 columns: an overdue and a
    today lead, a deal whose close date passed, a won and a lost deal, a visit today."""
    cli.ok("account", "add", "上海华联集团股份有限公司", "--phone", "+86 21 5555 0101")
    cli.ok("account", "add", "上海电气集团股份有限公司", "--phone", "+86 21 5555 0202")
    cli.ok("account", "add", "Cyberdyne Industries International")
    cli.ok("contact", "add", "上海华联集团股份有限公司", "王伟", "--phone", "+86 139 1234 5678")
    cli.ok("contact", "add", "Cyberdyne Industries International", "Noah Lewis")
    cli.ok("lead", "add", "王伟", "--company", "上海电气集团股份有限公司", "--next", "2026-11-20",
           "--phone", "+86 139 8765 4321")  # fmt: skip
    cli.ok(
        "lead",
        "add",
        "Jane Roe-Fitzgerald",
        "--company",
        "Globex Corporation",
        "--next",
        "2026-11-23",
    )
    cli.ok("opp", "add", "上海华联集团股份有限公司", "年度备件框架协议", "--amount", "1565000",
           "--close", "2026-11-20", "--contact", "王伟")  # fmt: skip
    cli.ok("opp", "add", "Cyberdyne Industries International", "Clean-room HVAC controls",
           "--amount", "250000", "--close", "2027-01-10")  # fmt: skip
    cli.ok("opp", "add", "上海电气集团股份有限公司", "智能工厂一期", "--amount", "990000",
           "--close", "2026-12-05")  # fmt: skip
    cli.ok("opp", "add", "Cyberdyne Industries International", "Spare parts 2026",
           "--amount", "38000", "--close", "2026-12-01")  # fmt: skip
    cli.ok("opp", "win", "4", "--summary", "best service terms")
    cli.ok("opp", "lose", "3", "--reason", "price", "--summary", "cheaper offer")
    cli.ok("visit", "plan", "上海华联集团股份有限公司", "--at", "2026-11-23 10:00",
           "--opp", "1", "--contact", "王伟", "--purpose", "与采购经理谈付款条件")  # fmt: skip
    return cli


def shown(book: Cli, columns: int, *args: str, **env: str) -> str:
    """The command's output on a terminal this wide, colour codes taken out."""
    raw = run_in_terminal(
        book.db.parent,
        "--db", str(book.db), "--as", "alice", "--today", "2026-11-23", *args,
        COLUMNS=str(columns), **env,
    )  # fmt: skip
    return ANSI_CODE.sub("", raw.decode()).replace("\r\n", "\n")


def header_widths(output: str) -> list[dict[str, int]]:
    """Each table's columns: header -> width in cells (from the header row, ┃...┃)."""
    tables = []
    for line in output.splitlines():
        if "┃" not in line:
            continue
        cells = line.strip("┃").split("┃")
        tables.append({cell.strip(): display_width(cell) - 2 for cell in cells})
    return tables


VIEWS = {
    ("opp", "list"): ["ID", "Name", "Account", "Amount", "Close"],
    ("lead", "list", "--due"): ["ID", "Name", "Company", "Next action"],
    ("account", "show", "1"): ["ID", "Name", "Amount", "Close", "When", "About"],
    ("forecast",): ["Period", "Won", "Weighted", "ID", "Deal", "Account", "Amount"],
    ("opp", "funnel"): ["Stage", "Deals", "Amount"],
}


@pytest.mark.parametrize("columns", [80, 100, 160])
@pytest.mark.parametrize("args", list(VIEWS), ids=" ".join)
def test_essential_columns_stay_readable(book: Cli, args: tuple[str, ...], columns: int) -> None:
    output = shown(book, columns, *args)
    drawn = [line for line in output.splitlines() if set(line) & set("┃│━─")]
    assert max(map(display_width, drawn)) <= columns, output  # a table fits
    assert "…" not in output, output  # nothing is cut: a long value wraps
    tables = header_widths(output)
    found = {header: width for table in tables for header, width in table.items()}
    for header in VIEWS[args]:
        assert header in found, (header, output)
        assert found[header] >= display_width(header), (header, output)
        if header in TEXT_COLUMNS:
            assert found[header] >= 12, (header, output)
    for table in tables:
        assert all(width >= display_width(header) for header, width in table.items()), output


@pytest.mark.parametrize("columns", [80, 100, 160])
def test_opp_list_keeps_names_and_drops_the_rest_first(book: Cli, columns: int) -> None:
    output = shown(book, columns, "opp", "list")
    for name in ("年度备件框架", "Clean-room", "上海华联集团", "2026-11-20", "1,565,000.00"):
        assert name in output, output
    headers = set(header_widths(output)[0])
    if columns == 80:
        assert "Owner" not in headers and "Prob." not in headers and "In stage" not in headers
    if columns == 160:
        assert {"Owner", "Prob.", "In stage", "Next step", "Stage"} <= headers


@pytest.mark.parametrize("columns", [80, 100])
def test_remind_is_compact_on_a_narrow_terminal(book: Cli, columns: int) -> None:
    output = shown(book, columns, "remind")
    assert "┃" not in output  # no table
    lines = output.splitlines()
    assert max(map(display_width, lines)) <= columns
    today = next(i for i, line in enumerate(lines) if "today" in line and "visit" in line)
    assert "与采购经理谈付款条件" in lines[today]
    assert "上海华联" in lines[today + 1] and "+86 139 1234 5678" in lines[today + 1]
    assert ("salescli visit done" in output) == (columns >= 100)
    overdue = next(line for line in lines if "3d ago" in line)
    assert "王伟" in overdue


def test_remind_is_a_table_on_a_wide_terminal(book: Cli) -> None:
    output = shown(book, 160, "remind")
    tables = header_widths(output)
    assert tables and {"When", "What", "With", "Phone", "Command"} <= set(tables[0])


def test_below_a_tables_minimum_a_list_is_key_value_blocks(book: Cli) -> None:
    output = shown(book, 40, "opp", "list")
    assert "┃" not in output
    assert re.search(r"^Name: +年度备件框架协议", output, re.MULTILINE), output
    assert re.search(r"^Close: +2026-11-20 \(passed\)", output, re.MULTILINE), output
    assert max(map(display_width, output.splitlines())) <= 40


def test_a_contact_list_tells_two_similar_companies_apart(book: Cli) -> None:
    book.ok("contact", "add", "上海电气集团股份有限公司", "李娜")
    output = shown(book, 80, "contact", "list", "--all")
    assert "上海华联集团" in output and "上海电气集团" in output


def test_cut_never_makes_two_names_look_alike() -> None:
    assert cut("上海华联", 5) == "上海…"
    assert cut_distinct(["上海华联", "上海电气", "北京"], 5) == ["上海华…", "上海电…", "北京"]
    assert cut_distinct(["上海华联集团", "上海华联超市"], 7) == ["上海华联集…", "上海华联超…"]
    assert cut_distinct(["Acme", "Acme"], 3) == ["Ac…", "Ac…"]  # the same name stays the same


def test_the_layout_drops_the_least_important_columns_first() -> None:
    # Ranks: id, name essential; stage useful; owner last. Width for id+name+stage only.
    ranks, naturals, minimums = [1, 1, 2, 5], [3, 30, 11, 5], [3, 12, 11, 5]
    width = 3 + 12 + 11 + frame_width(3, edge=True)
    found = fit(ranks, naturals, minimums, width)
    assert found is not None and found.kept == (0, 1, 2) and found.edge
    assert found.widths == (3, 12, 11)
    assert fit(ranks, naturals, minimums, 3 + 12 + frame_width(2, edge=False) - 1) is None
    wide = fit(ranks, naturals, minimums, 200)
    assert wide is not None and wide.widths == (3, 30, 11, 5)


# ---- colour ---------------------------------------------------------------------------


@pytest.mark.parametrize("term", ["xterm", "xterm-256color"])
def test_colour_means_something_on_a_terminal(book: Cli, term: str) -> None:
    raw = run_in_terminal(
        book.db.parent,
        "--db", str(book.db), "--as", "alice", "--today", "2026-11-23",
        "opp", "list", "--status", "all", TERM=term,
    )  # fmt: skip
    text = raw.decode()
    assert re.search(r"\x1b\[(?:[0-9;]*;)?31m2026-11-20", text), text  # passed close: red
    assert "(passed)" in text  # and said in words
    assert re.search(r"\x1b\[(?:[0-9;]*;)?32m", text), text  # the won deal: green
    assert re.search(r"\x1b\[(?:[0-9;]*;)?2m", text), text  # the lost one: dimmed
    digest = run_in_terminal(
        book.db.parent,
        "--db", str(book.db), "--as", "alice", "--today", "2026-11-23", "remind", TERM=term,
    ).decode()  # fmt: skip
    assert re.search(r"\x1b\[(?:[0-9;]*;)?31m[A-Z][a-z]{2} 2026-11-20, 3d ago", digest), digest
    assert re.search(r"\x1b\[(?:[0-9;]*;)?33mtoday", digest), digest


def test_forecast_notes_only_the_columns_it_shows(book: Cli) -> None:
    narrow = shown(book, 80, "forecast", "--all")
    wide = shown(book, 200, "forecast", "--all")
    for text, header, note in ((narrow, "Pipeline+", "Pipeline+ includes"),
                               (narrow, "Share", "Share: the deal's part"),
                               (wide, "Pipeline+", "Pipeline+ includes"),
                               (wide, "Share", "Share: the deal's part")):  # fmt: skip
        headed = any(header in line and "┃" in line for line in text.splitlines())
        assert headed == (note in text), (header, text)
    assert "Pipeline+ includes" in wide and "Pipeline+ includes" not in narrow


def test_account_show_marks_a_passed_close_date(book: Cli) -> None:
    """As `opp list` does: in words everywhere, in red on a terminal."""
    assert "2026-11-20 (passed)" in book.ok("account", "show", "1").stdout
    raw = run_in_terminal(
        book.db.parent,
        "--db", str(book.db), "--as", "alice", "--today", "2026-11-23",
        "account", "show", "1", TERM="xterm-256color",
    ).decode()  # fmt: skip
    assert re.search(r"\x1b\[(?:[0-9;]*;)?31m2026-11-20", raw), raw


@pytest.mark.parametrize("args", [("opp", "list", "--status", "all"), ("remind",)])
def test_no_color_means_none(book: Cli, args: tuple[str, ...]) -> None:
    raw = run_in_terminal(
        book.db.parent,
        "--db", str(book.db), "--as", "alice", "--today", "2026-11-23", *args, NO_COLOR="1",
    )  # fmt: skip
    assert not COLOUR_CODE.search(raw), raw[:400]
    assert b"(passed)" in raw or b"3d ago" in raw  # the words stay
