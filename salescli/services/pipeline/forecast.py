"""The forecast: what will be signed in each of the coming months or quarters.

Two methods, over the open deals (suspended and archived ones are left out):

- **weighted**: each deal's amount x its win probability (its own, else its stage's)
  lands in the period of its expected close date. Deals whose close date has passed are
  *overdue*, a bucket of their own; deals without a close date are *undated*; deals
  closing after the last period are *later*. Beside the weighted total, the open amounts
  by forecast category (the deal's own, else from its probability: 90 % and up commit,
  60 % and up best case, else pipeline), nested as the practice has it: best case
  includes commit, pipeline includes best case (so it is every open deal's amount).
- **flow** (the funnel-flow model): each deal's amount x the conversion rate of its
  stage and of every later stage (which is the stage's win probability) lands when the
  stages left are expected to be done: the current stage's expected days less the days
  the deal has been in it (not below 0), plus each later stage's days. Days become
  calendar months at 30 days a month: a deal lands on today plus one calendar month per
  whole 30 days, plus the days left over (30 days from 2026-11-23 is 2026-12-23; 45 is
  2027-01-07). A stage of 30 days is therefore exactly "one month" whatever the date, as
  the textbook example the model comes from has it. A deal's own probability is not used:
  the flow is the stages' model.

``--learned`` replaces each stage's conversion rate and duration by what the stage
history of the last ``lookback_days`` shows (of the deals in scope): conversion is moves
forward out of the stage (advance or win) / (those + losses from it); duration is the
average days spent in the stage by the moves out of it (imported moves left out, their
days being inferred). A stage with fewer than 10 observed deals (moves forward or to
lost) keeps its configured values. Win probabilities follow from the rates in use, and
the weighted method uses them too (a deal's own probability still comes first).

Per rep, a co-owned deal counts by share: the owner gets 100 % less the co-owners'
splits, each co-owner their split. For everyone, each deal counts once.

Everything is summed in SQL over two partial indexes of the open deals, each holding
every column its method reads: ``ix_opportunity_forecast`` by close date and
``ix_opportunity_flow`` by stage and the day the deal entered it. Each method groups in
its index's order, so SQLite aggregates as it reads (measured on 1,000,000 deals: the
weighted 58 ms, against 151 ms grouping by month with substr(), which sorts; the flow
26 ms, against 150-200 ms). Python then files a few hundred groups into periods. Key
deals are one top-N search of a period's close dates (or stages and days) each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from salescli import db
from salescli.dates import Period, month_period, period_containing
from salescli.errors import UsageProblem
from salescli.models.enums import StageKind
from salescli.models.frozen import record
from salescli.models.records import Stage
from salescli.money import from_minor, to_minor
from salescli.services.core.reps import owner_scope
from salescli.services.core.session import Session
from salescli.services.core.sums import wide_sum, wide_total
from salescli.services.pipeline.primary_quotes import QuotedAmount, quoted_amounts
from salescli.services.pipeline.quotas import (
    CREDITED_WEIGHTED,
    FLOW_DEALS,
    FULL_SHARE,
    LIVE_DEALS,
    LIVE_WHERE,
    OPEN_DEALS,
    OPEN_WHERE,
    amount_of,
    odds_sql,
    percent_of,
    quotas_by_month,
    share_rows,
    stage_odds_sql,
    won_by_month,
)
from salescli.services.pipeline.stages import list_stages

METHODS = ("weighted", "flow")
GROUPINGS = ("month", "quarter")
DAYS_PER_MONTH = 30
MIN_OBSERVED = 10
MAX_MONTHS = 60
COMMIT_FROM = 9000  # basis points of probability
BEST_CASE_FROM = 6000
OVERDUE, LATER, UNDATED = "overdue", "later", "undated"
ONE_DECIMAL = Decimal("0.1")


@record
class StageRate:
    """An open stage's figures as the forecast used them: ``conversion`` (to the next
    stage, %), ``days`` (expected duration) and ``probability`` (of a win from here: this
    and every later conversion, %), ``source`` 'configured' or 'learned'. With
    ``--learned``, what the history showed: ``observed_deals`` (moves out forward or to
    lost; a deal that left the stage twice counts twice), ``observed_conversion`` and
    ``observed_days`` (None when nothing was seen)."""

    stage: str
    name: str
    conversion: Decimal
    days: int
    probability: Decimal
    source: str
    observed_deals: int | None
    observed_conversion: Decimal | None
    observed_days: Decimal | None


@record
class ForecastPeriod:
    """One period (``period`` '2026-12' or '2026-Q4', ``start`` to ``end``) or one of the
    buckets 'overdue', 'later' and 'undated' (no dates, no won, no quota).

    ``deals`` open deals land in it; ``forecast`` is their weighted amount (weighted
    method) or flow. ``closed_won`` is what was won in the period up to today. The open
    amounts by category (weighted method only; None for flow) are cumulative:
    ``commit``, ``best_case_cumulative`` (commit + best case) and
    ``pipeline_cumulative`` (commit + best case + pipeline: every open deal).
    ``quota`` (None when none is set), ``attainment`` (closed won / quota, %),
    ``projected`` (closed won + forecast) and ``projected_attainment``."""

    period: str
    start: date | None
    end: date | None
    deals: int
    forecast: Decimal
    closed_won: Decimal | None
    commit: Decimal | None
    best_case_cumulative: Decimal | None
    pipeline_cumulative: Decimal | None
    quota: Decimal | None
    attainment: Decimal | None
    projected: Decimal | None
    projected_attainment: Decimal | None


@record
class KeyDeal:
    """One of the open deals carrying the largest share of a period's forecast:
    ``forecast`` is amount x ``credit`` (the share of the deal counted for the rep, %)
    x ``probability`` (%), and ``share`` its part of the period's forecast (%).
    ``expected_on`` is the close date (weighted) or the day the flow lands (flow)."""

    period: str
    id: int
    name: str
    account: str | None
    owner: str | None
    stage: str
    amount: Decimal
    credit: Decimal
    probability: Decimal
    expected_on: date | None
    forecast: Decimal
    share: Decimal | None


@record
class Forecast:
    """The forecast from ``today`` by ``method`` for ``owner`` (None: everyone): the
    periods, the overdue and undated buckets (weighted only; None for flow), what lands
    after the last period, the stage rates used, and the key deals of each period."""

    method: str
    by: str
    today: date
    owner: str | None
    learned: bool
    lookback_days: int | None
    periods: list[ForecastPeriod]
    overdue: ForecastPeriod | None
    later: ForecastPeriod
    undated: ForecastPeriod | None
    rates: list[StageRate]
    key_deals: list[KeyDeal]
    # With --explain: the open deals whose amount comes from an accepted quote.
    quoted: list[QuotedAmount] = field(default_factory=list)


@dataclass
class _Tally:
    """Open deals landing in one period, in credited units (minor units x basis points
    of share; weighted: x basis points of probability too)."""

    deals: int = 0
    amount: int = 0
    weighted: int = 0
    commit: int = 0
    best_case: int = 0


@record
class _Rate:
    stage_id: int
    conversion: int  # basis points
    days: int
    probability: int  # basis points


@dataclass
class _Flow:
    """Where the flow's deals land: per period (or bucket) and stage, the days the
    deals that land there entered the stage (for the key deals)."""

    entered: dict[str, dict[int, list[date]]] = field(default_factory=dict)


def forecast_report(
    session: Session,
    *,
    months: int = 6,
    by: str = "month",
    owner: str | None = None,
    everyone: bool = False,
    method: str = "weighted",
    learned: bool = False,
    lookback_days: int = 365,
    key_deals: int = 5,
    explain: bool = False,
) -> Forecast:
    """The forecast for the current month and the ``months`` - 1 after it (by quarter:
    the whole quarters those months fall in): one rep's (the acting one by default, with
    co-owned deals by share) or everyone's. ``explain`` adds the deals whose amount comes
    from an accepted quote."""
    method, by = _choice(method, METHODS, "--method"), _choice(by, GROUPINGS, "--by")
    if not 1 <= months <= MAX_MONTHS:
        raise UsageProblem(f"--months must be from 1 to {MAX_MONTHS}, not {months}")
    if lookback_days < 1:
        raise UsageProblem(f"--lookback must be at least 1 day, not {lookback_days}")
    if key_deals < 0:
        raise UsageProblem(f"--key cannot be negative ({key_deals})")
    owner_id = owner_scope(session, owner=owner, everyone=everyone)
    today = session.today
    periods = _horizon(today, months, by)
    stages = [stage for stage in list_stages(session) if stage.kind == StageKind.OPEN]
    observed = _observed(session, stages, owner_id, lookback_days) if learned else {}
    rates, stage_rates = _rates(stages, observed, learned)
    month_to_period = {key: period.label for period in periods for key in period.months}
    flow = _Flow()
    if method == "weighted":
        odds = {rate.stage_id: rate.probability for rate in rates}
        tallies = _weighted(session, owner_id, odds, today, month_to_period)
    else:
        tallies = _flowed(session, owner_id, rates, today, month_to_period, flow)
    won = won_by_month(session, since=periods[0].start, until=today, rep_id=owner_id, per_rep=False)
    quotas = quotas_by_month(
        session,
        first=periods[0].months[0],
        last=periods[-1].months[-1],
        rep_id=owner_id,
        per_rep=False,
    )
    rows = [
        _period_row(period, tallies.get(period.label), won, quotas, method) for period in periods
    ]
    weighted = method == "weighted"
    return Forecast(
        method=method,
        by=by,
        today=today,
        owner=_handle(session, owner_id),
        learned=learned,
        lookback_days=lookback_days if learned else None,
        periods=rows,
        overdue=_bucket(OVERDUE, tallies.get(OVERDUE), method) if weighted else None,
        later=_bucket(LATER, tallies.get(LATER), method),
        undated=_bucket(UNDATED, tallies.get(UNDATED), method) if weighted else None,
        rates=stage_rates,
        key_deals=_key_deals(session, owner_id, rows, periods, rates, method, flow, key_deals),
        quoted=quoted_amounts(session, owner_id) if explain else [],
    )


def _choice(value: str, choices: Sequence[str], flag: str) -> str:
    wanted = value.strip().lower()
    if wanted not in choices:
        raise UsageProblem(f"{flag} '{value}' is not known", hint=f"choose {' or '.join(choices)}")
    return wanted


def _handle(session: Session, owner_id: int | None) -> str | None:
    if owner_id is None:
        return None
    return str(session.db.scalar("SELECT handle FROM rep WHERE id = ?", (owner_id,)))


def _horizon(today: date, months: int, by: str) -> list[Period]:
    """The current month and the ``months`` - 1 after it; by quarter, the quarters they
    fall in, whole."""
    year, month = today.year, today.month
    periods = []
    for _ in range(months):
        periods.append(month_period(year, month))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    if by == "month":
        return periods
    quarters: list[Period] = []
    for period in periods:
        quarter = period_containing(period.start, "quarter")
        if quarter not in quarters:
            quarters.append(quarter)
    return quarters


# ---- the stages' rates ----------------------------------------------------------------


def _observed(
    session: Session, stages: Sequence[Stage], owner_id: int | None, lookback_days: int
) -> dict[int, Any]:
    """Moves out of each open stage in the lookback window: forward (advance or win), to
    lost, and the days in the stage of every move out but imported ones (as the funnel
    report counts them)."""
    if not stages:
        return {}
    marks = ", ".join("?" for _ in stages)
    since = session.today - timedelta(days=lookback_days)
    select = (
        "SELECT h.from_stage_id AS stage_id,"
        " COALESCE(SUM(h.move IN ('advance', 'win')), 0) AS advanced,"
        " COALESCE(SUM(h.move = 'lose'), 0) AS lost,"
        " SUM(CASE WHEN h.move != 'import' THEN h.days END) AS days,"
        " COUNT(CASE WHEN h.move != 'import' THEN h.days END) AS moves"
    )
    where = f"h.from_stage_id IN ({marks}) AND h.on_date BETWEEN ? AND ?"
    window = [*(stage.id for stage in stages), since.isoformat(), session.today.isoformat()]
    if owner_id is None:
        sql = f"{select} FROM stage_change h WHERE {where} GROUP BY h.from_stage_id"
        params: list[Any] = window
    else:
        # From the rep's deals to their history (as in services/funnel.py).
        sql = (
            f"{select} FROM opportunity o {db.JOINED_IN_ORDER} stage_change h"
            f" WHERE o.owner_id = ? AND h.opportunity_id = o.id AND {where}"
            " GROUP BY h.from_stage_id"
        )
        params = [owner_id, *window]
    return {int(row["stage_id"]): row for row in session.db.rows(sql, params)}


def _rates(
    stages: Sequence[Stage], observed: dict[int, Any], learned: bool
) -> tuple[list[_Rate], list[StageRate]]:
    """Each open stage's conversion and days, configured or learned, and the win
    probabilities that follow (computed as the stage service computes the configured
    ones: from the last stage back, rounded down to a basis point at each step)."""
    chosen: list[tuple[Stage, int, int, str, Any]] = []
    for stage in stages:
        seen = observed.get(stage.id)
        left = int(seen["advanced"]) + int(seen["lost"]) if seen is not None else 0
        conversion = to_minor(stage.conversion) if stage.conversion is not None else 0
        days = stage.days or 0
        source = "configured"
        if learned and seen is not None and left >= MIN_OBSERVED:
            conversion = _divide(int(seen["advanced"]) * FULL_SHARE, left)
            days = _divide(int(seen["days"] or 0), int(seen["moves"]))
            source = "learned"
        chosen.append((stage, conversion, days, source, seen))
    probability = FULL_SHARE
    odds: dict[int, int] = {}
    for stage, conversion, *_ in reversed(chosen):
        probability = probability * conversion // FULL_SHARE
        odds[stage.id] = probability
    rates = [
        _Rate(stage.id, conversion, days, odds[stage.id])
        for stage, conversion, days, _, _ in chosen
    ]
    shown = []
    for stage, conversion, days, source, seen in chosen:
        left = int(seen["advanced"]) + int(seen["lost"]) if seen is not None else 0
        moves = int(seen["moves"]) if seen is not None else 0
        shown.append(
            StageRate(
                stage=stage.key,
                name=stage.name,
                conversion=from_minor(conversion),
                days=days,
                probability=from_minor(odds[stage.id]),
                source=source,
                observed_deals=left if learned else None,
                observed_conversion=(
                    percent_of(Decimal(int(seen["advanced"])), Decimal(left))
                    if learned and left
                    else None
                ),
                observed_days=(
                    (Decimal(int(seen["days"] or 0)) / moves).quantize(
                        ONE_DECIMAL, rounding=ROUND_HALF_UP
                    )
                    if learned and moves
                    else None
                ),
            )
        )
    return rates, shown


def _divide(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up (both non-negative)."""
    return (2 * numerator + denominator) // (2 * denominator) if denominator else 0


