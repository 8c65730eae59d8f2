"""Undoing a handover: ``revert_handover`` moves back every record that still has the
owner the handover gave it (its ``handover_item`` rows say which), restores the shares,
removes the introduction visits not yet done, and names what changed since and was left
alone."""

from __future__ import annotations

from typing import Any

from salescli.errors import NotFound, Refused
from salescli.models.frozen import record
from salescli.services.core.events import record_event
from salescli.services.core.permissions import require_manager
from salescli.services.core.session import Session, writes
from salescli.services.handover.common import (
    FULL_SPLIT,
    SHARE,
    VISIT,
    _change_owners,
    _fill_moves,
)
from salescli.services.handover.owned import OWNED, OwnedEntity


@record
class LeftAlone:
    """A record a revert did not move back, and why (it changed since the handover)."""

    entity: str
    entity_id: int
    why: str


@record
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
    require_manager(session, "revert a handover")
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
    entity = entity.on(session.today)
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
    entity = entity.on(session.today)
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
