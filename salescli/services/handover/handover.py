"""Handover: when a rep leaves, their book moves to successors, previewed, in one
transaction, reported and reversible.

One pure function, ``plan_handover``, reads the book and decides everything: which
successor takes each account (whole: the account, its open and suspended deals, planned
activities and open leads; contacts follow their account), the departing rep's other live
records and shares of deals, the introduction visits for deals about to close, and what
stays and why. ``preview_handover`` returns that plan; ``run_handover`` builds the same
plan inside its write transaction and applies it, so a preview shows exactly what a run
does. What a rep owns is declared in ``services/owned.py``; the moves are bulk statements
over a temporary table of ids, never a statement per record.

Every moved record gets an event with its previous owner and a ``handover_item`` row,
so ``revert_handover`` can move back exactly what still has the owner the handover gave
it, and name what changed since.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from salescli import db
from salescli.errors import InvalidValue, NotFound, Refused, UsageProblem
from salescli.models.enums import Role
from salescli.models.records import Activity, Rep
from salescli.money import from_minor
from salescli.services.activities.activities import PLAN_ORDER
from salescli.services.activities.activities import SELECT as ACTIVITY_SELECT
from salescli.services.core.events import record_event
from salescli.services.core.owned import OWNED, OwnedEntity, owned_entity
from salescli.services.core.reps import get_rep
from salescli.services.core.rows import build_all
from salescli.services.core.session import Session, writes
from salescli.services.customers.accounts import resolve_account
from salescli.services.pipeline.stages import open_stages, resolve_stage

STRATEGIES = ("balance", "round-robin")
VISIT_OBJECTIVE = "introduce the new account owner"
DEFAULT_VISIT_WITHIN = 7
FULL_SPLIT = 10000
SHARE = "opportunity_share"
VISIT = "visit"


# ---------------------------------------------------------------------------------------
# What a plan holds


@dataclass(frozen=True)
class HandoverRequest:
    """What the manager asks for: the departing rep's handle, the successors' handles in
    order, and the options of `handover preview` and `handover run`."""

    departing: str
    successors: tuple[str, ...]
    strategy: str = "balance"
    accounts: tuple[str, ...] = ()
    reason: str | None = None
    deactivate: bool = False
    visit_within: int = DEFAULT_VISIT_WITHIN
    imminent_stage: str | None = None


@dataclass(frozen=True)
class ContactCard:
    name: str
    title: str | None
    phone: str | None
    email: str | None
    birthday: date | None


@dataclass(frozen=True)
class FactCard:
    key: str
    value: str


@dataclass(frozen=True)
class Touch:
    """An account's latest done activity (``text``: its outcome) or its next planned one
    (``text``: its objective or purpose)."""

    on: date | None
    type: str
    owner: str | None
    text: str | None


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class LeadCard:
    id: int
    name: str
    company: str | None
    status: str
    phone: str | None
    email: str | None
    next_action: date | None
    account: str | None


@dataclass(frozen=True)
class ShareMove:
    """The departing rep's share (percent) of another rep's deal, going to a successor.
    ``merge``: 'share' when the successor already co-owns the deal (``merged_split``, the
    successor's split before) and 'ownership' when the successor owns it."""

    opportunity_id: int
    opportunity: str
    account: str | None
    owner: str | None
    split: Decimal
    merge: str | None
    merged_split: Decimal | None


@dataclass(frozen=True)
class HandoverVisit:
    """An introduction visit to plan for a deal at or beyond the imminent stage."""

    opportunity_id: int
    opportunity: str
    account_id: int
    account: str
    contact_id: int | None
    contact: str | None
    planned_on: date


@dataclass(frozen=True)
class SuccessorPlan:
    """Everything one successor takes. ``moves``: the ids of the records changing owner,
    by entity (see services/owned.py); ``counts`` by what people call them; ``pipeline``
    and ``weighted``: the open deals' amounts (suspended ones not counted)."""

    handle: str
    name: str
    rep_id: int
    counts: dict[str, int]
    pipeline: Decimal
    weighted: Decimal
    accounts: list[AccountCard]
    deals: list[DealCard]
    leads: list[LeadCard]
    shares: list[ShareMove]
    visits: list[HandoverVisit]
    moves: dict[str, list[int]]


@dataclass(frozen=True)
class Kept:
    """Records of the departing rep's that stay, how many (None: not counted), and why."""

    entity: str
    label: str
    count: int | None
    why: str


@dataclass(frozen=True)
class AccountRef:
    id: int
    name: str


@dataclass(frozen=True)
class HandoverPlan:
    """What a handover does, decided from the book in one pure read. ``only_accounts``:
    the accounts of a partial handover (none: the whole book)."""

    departing: str
    departing_name: str
    departing_id: int
    on_date: date
    strategy: str
    reason: str | None
    deactivate: bool
    visit_within: int
    imminent_stage: str
    only_accounts: list[AccountRef]
    successors: list[SuccessorPlan]
    kept: list[Kept]

    @property
    def moves_nothing(self) -> bool:
        return not any(
            any(successor.moves.values()) or successor.shares or successor.visits
            for successor in self.successors
        )


@dataclass(frozen=True)
class HandoverDone:
    """A run: the handover's id (None when there was nothing to do), the plan it
    applied, and the Markdown report written (set by the command that writes it)."""

    handover_id: int | None
    report: str | None
    plan: HandoverPlan


# ---------------------------------------------------------------------------------------
# Checks


def _manager_only(session: Session, what: str) -> Rep:
    actor = session.actor
    if actor.role != Role.MANAGER.value:
        raise Refused(
            f"only a manager may {what}; {actor.handle} is a {actor.role}",
            hint="act as a manager with --as HANDLE",
        )
    return actor


def _successors(session: Session, handles: Sequence[str], departing: Rep) -> list[Rep]:
    wanted = [handle.strip().lower() for handle in handles if handle.strip()]
    if not wanted:
        raise UsageProblem("name at least one successor", hint="--to HANDLE[,HANDLE...]")
    successors: list[Rep] = []
    for handle in dict.fromkeys(wanted):
        rep = get_rep(session, handle)
        if rep.id == departing.id:
            raise Refused(f"{rep.handle} is the departing rep and cannot be their own successor")
        if not rep.active:
            raise Refused(
                f"successor {rep.handle} is inactive and cannot own records",
                hint=f"bring them back with 'salescli rep activate {rep.handle}', or choose another rep",
            )
        successors.append(rep)
    return successors


def _strategy(text: str) -> str:
    strategy = text.strip().lower()
    if strategy not in STRATEGIES:
        raise UsageProblem(f"no strategy '{text}'", hint=f"choose one of: {', '.join(STRATEGIES)}")
    return strategy


class _Stage(NamedTuple):
    id: int
    key: str
    position: int


def _imminent_stage(session: Session, key: str | None) -> _Stage:
    """The stage from which deals are about to close (default: the last open one)."""
    if key is None:
        stages = open_stages(session)
        if not stages:
            raise Refused("the funnel has no open stage")
        chosen = stages[-1]
    else:
        chosen = resolve_stage(session, key, open_only=True)
    return _Stage(chosen.id, chosen.key, chosen.position)


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
    account = entity.account or "NULL"
    return [
        (int(row[0]), None if row[1] is None else int(row[1]))
        for row in session.db.rows(
            f"SELECT t.id, {account} FROM {entity.table} t"
            f" WHERE t.{entity.owner} = ? AND {entity.live} ORDER BY t.id",
            (owner_id,),
        )
    ]


def _history_count(session: Session, entity: OwnedEntity, owner_id: int) -> int | None:
    """How many of the owner's records stay as history (None: not counted)."""
    if entity.history is None:
        return None
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


class _Unit(NamedTuple):
    """What goes to one successor whole: an account's records, or one record with no
    account."""

    key: tuple[str, int]
    name: str
    account_id: int | None
    owner_id: int | None
    pipeline: int


def _units(
    session: Session, records: dict[str, list[tuple[int, int | None]]], deals: dict[int, _Deal]
) -> list[_Unit]:
    account_ids = sorted(
        {account for rows in records.values() for _, account in rows if account is not None}
    )
    table = _id_table(session, "handover_accounts", account_ids)
    accounts = {
        int(row[0]): (str(row[1]), None if row[2] is None else int(row[2]))
        for row in session.db.rows(
            f"SELECT a.id, a.name, a.owner_id FROM {table} t JOIN account a ON a.id = t.id"
        )
    }
    pipeline: dict[tuple[str, int], int] = defaultdict(int)
    for deal in deals.values():
        key = (
            ("account", deal.account_id)
            if deal.account_id is not None
            else ("opportunity", deal.id)
        )
        if deal.status == "open":
            pipeline[key] += deal.amount or 0
    units = [
        _Unit(("account", account_id), name, account_id, owner, pipeline[("account", account_id)])
        for account_id, (name, owner) in accounts.items()
    ]
    for entity, rows in records.items():
        for record_id, account in rows:
            if account is None:
                key = (entity, record_id)
                name = deals[record_id].name if entity == "opportunity" else ""
                units.append(_Unit(key, name, None, None, pipeline[key]))
    return units


def _assign(units: list[_Unit], successors: list[Rep], strategy: str) -> dict[tuple[str, int], int]:
    """Each unit's successor (an index into ``successors``). An account another rep owns
    goes to that rep when they are a successor. Round-robin deals the rest out in name
    order; balance gives the largest pipelines first, each to the successor with the
    least so far (so the successors' pipelines end within one unit of each other), and
    the units with no open pipeline to whoever has taken the fewest."""
    position = {rep.id: index for index, rep in enumerate(successors)}
    chosen: dict[tuple[str, int], int] = {}
    load = [0] * len(successors)
    count = [0] * len(successors)
    rest: list[_Unit] = []
    for unit in units:
        if unit.owner_id in position:
            index = position[unit.owner_id]
            chosen[unit.key] = index
            load[index] += unit.pipeline
            count[index] += 1
        else:
            rest.append(unit)
    # Accounts by name, then the records with no account.
    in_order = sorted(
        rest, key=lambda unit: (unit.account_id is None, unit.name.casefold(), unit.key)
    )
    if strategy == "round-robin":
        for turn, unit in enumerate(in_order):
            chosen[unit.key] = turn % len(successors)
        return chosen
    # Units without open pipeline (accounts with none, leads) are spread by number.
    for unit in sorted(in_order, key=lambda unit: -unit.pipeline):
        if unit.pipeline:
            index = min(range(len(successors)), key=lambda i: (load[i], count[i], i))
        else:
            index = min(range(len(successors)), key=lambda i: (count[i], load[i], i))
        chosen[unit.key] = index
        load[index] += unit.pipeline
        count[index] += 1
    return chosen


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


def visit_day(today: date, close_date: date | None, within: int) -> date:
    """When to introduce the new owner: the working day before the deal's close date,
    kept between tomorrow and ``within`` days from today (the window's last day when
    there is no close date)."""
    first, last = today + timedelta(days=1), today + timedelta(days=within)
    wanted = last if close_date is None else close_date - timedelta(days=1)
    day = min(max(wanted, first), last)
    if day.weekday() >= 5:
        friday = day - timedelta(days=day.weekday() - 4)
        monday = day + timedelta(days=7 - day.weekday())
        if friday >= first:
            day = friday
        elif monday <= last:
            day = monday
    return day


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
# The plan


def plan_handover(session: Session, *, request: HandoverRequest) -> HandoverPlan:
    """Decide the whole handover from the book, changing nothing."""
    _manager_only(session, "hand over a rep's book")
    departing = get_rep(session, request.departing)
    successors = _successors(session, request.successors, departing)
    strategy = _strategy(request.strategy)
    if request.visit_within < 1:
        raise InvalidValue(f"--visit-within must be at least 1 day, not {request.visit_within}")
    imminent = _imminent_stage(session, request.imminent_stage)
    with session.db.snapshot(), _collector_paused():
        return _plan(session, request, departing, successors, strategy, imminent)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Build the plan's many small records without the garbage collector's passes over
    them (measured on a 20,000-account book: 2.5 s instead of 3.2-4.2 s)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _plan(
    session: Session,
    request: HandoverRequest,
    departing: Rep,
    successors: list[Rep],
    strategy: str,
    imminent: _Stage,
) -> HandoverPlan:
    only = _chosen_accounts(session, request.accounts)
    deals = _live_deals(session, departing.id)
    # The deals are read in full for the report; the other kinds by their declaration.
    records = {
        entity.entity: [(deal.id, deal.account_id) for deal in deals.values()]
        if entity.entity == "opportunity"
        else _live_records(session, entity, departing.id)
        for entity in OWNED
    }
    shares = _departing_shares(session, departing.id)
    kept = [
        Kept(entity.entity, entity.label, count, entity.stays)
        for entity in OWNED
        if entity.stays and (count := _history_count(session, entity, departing.id)) != 0
    ]
    if only:
        kept += _outside(request, departing, only, records, deals, shares)
    units = _units(session, records, deals)
    chosen = _assign(units, successors, strategy)
    unit_of = {unit.account_id: chosen[unit.key] for unit in units if unit.account_id is not None}

    def successor_of(entity: str, record_id: int, account_id: int | None) -> int:
        return unit_of[account_id] if account_id is not None else chosen[(entity, record_id)]

    moves: list[dict[str, list[int]]] = [defaultdict(list) for _ in successors]
    for entity, rows in records.items():
        for record_id, account_id in rows:
            moves[successor_of(entity, record_id, account_id)][entity].append(record_id)
    splits = _successor_splits(session, successors)
    share_moves = _share_moves(shares, successors, unit_of, splits, strategy)
    visits, no_account = _visits(session, deals, imminent, request.visit_within)
    if no_account:
        kept.append(
            Kept(
                VISIT,
                "handover visits",
                no_account,
                "a deal with no account cannot have a visit planned; introduce its new owner by hand",
            )
        )
    account_ids = sorted(unit_of)
    read = _Read(
        deals=deals,
        visits=visits,
        splits=splits,
        accounts=_account_cards(session, account_ids, {i for i, _ in records["account"]}),
        leads=_lead_cards(session, [i for i, _ in records["lead"]]),
    )
    plans = [
        _successor_plan(
            read,
            rep,
            moves[index],
            [i for i in account_ids if unit_of[i] == index],
            share_moves[index],
        )
        for index, rep in enumerate(successors)
    ]
    return HandoverPlan(
        departing=departing.handle,
        departing_name=departing.name,
        departing_id=departing.id,
        on_date=session.today,
        strategy=strategy,
        reason=request.reason.strip() if request.reason and request.reason.strip() else None,
        deactivate=request.deactivate and departing.active,
        visit_within=request.visit_within,
        imminent_stage=imminent.key,
        only_accounts=[AccountRef(i, name) for i, name in only.items()],
        successors=plans,
        kept=kept,
    )


@dataclass(frozen=True)
class _Read:
    """What the plan read from the book, for each successor's part of it."""

    deals: dict[int, _Deal]
    visits: dict[int, date]
    splits: dict[tuple[int, int], int]
    accounts: dict[int, AccountCard]
    leads: dict[int, LeadCard]


def _successor_plan(
    read: _Read,
    rep: Rep,
    moves: dict[str, list[int]],
    account_ids: list[int],
    shares: list[ShareMove],
) -> SuccessorPlan:
    deal_ids = moves.get("opportunity", [])
    deals = [
        _deal_card(read.deals[i], read.visits.get(i), read.splits.get((i, rep.id)))
        for i in sorted(deal_ids, key=lambda i: _deal_order(read.deals[i]))
    ]
    open_deals = [read.deals[i] for i in deal_ids if read.deals[i].status == "open"]
    accounts = sorted(
        (read.accounts[i] for i in account_ids), key=lambda card: (card.name.casefold(), card.id)
    )
    leads = sorted(
        (read.leads[i] for i in moves.get("lead", [])),
        key=lambda lead: (lead.next_action is None, lead.next_action or date.min, lead.id),
    )
    visits = sorted(
        (_visit(read.deals[i], read.visits[i]) for i in deal_ids if i in read.visits),
        key=lambda visit: (visit.planned_on, visit.opportunity_id),
    )
    counts = {
        "accounts": len(moves.get("account", [])),
        # Contacts follow their account.
        "contacts": sum(len(card.contacts) for card in accounts if card.moves),
        **{e.label: len(moves.get(e.entity, [])) for e in OWNED if e.entity != "account"},
        "shares": len(shares),
        "visits": len(visits),
    }
    return SuccessorPlan(
        handle=rep.handle,
        name=rep.name,
        rep_id=rep.id,
        counts=counts,
        pipeline=from_minor(sum(deal.amount or 0 for deal in open_deals)),
        weighted=_weighted(open_deals),
        accounts=accounts,
        deals=deals,
        leads=leads,
        shares=shares,
        visits=visits,
        moves={entity.entity: sorted(moves.get(entity.entity, [])) for entity in OWNED},
    )


def _outside(
    request: HandoverRequest,
    departing: Rep,
    only: dict[int, str],
    records: dict[str, list[tuple[int, int | None]]],
    deals: dict[int, _Deal],
    shares: list[_Share],
) -> list[Kept]:
    """A partial handover: drop (in place) what is not at the chosen accounts; what stays
    behind, per kind."""
    kept = []
    present = {account for rows in records.values() for _, account in rows}
    present |= {share.account_id for share in shares}
    for account_id, name in only.items():
        if account_id not in present:
            raise Refused(f"{departing.handle} has nothing to hand over at {name}")
    why = "not at the accounts handed over"
    for entity in OWNED:
        rows = records[entity.entity]
        inside: list[tuple[int, int | None]] = [
            (i, account) for i, account in rows if account in only
        ]
        if len(inside) < len(rows):
            kept.append(Kept(entity.entity, entity.label, len(rows) - len(inside), why))
        records[entity.entity] = inside
    for deal_id in [i for i, deal in deals.items() if deal.account_id not in only]:
        del deals[deal_id]
    inside_shares = [share for share in shares if share.account_id in only]
    if len(inside_shares) < len(shares):
        kept.append(Kept(SHARE, "shares", len(shares) - len(inside_shares), why))
    shares[:] = inside_shares
    if request.deactivate and departing.active and len(kept):
        left = sum(item.count or 0 for item in kept)
        raise Refused(
            f"{departing.handle} would still own {left} live records outside these accounts;"
            " an inactive rep can own nothing",
            hint="hand over the whole book, or leave out --deactivate",
        )
    return kept


def _share_moves(
    shares: list[_Share],
    successors: list[Rep],
    unit_of: dict[int, int],
    splits: dict[tuple[int, int], int],
    strategy: str,
) -> list[list[ShareMove]]:
    """Each share goes to the successor of the deal's account when that account is handed
    over; else to the deal's owner when they are a successor (it merges into ownership);
    else by the strategy (balance: to whoever has taken the fewest shares)."""
    moved: list[list[ShareMove]] = [[] for _ in successors]
    owners = {rep.id: index for index, rep in enumerate(successors)}
    for turn, share in enumerate(shares):
        if share.account_id in unit_of:
            index = unit_of[share.account_id]
        elif share.owner_id in owners:
            index = owners[share.owner_id]
        elif strategy == "round-robin":
            index = turn % len(successors)
        else:
            index = min(range(len(successors)), key=lambda i: (len(moved[i]), i))
        rep = successors[index]
        held = splits.get((share.opportunity_id, rep.id))
        merge = "ownership" if share.owner_id == rep.id else ("share" if held else None)
        moved[index].append(
            ShareMove(
                opportunity_id=share.opportunity_id,
                opportunity=share.opportunity,
                account=share.account,
                owner=share.owner,
                split=Decimal(share.split) / 100,
                merge=merge,
                merged_split=_percent(held) if merge == "share" else None,
            )
        )
    return moved


def _visits(
    session: Session, deals: dict[int, _Deal], imminent: _Stage, within: int
) -> tuple[dict[int, date], int]:
    """The introduction visit's day of every open deal at or beyond the imminent stage,
    and how many such deals have no account to visit."""
    days: dict[int, date] = {}
    no_account = 0
    for deal in deals.values():
        if deal.status != "open" or deal.position < imminent.position:
            continue
        if deal.account_id is None:
            no_account += 1
            continue
        close = None if deal.close_date is None else date.fromisoformat(deal.close_date)
        days[deal.id] = visit_day(session.today, close, within)
    return days, no_account


def _visit(deal: _Deal, day: date) -> HandoverVisit:
    return HandoverVisit(
        opportunity_id=deal.id,
        opportunity=deal.name,
        account_id=int(deal.account_id or 0),
        account=deal.account or "",
        contact_id=deal.contact_id,
        contact=deal.contact,
        planned_on=day,
    )


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


# ---------------------------------------------------------------------------------------
# Preview and run


def preview_handover(session: Session, *, request: HandoverRequest) -> HandoverPlan:
    """What `run_handover` would do with the same request, changing nothing."""
    return plan_handover(session, request=request)


@writes
def run_handover(
    session: Session, *, request: HandoverRequest, expected: HandoverPlan | None = None
) -> HandoverDone:
    """Hand the book over in one transaction: all of it, or nothing. With ``expected``
    (the preview a manager confirmed), refuse if the book has changed since."""
    plan = plan_handover(session, request=request)
    if expected is not None and plan != expected:
        raise Refused(
            "the book changed since the preview; nothing was handed over",
            hint="look at the new preview and confirm again",
        )
    if plan.moves_nothing and not plan.deactivate:
        return HandoverDone(handover_id=None, report=None, plan=plan)
    handover_id = _record_handover(session, plan)
    _move_records(session, plan, handover_id)
    _move_shares(session, plan, handover_id)
    _plan_visits(session, plan, handover_id)
    _deactivate(session, plan, handover_id)
    _check_new_owners(session, plan)
    return HandoverDone(handover_id=handover_id, report=None, plan=plan)


def _record_handover(session: Session, plan: HandoverPlan) -> int:
    stage_id = session.db.scalar("SELECT id FROM stage WHERE key = ?", (plan.imminent_stage,))
    accounts = ",".join(str(ref.id) for ref in plan.only_accounts) or None
    cursor = session.db.execute(
        "INSERT INTO handover (from_rep_id, by_rep_id, on_date, at, strategy, reason, accounts,"
        " deactivated, visit_within, imminent_stage_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            plan.departing_id,
            session.actor_id,
            plan.on_date.isoformat(),
            session.now(),
            plan.strategy,
            plan.reason,
            accounts,
            int(plan.deactivate),
            plan.visit_within,
            stage_id,
        ),
    )
    handover_id = int(cursor.lastrowid or 0)
    session.db.executemany(
        "INSERT INTO handover_successor (handover_id, rep_id, position) VALUES (?, ?, ?)",
        [(handover_id, successor.rep_id, index) for index, successor in enumerate(plan.successors)],
    )
    moved: dict[str, int] = defaultdict(int)
    for successor in plan.successors:
        for label, count in successor.counts.items():
            moved[label] += count
    record_event(
        session,
        entity="handover",
        entity_id=handover_id,
        action="run",
        changes={
            "from": plan.departing,
            "to": [successor.handle for successor in plan.successors],
            "strategy": plan.strategy,
            "reason": plan.reason,
            "accounts": [ref.id for ref in plan.only_accounts] or None,
            "deactivate": plan.deactivate,
            "moved": {label: count for label, count in moved.items() if count},
        },
    )
    return handover_id


