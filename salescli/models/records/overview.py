"""An account's whole picture, across the domains (`services/overview`)."""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING

from salescli.models.frozen import record

if TYPE_CHECKING:
    from salescli.models.records.activities import Activity
    from salescli.models.records.contracts import Contract, Installment
    from salescli.models.records.customers import Account, Contact, Fact
    from salescli.models.records.leads import Lead
    from salescli.models.records.marketing import Expense
    from salescli.models.records.orders import Quote
    from salescli.models.records.pipeline import Opportunity
    from salescli.models.records.value import AccountValue


@record
class AccountDetail:
    account: Account
    facts: list[Fact] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    leads: list[Lead] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    # Planned activities (soonest first), then the latest done ones.
    activities: list[Activity] = field(default_factory=list)
    # Its quotes' latest versions, newest first.
    quotes: list[Quote] = field(default_factory=list)
    # Its contracts, newest first, with their balances.
    contracts: list[Contract] = field(default_factory=list)
    # Its overdue installments, the oldest first; any more than overdue_flag_days
    # (receivable.overdue_days) overdue flags the account.
    overdue: list[Installment] = field(default_factory=list)
    overdue_flag_days: int = 90
    # Revenue, class, lifecycle, lifetime value and profile completeness.
    value: AccountValue | None = None
    expenses: list[Expense] = field(default_factory=list)
