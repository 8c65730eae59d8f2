"""What customer value looks like: classes, the customers report, retention and the
profile."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from salescli.money import format_amount
from salescli.render.cells import counted, rate_percent, text
from salescli.render.output import Col, emit_fields, emit_line, emit_section, emit_table
from salescli.render.report_views import share_bar
from salescli.services.value.retention import NOT_RECORDED

if TYPE_CHECKING:
    from salescli.models.records import (
        AccountValue,
        Classification,
        ClassRow,
        CustomersReport,
        Defector,
        LifetimeValue,
        Profile,
        ProfileItem,
        RetentionReport,
        ValuedAccount,
    )


def value_window(after: date, through: date) -> str:
    """A window of purchases as every customer-value view words it: its first day is
    the day after ``after`` (windows end today; README "Customer value")."""
    return f"after {after.isoformat()} up to {through.isoformat()}"


def class_cell(abc_class: str | None, pinned: bool) -> str:
    if not abc_class:
        return "-"
    return f"{abc_class} (pinned)" if pinned else abc_class


def vip_cell(vip: bool, why: str | None) -> str:
    return f"VIP ({why})" if vip and why else ("VIP" if vip else "")


# Cells straight from the fields (a book lists 89,000 customers): an owner or nothing,
# the revenue as format_amount writes it, as `text` would make them.
CLASS_COLUMNS = (
    Col("ID", lambda row: str(row.id), right=True, nowrap=True, rank=1),
    Col("Account", lambda row: row.name, rank=1),
    Col("Owner", lambda row: row.owner or "", nowrap=True, rank=4),
    Col("Revenue", lambda row: format_amount(row.revenue), right=True, nowrap=True, rank=1),
    Col("Now", lambda row: class_cell(row.current, row.pinned), nowrap=True, rank=1),
    Col("Proposed", lambda row: _proposed(row), nowrap=True, rank=1),
    Col("VIP", lambda row: vip_cell(row.vip, row.vip_why), nowrap=True, rank=2),
)


def _proposed(row: ClassRow) -> str:
    if row.pinned and row.current:
        return f"{row.proposed} (kept)"
    return (
        row.proposed
        if row.proposed == row.current
        else f"{row.proposed} (was {row.current or '-'})"
    )


def classification_view(result: Classification) -> None:
    # Headings under 80 columns, whatever the basis, window and figures (up to 99 million
    # a class): the window on a line of its own, the count and the lines on theirs.
    lines = " · ".join(
        f"{name} {text(line)}" if line else f"{name} nobody"
        for name, line in result.thresholds.items()
    )
    emit_line(
        f"Classes by {result.basis} revenue {value_window(result.start, result.end)}"
        f" ({counted(result.months, 'months')})"
    )
    emit_line(f"{counted(result.customers, 'customers')} ranked")
    emit_line(f"Revenue needed: {lines}")
    emit_table(CLASS_COLUMNS, result.rows, empty="no customers to classify", empty_is_data=True)
    counts = " · ".join(f"{name} {count}" for name, count in result.counts.items())
    verb = "written" if result.applied else "to write with --apply"
    emit_line(f"{counts}; {counted(result.changed, 'changes')} {verb}")


VALUED_COLUMNS = (
    Col("ID", lambda row: str(row.id), right=True, nowrap=True, rank=1),
    Col("Name", lambda row: row.name, rank=1),
    Col("Status", lambda row: row.status, nowrap=True, rank=4),
    Col("Class", lambda row: class_cell(row.abc_class, row.class_pinned), nowrap=True, rank=2),
    Col("VIP", lambda row: "VIP" if row.vip else "", nowrap=True, rank=3),
    Col("Revenue 12m", lambda row: text(row.revenue), right=True, nowrap=True, rank=1),
    Col("Lifecycle", lambda row: text(row.lifecycle), nowrap=True, rank=2),
    Col("Owner", lambda row: text(row.owner), nowrap=True, rank=5),
)
WHY_COLUMN = Col("Why", lambda row: row.lifecycle_reason, rank=6)


def valued_accounts_table(rows: Sequence[ValuedAccount], *, with_reason: bool = False) -> None:
    """``with_reason``: the lifecycle stage's reason too (a list of one stage)."""
    columns = (*VALUED_COLUMNS, WHY_COLUMN) if with_reason else VALUED_COLUMNS
    emit_table(columns, rows, title="Accounts", empty="no accounts match")


