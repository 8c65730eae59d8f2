"""Credit: an account's rating and limit, set by managers, with an optional 5C assessment
(character, capacity, capital, collateral, conditions, each 1-5), and the exposure the
limit is checked against.

The rating follows from the 5C total (5 to 25) in these bands: A 21-25, B 17-20,
C 13-16, D 5-12; a manager may also set a rating without scores. Every decision is kept
(``credit_assessment``), newest last.

Exposure is what the account owes on the installments of its signed contracts plus the
part of its signed, running or completed contracts' value that no installment covers
yet (signed but unbilled). Signing a contract (or accepting a quote) that would take
exposure over the limit is refused, naming limit, exposure and shortfall; exactly at the
limit is allowed. A manager may go over it with a reason, which is recorded.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from salescli.config import RECEIVABLE_OVERDUE_DAYS
from salescli.errors import InvalidValue, Refused
from salescli.models.enums import LIVE_CONTRACT_STATUSES, RECEIVABLE_CONTRACT_STATUSES
from salescli.models.records import Credit, CreditAssessment
from salescli.money import from_minor
from salescli.services.core.edits import tidy
from salescli.services.core.events import record_event
from salescli.services.core.permissions import require_manager
from salescli.services.core.rows import build_all, stored
from salescli.services.core.session import Session, writes
from salescli.services.customers.accounts import resolve_account

FIVE_C = ("character", "capacity", "capital", "collateral", "conditions")
# The lowest 5C total of each rating.
RATING_BANDS = (("A", 21), ("B", 17), ("C", 13), ("D", 5))
RATINGS = tuple(rating for rating, _ in RATING_BANDS)
_RECEIVABLE = ", ".join(f"'{status}'" for status in RECEIVABLE_CONTRACT_STATUSES)
_LIVE = ", ".join(f"'{status}'" for status in LIVE_CONTRACT_STATUSES)


def rating_of(score: int) -> str:
    """The rating of a 5C total."""
    return next(rating for rating, lowest in RATING_BANDS if score >= lowest)


def parse_scores(text: str) -> dict[str, int]:
    """``character=4,capacity=3,...``: all five, each 1-5."""
    scores: dict[str, int] = {}
    for part in text.split(","):
        name, _, value = part.partition("=")
        key = name.strip().lower()
        if key not in FIVE_C:
            raise InvalidValue(
                f"'{name.strip()}' is not one of the 5C", hint=f"score {', '.join(FIVE_C)}"
            )
        if not value.strip().isdigit() or not 1 <= int(value) <= 5:
            raise InvalidValue(f"{key} is scored 1 to 5, not '{value.strip()}'")
        scores[key] = int(value)
    missing = [key for key in FIVE_C if key not in scores]
    if missing:
        raise InvalidValue(f"the 5C score lacks {', '.join(missing)}", hint="score all five, 1-5")
    return scores


def _sum(session: Session, sql: str, account_id: int) -> Decimal:
    return from_minor(int(session.db.scalar(sql, (account_id,)) or 0))


def outstanding_of(session: Session, account_id: int) -> Decimal:
    return _sum(
        session,
        "SELECT sum(i.amount - i.received) FROM contract c JOIN installment i"
        f" ON i.contract_id = c.id WHERE c.account_id = ? AND c.status IN ({_RECEIVABLE})",
        account_id,
    )


def unbilled_of(session: Session, account_id: int) -> Decimal:
    scheduled = "(SELECT coalesce(sum(i.amount), 0) FROM installment i WHERE i.contract_id = c.id)"
    return _sum(
        session,
        f"SELECT sum(CASE WHEN c.amount > {scheduled} THEN c.amount - {scheduled} ELSE 0 END)"
        f" FROM contract c WHERE c.account_id = ? AND c.status IN ({_LIVE})",
        account_id,
    )


def overdue_of(session: Session, account_id: int, *, days: int = 0) -> Decimal:
    """What the account owes on installments due more than ``days`` days ago."""
    return from_minor(
        int(
            session.db.scalar(
                "SELECT sum(i.amount - i.received) FROM contract c JOIN installment i"
                " ON i.contract_id = c.id WHERE c.account_id = ?"
                f" AND c.status IN ({_RECEIVABLE}) AND i.received < i.amount AND i.due_on < ?",
                (account_id, (session.today - timedelta(days=days)).isoformat()),
            )
            or 0
        )
    )


def credit_balance_of(session: Session, account_id: int) -> Decimal:
    return _sum(
        session,
        "SELECT sum(p.credit) FROM receipt p JOIN contract c ON c.id = p.contract_id"
        " WHERE c.account_id = ? AND p.reversed_at IS NULL",
        account_id,
    )


def _limit(session: Session, account_id: int) -> Decimal | None:
    value = session.db.scalar("SELECT credit_limit FROM account WHERE id = ?", (account_id,))
    return None if value is None else from_minor(int(value))


def exposure_of(session: Session, account_id: int) -> Decimal:
    return outstanding_of(session, account_id) + unbilled_of(session, account_id)


def check_limit(
    session: Session, *, account_id: int, adding: Decimal, what: str, over_limit: str | None
) -> str | None:
    """Refuse ``what`` (``"signing HT-2027-0001"``) if ``adding`` to the account's exposure
    takes it over its limit, unless a manager gives ``over_limit`` (the reason, returned to
    be recorded). Exactly at the limit is allowed."""
    limit = _limit(session, account_id)
    if limit is None:
        return None
    exposure = exposure_of(session, account_id)
    if exposure + adding <= limit:
        return None
    shortfall = exposure + adding - limit
    if over_limit is not None:
        reason = tidy(over_limit)
        if not reason:
            raise InvalidValue("say why the credit limit may be passed (--reason)")
        require_manager(session, "pass an account's credit limit")
        return reason
    raise Refused(
        f"{what} would take the account over its credit limit: limit {limit:,.2f},"
        f" exposure {exposure:,.2f} + {adding:,.2f}, short by {shortfall:,.2f}",
        hint="a manager may pass it with --over-limit --reason TEXT",
    )


def assessments_of(session: Session, account_id: int) -> list[CreditAssessment]:
    return build_all(
        CreditAssessment,
        session.db.rows(
            "SELECT ca.id, ca.on_date, r.handle AS by, ca.character, ca.capacity, ca.capital,"
            " ca.collateral, ca.conditions, ca.score, ca.rating, ca.credit_limit, ca.note"
            " FROM credit_assessment ca LEFT JOIN rep r ON r.id = ca.rep_id"
            " WHERE ca.account_id = ? ORDER BY ca.id",
            (account_id,),
        ),
    )


def show_credit(session: Session, *, ref: str, flag_days: int = RECEIVABLE_OVERDUE_DAYS) -> Credit:
    """The account's credit: limit, exposure, headroom, and what it owes more than
    ``flag_days`` (the setting receivable.overdue_days) after it was due, flagged."""
    account = resolve_account(session, ref)
    with session.db.snapshot():
        row = session.db.row(
            "SELECT credit_rating, credit_limit FROM account WHERE id = ?", (account.id,)
        )
        assert row is not None
        limit = None if row["credit_limit"] is None else from_minor(int(row["credit_limit"]))
        outstanding = outstanding_of(session, account.id)
        unbilled = unbilled_of(session, account.id)
        exposure = outstanding + unbilled
        return Credit(
            account_id=account.id,
            account=account.name,
            rating=row["credit_rating"],
            credit_limit=limit,
            outstanding=outstanding,
            unbilled=unbilled,
            exposure=exposure,
            headroom=None if limit is None else limit - exposure,
            overdue=overdue_of(session, account.id),
            long_overdue=overdue_of(session, account.id, days=flag_days),
            flag_days=flag_days,
            credit_balance=credit_balance_of(session, account.id),
            assessments=assessments_of(session, account.id),
        )


@writes
def set_credit(
    session: Session,
    *,
    ref: str,
    limit: Decimal | None = None,
    rating: str | None = None,
    scores: dict[str, int] | None = None,
    note: str | None = None,
    flag_days: int = RECEIVABLE_OVERDUE_DAYS,
) -> Credit:
    """A manager's decision: a limit, a rating, or a 5C assessment (whose rating is the
    band of its total unless ``rating`` is given too). Kept as an assessment. Returns
    the credit as show_credit gives it."""
    if limit is None and rating is None and scores is None:
        raise InvalidValue(
            "give --limit, --rating or --score",
            hint="salescli account credit ACCOUNT --limit 500000 --rating B",
        )
    if limit is not None and limit < 0:
        raise InvalidValue(f"a credit limit cannot be negative ({limit})")
    chosen = None
    if rating is not None:
        chosen = rating.strip().upper()
        if chosen not in RATINGS:
            raise InvalidValue(f"'{rating}' is not a rating", hint=f"use {', '.join(RATINGS)}")
    account = resolve_account(session, ref)
    require_manager(session, "set credit limits and ratings")
    score = sum(scores.values()) if scores else None
    if chosen is None and score is not None:
        chosen = rating_of(score)
    session.db.execute(
        "INSERT INTO credit_assessment (account_id, character, capacity, capital, collateral,"
        " conditions, score, rating, credit_limit, note, on_date, at, rep_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            account.id,
            *((scores or {}).get(key) for key in FIVE_C),
            score,
            chosen,
            stored(limit),
            tidy(note),
            session.today.isoformat(),
            session.now(),
            session.actor_id,
        ),
    )
    before = session.db.row(
        "SELECT credit_rating, credit_limit FROM account WHERE id = ?", (account.id,)
    )
    assert before is not None
    new_rating = chosen if chosen is not None else before["credit_rating"]
    new_limit = stored(limit) if limit is not None else before["credit_limit"]
    session.db.execute(
        "UPDATE account SET credit_rating = ?, credit_limit = ?, updated_at = ? WHERE id = ?",
        (new_rating, new_limit, session.now(), account.id),
    )
    record_event(
        session,
        entity="account",
        entity_id=account.id,
        action="credit",
        changes={
            "credit_rating": [before["credit_rating"], new_rating],
            "credit_limit": [before["credit_limit"], new_limit],
            "score": score,
            **({"scores": scores} if scores else {}),
        },
    )
    return show_credit(session, ref=str(account.id), flag_days=flag_days)
