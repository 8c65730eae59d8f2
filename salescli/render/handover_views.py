"""What a handover looks like: its report, in Markdown (written to a file, printed in a
pipe, formatted on a terminal; a preview and a run print the same report but for one
line), the list of handovers, one handover, and a revert."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from salescli.controls import visible
from salescli.render.activity_views import activities_table
from salescli.render.cells import counted, percent, text
from salescli.render.output import (
    Col,
    emit_fields,
    emit_line,
    emit_section,
    emit_table,
    stdout_is_terminal,
)

if TYPE_CHECKING:
    from salescli.services.handover.book import AccountCard, DealCard, Touch
    from salescli.services.handover.history import HandoverDetail, HandoverSummary
    from salescli.services.handover.plan import HandoverPlan, SuccessorPlan
    from salescli.services.handover.revert import Reverted
    from salescli.services.handover.run import HandoverDone

NONE = "  (none)"


# ---------------------------------------------------------------------------------------
# Shared wording


def successors_text(plan: HandoverPlan) -> str:
    return ", ".join(successor.handle for successor in plan.successors)


def report_status(handover_id: int | None) -> str:
    """The report's second line: the only one in which a preview and a run differ."""
    if handover_id is None:
        return "*Preview: nothing has changed. `salescli handover run` with the same options does exactly this.*"
    return f"Handover {handover_id}: done (`salescli handover show {handover_id}`; undo: `salescli handover revert {handover_id}`)."


def _scope(plan: HandoverPlan) -> str:
    if not plan.only_accounts:
        return "the whole book"
    return "only " + ", ".join(ref.name for ref in plan.only_accounts)


def _visits_rule(plan: HandoverPlan) -> str:
    return (
        f"every open deal in {plan.imminent_stage} or a later stage,"
        f" within {counted(plan.visit_within, 'days')}"
    )


def _header(plan: HandoverPlan) -> list[tuple[str, str]]:
    return [
        ("From", f"{plan.departing} ({plan.departing_name})"),
        ("To", ", ".join(f"{s.handle} ({s.name})" for s in plan.successors)),
        ("On", plan.on_date.isoformat()),
        ("Accounts", _scope(plan)),
        ("Strategy", plan.strategy),
        ("Reason", text(plan.reason)),
        ("Deactivate", f"{plan.departing} can own nothing afterwards" if plan.deactivate else ""),
        ("Handover visits", _visits_rule(plan)),
    ]


def _touch(touch: Touch | None) -> str:
    if touch is None:
        return ""
    parts = [text(touch.on), touch.type]
    if touch.owner:
        parts.append(f"({touch.owner})")
    line = " ".join(part for part in parts if part)
    return f"{line}: {touch.text}" if touch.text else line


def _share_outcome(merge: str | None, merged_split: Decimal | None, split: Decimal) -> str:
    if merge == "ownership":
        return "part of their ownership"
    if merge == "share":
        return f"added to their {percent(merged_split)}"
    return f"their {percent(split)} share"


def _deal_stage(deal: DealCard) -> str:
    return f"{deal.stage} (suspended)" if deal.status == "suspended" else deal.stage


def _next_step(deal: DealCard) -> str:
    if deal.next_step and deal.next_date:
        return f"{deal.next_step} ({deal.next_date.isoformat()})"
    return text(deal.next_step) or text(deal.next_date)


def _counts(successor: SuccessorPlan) -> str:
    shown = [f"{label} {count}" for label, count in successor.counts.items() if count]
    return ", ".join(shown) or "nothing"


# ---------------------------------------------------------------------------------------
# The report: Markdown, in a file and on the screen

# Up to this many lines, a terminal shows the report formatted (rich renders a large
# one slowly); a longer one, or one for a pipe, is printed as the Markdown it is.
FORMATTED_LINES = 2000