def account_value_section(value: AccountValue) -> None:
    """The value part of `account show`."""
    revenue, lifetime = value.revenue, value.lifetime
    emit_section("Value")
    purchases = (
        f"{revenue.purchases}, first {text(revenue.first_purchase)},"
        f" last {text(revenue.last_purchase)}"
        if revenue.purchases
        else "none"
    )
    margin = text(lifetime.gross_margin) if lifetime.gross_margin is not None else "unknown"
    fields = [
        ("Class", class_cell(value.abc_class, value.class_pinned)),
        ("VIP", f"yes ({value.vip_why})" if value.vip else "no"),
        ("Lifecycle", f"{value.lifecycle.stage or '-'}: {value.lifecycle.reason}"),
    ]
    if revenue.purchases:
        fields += [
            (f"Revenue ({revenue.basis})", f"last 12 months {text(revenue.last_12_months)}"),
            ("  previous 12 months", text(revenue.previous_12_months)),
            ("  all time", text(revenue.all_time)),
            ("Purchases", purchases),
            ("Lifetime value", _lifetime_line(lifetime)),
            (
                "  a year",
                f"{text(lifetime.average_yearly_revenue)}, {lifetime.purchases_per_year} purchases",
            ),
            ("  gross margin", margin),
        ]
    else:
        fields.append(("Purchases", purchases))
    fields += [
        ("Left because", _left(value)),
        (
            "Profile",
            f"{value.profile_known} of {value.profile_items} known"
            f" ({_complete(value.profile_known, value.profile_items)}%)",
        ),
    ]
    emit_fields("", fields)


def _left(value: AccountValue) -> str:
    return _reason_and_note(value.lost_reason, value.lost_note)


def _reason_and_note(reason: str | None, note: str | None) -> str:
    """Why a customer left: the reason, then the note; a note kept from before a reason
    was required is not shown as the reason (the retention report counts it "not
    recorded")."""
    if not note:
        return reason or ""
    return f"{reason or NOT_RECORDED}: {note}"


def _complete(known: int, items: int) -> int:
    return round(known * 100 / items) if items else 0


def _share_columns(*, share_rank: int) -> tuple[Col, Col]:
    """A row's share and the cumulative share down to it (a Pareto table's columns)."""
    return (
        Col("Share", lambda row: rate_percent(row.share), right=True, nowrap=True, rank=share_rank),
        Col(
            "Cumulative",
            lambda row: rate_percent(row.cumulative_share),
            right=True,
            nowrap=True,
            rank=1,
        ),
    )


PARETO_COLUMNS = (
    Col("#", lambda row: str(row.rank), right=True, nowrap=True, rank=1),
    Col("Account", lambda row: row.name, rank=1),
    Col("Class", lambda row: text(row.abc_class), nowrap=True, rank=2),
    Col("Revenue", lambda row: text(row.revenue), right=True, nowrap=True, rank=1),
    *_share_columns(share_rank=2),
    Col("", lambda row: share_bar(row.cumulative_share, Decimal(100)), nowrap=True, rank=3),
)


def customers_view(report: CustomersReport) -> None:
    emit_line(
        f"Customers by {report.basis} revenue {value_window(report.start, report.end)}"
        f" ({counted(report.months, 'months')})"
    )
    emit_line(f"{counted(report.customers, 'customers')}, {text(report.revenue)} in all")
    if report.eighty_accounts:
        bring = "brings" if report.eighty_accounts == 1 else "bring"
        emit_line(
            f"{counted(report.eighty_accounts, 'accounts')},"
            f" {rate_percent(report.eighty_share)} of customers, {bring} 80% of revenue"
        )
    emit_section("Pareto")
    emit_table(PARETO_COLUMNS, report.pareto, empty="  (nobody bought)", empty_is_data=True)
    emit_section("Classes")
    emit_table(
        (
            Col("Class", lambda row: row.abc_class, nowrap=True, rank=1),
            Col("Accounts", lambda row: str(row.accounts), right=True, nowrap=True, rank=1),
            Col("Revenue", lambda row: text(row.revenue), right=True, nowrap=True, rank=1),
            Col("Share", lambda row: rate_percent(row.share), right=True, nowrap=True, rank=1),
        ),
        report.classes,
        empty="",
    )
    emit_section("Concentration")
    emit_table(
        (
            Col("Top", lambda row: f"{row.top_percent}%", right=True, nowrap=True, rank=1),
            Col("Accounts", lambda row: str(row.accounts), right=True, nowrap=True, rank=1),
            Col("Revenue", lambda row: text(row.revenue), right=True, nowrap=True, rank=1),
            Col("Share", lambda row: rate_percent(row.share), right=True, nowrap=True, rank=1),
        ),
        report.concentration,
        empty="",
    )
    emit_line(
        f"\nLifetime value: {text(report.lifetime_value)} in all,"
        f" {text(report.average_lifetime_value)} a customer"
    )