def _fill_moves(session: Session, rows: Iterable[tuple[str, int, int, int, int | None]]) -> None:
    """The moves to make, one row per record: (entity, id, from owner, to owner, split of
    a share that merges into ownership or is restored)."""
    session.db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS handover_move (entity TEXT NOT NULL,"
        " entity_id INTEGER NOT NULL, from_owner_id INTEGER NOT NULL,"
        " to_owner_id INTEGER NOT NULL, merged_split INTEGER,"
        " PRIMARY KEY (entity, entity_id)) WITHOUT ROWID"
    )
    session.db.execute("DELETE FROM temp.handover_move")
    session.db.executemany("INSERT INTO temp.handover_move VALUES (?, ?, ?, ?, ?)", rows)


def _change_owners(session: Session, entity: OwnedEntity, *, handover_id: int, action: str) -> int:
    """Give every record of one kind in temp.handover_move its new owner, if it still has
    the old one and is live, and record an event per record; refuse if any has changed."""
    expected = int(
        session.db.scalar(
            "SELECT count(*) FROM temp.handover_move WHERE entity = ?", (entity.entity,)
        )
    )
    if not expected:
        return 0
    touched = f", {entity.touched} = ?" if entity.touched else ""
    cursor = session.db.execute(
        f"UPDATE {entity.table} AS t SET {entity.owner} = m.to_owner_id{touched}"
        " FROM temp.handover_move AS m WHERE m.entity = ? AND t.id = m.entity_id"
        f" AND t.{entity.owner} = m.from_owner_id AND {entity.live}",
        (*([session.now()] if touched else []), entity.entity),
    )
    if cursor.rowcount != expected:
        raise Refused(
            f"{expected - cursor.rowcount} {entity.label} changed while the handover ran;"
            " nothing was changed",
            hint="run it again",
        )
    # One event per record, written by one statement (the JSON as json.dumps writes it).
    session.db.execute(
        "INSERT INTO event (at, rep_id, entity, entity_id, action, changes)"
        " SELECT ?, ?, m.entity, m.entity_id, ?,"
        " '{\"handover\": ' || ? || ', \"owner\": [' || json_quote(f.handle) || ', '"
        " || json_quote(r.handle) || ']' || CASE WHEN m.merged_split IS NULL THEN ''"
        " ELSE ', \"share_merged\": ' || m.merged_split END || '}'"
        " FROM temp.handover_move m JOIN rep f ON f.id = m.from_owner_id"
        " JOIN rep r ON r.id = m.to_owner_id WHERE m.entity = ?",
        (session.now(), session.actor_id, action, handover_id, entity.entity),
    )
    return expected


