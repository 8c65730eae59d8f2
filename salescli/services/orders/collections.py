"""Collections: what is owed by how late (aging) and when it should come in (the
collection forecast), read with SQL aggregates over the open installments' partial index
(``ix_installment_open``), so they cost the same with a thousand or a million paid ones.

Aging buckets count days past the due date on the command's today: not yet due (due
today or later), 1-30, 31-60, 61-90 and over 90 days.

The forecast shows months from ``since`` to ``until``: what fell or falls due in each
(``due``, the installments' amounts), what of that is still unpaid (``outstanding``),
what was collected in the month (receipts not reversed, credits included), and in the
current month what is overdue from before it (``overdue``, carried forward). The
collection rate is what was collected of what fell due up to today within the shown
months. Key tasks are the largest unpaid installments overdue or due within 30 days.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from salescli.errors import UsageProblem
from salescli.models.records import (
    Aging,
    AgingRow,
    CollectionForecast,
    CollectionMonth,
    Installment,
    RepCollections,
)
from salescli.money import from_minor
from salescli.services.core.reps import get_rep, owner_scope
from salescli.services.core.rows import build_all
from salescli.services.core.session import Session
from salescli.services.orders.receivables import INSTALLMENT_SELECT, RECEIVABLE

_OWED = "i.amount - i.received"
# FILTER rather than CASE ... ELSE 0: an installment is added to its own bucket's sum
# only (measured: 0.12 s instead of 0.16 s of CPU over 312,000 open installments). An
# empty bucket's sum is NULL, read as 0.
_BUCKETS = (
    f"sum({_OWED}) FILTER (WHERE i.due_on >= :today) AS not_due,"
    f" sum({_OWED}) FILTER (WHERE i.due_on < :today AND i.due_on >= :d30) AS d30,"
    f" sum({_OWED}) FILTER (WHERE i.due_on < :d30 AND i.due_on >= :d60) AS d60,"
    f" sum({_OWED}) FILTER (WHERE i.due_on < :d60 AND i.due_on >= :d90) AS d90,"
    f" sum({_OWED}) FILTER (WHERE i.due_on < :d90) AS over90"
)
_BUCKET_COUNT = 5  # not due, 1-30, 31-60, 61-90, over 90
KEY_TASKS = 10


def _scope(session: Session, owner: str | None, everyone: bool) -> tuple[str, dict[str, Any]]:
    owner_id = owner_scope(session, owner=owner, everyone=everyone)
    if owner_id is None:
        return "", {}
    return " AND c.owner_id = :owner", {"owner": owner_id}


def _row(account_id: int | None, account: str, owner: str | None, sums: list[int]) -> AgingRow:
    """A row of the aging from its buckets' sums in minor units."""
    not_due, days_1_30, days_31_60, days_61_90, over_90 = map(from_minor, sums)
    return AgingRow(
        account_id,
        account,
        owner,
        not_due,
        days_1_30,
        days_31_60,
        days_61_90,
        over_90,
        from_minor(sum(sums)),
    )


