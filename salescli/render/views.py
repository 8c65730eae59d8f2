"""What each entity looks like in a table and in a detail view."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from salescli.dates import local_date_of
from salescli.models.enums import OPEN_LEAD_STATUSES

if TYPE_CHECKING:
    from salescli.config import Setting
    from salescli.demo.book import DemoBook
    from salescli.models.records import (
        Account,
        AccountDetail,
        Contact,
        Conversion,
        Fact,
        ImportResult,
        IntegrityReport,
        Lead,
        LeadDetail,
        Qualification,
        Rep,
    )

from salescli.render.activity_views import activities_section
from salescli.render.cells import (
    SINGULAR,
    close_cell,
    close_style,
    closed_row_style,
    due_style,
    percent,
    text,
)
from salescli.render.contract_views import (
    aging_table,
    contracts_section,
    forecast_view,
    overdue_section,
)
from salescli.render.marketing_views import expenses_section
from salescli.render.output import (
    Col,
    emit_fields,
    emit_line,
    emit_section,
    emit_table,
    say,
    warn,
)


def man(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


REP_COLUMNS = (
    Col("Handle", lambda r: r.handle, nowrap=True),
    Col("Name", lambda r: r.name),
    Col("Role", lambda r: r.role, nowrap=True),
    Col("Manager", lambda r: text(r.manager), nowrap=True),
    Col("Region", lambda r: text(r.region)),
    Col("Email", lambda r: text(r.email)),
    Col("Active", lambda r: text(r.active), nowrap=True),
)

ACCOUNT_COLUMNS = (
    Col("ID", lambda a: str(a.id), right=True, nowrap=True, rank=1),
    Col("Name", lambda a: a.name, rank=1),
    Col("Status", lambda a: a.status, nowrap=True),
    Col("Industry", lambda a: text(a.industry), rank=4),
    Col("Region", lambda a: text(a.region), rank=3),
    Col("Phone", lambda a: text(a.phone), nowrap=True),
    Col("Owner", lambda a: text(a.owner), nowrap=True, rank=5),
)

CONTACT_COLUMNS = (
    Col("ID", lambda c: str(c.id), right=True, nowrap=True, rank=1),
    Col("Name", lambda c: c.name, rank=1),
    Col("Account", lambda c: c.account, rank=1),
    Col("Title", lambda c: text(c.title), rank=3),
    Col("Role", lambda c: text(c.role), nowrap=True, rank=4),
    Col("Phone", lambda c: text(c.phone), nowrap=True),
    Col("Email", lambda c: text(c.email), rank=3),
    Col("Birthday", lambda c: text(c.birthday), nowrap=True, rank=5),
)


def lead_columns(today: date) -> tuple[Col, ...]:
    def next_cell(lead: Lead) -> str:
        if lead.next_action is None:
            return ""
        late = (today - lead.next_action).days
        if late > 0 and lead.status in OPEN_LEAD_STATUSES:
            return f"{lead.next_action.isoformat()} ({late}d overdue)"
        return lead.next_action.isoformat()

    def next_style(lead: Lead) -> str:
        if lead.next_action is None or lead.status not in OPEN_LEAD_STATUSES:
            return ""
        return due_style(lead.next_action, today)

    return (
        Col("ID", lambda lead: str(lead.id), right=True, nowrap=True, rank=1),
        Col("Name", lambda lead: lead.name, rank=1),
        Col("Company", lambda lead: text(lead.company), rank=1),
        Col("Status", lambda lead: lead.status, nowrap=True, rank=3),
        Col("Source", lambda lead: text(lead.source), nowrap=True, rank=4),
        Col("Next action", next_cell, rank=1, least=10, style=next_style),
        Col("Phone", lambda lead: text(lead.phone), nowrap=True),
        Col("Owner", lambda lead: text(lead.owner), nowrap=True, rank=5),
    )


def reps_table(reps: Sequence[Rep]) -> None:
    emit_table(
        REP_COLUMNS, reps, title="Reps", empty="no reps yet: add one with 'salescli rep add'"
    )


def accounts_table(accounts: Sequence[Account]) -> None:
    emit_table(ACCOUNT_COLUMNS, accounts, title="Accounts", empty="no accounts match")


def contacts_table(contacts: Sequence[Contact]) -> None:
    emit_table(CONTACT_COLUMNS, contacts, title="Contacts", empty="no contacts match")


def leads_table(leads: Sequence[Lead], today: date) -> None:
    emit_table(lead_columns(today), leads, title="Leads", empty="no leads match")


def rep_detail(rep: Rep) -> None:
    emit_fields(
        f"{rep.handle} — {rep.name}",
        [
            ("Role", rep.role),
            ("Manager", text(rep.manager)),
            ("Region", text(rep.region)),
            ("Email", text(rep.email)),
            ("Active", text(rep.active)),
            ("Since", text(local_date_of(rep.created_at))),
        ],
    )


def account_detail(detail: AccountDetail, today: date) -> None:
    from salescli.services.value.profile import is_question

    account = detail.account
    emit_fields(
        f"Account {account.id}: {account.name}",
        [
            ("Status", account.status),
            # With its value shown, the class is there, with whether it is pinned.
            ("Class", text(account.abc_class) if detail.value is None else ""),
            ("Industry", text(account.industry)),
            ("Region", text(account.region)),
            ("Phone", text(account.phone)),
            ("Email", text(account.email)),
            ("Address", text(account.address)),
            ("Website", text(account.website)),
            ("Owner", text(account.owner)),
            ("External id", text(account.external_id)),
        ],
    )
    if detail.value is not None:
        from salescli.render.value_views import account_value_section

        account_value_section(detail.value)
    # The profile checklist's answers have a page of their own (`account profile`); the
    # value section counts them. The free-form facts show here.
    facts = [fact for fact in detail.facts if not is_question(fact.key)]
    if facts:
        emit_section("Facts")
        emit_fields("", [(fact.key, fact.value) for fact in facts])
    emit_section("Contacts")
    emit_table(
        CONTACT_COLUMNS[:2] + CONTACT_COLUMNS[3:],
        detail.contacts,
        empty="  (none)",
        empty_is_data=True,
    )
    if detail.leads:
        emit_section("Leads")
        emit_table(
            (
                Col("ID", lambda lead: str(lead.id), right=True, nowrap=True, rank=1),
                Col("Name", lambda lead: lead.name, rank=1),
                Col("Status", lambda lead: lead.status, nowrap=True),
                Col("Source", lambda lead: text(lead.source), nowrap=True, rank=3),
            ),
            detail.leads,
            empty="",
        )
    if detail.opportunities:
        emit_section("Opportunities")
        emit_table(
            (
                Col("ID", lambda o: str(o.id), right=True, nowrap=True, rank=1),
                Col("Name", lambda o: o.name, rank=1),
                Col(
                    "Stage",
                    lambda o: o.stage if o.status != "suspended" else f"{o.stage} (suspended)",
                ),
                Col("Amount", lambda o: text(o.amount), right=True, nowrap=True, rank=1),
                Col("Prob.", lambda o: percent(o.probability), right=True, nowrap=True, rank=4),
                Col(
                    "Close",
                    lambda o: close_cell(o, today),
                    nowrap=True,
                    rank=1,
                    style=lambda o: close_style(o, today),
                ),
                Col("Owner", lambda o: text(o.owner), nowrap=True, rank=5),
            ),
            detail.opportunities,
            empty="",
            row_style=closed_row_style,
        )
    if detail.quotes:
        from salescli.render.quote_views import quotes_section

        quotes_section(detail.quotes)
    contracts_section(detail.contracts, today)
    overdue_section(detail.overdue, today, detail.overdue_flag_days)
    if detail.activities:
        activities_section(detail.activities)
    expenses_section(detail.expenses)


def contact_detail(contact: Contact) -> None:
    emit_fields(
        f"Contact {contact.id}: {contact.name}",
        [
            ("Account", f"{contact.account} ({contact.account_id})"),
            ("Title", text(contact.title)),
            ("Role", text(contact.role)),
            ("Phone", text(contact.phone)),
            ("Email", text(contact.email)),
            ("Birthday", text(contact.birthday)),
        ],
    )


def lead_detail(detail: LeadDetail) -> None:
    lead = detail.lead
    fields = [
        (
            "Status",
            lead.status + (f" ({lead.disqualify_reason})" if lead.disqualify_reason else ""),
        ),
        ("Company", text(lead.company)),
        ("Title", text(lead.title)),
        ("Phone", text(lead.phone)),
        ("Email", text(lead.email)),
        ("Source", text(lead.source)),
        ("Campaign", text(lead.campaign)),
        ("Referred by", text(lead.referred_by)),
        ("Budget", text(lead.budget)),
        ("Need", text(lead.need)),
        (
            "MAN",
            f"money {man(lead.man_money)}, authority {man(lead.man_authority)},"
            f" need {man(lead.man_need)}",
        ),
        ("Next action", text(lead.next_action)),
        ("Note", text(lead.note)),
        ("Owner", text(lead.owner)),
        ("External id", text(lead.external_id)),
        ("Account", f"{detail.account} ({lead.account_id})" if detail.account else ""),
        ("Contact", f"{detail.contact} ({lead.contact_id})" if detail.contact else ""),
        ("Created", text(local_date_of(lead.created_at))),
    ]
    emit_fields(f"Lead {lead.id}: {lead.name}", fields)
    emit_section("Touches")
    emit_table(
        (
            Col("When", lambda t: text(local_date_of(t.at)), nowrap=True),
            Col("By", lambda t: text(t.rep)),
            Col("Note", lambda t: t.note),
            Col("Next", lambda t: text(t.next_action)),
        ),
        detail.touches,
        empty="  (no touches yet)",
        empty_is_data=True,
    )


# A warning names this many ignored columns, each cut to this many characters: a
# 10,000-column file would otherwise print a line of 69,000 characters.
IGNORED_NAMED = 10
IGNORED_NAME_CHARS = 40


def ignored_columns_note(columns: Sequence[str], keep_as: str | None = None) -> str:
    """``keep_as``: what --keep-extra would keep the columns as, where the import can."""
    hint = (
        f"(map them with --map SRC=FIELD, or keep them as {keep_as} with --keep-extra)"
        if keep_as
        else "(map them with --map SRC=FIELD)"
    )
    if len(columns) <= IGNORED_NAMED:
        return f"ignored columns: {', '.join(map(_short, columns))} {hint}"
    named = ", ".join(map(_short, columns[:IGNORED_NAMED]))
    more = len(columns) - IGNORED_NAMED
    return f"{len(columns):,} columns ignored: {named} … and {more:,} more {hint}"


def _named(columns: Sequence[str]) -> str:
    more = len(columns) - IGNORED_NAMED
    named = ", ".join(map(_short, columns[:IGNORED_NAMED]))
    return f"{named} … and {more:,} more" if more > 0 else named


def _short(name: str) -> str:
    return name if len(name) <= IGNORED_NAME_CHARS else name[: IGNORED_NAME_CHARS - 1] + "…"


SHOWN_LOOK_ALIKES = 10


def import_summary(what: str, result: ImportResult) -> None:
    if result.computed_columns:
        say(f"read only, worked out by salescli: {_named(result.computed_columns)} (not imported)")
    if result.ignored_columns:
        keep_as = None if result.kept_columns else result.extra_kept_as
        warn(ignored_columns_note(result.ignored_columns, keep_as))
    verb = "would import" if result.dry_run else "imported"
    parts = [f"{result.inserted} new", f"{result.updated} updated"]
    if result.unchanged:
        parts.append(f"{result.unchanged} unchanged")
    if result.skipped:
        parts.append(f"{result.skipped} skipped")
    if result.look_alikes and what == "contacts":
        parts.append(f"{result.look_alikes} merged into the same contact")
    elif result.look_alikes:
        parts.append(f"{result.look_alikes} skipped as look-alikes")
    noun = what if result.rows != 1 else SINGULAR.get(what, what.removesuffix("s"))
    say(f"{verb} {result.rows} {noun}: {', '.join(parts)}")
    if result.assigned_to:
        plural = what if result.inserted != 1 else SINGULAR.get(what, what.removesuffix("s"))
        every = "all " if result.inserted > 1 else ""
        say(
            f"{every}{result.inserted} new {plural} assigned to {result.assigned_to}"
            " (the file has no owner column)"
        )
    if result.kept_columns:
        count = len(result.kept_columns)
        kept = (
            f"{'would keep' if result.dry_run else 'kept'} {count} extra column{'s' * (count != 1)}"
        )
        say(f"{kept} as {result.extra_kept_as}: {_named(result.kept_columns)}")
    if result.opened_on_close:
        deals = "deal" if result.opened_on_close == 1 else "deals"
        say(
            f"{result.opened_on_close} won or lost {deals} opened on their close date"
            " (the file gives no opened date)"
        )
    if result.look_alikes and what != "contacts":
        for line in result.look_alike_lines[:SHOWN_LOOK_ALIKES]:
            warn(line)
        more = result.look_alikes - SHOWN_LOOK_ALIKES
        warn(
            (f"... and {more} more; " if more > 0 else "")
            + "--on-conflict add imports them as new leads"
        )


def integrity_report(report: IntegrityReport) -> None:
    emit_fields(
        f"{report.path}: {'ok' if report.ok else 'PROBLEMS FOUND'}",
        [
            ("Schema", text(report.schema_revision)),
            *[(table, str(count)) for table, count in report.counts.items()],
        ],
    )
    for problem in report.problems:
        warn(problem)


def qualification_message(result: Qualification) -> str:
    lead = result.lead
    if not result.missing:
        return f"lead {lead.id} is qualified: convert it with 'salescli lead convert {lead.id}'"
    answers = {"money": lead.man_money, "authority": lead.man_authority, "need": lead.man_need}
    open_questions = ", ".join(
        f"{question} ({'no' if answers[question] is False else 'unknown'})"
        for question in result.missing
    )
    if result.was_qualified:
        return f"lead {lead.id} is no longer qualified, now {lead.status}: {open_questions}"
    return f"lead {lead.id} is {lead.status}; not yet qualified: {open_questions}"


def next_action_note(lead: Lead) -> str:
    if lead.next_action is None:
        return "; no next action"
    return f"; next action {lead.next_action.isoformat()}"


def conversion_message(result: Conversion) -> str:
    account, contact = result.account, result.contact
    how = "new account" if result.account_created else "existing account"
    owned = ""
    if account.owner and account.owner != result.lead.owner:
        owned = f" (owned by {account.owner})"
    deal = ""
    if result.opportunity is not None:
        deal = f", opportunity {result.opportunity.id} {result.opportunity.name}"
    return (
        f"lead {result.lead.id} converted: {how} {account.id} {account.name}{owned},"
        f" contact {contact.id} {contact.name}{deal}"
    )


FACT_COLUMNS = (Col("Key", lambda f: f.key, nowrap=True), Col("Value", lambda f: f.value))


def facts_table(facts: Sequence[Fact]) -> None:
    emit_table(FACT_COLUMNS, facts, title="Facts", empty="no facts yet")


def demo_summary(path: Path, book: DemoBook) -> dict[str, object]:
    """The demo's figures, for --json."""
    return {
        "path": str(path),
        "reps": book.reps,
        "accounts": book.accounts,
        "contacts": book.contacts,
        "leads": book.leads,
        "tour_rep": book.tour_rep,
        "sample_account_id": book.sample_account_id,
        "sample_lead_id": book.sample_lead_id,
    }