# ---- weighted ------------------------------------------------------------------------


def _category_sql(odds: str) -> str:
    return (
        f"COALESCE(o.forecast_category, CASE WHEN {odds} >= {COMMIT_FROM} THEN 'commit'"
        f" WHEN {odds} >= {BEST_CASE_FROM} THEN 'best-case' ELSE 'pipeline' END)"
    )


def _bucket_of(day: date | None, today: date, month_to_period: dict[str, str]) -> str:
    if day is None:
        return UNDATED
    if day < today:
        return OVERDUE
    return month_to_period.get(f"{day.year:04d}-{day.month:02d}", LATER)


def _weighted(
    session: Session,
    owner_id: int | None,
    odds_by_stage: dict[int, int],
    today: date,
    month_to_period: dict[str, str],
) -> dict[str, _Tally]:
    odds = odds_sql(odds_by_stage)
    category = _category_sql(odds)
    tallies: dict[str, _Tally] = {}
    owner = "" if owner_id is None else " AND o.owner_id = ?"
    commit = f"CASE WHEN {category} = 'commit' THEN o.amount END"
    best = f"CASE WHEN {category} = 'best-case' THEN o.amount END"
    rows = session.db.rows(
        f"SELECT o.close_date AS day, COUNT(*) AS deals, {wide_sum('o.amount', 'amount')},"
        f" {wide_sum('o.amount', 'weighted', times=odds)},"
        f" {wide_sum(commit, 'commit_')}, {wide_sum(best, 'best')}"
        f" FROM {OPEN_DEALS} WHERE {OPEN_WHERE}{owner} GROUP BY o.close_date",
        [] if owner_id is None else [owner_id],
    )
    for row in rows:
        tally = tallies.setdefault(_bucket_of(_day(row["day"]), today, month_to_period), _Tally())
        tally.deals += int(row["deals"])
        tally.amount += wide_total(row, "amount") * FULL_SHARE
        tally.weighted += wide_total(row, "weighted") * FULL_SHARE
        tally.commit += wide_total(row, "commit_") * FULL_SHARE
        tally.best_case += wide_total(row, "best") * FULL_SHARE
    if owner_id is None:
        return tallies
    for row in _shares(
        session,
        owner_id,
        f"o.close_date AS day, {odds} AS odds, {category} AS category",
        "o.close_date, odds, category",
    ):
        sign, counted = _side(row, owner_id)
        tally = tallies.setdefault(_bucket_of(_day(row["day"]), today, month_to_period), _Tally())
        credited = sign * wide_total(row, "amount")
        tally.deals += counted
        tally.amount += credited
        tally.weighted += credited * int(row["odds"])
        if row["category"] == "commit":
            tally.commit += credited
        elif row["category"] == "best-case":
            tally.best_case += credited
    return tallies


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def _shares(session: Session, owner_id: int, columns: str, group: str) -> list[Any]:
    """The splits of open deals that move credit to or from the rep (see share_rows)."""
    return share_rows(
        session,
        rep_id=owner_id,
        columns=columns,
        group=group,
        where=OPEN_WHERE,
        params=[],
        own_deals=LIVE_DEALS,
        own_where=LIVE_WHERE,
    )


