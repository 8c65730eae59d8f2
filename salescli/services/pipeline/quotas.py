"""Quotas: each rep's target per month, and how much of it has been won.

A quota is stored per rep and month (``quota.month`` is 'YYYY-MM', the amount in minor
units). A quarter's or a year's quota is spread over its months when it is set: evenly,
the cents that do not divide going to the last month so the months add up to exactly the
amount given, or by ``--weights`` (percent shares of the period, one per month, adding up
to 100). Only a manager sets or clears quotas: a quota is what the company expects of a
rep, not what a rep promises.

Attainment counts a co-owned deal by share: the owner is credited with 100 % less the
co-owners' splits, each co-owner with their split (so a team's figures count each deal
once). Amounts are summed in SQL as amount x split in basis points, so nothing is rounded
before the total; a rep's figure is rounded to the cent at the end, which can leave the
reps' rounded figures a cent away from the team's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from salescli import db
from salescli.dates import (
    Period,
    month_keys,
    parse_period,
    period_containing,
    year_before,
)
from salescli.errors import InvalidValue, NotFound
from salescli.models.frozen import record
from salescli.money import from_minor, to_minor
from salescli.services.core.events import record_event
from salescli.services.core.permissions import require_manager
from salescli.services.core.reps import get_rep, owner_scope
from salescli.services.core.session import Session, writes
from salescli.services.core.stats import rate
from salescli.services.core.sums import wide_sum, wide_total
from salescli.services.pipeline.funnel import CLOSED_DEALS

FULL_SHARE = 10000  # a whole deal, in basis points
CENTS = Decimal("0.01")
ONE_DECIMAL = Decimal("0.1")
HUNDRED = Decimal(100)
# Credited amounts are minor units x basis points of share; credited weighted amounts are
# that times basis points of probability. These turn them back into amounts.
CREDITED = 100 * FULL_SHARE
CREDITED_WEIGHTED = 100 * FULL_SHARE * FULL_SHARE
# Open deals of the forecast (status open, not archived), by close date: the partial index
# holds every column a forecast reads, so the table itself is never visited.
OPEN_DEALS = db.index_hint("opportunity o", "ix_opportunity_forecast")
# The same deals by stage and the day they entered it, for the flow.
FLOW_DEALS = db.index_hint("opportunity o", "ix_opportunity_flow")
OPEN_WHERE = "o.status = 'open' AND o.archived_at IS NULL"
# One rep's open deals: the partial index of live deals by owner, its condition spelled
# out so SQLite uses it.
LIVE_DEALS = db.index_hint("opportunity o", "ix_opportunity_owner_live")
LIVE_WHERE = "o.status IN ('open', 'suspended') AND o.archived_at IS NULL AND o.status = 'open'"


def parse_weights(text: str) -> list[Decimal]:
    """Percent shares such as '30,30,40' (or '30 30 40', '30%,30%,40%')."""
    parts = [part for part in re.split(r"[,;\s]+", text.strip()) if part]
    if not parts:
        raise InvalidValue("--weights is empty", hint="give one share per month, e.g. 30,30,40")
    weights = []
    for part in parts:
        try:
            weight = Decimal(part.removesuffix("%"))
        except InvalidOperation:
            raise InvalidValue(
                f"--weights: '{part}' is not a percentage", hint="e.g. --weights 30,30,40"
            ) from None
        if not weight.is_finite() or weight < 0:
            raise InvalidValue(f"--weights: a share cannot be {part}")
        weights.append(weight)
    return weights


def spread(total: int, months: int, weights: Sequence[Decimal] | None = None) -> list[int]:
    """``total`` minor units over ``months`` months: evenly, or by percent ``weights``.
    Each month but the last gets its share rounded down to the cent; the last gets what
    is left, so the months add up to ``total`` exactly."""
    if weights is None:
        base = total // months
        return [base] * (months - 1) + [total - base * (months - 1)]
    if len(weights) != months:
        raise InvalidValue(
            f"--weights gives {len(weights)} share{'s' if len(weights) != 1 else ''} for"
            f" {months} month{'s' if months != 1 else ''}",
            hint="give one share per month of the period, in order",
        )
    if sum(weights, Decimal(0)) != HUNDRED:
        raise InvalidValue(
            f"--weights add up to {sum(weights, Decimal(0)).normalize():f} %, not 100 %"
        )
    parts = [
        int((Decimal(total) * weight / HUNDRED).to_integral_value(rounding=ROUND_DOWN))
        for weight in weights[:-1]
    ]
    return [*parts, total - sum(parts)]


# ---- setting quotas -------------------------------------------------------------------


@record
class QuotaMonth:
    """A month's quota after a change (``amount``; None when cleared) and before it."""

    month: str
    amount: Decimal | None
    previous: Decimal | None


