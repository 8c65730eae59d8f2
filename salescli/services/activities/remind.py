"""The daily digest: what a rep must do, most urgent first.

Each rule finds the items of one kind with SQL over an index made for it
(`ix_activity_planned`, `ix_lead_open_due`, `ix_opportunity_owner_live`,
`ix_account_cadence`), so a rep's digest costs the same in a book of a thousand deals or
a million; the deal rules share one statement, read once per digest. A rule belongs to
a section; `RULES` lists them in the order the digest shows them, and sections come in
the order of their first rule. A new kind of reminder is one more `Rule` in `RULES`: a
kind, a section (an existing one or a new title), and a finder returning that kind's
items; another domain's finder is its query (returning `core.due.Due` items) in that
domain's own ``reminders`` module, adapted by `_from_domain`.

Kinds, by section:

- overdue: ``activity-overdue`` (a planned activity whose day has passed),
  ``lead-overdue`` (an open lead's next action has passed), ``deal-next-overdue`` (an
  open deal's next step date has passed), ``suspension-over`` (a deal suspended until a
  day now passed: reactivate or lose it);
- today: ``activity-today``, ``lead-today``, ``deal-next-today``, ``suspension-ends``
  (a deal suspended until today), ``birthday-today``;
- contact due: ``contact-due-deal`` (an open deal's last touch is more than its stage's
  cadence ago), ``contact-due-account`` (a customer, an A-class account, or a prospect
  with no open deal, untouched for more than its cadence: settings ``cadence.customer``,
  ``cadence.a``, ``cadence.prospect``);
- collections: ``installment-overdue``, ``account-long-overdue``, ``installment-due``
  (services/orders/reminders);
- stalled: ``stalled`` (an open deal longer in its stage than the stage's expected days);
- close date passed: ``close-date-passed`` (an open deal's expected close date is behind
  us);
- quotes: ``quote-unanswered``, ``quote-expiring``; contracts: ``contract-suspended``,
  ``contract-ending`` (services/orders/reminders);
- campaigns and expenses: ``campaign-results``, ``expenses-to-approve``
  (services/marketing/reminders);
- coming up (tomorrow to ``days`` ahead): ``coming-up-activity``, ``coming-up-lead``,
  ``coming-up-deal-next``, ``birthday``.

``due`` is the day an item fell or falls due (for a cadence, the day it ran out; for a
stalled deal, the day its stage's expected duration ended) and ``days_overdue`` is today
minus that day: positive when late, 0 today, negative ahead. Suspended and archived
deals are never reminded, except that a suspension's last day comes back as a
reminder; neither are the records of inactive reps, to anyone.
"""

from __future__ import annotations

import functools
import operator
import shlex
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import field
from datetime import date, timedelta
from typing import Any, NamedTuple

from salescli import db
from salescli.config import ReminderSettings
from salescli.dates import count_days
from salescli.errors import UsageProblem
from salescli.models.enums import OPEN_LEAD_STATUSES
from salescli.models.frozen import record
from salescli.models.records import Rep
from salescli.services.core.due import Due
from salescli.services.core.reps import get_rep
from salescli.services.core.session import Session
from salescli.services.customers import reminders as customers
from salescli.services.marketing import reminders as marketing
from salescli.services.orders import reminders as orders

OVERDUE = "Overdue"
TODAY = "Today"
CONTACT_DUE = "Contact due"
STALLED = "Stalled"
CLOSE_DATE_PASSED = "Close date passed"
COLLECTIONS = "Collections"
QUOTES = "Quotes"
CONTRACTS = "Contracts"
COMING_UP = "Coming up"
MARKETING = "Campaigns and expenses"
DEFAULT_DAYS = 7
MAX_DAYS = 366

# Spelled as the partial indexes' conditions, which SQLite then uses.
_OPEN_LEAD = "l.status IN (" + ", ".join(f"'{s.value}'" for s in OPEN_LEAD_STATUSES) + ")"
_OPEN_DEAL = "o.status IN ('open', 'suspended') AND o.archived_at IS NULL AND o.status = 'open'"
_PLANNED = "v.status = 'planned'"


