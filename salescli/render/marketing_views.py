"""What campaigns, their costs and results, and expenses look like."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from salescli.render.cells import rate_percent, text
from salescli.render.output import (
    Col,
    emit_fields,
    emit_section,
    emit_table,
    stdout_is_terminal,
)

if TYPE_CHECKING:
    from salescli.models.records import (
        Campaign,
        CampaignCost,
        CampaignDetail,
        CampaignFigures,
        CampaignReport,
        Expense,
        ExpenseBatch,
        ExpenseReport,
        LeadReport,
    )


def _money(value: Decimal | None) -> str:
    return "-" if value is None else text(value)


def _days(value: Decimal | None) -> str:
    return "-" if value is None else f"{value.normalize():f}"


def _period(campaign: Campaign) -> str:
    if campaign.start_on is None and campaign.end_on is None:
        return ""
    return f"{text(campaign.start_on) or '?'} to {text(campaign.end_on) or '?'}"


CAMPAIGN_COLUMNS = (
    Col("ID", lambda c: str(c.id), right=True, nowrap=True, rank=1),
    Col("Name", lambda c: c.name, rank=1),
    Col("Type", lambda c: c.type, nowrap=True, rank=3),
    Col("Region", lambda c: text(c.region), rank=4),
    Col("Status", lambda c: c.status, nowrap=True, rank=1),
    Col("Dates", _period, nowrap=True, rank=2),
    Col("Budget", lambda c: _money(c.budget), right=True, nowrap=True, rank=1),
    Col("Cost", lambda c: text(c.cost), right=True, nowrap=True, rank=2),
    Col("Owner", lambda c: text(c.owner), nowrap=True, rank=5),
)


def campaigns_table(campaigns: Sequence[Campaign]) -> None:
    emit_table(CAMPAIGN_COLUMNS, campaigns, title="Campaigns", empty="no campaigns match")


def campaign_message(campaign: Campaign, verb: str) -> str:
    return f"campaign {campaign.id}: {campaign.name} {verb}, now {campaign.status}"


def cost_message(cost: CampaignCost, campaign: Campaign) -> str:
    return (
        f"campaign {campaign.id}: cost of {text(cost.amount)} on {cost.on_date} recorded;"
        f" {text(campaign.cost)} in all"
        + (f", budget {text(campaign.budget)}" if campaign.budget is not None else "")
    )


COST_COLUMNS = (
    Col("Date", lambda k: k.on_date.isoformat(), nowrap=True, rank=1),
    Col("Amount", lambda k: text(k.amount), right=True, nowrap=True, rank=1),
    Col("Note", lambda k: text(k.note), rank=2),
    Col("By", lambda k: text(k.rep), nowrap=True, rank=3),
)
LEAD_COLUMNS = (
    Col("ID", lambda lead: str(lead.id), right=True, nowrap=True, rank=1),
    Col("Name", lambda lead: lead.name, rank=1),
    Col("Company", lambda lead: text(lead.company), rank=2),
    Col("Status", lambda lead: lead.status, nowrap=True, rank=1),
    Col("Deal", lambda lead: text(lead.opportunity_id), right=True, nowrap=True, rank=3),
    Col("Owner", lambda lead: text(lead.owner), nowrap=True, rank=4),
)
DEAL_COLUMNS = (
    Col("ID", lambda d: str(d.id), right=True, nowrap=True, rank=1),
    Col("Name", lambda d: d.name, rank=1),
    Col("Account", lambda d: text(d.account), rank=1),
    Col("Status", lambda d: d.status, nowrap=True, rank=1),
    Col("Amount", lambda d: _money(d.amount), right=True, nowrap=True, rank=1),
    Col("Owner", lambda d: text(d.owner), nowrap=True, rank=4),
)


def campaign_detail(detail: CampaignDetail) -> None:
    campaign = detail.campaign
    emit_fields(
        f"Campaign {campaign.id}: {campaign.name}",
        [
            ("Type", campaign.type),
            ("Region", text(campaign.region)),
            ("Status", campaign.status),
            ("Dates", _period(campaign)),
            ("Budget", text(campaign.budget)),
            ("Cost", text(campaign.cost)),
            ("Attendance", text(campaign.attendance)),
            ("Owner", text(campaign.owner)),
            ("Planned", text(campaign.planned_on)),
            (
                "Approved",
                f"{campaign.approved_on} by {campaign.approved_by}" if campaign.approved_on else "",
            ),
            ("Closed", text(campaign.closed_on)),
            ("Contracts", str(detail.contracts) if detail.contracts else ""),
            ("Note", text(campaign.note)),
        ],
    )
    emit_section("Costs")
    emit_table(COST_COLUMNS, detail.costs, empty="no costs recorded", empty_is_data=True)
    emit_section("Leads")
    emit_table(LEAD_COLUMNS, detail.leads, empty="no leads name it", empty_is_data=True)
    emit_section("Deals")
    emit_table(DEAL_COLUMNS, detail.deals, empty="no deals name it", empty_is_data=True)


def _count_share(count: int, whole: int) -> str:
    return f"{count}/{whole}"


def _group_header(by: str) -> str:
    return {"campaign": "Campaign", "type": "Type", "region": "Region", "owner": "Owner"}.get(
        by, by.capitalize()
    )


def campaign_report_view(report: CampaignReport, *, margin: bool = False) -> None:
    """With ``margin``, the won amount read through gross margin: a Margin column, and
    the return on it (unknown where some won deal's cost is)."""
    grouped = report.by != "campaign"

    def roi(f: CampaignFigures) -> Decimal | None:
        return f.margin_roi if margin else f.roi

    columns = [
        Col(_group_header(report.by), lambda f: f.group, rank=1),
        *(
            [
                Col("Campaigns", lambda f: str(f.campaigns), right=True, nowrap=True, rank=3),
                Col(
                    "With deals",
                    lambda f: _count_share(f.with_deals, f.campaigns),
                    right=True,
                    nowrap=True,
                    rank=4,
                ),
            ]
            if grouped
            else []
        ),
        Col("Budget", lambda f: text(f.budget), right=True, nowrap=True, rank=4),
        Col("Cost", lambda f: text(f.cost), right=True, nowrap=True, rank=1),
        Col("Leads", lambda f: str(f.leads), right=True, nowrap=True, rank=2),
        Col("Qualified", lambda f: str(f.qualified), right=True, nowrap=True, rank=4),
        Col("Converted", lambda f: str(f.converted), right=True, nowrap=True, rank=3),
        Col("Deals", lambda f: str(f.deals), right=True, nowrap=True, rank=3),
        Col("Won", lambda f: str(f.won), right=True, nowrap=True, rank=2),
        Col("Won amount", lambda f: text(f.won_amount), right=True, nowrap=True, rank=1),
        *(
            [Col("Margin", lambda f: _money(f.margin), right=True, nowrap=True, rank=1)]
            if margin
            else []
        ),
        Col("Contracts", lambda f: str(f.contracts), right=True, nowrap=True, rank=5),
        Col("Per lead", lambda f: _money(f.cost_per_lead), right=True, nowrap=True, rank=3),
        Col("Per win", lambda f: _money(f.cost_per_won), right=True, nowrap=True, rank=3),
        Col(
            "Margin ROI" if margin else "ROI",
            lambda f: rate_percent(roi(f)),
            right=True,
            nowrap=True,
            rank=1,
        ),
    ]
    rows = [*report.rows, report.total] if report.rows else []
    if stdout_is_terminal():  # a terminal or --svg: the return drawn beside each line
        best = max((r for row in rows if (r := roi(row)) is not None), default=Decimal(0))
        columns.append(Col("Return", lambda f: _roi_bar(roi(f), best), nowrap=True, rank=1))
    emit_table(columns, rows, title="Campaigns", empty="no campaigns in the window")


def _roi_bar(roi: Decimal | None, best: Decimal) -> str:
    """A bar as long as the return against the best one; a loss is a minus sign (its
    figure is in the ROI column)."""
    if roi is None:
        return ""
    if roi < 0:
        return "−"
    from salescli.render.report_views import share_bar

    return share_bar(roi, best)


def lead_report_view(report: LeadReport) -> None:
    columns = [
        Col(report.by.capitalize(), lambda f: f.group, rank=1),
        Col("Leads", lambda f: str(f.leads), right=True, nowrap=True, rank=1),
        Col(
            "Contacted",
            lambda f: _counted(f.contacted, f.contacted_rate),
            right=True,
            nowrap=True,
            rank=3,
        ),
        Col(
            "Qualified",
            lambda f: _counted(f.qualified, f.qualified_rate),
            right=True,
            nowrap=True,
            rank=2,
        ),
        Col(
            "Converted",
            lambda f: _counted(f.converted, f.converted_rate),
            right=True,
            nowrap=True,
            rank=1,
        ),
        Col(
            "Disqualified",
            lambda f: _counted(f.disqualified, f.disqualified_rate),
            right=True,
            nowrap=True,
            rank=4,
        ),
        Col(
            "Days to qual.",
            lambda f: _days(f.median_days_to_qualified),
            right=True,
            nowrap=True,
            rank=4,
        ),
        Col(
            "Days to conv.",
            lambda f: _days(f.median_days_to_converted),
            right=True,
            nowrap=True,
            rank=3,
        ),
        Col("Won amount", lambda f: text(f.won_amount), right=True, nowrap=True, rank=2),
    ]
    rows = [*report.rows, report.total] if report.rows else []
    emit_table(
        columns,
        rows,
        title=f"Leads created {report.since} to {report.until}",
        empty=f"no leads created from {report.since} to {report.until}",
    )


def _counted(count: int, share: Decimal | None) -> str:
    return f"{count} ({rate_percent(share)})"


EXPENSE_COLUMNS = (
    Col("ID", lambda e: str(e.id), right=True, nowrap=True, rank=1),
    Col("Date", lambda e: e.on_date.isoformat(), nowrap=True, rank=1),
    Col("Category", lambda e: e.category, nowrap=True, rank=2),
    Col("Amount", lambda e: text(e.amount), right=True, nowrap=True, rank=1),
    Col("Status", lambda e: e.status, nowrap=True, rank=1),
    Col("Account", lambda e: text(e.account), rank=2),
    Col("Deal", lambda e: text(e.opportunity_id), right=True, nowrap=True, rank=4),
    Col("Note", lambda e: text(e.note), rank=3),
    Col("Receipt", lambda e: text(e.receipt), nowrap=True, rank=5),
    Col("Owner", lambda e: text(e.owner), nowrap=True, rank=5),
)


def expenses_table(expenses: Sequence[Expense]) -> None:
    emit_table(EXPENSE_COLUMNS, expenses, title="Expenses", empty="no expenses match")


def expenses_section(expenses: Sequence[Expense]) -> None:
    """An account's or a deal's expenses, inside its page."""
    if not expenses:
        return
    total = sum((e.amount for e in expenses if e.status != "rejected"), Decimal(0))
    emit_section(f"Expenses ({text(total)}, rejected ones left out)")
    emit_table(EXPENSE_COLUMNS, expenses, empty="", empty_is_data=True)


def expense_message(expense: Expense, verb: str) -> str:
    return (
        f"expense {expense.id}: {text(expense.amount)} {expense.category} on"
        f" {expense.on_date} {verb}"
    )


def batch_message(batch: ExpenseBatch) -> str:
    count = len(batch.ids)
    noun = "expense" if count == 1 else "expenses"
    ids = ", ".join(str(i) for i in batch.ids)
    return f"{count} {noun} {batch.action} ({text(batch.amount)}): {ids}"


def expense_report_view(report: ExpenseReport) -> None:
    header = {"rep": "Rep", "account": "Account", "category": "Category", "month": "Month"}
    won = report.by in ("rep", "account")
    columns = [
        Col(header[report.by], lambda f: f.group, rank=1),
        Col("Expenses", lambda f: str(f.expenses), right=True, nowrap=True, rank=3),
        Col("Amount", lambda f: text(f.amount), right=True, nowrap=True, rank=1),
        Col("Waiting", lambda f: text(f.waiting), right=True, nowrap=True, rank=3),
        Col("Approved", lambda f: text(f.approved), right=True, nowrap=True, rank=2),
        *(
            [
                Col("Won amount", lambda f: _money(f.won_amount), right=True, nowrap=True, rank=1),
                Col(
                    "Cost of sale",
                    lambda f: rate_percent(f.cost_of_sale),
                    right=True,
                    nowrap=True,
                    rank=1,
                ),
            ]
            if won
            else []
        ),
    ]
    rows = [*report.rows, report.total] if report.rows else []
    emit_table(
        columns,
        rows,
        title=f"Expenses {report.since} to {report.until}",
        empty=f"no expenses from {report.since} to {report.until}",
    )