def report_view(markdown: str) -> None:
    """The report on stdout: formatted on a terminal, as Markdown in a pipe."""
    if stdout_is_terminal() and markdown.count("\n") <= FORMATTED_LINES:
        from rich.console import Console
        from rich.markdown import Markdown

        Console(highlight=False, emoji=False, no_color=bool(os.environ.get("NO_COLOR"))).print(
            Markdown(markdown)
        )
        return
    sys.stdout.write(markdown)


def done_message(done: HandoverDone) -> str:
    plan = done.plan
    if done.handover_id is None:
        return f"nothing to hand over: {plan.departing} owns no live records; nothing changed"
    moved = sum(
        count
        for successor in plan.successors
        for label, count in successor.counts.items()
        if label not in ("contacts", "visits")
    )
    message = (
        f"handover {done.handover_id}: {counted(moved, 'records')} moved from {plan.departing}"
        f" to {successors_text(plan)}"
    )
    visits = sum(len(successor.visits) for successor in plan.successors)
    if visits:
        message += f"; {counted(visits, 'handover visits')} planned"
    if plan.deactivate:
        message += f"; {plan.departing} deactivated"
    if done.report:
        message += f"\nreport: {done.report}"
    return message


# ---------------------------------------------------------------------------------------
# The Markdown report


# What Markdown would read as a link, an image, emphasis, code or HTML rather than text:
# escaped in data, so a name like "[Pay here](https://…)" is shown as typed.
_MARKUP = re.compile(r"([\\`*_\[\]<>|])")


def _md(value: object) -> str:
    """Data as Markdown text for a table cell, a list item or a heading: on one line,
    what Markdown would act on escaped."""
    cell = value if isinstance(value, str) else text(value)
    if "\n" in cell or "\r" in cell:
        cell = " ".join(cell.split())
    return _MARKUP.sub(r"\\\1", cell)


def _md_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], right: set[int]
) -> list[str]:
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---:" if index in right else "---" for index in range(len(headers))) + "|",
    ]
    lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


OPTIONAL_COUNTS = ("quotes", "campaigns")


def markdown_report(plan: HandoverPlan, *, handover_id: int | None) -> str:
    """The handover report as Markdown: what each successor takes, account by account,
    and a summary."""
    lines = [
        f"# Handover of {plan.departing} to {successors_text(plan)}",
        "",
        report_status(handover_id),
        "",
    ]
    lines += [f"- **{label}:** {_md(value)}" for label, value in _header(plan) if value]
    lines += ["", "## Summary", ""]
    labels = [
        label
        for label in (plan.successors[0].counts if plan.successors else [])
        # A column for quotes and campaigns only when some move: many reps have none.
        if label not in OPTIONAL_COUNTS or any(s.counts.get(label) for s in plan.successors)
    ]
    lines += _md_table(
        [
            "Successor",
            *(label.capitalize() for label in labels),
            "Pipeline",
            "Weighted",
            "Receivables",
            "Overdue",
        ],
        [
            [
                _md(f"{s.handle} ({s.name})"),
                *(s.counts.get(label, 0) for label in labels),
                s.pipeline,
                s.weighted,
                s.receivables,
                s.overdue,
            ]
            for s in plan.successors
        ],
        right=set(range(1, len(labels) + 5)),
    )
    if plan.moves_nothing:
        lines += [f"Nothing to hand over: {plan.departing} owns no live records.", ""]
    lines += [f"### What stays with {plan.departing}, and why", ""]
    if plan.kept:
        lines += _md_table(
            ["Count", "What", "Why"],
            [
                ["" if kept.count is None else kept.count, kept.label, kept.why]
                for kept in plan.kept
            ],
            right={0},
        )
    else:
        lines += ["Nothing: every record moves.", ""]
    for successor in plan.successors:
        lines += _successor_markdown(successor, plan.departing)
    # The report is read with cat and less too: control characters from data written out.
    return visible("\n".join(lines).rstrip() + "\n")


