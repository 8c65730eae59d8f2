"""Reports on the reps: how each has done against the team, and the weekly work report.

``reps_report`` judges a rep's ability from the funnel, beside the team: deals won and
lost, win rate, credit won, deal size, sales cycle, where deals are lost, and quota
attainment. ``activity_report`` is the work report reps hand in: what they did in the
week or month, and what they have planned.

Each figure is one SQL aggregate grouped by rep, most of them over an index that starts
with a date, so the work follows the size of the window rather than of the book; no
query loads deals one by one, and the Python code only assembles the groups (a few per
rep). Measured at 1,000,000 deals, 2.9 M moves and 2 M activities: `report reps` 0.45 s,
`report activity --all --month` 0.76 s, whole process.

- Deals closed in a window: ``ix_opportunity_closed`` (closed_on, status, owner, amount,
  opened_on), named with an index hint as the funnel does; the stage a lost deal was
  lost from is its closing move, found through ``ix_stage_change_opportunity``.
- Deals advanced or opened in a period: ``ix_stage_change_flow`` (from stage, date,
  move), ranged on the date for each stage; only the deals found are read for their
  owner.
- Activities done: the activity table has no index on the day an activity was done, so
  this one is a scan (measured at 2,000,000 activities: 0.4 s; an index on ``done_on``
  would make it a range).
- Leads converted: the converted leads, each looked up in its own history
  (``ix_event_entity``), so a book with millions of events is not scanned.

Credit for co-owned deals: a won deal's amount counts for its owner at 100 % less the
co-owners' splits, and for each co-owner at their split ("splits count in attainment");
deals won and lost, deal size and sales cycle count the deals a rep owns, whole.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import field
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from salescli import dates, db
from salescli.errors import UsageProblem
from salescli.models.enums import ActivityType
from salescli.models.frozen import record
from salescli.models.records import RepCollections
from salescli.money import from_minor
from salescli.services.core.reps import owner_scope
from salescli.services.core.session import Session
from salescli.services.core.stats import median, merged, rate
from salescli.services.core.sums import wide_sum, wide_total
from salescli.services.orders.collections import collections_by_rep
from salescli.services.pipeline.funnel import (
    CLOSED_DEALS,
    CYCLE_DAYS,
    WON_AMOUNT,
    average,
    one_decimal,
    window_start,
)

BASIS_POINTS = 10000
ONE_DECIMAL = Decimal("0.1")
ACTIVITY_TYPES = tuple(kind.value for kind in ActivityType)
# The history's moves in a window, for every stage (removed ones included): SQLite ranges
# ix_stage_change_flow on the date for each stage id instead of reading all of it.
ANY_STAGE = "h.from_stage_id IN (SELECT id FROM stage)"


@record
class RepFigures:
    """One rep's results for deals closed in the window.

    ``won`` and ``lost`` count the deals the rep owns; ``win_rate`` is won / (won + lost)
    in percent. ``won_amount`` is the rep's credit: their own won deals at 100 % less the
    co-owners' splits, plus their splits of others' won deals. ``avg_deal`` is the average
    amount of the rep's won deals (whole, those with an amount), ``avg_cycle_days`` and
    ``median_cycle_days`` their average and median days from opening to winning. ``lost_at`` is the stage (key) the rep's deals
    were lost from most often in the window, ``lost_at_deals`` how many were lost there.
    ``quota`` is the rep's quota for the window (None without quota rows), ``attainment``
    ``won_amount`` / ``quota`` in percent."""

    rep: str
    name: str
    active: bool
    won: int
    lost: int
    win_rate: Decimal | None
    won_amount: Decimal
    avg_deal: Decimal | None
    avg_cycle_days: Decimal | None
    median_cycle_days: Decimal | None
    lost_at: str | None
    lost_at_deals: int
    quota: Decimal | None
    attainment: Decimal | None


@record
class TeamFigures:
    """The team beside each rep's figure. ``won``, ``lost`` and ``won_amount`` are averages
    per rep (the team's total / ``reps``), ``quota`` the average quota of the reps who have
    one; ``win_rate``, ``avg_deal``, the cycle's average and median and ``attainment`` are
    the team's
    own, over all its deals together (attainment over the reps with a quota); ``lost_at``
    is the stage the team loses most deals from, ``lost_at_deals`` how many in all."""

    reps: int
    won: Decimal | None
    lost: Decimal | None
    win_rate: Decimal | None
    won_amount: Decimal | None
    avg_deal: Decimal | None
    avg_cycle_days: Decimal | None
    median_cycle_days: Decimal | None
    lost_at: str | None
    lost_at_deals: int
    quota: Decimal | None
    attainment: Decimal | None


@record
class TeamTotals:
    """The team's sums: deals won and lost, credit won, and quota for the window."""

    won: int
    lost: int
    won_amount: Decimal
    quota: Decimal | None


@record
class RepsReport:
    """Every active rep (managers only with results), and every rep with deals closed
    (or credit) in the window from ``since`` to ``until`` (both included), by handle; the team's averages and totals.
    ``stages`` names the stages by key, in funnel order."""

    since: date
    until: date
    reps: list[RepFigures]
    team: TeamFigures
    total: TeamTotals
    stages: dict[str, str]
    # Each rep's collections in the window (services/orders/collections).
    collections: list[RepCollections] = field(default_factory=list)


@record
class RepActivity:
    """What a rep did in the period: activities done by type (``done``, every type
    present) and in all, deals advanced (moved to a later open stage at least once),
    won and lost (closed in the period), leads converted, deals opened; and activities
    planned ahead by type and in all. For the team's total, ``rep`` and ``name`` are
    None."""

    rep: str | None
    name: str | None
    done: dict[str, int]
    done_total: int
    advanced: int
    won: int
    lost: int
    leads_converted: int
    opened: int
    planned: dict[str, int]
    planned_total: int


@record
class ActivityReport:
    """The work report for the ``period`` (week: Monday to ``until``; month: the 1st to
    ``until``) of one rep (``owner``) or every rep (``owner`` None: the active reps, and
    anyone else, managers included, with work in the period), with the activities
    planned from ``planned_from`` to ``planned_until`` (tomorrow to the end of the next
    period) and the team's total."""

    period: str
    since: date
    until: date
    planned_from: date
    planned_until: date
    owner: str | None
    reps: list[RepActivity]
    total: RepActivity


# --- report reps ---------------------------------------------------------------------------


def reps_report(session: Session, *, since: date | None = None) -> RepsReport:
    """Every rep's results for the deals closed from ``since`` (default: the last 365
    days) to today, with the team's averages and totals beside them."""
    start = window_start(session, since)
    window = (start.isoformat(), session.today.isoformat())
    stages = _stages(session)
    closed = _closed_by_owner(session, window)
    cycles = _cycles_by_owner(session, window)
    credit = _won_credit(session, window, closed)
    losses = _losses_by_stage(session, window)
    quotas = _quota_in_window(session, start, session.today)
    shown = [
        rep
        for rep in _reps(session)
        if rep["selling"] or rep["id"] in closed or credit.get(rep["id"]) or rep["id"] in losses
    ]
    figures = [
        _rep_figures(
            rep,
            closed.get(rep["id"]),
            cycles.get(rep["id"], {}),
            credit,
            losses.get(rep["id"], {}),
            quotas,
            stages,
        )
        for rep in shown
    ]
    ids = {int(rep["id"]) for rep in shown}
    team, total = _team(
        figures,
        [row for owner_id, row in closed.items() if owner_id in ids],
        merged(cycles.get(rep_id, {}) for rep_id in ids),
        [credit.get(rep_id, 0) for rep_id in ids],
        [losses.get(rep_id, {}) for rep_id in ids],
        {
            rep_id: (quota, credit.get(rep_id, 0))
            for rep_id, quota in quotas.items()
            if rep_id in ids
        },
        stages,
    )
    return RepsReport(
        since=start,
        until=session.today,
        reps=figures,
        team=team,
        total=total,
        stages={str(key): str(name) for key, name, _ in stages.values()},
        collections=collections_by_rep(session, since=start, until=session.today),
    )


def _reps(session: Session) -> list[Any]:
    """Every rep by handle; ``selling`` marks the active ones in the rep role (a manager,
    or a rep who has left, shows in a report only with results of their own)."""
    return session.db.rows(
        "SELECT id, handle, name, active, active = 1 AND role = 'rep' AS selling"
        " FROM rep ORDER BY handle"
    )


def _stages(session: Session) -> dict[int, tuple[str, str, int]]:
    """Every stage (removed ones too: the history names them) by id: key, name, position."""
    rows = session.db.rows("SELECT id, key, name, position FROM stage ORDER BY position, id")
    return {
        int(row["id"]): (str(row["key"]), str(row["name"]), int(row["position"])) for row in rows
    }


def _closed_by_owner(session: Session, window: tuple[str, str]) -> dict[int, Any]:
    """Per owner, deals closed in the window: won, lost, the won amount (whole), how many
    won deals have an amount, and the won deals' days from opening to closing."""
    rows = session.db.rows(
        "SELECT o.owner_id AS owner_id,"
        " COUNT(CASE WHEN o.status = 'won' THEN 1 END) AS won,"
        " COUNT(CASE WHEN o.status = 'lost' THEN 1 END) AS lost,"
        f" {wide_sum(WON_AMOUNT, 'won_amount')},"
        " COUNT(CASE WHEN o.status = 'won' THEN o.amount END) AS sized,"
        " COALESCE(SUM(CASE WHEN o.status = 'won'"
        f" THEN {db.days_between('o.closed_on', 'o.opened_on')} END), 0)"
        f" AS cycle_days FROM {CLOSED_DEALS}"
        " WHERE o.closed_on BETWEEN ? AND ? AND o.status IN ('won', 'lost')"
        " AND o.owner_id IS NOT NULL GROUP BY o.owner_id",
        window,
    )
    return {int(row["owner_id"]): row for row in rows}


def _cycles_by_owner(session: Session, window: tuple[str, str]) -> dict[int, dict[int, int]]:
    """Per owner, how many deals won in the window took each number of days from opening
    to closing (for the median cycle)."""
    found: dict[int, dict[int, int]] = defaultdict(dict)
    for owner_id, days, count in session.db.tuples(
        f"SELECT o.owner_id, {CYCLE_DAYS}, count(*) FROM {CLOSED_DEALS}"
        " WHERE o.closed_on BETWEEN ? AND ? AND o.status = 'won' AND o.owner_id IS NOT NULL"
        " GROUP BY 1, 2",
        window,
    ):
        found[int(owner_id)][int(days)] = int(count)
    return found


def _won_credit(
    session: Session, window: tuple[str, str], closed: dict[int, Any]
) -> dict[int, int]:
    """Each rep's credit for deals won in the window, in minor units x basis points (exact):
    the owner's won amount less what the co-owners' splits take, plus the rep's splits of
    others' deals. The splits are summed per split value in SQL (a few groups), and
    multiplied here, where integers cannot overflow."""
    credit: dict[int, int] = defaultdict(int)
    for owner_id, row in closed.items():
        credit[owner_id] += wide_total(row, "won_amount") * BASIS_POINTS
    shares = session.db.rows(
        "SELECT s.rep_id AS rep_id, o.owner_id AS owner_id, s.split AS split,"
        f" {wide_sum('o.amount', 'amount')} FROM {CLOSED_DEALS}"
        " JOIN opportunity_share s ON s.opportunity_id = o.id"
        " WHERE o.closed_on BETWEEN ? AND ? AND o.status = 'won' AND o.amount IS NOT NULL"
        " AND o.owner_id IS NOT NULL GROUP BY s.rep_id, o.owner_id, s.split",
        window,
    )
    for share in shares:
        given = wide_total(share, "amount") * int(share["split"])
        credit[int(share["rep_id"])] += given
        credit[int(share["owner_id"])] -= given
    return credit


def _losses_by_stage(session: Session, window: tuple[str, str]) -> dict[int, dict[int, int]]:
    """Per owner, how many of the deals lost in the window were lost from each stage: the
    stage their 'lose' move of the closing day left. A deal an import brought in lost has
    an 'import' move instead (where it was lost from is unknown): it is left out."""
    rows = session.db.rows(
        "SELECT o.owner_id AS owner_id, h.from_stage_id AS stage_id,"
        f" COUNT(DISTINCT o.id) AS deals FROM {CLOSED_DEALS}"
        " JOIN stage_change h ON h.opportunity_id = o.id AND h.on_date = o.closed_on"
        " WHERE o.closed_on BETWEEN ? AND ? AND o.status = 'lost' AND h.move = 'lose'"
        " AND o.owner_id IS NOT NULL AND h.from_stage_id IS NOT NULL"
        " GROUP BY o.owner_id, h.from_stage_id",
        window,
    )
    found: dict[int, dict[int, int]] = defaultdict(dict)
    for row in rows:
        found[int(row["owner_id"])][int(row["stage_id"])] = int(row["deals"])
    return found


def _quota_in_window(session: Session, start: date, end: date) -> dict[int, Decimal]:
    """Each rep's quota for the window, in minor units (unrounded): every month's quota in
    proportion to its days inside the window, so a window that starts or ends inside a
    month (the default 365 days; the current month, to date) weighs it by what it
    covers."""
    rows = session.db.rows(
        "SELECT rep_id, month, amount FROM quota WHERE month BETWEEN ? AND ?",
        (start.isoformat()[:7], end.isoformat()[:7]),
    )
    quotas: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        first = date.fromisoformat(f"{row['month']}-01")
        last = _next_month(first) - timedelta(days=1)
        inside = (min(last, end) - max(first, start)).days + 1
        if inside > 0:
            days = (last - first).days + 1
            quotas[int(row["rep_id"])] += Decimal(int(row["amount"]) * inside) / days
    return quotas


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _amount(minor: Decimal | int) -> Decimal:
    """Minor units (exact or fractional) as an amount, to the cent."""
    return from_minor(int(Decimal(minor).to_integral_value(rounding=ROUND_HALF_UP)))


def _lost_at(
    losses: dict[int, int], stages: dict[int, tuple[str, str, int]]
) -> tuple[str | None, int]:
    """The stage most deals were lost from (on a tie, the earliest in the funnel)."""
    if not losses:
        return None, 0
    stage_id = max(losses, key=lambda sid: (losses[sid], -stages[sid][2], -sid))
    return stages[stage_id][0], losses[stage_id]


def _rep_figures(
    rep: Any,
    closed: Any,
    cycles: dict[int, int],
    credit: dict[int, int],
    losses: dict[int, int],
    quotas: dict[int, Decimal],
    stages: dict[int, tuple[str, str, int]],
) -> RepFigures:
    rep_id = int(rep["id"])
    won = int(closed["won"]) if closed is not None else 0
    lost = int(closed["lost"]) if closed is not None else 0
    sized = int(closed["sized"]) if closed is not None else 0
    earned = Decimal(credit.get(rep_id, 0)) / BASIS_POINTS
    quota = quotas.get(rep_id)
    lost_at, lost_at_deals = _lost_at(losses, stages)
    return RepFigures(
        rep=str(rep["handle"]),
        name=str(rep["name"]),
        active=bool(rep["active"]),
        won=won,
        lost=lost,
        win_rate=rate(won, won + lost),
        won_amount=_amount(earned),
        avg_deal=_amount(Decimal(wide_total(closed, "won_amount")) / sized) if sized else None,
        avg_cycle_days=average(closed["cycle_days"], won) if won else None,
        median_cycle_days=one_decimal(median(cycles)),
        lost_at=lost_at,
        lost_at_deals=lost_at_deals,
        quota=None if quota is None else _amount(quota),
        attainment=None if quota is None else rate(earned, quota),
    )


def _per_rep(total: Decimal | int, reps: int) -> Decimal | None:
    if not reps:
        return None
    return (Decimal(total) / reps).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _team(
    figures: list[RepFigures],
    closed: list[Any],
    cycles: dict[int, int],
    credit: list[int],
    losses: list[dict[int, int]],
    quotas: dict[int, tuple[Decimal, int]],
    stages: dict[int, tuple[str, str, int]],
) -> tuple[TeamFigures, TeamTotals]:
    """The team is the reps in the report; its rates pool all their deals, its
    attainment the credit and quota of the reps who have a quota."""
    reps = len(figures)
    won = sum(row.won for row in figures)
    lost = sum(row.lost for row in figures)
    sized = sum(int(row["sized"]) for row in closed)
    whole = sum(wide_total(row, "won_amount") for row in closed)
    cycle = sum(int(row["cycle_days"]) for row in closed)
    earned = Decimal(sum(credit)) / BASIS_POINTS
    quota = sum((owed for owed, _ in quotas.values()), Decimal(0))
    quota_earned = Decimal(sum(credited for _, credited in quotas.values())) / BASIS_POINTS
    by_stage: dict[int, int] = defaultdict(int)
    for per_stage in losses:
        for stage_id, deals in per_stage.items():
            by_stage[stage_id] += deals
    lost_at, lost_at_deals = _lost_at(by_stage, stages)
    team = TeamFigures(
        reps=reps,
        won=_per_rep(won, reps),
        lost=_per_rep(lost, reps),
        win_rate=rate(won, won + lost),
        won_amount=_amount(earned / reps) if reps else None,
        avg_deal=_amount(Decimal(whole) / sized) if sized else None,
        avg_cycle_days=average(cycle, won) if won else None,
        median_cycle_days=one_decimal(median(cycles)),
        lost_at=lost_at,
        lost_at_deals=lost_at_deals,
        quota=_amount(quota / len(quotas)) if quotas else None,
        attainment=rate(quota_earned, quota) if quotas else None,
    )
    total = TeamTotals(
        won=won,
        lost=lost,
        won_amount=_amount(earned),
        quota=_amount(quota) if quotas else None,
    )
    return team, total


# --- report activity -----------------------------------------------------------------------


def activity_report(
    session: Session,
    *,
    week: bool = False,
    month: bool = False,
    owner: str | None = None,
    everyone: bool = False,
) -> ActivityReport:
    """The work report of the current week (Monday to today, the default) or month (the
    1st to today): the acting rep's, ``owner``'s, or every rep's (``everyone``)."""
    if week and month:
        raise UsageProblem("--week and --month cannot be used together")
    owner_id = owner_scope(session, owner=owner, everyone=everyone)
    today = session.today
    if month:
        period, start = "month", today.replace(day=1)
        ahead = _next_month(_next_month(start)) - timedelta(days=1)
    else:
        period, start = "week", today - timedelta(days=today.weekday())
        ahead = start + timedelta(days=13)
    tomorrow = today + timedelta(days=1)
    window = (start.isoformat(), today.isoformat())
    work = _Work(owner_id)
    work.add_activities(session, "done", "done_on", window)
    work.add_activities(session, "planned", "planned_on", (tomorrow.isoformat(), ahead.isoformat()))
    work.add_moves(session, "advanced", f"{ANY_STAGE} AND h.move = 'advance'", window)
    work.add_moves(session, "opened", "h.from_stage_id IS NULL AND h.move = 'open'", window)
    work.add_closed(session, window)
    work.add_conversions(session, start, today)
    if owner_id is None:
        reps = [rep for rep in _reps(session) if rep["selling"] or int(rep["id"]) in work.reps]
    else:
        reps = session.db.rows("SELECT id, handle, name FROM rep WHERE id = ?", (owner_id,))
    rows = [work.of(int(rep["id"]), str(rep["handle"]), str(rep["name"])) for rep in reps]
    return ActivityReport(
        period=period,
        since=start,
        until=today,
        planned_from=tomorrow,
        planned_until=ahead,
        owner=None if owner_id is None else str(reps[0]["handle"]),
        reps=rows,
        total=_total(rows),
    )


class _Work:
    """The counts found for each rep, figure by figure; each ``add_*`` is one grouped
    query, limited to one owner when the report is one rep's."""

    def __init__(self, owner_id: int | None) -> None:
        self.owner_id = owner_id
        self.counts: dict[str, dict[int, int]] = defaultdict(dict)
        self.by_type: dict[str, dict[int, dict[str, int]]] = defaultdict(dict)
        self.reps: set[int] = set()

    def _owned(self, column: str, params: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
        if self.owner_id is None:
            return f" AND {column} IS NOT NULL", params
        return f" AND {column} = ?", (*params, self.owner_id)

    def _count(self, figure: str, rows: list[Any]) -> None:
        for row in rows:
            rep_id = int(row["owner_id"])
            self.counts[figure][rep_id] = int(row["n"])
            self.reps.add(rep_id)

    def add_activities(
        self, session: Session, status: str, column: str, window: tuple[str, str]
    ) -> None:
        """Activities by owner and type with ``status`` whose ``column`` (a date) is in
        the window."""
        owned, params = self._owned("owner_id", window)
        # Planned ones come from ix_activity_planned (owner, day). Done ones have no index
        # of their day: the table is read through; with ANALYZE statistics SQLite would
        # rather skip-scan ix_activity_account (account, status, done_on), measured twice
        # as slow. (An index on done_on would make it a range: drop NOT INDEXED then.)
        table = "activity" if status == "planned" else "activity NOT INDEXED"
        rows = session.db.rows(
            f"SELECT owner_id, type, COUNT(*) AS n FROM {table}"
            f" WHERE status = '{status}' AND {column} BETWEEN ? AND ?{owned}"
            " GROUP BY owner_id, type",
            params,
        )
        found = self.by_type[status]
        for row in rows:
            rep_id = int(row["owner_id"])
            found.setdefault(rep_id, {})[str(row["type"])] = int(row["n"])
            self.reps.add(rep_id)

    def add_moves(self, session: Session, figure: str, which: str, window: tuple[str, str]) -> None:
        """Deals (each once) with a move of the kind ``which`` says in the window, by
        the deal's owner."""
        owned, params = self._owned("o.owner_id", window)
        self._count(
            figure,
            # The deals are gathered (each once, in id order) before their owners are
            # read: measured at 1,000,000 deals, a month's advances in 145 ms instead of
            # 270 ms for a join that looks a deal up for every move.
            session.db.rows(
                "SELECT o.owner_id AS owner_id, COUNT(*) AS n FROM opportunity o"
                " WHERE o.id IN (SELECT h.opportunity_id FROM stage_change h"
                f" WHERE {which} AND h.on_date BETWEEN ? AND ?){owned} GROUP BY o.owner_id",
                params,
            ),
        )

    def add_closed(self, session: Session, window: tuple[str, str]) -> None:
        owned, params = self._owned("o.owner_id", window)
        for status, figure in (("won", "won"), ("lost", "lost")):
            self._count(
                figure,
                session.db.rows(
                    f"SELECT o.owner_id AS owner_id, COUNT(*) AS n FROM {CLOSED_DEALS}"
                    f" WHERE o.closed_on BETWEEN ? AND ? AND o.status = '{status}'{owned}"
                    " GROUP BY o.owner_id",
                    params,
                ),
            )

    def add_conversions(self, session: Session, start: date, end: date) -> None:
        """Leads converted in the period, by the lead's owner, as their history records
        it: the 'convert' event, stamped in UTC, between the period's first local
        midnight and the one after it."""
        midnight = time(0, 0)
        bounds = (
            dates.stamp(start, midnight),
            dates.stamp(end + timedelta(days=1), midnight),
        )
        owned, params = self._owned("l.owner_id", bounds)
        self._count(
            "leads_converted",
            session.db.rows(
                "SELECT l.owner_id AS owner_id, COUNT(*) AS n FROM lead l"
                " WHERE l.status = 'converted' AND EXISTS (SELECT 1"
                f" FROM {db.index_hint('event e', 'ix_event_entity')}"
                " WHERE e.entity = 'lead' AND e.entity_id = l.id AND e.action = 'convert'"
                f" AND e.at >= ? AND e.at < ?){owned} GROUP BY l.owner_id",
                params,
            ),
        )

    def of(self, rep_id: int, handle: str | None, name: str | None) -> RepActivity:
        done = self.by_type["done"].get(rep_id, {})
        planned = self.by_type["planned"].get(rep_id, {})
        return RepActivity(
            rep=handle,
            name=name,
            done={kind: done.get(kind, 0) for kind in ACTIVITY_TYPES},
            done_total=sum(done.values()),
            advanced=self.counts["advanced"].get(rep_id, 0),
            won=self.counts["won"].get(rep_id, 0),
            lost=self.counts["lost"].get(rep_id, 0),
            leads_converted=self.counts["leads_converted"].get(rep_id, 0),
            opened=self.counts["opened"].get(rep_id, 0),
            planned={kind: planned.get(kind, 0) for kind in ACTIVITY_TYPES},
            planned_total=sum(planned.values()),
        )


def _total(rows: list[RepActivity]) -> RepActivity:
    return RepActivity(
        rep=None,
        name=None,
        done={kind: sum(row.done[kind] for row in rows) for kind in ACTIVITY_TYPES},
        done_total=sum(row.done_total for row in rows),
        advanced=sum(row.advanced for row in rows),
        won=sum(row.won for row in rows),
        lost=sum(row.lost for row in rows),
        leads_converted=sum(row.leads_converted for row in rows),
        opened=sum(row.opened for row in rows),
        planned={kind: sum(row.planned[kind] for row in rows) for kind in ACTIVITY_TYPES},
        planned_total=sum(row.planned_total for row in rows),
    )
