"""Which campaign a lead or a deal came from: the reference a user types (an id or a
name) read as a campaign id.

Leads, deals and the campaigns themselves all need it, so it lives below the domains.
Attribution is stored on the lead (``lead.campaign_id``) and on the deal
(``opportunity.campaign_id``) only: converting a lead carries its campaign to the deal,
and a contract counts for the campaign of the deal it was signed for (it has no campaign
of its own, so a deal attributed later moves its contracts with it). That is the seam the
contracts domain drops into: ``CONTRACTS_OF_CAMPAIGNS`` below.
"""

from __future__ import annotations

from collections.abc import Callable

from salescli import db
from salescli.errors import AmbiguousReference, InvalidValue, NotFound
from salescli.services.core.rows import like_escaped
from salescli.services.core.session import Session

CAMPAIGN_HINT = "see 'salescli campaign list --all'"
# Contracts per campaign, through the deal each was signed for; run only when the book
# has a contract table with an opportunity_id column (see ``contracts_by_campaign``).
CONTRACTS_OF_CAMPAIGNS = (
    "SELECT o.campaign_id, count(*) FROM contract k JOIN opportunity o ON o.id = k.opportunity_id"
    " WHERE o.campaign_id IS NOT NULL GROUP BY o.campaign_id"
)


def campaign_id(session: Session, ref: str) -> int:
    """A campaign by id, exact name (any case) or an unambiguous name prefix."""
    text = ref.strip()
    if not text:
        raise InvalidValue("a campaign reference cannot be empty")
    if text.isdigit():
        found = session.db.scalar("SELECT id FROM campaign WHERE id = ?", (int(text),))
        if found is not None:
            return int(found)
    found = session.db.scalar("SELECT id FROM campaign WHERE name = ? COLLATE NOCASE", (text,))
    if found is not None:
        return int(found)
    pattern = like_escaped(text) + "%"
    matches = session.db.rows(
        "SELECT id, name FROM campaign WHERE name LIKE ? ESCAPE '\\'"
        " ORDER BY name COLLATE NOCASE LIMIT 10",
        (pattern,),
    )
    if len(matches) == 1:
        return int(matches[0]["id"])
    if matches:
        total = session.db.scalar(
            "SELECT count(*) FROM campaign WHERE name LIKE ? ESCAPE '\\'", (pattern,)
        )
        raise AmbiguousReference(
            "campaign", text, [f"{row['id']} {row['name']}" for row in matches], total=total
        )
    raise NotFound(f"no campaign matches '{text}'", hint=CAMPAIGN_HINT)


def campaign_ids(session: Session) -> Callable[[str], int]:
    """For imports: a campaign's id from the id or exact name (any case) a file gives;
    anything else is refused with the row."""
    by_name = {
        str(name).casefold(): int(cid)
        for cid, name in session.db.tuples("SELECT id, name FROM campaign")
    }
    known = set(by_name.values())

    def resolve(text: str) -> int:
        found = by_name.get(text.strip().casefold())
        if found is None and text.strip().isdigit() and int(text) in known:
            found = int(text)
        if found is None:
            raise InvalidValue(f"no campaign '{text}'", hint=CAMPAIGN_HINT)
        return found

    return resolve


def campaign_change(
    session: Session, ref: str | None
) -> tuple[dict[str, object], dict[str, tuple[str, object]]]:
    """For an edit naming a campaign: the change to record (its name) and the column to
    write, as apply_changes takes them; "" clears the attribution; nothing when None."""
    if ref is None:
        return {}, {}
    if not ref.strip():
        return {"campaign": None}, {"campaign": ("campaign_id", None)}
    found = campaign_id(session, ref)
    name = session.db.scalar("SELECT name FROM campaign WHERE id = ?", (found,))
    return {"campaign": name}, {"campaign": ("campaign_id", found)}


def contracts_by_campaign(session: Session) -> dict[int, int]:
    """How many contracts each campaign's deals have: empty in a book without contracts.
    A contract inherits its deal's campaign, so this is all the contracts domain needs."""
    if "opportunity_id" not in db.table_columns(session.db, "contract"):
        return {}
    return {int(cid): int(count) for cid, count in session.db.tuples(CONTRACTS_OF_CAMPAIGNS)}
