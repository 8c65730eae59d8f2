"""What stages and opportunities look like in tables, detail views and messages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from salescli.models.records import Opportunity, OpportunityDetail, Stage, StageStep
from salescli.render.activity_views import activities_section
from salescli.render.cells import percent, text
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


def opportunity_columns(today: date, *, stalled: bool = False) -> tuple[Col, ...]:
    def close_cell(opportunity: Opportunity) -> str:
        if opportunity.close_date is None:
            return ""
        late = (today - opportunity.close_date).days
        if late > 0 and opportunity.status == "open":
            return f"{opportunity.close_date.isoformat()} (passed)"
        return opportunity.close_date.isoformat()

    in_stage = Col(
        "In stage",
        lambda o: f"{o.days_in_stage}d" if o.status in ("open", "suspended") else "",
        right=True,
        nowrap=True,
    )
    return (
        Col("ID", lambda o: str(o.id), right=True, nowrap=True),
        Col("Name", lambda o: o.name),
        Col("Account", lambda o: text(o.account)),
        Col("Stage", _stage_cell, nowrap=True),
        in_stage,
        Col("Amount", lambda o: text(o.amount), right=True, nowrap=True),
        Col("Prob.", lambda o: percent(o.probability), right=True, nowrap=True),
        Col("Close", close_cell, nowrap=True),
        *(() if stalled else (Col("Next step", lambda o: text(o.next_step)),)),
        Col("Owner", lambda o: text(o.owner), nowrap=True),
    )


def opportunities_table(
    opportunities: Sequence[Opportunity], today: date, *, stalled: bool = False
) -> None:
    emit_table(
        opportunity_columns(today, stalled=stalled),
        opportunities,
        title="Stalled opportunities" if stalled else "Opportunities",
        empty="no stalled deals" if stalled else "no opportunities match",
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
    _activities(detail)


def _activities(detail: OpportunityDetail) -> None:
    if detail.activities:
        activities_section(detail.activities)


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