def _move_records(session: Session, plan: HandoverPlan, handover_id: int) -> None:
    """Every owned record changes owner: one UPDATE per kind over a table of ids."""
    merged = {
        card.id: int(card.merged_split * 100)
        for successor in plan.successors
        for card in successor.deals
        if card.merged_split is not None
    }
    _fill_moves(
        session,
        (
            (entity, record_id, plan.departing_id, successor.rep_id, merged.get(record_id))
            if entity == "opportunity"
            else (entity, record_id, plan.departing_id, successor.rep_id, None)
            for successor in plan.successors
            for entity, ids in successor.moves.items()
            for record_id in ids
        ),
    )
    for entity in OWNED:
        _change_owners(session, entity, handover_id=handover_id, action="handover")
    session.db.execute(
        "INSERT INTO handover_item (handover_id, entity, entity_id, from_owner_id, to_owner_id,"
        " merged_split, merge) SELECT ?, entity, entity_id, from_owner_id, to_owner_id,"
        " merged_split, CASE WHEN merged_split IS NULL THEN NULL ELSE 'ownership' END"
        " FROM temp.handover_move",
        (handover_id,),
    )
    # A successor's own share of a deal they now own becomes part of ownership.
    session.db.executemany(
        "DELETE FROM opportunity_share WHERE opportunity_id = ? AND rep_id = ?",
        [
            (card.id, successor.rep_id)
            for successor in plan.successors
            for card in successor.deals
            if card.merged_split is not None
        ],
    )


