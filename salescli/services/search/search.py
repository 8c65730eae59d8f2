"""`salescli search`: every kind of record that matches a text, a group per kind.

Each kind is one entry of SOURCES. Quotes are not in the book yet; when the quote table
arrives, searching them is one more entry here (and its columns in a text index).
"""

from __future__ import annotations

from salescli import textsearch
from salescli.errors import UsageProblem
from salescli.models.frozen import record
from salescli.models.records import SearchGroup, SearchHit, SearchResult
from salescli.services.core import finding
from salescli.services.core.finding import Needle, Searchable
from salescli.services.core.reps import owner_scope
from salescli.services.core.session import Session

DEFAULT_LIMIT = 10
MAX_LIMIT = 1000


@record
class Source:
    """A kind of record search finds: where (``searchable``, read as ``t``, with ``a`` its
    account where ``account`` joins one), what to call a hit (SQL for its title and
    detail), whose it is (SQL for the owner's id) and the command that shows it."""

    kind: str
    heading: str
    searchable: Searchable
    title: str
    detail: str
    owner: str
    command: str
    account: str = ""


SOURCES = (
    Source(
        "account",
        "Accounts",
        finding.ACCOUNT,
        title="t.name",
        detail="coalesce(t.phone, '')",
        owner="t.owner_id",
        command="salescli account show {id}",
    ),
    Source(
        "contact",
        "Contacts",
        finding.CONTACT,
        title="t.name",
        detail="a.name",
        owner="a.owner_id",
        command="salescli contact show {id}",
        account="JOIN account a ON a.id = t.account_id",
    ),
    Source(
        "lead",
        "Leads",
        finding.LEAD,
        title="t.name",
        detail="coalesce(t.company, '')",
        owner="t.owner_id",
        command="salescli lead show {id}",
    ),
    Source(
        "deal",
        "Deals",
        finding.OPPORTUNITY,
        title="t.name",
        detail="coalesce(a.name, '')",
        owner="t.owner_id",
        command="salescli opp show {id}",
        account="LEFT JOIN account a ON a.id = t.account_id",
    ),
    Source(
        "activity",
        "Activities",
        finding.ACTIVITY,
        title="coalesce(t.purpose, t.objective, t.outcome, t.next_step, t.type)",
        detail="t.type || ' ' || coalesce(t.done_on, t.planned_on, '') || ' ' || a.name",
        owner="t.owner_id",
        command="salescli visit show {id}",
        account="JOIN account a ON a.id = t.account_id",
    ),
)
KINDS = tuple(source.kind for source in SOURCES)


def search(
    session: Session,
    *,
    text: str,
    owner: str | None = None,
    mine: bool = False,
    limit: int = DEFAULT_LIMIT,
) -> SearchResult:
    """Records of every kind that match ``text``, newest first, at most ``limit`` a kind.
    Everyone's by default (reading is open to every rep, and a caller or a name is worth
    finding whoever's book it is in); ``mine`` or ``owner`` keep one rep's."""
    if mine and owner:
        raise UsageProblem("--mine and --owner cannot be used together")
    if not 1 <= limit <= MAX_LIMIT:
        raise UsageProblem(f"--limit must be from 1 to {MAX_LIMIT}")
    found = finding.needle(text)
    owner_id = owner_scope(session, owner=owner, everyone=False) if mine or owner else None
    with session.db.snapshot():
        groups = [_group(session, source, found, owner_id, limit) for source in SOURCES]
    return SearchResult(found.text, [group for group in groups if group.hits])


def _group(
    session: Session, source: Source, found: Needle, owner_id: int | None, limit: int
) -> SearchGroup:
    searchable = source.searchable
    condition = finding.matching(searchable, "t", found)
    columns = ", ".join(f"t.{column}" for column in dict.fromkeys(c for _, c in searchable.fields))
    select = f"SELECT t.id, {source.title} AS title, {source.detail} AS detail, {columns}"
    where = [condition.sql]
    params: list[object] = list(condition.params)
    if owner_id is not None:
        where.append(f"{source.owner} = ?")
        params.append(owner_id)
    query = finding.index_query(found)
    if query is not None and textsearch.has_text_index(session.db, searchable.table):
        # The index finds the candidates newest first; the conditions check each one, and
        # the reading stops once the limit is reached.
        match = textsearch.text_index_match(searchable.table, "t")
        sql = (
            f"{select} FROM {match.source} {source.account}"
            f" WHERE {match.condition} AND {' AND '.join(where)} ORDER BY {match.order}"
        )
        params.insert(0, query)
    else:
        sql = (
            f"{select} FROM {searchable.table} t {source.account}"
            f" WHERE {' AND '.join(where)} ORDER BY t.id DESC"
        )
    rows = session.db.rows(f"{sql} LIMIT ?", (*params, limit + 1))
    hits = []
    for row in rows[:limit]:
        label, value = finding.matched_field(searchable, dict(row), found)
        hits.append(
            SearchHit(
                kind=source.kind,
                id=row["id"],
                title=row["title"] or "",
                detail=row["detail"] or "",
                matched=label,
                value=value,
                command=source.command.format(id=row["id"]),
            )
        )
    return SearchGroup(source.kind, source.heading, hits, more=len(rows) > limit)