DEFECTOR_COLUMNS = (
    Col("ID", lambda row: str(row.id), right=True, nowrap=True, rank=1),
    Col("Account", lambda row: row.name, rank=1),
    Col("Owner", lambda row: text(row.owner), nowrap=True, rank=4),
    Col("Before", lambda row: text(row.before), right=True, nowrap=True, rank=2),
    Col("Now", lambda row: text(row.now), right=True, nowrap=True, rank=2),
    Col("Lost", lambda row: text(row.lost), right=True, nowrap=True, rank=1),
    Col("Why", lambda row: _why(row), rank=3),
)


def _why(row: Defector) -> str:
    return _reason_and_note(row.reason, row.note)


def _lifetime_line(lifetime: LifetimeValue) -> str:
    expenses = f" - {text(lifetime.expenses)} expenses" if lifetime.expenses else ""
    if lifetime.retention_rate is None:
        return (
            f"{text(lifetime.lifetime_value)} ({text(lifetime.revenue_to_date)} to date"
            f"{expenses}; nothing projected: the book's retention is not yet measurable,"
            " nobody bought in the 12 months before the last 12)"
        )
    return (
        f"{text(lifetime.lifetime_value)} ({text(lifetime.revenue_to_date)} to date"
        f" + {text(lifetime.projected)} over {counted(lifetime.years_projected, 'years')} at"
        f" {rate_percent(lifetime.retention_rate)} retention,"
        f" {rate_percent(lifetime.discount_rate)} discount{expenses})"
    )


def _count_and_rate(count: int, rate: Decimal | None) -> str:
    return f"{count} ({rate_percent(rate)})" if rate is not None else str(count)


def retention_view(report: RetentionReport) -> None:
    # The record holds each period's first day; the window is worded from the day before.
    emit_line(f"Retention by {report.basis} revenue: a {report.period} against the one before")
    emit_fields(
        "",
        [
            ("Before", value_window(report.before_start - timedelta(days=1), report.before_end)),
            ("Now", value_window(report.now_start - timedelta(days=1), report.now_end)),
            ("Active before", str(report.active_before)),
            (
                "Retained",
                _count_and_rate(report.retained, report.retention_rate)
                if report.active_before
                else "0 (not yet measurable: nobody bought before)",
            ),
            (
                "Full defectors",
                f"{_count_and_rate(report.full_defectors, report.full_rate)},"
                f" {text(report.full_revenue_lost)} lost",
            ),
            (
                "Partial defectors",
                f"{_count_and_rate(report.partial_defectors, report.partial_rate)},"
                f" {text(report.partial_revenue_lost)} lost"
                f" (bought {rate_percent(report.partial_threshold)} less or more)",
            ),
        ],
    )
    emit_section("Full defectors")
    emit_table(DEFECTOR_COLUMNS, report.full, empty="  (none)", empty_is_data=True)
    emit_section("Partial defectors")
    emit_table(DEFECTOR_COLUMNS, report.partial, empty="  (none)", empty_is_data=True)
    emit_section("Why they left")
    emit_table(
        (
            Col("Reason", lambda row: row.reason, rank=1),
            Col("Accounts", lambda row: str(row.accounts), right=True, nowrap=True, rank=1),
            *_share_columns(share_rank=1),
            Col("Lost", lambda row: text(row.revenue_lost), right=True, nowrap=True, rank=2),
        ),
        report.reasons,
        empty="  (nobody left)",
        empty_is_data=True,
    )


def _answer(item: ProfileItem) -> str:
    """An answer or fact with when and by whom it was recorded."""
    return f"{item.value}  ({item.recorded_on}, {item.recorded_by or 'unknown'})"


def profile_view(profile: Profile, titles: dict[str, str]) -> None:
    """The checklist by heading: each answer with when and by whom, each open question
    marked missing; then the free-form facts under their headings."""
    emit_line(
        f"Profile of {profile.kind} {profile.id}: {profile.name} — {profile.known} of"
        f" {profile.items} known ({profile.completeness}%)"
    )
    for section, title in titles.items():
        answered = [item for item in profile.questions if item.section == section]
        facts = [item for item in profile.other if item.section == section]
        if not answered and not facts:
            continue
        emit_section(title)
        fields = [
            (item.key, _answer(item) if item.value is not None else f"(missing) {item.question}")
            for item in answered
        ]
        fields += [(f"{item.key} (fact)", _answer(item)) for item in facts]
        emit_fields("", fields)
