"""The records a rep owns, each kind declared once: what a handover moves and a revert
moves back.

A declaration says which table holds the records, which column names their owner, how a
record links to an account (so a handover keeps each account whole with one successor),
which records are still in play ("live": they move) and why the others stay: a closed
deal, a done visit or a converted lead is history and keeps the owner who made it.

Contacts have no owner: they follow their account. Co-owners' shares of deals are not
owned records but splits; the handover moves them itself.

A new kind of owned record joins every handover by adding its declaration to ``OWNED``
below, as quotes and contracts did. A declaration's SQL may name ``:today`` (a sent
quote past its validity is expired, not live); ``OwnedEntity.on`` puts the handover's day
in its place. Nothing in the handover code changes: it finds the departing rep's live records of
every declared kind, gives each account's records to that account's successor, records
every move with the previous owner, and revert moves them back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from salescli.models.frozen import record
from salescli.services.leads.leads import OPEN_STATUSES_SQL


@record
class OwnedEntity:
    """One kind of owned record. SQL fragments refer to the table as ``t``.

    - ``entity``: its name in events and handover items (and ``--json``);
    - ``label``: what people call them, plural ("deals");
    - ``account``: the account a record belongs to, an expression on ``t`` (NULL for a
      record with none, which then moves alone); ``None`` if it never has one;
    - ``live``: the records still in play, which move. Spell it as the partial index on
      the owner column does, so SQLite can use that index;
    - ``stays``: why the departing rep's other records stay with them ("" when every
      record is live);
    - ``history``: those other records, spelled so an index finds them, for the report
      to count them; ``None``: not counted (finding them would read the whole table);
    - ``state``: what a record's state is called, to say why one that changed since a
      handover was left alone by its revert ("won since");
    - ``touched``: the column that records the last change, if any.
    """

    entity: str
    table: str
    label: str
    account: str | None
    live: str
    stays: str = ""
    history: str | None = None
    owner: str = "owner_id"
    state: str | None = "t.status"
    touched: str | None = "updated_at"

    def on(self, today: date) -> OwnedEntity:
        """The declaration with ``:today`` in its SQL made ``today``."""
        day = f"'{today.isoformat()}'"
        return replace(
            self,
            live=self.live.replace(":today", day),
            history=None if self.history is None else self.history.replace(":today", day),
            state=None if self.state is None else self.state.replace(":today", day),
        )


ACCOUNT = OwnedEntity(
    entity="account", table="account", label="accounts", account="t.id", live="1", state=None
)
OPPORTUNITY = OwnedEntity(
    entity="opportunity",
    table="opportunity",
    label="deals",
    account="t.account_id",
    # ix_opportunity_owner_live's condition.
    live="t.status IN ('open', 'suspended') AND t.archived_at IS NULL",
    stays="won and lost deals keep the owner who earned them",
    # ix_opportunity_funnel leads with the status.
    history="t.status IN ('won', 'lost')",
)
ACTIVITY = OwnedEntity(
    entity="activity",
    table="activity",
    label="activities",
    account="t.account_id",
    # ix_activity_planned's condition.
    live="t.status = 'planned'",
    stays="done and cancelled activities stay in their owner's history",
)
LEAD = OwnedEntity(
    entity="lead",
    table="lead",
    label="leads",
    account="t.account_id",
    # ix_lead_open_due's condition.
    live=f"t.status IN {OPEN_STATUSES_SQL}",
    stays="converted and disqualified leads stay as they were",
    history="t.status IN ('converted', 'disqualified')",
)

CONTRACT = OwnedEntity(
    entity="contract",
    table="contract",
    label="contracts",
    account="t.account_id",
    # ix_contract_owner leads with the owner and the status. Its installments and their
    # receivables have no owner of their own: they go with it. Receipts keep the rep who
    # recorded them.
    live="t.status NOT IN ('closed', 'terminated')",
    stays="closed and terminated contracts keep the owner who made them",
    history="t.status IN ('closed', 'terminated')",
)

QUOTE = OwnedEntity(
    entity="quote",
    table="quote",
    label="quotes",
    account="t.account_id",
    # The latest version of a draft (waiting for approval or not) or of a sent quote still
    # valid: ix_quote_owner_current's condition, then its owner, status and validity.
    live="t.superseded_at IS NULL AND t.status IN ('draft', 'sent')"
    " AND (t.status = 'draft' OR t.valid_until >= :today)",
    stays="accepted, rejected and expired quotes stay with the rep who made them, as"
    " history (so do the versions a revision replaced)",
    history="t.superseded_at IS NULL AND (t.status IN ('accepted', 'rejected')"
    " OR (t.status = 'sent' AND t.valid_until < :today))",
    state="CASE WHEN t.superseded_at IS NOT NULL THEN 'revised' WHEN t.status = 'sent'"
    " AND t.valid_until < :today THEN 'expired' ELSE t.status END",
)

CAMPAIGN = OwnedEntity(
    entity="campaign",
    table="campaign",
    label="campaigns",
    account=None,
    live="t.status IN ('planned', 'approved', 'running')",
    stays="completed and cancelled campaigns keep the owner who ran them",
    history="t.status IN ('completed', 'cancelled')",
)

# Every kind of record a rep owns, in the order a handover moves them (the account first).
OWNED: tuple[OwnedEntity, ...] = (
    ACCOUNT, OPPORTUNITY, ACTIVITY, LEAD, QUOTE, CONTRACT, CAMPAIGN,
)  # fmt: skip


def owned_entity(entity: str) -> OwnedEntity:
    for declared in OWNED:
        if declared.entity == entity:
            return declared
    raise KeyError(entity)