@record
class QuotaChange:
    """What ``forecast quota set`` or ``clear`` did: the rep, the period, its new total
    (None when cleared) and each month."""

    rep: str
    period: str
    total: Decimal | None
    months: list[QuotaMonth]


def _months_of(session: Session, rep_id: int, months: list[str]) -> dict[str, int]:
    rows = session.db.rows(
        "SELECT month, amount FROM quota WHERE rep_id = ? AND month BETWEEN ? AND ?",
        (rep_id, months[0], months[-1]),
    )
    return {str(row["month"]): int(row["amount"]) for row in rows}


@writes
def set_quota(
    session: Session,
    *,
    rep: str,
    period: str,
    amount: Decimal,
    weights: Sequence[Decimal] | None = None,
) -> QuotaChange:
    """Set ``rep``'s quota for a month, a quarter or a year (replacing what those months
    had), spread over the months evenly or by ``weights``."""
    require_manager(session, "set quotas")
    target = get_rep(session, rep)
    span = parse_period(period)
    if amount < 0:
        raise InvalidValue(f"a quota cannot be negative ({amount})")
    months = span.months
    amounts = spread(to_minor(amount), len(months), weights)
    before = _months_of(session, target.id, months)
    now = session.now()
    session.db.executemany(
        "INSERT INTO quota (rep_id, month, amount, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (rep_id, month) DO UPDATE SET amount = excluded.amount,"
        " updated_at = excluded.updated_at",
        [(target.id, month, value, now) for month, value in zip(months, amounts, strict=True)],
    )
    record_event(
        session,
        entity="quota",
        entity_id=target.id,
        action="set",
        changes={
            "rep": target.handle,
            "period": span.label,
            "months": {
                month: [before.get(month), value]
                for month, value in zip(months, amounts, strict=True)
            },
        },
    )
    return QuotaChange(
        rep=target.handle,
        period=span.label,
        total=from_minor(sum(amounts)),
        months=[
            QuotaMonth(
                month=month,
                amount=from_minor(value),
                previous=None if month not in before else from_minor(before[month]),
            )
            for month, value in zip(months, amounts, strict=True)
        ],
    )


@writes
def clear_quota(session: Session, *, rep: str, period: str) -> QuotaChange:
    """Remove ``rep``'s quota for every month of the period."""
    require_manager(session, "clear quotas")
    target = get_rep(session, rep)
    span = parse_period(period)
    before = _months_of(session, target.id, span.months)
    if not before:
        raise NotFound(
            f"{target.handle} has no quota in {span.label}",
            hint=f"see 'salescli forecast quota --owner {target.handle} --period {span.label}'",
        )
    session.db.execute(
        "DELETE FROM quota WHERE rep_id = ? AND month BETWEEN ? AND ?",
        (target.id, span.months[0], span.months[-1]),
    )
    record_event(
        session,
        entity="quota",
        entity_id=target.id,
        action="clear",
        changes={
            "rep": target.handle,
            "period": span.label,
            "months": {month: [value, None] for month, value in sorted(before.items())},
        },
    )
    return QuotaChange(
        rep=target.handle,
        period=span.label,
        total=None,
        months=[
            QuotaMonth(month=month, amount=None, previous=from_minor(value))
            for month, value in sorted(before.items())
        ],
    )


# ---- reading quotas and what was won ----------------------------------------------------

# Figures keyed by rep id (None: everyone together) and month.
ByRepMonth = dict[tuple[int | None, str], int]