def _one_row(cursor: Any, what: str) -> None:
    if cursor.rowcount != 1:
        raise Refused(f"{what} changed while the handover ran; nothing was changed")


def _move_shares(session: Session, plan: HandoverPlan, handover_id: int) -> None:
    departing = plan.departing_id
    for successor in plan.successors:
        for share in successor.shares:
            deal, split = share.opportunity_id, int(share.split * 100)
            what = f"{plan.departing}'s share of opportunity {deal}"
            if share.merge is None:
                _one_row(
                    session.db.execute(
                        "UPDATE opportunity_share SET rep_id = ? WHERE opportunity_id = ? AND rep_id = ?",
                        (successor.rep_id, deal, departing),
                    ),
                    what,
                )
            else:
                if share.merge == "share":
                    _one_row(
                        session.db.execute(
                            "UPDATE opportunity_share SET split = split + ?"
                            " WHERE opportunity_id = ? AND rep_id = ?",
                            (split, deal, successor.rep_id),
                        ),
                        what,
                    )
                _one_row(
                    session.db.execute(
                        "DELETE FROM opportunity_share WHERE opportunity_id = ? AND rep_id = ?",
                        (deal, departing),
                    ),
                    what,
                )
            merged = None if share.merged_split is None else int(share.merged_split * 100)
            session.db.execute(
                "INSERT INTO handover_item (handover_id, entity, entity_id, from_owner_id,"
                " to_owner_id, split, merged_split, merge) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (handover_id, SHARE, deal, departing, successor.rep_id, split, merged, share.merge),
            )
            record_event(
                session,
                entity="opportunity",
                entity_id=deal,
                action="handover",
                changes={
                    "handover": handover_id,
                    "co_owner": [plan.departing, successor.handle],
                    "split": split,
                    "merge": share.merge,
                },
            )