class Reminder(NamedTuple):
    """One thing to do. The field names are the keys of `remind --json`. A named tuple,
    not a frozen dataclass: a digest of every rep makes ~360,000 of them, and a frozen
    dataclass of ten fields costs 2.2-2.4 µs to build where a named tuple costs 1.5."""

    kind: str
    due: date
    days_overdue: int
    account: str | None
    contact: str | None
    phone: str | None
    opportunity: int | None
    owner: str
    message: str
    command: str


@record
class DigestSection:
    title: str
    items: list[Reminder]


@record
class RepDigest:
    """One rep's reminders by section (only sections with something in them)."""

    owner: str
    name: str
    sections: list[DigestSection]


@record
class Digest:
    """The reminders of one rep (``rep``), or of every active rep (``rep`` None), with
    ``reps`` holding only those who have something due."""

    today: date
    days: int
    rep: Rep | None
    reps: list[RepDigest] = field(default_factory=list)

    @property
    def items(self) -> list[Reminder]:
        return [item for rep in self.reps for section in rep.sections for item in section.items]


class Scope(NamedTuple):
    """What every rule is asked: whose records, on which day, how far ahead."""

    today: date
    horizon: date  # the last day of "coming up"
    owner_id: int | None  # None: every active rep
    settings: ReminderSettings
    # What the rules of one digest share (the rep handles, the live deals), made for
    # each call of `remind` and dropped with it.
    memo: dict[str, Any]

    def owned(self, alias: str) -> str:
        """The condition limiting table ``alias`` to the scope's reps (a rep's own
        digest is only made when the rep is active). Spelled on the owner column, so
        SQLite searches each rep's part of an index that starts with the owner: with
        `r.active = 1` instead it walks every open deal of the book (measured at
        1,000,000 deals: 470 ms for one rule instead of 40)."""
        if self.owner_id is None:
            return f"{alias}.owner_id IN (SELECT id FROM rep WHERE active = 1)"
        return f"{alias}.owner_id = :owner"

    def params(self, **more: Any) -> dict[str, Any]:
        return {
            "owner": self.owner_id,
            "today": self.today.isoformat(),
            "tomorrow": (self.today + timedelta(days=1)).isoformat(),
            "horizon": self.horizon.isoformat(),
            **more,
        }


# Finds the items of one kind (given as the last argument) in a scope.
Finder = Callable[[Session, Scope, str], list[Reminder]]


class Rule(NamedTuple):
    """A kind of reminder: where it goes in the digest and how its items are found."""

    kind: str
    section: str
    find: Finder