def quotas_by_month(
    session: Session, *, first: str, last: str, rep_id: int | None, per_rep: bool
) -> ByRepMonth:
    """Quotas (minor units) from month ``first`` to ``last``, of one rep or everyone's,
    per rep or added up."""
    where = "month BETWEEN ? AND ?"
    params: list[Any] = [first, last]
    if rep_id is not None:
        where += " AND rep_id = ?"
        params.append(rep_id)
    who = "rep_id" if per_rep or rep_id is not None else "NULL"
    rows = session.db.rows(
        f"SELECT {who} AS rep_id, month, SUM(amount) AS amount FROM quota WHERE {where}"
        f" GROUP BY {who}, month",
        params,
    )
    return {(row["rep_id"], str(row["month"])): int(row["amount"]) for row in rows}


def _add(totals: dict[Any, int], key: Any, value: int) -> None:
    totals[key] = totals.get(key, 0) + value


def share_rows(
    session: Session,
    *,
    rep_id: int | None,
    columns: str,
    group: str,
    where: str,
    params: Sequence[Any],
    own_deals: str,
    own_where: str,
) -> list[Any]:
    """The co-owners' splits of the deals matching ``where``, as rows of the co-owner
    (``rep_id``), the deal's owner (``owner_id``), ``columns``, ``deals`` and ``amount``
    (amount x split in basis points, read with ``wide_total``), grouped by both reps and
    ``group``.

    For everyone, every share is read and its deal looked up (shares are a few per cent
    of deals). For one rep, only the shares that move credit to or from them: the
    co-owners of their own deals, found from their deals through ``own_deals`` (an
    owner's index; ``own_where`` spells its condition and ``where``'s), and their own
    splits of others' deals."""
    select = (
        f"SELECT sh.rep_id, o.owner_id, {columns}, COUNT(*) AS deals,"
        f" {wide_sum('o.amount', 'amount', times='sh.split')}"
    )
    grouped = f" GROUP BY sh.rep_id, o.owner_id, {group}"
    shares = f"{select} FROM opportunity_share sh {db.JOINED_IN_ORDER} opportunity o WHERE"
    if rep_id is None:
        return session.db.rows(f"{shares} o.id = sh.opportunity_id AND {where}{grouped}", params)
    given = (
        f"{select} FROM {own_deals} {db.JOINED_IN_ORDER} opportunity_share sh"
        f" WHERE o.owner_id = ? AND {own_where} AND sh.opportunity_id = o.id{grouped}"
    )
    taken = f"{shares} sh.rep_id = ? AND o.id = sh.opportunity_id AND {where}{grouped}"
    return session.db.rows(f"{given} UNION ALL {taken}", [rep_id, *params, rep_id, *params])


def credit_share(
    totals: dict[Any, int], row: Any, key: Any, credited: int, rep_id: int | None
) -> None:
    """Move a co-owner's split of a deal (``credited``) from its owner to the co-owner,
    under ``(rep, key)``; for one rep, only the side that is theirs."""
    if rep_id is None or row["owner_id"] == rep_id:
        _add(totals, (row["owner_id"], key), -credited)
    if rep_id is None or row["rep_id"] == rep_id:
        _add(totals, (row["rep_id"], key), credited)


