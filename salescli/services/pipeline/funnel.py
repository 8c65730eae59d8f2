"""Funnel analytics: where the open deals stand, how deals have moved, and why they closed.

Everything here is a handful of SQL aggregates over covering indexes (the funnel runs
over a million deals in well under a second); no query loads deals one by one.

- Open totals per stage come from ``ix_opportunity_funnel`` (status, stage, owner,
  amount, probability).
- Observed conversion and days in stage come from the deals' history, ``stage_change``,
  through ``ix_stage_change_flow`` (from stage, date, move, days).
- Deals closed in the window come from ``ix_opportunity_closed`` (closed_on, status,
  owner); only the rows whose amount or dates are summed are read from the table.

Archived deals are history: they count in the moves and the closed figures (they are
never open).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from salescli import db
from salescli.errors import InvalidValue, UsageProblem
from salescli.models.enums import StageKind
from salescli.models.frozen import record
from salescli.models.records import Stage
from salescli.money import from_minor, to_minor
from salescli.services.core.reps import owner_scope
from salescli.services.core.session import Session
from salescli.services.core.stats import median, rate
from salescli.services.core.sums import wide_sum, wide_total
from salescli.services.pipeline.stages import list_stages

WINDOW_DAYS = 365
GROUPINGS = ("owner", "reason", "competitor", "source")
ONE_DECIMAL = Decimal("0.1")
# Rates are kept to four decimals of a percent (JSON carries them so); screens round them.
CENTS = Decimal("0.01")
# Amount (minor units) times probability (basis points) over this is an amount in units.
MINOR_BASIS_POINTS = 100 * 10000
# Deals closed in a window. Without ANALYZE statistics (a book normally has none) SQLite
# prefers ix_opportunity_funnel for a status term to the closed_on range: measured at
# 1,000,000 deals, 1.05 s instead of 0.04 s. The index is named so the plan cannot drift.
CLOSED_DEALS = db.index_hint("opportunity o", "ix_opportunity_closed")
WON_AMOUNT = "CASE WHEN o.status = 'won' THEN o.amount END"
LOST_AMOUNT = "CASE WHEN o.status = 'lost' THEN o.amount END"
# Groups in order of their amounts: total() adds as REAL, which never overflows and is
# exact enough to rank.
BY_AMOUNT = "total(o.amount) DESC"


@record
class FunnelStage:
    """One open stage: the deals in it now, and how deals left it during the window.

    ``deals``, ``amount`` and ``weighted`` count open deals (suspended ones are counted
    in ``suspended`` only). ``weighted`` is each amount times the deal's probability
    override or else the stage's ``probability``. ``conversion`` is the configured rate
    to the next stage; ``observed`` is ``advanced`` / (``advanced`` + ``lost``) over the
    moves out of this stage in the window, where ``advanced`` counts moves to a later
    open stage or to won (moves back count in neither). ``avg_days`` is the average time
    spent in the stage by every deal that left it in the window; ``expected_days`` the
    configured duration. Percentages are percent (50 = 50 %).
    """

    key: str
    name: str
    deals: int
    suspended: int
    amount: Decimal
    weighted: Decimal
    probability: Decimal | None
    conversion: Decimal | None
    observed: Decimal | None
    advanced: int
    lost: int
    left: int
    avg_days: Decimal | None
    expected_days: int | None


@record
class Funnel:
    """The funnel from ``since`` to ``until`` (both included) for ``owner`` (a handle;
    None for everyone): open stages in funnel order with their totals, then the deals
    closed in the window: ``win_rate`` is won / (won + lost) in percent,
    ``avg_cycle_days`` and ``median_cycle_days`` the average and median days from opening
    to winning of the won deals."""

    since: date
    until: date
    owner: str | None
    stages: list[FunnelStage]
    deals: int
    suspended: int
    amount: Decimal
    weighted: Decimal
    won: int
    lost: int
    won_amount: Decimal
    win_rate: Decimal | None
    avg_cycle_days: Decimal | None
    median_cycle_days: Decimal | None


@record
class WinLossGroup:
    """Closed deals sharing an owner, source, competitor or loss reason (``key``; None
    when the deals have none). Grouped by reason, only lost deals are counted."""

    key: str | None
    won: int
    lost: int
    won_amount: Decimal
    lost_amount: Decimal
    win_rate: Decimal | None


@record
class LossReasonCount:
    """How many deals were lost for ``reason``, and their ``share`` of all losses (%)."""

    reason: str | None
    deals: int
    amount: Decimal
    share: Decimal


@record
class CompetitorWins:
    """A competitor named on lost deals: how many, and how much, went to them."""

    competitor: str
    deals: int
    amount: Decimal


@record
class WinLoss:
    """Deals closed from ``since`` to ``until`` (both included) for ``owner`` (None for
    everyone): totals, the groups asked for with ``by``, loss reasons and the competitors
    who beat us, most frequent first. ``avg_won_amount`` and ``median_won_amount`` are
    the average and median amount of the won deals that have one."""

    since: date
    until: date
    owner: str | None
    by: str | None
    won: int
    lost: int
    won_amount: Decimal
    lost_amount: Decimal
    win_rate: Decimal | None
    avg_won_amount: Decimal | None
    median_won_amount: Decimal | None
    groups: list[WinLossGroup]
    loss_reasons: list[LossReasonCount]
    competitors: list[CompetitorWins]


def funnel_report(
    session: Session,
    *,
    owner: str | None = None,
    everyone: bool = False,
    since: date | None = None,
) -> Funnel:
    """The funnel now, with what moved and what closed since ``since`` (default: the last
    365 days): one rep's deals (the acting one by default), or everyone's."""
    owner_id = owner_scope(session, owner=owner, everyone=everyone)
    start = window_start(session, since)
    stages = list_stages(session)
    open_ones = [stage for stage in stages if stage.kind == StageKind.OPEN]
    totals = _open_totals(session, owner_id)
    flows = _flows(session, stages, start, owner_id)
    rows = [_funnel_stage(stage, totals, flows.get(stage.id)) for stage in open_ones]
    closed = _closed_figures(session, start, owner_id)
    won, lost = int(closed["won"]), int(closed["lost"])
    return Funnel(
        since=start,
        until=session.today,
        owner=_handle(session, owner_id),
        stages=rows,
        deals=sum(row.deals for row in rows),
        suspended=sum(row.suspended for row in rows),
        amount=sum((row.amount for row in rows), Decimal("0.00")),
        weighted=sum((row.weighted for row in rows), Decimal("0.00")),
        won=won,
        lost=lost,
        won_amount=from_minor(wide_total(closed, "won_amount")),
        win_rate=rate(won, won + lost),
        avg_cycle_days=average(closed["cycle_days"], won),
        median_cycle_days=one_decimal(median(_won_histogram(session, CYCLE_DAYS, start, owner_id))),
    )


def winloss_report(
    session: Session,
    *,
    since: date | None = None,
    by: str | None = None,
    owner: str | None = None,
    everyone: bool = False,
) -> WinLoss:
    """Deals won and lost since ``since`` (default: the last 365 days), grouped ``by``
    owner, reason, competitor or source if asked, with losses ranked by reason and by
    competitor."""
    grouping = _grouping(by)
    owner_id = owner_scope(session, owner=owner, everyone=everyone)
    start = window_start(session, since)
    where, params = _closed_where(session, start, owner_id)
    total = _closed_groups(session, "NULL", where, params, group=None)[0]
    amounts = _won_histogram(session, "o.amount", start, owner_id)
    sized = sum(amounts.values())
    return WinLoss(
        since=start,
        until=session.today,
        owner=_handle(session, owner_id),
        by=grouping,
        won=total.won,
        lost=total.lost,
        won_amount=total.won_amount,
        lost_amount=total.lost_amount,
        win_rate=total.win_rate,
        avg_won_amount=(
            _cents(Decimal(sum(value * count for value, count in amounts.items())) / sized)
            if sized
            else None
        ),
        median_won_amount=_cents(found) if (found := median(amounts)) is not None else None,
        groups=_groups(session, grouping, where, params),
        loss_reasons=_loss_reasons(session, where, params, total.lost),
        competitors=_competitors(session, where, params),
    )


def window_start(session: Session, since: date | None) -> date:
    start = since if since is not None else session.today - timedelta(days=WINDOW_DAYS)
    if start > session.today:
        raise InvalidValue(
            f"--since {start.isoformat()} is after today ({session.today.isoformat()})"
        )
    return start


def _handle(session: Session, owner_id: int | None) -> str | None:
    if owner_id is None:
        return None
    return str(session.db.scalar("SELECT handle FROM rep WHERE id = ?", (owner_id,)))


def average(total: Any, count: int) -> Decimal | None:
    if not count or total is None:
        return None
    return (Decimal(str(total)) / Decimal(count)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _open_totals(session: Session, owner_id: int | None) -> dict[tuple[str, int], Any]:
    """Open and suspended deals by status and stage: count, amount, the amount of deals
    without a probability of their own, and the sum of amount x own probability."""
    where = "status IN ('open', 'suspended')"
    params: list[Any] = []
    if owner_id is not None:
        where += " AND owner_id = ?"
        params.append(owner_id)
    rows = session.db.rows(
        f"SELECT status, stage_id, count(*) AS deals, {wide_sum('amount', 'amount')},"
        f" {wide_sum('CASE WHEN probability IS NULL THEN amount END', 'at_stage_odds')},"
        f" {wide_sum('amount', 'own_odds_weighted', times='probability')}"
        f" FROM opportunity WHERE {where} GROUP BY status, stage_id",
        params,
    )
    return {(str(row["status"]), int(row["stage_id"])): row for row in rows}


def _flows(
    session: Session, stages: Sequence[Stage], start: date, owner_id: int | None
) -> dict[int, Any]:
    """Moves out of each open stage in the window: forward (advanced or won), to lost,
    and the days spent in the stage by every deal that left it.

    Each move says what it was when it was made (``stage_change.move``), so reordering or
    removing stages later does not rewrite the past; moves an import inferred (where a
    closed deal was won or lost from is unknown) are left out. Grouped by the from-stage
    only, in the index's order, so SQLite aggregates as it reads the index."""
    open_ids = [stage.id for stage in stages if stage.kind == StageKind.OPEN]
    if not open_ids:
        return {}
    marks = ", ".join("?" for _ in open_ids)
    select = (
        "SELECT h.from_stage_id AS stage_id,"
        " COALESCE(SUM(h.move IN ('advance', 'win')), 0) AS advanced,"
        " COALESCE(SUM(h.move = 'lose'), 0) AS lost,"
        " SUM(CASE WHEN h.move != 'import' THEN h.days END) AS days,"
        " COUNT(CASE WHEN h.move != 'import' THEN h.days END) AS moves"
    )
    params: list[Any] = []
    where = f"h.from_stage_id IN ({marks}) AND h.on_date BETWEEN ? AND ?"
    window = [*open_ids, start.isoformat(), session.today.isoformat()]
    if owner_id is None:
        sql = f"{select} FROM stage_change h WHERE {where} GROUP BY h.from_stage_id"
        params += window
    else:
        # One rep's moves: from that rep's deals to their history in the window (measured
        # at 1,000,000 deals and 2.8M moves: 0.18 s; the other way round, every move in
        # the window looks its deal up, 1.2 s). Joined in that order.
        sql = (
            f"{select} FROM opportunity o {db.JOINED_IN_ORDER} stage_change h"
            f" WHERE o.owner_id = ? AND h.opportunity_id = o.id AND {where}"
            " GROUP BY h.from_stage_id"
        )
        params += [owner_id, *window]
    return {int(row["stage_id"]): row for row in session.db.rows(sql, params)}