def remind(
    session: Session,
    *,
    owner: str | None = None,
    everyone: bool = False,
    days: int = DEFAULT_DAYS,
    settings: ReminderSettings | None = None,
    rules: Sequence[Rule] | None = None,
) -> Digest:
    """The digest of the acting rep, of ``owner``, or of every active rep (``everyone``),
    on ``session.today``, looking ``days`` ahead for what is coming up; ``settings``:
    the account cadences and the orders' day counts (default: the settings' defaults)."""
    if everyone and owner:
        raise UsageProblem("--owner and --all cannot be used together")
    if not 0 <= days <= MAX_DAYS:
        raise UsageProblem(f"--days takes a number of days from 0 to {MAX_DAYS}, not {days}")
    rep: Rep | None = None
    if not everyone:
        rep = get_rep(session, owner) if owner else session.actor
    if rep is not None and not rep.active:
        # An inactive rep's records are reminded to no one.
        return Digest(today=session.today, days=days, rep=rep)
    scope = Scope(
        today=session.today,
        horizon=session.today + timedelta(days=days),
        owner_id=None if rep is None else rep.id,
        settings=settings or ReminderSettings(),
        memo={},
    )
    chosen = RULES if rules is None else rules
    found: defaultdict[str, defaultdict[str, list[Reminder]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for rule in chosen:
        section = rule.section
        for item in rule.find(session, scope, rule.kind):
            found[item.owner][section].append(item)
    by_day = operator.attrgetter("due")
    names = _rep_names(session) if rep is None else {rep.handle: rep.name}
    order = dict.fromkeys(rule.section for rule in chosen)
    digests = [
        RepDigest(
            owner=handle,
            name=names.get(handle, handle),
            sections=[
                # Most overdue first; a rule's items keep their order (time of day) on a day.
                DigestSection(title, sorted(found[handle][title], key=by_day))
                for title in order
                if title in found[handle]
            ],
        )
        for handle in sorted(found)
    ]
    return Digest(today=session.today, days=days, rep=rep, reps=digests)


def _rep_names(session: Session) -> dict[str, str]:
    return {str(row[0]): str(row[1]) for row in session.db.rows("SELECT handle, name FROM rep")}


# ---- helpers shared by the rules ----------------------------------------------------

# Each digest parses the same few hundred days over and over (every rep's: ~600,000
# dates read from the book), so each distinct day is parsed once.
_day = functools.lru_cache(maxsize=4096)(date.fromisoformat)


def _item(
    kind: str,
    today: date,
    due: date,
    account: str | None,
    contact: str | None,
    phone: str | None,
    opportunity: int | None,
    owner: str,
    message: str,
    command: str,
) -> Reminder:
    """A reminder due on ``due``, ``today`` telling how late it is."""
    return Reminder(
        kind,
        due,
        (today - due).days,
        account,
        contact,
        phone,
        opportunity,
        owner,
        message,
        command,
    )


class _Handles(dict[int, str]):
    """Every rep's handle by id, read once per digest (the rules read owner ids, which
    saves a join per row); a rep added while the digest is read is looked up then."""

    def __init__(self, session: Session) -> None:
        super().__init__(
            (int(i), str(h)) for i, h in session.db.tuples("SELECT id, handle FROM rep")
        )
        self.session = session

    def __missing__(self, rep_id: int) -> str:
        row = self.session.db.row("SELECT handle FROM rep WHERE id = ?", (rep_id,))
        handle = self[rep_id] = str(row[0]) if row else str(rep_id)
        return handle


def _handles(session: Session, scope: Scope) -> dict[int, str]:
    handles: dict[int, str] | None = scope.memo.get("handles")
    if handles is None:
        handles = scope.memo["handles"] = _Handles(session)
    return handles


def account_ref(account_id: int, name: str) -> str:
    """An account as a command line names it: its name, quoted for the shell as a person
    would quote it (its id when the name is all digits, which would be read as an id)."""
    if name.isdigit() or name.startswith("-"):
        return str(account_id)  # a name the parser would read as an id or an option
    quoted = shlex.quote(name)
    if "'" in name and not any(char in name for char in '"$`\\!'):
        return f'"{name}"'  # Bob's customer: "Bob's customer", not 'Bob'"'"'s customer'
    return quoted


# ---- activities -----------------------------------------------------------------------

_ACTIVITIES = (
    "SELECT v.id, v.type, v.planned_on, v.planned_time, COALESCE(v.purpose, v.objective),"
    " a.name, c.name, COALESCE(c.phone, a.phone), v.opportunity_id, o.name, v.owner_id"
    " FROM activity v JOIN account a ON a.id = v.account_id"
    " LEFT JOIN contact c ON c.id = v.contact_id"
    " LEFT JOIN opportunity o ON o.id = v.opportunity_id"
    " WHERE {planned} AND {owned} AND {when}"
    # A paused, lost or archived deal's plans wait with it (opp suspend: out of reminders).
    " AND (o.id IS NULL OR (o.status IN ('open', 'won') AND o.archived_at IS NULL))"
    " ORDER BY v.planned_on, v.planned_time IS NOT NULL, v.planned_time, v.id"
)


def _activities(when: str, *, act: bool) -> Finder:
    """Planned activities on the days ``when`` selects; ``act``: the command records the
    outcome, else it shows the plan."""

    def find(session: Session, scope: Scope, kind: str) -> list[Reminder]:
        sql = _ACTIVITIES.format(planned=_PLANNED, owned=scope.owned("v"), when=when)
        today, owners = scope.today, _handles(session, scope)
        items = []
        for row in session.db.tuples(sql, scope.params()):
            ident, type_, planned_on, at, goal, account, contact, phone, deal_id, deal, owner = row
            message = f"{type_} {ident}"
            if at:
                message += f" at {at}"
            if goal:
                message += f": {goal}"
            if deal_id is not None:
                message += f" (deal {deal_id} {deal})"
            command = (
                f'salescli visit done {ident} --outcome "..."'
                if act
                else f"salescli visit show {ident}"
            )
            due = _day(planned_on)
            items.append(
                _item(
                    kind,
                    today,
                    due,
                    account,
                    contact,
                    phone,
                    deal_id,
                    owners[owner],
                    message,
                    command,
                )
            )
        return items

    return find


# ---- leads ----------------------------------------------------------------------------

_LEADS = (
    "SELECT l.id, l.company, l.name, l.phone, l.next_action, l.owner_id FROM lead l"
    " WHERE {open} AND {owned} AND {when} ORDER BY l.next_action, l.id"
)


def _leads(when: str, *, act: bool) -> Finder:
    """Open leads whose next action falls on the days ``when`` selects."""

    def find(session: Session, scope: Scope, kind: str) -> list[Reminder]:
        sql = _LEADS.format(open=_OPEN_LEAD, owned=scope.owned("l"), when=when)
        today, owners = scope.today, _handles(session, scope)
        items = []
        for lead_id, company, name, phone, next_action, owner in session.db.tuples(
            sql, scope.params()
        ):
            command = (
                f'salescli lead touch {lead_id} --note "..."'
                if act
                else f"salescli lead show {lead_id}"
            )
            due = _day(next_action)
            items.append(
                _item(
                    kind,
                    today,
                    due,
                    company,
                    name,
                    phone,
                    None,
                    owners[owner],
                    f"follow up lead {lead_id} {name}",
                    command,
                )
            )
        return items

    return find


# ---- deals ----------------------------------------------------------------------------


class _Deal(NamedTuple):
    """An open deal that at least one deal rule reminds, with the rules it is due for."""

    id: int
    account_id: int | None
    name: str
    next_step: str | None
    next_date: str | None
    close_date: str | None
    stage_entered: str
    last_touch: str | None
    stage: str
    stage_days: int | None
    cadence_days: int | None
    account: str | None
    contact: str | None
    phone: str | None
    owner_id: int
    # Its next step falls on or before the horizon and no activity is planned that day.
    next_due: int | None
    # Its last touch (or, never touched, the day it entered its stage) is older than
    # its stage's cadence.
    contact_due: int | None
    # It has been longer in its stage than the stage's expected days.
    stalled: int | None
    close_passed: int | None


# The deal rules share one read of the scope's open deals per digest, each deal with
# the rules it is due for: the cost is in reading a deal and its account and contact,
# not in testing it. Measured at 1,000,000 deals, every active rep: one pass, rows
# fetched, 2.0-2.4 s, where the six rules' own statements took 4.7 s.
_LIVE_DEALS = (
    "WITH st AS (SELECT id, key, days, cadence_days,"
    f" {db.days_before(':today', 'cadence_days')} AS touch_by,"
    f" {db.days_before(':today', 'days')} AS entered_by FROM stage)"
    " SELECT o.id, o.account_id, o.name, o.next_step, o.next_date, o.close_date,"
    " o.stage_entered, o.last_touch, st.key, st.days, st.cadence_days,"
    " a.name, c.name, COALESCE(c.phone, a.phone), o.owner_id,"
    " o.next_date <= :horizon AND NOT EXISTS (SELECT 1 FROM activity v"
    " WHERE v.opportunity_id = o.id AND v.status = 'planned' AND v.planned_on = o.next_date),"
    " COALESCE(o.last_touch, o.stage_entered) < st.touch_by,"
    " o.stage_entered < st.entered_by,"
    " o.close_date < :today"
    " FROM opportunity o JOIN st ON st.id = o.stage_id"
    " LEFT JOIN account a ON a.id = o.account_id LEFT JOIN contact c ON c.id = o.contact_id"
    " WHERE {open} AND {owned} AND (o.next_date <= :horizon"
    " OR COALESCE(o.last_touch, o.stage_entered) < st.touch_by"
    " OR o.stage_entered < st.entered_by OR o.close_date < :today)"
)


def _live_deals(session: Session, scope: Scope) -> list[_Deal]:
    """The scope's open deals due for a deal rule, in id order (each rule's items then
    sort by day, and by deal on a day)."""
    deals: list[_Deal] | None = scope.memo.get("deals")
    if deals is None:
        sql = _LIVE_DEALS.format(open=_OPEN_DEAL, owned=scope.owned("o"))
        rows = session.db.tuples(sql, scope.params())
        rows.sort()
        deals = scope.memo["deals"] = list(map(_Deal._make, rows))
    return deals


def _deal_item(
    kind: str,
    scope: Scope,
    owners: dict[int, str],
    deal: _Deal,
    due: date,
    message: str,
    command: str,
) -> Reminder:
    """A deal's reminder, its message after "deal ID NAME"."""
    return _item(
        kind,
        scope.today,
        due,
        deal.account,
        deal.contact,
        deal.phone,
        deal.id,
        owners[deal.owner_id],
        f"deal {deal.id} {deal.name}{message}",
        command,
    )


def _next_steps(when: Callable[[str, str], bool], bound: str, *, act: bool) -> Finder:
    """Open deals whose next step day compares by ``when`` to the scope's day ``bound``
    ("today" or "tomorrow"; never past the horizon) and has no activity planned on it;
    ``act``: the command records the contact, else it shows the deal."""

    def find(session: Session, scope: Scope, kind: str) -> list[Reminder]:
        day, owners = scope.params()[bound], _handles(session, scope)
        items = []
        for deal in _live_deals(session, scope):
            if deal.next_due and when(deal.next_date or "", day):
                command = (
                    f'salescli visit log --opp {deal.id} --outcome "..."'
                    if act and deal.account_id is not None
                    else f"salescli opp show {deal.id}"
                )
                due = _day(deal.next_date)
                message = f": {deal.next_step or 'next step'}"
                items.append(_deal_item(kind, scope, owners, deal, due, message, command))
        return items

    return find


def _deals_due_for_contact(session: Session, scope: Scope, kind: str) -> list[Reminder]:
    """Open deals whose last touch (or, never touched, the day they entered their stage)
    is more than their stage's cadence ago."""
    owners = _handles(session, scope)
    items = []
    for deal in _live_deals(session, scope):
        if not deal.contact_due:
            continue
        every = int(deal.cadence_days or 0)
        if deal.last_touch:
            reference = _day(deal.last_touch)
            touched = f"last touch {count_days((scope.today - reference).days)} ago"
        else:
            reference = _day(deal.stage_entered)
            touched = f"no touch yet, {count_days((scope.today - reference).days)} in {deal.stage}"
        message = f" ({deal.stage}, every {count_days(every)}): {touched}"
        command = (
            f'salescli visit log --opp {deal.id} --outcome "..."'
            if deal.account_id is not None
            else f"salescli opp edit {deal.id} --account ACCOUNT"
        )
        due = reference + timedelta(days=every)
        items.append(_deal_item(kind, scope, owners, deal, due, message, command))
    return items


def _stalled(session: Session, scope: Scope, kind: str) -> list[Reminder]:
    """Open deals longer in their stage than its expected duration."""
    owners = _handles(session, scope)
    items = []
    for deal in _live_deals(session, scope):
        if not deal.stalled:
            continue
        entered = _day(deal.stage_entered)
        expected = int(deal.stage_days or 0)
        in_stage = (scope.today - entered).days
        message = f": {count_days(in_stage)} in {deal.stage}, expected {count_days(expected)}"
        due = entered + timedelta(days=expected)
        command = f"salescli opp show {deal.id}"
        items.append(_deal_item(kind, scope, owners, deal, due, message, command))
    return items


def _close_date_passed(session: Session, scope: Scope, kind: str) -> list[Reminder]:
    owners = _handles(session, scope)
    return [
        _deal_item(
            kind,
            scope,
            owners,
            deal,
            _day(deal.close_date),
            f" ({deal.stage}): expected to close {deal.close_date}",
            f"salescli opp edit {deal.id} --close DATE",
        )
        for deal in _live_deals(session, scope)
        if deal.close_passed
    ]


def _from_domain(
    query: Callable[..., list[Due]], *, ahead: bool = False, tuned: bool = False
) -> Finder:
    """Another domain's reminders (``services/orders/reminders``,
    ``services/marketing/reminders``); ``ahead``: the query also takes the digest's
    horizon (``until``), ``tuned``: the digest's ``settings``."""

    def find(session: Session, scope: Scope, kind: str) -> list[Reminder]:
        owners = _handles(session, scope)
        more: dict[str, Any] = {"until": scope.horizon} if ahead else {}
        if tuned:
            more["settings"] = scope.settings
        found = query(session, owner_id=scope.owner_id, today=scope.today, **more)
        return [
            _item(
                kind,
                scope.today,
                item.due,
                item.account,
                item.contact,
                item.phone,
                item.opportunity,
                owners[item.owner_id],
                item.message,
                item.command,
            )
            for item in found
        ]

    return find


# A suspended deal is out of the forecast and the digest until the day it was paused
# until: from that day the rep is asked to bring it back or let it go.
_SUSPENDED = (
    "SELECT o.id, o.name, o.suspended_until, a.name, c.name, COALESCE(c.phone, a.phone),"
    " o.owner_id FROM opportunity o"
    " LEFT JOIN account a ON a.id = o.account_id LEFT JOIN contact c ON c.id = o.contact_id"
    " WHERE o.status IN ('open', 'suspended') AND o.archived_at IS NULL"
    " AND o.status = 'suspended' AND {owned} AND {when}"
    " ORDER BY o.suspended_until, o.id"
)


def _suspensions(when: str) -> Finder:
    """Suspended deals whose ``suspended_until`` day is on the days ``when`` selects."""

    def find(session: Session, scope: Scope, kind: str) -> list[Reminder]:
        sql = _SUSPENDED.format(owned=scope.owned("o"), when=when)
        owners = _handles(session, scope)
        return [
            _item(
                kind,
                scope.today,
                _day(until),
                account,
                contact,
                phone,
                deal_id,
                owners[owner],
                f"deal {deal_id} {name} was suspended until {until}: reactivate or lose it",
                f"salescli opp reactivate {deal_id}",
            )
            for deal_id, name, until, account, contact, phone, owner in session.db.tuples(
                sql, scope.params()
            )
        ]

    return find


# ---- accounts -------------------------------------------------------------------------

# An account's contact person: a decision maker if there is one, else the first added.
_ACCOUNT_CONTACT = (
    "(SELECT k.id FROM contact k WHERE k.account_id = a.id"
    " ORDER BY k.role = 'decision-maker' DESC, k.id LIMIT 1)"
)
# The day an account was last touched, or added if never.
_LAST_TOUCH = "COALESCE(a.last_touch, substr(a.created_at, 1, 10))"
_ACCOUNTS_DUE = (
    "SELECT a.id, a.name, a.status, a.abc_class, a.last_touch, substr(a.created_at, 1, 10),"
    " c.name, COALESCE(c.phone, a.phone), a.owner_id, {cadence}"
    " FROM account a"
    f" LEFT JOIN contact c ON c.id = {_ACCOUNT_CONTACT}"
    " WHERE {owned} AND a.status IN ('customer', 'prospect')"
    f" AND {_LAST_TOUCH} < {db.days_before(':today', '{cadence}')}"
    " AND (a.status = 'customer' OR a.abc_class = 'A' OR NOT EXISTS (SELECT 1 FROM opportunity o"
    " WHERE o.account_id = a.id AND o.status = 'open' AND o.archived_at IS NULL))"
    f" ORDER BY {db.day_number(_LAST_TOUCH)} + ({{cadence}}), a.id"
)
_ACCOUNT_CADENCE = (
    "CASE WHEN a.abc_class = 'A' THEN :every_a WHEN a.status = 'customer' THEN :every_customer"
    " ELSE :every_prospect END"
)


def _accounts_due_for_contact(session: Session, scope: Scope, kind: str) -> list[Reminder]:
    """Customers, A-class accounts and prospects with no open deal (whose deals carry
    the cadence otherwise) untouched for longer than their cadence; an account never
    touched counts from the day it was added."""
    sql = _ACCOUNTS_DUE.format(owned=scope.owned("a"), cadence=_ACCOUNT_CADENCE)
    params = scope.params(
        every_a=scope.settings.cadence.a_class,
        every_customer=scope.settings.cadence.customer,
        every_prospect=scope.settings.cadence.prospect,
    )
    today, owners = scope.today, _handles(session, scope)
    items = []
    for row in session.db.tuples(sql, params):
        ident, name, status, abc_class, last_touch, added, contact, phone, owner, every = row
        what = str(status) + (", class A" if abc_class == "A" else "")
        if last_touch:
            reference = _day(last_touch)
            touched = f"last touch {count_days((today - reference).days)} ago"
        else:
            reference = _day(added)
            touched = f"never touched, added {count_days((today - reference).days)} ago"
        due = reference + timedelta(days=int(every))
        items.append(
            _item(
                kind,
                today,
                due,
                name,
                contact,
                phone,
                None,
                owners[owner],
                f"{name} ({what}, every {count_days(int(every))}): {touched}",
                f'salescli visit log {account_ref(ident, name)} --outcome "..."',
            )
        )
    return items


# ---- the registry ---------------------------------------------------------------------

_BEFORE = "{} < :today"
_ON = "{} = :today"
_AHEAD = "{} BETWEEN :tomorrow AND :horizon"

RULES: tuple[Rule, ...] = (
    Rule("activity-overdue", OVERDUE, _activities(_BEFORE.format("v.planned_on"), act=True)),
    Rule("lead-overdue", OVERDUE, _leads(_BEFORE.format("l.next_action"), act=True)),
    Rule("deal-next-overdue", OVERDUE, _next_steps(operator.lt, "today", act=True)),
    Rule("suspension-over", OVERDUE, _suspensions(_BEFORE.format("o.suspended_until"))),
    Rule("installment-overdue", COLLECTIONS, _from_domain(orders.installments_overdue)),
    Rule(
        "account-long-overdue", COLLECTIONS, _from_domain(orders.accounts_long_overdue, tuned=True)
    ),
    Rule("installment-due", COLLECTIONS, _from_domain(orders.installments_due, ahead=True)),
    Rule("activity-today", TODAY, _activities(_ON.format("v.planned_on"), act=True)),
    Rule("lead-today", TODAY, _leads(_ON.format("l.next_action"), act=True)),
    Rule("deal-next-today", TODAY, _next_steps(operator.eq, "today", act=True)),
    Rule("suspension-ends", TODAY, _suspensions(_ON.format("o.suspended_until"))),
    Rule("birthday-today", TODAY, _from_domain(customers.birthdays_today)),
    Rule("contact-due-deal", CONTACT_DUE, _deals_due_for_contact),
    Rule("contact-due-account", CONTACT_DUE, _accounts_due_for_contact),
    Rule("stalled", STALLED, _stalled),
    Rule("close-date-passed", CLOSE_DATE_PASSED, _close_date_passed),
    Rule("quote-unanswered", QUOTES, _from_domain(orders.quotes_unanswered, tuned=True)),
    Rule("quote-expiring", QUOTES, _from_domain(orders.quotes_expiring, tuned=True)),
    Rule("contract-suspended", CONTRACTS, _from_domain(orders.contracts_suspended, tuned=True)),
    Rule("contract-ending", CONTRACTS, _from_domain(orders.contracts_ending, tuned=True)),
    Rule("campaign-results", MARKETING, _from_domain(marketing.campaigns_without_results)),
    Rule("expenses-to-approve", MARKETING, _from_domain(marketing.expenses_to_approve)),
    Rule("coming-up-activity", COMING_UP, _activities(_AHEAD.format("v.planned_on"), act=False)),
    Rule("coming-up-lead", COMING_UP, _leads(_AHEAD.format("l.next_action"), act=False)),
    Rule("coming-up-deal-next", COMING_UP, _next_steps(operator.ge, "tomorrow", act=False)),
    Rule("birthday", COMING_UP, _from_domain(customers.birthdays_ahead, ahead=True)),
)
KINDS = tuple(rule.kind for rule in RULES)
# Sections in the digest's order: that of their first rule.
SECTIONS = tuple(dict.fromkeys(rule.section for rule in RULES))
