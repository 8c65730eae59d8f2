"""What the reps report and the work report look like."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from salescli.render.cells import rate_percent, text
from salescli.render.output import (
    Col,
    display_width,
    emit_fields,
    emit_line,
    emit_table,
    stdout_is_terminal,
)

if TYPE_CHECKING:
    from salescli.services.reports.reports import ActivityReport, RepActivity, RepsReport

# A rep's credit won is drawn this many characters wide for the largest.
BAR_WIDTH = 16
Row = tuple[str, ...]


def share_bar(value: Decimal, largest: Decimal, width: int = BAR_WIDTH) -> str:
    """A bar from the left, as long as ``value`` is against ``largest`` (to half a
    character); nothing for nothing."""
    if value <= 0 or largest <= 0:
        return ""
    halves = max(1, round(value * width * 2 / largest))
    return "█" * (halves // 2) + ("▌" if halves % 2 else "")


def _one(value: Decimal | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _money(value: Decimal | None) -> str:
    return "-" if value is None else text(value)


def _bar_room(headers: Sequence[str], rows: Sequence[Row]) -> int:
    """How wide bars can be beside the table on this terminal (0: no room). A rich table
    cell takes its text plus two spaces of padding and a rule."""
    import shutil

    table = sum(
        max(display_width(cell) for cell in (header, *(row[index] for row in rows))) + 3
        for index, header in enumerate(headers)
    )
    room = shutil.get_terminal_size().columns - table - 4
    return min(BAR_WIDTH, room) if room >= BAR_WIDTH // 2 else 0


def _cell(index: int) -> Callable[[Row], str]:
    return lambda row: row[index]


def _columns(headers: Sequence[str]) -> list[Col]:
    return [
        Col(header, _cell(index), right=index > 0, nowrap=True)
        for index, header in enumerate(headers)
    ]


REPS_HEADERS = (
    "Rep",
    "Won",
    "Lost",
    "Win rate",
    "Won amount",
    "Avg deal",
    "Cycle (d)",
    "Median (d)",
    "Lost at",
    "Quota",
    "Attained",
)


def _lost_at(report: RepsReport, key: str | None, deals: int) -> str:
    if key is None:
        return "-"
    return f"{report.stages.get(key, key)} ({deals})"


def reps_view(report: RepsReport) -> None:
    """A line per rep, the team's average and total under them (on a terminal, each
    rep's credit won as a bar), then what each team figure is."""
    team, total = report.team, report.total
    rows: list[Row] = [
        (
            rep.rep if rep.active else f"{rep.rep} (inactive)",
            str(rep.won),
            str(rep.lost),
            rate_percent(rep.win_rate),
            text(rep.won_amount),
            _money(rep.avg_deal),
            _one(rep.avg_cycle_days),
            _one(rep.median_cycle_days),
            _lost_at(report, rep.lost_at, rep.lost_at_deals),
            _money(rep.quota),
            rate_percent(rep.attainment),
        )
        for rep in report.reps
    ]
    rows.append(
        (
            "Team average",
            _one(team.won),
            _one(team.lost),
            rate_percent(team.win_rate),
            _money(team.won_amount),
            _money(team.avg_deal),
            _one(team.avg_cycle_days),
            _one(team.median_cycle_days),
            _lost_at(report, team.lost_at, team.lost_at_deals),
            _money(team.quota),
            rate_percent(team.attainment),
        )
    )
    rows.append(
        (
            "Team total",
            str(total.won),
            str(total.lost),
            "",
            text(total.won_amount),
            "",
            "",
            "",
            "",
            _money(total.quota),
            "",
        )
    )
    columns = _columns(REPS_HEADERS)
    width = _bar_room(REPS_HEADERS, rows) if stdout_is_terminal() else 0
    if width:
        largest = max((rep.won_amount for rep in report.reps), default=Decimal(0))
        bars = [share_bar(rep.won_amount, largest, width) for rep in report.reps]
        rows = [(*row, bar) for row, bar in zip(rows, [*bars, "", ""], strict=True)]
        columns.append(Col("", lambda row: row[-1], nowrap=True))
    since, until = report.since.isoformat(), report.until.isoformat()
    emit_table(columns, rows, title=f"Reps — deals closed from {since} to {until}", empty="")
    for note in (
        "Team average: Won, Lost, Won amount and Quota per rep; Win rate, Avg deal, Cycle,"
        " Median and Attained are the team's own, over all its deals (Attained: the reps with a quota);"
        " Lost at: where the team loses most deals. Team total: the sums.",
        "Won amount and Attained credit co-owned deals by split (the owner keeps 100% less"
        " the co-owners' splits); Won, Lost, Avg deal and Cycle (days from opening to"
        " winning: the mean, and the Median) count the deals each rep owns, whole.",
        "Lost at: the stage most of the deals lost in the window were lost from (how many)."
        " Quota: each month's quota in proportion to its days in the window.",
    ):
        emit_line(note)
    if report.collections:
        emit_line("")
        emit_table(
            COLLECTION_COLUMNS,
            report.collections,
            title=f"Collections from {since} to {until}",
            empty="",
        )
        emit_line(
            "Rate: collected / due in the window. Overdue: owed on installments due before"
            " the window's end. DSO (days sales outstanding): all that is owed / the"
            " window's average amount due a day."
        )