def _plan_visits(session: Session, plan: HandoverPlan, handover_id: int) -> None:
    """An introduction visit for every imminent deal, planned for its successor."""
    visits = [(visit, successor) for successor in plan.successors for visit in successor.visits]
    if not visits:
        return
    before = int(session.db.scalar("SELECT COALESCE(max(id), 0) FROM activity"))
    now = session.now()
    session.db.executemany(
        "INSERT INTO activity (account_id, opportunity_id, contact_id, type, status, planned_on,"
        " purpose, objective, owner_id, created_at, updated_at)"
        " VALUES (?, ?, ?, 'handover', 'planned', ?, ?, ?, ?, ?, ?)",
        (
            (
                visit.account_id,
                visit.opportunity_id,
                visit.contact_id,
                visit.planned_on.isoformat(),
                f"{plan.departing_name} hands {visit.opportunity} over to {successor.name}",
                VISIT_OBJECTIVE,
                successor.rep_id,
                now,
                now,
            )
            for visit, successor in visits
        ),
    )
    # The transaction holds the write lock: every activity after `before` is one of these.
    session.db.execute(
        "INSERT INTO handover_item (handover_id, entity, entity_id, from_owner_id, to_owner_id)"
        " SELECT ?, 'visit', id, NULL, owner_id FROM activity WHERE id > ? ORDER BY id",
        (handover_id, before),
    )
    session.db.execute(
        "INSERT INTO event (at, rep_id, entity, entity_id, action, changes)"
        " SELECT ?, ?, 'activity', id, 'plan', '{\"account_id\": ' || account_id"
        ' || \', "handover": \' || ? || \', "planned_on": "\' || planned_on'
        ' || \'", "planned_time": null, "type": "handover"}\''
        " FROM activity WHERE id > ? ORDER BY id",
        (now, session.actor_id, handover_id, before),
    )