def aging(session: Session, *, owner: str | None = None, everyone: bool = False) -> Aging:
    """Outstanding by account and rep in the aging buckets, with each rep's and the
    grand totals."""
    scope, params = _scope(session, owner, everyone)
    today = session.today
    params |= {
        "today": today.isoformat(),
        **{f"d{days}": (today - timedelta(days=days)).isoformat() for days in (30, 60, 90)},
    }
    # One join, grouped once by account and owner, then named. For everyone SQLite walks
    # the open index in contract order, so each contract's row is read while its page is
    # at hand: 0.18 s of CPU on 200,000 contracts against 0.30 s when the installments
    # were first summed by contract in a subquery (naming the 25,000 groups rather than
    # the 312,000 installments saves a tenth). For one rep it starts from their
    # contracts (ix_contract_owner) and reads only their open installments: 0.01 s
    # against 0.20 s, as the subquery summed every contract's before the owner was
    # looked at.
    rows = session.db.tuples(
        "SELECT g.account_id, a.name, r.handle, coalesce(g.not_due, 0), coalesce(g.d30, 0),"
        " coalesce(g.d60, 0), coalesce(g.d90, 0), coalesce(g.over90, 0)"
        f" FROM (SELECT c.account_id, c.owner_id, {_BUCKETS}"
        " FROM installment i JOIN contract c ON c.id = i.contract_id"
        f" WHERE i.received < i.amount AND c.status IN ({RECEIVABLE}){scope}"
        " GROUP BY c.account_id, c.owner_id) g"
        " JOIN account a ON a.id = g.account_id LEFT JOIN rep r ON r.id = g.owner_id"
        " ORDER BY r.handle, a.name COLLATE NOCASE",
        params,
    )
    # Plain tuples and integer sums: the amounts become Decimals once, in the records.
    found = []
    by_rep: dict[str | None, list[int]] = {}
    for account_id, account, handle, *sums in rows:
        found.append(_row(account_id, account, handle, sums))
        before = by_rep.get(handle)
        by_rep[handle] = sums if before is None else [*map(int.__add__, before, sums)]
    reps = [_row(None, "", handle, sums) for handle, sums in by_rep.items()]
    totals = [sum(bucket) for bucket in zip(*by_rep.values(), strict=True)]
    return Aging(
        today=today,
        owner=_owner_handle(session, owner, everyone),
        rows=found,
        reps=reps,
        total=_row(None, "total", None, totals or [0] * _BUCKET_COUNT),
    )


def _owner_handle(session: Session, owner: str | None, everyone: bool) -> str | None:
    if everyone:
        return None
    return get_rep(session, owner).handle if owner else session.actor.handle


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def collection_forecast(
    session: Session,
    *,
    owner: str | None = None,
    everyone: bool = False,
    months: int = 3,
    past: int = 2,
) -> CollectionForecast:
    """``past`` months before the current one, the current one, and ``months`` - 1 after."""
    if not 1 <= months <= 36 or not 0 <= past <= 36:
        raise UsageProblem("--months is 1 to 36 and --past 0 to 36")
    scope, params = _scope(session, owner, everyone)
    today = session.today
    first = _month_start(today)
    for _ in range(past):
        first = _month_start(first - timedelta(days=1))
    starts = [first]
    while len(starts) < past + months:
        starts.append(_next_month(starts[-1]))
    end = _next_month(starts[-1])
    params |= {"since": first.isoformat(), "until": end.isoformat(), "today": today.isoformat()}
    due_rows = session.db.rows(
        "SELECT substr(i.due_on, 1, 7) AS month, sum(i.amount) AS due,"
        f" sum({_OWED}) AS outstanding FROM installment i JOIN contract c ON c.id = i.contract_id"
        f" WHERE i.due_on >= :since AND i.due_on < :until AND c.status IN ({RECEIVABLE}){scope}"
        " GROUP BY month",
        params,
    )
    collected_rows = session.db.rows(
        "SELECT substr(p.received_on, 1, 7) AS month, sum(p.amount) AS collected"
        " FROM receipt p JOIN contract c ON c.id = p.contract_id"
        " WHERE p.received_on >= :since AND p.received_on < :until AND p.reversed_at IS NULL"
        f"{scope} GROUP BY month",
        params,
    )
    overdue_before = int(
        session.db.scalar(
            f"SELECT sum({_OWED}) FROM installment i JOIN contract c ON c.id = i.contract_id"
            f" WHERE i.received < i.amount AND i.due_on < :month AND c.status IN ({RECEIVABLE})"
            f"{scope}",
            {**params, "month": _month_start(today).isoformat()},
        )
        or 0
    )
    due_to_date = int(
        session.db.scalar(
            "SELECT sum(i.amount) FROM installment i JOIN contract c ON c.id = i.contract_id"
            f" WHERE i.due_on >= :since AND i.due_on <= :today AND c.status IN ({RECEIVABLE})"
            f"{scope}",
            params,
        )
        or 0
    )
    due = {row["month"]: row for row in due_rows}
    collected = {row["month"]: int(row["collected"] or 0) for row in collected_rows}
    current = today.strftime("%Y-%m")
    shown = []
    for start in starts:
        key = start.strftime("%Y-%m")
        row = due.get(key)
        shown.append(
            CollectionMonth(
                month=key,
                due=from_minor(int(row["due"]) if row else 0),
                outstanding=from_minor(int(row["outstanding"]) if row else 0),
                overdue=from_minor(overdue_before if key == current else 0),
                collected=from_minor(collected.get(key, 0)),
            )
        )
    total_collected = from_minor(sum(collected.values()))
    due_amount = from_minor(due_to_date)
    tasks = build_all(
        Installment,
        session.db.rows(
            f"{INSTALLMENT_SELECT} WHERE i.received < i.amount AND i.due_on <= :soon"
            f" AND c.status IN ({RECEIVABLE}){scope}"
            f" ORDER BY {_OWED} DESC, i.due_on, i.id LIMIT {KEY_TASKS}",
            {**params, "soon": (today + timedelta(days=30)).isoformat()},
        ),
    )
    return CollectionForecast(
        today=today,
        owner=_owner_handle(session, owner, everyone),
        months=shown,
        collected=total_collected,
        due_to_date=due_amount,
        collection_rate=(
            (total_collected * 100 / due_amount).quantize(Decimal("0.1")) if due_amount else None
        ),
        key_tasks=tasks,
    )


