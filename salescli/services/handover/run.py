"""Carrying a handover out: ``run_handover`` builds the plan inside its write transaction
and applies it, all of it or nothing. The moves are bulk statements over a temporary
table of ids, never a statement per record.

Every moved record gets an event with its previous owner and a ``handover_item`` row,
so ``revert_handover`` can move back exactly what still has the owner the handover gave
it, and name what changed since.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from salescli.errors import Refused
from salescli.models.frozen import record
from salescli.services.core.events import record_event
from salescli.services.core.session import Session, writes
from salescli.services.handover.common import SHARE, _change_owners, _fill_moves
from salescli.services.handover.owned import OWNED
from salescli.services.handover.plan import HandoverPlan, HandoverRequest, plan_handover

VISIT_OBJECTIVE = "introduce the new account owner"


# ---------------------------------------------------------------------------------------
# What a run returns


@record
class HandoverDone:
    """A run: the handover's id (None when there was nothing to do), the plan it
    applied, and the Markdown report written (set by the command that writes it)."""

    handover_id: int | None
    report: str | None
    plan: HandoverPlan


# ---------------------------------------------------------------------------------------
# Run


@writes
def run_handover(
    session: Session,
    *,
    request: HandoverRequest,
    expected: HandoverPlan | None = None,
    report: Callable[[HandoverPlan, int], str] | None = None,
) -> HandoverDone:
    """Hand the book over in one transaction: all of it, or nothing. With ``expected``
    (the preview a manager confirmed), refuse if the book has changed since. ``report``
    makes the handover's report from its plan and id; it is kept with the handover, so
    it can be written again whatever happens to the file."""
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
    if report is not None:
        session.db.execute(
            "UPDATE handover SET report = ? WHERE id = ?", (report(plan, handover_id), handover_id)
        )
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