def won_by_month(
    session: Session, *, since: date, until: date, rep_id: int | None, per_rep: bool
) -> ByRepMonth:
    """The amounts of deals won from ``since`` to ``until``, by month of winning, in
    credited units (minor units x basis points of share): one rep's credit (their own
    deals less the co-owners' splits, plus their splits of others' deals), every rep's
    (``per_rep``), or everyone's together, where each deal counts once."""
    window = [since.isoformat(), until.isoformat()]
    month = "substr(o.closed_on, 1, 7)"
    where = "o.closed_on BETWEEN ? AND ? AND o.status = 'won'"
    totals: ByRepMonth = {}
    if rep_id is None and not per_rep:
        rows = session.db.rows(
            f"SELECT {month} AS month, {wide_sum('o.amount', 'amount')}"
            f" FROM {CLOSED_DEALS} WHERE {where} GROUP BY month",
            window,
        )
        return {(None, str(row["month"])): wide_total(row, "amount") * FULL_SHARE for row in rows}
    owner = "" if rep_id is None else " AND o.owner_id = ?"
    for row in session.db.rows(
        f"SELECT o.owner_id AS rep_id, {month} AS month, {wide_sum('o.amount', 'amount')}"
        f" FROM {CLOSED_DEALS} WHERE {where}{owner} GROUP BY o.owner_id, month",
        window if rep_id is None else [*window, rep_id],
    ):
        _add(totals, (row["rep_id"], str(row["month"])), wide_total(row, "amount") * FULL_SHARE)
    # A rep's won deals with their co-owners: by status, won stage and owner in the
    # funnel's index (a won deal is always in the won stage).
    won_stage = int(session.db.scalar("SELECT id FROM stage WHERE kind = 'won'") or 0)
    for row in share_rows(
        session,
        rep_id=rep_id,
        columns=f"{month} AS month",
        group="month",
        where=where,
        params=window,
        own_deals=db.index_hint("opportunity o", "ix_opportunity_funnel"),
        own_where=f"o.stage_id = {won_stage} AND {where}",
    ):
        credit_share(totals, row, str(row["month"]), wide_total(row, "amount"), rep_id)
    return totals


def stage_odds_sql(stage_odds: dict[int, int]) -> str:
    """A deal's stage's win probability (basis points) in SQL, from stage id -> basis
    points (integers from the book, written into the statement)."""
    cases = " ".join(f"WHEN {int(key)} THEN {int(value)}" for key, value in stage_odds.items())
    return f"CASE o.stage_id {cases} ELSE 0 END" if cases else "0"


def odds_sql(stage_odds: dict[int, int]) -> str:
    """An open deal's win probability (basis points) in SQL: its own, else its stage's."""
    return f"COALESCE(o.probability, {stage_odds_sql(stage_odds)})"


def configured_odds(session: Session) -> dict[int, int]:
    """Each open stage's configured win probability in basis points."""
    rows = session.db.rows("SELECT id, probability FROM stage WHERE kind = 'open'")
    return {int(row["id"]): int(row["probability"] or 0) for row in rows}


def pipeline_by_rep(
    session: Session,
    *,
    since: date,
    until: date,
    rep_id: int | None,
    per_rep: bool,
    stage_odds: dict[int, int],
) -> dict[int | None, int]:
    """The weighted amount (amount x probability) of the open deals expected to close from
    ``since`` to ``until``, in credited weighted units (minor x share bp x probability
    bp), by rep as in won_by_month."""
    odds = odds_sql(stage_odds)
    window = [since.isoformat(), until.isoformat()]
    where = f"{OPEN_WHERE} AND o.close_date BETWEEN ? AND ?"
    totals: dict[Any, int] = {}
    if since > until:
        return totals
    owner = "" if rep_id is None else " AND o.owner_id = ?"
    mine = [] if rep_id is None else [rep_id]
    who = "o.owner_id" if per_rep or rep_id is not None else "NULL"
    for row in session.db.rows(
        f"SELECT {who} AS rep_id, {wide_sum('o.amount', 'weighted', times=odds)}"
        f" FROM {OPEN_DEALS} WHERE {where}{owner} GROUP BY {who}",
        [*window, *mine],
    ):
        _add(totals, row["rep_id"], wide_total(row, "weighted") * FULL_SHARE)
    if rep_id is None and not per_rep:
        return totals
    for row in share_rows(
        session,
        rep_id=rep_id,
        columns=f"{odds} AS odds",
        group="odds",
        where=where,
        params=window,
        own_deals=LIVE_DEALS,
        own_where=f"{LIVE_WHERE} AND {where}",
    ):
        credited = wide_total(row, "amount") * int(row["odds"])
        if rep_id is None or row["owner_id"] == rep_id:
            _add(totals, row["owner_id"], -credited)
        if rep_id is None or row["rep_id"] == rep_id:
            _add(totals, row["rep_id"], credited)
    return totals


def amount_of(units: int, scale: int = CREDITED) -> Decimal:
    """Credited units as an amount, to the cent."""
    return (Decimal(units) / scale).quantize(CENTS, rounding=ROUND_HALF_UP)


def percent_of(part: Decimal, whole: Decimal | None) -> Decimal | None:
    """``part`` of ``whole`` in percent to four decimals; None without a whole."""
    return rate(part, whole)