def _side(row: Any, owner_id: int) -> tuple[int, int]:
    """+1 (and the deals counted) for the rep's own split of another's deal; -1 for a
    co-owner's split of the rep's deal."""
    if row["rep_id"] == owner_id:
        return 1, int(row["deals"])
    return -1, 0


# ---- flow ----------------------------------------------------------------------------


def lands_on(today: date, days: int) -> date:
    """``days`` from ``today`` counted as whole months of 30 days (calendar months) and
    the days left over: 30 days from 2026-11-23 is 2026-12-23, 120 is 2027-03-23."""
    from dateutil.relativedelta import relativedelta

    months, rest = divmod(days, DAYS_PER_MONTH)
    return today + relativedelta(months=months) + timedelta(days=rest)


def _days_left(rates: Sequence[_Rate], index: int, spent: int) -> int:
    """The days a deal in stage ``index`` still needs to win: what is left of its stage
    (never below 0) and every later stage."""
    own = max(rates[index].days - max(spent, 0), 0)
    return own + sum(rate.days for rate in rates[index + 1 :])


def _flowed(
    session: Session,
    owner_id: int | None,
    rates: Sequence[_Rate],
    today: date,
    month_to_period: dict[str, str],
    flow: _Flow,
) -> dict[str, _Tally]:
    index_of = {rate.stage_id: index for index, rate in enumerate(rates)}
    tallies: dict[str, _Tally] = {}

    def land(stage_id: int, entered: date, deals: int, credited: int) -> None:
        index = index_of.get(stage_id)
        if index is None:
            return
        spent = (today - entered).days
        bucket = _bucket_of(
            lands_on(today, _days_left(rates, index, spent)), today, month_to_period
        )
        tally = tallies.setdefault(bucket, _Tally())
        tally.deals += deals
        tally.amount += credited
        tally.weighted += credited * rates[index].probability
        flow.entered.setdefault(bucket, {}).setdefault(stage_id, []).append(entered)

    owner = "" if owner_id is None else " AND o.owner_id = ?"
    for row in session.db.rows(
        "SELECT o.stage_id, o.stage_entered AS entered, COUNT(*) AS deals,"
        f" {wide_sum('o.amount', 'amount')} FROM {FLOW_DEALS}"
        f" WHERE {OPEN_WHERE}{owner} GROUP BY o.stage_id, o.stage_entered",
        [] if owner_id is None else [owner_id],
    ):
        land(
            int(row["stage_id"]),
            date.fromisoformat(str(row["entered"])),
            int(row["deals"]),
            wide_total(row, "amount") * FULL_SHARE,
        )
    if owner_id is not None:
        for row in _shares(
            session,
            owner_id,
            "o.stage_id, o.stage_entered AS entered",
            "o.stage_id, o.stage_entered",
        ):
            sign, counted = _side(row, owner_id)
            land(
                int(row["stage_id"]),
                date.fromisoformat(str(row["entered"])),
                counted,
                sign * wide_total(row, "amount"),
            )
    return tallies


