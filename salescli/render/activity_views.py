"""What visits, calls and the other activities look like: lists, details, the agenda."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from salescli.render.cells import due_style, text
from salescli.render.output import Col, emit_fields, emit_line, emit_section, emit_table

if TYPE_CHECKING:
    from salescli.models.records import Activity
    from salescli.services.activities.activities import Agenda, Logged


def when(activity: Activity) -> str:
    """The activity's day and time: when it happened, or when it is planned."""
    day = activity.done_on if activity.status == "done" else activity.planned_on
    clock = activity.done_time if activity.status == "done" else activity.planned_time
    return f"{text(day)} {clock}" if clock else text(day)


def _with(activity: Activity) -> str:
    return activity.account + (f" / {activity.contact}" if activity.contact else "")


def about(activity: Activity) -> str:
    """What an activity is about: a done one's outcome; a planned one's purpose, or its
    objective when it was planned with only that."""
    if activity.status == "done":
        return text(activity.outcome)
    return text(activity.purpose or activity.objective)


def activity_columns(today: date) -> tuple[Col, ...]:
    def when_cell(activity: Activity) -> str:
        late = ""
        if activity.status == "planned" and activity.planned_on and activity.planned_on < today:
            late = f" ({(today - activity.planned_on).days}d overdue)"
        return when(activity) + late

    def when_style(activity: Activity) -> str:
        if activity.status != "planned" or activity.planned_on is None:
            return ""
        return due_style(activity.planned_on, today)

    return (
        Col("ID", lambda v: str(v.id), right=True, nowrap=True, rank=1),
        Col("When", when_cell, nowrap=True, rank=1, style=when_style),
        Col("Type", lambda v: v.type, nowrap=True),
        Col("Status", lambda v: v.status, nowrap=True, rank=3),
        Col("With", _with, rank=1),
        Col(
            "Deal", lambda v: f"{v.opportunity_id} {v.opportunity}" if v.opportunity else "", rank=3
        ),
        Col("About", about),
        Col("Owner", lambda v: text(v.owner), nowrap=True, rank=5),
    )


def activities_table(activities: Sequence[Activity], today: date) -> None:
    emit_table(activity_columns(today), activities, title="Activities", empty="no activities match")


def activity_detail(activity: Activity) -> None:
    status = activity.status
    if status == "cancelled" and activity.cancel_reason:
        status += f" ({activity.cancel_reason})"
    fields = [
        ("Status", status),
        ("When", when(activity)),
        ("Account", f"{activity.account} ({activity.account_id})"),
        ("Contact", f"{activity.contact} ({activity.contact_id})" if activity.contact else ""),
        (
            "Deal",
            f"{activity.opportunity} ({activity.opportunity_id})" if activity.opportunity else "",
        ),
        ("Purpose", text(activity.purpose)),
        ("Objective", text(activity.objective)),
        ("At least", text(activity.min_objective)),
        ("Outcome", text(activity.outcome)),
        ("Next step", text(activity.next_step)),
        ("Follows", f"activity {activity.follows_id}" if activity.follows_id else ""),
        ("Owner", text(activity.owner)),
        ("External id", text(activity.external_id)),
    ]
    emit_fields(f"{activity.type.capitalize()} {activity.id}", fields)


def logged_message(logged: Logged, *, verb: str) -> str:
    activity = logged.activity
    message = f"{activity.type} {activity.id} with {activity.account} {verb}"
    if logged.follow_up is not None:
        message += f"; follow-up {logged.follow_up.id} planned for {when(logged.follow_up)}"
    return message


def planned_message(activity: Activity) -> str:
    return f"{activity.type} {activity.id} with {_with(activity)} planned for {when(activity)}"


def activities_section(activities: Sequence[Activity]) -> None:
    """The planned and the latest done activities of an account or a deal."""
    emit_section("Activities")
    columns = (
        Col("ID", lambda v: str(v.id), right=True, nowrap=True, rank=1),
        Col("When", when, nowrap=True, rank=1),
        Col("Type", lambda v: v.type, nowrap=True),
        Col("Status", lambda v: v.status, nowrap=True),
        Col("About", about, rank=1),
    )
    emit_table(columns, activities, empty="  (none yet)", empty_is_data=True)


def agenda_view(plan: Agenda) -> None:
    whose = f" — {plan.owner}" if plan.owner else ""
    emit_line(f"Agenda for {plan.day.isoformat()} ({plan.day.strftime('%A')}){whose}")
    if not plan.items:
        emit_line("  nothing planned")
        return
    for item in plan.items:
        activity = item.activity
        clock = activity.planned_time or "all day"
        emit_line("")
        emit_line(f"{clock}  {activity.type} {activity.id}: {activity.account}")
        lines = [
            ("Address", text(item.address)),
            ("Phone", text(item.account_phone)),
            (
                "Contact",
                f"{activity.contact}{', ' + item.contact_phone if item.contact_phone else ''}"
                if activity.contact
                else "",
            ),
            ("Purpose", text(activity.purpose)),
            ("Objective", text(activity.objective)),
            ("At least", text(activity.min_objective)),
            (
                "Deal",
                ", ".join(
                    part
                    for part in (
                        f"{activity.opportunity_id} {activity.opportunity}",
                        text(item.stage),
                        text(item.amount),
                    )
                    if part
                )
                if activity.opportunity
                else "",
            ),
        ]
        emit_fields("", lines)