def _successor_markdown(successor: SuccessorPlan, departing: str) -> list[str]:
    lines = [f"## {_md(successor.handle)} ({_md(successor.name)})", ""]
    lines += [f"Takes: {_counts(successor)}."]
    owed = (
        f" Receivables {text(successor.receivables)}, overdue {text(successor.overdue)}."
        if successor.receivables
        else ""
    )
    lines += [
        f"Open pipeline {text(successor.pipeline)}, weighted {text(successor.weighted)}.{owed}",
        "",
    ]
    if successor.deals:
        lines += ["### Open deals, nearest to close first", ""]
        lines += _md_table(
            ["#", "Deal", "Account", "Contact", "Stage", "Amount", "Close", "Next step",
             "Days in stage", "Handover visit"],
            [
                [deal.id, deal.name, deal.account, deal.contact, _deal_stage(deal), deal.amount,
                 deal.close_date, _next_step(deal), deal.days_in_stage, deal.handover_visit]
                for deal in successor.deals
            ],
            right={0, 5, 8},
        )  # fmt: skip
    if successor.accounts:
        lines += ["### Accounts", ""]
        for account in successor.accounts:
            lines += _account_markdown(account, departing, successor.handle)
    if successor.quotes:
        lines += ["### Open quotes, soonest validity end first", ""]
        lines += _md_table(
            ["Quote", "Version", "Account", "Deal", "Status", "Net", "Valid until"],
            [
                [quote.number, quote.version, quote.account,
                 "" if quote.opportunity_id is None else f"{quote.opportunity_id} {quote.opportunity}",
                 quote.status, quote.net, quote.valid_until]
                for quote in successor.quotes
            ],
            right={0, 1, 5},
        )  # fmt: skip
    if successor.leads:
        lines += ["### Open leads", ""]
        lines += _md_table(
            ["#", "Lead", "Company", "Status", "Next action", "Phone", "Email"],
            [
                [lead.id, lead.name, lead.company or lead.account, lead.status,
                 lead.next_action, lead.phone, lead.email]
                for lead in successor.leads
            ],
            right={0},
        )  # fmt: skip
    if successor.shares:
        lines += ["### Shares of other reps' deals", ""]
        lines += _md_table(
            ["#", "Deal", "Account", "Owner", "Split", "Becomes"],
            [
                [share.opportunity_id, share.opportunity, share.account, share.owner,
                 percent(share.split), _share_outcome(share.merge, share.merged_split, share.split)]
                for share in successor.shares
            ],
            right={0, 4},
        )  # fmt: skip
    return lines


def _account_markdown(account: AccountCard, departing: str, successor: str) -> list[str]:
    status = account.status + (f", class {account.abc_class}" if account.abc_class else "")
    lines = [f"#### {_md(account.name)} (account {account.id}, {status})", ""]
    if not account.moves:
        lines += [f"- Owned by {account.owner}: only the departing rep's records here move."]
    if account.phone:
        lines.append(f"- Phone: {_md(account.phone)}")
    if account.address:
        lines.append(f"- Address: {_md(account.address)}")
    lines.append("- Contacts:" if account.contacts else "- Contacts: none")
    for contact in account.contacts:
        details = [
            contact.title,
            contact.phone,
            contact.email,
            f"birthday {contact.birthday.isoformat()}" if contact.birthday else None,
        ]
        shown = ", ".join(_md(detail) for detail in details if detail)
        lines.append(f"  - {_md(contact.name)}" + (f": {shown}" if shown else ""))
    if account.facts:
        lines.append("- Profile:")
        lines += [f"  - {_md(fact.key)}: {_md(fact.value)}" for fact in account.facts]
    if account.profile_items:
        share = round(account.profile_known * 100 / account.profile_items)
        lines.append(
            f"- Profile known: {account.profile_known} of {account.profile_items} questions"
            f" ({share}%); what is missing: `salescli account profile {account.id}`"
        )
    lines.append(f"- Last activity: {_md(_touch(account.last)) or 'none'}")
    upcoming = account.next
    if upcoming is not None and upcoming.owner == departing:
        # The departing rep's planned activities move with the account.
        upcoming = replace(upcoming, owner=successor)
    lines.append(f"- Next activity: {_md(_touch(upcoming)) or 'none planned'}")
    return [*lines, ""]