# ---- periods -------------------------------------------------------------------------


def _period_row(
    period: Period,
    tally: _Tally | None,
    won: dict[tuple[int | None, str], int],
    quotas: dict[tuple[int | None, str], int],
    method: str,
) -> ForecastPeriod:
    tally = tally or _Tally()
    closed_won = amount_of(
        sum(units for (_, month), units in won.items() if month in period.months)
    )
    found = [amount for (_, month), amount in quotas.items() if month in period.months]
    quota = from_minor(sum(found)) if found else None
    forecast = amount_of(tally.weighted, CREDITED_WEIGHTED)
    projected = closed_won + forecast
    weighted = method == "weighted"
    return ForecastPeriod(
        period=period.label,
        start=period.start,
        end=period.end,
        deals=tally.deals,
        forecast=forecast,
        closed_won=closed_won,
        commit=amount_of(tally.commit) if weighted else None,
        best_case_cumulative=amount_of(tally.commit + tally.best_case) if weighted else None,
        pipeline_cumulative=amount_of(tally.amount) if weighted else None,
        quota=quota,
        attainment=percent_of(closed_won, quota),
        projected=projected,
        projected_attainment=percent_of(projected, quota),
    )


def _bucket(name: str, tally: _Tally | None, method: str) -> ForecastPeriod:
    tally = tally or _Tally()
    weighted = method == "weighted"
    return ForecastPeriod(
        period=name,
        start=None,
        end=None,
        deals=tally.deals,
        forecast=amount_of(tally.weighted, CREDITED_WEIGHTED),
        closed_won=None,
        commit=amount_of(tally.commit) if weighted else None,
        best_case_cumulative=amount_of(tally.commit + tally.best_case) if weighted else None,
        pipeline_cumulative=amount_of(tally.amount) if weighted else None,
        quota=None,
        attainment=None,
        projected=None,
        projected_attainment=None,
    )


