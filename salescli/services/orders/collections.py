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
from salescli.services.core.stats import rate
from salescli.services.orders.receivables import INSTALLMENT_SELECT, RECEIVABLE

_OWED = "i.amount - i.received"
_BUCKETS = (
    f"sum(CASE WHEN i.due_on >= :today THEN {_OWED} ELSE 0 END) AS not_due,"
    f" sum(CASE WHEN i.due_on < :today AND i.due_on >= :d30 THEN {_OWED} ELSE 0 END) AS d30,"
    f" sum(CASE WHEN i.due_on < :d30 AND i.due_on >= :d60 THEN {_OWED} ELSE 0 END) AS d60,"
    f" sum(CASE WHEN i.due_on < :d60 AND i.due_on >= :d90 THEN {_OWED} ELSE 0 END) AS d90,"
    f" sum(CASE WHEN i.due_on < :d90 THEN {_OWED} ELSE 0 END) AS over90"
)
KEY_TASKS = 10


def _scope(session: Session, owner: str | None, everyone: bool) -> tuple[str, dict[str, Any]]:
    owner_id = owner_scope(session, owner=owner, everyone=everyone)
    if owner_id is None:
        return "", {}
    return " AND c.owner_id = :owner", {"owner": owner_id}


def _row(account_id: int | None, account: str, owner: str | None, sums: list[int]) -> AgingRow:
    not_due, days_1_30, days_31_60, days_61_90, over_90 = (
        from_minor(int(value or 0)) for value in sums
    )
    return AgingRow(
        account_id=account_id,
        account=account,
        owner=owner,
        not_due=not_due,
        days_1_30=days_1_30,
        days_31_60=days_31_60,
        days_61_90=days_61_90,
        over_90=over_90,
        total=not_due + days_1_30 + days_31_60 + days_61_90 + over_90,
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
    # Grouped by contract first (the open index gives contract_id beside each due date),
    # then by account and owner: one join per contract instead of per installment.
    rows = session.db.rows(
        "SELECT c.account_id, a.name AS account, r.handle AS owner, sum(g.not_due) AS not_due,"
        " sum(g.d30) AS d30, sum(g.d60) AS d60, sum(g.d90) AS d90, sum(g.over90) AS over90"
        f" FROM (SELECT i.contract_id, {_BUCKETS} FROM installment i"
        " WHERE i.received < i.amount GROUP BY i.contract_id) g"
        " JOIN contract c ON c.id = g.contract_id JOIN account a ON a.id = c.account_id"
        f" LEFT JOIN rep r ON r.id = c.owner_id WHERE c.status IN ({RECEIVABLE}){scope}"
        " GROUP BY c.account_id, c.owner_id ORDER BY r.handle, a.name COLLATE NOCASE",
        params,
    )
    keys = ("not_due", "d30", "d60", "d90", "over90")
    found = [
        _row(row["account_id"], row["account"], row["owner"], [row[key] for key in keys])
        for row in rows
    ]
    by_rep: dict[str | None, list[int]] = {}
    for row in rows:
        sums = by_rep.setdefault(row["owner"], [0] * len(keys))
        for index, key in enumerate(keys):
            sums[index] += int(row[key] or 0)
    reps = [_row(None, "", handle, sums) for handle, sums in by_rep.items()]
    totals = [sum(int(row[key] or 0) for row in rows) for key in keys]
    return Aging(
        today=today,
        owner=_owner_handle(session, owner, everyone),
        rows=found,
        reps=reps,
        total=_row(None, "total", None, totals),
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
        collection_rate=rate(total_collected, due_amount),
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
                collection_rate=rate(collected, due),
                overdue=from_minor(int(row["overdue"] or 0)),
                outstanding=from_minor(owed),
                dso=(Decimal(owed) * days / due).quantize(Decimal(1)) if due else None,
            )
        )
    return found
