"""What the funnel report and the win/loss report look like."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from salescli.render.cells import percent, rate_percent, text
from salescli.render.output import (
    Col,
    display_width,
    emit_fields,
    emit_line,
    emit_section,
    emit_table,
    stdout_is_terminal,
)

if TYPE_CHECKING:
    from salescli.services.pipeline.funnel import Funnel, WinLoss, WinLossGroup

# The funnel's shape is drawn this many characters wide for its widest stage.
BAR_WIDTH = 20
NONE = "(none)"


def _days(value: Decimal | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def funnel_bar(deals: int, widest: int, width: int = BAR_WIDTH) -> str:
    """A bar centred in ``width`` characters, as long as ``deals`` is against ``widest``
    (to half a character), so the stages stacked draw the funnel."""
    if deals <= 0 or widest <= 0:
        return ""
    halves = max(1, round(deals * width * 2 / widest))
    left = (width * 2 - halves) // 2
    bar = " " * (left // 2)
    if left % 2:
        bar += "▐"
        halves -= 1
    bar += "█" * (halves // 2)
    if halves % 2:
        bar += "▌"
    return bar


def _stage_rows(report: Funnel) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [
        (
            stage.name,
            str(stage.deals),
            text(stage.amount),
            text(stage.weighted),
            percent(stage.conversion),
            rate_percent(stage.observed),
            _days(stage.avg_days),
        )
        for stage in report.stages
    ]
    rows.append(
        ("Total", str(report.deals), text(report.amount), text(report.weighted), "", "", "")
    )
    return rows


FUNNEL_HEADERS = ("Stage", "Deals", "Amount", "Weighted", "Conv.", "Obs.", "Days")
# Stage, deals and amounts stay on a narrow terminal; the rates and days go first.
FUNNEL_RANKS = (1, 1, 1, 2, 3, 4, 3)


def _cell(index: int) -> Callable[[tuple[str, ...]], str]:
    return lambda row: row[index]


def _bar_width(rows: Sequence[tuple[str, ...]]) -> int:
    """How wide the funnel's bars can be beside the table on this terminal (0: no room).
    A rich table cell takes its text plus two spaces of padding and a rule."""
    import shutil

    table = sum(
        max(display_width(cell) for cell in (header, *(row[index] for row in rows))) + 3
        for index, header in enumerate(FUNNEL_HEADERS)
    )
    room = shutil.get_terminal_size().columns - table - 4
    return min(BAR_WIDTH, room) if room >= BAR_WIDTH // 2 else 0


def funnel_view(report: Funnel) -> None:
    """The open deals stage by stage (on a terminal with the funnel's shape beside them,
    when there is room), then what closed in the window."""
    columns = [
        Col(header, _cell(index), right=index > 0, nowrap=index > 0, rank=FUNNEL_RANKS[index])
        for index, header in enumerate(FUNNEL_HEADERS)
    ]
    rows: Sequence[tuple[str, ...]] = _stage_rows(report)
    width = _bar_width(rows) if stdout_is_terminal() else 0
    if width:
        widest = max((stage.deals for stage in report.stages), default=0)
        bars = [funnel_bar(stage.deals, widest, width) for stage in report.stages]
        rows = [(*row, bar) for row, bar in zip(rows, [*bars, ""], strict=True)]
        columns.append(Col("", lambda r: r[-1], nowrap=True, rank=5))
    who = report.owner or "everyone"
    emit_table(columns, rows, title=f"Funnel — {who}", empty="no open stages")
    since, until = report.since.isoformat(), report.until.isoformat()
    notes = [
        "Conv.: conversion to the next stage, as set. Obs.: as observed, moved on / (moved"
        " on + lost).",
        "Days: average days in the stage of the deals that left it.",
    ]
    if report.suspended:
        notes.append(f"Suspended deals, not counted above: {report.suspended}.")
    for note in notes:
        emit_line(note)
    emit_section(f"Closed from {since} to {until}")
    cycle, middle = report.avg_cycle_days, report.median_cycle_days
    emit_fields(
        "",
        [
            ("Won", f"{report.won} ({text(report.won_amount)})"),
            ("Lost", str(report.lost)),
            ("Win rate", rate_percent(report.win_rate)),
            (
                "Sales cycle",
                "-"
                if cycle is None
                else f"{_days(cycle)} days on average, median {_days(middle)} (won)",
            ),
        ],
    )
    emit_line(
        f"\nOpen deals as of {until}; moves and closes from {since} to {until}; owner: {who}."
    )


def _group_columns(by: str) -> tuple[Col, ...]:
    return (
        Col(by.capitalize(), lambda g: NONE if g.key is None else g.key),
        Col("Won", lambda g: str(g.won), right=True, nowrap=True),
        Col("Lost", lambda g: str(g.lost), right=True, nowrap=True),
        Col("Win rate", lambda g: rate_percent(g.win_rate), right=True, nowrap=True),
        Col("Won amount", lambda g: text(g.won_amount), right=True, nowrap=True),
        Col("Lost amount", lambda g: text(g.lost_amount), right=True, nowrap=True),
    )


def winloss_view(report: WinLoss) -> None:
    """Totals, the groups asked for, the loss reasons ranked and the competitors who beat
    us."""
    who = report.owner or "everyone"
    emit_fields(
        f"Won and lost from {report.since.isoformat()} to {report.until.isoformat()} — {who}",
        [
            ("Won", f"{report.won} ({text(report.won_amount)})"),
            ("Lost", f"{report.lost} ({text(report.lost_amount)})"),
            ("Win rate", rate_percent(report.win_rate)),
            (
                "Won deal size",
                "-"
                if report.avg_won_amount is None
                else f"{text(report.avg_won_amount)} on average,"
                f" median {text(report.median_won_amount)}",
            ),
        ],
    )
    # Grouped by reason, the groups are the loss reasons below, with their share.
    if report.by is not None and report.by != "reason":
        emit_section(f"By {report.by}")
        groups: Sequence[WinLossGroup] = report.groups
        emit_table(_group_columns(report.by), groups, empty="  (none)", empty_is_data=True)
    emit_section("Loss reasons")
    emit_table(
        (
            Col("Reason", lambda r: NONE if r.reason is None else r.reason),
            Col("Deals", lambda r: str(r.deals), right=True, nowrap=True),
            Col("Amount", lambda r: text(r.amount), right=True, nowrap=True),
            Col("Share", lambda r: rate_percent(r.share), right=True, nowrap=True),
        ),
        report.loss_reasons,
        empty="  (no lost deals)",
        empty_is_data=True,
    )
    emit_section("Competitors who beat us")
    emit_table(
        (
            Col("Competitor", lambda c: c.competitor),
            Col("Deals", lambda c: str(c.deals), right=True, nowrap=True),
            Col("Amount", lambda c: text(c.amount), right=True, nowrap=True),
        ),
        report.competitors,
        empty="  (none named)",
        empty_is_data=True,
    )