# ---- key deals -----------------------------------------------------------------------


def _key_deals(
    session: Session,
    owner_id: int | None,
    rows: Sequence[ForecastPeriod],
    periods: Sequence[Period],
    rates: Sequence[_Rate],
    method: str,
    flow: _Flow,
    limit: int,
) -> list[KeyDeal]:
    """For each period, the ``limit`` open deals with the largest forecast in it (most
    first; ties by id). Each period is one small search: its close dates in the
    forecast's index (weighted), or per stage the days its deals entered it in the
    flow's index."""
    if limit <= 0:
        return []
    by_stage = {rate.stage_id: rate.probability for rate in rates}
    found: list[tuple[str, Any]] = []
    for row, period in zip(rows, periods, strict=True):
        if not row.forecast:
            continue
        if method == "weighted":
            since = max(period.start, session.today).isoformat()
            terms = [("o.close_date BETWEEN ? AND ?", [since, period.end.isoformat()])]
            # A deal's own probability first, as the weighted forecast has it.
            odds = odds_sql(by_stage)
            deals = OPEN_DEALS
        else:
            terms = _entered_terms(flow.entered.get(period.label, {}))
            # The flow is the stages' model: a deal's own probability is not used.
            odds = stage_odds_sql(by_stage)
            deals = FLOW_DEALS
        top = _top(session, owner_id, odds, deals, terms, limit)
        found += [(period.label, deal) for deal in top]
    if not found:
        return []
    details = _details(session, [deal["id"] for _, deal in found])
    index_of = {rate.stage_id: index for index, rate in enumerate(rates)}
    totals = {row.period: row.forecast for row in rows}
    keys = []
    for label, deal in found:
        detail = details[int(deal["id"])]
        value = amount_of(
            int(deal["amount"]) * int(deal["odds"]) * int(deal["credit"]), CREDITED_WEIGHTED
        )
        if not value:
            continue
        expected = _day(detail["close_date"])
        if method == "flow":
            spent = (session.today - date.fromisoformat(str(detail["stage_entered"]))).days
            index = index_of[int(detail["stage_id"])]
            expected = lands_on(session.today, _days_left(rates, index, spent))
        keys.append(
            KeyDeal(
                period=label,
                id=int(deal["id"]),
                name=str(detail["name"]),
                account=detail["account"],
                owner=detail["owner"],
                stage=str(detail["stage"]),
                amount=from_minor(int(deal["amount"])),
                credit=from_minor(int(deal["credit"])),
                probability=from_minor(int(deal["odds"])),
                expected_on=expected,
                forecast=value,
                share=percent_of(value, totals[label]),
            )
        )
    return keys