# ---- attainment -----------------------------------------------------------------------


@record
class Attainment:
    """One rep's (or the team's, ``rep`` None) figures for the period: ``quota`` (None
    when none is set), ``won`` (credited by share), ``attainment`` (won / quota, %),
    ``gap`` (quota less won, never below 0), ``pipeline`` (the weighted amount of open
    deals expected to close from today to the period's end) and ``coverage`` (pipeline
    / gap: 1.0 means the weighted pipeline just covers the gap)."""

    rep: str | None
    quota: Decimal | None
    won: Decimal
    attainment: Decimal | None
    gap: Decimal | None
    pipeline: Decimal
    coverage: Decimal | None


@record
class ToDate:
    """Month-, quarter- or year-to-date: the whole ``period``'s quota against what was won
    from its start to ``until`` (today)."""

    label: str
    period: Period
    until: date
    quota: Decimal | None
    won: Decimal
    attainment: Decimal | None


@record
class YearEarlier:
    """The same period a year earlier, whole; and, when the period holds today, what had
    been won by the same day that year (``same_day``), for a like-for-like comparison."""

    period: Period
    quota: Decimal | None
    won: Decimal
    attainment: Decimal | None
    same_day: date | None
    won_by_same_day: Decimal | None


@record
class QuotaReport:
    """Quota attainment in ``period``: a row per rep in ``reps`` (only ``owner``'s when
    one rep is asked for; every rep's when ``owner`` is None) and the scope's figures in
    ``total`` (the team's for everyone); to-date windows and the year before are the
    scope's."""

    period: Period
    today: date
    owner: str | None
    reps: list[Attainment]
    total: Attainment
    to_date: list[ToDate]
    year_earlier: YearEarlier


def _same_day_a_year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _sum_months(figures: ByRepMonth, rep: int | None, months: Sequence[str]) -> int:
    return sum(figures.get((rep, month), 0) for month in months)


def _quota_of(figures: ByRepMonth, rep: int | None, months: Sequence[str]) -> Decimal | None:
    found = [figures[(rep, month)] for month in months if (rep, month) in figures]
    return from_minor(sum(found)) if found else None


def _attainment(
    handle: str | None,
    quota: Decimal | None,
    won: Decimal,
    pipeline: Decimal,
    *,
    won_against_quota: Decimal | None = None,
) -> Attainment:
    """``won_against_quota``: the part of ``won`` that attainment and gap count (the
    team's: only the wins of reps with a quota); all of ``won`` when not given."""
    counted = won if won_against_quota is None else won_against_quota
    gap = None if quota is None else max(quota - counted, Decimal("0.00"))
    coverage = None
    if gap:
        coverage = (pipeline / gap).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return Attainment(
        rep=handle,
        quota=quota,
        won=won,
        attainment=percent_of(counted, quota),
        gap=gap,
        pipeline=pipeline,
        coverage=coverage,
    )