def demo_tour(path: Path, book: DemoBook, today: date, *, setup: str | None = None) -> None:
    """The tour; ``setup`` is the command that puts salescli on the PATH, when it is not."""
    rep = book.tour_rep
    statuses = ("open", "suspended", "won", "lost")
    deals = sum(book.deals.values())
    emit_line(
        f"Demo book at {path}: {book.reps} reps, {book.accounts} accounts,"
        f" {book.contacts} contacts, {book.leads} leads, {deals} deals (today is {today})."
    )
    emit_section("The team: salescli rep list")
    reps_table(book.team)
    emit_section(f"{rep}'s leads needing action: salescli --as {rep} lead list --due")
    leads_table(book.due, today)
    if book.sample_account is not None:
        emit_section(f"One account: salescli account show {book.sample_account_id}")
        account_detail(book.sample_account, today)
    emit_section("Deals: salescli opp list --all --status all")
    emit_line(
        f"{deals} deals with 18 months of funnel history: "
        + ", ".join(f"{book.deals.get(status, 0)} {status}" for status in statuses)
        + f" ({book.archived_deals} of them archived); {book.stalled_deals} open deals stalled."
    )
    if book.activities:
        emit_section("Visits, calls and other activities: salescli visit list --all")
        emit_line(
            f"{sum(book.activities.values())} activities over 18 months: "
            + ", ".join(_counted(count, kind) for kind, count in book.activities.items())
            + "; "
            + ", ".join(f"{count} {status}" for status, count in book.activity_statuses.items())
            + f"; {rep} has {book.planned_today} planned today."
        )
    if book.contracts and book.aging is not None and book.collections is not None:
        emit_section("What customers owe: salescli receivable aging --all")
        aging_table(book.aging)
        emit_section("Collections by month: salescli receivable forecast --all --past 5")
        forecast_view(book.collections, today)
    if book.quotes is not None and book.sample_quote is not None:
        from salescli.render.quote_document import markdown as quote_markdown

        emit_section("Quotes: salescli quote list --all --status all")
        emit_line(
            f"{sum(book.quote_statuses.values())} quotes on the team's deals: "
            + ", ".join(f"{count} {status}" for status, count in book.quote_statuses.items())
            + f"; quote {book.quotes.pending} waits for a manager's approval."
        )
        number = book.quotes.accepted
        emit_section(f"A quote as the customer received it: salescli quote render {number}")
        emit_line(quote_markdown(book.sample_quote).rstrip("\n"))
    emit_section("Try it yourself")
    if setup:
        emit_line(f"  {setup}  # salescli is not on your PATH yet: this puts it there")
    emit_line(f"  export SALESCLI_DB={path} SALESCLI_REP={rep} SALESCLI_TODAY={today}")
    tries = [
        ("salescli lead list --all", "every open lead"),
        (f"salescli lead show {book.sample_lead_id}", "a lead's story"),
        ("salescli account list --search Shanghai", ""),
        ("salescli opp list", f"{rep}'s open and suspended deals"),
        ("salescli opp list --stalled", "longer in their stage than it should take"),
        ("salescli opp funnel --all", "the team's funnel: conversions, days in stage"),
    ]
    if book.sample_deal_id is not None:
        tries.append(
            (f"salescli opp show {book.sample_deal_id}", "lost, won back, now in negotiation")
        )
    if book.activities:
        tries += [
            ("salescli visit agenda", f"{rep}'s day in time order, with addresses and phones"),
            ("salescli visit list --overdue", "planned, their day passed, not done"),
            ("salescli remind", "the morning digest: overdue, today, contact due, ..."),
        ]
    if book.contracts:
        tries += [
            ("salescli contract list --all", "contracts: submitted, running, suspended"),
            (f"salescli contract history {book.contracts[1]}", "amended to version 2"),
            (f"salescli contract show {book.contracts[0]}", "paid, partly paid, overdue"),
            (
                f"salescli account credit {book.credit_account_id}",
                "at its limit: rating, exposure, headroom",
            ),
        ]
    if book.quotes is not None:
        tries += [
            (f"salescli quote history {book.quotes.accepted}", "sent, revised, accepted"),
            ("salescli quote list --all --expiring 7", f"quote {book.quotes.expiring} ends soon"),
            ("salescli --as maria quote list --pending-approval", "over quote.max_discount"),
            (
                f"salescli quote render {book.quotes.accepted} -o quote.html",
                "to print or send (set company.name first)",
            ),
        ]
    if book.deals.get("won"):
        tries += [
            ("salescli account classify --all", "ABC classes and VIPs from revenue, one pinned"),
            (
                f"salescli account profile {book.sample_account_id}",
                "half known: what a successor still needs to ask",
            ),
            ("salescli account list --all --sort revenue", "revenue and lifecycle stages"),
            ("salescli report customers --all", "who brings 80 % of revenue"),
            ("salescli report retention --all", "full and partial defectors"),
        ]
    tries += [
        ("salescli forecast --all --explain", "what the team will sign, month by month"),
        ("salescli report reps", "each rep against the team"),
        (
            "salescli --as maria handover preview --from alice --to bob,wei",
            "if alice left: who would take what",
        ),
    ]
    width = max(len(command) for command, _ in tries)
    for command, comment in tries:
        emit_line(f"  {command:<{width}}  # {comment}" if comment else f"  {command}")


def _counted(count: int, kind: str) -> str:
    return f"{count} {kind}{'' if count == 1 else 's'}"


SETTING_COLUMNS = (
    Col("Key", lambda s: s.key, nowrap=True),
    Col("Value", lambda s: "" if s.value is None else str(s.value)),
    Col("Source", lambda s: s.source, nowrap=True),
)


def settings_table(settings: Sequence[Setting]) -> None:
    emit_table(SETTING_COLUMNS, settings, empty="no settings")