def collections_by_rep(session: Session, *, since: date, until: date) -> list[RepCollections]:
    """Each contract owner's collection figures for the window from ``since`` to
    ``until`` (both included):

    - ``due``: installments falling due in the window; ``collected``: receipts (not
      reversed) received in it; ``collection_rate``: collected / due in percent;
    - ``overdue``: what is owed on installments due before ``until``;
    - ``dso`` (days sales outstanding): everything still owed on ``until`` divided by
      the window's average daily amount due.

    Every rep with something due, collected or owed; by handle."""
    params = {"since": since.isoformat(), "until": until.isoformat()}
    rows = session.db.rows(
        "SELECT r.handle AS rep, sum(x.due) AS due, sum(x.collected) AS collected,"
        " sum(x.overdue) AS overdue, sum(x.owed) AS owed FROM ("
        " SELECT c.owner_id AS owner_id,"
        " sum(CASE WHEN i.due_on BETWEEN :since AND :until THEN i.amount ELSE 0 END) AS due,"
        " 0 AS collected,"
        f" sum(CASE WHEN i.due_on < :until THEN {_OWED} ELSE 0 END) AS overdue,"
        f" sum({_OWED}) AS owed"
        " FROM installment i JOIN contract c ON c.id = i.contract_id"
        f" WHERE c.status IN ({RECEIVABLE}) GROUP BY c.owner_id"
        " UNION ALL SELECT c.owner_id, 0, sum(p.amount), 0, 0 FROM receipt p"
        " JOIN contract c ON c.id = p.contract_id WHERE p.reversed_at IS NULL"
        " AND p.received_on BETWEEN :since AND :until GROUP BY c.owner_id"
        ") x JOIN rep r ON r.id = x.owner_id GROUP BY r.handle ORDER BY r.handle",
        params,
    )
    days = (until - since).days + 1
    found = []
    for row in rows:
        due, collected = int(row["due"] or 0), int(row["collected"] or 0)
        owed = int(row["owed"] or 0)
        if not (due or collected or owed):
            continue
        found.append(
            RepCollections(
                rep=str(row["rep"]),
                due=from_minor(due),
                collected=from_minor(collected),
                collection_rate=(
                    (Decimal(collected) * 100 / due).quantize(Decimal("0.1")) if due else None
                ),
                overdue=from_minor(int(row["overdue"] or 0)),
                outstanding=from_minor(owed),
                dso=(Decimal(owed) * days / due).quantize(Decimal(1)) if due else None,
            )
        )
    return found
