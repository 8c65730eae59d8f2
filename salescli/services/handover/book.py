"""Reading a departing rep's book for a handover plan: their live records of each kind
(what a rep owns is declared in ``services/handover/owned.py``), their open and suspended
deals and their shares of others' deals, and the cards the report shows of each account
(contacts, facts, latest and next activity), deal and lead. It only reads; ``plan.py``
decides what goes where."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from salescli import db
from salescli.models.frozen import record
from salescli.models.records import Quote, Rep
from salescli.money import from_minor
from salescli.services.core.rows import build_all
from salescli.services.core.session import Session
from salescli.services.customers.accounts import resolve_account
from salescli.services.handover.common import FULL_SPLIT
from salescli.services.handover.owned import OwnedEntity
from salescli.services.orders import quotes
from salescli.services.value.profile import answered_questions, checklist

# ---------------------------------------------------------------------------------------
# The cards the report shows


@record
class ContactCard:
    name: str
    title: str | None
    phone: str | None
    email: str | None
    birthday: date | None


@record
class FactCard:
    key: str
    value: str


@record
class Touch:
    """An account's latest done activity (``text``: its outcome) or its next planned one
    (``text``: its objective or purpose)."""

    on: date | None
    type: str
    owner: str | None
    text: str | None


@record
class AccountCard:
    """An account a successor takes. ``moves`` is false for another rep's account at
    which only the departing rep's deals, activities or leads move; ``owner`` is the
    owner before the handover."""

    id: int
    name: str
    status: str
    abc_class: str | None
    phone: str | None
    address: str | None
    owner: str | None
    moves: bool
    contacts: list[ContactCard]
    facts: list[FactCard]
    last: Touch | None
    next: Touch | None
    # How many of the profile checklist's questions are answered, of how many.
    profile_known: int = 0
    profile_items: int = 0


@record
class DealCard:
    """An open or suspended deal a successor takes. ``handover_visit``: the day of the
    introduction visit planned with it; ``merged_split``: the successor's own share of
    the deal (percent), which becomes part of ownership."""

    id: int
    name: str
    account_id: int | None
    account: str | None
    contact_id: int | None
    contact: str | None
    stage: str
    stage_name: str
    status: str
    amount: Decimal | None
    probability: Decimal | None
    weighted: Decimal | None
    close_date: date | None
    next_step: str | None
    next_date: date | None
    days_in_stage: int
    handover_visit: date | None
    merged_split: Decimal | None


@record
class LeadCard:
    id: int
    name: str
    company: str | None
    status: str
    phone: str | None
    email: str | None
    next_action: date | None
    account: str | None


@record
class QuoteCard:
    """An open quote moving: its latest version, ``status`` draft, sent, or "draft,
    awaiting approval" (a discount over ``quote.max_discount`` no manager approved yet)."""

    number: int
    version: int
    account: str
    opportunity_id: int | None
    opportunity: str | None
    status: str
    net: Decimal
    valid_until: date


# ---------------------------------------------------------------------------------------
# Reading the book


def _id_table(session: Session, name: str, ids: Iterable[int]) -> str:
    """A temporary table of ids to join with (cheaper than a long IN list)."""
    session.db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)")
    session.db.execute(f"DELETE FROM temp.{name}")
    session.db.executemany(
        f"INSERT OR IGNORE INTO temp.{name} (id) VALUES (?)", ((i,) for i in ids)
    )
    return f"temp.{name}"


def _live_records(
    session: Session, entity: OwnedEntity, owner_id: int
) -> list[tuple[int, int | None]]:
    """The owner's live records of one kind: (id, account id)."""
    entity = entity.on(session.today)
    account = entity.account or "NULL"
    return [
        (int(row[0]), None if row[1] is None else int(row[1]))
        for row in session.db.rows(
            f"SELECT t.id, {account} FROM {entity.table} t"
            f" WHERE t.{entity.owner} = ? AND {entity.live} ORDER BY t.id",
            (owner_id,),
        )
    ]


def _quote_cards(session: Session, quote_ids: list[int]) -> dict[int, QuoteCard]:
    """The cards of the quotes moving (by the id of their latest version), read as
    `quote list` reads them."""
    if not quote_ids:
        return {}
    from salescli import config

    table = _id_table(session, "handover_quotes", quote_ids)
    found = build_all(
        Quote,
        session.db.rows(
            f"{quotes.SELECT} WHERE q.id IN (SELECT id FROM {table})",
            quotes.params(session, config.quote_rules()),
        ),
    )
    return {
        quote.id: QuoteCard(
            number=quote.number,
            version=quote.version,
            account=quote.account,
            opportunity_id=quote.opportunity_id,
            opportunity=quote.opportunity,
            status="draft, awaiting approval" if quote.needs_approval else quote.status,
            net=quote.net,
            valid_until=quote.valid_until,
        )
        for quote in found
    }