COLLECTION_COLUMNS = (
    Col("Rep", lambda c: c.rep, nowrap=True, rank=1),
    Col("Due", lambda c: text(c.due), right=True, nowrap=True, rank=1),
    Col("Collected", lambda c: text(c.collected), right=True, nowrap=True, rank=1),
    Col("Rate", lambda c: rate_percent(c.collection_rate), right=True, nowrap=True, rank=1),
    Col("Overdue", lambda c: text(c.overdue), right=True, nowrap=True, rank=1),
    Col("Outstanding", lambda c: text(c.outstanding), right=True, nowrap=True, rank=2),
    Col("DSO", lambda c: "-" if c.dso is None else str(c.dso), right=True, nowrap=True, rank=2),
)


ACTIVITY_LABELS = {
    "visit": "Visits",
    "call": "Calls",
    "email": "Emails",
    "meeting": "Meetings",
    "message": "Messages",
    "handover": "Handovers",
}


def _by_type(counts: dict[str, int], total: int) -> str:
    if not total:
        return "0"
    parts = [
        f"{count} {kind}{'' if count == 1 else 's'}" for kind, count in counts.items() if count
    ]
    return f"{total}: {', '.join(parts)}"


def _period(report: ActivityReport) -> str:
    return f"this {report.period}, {report.since.isoformat()} to {report.until.isoformat()}"


def _planned_range(report: ActivityReport) -> str:
    return f"{report.planned_from.isoformat()} to {report.planned_until.isoformat()}"


def activity_view(report: ActivityReport) -> None:
    """One rep's work report as a list of figures; every rep's as a table with the
    team's total."""
    if report.owner is not None and len(report.reps) == 1:
        _one_rep(report, report.reps[0])
    else:
        _every_rep(report)
    emit_line(
        "Deals advanced (to a later stage), won and lost (closed), opened, and leads converted"
        " count each once, for its owner, as the history records them."
    )


def _one_rep(report: ActivityReport, rep: RepActivity) -> None:
    emit_fields(
        f"Work report — {rep.rep} ({rep.name}), {_period(report)}",
        [
            ("Activities done", _by_type(rep.done, rep.done_total)),
            ("Deals advanced", str(rep.advanced)),
            ("Won", str(rep.won)),
            ("Lost", str(rep.lost)),
            ("Leads converted", str(rep.leads_converted)),
            ("New deals", str(rep.opened)),
            (f"Planned {_planned_range(report)}", _by_type(rep.planned, rep.planned_total)),
        ],
    )


def _every_rep(report: ActivityReport) -> None:
    kinds = [kind for kind, count in report.total.done.items() if count]
    headers = (
        "Rep",
        "Done",
        *(ACTIVITY_LABELS.get(kind, kind) for kind in kinds),
        "Advanced",
        "Won",
        "Lost",
        "Leads conv.",
        "New deals",
        "Planned",
    )

    def row(rep: RepActivity, label: str) -> Row:
        return (
            label,
            str(rep.done_total),
            *(str(rep.done[kind]) for kind in kinds),
            str(rep.advanced),
            str(rep.won),
            str(rep.lost),
            str(rep.leads_converted),
            str(rep.opened),
            str(rep.planned_total),
        )

    rows = [row(rep, rep.rep or "") for rep in report.reps]
    rows.append(row(report.total, "Team total"))
    emit_table(
        _columns(headers), rows, title=f"Work report — every rep, {_period(report)}", empty=""
    )
    emit_line(f"Planned: activities planned from {_planned_range(report)}.")