def quota_attainment(
    session: Session,
    *,
    period: str | None = None,
    owner: str | None = None,
    everyone: bool = False,
) -> QuotaReport:
    """Quota, won, attainment, gap, pipeline and coverage for ``period`` (default: the
    current quarter), with month-, quarter- and year-to-date and the same period a year
    earlier: one rep's (the acting one by default) or every rep's and the team's."""
    owner_id = owner_scope(session, owner=owner, everyone=everyone)
    today = session.today
    span = parse_period(period) if period else period_containing(today, "quarter")
    earlier = year_before(span)
    to_date = [
        (label, period_containing(today, kind))
        for label, kind in (
            ("month to date", "month"),
            ("quarter to date", "quarter"),
            ("year to date", "year"),
        )
    ]
    starts = [span.start, earlier.start, *(window.start for _, window in to_date)]
    ends = [span.end, earlier.end, *(window.end for _, window in to_date)]
    months_needed = month_keys(min(starts), max(ends))
    # Every rep's own row when everyone is asked for; the team's figures are their sum.
    per_rep = owner_id is None
    quotas = quotas_by_month(
        session, first=months_needed[0], last=months_needed[-1], rep_id=owner_id, per_rep=per_rep
    )
    won = won_by_month(session, since=min(starts), until=today, rep_id=owner_id, per_rep=per_rep)
    same_day = _same_day_a_year_before(today) if span.holds(today) else None
    won_earlier = (
        won_by_month(session, since=earlier.start, until=same_day, rep_id=owner_id, per_rep=per_rep)
        if same_day is not None
        else {}
    )
    pipeline = pipeline_by_rep(
        session,
        since=max(span.start, today),
        until=span.end,
        rep_id=owner_id,
        per_rep=per_rep,
        stage_odds=configured_odds(session),
    )
    handles = _handles(session)
    rep_ids = _reps_shown(session, owner_id, handles, (quotas, won), pipeline, span.months)
    rows = [
        _attainment(
            handles.get(rep) if rep is not None else None,
            _quota_of(quotas, rep, span.months),
            amount_of(_sum_months(won, rep, span.months)),
            amount_of(pipeline.get(rep, 0), CREDITED_WEIGHTED),
        )
        for rep in rep_ids
    ]

    # The team's figures add up everyone's, shown or not (a rep who has left, a deal
    # without an owner), so each deal counts once.
    def team_quota(months: Sequence[str]) -> Decimal | None:
        found = [value for (_, month), value in quotas.items() if month in months]
        return from_minor(sum(found)) if found else None

    def team_won(figures: ByRepMonth, months: Sequence[str]) -> Decimal:
        return amount_of(sum(value for (_, month), value in figures.items() if month in months))

    # Attainment sets wins against quotas: a rep without a quota for a month (a new hire,
    # a manager closing a deal) would otherwise lift the team's % with wins no quota
    # asked for. The team's won figure itself still counts every deal.
    def won_against_quota(months: Sequence[str]) -> Decimal:
        return amount_of(
            sum(value for key, value in won.items() if key[1] in months and key in quotas)
        )

    total = _attainment(
        None if owner_id is None else handles.get(owner_id),
        team_quota(span.months),
        team_won(won, span.months),
        amount_of(sum(pipeline.values()), CREDITED_WEIGHTED),
        won_against_quota=won_against_quota(span.months),
    )
    windows = []
    for label, window in to_date:
        quota, gained = team_quota(window.months), team_won(won, window.months)
        windows.append(
            ToDate(
                label=label,
                period=window,
                until=today,
                quota=quota,
                won=gained,
                attainment=percent_of(won_against_quota(window.months), quota),
            )
        )
    earlier_quota, earlier_won = team_quota(earlier.months), team_won(won, earlier.months)
    earlier_counted = won_against_quota(earlier.months)
    return QuotaReport(
        period=span,
        today=today,
        owner=None if owner_id is None else handles.get(owner_id),
        reps=rows,
        total=total,
        to_date=windows,
        year_earlier=YearEarlier(
            period=earlier,
            quota=earlier_quota,
            won=earlier_won,
            attainment=percent_of(earlier_counted, earlier_quota),
            same_day=same_day,
            won_by_same_day=None if same_day is None else team_won(won_earlier, earlier.months),
        ),
    )


def _handles(session: Session) -> dict[int, str]:
    return {
        int(row["id"]): str(row["handle"]) for row in session.db.rows("SELECT id, handle FROM rep")
    }


def _reps_shown(
    session: Session,
    owner_id: int | None,
    handles: dict[int, str],
    monthly: Sequence[ByRepMonth],
    pipeline: dict[int | None, int],
    months: Sequence[str],
) -> list[int]:
    """The rep asked for; or, for everyone, every active rep (managers only when they
    carry figures) and anyone with a quota, a win or pipeline in the period."""
    if owner_id is not None:
        return [owner_id]
    wanted = {
        int(row["id"])
        for row in session.db.rows("SELECT id FROM rep WHERE active = 1 AND role = 'rep'")
    }
    in_period = set(months)
    for figures in monthly:
        wanted |= {
            rep
            for (rep, month), value in figures.items()
            if rep is not None and month in in_period and value
        }
    wanted |= {rep for rep, value in pipeline.items() if rep is not None and value}
    return sorted(wanted, key=lambda rep: handles.get(rep, ""))