def _history_count(session: Session, entity: OwnedEntity, owner_id: int) -> int | None:
    """How many of the owner's records stay as history (None: not counted)."""
    if entity.history is None:
        return None
    entity = entity.on(session.today)
    return int(
        session.db.scalar(
            f"SELECT count(*) FROM {entity.table} t WHERE t.{entity.owner} = ? AND {entity.history}",
            (owner_id,),
        )
    )


class _Deal(NamedTuple):
    id: int
    name: str
    account_id: int | None
    account: str | None
    contact_id: int | None
    contact: str | None
    stage: str
    stage_name: str
    position: int
    status: str
    amount: int | None
    probability: int | None
    close_date: str | None
    next_step: str | None
    next_date: str | None
    days_in_stage: int


def _live_deals(session: Session, owner_id: int) -> dict[int, _Deal]:
    """The owner's open and suspended deals with what the report shows of them (through
    ix_opportunity_owner_live, whose condition the query spells)."""
    rows = session.db.rows(
        "SELECT o.id, o.name, o.account_id, a.name, o.contact_id, c.name, s.key, s.name,"
        " s.position, o.status, o.amount, COALESCE(o.probability, s.probability),"
        " o.close_date, o.next_step, o.next_date,"
        f" {db.days_between('?', 'o.stage_entered')}"
        " FROM opportunity o JOIN stage s ON s.id = o.stage_id"
        " LEFT JOIN account a ON a.id = o.account_id"
        " LEFT JOIN contact c ON c.id = o.contact_id"
        " WHERE o.owner_id = ? AND o.status IN ('open', 'suspended') AND o.archived_at IS NULL",
        (session.today.isoformat(), owner_id),
    )
    return {int(row[0]): _Deal(*row) for row in rows}


def _account_cards(
    session: Session, account_ids: list[int], moving: set[int]
) -> dict[int, AccountCard]:
    """The accounts with their contacts, facts, and latest and next activity."""
    if not account_ids:
        return {}
    table = _id_table(session, "handover_accounts", account_ids)
    contacts: dict[int, list[ContactCard]] = defaultdict(list)
    for row in session.db.rows(
        "SELECT c.account_id, c.name, c.title, c.phone, c.email, c.birthday"
        f" FROM {table} t JOIN contact c ON c.account_id = t.id"
        " ORDER BY c.account_id, c.name COLLATE NOCASE, c.id"
    ):
        birthday = None if row[5] is None else date.fromisoformat(row[5])
        contacts[int(row[0])].append(ContactCard(row[1], row[2], row[3], row[4], birthday))
    facts: dict[int, list[FactCard]] = defaultdict(list)
    questions = {question.key for question in checklist().questions}
    for row in session.db.rows(
        f"SELECT f.account_id, f.key, f.value FROM {table} t JOIN account_fact f"
        " ON f.account_id = t.id ORDER BY f.account_id, f.key"
    ):
        facts[int(row[0])].append(FactCard(row[1], row[2]))
    last = _touches(
        session,
        table,
        "x.status = 'done' ORDER BY x.done_on DESC, x.done_time DESC, x.id DESC",
        "v.done_on, v.outcome",
    )
    upcoming = _touches(
        session,
        table,
        "x.status = 'planned' ORDER BY x.planned_on, x.planned_time IS NOT NULL,"
        " x.planned_time, x.id",
        "v.planned_on, COALESCE(v.objective, v.purpose)",
    )
    return {
        int(row[0]): AccountCard(
            id=int(row[0]),
            name=row[1],
            status=row[2],
            abc_class=row[3],
            phone=row[4],
            address=row[5],
            owner=row[6],
            moves=int(row[0]) in moving,
            contacts=contacts.get(int(row[0]), []),
            facts=facts.get(int(row[0]), []),
            last=last.get(int(row[0])),
            next=upcoming.get(int(row[0])),
            profile_known=len(answered_questions(fact.key for fact in facts.get(int(row[0]), []))),
            profile_items=len(questions),
        )
        for row in session.db.rows(
            "SELECT a.id, a.name, a.status, a.abc_class, a.phone, a.address, r.handle"
            f" FROM {table} t JOIN account a ON a.id = t.id LEFT JOIN rep r ON r.id = a.owner_id"
        )
    }


