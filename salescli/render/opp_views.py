"""What stages and opportunities look like in tables, detail views and messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from salescli.models.records import Opportunity, OpportunityDetail, Stage, StageStep
from salescli.render.activity_views import activities_section
from salescli.render.cells import close_cell, close_style, closed_row_style, percent, text
from salescli.render.contract_views import contracts_section
from salescli.render.marketing_views import expenses_section
from salescli.render.output import Col, emit_fields, emit_section, emit_table

if TYPE_CHECKING:
    from salescli.services.pipeline.archive import Archived
    from salescli.services.pipeline.lifecycle import StageMove


def _days(value: int | None) -> str:
    return "" if value is None else f"{value}d"


STAGE_COLUMNS = (
    Col("#", lambda s: str(s.position), right=True, nowrap=True),
    Col("Key", lambda s: s.key, nowrap=True),
    Col("Name", lambda s: s.name),
    Col("Conversion", lambda s: percent(s.conversion) if s.kind == "open" else "", right=True),
    Col("Win prob.", lambda s: percent(s.probability), right=True),
    Col("Days", lambda s: text(s.days), right=True),
    Col("Cadence", lambda s: f"every {s.cadence_days}d" if s.cadence_days else "", nowrap=True),
    Col("Deals", lambda s: str(s.deals), right=True),
)


def stages_table(stages: Sequence[Stage]) -> None:
    emit_table(STAGE_COLUMNS, stages, title="Funnel stages", empty="no stages")


def _stage_cell(opportunity: Opportunity) -> str:
    if opportunity.status == "suspended":
        return f"{opportunity.stage} (suspended)"
    return opportunity.stage


def opportunity_columns(
    today: date, *, stalled: bool = False, stage_days: Mapping[str, int | None] | None = None
) -> tuple[Col, ...]:
    """``stage_days``: each stage's expected days, to mark the deals stalled in it."""
    expected = stage_days or {}

    def is_stalled(opportunity: Opportunity) -> bool:
        days = expected.get(opportunity.stage)
        return (
            opportunity.status == "open" and days is not None and opportunity.days_in_stage > days
        )

    def stage_cell(opportunity: Opportunity) -> str:
        if is_stalled(opportunity):
            return f"{opportunity.stage} (stalled)"
        return _stage_cell(opportunity)

    in_stage = Col(
        "In stage",
        lambda o: f"{o.days_in_stage}d" if o.status in ("open", "suspended") else "",
        right=True,
        nowrap=True,
        rank=4,
    )
    return (
        Col("ID", lambda o: str(o.id), right=True, nowrap=True, rank=1),
        Col("Name", lambda o: o.name, rank=1),
        Col("Account", lambda o: text(o.account), rank=1),
        Col("Stage", stage_cell, rank=2, style=lambda o: "yellow" if is_stalled(o) else ""),
        in_stage,
        Col("Amount", lambda o: text(o.amount), right=True, nowrap=True, rank=1),
        Col("Prob.", lambda o: percent(o.probability), right=True, nowrap=True, rank=4),
        Col(
            "Close",
            lambda o: close_cell(o, today),
            rank=1,
            least=10,
            style=lambda o: close_style(o, today),
        ),
        *(() if stalled else (Col("Next step", lambda o: text(o.next_step), rank=3),)),
        Col("Owner", lambda o: text(o.owner), nowrap=True, rank=5),
    )


def opportunities_table(
    opportunities: Sequence[Opportunity],
    today: date,
    *,
    stalled: bool = False,
    stage_days: Mapping[str, int | None] | None = None,
) -> None:
    emit_table(
        opportunity_columns(today, stalled=stalled, stage_days=stage_days),
        opportunities,
        title="Stalled opportunities" if stalled else "Opportunities",
        empty="no stalled deals" if stalled else "no opportunities match",
        row_style=closed_row_style,
    )


def _status_line(opportunity: Opportunity) -> str:
    status = opportunity.status
    if status == "suspended":
        until = f" until {opportunity.suspended_until}" if opportunity.suspended_until else ""
        return f"suspended{until}: {text(opportunity.suspend_reason)}"
    if status == "won":
        return f"won on {opportunity.closed_on}"
    if status == "lost":
        to = f" to {opportunity.competitor}" if opportunity.competitor else ""
        why = f" ({opportunity.loss_reason})" if opportunity.loss_reason else ""
        return f"lost on {opportunity.closed_on}{why}{to}"
    return "open"