def _funnel_stage(stage: Stage, totals: dict[tuple[str, int], Any], flow: Any) -> FunnelStage:
    live = totals.get(("open", stage.id))
    paused = totals.get(("suspended", stage.id))
    odds = to_minor(stage.probability) if stage.probability is not None else 0
    weighted = 0
    if live is not None:
        weighted = wide_total(live, "at_stage_odds") * odds + wide_total(live, "own_odds_weighted")
    advanced = int(flow["advanced"]) if flow is not None else 0
    lost = int(flow["lost"]) if flow is not None else 0
    return FunnelStage(
        key=stage.key,
        name=stage.name,
        deals=int(live["deals"]) if live is not None else 0,
        suspended=int(paused["deals"]) if paused is not None else 0,
        amount=from_minor(wide_total(live, "amount")) if live is not None else Decimal("0.00"),
        weighted=(Decimal(weighted) / MINOR_BASIS_POINTS).quantize(CENTS, rounding=ROUND_HALF_UP),
        probability=stage.probability,
        conversion=stage.conversion,
        observed=rate(advanced, advanced + lost),
        advanced=advanced,
        lost=lost,
        left=advanced + lost,
        avg_days=average(flow["days"], int(flow["moves"])) if flow is not None else None,
        expected_days=stage.days,
    )