def _deactivate(session: Session, plan: HandoverPlan, handover_id: int) -> None:
    if not plan.deactivate:
        return
    session.db.execute("UPDATE rep SET active = 0 WHERE id = ?", (plan.departing_id,))
    record_event(
        session,
        entity="rep",
        entity_id=plan.departing_id,
        action="deactivate",
        changes={"handover": handover_id},
    )


def _check_new_owners(session: Session, plan: HandoverPlan) -> None:
    """The last word before commit: every new owner is an active rep."""
    marks = ", ".join("?" for _ in plan.successors)
    inactive = [
        str(row[0])
        for row in session.db.rows(
            f"SELECT handle FROM rep WHERE id IN ({marks}) AND active = 0 ORDER BY handle",
            [successor.rep_id for successor in plan.successors],
        )
    ]
    if inactive:
        raise Refused(
            f"successor {', '.join(inactive)} is inactive and cannot own records;"
            " nothing was handed over",
            hint="choose active successors",
        )


# ---------------------------------------------------------------------------------------
# Revert


@dataclass(frozen=True)
class LeftAlone:
    """A record a revert did not move back, and why (it changed since the handover)."""

    entity: str
    entity_id: int
    why: str


@dataclass(frozen=True)
class Reverted:
    """What a revert did: records moved back per kind, shares and visits, whether the
    departing rep was made active again, and what it left alone."""

    handover_id: int
    departing: str
    moved_back: dict[str, int]
    shares_restored: int
    visits_removed: int
    reactivated: bool
    left_alone: list[LeftAlone]


def _handover_row(session: Session, handover_id: int) -> Any:
    row = session.db.row(
        "SELECT h.id, h.from_rep_id, h.deactivated, h.reverted_at, r.handle, r.active"
        " FROM handover h JOIN rep r ON r.id = h.from_rep_id WHERE h.id = ?",
        (handover_id,),
    )
    if row is None:
        raise NotFound(f"no handover {handover_id}", hint="see 'salescli handover list'")
    return row


@writes
def revert_handover(session: Session, *, handover_id: int) -> Reverted:
    """Move back every record that still has the owner this handover gave it (and is
    still live), restore the shares, remove the introduction visits not yet done, and
    say what was left alone because it changed since."""
    _manager_only(session, "revert a handover")
    row = _handover_row(session, handover_id)
    if row["reverted_at"] is not None:
        raise Refused(f"handover {handover_id} is already reverted ({row['reverted_at']} UTC)")
    departing = str(row["handle"])
    reactivated = False
    if not row["active"]:
        if not row["deactivated"]:
            raise Refused(
                f"{departing} is inactive; records cannot move back to them",
                hint=f"bring them back first with 'salescli rep activate {departing}'",
            )
        session.db.execute("UPDATE rep SET active = 1 WHERE id = ?", (row["from_rep_id"],))
        record_event(
            session,
            entity="rep",
            entity_id=int(row["from_rep_id"]),
            action="activate",
            changes={"handover_reverted": handover_id},
        )
        reactivated = True
    left: list[LeftAlone] = []
    moved_back: dict[str, int] = {}
    for entity in OWNED:
        left += _changed_since(session, entity, handover_id)
        count = _move_back(session, entity, handover_id)
        if count:
            moved_back[entity.label] = count
        if entity.entity == "opportunity":
            left += _restore_merged_shares(session)
    restored, share_left = _restore_shares(session, handover_id)
    left += share_left
    removed, visit_left = _remove_visits(session, handover_id)
    left += visit_left
    session.db.execute(
        "UPDATE handover SET reverted_at = ?, reverted_by_id = ? WHERE id = ?",
        (session.now(), session.actor_id, handover_id),
    )
    record_event(
        session,
        entity="handover",
        entity_id=handover_id,
        action="revert",
        changes={
            "moved_back": moved_back,
            "shares_restored": restored,
            "visits_removed": removed,
            "left_alone": len(left),
        },
    )
    return Reverted(
        handover_id=handover_id,
        departing=departing,
        moved_back=moved_back,
        shares_restored=restored,
        visits_removed=removed,
        reactivated=reactivated,
        left_alone=left,
    )


def _changed_since(session: Session, entity: OwnedEntity, handover_id: int) -> list[LeftAlone]:
    state = entity.state or "NULL"
    rows = session.db.rows(
        f"SELECT i.entity_id, t.id IS NULL, r.handle, t.{entity.owner} = i.to_owner_id, {state}"
        f" FROM handover_item i LEFT JOIN {entity.table} t ON t.id = i.entity_id"
        f" LEFT JOIN rep r ON r.id = t.{entity.owner}"
        " WHERE i.handover_id = ? AND i.entity = ?"
        f" AND (t.id IS NULL OR t.{entity.owner} IS NOT i.to_owner_id OR NOT ({entity.live}))"
        " ORDER BY i.entity_id",
        (handover_id, entity.entity),
    )
    left = []
    for row in rows:
        if row[1]:
            why = "deleted since"
        elif not row[3]:
            why = f"now owned by {row[2] or 'nobody'}"
        else:
            why = f"{row[4] or 'changed'} since"
        left.append(LeftAlone(entity.entity, int(row[0]), why))
    return left