def opportunity_detail(detail: OpportunityDetail) -> None:
    o = detail.opportunity
    live = o.status in ("open", "suspended")
    probability = percent(o.probability) + (
        " (set for this deal)" if o.probability_override is not None else ""
    )
    fields = [
        ("Status", _status_line(o) + (" — archived" if o.archived_at else "")),
        ("Account", f"{o.account} ({o.account_id})" if o.account else ""),
        ("Contact", f"{o.contact} ({o.contact_id})" if o.contact else ""),
        (
            "Stage",
            f"{o.stage_name} ({o.stage}), since {o.stage_entered}"
            + (f", {o.days_in_stage}d" if live else ""),
        ),
        ("Amount", text(o.amount)),
        ("Probability", probability if live else ""),
        ("Category", text(o.forecast_category)),
        ("Close date", text(o.close_date)),
        ("Next step", text(o.next_step) + (f" ({o.next_date})" if o.next_date else "")),
        ("Source", text(o.source)),
        ("Campaign", text(o.campaign)),
        ("Competitor", text(o.competitor)),
        ("Summary", text(o.summary)),
        ("Owner", text(o.owner) + (f" ({percent(detail.owner_split)})" if detail.shares else "")),
        ("Opened", text(o.opened_on)),
        ("External id", text(o.external_id)),
    ]
    emit_fields(f"Opportunity {o.id}: {o.name}", fields)
    if detail.shares:
        emit_section("Co-owners")
        emit_table(
            (
                Col("Rep", lambda s: s.rep, nowrap=True),
                Col("Name", lambda s: s.name),
                Col("Split", lambda s: percent(s.split), right=True),
            ),
            detail.shares,
            empty="",
            empty_is_data=True,
        )
    emit_section("Stage history")
    emit_table(
        (
            Col("Date", lambda row: text(row[0].on_date), nowrap=True),
            Col("Entered", lambda row: row[0].to_stage, nowrap=True),
            Col("Days there", lambda row: row[1], right=True, nowrap=True),
            Col("From", lambda row: text(row[0].from_stage) or "(opened)", nowrap=True),
            Col("By", lambda row: text(row[0].rep), nowrap=True),
            Col("Note", lambda row: text(row[0].note)),
        ),
        _stays(detail),
        empty="  (no history)",
        empty_is_data=True,
    )
    if detail.accepted_quotes:
        from salescli.render.quote_views import acceptances_section

        acceptances_section(detail.accepted_quotes)
    if detail.quotes:
        from salescli.render.quote_views import quotes_section

        quotes_section(detail.quotes)
    contracts_section(detail.contracts, None)
    _activities(detail)


def _activities(detail: OpportunityDetail) -> None:
    if detail.activities:
        activities_section(detail.activities)
    expenses_section(detail.expenses)


def _stays(detail: OpportunityDetail) -> list[tuple[StageStep, str]]:
    """Each move of the history with the days the deal then spent in the stage it
    entered: until the next move, or so far for the stage it is in."""
    o = detail.opportunity
    rows: list[tuple[StageStep, str]] = []
    for index, step in enumerate(detail.history):
        if index + 1 < len(detail.history):
            days = _days(detail.history[index + 1].days)
        elif o.status in ("open", "suspended"):
            days = f"{o.days_in_stage}d so far"
        else:
            days = ""
        rows.append((step, days))
    return rows


def move_message(move: StageMove) -> str:
    o = move.opportunity
    if o.status == "won":
        return f"opportunity {o.id} won: {o.name} ({text(o.amount)}) after {move.days_in_previous}d in {move.from_stage}"
    return (
        f"opportunity {o.id}: {move.from_stage} -> {move.to_stage}"
        f" after {move.days_in_previous}d; win probability now {percent(o.probability)}"
    )


def closed_message(opportunity: Opportunity) -> str:
    if opportunity.status == "won":
        return f"opportunity {opportunity.id} won: {opportunity.name} ({text(opportunity.amount)})"
    to = f" to {opportunity.competitor}" if opportunity.competitor else ""
    return f"opportunity {opportunity.id} lost ({opportunity.loss_reason}){to}: {opportunity.name}"


def archive_message(result: Archived) -> str:
    count = len(result.archived)
    message = f"archived {count} opportunit{'y' if count == 1 else 'ies'}"
    if result.already:
        message += f"; already archived: {', '.join(map(str, result.already))}"
    return message