def _closed_figures(session: Session, start: date, owner_id: int | None) -> Any:
    """Won and lost counts in the window, the won amount and the won deals' total days
    from opening to closing. The amount and dates are read only for won deals."""
    where, params = _closed_where(session, start, owner_id)
    return session.db.row(
        "SELECT COUNT(CASE WHEN o.status = 'won' THEN 1 END) AS won,"
        " COUNT(CASE WHEN o.status = 'lost' THEN 1 END) AS lost,"
        f" {wide_sum(WON_AMOUNT, 'won_amount')},"
        " SUM(CASE WHEN o.status = 'won'"
        f" THEN {db.days_between('o.closed_on', 'o.opened_on')} END)"
        f" AS cycle_days FROM {CLOSED_DEALS} WHERE {where}",
        params,
    )


# A won deal's sales cycle: days from opening to closing.
CYCLE_DAYS = db.days_between("o.closed_on", "o.opened_on")


def _won_histogram(
    session: Session, value: str, start: date, owner_id: int | None
) -> dict[int, int]:
    """How many deals won in the window have each ``value`` (SQL over a deal ``o``;
    deals without one are left out), for an exact median."""
    where, params = _closed_where(session, start, owner_id)
    return {
        int(found): int(count)
        for found, count in session.db.tuples(
            f"SELECT {value}, count(*) FROM {CLOSED_DEALS} WHERE {where}"
            f" AND o.status = 'won' AND {value} IS NOT NULL GROUP BY 1",
            params,
        )
    }