def _move_back(session: Session, entity: OwnedEntity, handover_id: int) -> int:
    _fill_moves(session, ())
    session.db.execute(
        "INSERT INTO temp.handover_move (entity, entity_id, from_owner_id, to_owner_id,"
        " merged_split) SELECT i.entity, i.entity_id, i.to_owner_id, i.from_owner_id,"
        f" i.merged_split FROM handover_item i JOIN {entity.table} t ON t.id = i.entity_id"
        f" WHERE i.handover_id = ? AND i.entity = ? AND t.{entity.owner} = i.to_owner_id"
        f" AND {entity.live}",
        (handover_id, entity.entity),
    )
    return _change_owners(session, entity, handover_id=handover_id, action="handover-revert")


def _restore_merged_shares(session: Session) -> list[LeftAlone]:
    """The deals just moved back: each successor's own share, merged into ownership by
    the handover, returns (if the deal's splits leave room for it)."""
    left = []
    for row in session.db.rows(
        "SELECT m.entity_id, m.from_owner_id, m.merged_split, r.handle,"
        " (SELECT COALESCE(SUM(split), 0) FROM opportunity_share sh"
        "  WHERE sh.opportunity_id = m.entity_id) AS taken,"
        " (SELECT count(*) FROM opportunity_share sh WHERE sh.opportunity_id = m.entity_id"
        "  AND sh.rep_id = m.from_owner_id) AS held"
        " FROM temp.handover_move m JOIN rep r ON r.id = m.from_owner_id"
        " WHERE m.entity = 'opportunity' AND m.merged_split IS NOT NULL"
    ):
        deal, rep_id, split, handle = int(row[0]), int(row[1]), int(row[2]), str(row[3])
        if row["held"] or int(row["taken"]) + split > FULL_SPLIT:
            left.append(LeftAlone(SHARE, deal, f"{handle}'s share no longer fits the splits"))
            continue
        session.db.execute(
            "INSERT INTO opportunity_share (opportunity_id, rep_id, split) VALUES (?, ?, ?)",
            (deal, rep_id, split),
        )
    return left


def _restore_shares(session: Session, handover_id: int) -> tuple[int, list[LeftAlone]]:
    """The departing rep's shares back, where the successor's share is as the handover
    left it."""
    restored, left = 0, []
    for item in session.db.rows(
        "SELECT i.entity_id, i.from_owner_id, i.to_owner_id, i.split, i.merged_split, i.merge,"
        " f.handle AS departing, r.handle AS successor, o.status, o.archived_at, o.owner_id,"
        " (SELECT split FROM opportunity_share WHERE opportunity_id = i.entity_id"
        "  AND rep_id = i.to_owner_id) AS successor_split,"
        " (SELECT split FROM opportunity_share WHERE opportunity_id = i.entity_id"
        "  AND rep_id = i.from_owner_id) AS departing_split,"
        " (SELECT COALESCE(SUM(split), 0) FROM opportunity_share"
        "  WHERE opportunity_id = i.entity_id) AS taken"
        " FROM handover_item i JOIN rep f ON f.id = i.from_owner_id"
        " JOIN rep r ON r.id = i.to_owner_id LEFT JOIN opportunity o ON o.id = i.entity_id"
        " WHERE i.handover_id = ? AND i.entity = ? ORDER BY i.entity_id",
        (handover_id, SHARE),
    ):
        deal, split = int(item["entity_id"]), int(item["split"])
        why = _share_changed(item, split)
        if why:
            left.append(LeftAlone(SHARE, deal, why))
            continue
        if item["merge"] is None:
            session.db.execute(
                "UPDATE opportunity_share SET rep_id = ? WHERE opportunity_id = ? AND rep_id = ?",
                (item["from_owner_id"], deal, item["to_owner_id"]),
            )
        else:
            if item["merge"] == "share":
                session.db.execute(
                    "UPDATE opportunity_share SET split = ? WHERE opportunity_id = ? AND rep_id = ?",
                    (item["merged_split"], deal, item["to_owner_id"]),
                )
            session.db.execute(
                "INSERT INTO opportunity_share (opportunity_id, rep_id, split) VALUES (?, ?, ?)",
                (deal, item["from_owner_id"], split),
            )
        record_event(
            session,
            entity="opportunity",
            entity_id=deal,
            action="handover-revert",
            changes={
                "handover": handover_id,
                "co_owner": [item["successor"], item["departing"]],
                "split": split,
            },
        )
        restored += 1
    return restored, left


def _share_changed(item: Any, split: int) -> str | None:
    """Why a moved share cannot go back as it was, or None if it can."""
    if item["status"] is None:
        return "deleted since"
    if item["status"] not in ("open", "suspended") or item["archived_at"] is not None:
        return f"{item['status']} since"
    if item["departing_split"] is not None:
        return f"{item['departing']} holds a share of it again"
    held = item["successor_split"]
    if item["merge"] is None and held == split:
        return None
    if item["merge"] == "share" and held == split + int(item["merged_split"] or 0):
        return None
    if (
        item["merge"] == "ownership"
        and held is None
        and item["owner_id"] == item["to_owner_id"]
        and int(item["taken"]) + split <= FULL_SPLIT
    ):
        return None
    return f"{item['successor']}'s share changed since"


def _remove_visits(session: Session, handover_id: int) -> tuple[int, list[LeftAlone]]:
    """The introduction visits not yet done go; done or cancelled ones stay."""
    left = [
        LeftAlone(VISIT, int(row[0]), "deleted since" if row[1] is None else f"{row[1]} since")
        for row in session.db.rows(
            "SELECT i.entity_id, v.status FROM handover_item i"
            " LEFT JOIN activity v ON v.id = i.entity_id"
            " WHERE i.handover_id = ? AND i.entity = 'visit'"
            " AND (v.id IS NULL OR v.status != 'planned') ORDER BY i.entity_id",
            (handover_id,),
        )
    ]
    chosen = (
        " FROM activity AS v WHERE v.status = 'planned' AND v.id IN"
        " (SELECT entity_id FROM handover_item WHERE handover_id = ? AND entity = 'visit')"
    )
    session.db.execute(
        "INSERT INTO event (at, rep_id, entity, entity_id, action, changes)"
        " SELECT ?, ?, 'activity', v.id, 'remove', '{\"handover_reverted\": ' || ? || ',"
        ' "planned_on": "\' || v.planned_on || \'", "type": "handover"}\'' + chosen,
        (session.now(), session.actor_id, handover_id, handover_id),
    )
    removed = session.db.execute("DELETE" + chosen, (handover_id,)).rowcount
    return removed, left


