"""An account's page: the account with everything the book holds about it."""

from __future__ import annotations

from salescli.config import RECEIVABLE_OVERDUE_DAYS, ValueRules
from salescli.models.records import AccountDetail, Contact, Lead
from salescli.services.core.ledger import expenses_of
from salescli.services.core.rows import build_all
from salescli.services.core.session import Session
from salescli.services.core.touches import touches_of
from salescli.services.customers.accounts import facts_of_account, resolve_account
from salescli.services.customers.contacts import SELECT as CONTACT_SELECT
from salescli.services.leads.leads import SELECT as LEAD_SELECT
from salescli.services.orders.contracts import contracts_of_account
from salescli.services.orders.quotes import quotes_of
from salescli.services.orders.receivables import list_receivables
from salescli.services.pipeline.opportunities import deals_of_account
from salescli.services.value.listing import account_value


def show_account(session: Session, *, ref: str, rules: ValueRules | None = None) -> AccountDetail:
    """The account, its profile facts, contacts, leads and deals, and its planned and
    latest done activities and its expenses; with the value rules, its revenue, class,
    lifecycle and lifetime value too."""
    account = resolve_account(session, ref)
    contacts = build_all(
        Contact,
        session.db.rows(
            f"{CONTACT_SELECT} WHERE c.account_id = ? ORDER BY c.name COLLATE NOCASE", (account.id,)
        ),
    )
    leads = build_all(
        Lead, session.db.rows(f"{LEAD_SELECT} WHERE l.account_id = ? ORDER BY l.id", (account.id,))
    )
    touches = touches_of(session, account_id=account.id)
    return AccountDetail(
        account=account,
        facts=facts_of_account(session, account.id),
        contacts=contacts,
        leads=leads,
        opportunities=deals_of_account(session, account.id),
        activities=[*touches.planned, *touches.done],
        quotes=quotes_of(session, account_id=account.id),
        contracts=contracts_of_account(session, account.id),
        overdue=list_receivables(session, account=str(account.id), overdue=True),
        overdue_flag_days=RECEIVABLE_OVERDUE_DAYS if rules is None else rules.overdue_days,
        value=None if rules is None else account_value(session, account=account, rules=rules),
        expenses=expenses_of(session, account_id=account.id),
    )