Term = tuple[str, list[Any]]


def _entered_terms(entered: dict[int, list[date]]) -> list[Term]:
    """Deals whose flow lands in one period: per stage, the days they entered it."""
    return [
        (
            f"o.stage_id = ? AND o.stage_entered IN ({', '.join('?' for _ in days)})",
            [stage_id, *(day.isoformat() for day in days)],
        )
        for stage_id, days in sorted(entered.items())
    ]


def _top(
    session: Session,
    owner_id: int | None,
    odds: str,
    deals: str,
    terms: Sequence[Term],
    limit: int,
) -> list[Any]:
    """The open deals matching any of ``terms`` with the largest amount x odds x credit:
    one search of ``deals`` (an index) per term, and for one rep the deals they co-own,
    each credited with its share."""
    if not terms:
        return []
    live = f"{OPEN_WHERE} AND o.amount > 0"
    branches: list[str] = []
    params: list[Any] = []
    if owner_id is None:
        credit, owner = str(FULL_SHARE), ""
    else:
        credit = (
            f"{FULL_SHARE} - COALESCE((SELECT SUM(s.split) FROM opportunity_share s"
            " WHERE s.opportunity_id = o.id), 0)"
        )
        owner = " AND o.owner_id = ?"
    for term, term_params in terms:
        branches.append(
            f"SELECT o.id, o.amount, {odds} AS odds, {credit} AS credit"
            f" FROM {deals} WHERE {live} AND {term}{owner}"
        )
        params += [*term_params, *([] if owner_id is None else [owner_id])]
    if owner_id is not None:
        either = " OR ".join(f"({term})" for term, _ in terms)
        branches.append(
            f"SELECT o.id, o.amount, {odds} AS odds, sh.split AS credit"
            f" FROM opportunity_share sh {db.JOINED_IN_ORDER} opportunity o"
            f" WHERE sh.rep_id = ? AND o.id = sh.opportunity_id AND {live} AND ({either})"
        )
        params += [owner_id, *(value for _, term_params in terms for value in term_params)]
    return session.db.rows(
        f"SELECT id, amount, odds, credit FROM ({' UNION ALL '.join(branches)})"
        " ORDER BY amount * odds * credit DESC, id LIMIT ?",
        [*params, limit],
    )


def _details(session: Session, ids: Sequence[int]) -> dict[int, Any]:
    unique = sorted(set(ids))
    marks = ", ".join("?" for _ in unique)
    rows = session.db.rows(
        "SELECT o.id, o.name, a.name AS account, r.handle AS owner, s.key AS stage,"
        " o.stage_id, o.close_date, o.stage_entered FROM opportunity o"
        " JOIN stage s ON s.id = o.stage_id LEFT JOIN account a ON a.id = o.account_id"
        f" LEFT JOIN rep r ON r.id = o.owner_id WHERE o.id IN ({marks})",
        unique,
    )
    return {int(row["id"]): row for row in rows}
