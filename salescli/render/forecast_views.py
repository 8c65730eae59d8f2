"""What the forecast and quota attainment look like: a table per period, with bars on a
terminal (and in --svg pictures), the notes that say how each figure was made, the key
deals, and the rates used."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from salescli.render.cells import percent, rate_percent, text
from salescli.render.output import (
    Col,
    emit_fields,
    emit_line,
    emit_section,
    emit_table,
    stdout_is_terminal,
)

if TYPE_CHECKING:
    from salescli.services.pipeline.forecast import Forecast, ForecastPeriod, KeyDeal, StageRate
    from salescli.services.pipeline.quotas import Attainment, QuotaChange, QuotaReport

BAR_WIDTH = 24
BUCKET_NAMES = {"overdue": "overdue", "later": "later", "undated": "no close date"}


def _amount(value: Decimal | None) -> str:
    return "" if value is None else text(value)


def _times(value: Decimal | None) -> str:
    return "-" if value is None else f"{value:.1f}x"


def bar(solid: Decimal, light: Decimal, widest: Decimal, width: int = BAR_WIDTH) -> str:
    """``solid`` drawn full (won) and ``light`` after it shaded (still to come), against
    ``widest`` filling ``width`` characters; rich markup."""
    if widest <= 0:
        return ""
    full = min(width, round(solid * width / widest)) if solid > 0 else 0
    shaded = min(width - full, round((solid + light) * width / widest) - full) if light > 0 else 0
    return f"[green]{'█' * full}[/green]{'▒' * max(shaded, 0)}"


# ---- forecast --------------------------------------------------------------------------


def _rows(report: Forecast) -> list[ForecastPeriod]:
    rows: list[ForecastPeriod] = []
    if report.overdue is not None and report.overdue.deals:
        rows.append(report.overdue)
    rows += report.periods
    for bucket in (report.later, report.undated):
        if bucket is not None and bucket.deals:
            rows.append(bucket)
    return rows


def _period_name(row: ForecastPeriod) -> str:
    return BUCKET_NAMES.get(row.period, row.period)


def forecast_view(report: Forecast, *, explain: bool = False) -> None:
    """The periods (and the overdue, later and undated buckets when they hold deals),
    then the key deals; with ``explain`` the rates used, stage by stage."""
    weighted = report.method == "weighted"
    rows = _rows(report)
    quota = any(row.quota is not None for row in rows)
    columns = [
        Col("Period", _period_name, nowrap=True, rank=1),
        _number("Deals", lambda r: str(r.deals), rank=3),
        _number("Won", lambda r: _amount(r.closed_won), rank=1),
    ]
    if weighted:
        columns += [
            _number("Commit", lambda r: _amount(r.commit), rank=3),
            _number("Best case+", lambda r: _amount(r.best_case_cumulative), rank=4),
            _number("Pipeline+", lambda r: _amount(r.pipeline_cumulative), rank=4),
        ]
    columns.append(_number("Weighted" if weighted else "Flow", lambda r: text(r.forecast), rank=1))
    if quota:
        columns += [
            Col("Quota", lambda r: _amount(r.quota), right=True, nowrap=True),
            Col("Won %", lambda r: _quota_percent(r, r.attainment), right=True, nowrap=True),
            Col("Proj. %", lambda r: _quota_percent(r, r.projected_attainment), right=True),
        ]
    bars: list[str] = []
    if stdout_is_terminal():
        widest = max(
            (max((r.closed_won or Decimal(0)) + r.forecast, r.quota or Decimal(0)) for r in rows),
            default=Decimal(0),
        )
        bars = [bar(row.closed_won or Decimal(0), row.forecast, widest) for row in rows]
    who = report.owner or "everyone"
    title = f"Forecast — {who}, {report.method}, by {report.by}, as of {report.today.isoformat()}"
    headers = _table_with_bars(columns, rows, bars, title=title)
    for note in _forecast_notes(report, quota, headers):
        emit_line(note)
    emit_line(
        f"Forecast for {who}, {report.method}, by {report.by}, as of {report.today.isoformat()}."
    )
    if report.key_deals:
        emit_section("Key deals")
        _key_deals_table(report)
    if explain:
        emit_section("Rates used")
        _rates_table(report.rates, learned=report.learned)
        emit_section("Amounts from accepted quotes")
        _quoted_table(report)


def _quoted_table(report: Forecast) -> None:
    """The open deals whose amount is their accepted quote's net total, by quote number
    and version; a deal edited since says what the quote held."""
    emit_table(
        (
            Col("ID", lambda d: str(d.id), right=True, nowrap=True, rank=1),
            Col("Deal", lambda d: d.name, rank=1),
            Col("Account", lambda d: d.account or "", rank=2),
            Col("Owner", lambda d: d.owner or "", nowrap=True, rank=4),
            Col("Amount", lambda d: text(d.amount), right=True, nowrap=True, rank=1),
            Col(
                "From",
                lambda d: (
                    f"quote {d.quote} v{d.version}"
                    + ("" if d.amount == d.quote_net else f" ({text(d.quote_net)}; edited since)")
                ),
                nowrap=True,
                rank=1,
            ),
        ),
        report.quoted,
        empty="  (none: every amount was entered on its deal)",
        empty_is_data=True,
    )


def _table_with_bars(
    columns: Sequence[Col], records: Sequence[Any], bars: Sequence[str], *, title: str
) -> list[str]:
    """A table, with a bar beside each record when there are bars (on a terminal)."""
    cells = [[col.cell(record) for col in columns] for record in records]
    shown = [col._replace(cell=_cell(index), style=None) for index, col in enumerate(columns)]
    if bars:
        cells = [[*row, drawn] for row, drawn in zip(cells, bars, strict=True)]
        shown.append(Col("", _cell(len(columns)), nowrap=True, markup=True, rank=5))
    return emit_table(shown, cells, title=title, empty="nothing to show")


def _number(header: str, cell: Any, *, rank: int) -> Col:
    """A column of amounts or counts: right-aligned, on one line."""
    return Col(header, cell, right=True, nowrap=True, rank=rank)


def _cell(index: int) -> Any:
    return lambda row: row[index]


def _quota_percent(row: ForecastPeriod, value: Decimal | None) -> str:
    return "" if row.quota is None else rate_percent(value)


def _forecast_notes(report: Forecast, quota: bool, headers: Sequence[str]) -> list[str]:
    """The notes under the table, each only when the columns it explains are shown."""
    notes = []
    if report.method == "weighted":
        notes.append(
            "Weighted: amount x win probability (the deal's own, else its stage's), in the"
            " period of its close date."
        )
        if "Pipeline+" in headers:
            notes.append(
                "Commit, Best case+ and Pipeline+ are open amounts, not weighted; + means"
                " cumulative: Best case+ includes Commit, Pipeline+ includes Best case+"
                " (every open deal)."
            )
        elif "Commit" in headers:
            notes.append("Commit: open amounts the reps commit to, not weighted.")
        overdue = report.overdue
        if overdue is not None and overdue.deals:
            notes.append(
                f"Overdue: {overdue.deals} open deal{'s' if overdue.deals != 1 else ''} whose"
                f" close date has passed ({text(overdue.forecast)} weighted); set new close"
                " dates with 'salescli opp edit ID --close DATE'."
            )
    else:
        notes.append(
            "Flow: amount x the conversion of its stage and every later one, landing when"
            " the stages left are done (their expected days, less the days already spent in"
            " the current stage; 30 days = a calendar month)."
        )
    notes.append("Won: deals won in the period, up to today.")
    if "Won %" in headers:
        notes.append("Won %: won / quota. Proj. %: (won + forecast) / quota.")
    if report.owner is not None:
        notes.append(
            f"Co-owned deals count by share: {report.owner}'s split of them (an owner keeps"
            " 100 % less the co-owners' splits)."
        )
    if report.learned:
        learned = [rate.stage for rate in report.rates if rate.source == "learned"]
        kept = [rate.stage for rate in report.rates if rate.source != "learned"]
        notes.append(
            f"Rates learned from the last {report.lookback_days} days of stage moves:"
            f" {', '.join(learned) or 'none'}; configured (fewer than 10 deals observed):"
            f" {', '.join(kept) or 'none'}. --explain shows them."
        )
    return notes


def _key_deals_table(report: Forecast) -> None:
    credit = any(deal.credit != 100 for deal in report.key_deals)
    columns = [
        Col("Period", lambda d: d.period, nowrap=True, rank=3),
        Col("ID", lambda d: str(d.id), right=True, nowrap=True, rank=1),
        Col("Deal", lambda d: d.name, rank=1),
        Col("Account", lambda d: d.account or "", rank=1),
        Col("Owner", lambda d: d.owner or "", nowrap=True, rank=5),
        Col("Stage", lambda d: d.stage, nowrap=True, rank=3),
        Col(
            "Close" if report.method == "weighted" else "Lands",
            lambda d: text(d.expected_on),
            nowrap=True,
            rank=1,
        ),
        Col("Amount", lambda d: text(d.amount), right=True, nowrap=True, rank=1),
    ]
    if credit:
        columns.append(Col("Credit", lambda d: percent(d.credit), right=True, nowrap=True, rank=3))
    columns += [
        Col("Prob.", lambda d: percent(d.probability), right=True, nowrap=True, rank=4),
        Col(
            "Weighted" if report.method == "weighted" else "Flow",
            lambda d: text(d.forecast),
            right=True,
            nowrap=True,
            rank=2,
        ),
        Col("Share", lambda d: rate_percent(d.share), right=True, nowrap=True, rank=4),
    ]
    deals: Sequence[KeyDeal] = report.key_deals
    headers = emit_table(columns, deals, empty="  (none)", empty_is_data=True)
    explained = {
        "Credit": "Credit: the rep's split of a co-owned deal.",
        "Share": "Share: the deal's part of its period's forecast.",
    }
    notes = [note for header, note in explained.items() if header in headers]
    if notes:
        emit_line(" ".join(notes))


def _rates_table(rates: Sequence[StageRate], *, learned: bool) -> None:
    columns = [
        Col("Stage", lambda r: r.name),
        Col("Conversion", lambda r: percent(r.conversion), right=True, nowrap=True),
        Col("Days", lambda r: str(r.days), right=True, nowrap=True),
        Col("Win prob.", lambda r: percent(r.probability), right=True, nowrap=True),
        Col("From", lambda r: r.source, nowrap=True),
    ]
    if learned:
        columns += [
            Col("Observed", lambda r: str(r.observed_deals or 0), right=True, nowrap=True),
            Col(
                "Obs. conv.", lambda r: rate_percent(r.observed_conversion), right=True, nowrap=True
            ),
            Col(
                "Obs. days",
                lambda r: "-" if r.observed_days is None else f"{r.observed_days:.1f}",
                right=True,
                nowrap=True,
            ),
        ]
    emit_table(columns, rates, empty="  (no open stages)", empty_is_data=True)
    emit_line(
        "Conversion: to the next stage (the last: to won). Win prob.: this stage's conversion"
        " x every later one's."
    )
    if learned:
        emit_line(
            "Observed: deals that left the stage forward or to lost in the lookback window;"
            " a stage is learned from 10. Obs. days: average days in the stage of the moves"
            " out of it."
        )


# ---- quota -----------------------------------------------------------------------------


def quota_view(report: QuotaReport) -> None:
    """Each rep's attainment (and the team's), the to-date windows, the year before."""
    span = report.period
    who = report.owner or "everyone"
    title = (
        f"Quota — {who}, {span.label} ({span.start.isoformat()} to {span.end.isoformat()}),"
        f" as of {report.today.isoformat()}"
    )
    rows: list[Attainment] = list(report.reps)
    if report.owner is None:
        rows.append(report.total)
    columns = [
        Col("Rep", lambda a: a.rep or "team", nowrap=True),
        Col("Quota", lambda a: _amount(a.quota) or "-", right=True, nowrap=True),
        Col("Won", lambda a: text(a.won), right=True, nowrap=True),
        Col("Won %", lambda a: rate_percent(a.attainment), right=True, nowrap=True),
        Col("Gap", lambda a: _amount(a.gap) or "-", right=True, nowrap=True),
        Col("Pipeline", lambda a: text(a.pipeline), right=True, nowrap=True),
        Col("Coverage", lambda a: _times(a.coverage), right=True, nowrap=True),
    ]
    bars = [_quota_bar(row) for row in rows] if stdout_is_terminal() else []
    _table_with_bars(columns, rows, bars, title=title)
    emit_line(
        f"Pipeline: the weighted amount of open deals expected to close from"
        f" {max(span.start, report.today).isoformat()} to {span.end.isoformat()}"
        " (overdue ones left out). Coverage: pipeline / gap."
    )
    emit_line(
        "Co-owned deals count by share; the team's figures count each deal once."
        if report.owner is None
        else "Co-owned deals count by share."
    )
    emit_section(f"To date (to {report.today.isoformat()})")
    emit_table(
        (
            Col("Window", lambda w: w.label),
            Col("Period", lambda w: w.period.label, nowrap=True),
            Col("Quota", lambda w: _amount(w.quota) or "-", right=True, nowrap=True),
            Col("Won", lambda w: text(w.won), right=True, nowrap=True),
            Col("Won %", lambda w: rate_percent(w.attainment), right=True, nowrap=True),
        ),
        report.to_date,
        empty="  (none)",
        empty_is_data=True,
    )
    earlier = report.year_earlier
    emit_section(
        f"A year earlier: {earlier.period.label} ({earlier.period.start.isoformat()} to"
        f" {earlier.period.end.isoformat()})"
    )
    won = text(earlier.won)
    if earlier.same_day is not None and earlier.won_by_same_day is not None:
        won += f" ({text(earlier.won_by_same_day)} by {earlier.same_day.isoformat()})"
    emit_fields(
        "",
        [
            ("Quota", _amount(earlier.quota) or "-"),
            ("Won", won),
            ("Won %", rate_percent(earlier.attainment)),
        ],
    )


def _quota_bar(row: Attainment) -> str:
    if not row.quota:
        return ""
    return bar(row.won, row.pipeline, row.quota)


def quota_change_message(change: QuotaChange) -> str:
    months = ", ".join(
        f"{month.month} {text(month.amount)}" if month.amount is not None else month.month
        for month in change.months
    )
    if change.total is None:
        return f"cleared {change.rep}'s quota for {change.period} ({months})"
    return f"{change.rep}'s quota for {change.period} is {text(change.total)}: {months}"