def _touches(session: Session, table: str, which: str, columns: str) -> dict[int, Touch]:
    """One activity per account: the first by ``which`` (a status and an order)."""
    touches: dict[int, Touch] = {}
    for row in session.db.rows(
        f"SELECT t.id, {columns}, v.type, r.handle FROM {table} t"
        " JOIN activity v ON v.id = (SELECT x.id FROM activity x"
        f" WHERE x.account_id = t.id AND {which} LIMIT 1)"
        " LEFT JOIN rep r ON r.id = v.owner_id"
    ):
        on = None if row[1] is None else date.fromisoformat(row[1])
        touches[int(row[0])] = Touch(on=on, type=row[3], owner=row[4], text=row[2])
    return touches


def _lead_cards(session: Session, lead_ids: list[int]) -> dict[int, LeadCard]:
    if not lead_ids:
        return {}
    table = _id_table(session, "handover_leads", lead_ids)
    return {
        int(row[0]): LeadCard(
            id=int(row[0]),
            name=row[1],
            company=row[2],
            status=row[3],
            phone=row[4],
            email=row[5],
            next_action=None if row[6] is None else date.fromisoformat(row[6]),
            account=row[7],
        )
        for row in session.db.rows(
            "SELECT l.id, l.name, l.company, l.status, l.phone, l.email, l.next_action, a.name"
            f" FROM {table} t JOIN lead l ON l.id = t.id LEFT JOIN account a ON a.id = l.account_id"
        )
    }


class _Share(NamedTuple):
    opportunity_id: int
    opportunity: str
    account_id: int | None
    account: str | None
    owner_id: int | None
    owner: str | None
    split: int


def _departing_shares(session: Session, rep_id: int) -> list[_Share]:
    """The rep's shares of live deals (shares of closed deals keep their credit)."""
    return [
        _Share(*row)
        for row in session.db.rows(
            "SELECT o.id, o.name, o.account_id, a.name, o.owner_id, r.handle, sh.split"
            " FROM opportunity_share sh JOIN opportunity o ON o.id = sh.opportunity_id"
            " LEFT JOIN account a ON a.id = o.account_id LEFT JOIN rep r ON r.id = o.owner_id"
            " WHERE sh.rep_id = ? AND o.status IN ('open', 'suspended') AND o.archived_at IS NULL"
            " ORDER BY o.id",
            (rep_id,),
        )
    ]


def _successor_splits(session: Session, successors: list[Rep]) -> dict[tuple[int, int], int]:
    """(deal, rep) -> split of every share the successors hold."""
    marks = ", ".join("?" for _ in successors)
    return {
        (int(row[0]), int(row[1])): int(row[2])
        for row in session.db.rows(
            "SELECT opportunity_id, rep_id, split FROM opportunity_share"
            f" WHERE rep_id IN ({marks})",
            [rep.id for rep in successors],
        )
    }


def _percent(basis_points: int | None) -> Decimal | None:
    return None if basis_points is None else Decimal(basis_points) / 100


def _chosen_accounts(session: Session, refs: Sequence[str]) -> dict[int, str]:
    chosen: dict[int, str] = {}
    for ref in refs:
        if ref.strip():
            account = resolve_account(session, ref)
            chosen[account.id] = account.name
    return chosen


# ---------------------------------------------------------------------------------------
# A deal's card and sums


def _deal_card(deal: _Deal, visit: date | None, held: int | None) -> DealCard:
    amount = None if deal.amount is None else from_minor(deal.amount)
    weighted = (
        None
        if deal.amount is None or deal.probability is None
        else from_minor(_basis_points_of(deal.amount * deal.probability))
    )
    return DealCard(
        id=deal.id,
        name=deal.name,
        account_id=deal.account_id,
        account=deal.account,
        contact_id=deal.contact_id,
        contact=deal.contact,
        stage=deal.stage,
        stage_name=deal.stage_name,
        status=deal.status,
        amount=amount,
        probability=_percent(deal.probability),
        weighted=weighted,
        close_date=None if deal.close_date is None else date.fromisoformat(deal.close_date),
        next_step=deal.next_step,
        next_date=None if deal.next_date is None else date.fromisoformat(deal.next_date),
        days_in_stage=int(deal.days_in_stage),
        handover_visit=visit,
        merged_split=_percent(held),
    )


def _deal_order(deal: _Deal) -> tuple[Any, ...]:
    """Nearest to close first: the latest stage, then the soonest close date."""
    return (-deal.position, deal.close_date is None, deal.close_date or "", deal.id)


def _weighted(deals: Sequence[_Deal]) -> Decimal:
    total = sum((deal.amount or 0) * (deal.probability or 0) for deal in deals)
    return from_minor(_basis_points_of(total))


def _basis_points_of(amount_times_basis_points: int) -> int:
    """An amount in minor units times basis points, back in minor units (half up)."""
    return (amount_times_basis_points + FULL_SPLIT // 2) // FULL_SPLIT