def _cents(minor: Decimal) -> Decimal:
    """Minor units (possibly fractional) as an amount, rounded half-up to the cent."""
    return from_minor(int(minor.to_integral_value(rounding=ROUND_HALF_UP)))


def one_decimal(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _closed_where(session: Session, start: date, owner_id: int | None) -> tuple[str, list[Any]]:
    where = "o.closed_on BETWEEN ? AND ? AND o.status IN ('won', 'lost')"
    params: list[Any] = [start.isoformat(), session.today.isoformat()]
    if owner_id is not None:
        where += " AND o.owner_id = ?"
        params.append(owner_id)
    return where, params


def _grouping(by: str | None) -> str | None:
    if by is None:
        return None
    wanted = by.strip().lower()
    if wanted not in GROUPINGS:
        raise UsageProblem(
            f"cannot group closed deals by '{by}'", hint=f"choose one of: {', '.join(GROUPINGS)}"
        )
    return wanted


def _closed_groups(
    session: Session,
    key: str,
    where: str,
    params: list[Any],
    *,
    join: str = "",
    group: str | None = "1",
) -> list[WinLossGroup]:
    """Won and lost deals by ``key`` (an SQL expression) grouped by ``group``, most deals
    first; with no ``group``, one line for all of them."""
    grouped = f" GROUP BY {group} ORDER BY COUNT(*) DESC, key IS NULL, key" if group else ""
    rows = session.db.rows(
        f"SELECT {key} AS key,"
        " COUNT(CASE WHEN o.status = 'won' THEN 1 END) AS won,"
        " COUNT(CASE WHEN o.status = 'lost' THEN 1 END) AS lost,"
        f" {wide_sum(WON_AMOUNT, 'won_amount')},"
        f" {wide_sum(LOST_AMOUNT, 'lost_amount')}"
        f" FROM {CLOSED_DEALS}{join} WHERE {where}{grouped}",
        params,
    )
    return [
        WinLossGroup(
            key=None if row["key"] is None else str(row["key"]),
            won=int(row["won"]),
            lost=int(row["lost"]),
            won_amount=from_minor(wide_total(row, "won_amount")),
            lost_amount=from_minor(wide_total(row, "lost_amount")),
            win_rate=rate(int(row["won"]), int(row["won"]) + int(row["lost"])),
        )
        for row in rows
    ]


def _groups(
    session: Session, grouping: str | None, where: str, params: list[Any]
) -> list[WinLossGroup]:
    if grouping is None:
        return []
    if grouping == "owner":
        join = " LEFT JOIN rep r ON r.id = o.owner_id"
        return _closed_groups(session, "r.handle", where, params, join=join)
    if grouping == "reason":
        # Only a lost deal has a loss reason, so only losses are grouped (and a group has
        # no win rate).
        lost_where = f"{where} AND o.status = 'lost'"
        return [
            replace(group, win_rate=None)
            for group in _closed_groups(session, "o.loss_reason", lost_where, params)
        ]
    if grouping == "competitor":
        # The same competitor is often typed in different cases: they count as one.
        return _closed_groups(
            session, "MIN(o.competitor)", where, params, group="o.competitor COLLATE NOCASE"
        )
    return _closed_groups(session, "o.source", where, params)


def _loss_reasons(
    session: Session, where: str, params: list[Any], lost: int
) -> list[LossReasonCount]:
    rows = session.db.rows(
        f"SELECT o.loss_reason AS reason, COUNT(*) AS deals, {wide_sum('o.amount', 'amount')}"
        f" FROM {CLOSED_DEALS} WHERE {where} AND o.status = 'lost' GROUP BY o.loss_reason"
        f" ORDER BY deals DESC, {BY_AMOUNT}, reason IS NULL, reason",
        params,
    )
    return [
        LossReasonCount(
            reason=None if row["reason"] is None else str(row["reason"]),
            deals=int(row["deals"]),
            amount=from_minor(wide_total(row, "amount")),
            share=rate(int(row["deals"]), lost) or Decimal(0),
        )
        for row in rows
    ]


def _competitors(session: Session, where: str, params: list[Any]) -> list[CompetitorWins]:
    rows = session.db.rows(
        "SELECT MIN(o.competitor) AS competitor, COUNT(*) AS deals,"
        f" {wide_sum('o.amount', 'amount')}"
        f" FROM {CLOSED_DEALS} WHERE {where} AND o.status = 'lost'"
        " AND o.competitor IS NOT NULL AND o.competitor != ''"
        " GROUP BY o.competitor COLLATE NOCASE"
        f" ORDER BY deals DESC, {BY_AMOUNT}, competitor COLLATE NOCASE",
        params,
    )
    return [
        CompetitorWins(
            competitor=str(row["competitor"]),
            deals=int(row["deals"]),
            amount=from_minor(wide_total(row, "amount")),
        )
        for row in rows
    ]