def report_stem(plan: HandoverPlan) -> str:
    """The default report's name: the date and the reps."""
    successors = "-".join(successor.handle for successor in plan.successors)
    return f"handover-{plan.on_date.isoformat()}-{plan.departing}-to-{successors}"


# ---------------------------------------------------------------------------------------
# List, show, revert


def _state(summary: HandoverSummary) -> str:
    return f"reverted {summary.reverted_at[:10]}" if summary.reverted_at else "done"


HANDOVER_COLUMNS = (
    Col("ID", lambda h: str(h.id), right=True, nowrap=True),
    Col("Date", lambda h: h.on_date.isoformat(), nowrap=True),
    Col("From", lambda h: h.departing, nowrap=True),
    Col("To", lambda h: h.successors.replace(",", ", ")),
    Col("By", lambda h: text(h.by), nowrap=True),
    Col("Moved", lambda h: str(h.moved), right=True, nowrap=True),
    Col("Visits", lambda h: str(h.visits), right=True, nowrap=True),
    Col("State", _state, nowrap=True),
    Col("Reason", lambda h: text(h.reason)),
)


def handovers_table(handovers: Sequence[HandoverSummary]) -> None:
    emit_table(HANDOVER_COLUMNS, handovers, title="Handovers", empty="no handovers yet")


def handover_detail(detail: HandoverDetail, today: date) -> None:
    summary = detail.handover
    emit_fields(
        f"Handover {summary.id}: {summary.departing} to {summary.successors.replace(',', ', ')}",
        [
            ("On", summary.on_date.isoformat()),
            ("By", text(summary.by)),
            (
                "Accounts",
                "the whole book" if summary.accounts is None else f"{summary.accounts} named",
            ),
            ("Strategy", summary.strategy),
            ("Reason", text(summary.reason)),
            ("Deactivated", f"{summary.departing}" if summary.deactivated else ""),
            ("State", _state(summary)),
        ],
    )
    emit_section("Moved")
    emit_table(
        (
            Col("To", lambda m: m.successor, nowrap=True),
            Col("What", lambda m: m.label),
            Col("Count", lambda m: str(m.count), right=True, nowrap=True),
        ),
        detail.moved,
        empty=NONE,
        empty_is_data=True,
    )
    emit_section("Handover visits")
    if detail.visits:
        activities_table(detail.visits, today)
    else:
        emit_line(NONE)
    if detail.items:
        emit_section("Records")
        emit_table(
            (
                Col("What", lambda i: i.entity, nowrap=True),
                Col("ID", lambda i: str(i.entity_id), right=True, nowrap=True),
                Col("From", lambda i: text(i.from_owner), nowrap=True),
                Col("To", lambda i: i.to_owner, nowrap=True),
                Col("Owner now", lambda i: text(i.owner_now), nowrap=True),
                Col("Split", lambda i: percent(i.split) if i.split is not None else ""),
            ),
            detail.items,
            empty=NONE,
            empty_is_data=True,
        )


def revert_message(result: Reverted) -> str:
    moved = ", ".join(counted(count, label) for label, count in result.moved_back.items())
    parts = [f"handover {result.handover_id} reverted: moved back {moved or 'nothing'}"]
    if result.shares_restored:
        parts.append(f"{counted(result.shares_restored, 'shares')} restored")
    if result.visits_removed:
        parts.append(f"{counted(result.visits_removed, 'handover visits')} removed")
    if result.reactivated:
        parts.append(f"{result.departing} active again")
    if result.left_alone:
        parts.append(f"{len(result.left_alone)} left alone (changed since)")
    return "; ".join(parts)


def revert_view(result: Reverted) -> None:
    """What the revert left alone, because it changed since the handover."""
    emit_table(
        (
            Col("What", lambda item: item.entity, nowrap=True),
            Col("ID", lambda item: str(item.entity_id), right=True, nowrap=True),
            Col("Left alone because", lambda item: item.why),
        ),
        result.left_alone,
        title="Left alone (changed since the handover)",
        empty="nothing was left alone: every record went back",
    )