# ---------------------------------------------------------------------------------------
# List and show


@dataclass(frozen=True)
class HandoverSummary:
    """One handover: ``successors`` in the order given (comma-separated); ``moved``,
    the records that changed owner (shares included); ``visits``, the introduction
    visits it planned; ``accounts``, how many accounts a partial handover named."""

    id: int
    on_date: date
    at: str
    departing: str
    successors: str
    by: str | None
    strategy: str
    reason: str | None
    accounts: int | None
    deactivated: bool
    moved: int
    visits: int
    reverted_at: str | None


@dataclass(frozen=True)
class MovedCount:
    """How many records of one kind (``entity``, called ``label``) went to a successor."""

    successor: str
    entity: str
    label: str
    count: int


def entity_labels() -> dict[str, str]:
    """What people call each kind of record a handover moves, in the order it moves them."""
    return {
        **{entity.entity: entity.label for entity in OWNED},
        SHARE: "shares",
        VISIT: "handover visits",
    }


@dataclass(frozen=True)
class HandoverItem:
    """One record a handover moved: from whom, to whom, and who owns it now (None for a
    share, which has no single owner)."""

    entity: str
    entity_id: int
    from_owner: str | None
    to_owner: str
    owner_now: str | None
    split: Decimal | None
    merge: str | None


@dataclass(frozen=True)
class HandoverDetail:
    handover: HandoverSummary
    moved: list[MovedCount]
    visits: list[Activity]
    items: list[HandoverItem] = field(default_factory=list)


_SUMMARY = (
    "SELECT h.id, h.on_date, h.at, f.handle AS departing,"
    " (SELECT group_concat(handle, ',') FROM (SELECT r.handle FROM handover_successor s"
    "  JOIN rep r ON r.id = s.rep_id WHERE s.handover_id = h.id ORDER BY s.position))"
    "  AS successors,"
    " b.handle AS by, h.strategy, h.reason,"
    " CASE WHEN h.accounts IS NULL THEN NULL"
    "  ELSE length(h.accounts) - length(replace(h.accounts, ',', '')) + 1 END AS accounts,"
    " h.deactivated,"
    " (SELECT count(*) FROM handover_item i WHERE i.handover_id = h.id AND i.entity != 'visit')"
    "  AS moved,"
    " (SELECT count(*) FROM handover_item i WHERE i.handover_id = h.id AND i.entity = 'visit')"
    "  AS visits,"
    " h.reverted_at"
    " FROM handover h JOIN rep f ON f.id = h.from_rep_id LEFT JOIN rep b ON b.id = h.by_rep_id"
)


def list_handovers(session: Session, *, departing: str | None = None) -> list[HandoverSummary]:
    """Every handover, oldest first (or only ``departing``'s)."""
    _manager_only(session, "see handovers")
    if departing is None:
        return build_all(HandoverSummary, session.db.rows(f"{_SUMMARY} ORDER BY h.id"))
    rep = get_rep(session, departing)
    return build_all(
        HandoverSummary,
        session.db.rows(f"{_SUMMARY} WHERE h.from_rep_id = ? ORDER BY h.id", (rep.id,)),
    )


def show_handover(session: Session, *, handover_id: int, items: bool = False) -> HandoverDetail:
    """What moved, from whom, to whom; the introduction visits; with ``items``, every
    record and who owns it now."""
    _manager_only(session, "see handovers")
    row = session.db.row(f"{_SUMMARY} WHERE h.id = ?", (handover_id,))
    if row is None:
        raise NotFound(f"no handover {handover_id}", hint="see 'salescli handover list'")
    labels = entity_labels()
    order = {entity: index for index, entity in enumerate(labels)}
    rows = session.db.rows(
        "SELECT r.handle, i.entity, count(*), s.position FROM handover_item i"
        " JOIN rep r ON r.id = i.to_owner_id"
        " LEFT JOIN handover_successor s ON s.handover_id = i.handover_id"
        " AND s.rep_id = i.to_owner_id"
        " WHERE i.handover_id = ? GROUP BY i.to_owner_id, i.entity",
        (handover_id,),
    )
    moved = [
        MovedCount(
            successor=str(r[0]), entity=str(r[1]), label=labels.get(r[1], r[1]), count=int(r[2])
        )
        for r in sorted(rows, key=lambda r: (r[3], order.get(r[1], len(order))))
    ]
    visits = build_all(
        Activity,
        session.db.rows(
            f"{ACTIVITY_SELECT} WHERE v.id IN (SELECT entity_id FROM handover_item"
            f" WHERE handover_id = ? AND entity = 'visit') ORDER BY {PLAN_ORDER}",
            (handover_id,),
        ),
    )
    return HandoverDetail(
        handover=build_all(HandoverSummary, [row])[0],
        moved=moved,
        visits=visits,
        items=_items(session, handover_id) if items else [],
    )


def _items(session: Session, handover_id: int) -> list[HandoverItem]:
    tables = {entity.entity: entity for entity in OWNED}
    tables[VISIT] = owned_entity("activity")
    found: list[HandoverItem] = []
    for name in [*tables, SHARE]:
        entity = tables.get(name)
        now = (
            f"(SELECT r.handle FROM {entity.table} t JOIN rep r ON r.id = t.{entity.owner}"
            " WHERE t.id = i.entity_id)"
            if entity
            else "NULL"
        )
        rows = session.db.rows(
            f"SELECT i.entity, i.entity_id, f.handle, r.handle, {now}, i.split, i.merge"
            " FROM handover_item i LEFT JOIN rep f ON f.id = i.from_owner_id"
            " JOIN rep r ON r.id = i.to_owner_id WHERE i.handover_id = ? AND i.entity = ?"
            " ORDER BY i.entity_id",
            (handover_id, name),
        )
        found += [
            HandoverItem(
                entity=row[0],
                entity_id=int(row[1]),
                from_owner=row[2],
                to_owner=row[3],
                owner_now=row[4],
                split=None if row[5] is None else Decimal(row[5]) / 100,
                merge=row[6],
            )
            for row in rows
        ]
    return found
