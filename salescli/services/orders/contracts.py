"""Contracts: making one (for a deal or an account, with an amount, or from an accepted
quote, whose lines it keeps), reading them (one, a list, an account's or a deal's), and
amending one as a new version that keeps the old (and carries its lines).

Its status changes through the transitions in ``contract_lifecycle``; its payment
schedule and receipts live in ``receivables``. Every change writes a ``contract_step``
(the history `contract history` shows) and an event.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from salescli.errors import InvalidValue, NotFound, Refused, UsageProblem
from salescli.models.enums import LIVE_CONTRACT_STATUSES, ContractStatus
from salescli.models.records import (
    Contract,
    ContractChange,
    ContractHistory,
    ContractLine,
    ContractStep,
    ContractVersion,
)
from salescli.money import from_minor
from salescli.services.core.edits import tidy
from salescli.services.core.events import record_event
from salescli.services.core.permissions import Kind, require_owner
from salescli.services.core.reps import new_owner, owner_scope
from salescli.services.core.rows import build, build_all, stored
from salescli.services.core.session import Session, writes
from salescli.services.customers.accounts import resolve_account
from salescli.services.orders import contract_lines
from salescli.services.orders.contract_lines import LineChange
from salescli.services.orders.credit import check_limit

if TYPE_CHECKING:
    from salescli.config import QuoteRules

CONTRACT = Kind("contract", "contract")
NUMBER_PREFIX = "HT"

# What receipts have paid of a contract's installments (read through their unique
# (contract_id, position) index).
_RECEIVED = "(SELECT coalesce(sum(i.received), 0) FROM installment i WHERE i.contract_id = c.id)"
SELECT = (
    "SELECT c.id, c.number, c.title, c.account_id, a.name AS account, c.opportunity_id,"
    f" o.name AS opportunity, c.amount, {_RECEIVED} AS received,"
    f" c.amount - {_RECEIVED} AS balance,"
    " c.start_on, c.end_on, c.terms, c.status, c.status_on, c.status_reason, c.version,"
    " c.progress, c.milestone, c.signed_on, r.handle AS owner, c.external_id,"
    " q.number AS quote, q.version AS quote_version, c.created_at, c.updated_at"
    " FROM contract c JOIN account a ON a.id = c.account_id"
    " LEFT JOIN opportunity o ON o.id = c.opportunity_id"
    " LEFT JOIN rep r ON r.id = c.owner_id"
    " LEFT JOIN quote q ON q.id = c.quote_id"
)

LINE_SELECT = (
    "SELECT l.position, p.code AS product, l.description, l.unit, l.quantity, l.unit_price,"
    " l.tax_rate, l.amount FROM contract_line l LEFT JOIN product p ON p.id = l.product_id"
)

VERSION_SELECT = (
    "SELECT v.version, v.amount, v.title, v.start_on, v.end_on, v.terms, v.reason, v.on_date,"
    " v.at, r.handle AS rep FROM contract_version v LEFT JOIN rep r ON r.id = v.rep_id"
)


def resolve_contract(session: Session, ref: str | int) -> Contract:
    """A contract by its number (any case) or its id."""
    text = str(ref).strip()
    if not text:
        raise InvalidValue("a contract reference cannot be empty")
    row = session.db.row(f"{SELECT} WHERE c.number = ? COLLATE NOCASE", (text,))
    if row is None and text.isdigit():
        row = session.db.row(f"{SELECT} WHERE c.id = ?", (int(text),))
    if row is None:
        raise NotFound(f"no contract '{text}'", hint="see 'salescli contract list --all'")
    return build(Contract, row)


def get_contract(session: Session, contract_id: int) -> Contract:
    return resolve_contract(session, contract_id)


def yours(session: Session, ref: str | int) -> Contract:
    """A contract the acting rep may change: theirs, or any for a manager."""
    contract = resolve_contract(session, ref)
    require_owner(session, CONTRACT, contract.id, contract.owner)
    return contract


def refuse_negative(amount: Decimal, what: str = "an amount") -> None:
    if amount < 0:
        raise InvalidValue(f"{what} cannot be negative ({amount})")


def next_number(session: Session) -> str:
    """The next free number of this year: HT-2027-0001, HT-2027-0002, ..."""
    prefix = f"{NUMBER_PREFIX}-{session.today.year}-"
    numbers = session.db.tuples(
        "SELECT number FROM contract WHERE number LIKE ? ESCAPE '\\'", (prefix + "%",)
    )
    used = [int(tail) for (number,) in numbers if (tail := number[len(prefix) :]).isdigit()]
    return f"{prefix}{max(used, default=0) + 1:04d}"


def _number(session: Session, number: str | None) -> str:
    if number is None:
        return next_number(session)
    text = number.strip()
    if not text:
        raise InvalidValue("a contract number cannot be empty")
    taken_number(session, text)
    return text


def taken_number(session: Session, number: str) -> None:
    """Refuse a number another contract has (in any case)."""
    if session.db.scalar("SELECT 1 FROM contract WHERE number = ? COLLATE NOCASE", (number,)):
        raise Refused(f"contract number {number} is already taken", hint="give another --number")


def dates_in_order(start_on: date | None, end_on: date | None) -> None:
    if start_on and end_on and end_on < start_on:
        raise InvalidValue(f"a contract cannot end ({end_on}) before it starts ({start_on})")


def record_step(
    session: Session,
    contract: Contract,
    *,
    action: str,
    to_status: str,
    version: int | None = None,
    progress: int | None = None,
    note: str | None = None,
    over_limit: str | None = None,
) -> None:
    session.db.execute(
        "INSERT INTO contract_step (contract_id, action, from_status, to_status, version,"
        " progress, note, over_limit, on_date, at, rep_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            contract.id,
            action,
            None if action == "new" else contract.status,
            to_status,
            version or contract.version,
            progress,
            tidy(note),
            over_limit,
            session.today.isoformat(),
            session.now(),
            session.actor_id,
        ),
    )


def _write_version(
    session: Session, contract_id: int, version: int, fields: dict[str, Any], reason: str | None
) -> None:
    session.db.execute(
        "INSERT INTO contract_version (contract_id, version, amount, title, start_on, end_on,"
        " terms, reason, on_date, at, rep_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            contract_id,
            version,
            stored(fields["amount"]),
            fields["title"],
            stored(fields["start_on"]),
            stored(fields["end_on"]),
            fields["terms"],
            reason,
            session.today.isoformat(),
            session.now(),
            session.actor_id,
        ),
    )


@writes
def new_contract(
    session: Session,
    *,
    amount: Decimal,
    opportunity_id: int | None = None,
    account: str | None = None,
    number: str | None = None,
    title: str | None = None,
    start_on: date | None = None,
    end_on: date | None = None,
    terms: str | None = None,
    owner: str | None = None,
) -> Contract:
    """A draft contract for a deal (its account, and its owner unless ``owner``) or for
    an account."""
    if (opportunity_id is None) == (account is None):
        raise UsageProblem("give the contract's deal (--opp) or its account (--account)")
    refuse_negative(amount)
    dates_in_order(start_on, end_on)
    if opportunity_id is not None:
        # Here, not at the top: every receivable command reads contracts, and the deal
        # and quote services (~20 ms of imports) serve only the drafting of one.
        from salescli.services.pipeline.opportunities import get_opportunity

        deal = get_opportunity(session, opportunity_id)
        if deal.account_id is None:
            raise Refused(f"opportunity {deal.id} has no account")
        account_id, default_owner = deal.account_id, deal.owner
        title = title or deal.name
    else:
        found = resolve_account(session, account or "")
        account_id, default_owner = found.id, found.owner
    owner_rep = new_owner(session, owner or default_owner)
    the_number = _number(session, number)
    now, today = session.now(), session.today.isoformat()
    fields = {
        "amount": amount,
        "title": tidy(title),
        "start_on": start_on,
        "end_on": end_on,
        "terms": tidy(terms),
    }
    cursor = session.db.execute(
        "INSERT INTO contract (number, title, account_id, opportunity_id, amount, start_on,"
        " end_on, terms, status, status_on, version, progress, owner_id, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, 1, 0, ?, ?, ?)",
        (
            the_number,
            fields["title"],
            account_id,
            opportunity_id,
            stored(amount),
            stored(start_on),
            stored(end_on),
            fields["terms"],
            today,
            owner_rep.id,
            now,
            now,
        ),
    )
    contract_id = int(cursor.lastrowid or 0)
    _write_version(session, contract_id, 1, fields, None)
    contract = get_contract(session, contract_id)
    record_step(session, contract, action="new", to_status=ContractStatus.DRAFT.value)
    record_event(
        session,
        entity="contract",
        entity_id=contract_id,
        action="add",
        changes={
            "number": the_number,
            "account": contract.account,
            "opportunity": opportunity_id,
            "amount": stored(amount),
            "owner": owner_rep.handle,
        },
    )
    return contract


@writes
def new_contract_from_quote(
    session: Session,
    *,
    quote_number: int,
    rules: QuoteRules,
    number: str | None = None,
    title: str | None = None,
    start_on: date | None = None,
    end_on: date | None = None,
    terms: str | None = None,
    owner: str | None = None,
) -> Contract:
    """A draft contract from an accepted quote: its deal (or account), its owner unless
    ``owner``, its gross total as the amount and its lines as version 1's lines. It
    keeps which quote version it came from. A quote makes one contract: a second is
    refused while the first stands (it may be made again once that one is terminated)."""
    from salescli.services.orders.quotes import QUOTE, get_quote

    quote = get_quote(session, quote_number, rules)
    require_owner(session, QUOTE, quote.id, quote.owner)
    if quote.status != "accepted":
        raise Refused(
            f"quote {quote_number} is {quote.status}; a contract is made from an accepted quote",
            hint=f"when the customer accepts it: salescli quote accept {quote_number}"
            if quote.status == "sent"
            else None,
        )
    made = session.db.row(
        "SELECT c.number, c.status FROM contract c JOIN quote q ON q.id = c.quote_id"
        " WHERE q.number = ? AND c.status != 'terminated' ORDER BY c.id LIMIT 1",
        (quote_number,),
    )
    if made is not None:
        raise Refused(
            f"quote {quote_number} already has contract {made['number']} ({made['status']})",
            hint=f"change that one: salescli contract amend {made['number']} --reason TEXT"
            " (a quote makes another contract only once its contract is terminated)",
        )
    contract = new_contract(
        session,
        amount=quote.gross,
        opportunity_id=quote.opportunity_id,
        account=None if quote.opportunity_id is not None else str(quote.account_id),
        number=number,
        title=title or quote.opportunity or f"quote {quote_number}",
        start_on=start_on,
        end_on=end_on,
        terms=terms,
        owner=owner or quote.owner,
    )
    session.db.execute("UPDATE contract SET quote_id = ? WHERE id = ?", (quote.id, contract.id))
    session.db.execute(
        "INSERT INTO contract_line (contract_id, version, position, product_id, description,"
        " unit, quantity, unit_price, tax_rate, amount) SELECT ?, 1, position, product_id,"
        " description, unit, quantity, unit_price, tax_rate, amount FROM quote_line"
        " WHERE quote_id = ?",
        (contract.id, quote.id),
    )
    record_event(
        session,
        entity="contract",
        entity_id=contract.id,
        action="from-quote",
        changes={
            "quote": quote_number,
            "version": quote.version,
            "lines": quote.lines,
            "net": stored(quote.net),
            "tax": stored(quote.tax),
            "gross": stored(quote.gross),
        },
    )
    return get_contract(session, contract.id)


def lines_of(session: Session, contract_id: int, version: int) -> list[ContractLine]:
    return build_all(
        ContractLine,
        session.db.rows(
            f"{LINE_SELECT} WHERE l.contract_id = ? AND l.version = ? ORDER BY l.position",
            (contract_id, version),
        ),
    )


def list_contracts(
    session: Session,
    *,
    owner: str | None = None,
    everyone: bool = False,
    account: str | None = None,
    opportunity_id: int | None = None,
    status: str | None = None,
    expiring: int | None = None,
    renewal: bool = False,
) -> list[Contract]:
    """Contracts of the acting rep (or ``owner``'s, or everyone's), all statuses but
    closed and terminated unless ``status`` names one ('all': every one). ``expiring``:
    live contracts ending within that many days; ``renewal``: live contracts ending
    within 90 days (or ``expiring``) or ended, whose account has no other live or draft
    contract ending later (or without an end) - the ones to renew."""
    where: list[str] = []
    params: list[Any] = []
    if account is None and opportunity_id is None:
        owner_id = owner_scope(session, owner=owner, everyone=everyone)
        if owner_id is not None:
            where.append("c.owner_id = ?")
            params.append(owner_id)
    if account is not None:
        where.append("c.account_id = ?")
        params.append(resolve_account(session, account).id)
    if opportunity_id is not None:
        where.append("c.opportunity_id = ?")
        params.append(opportunity_id)
    if status is None:
        if account is None and opportunity_id is None:
            where.append("c.status NOT IN ('closed', 'terminated')")
    elif status != "all":
        try:
            chosen = ContractStatus.parse(status, what="contract status")
        except InvalidValue as err:
            raise UsageProblem(
                f"--status: {err.message}",
                hint=f"choose {', '.join(ContractStatus.values())} or all",
            ) from err
        where.append("c.status = ?")
        params.append(chosen.value)
    if expiring is not None or renewal:
        if expiring is not None and expiring < 0:
            raise UsageProblem("--expiring: a number of days, 0 or more")
        days = 90 if expiring is None else expiring
        where.append("c.status IN ('signed', 'active', 'suspended', 'completed')")
        where.append("c.end_on IS NOT NULL AND c.end_on <= ?")
        params.append((session.today + timedelta(days=days)).isoformat())
        if not renewal:
            where.append("c.end_on >= ?")
            params.append(session.today.isoformat())
        else:
            where.append(
                "NOT EXISTS (SELECT 1 FROM contract n WHERE n.account_id = c.account_id"
                " AND n.id != c.id AND n.status NOT IN ('terminated', 'closed')"
                " AND (n.end_on IS NULL OR n.end_on > c.end_on))"
            )
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    order = (
        " ORDER BY c.end_on IS NULL, c.end_on, c.id" if expiring or renewal else " ORDER BY c.id"
    )
    return build_all(Contract, session.db.rows(f"{SELECT}{clause}{order}", params))


def contracts_of_account(session: Session, account_id: int) -> list[Contract]:
    """An account's contracts, newest first."""
    return build_all(
        Contract,
        session.db.rows(f"{SELECT} WHERE c.account_id = ? ORDER BY c.id DESC", (account_id,)),
    )


def contracts_of_deal(session: Session, opportunity_id: int) -> list[Contract]:
    return build_all(
        Contract,
        session.db.rows(f"{SELECT} WHERE c.opportunity_id = ? ORDER BY c.id", (opportunity_id,)),
    )


def versions_of(session: Session, contract_id: int) -> list[ContractVersion]:
    return build_all(
        ContractVersion,
        session.db.rows(
            f"{VERSION_SELECT} WHERE v.contract_id = ? ORDER BY v.version", (contract_id,)
        ),
    )


def version_of(session: Session, contract: Contract, version: int | None) -> ContractVersion:
    number = contract.version if version is None else version
    row = session.db.row(
        f"{VERSION_SELECT} WHERE v.contract_id = ? AND v.version = ?", (contract.id, number)
    )
    if row is None:
        raise NotFound(
            f"contract {contract.number} has no version {number}",
            hint=f"it has versions 1 to {contract.version}",
        )
    return build(ContractVersion, row)


def contract_history(session: Session, *, ref: str) -> ContractHistory:
    contract = resolve_contract(session, ref)
    steps = build_all(
        ContractStep,
        session.db.rows(
            "SELECT s.id, s.action, s.from_status, s.to_status, s.version, s.progress, s.note,"
            " s.over_limit, s.on_date, s.at, r.handle AS rep FROM contract_step s"
            " LEFT JOIN rep r ON r.id = s.rep_id WHERE s.contract_id = ? ORDER BY s.id",
            (contract.id,),
        ),
    )
    return ContractHistory(
        contract=contract, versions=versions_of(session, contract.id), steps=steps
    )


@writes
def amend_contract(
    session: Session,
    *,
    ref: str,
    reason: str,
    amount: Decimal | None = None,
    end_on: date | None = None,
    title: str | None = None,
    terms: str | None = None,
    line: LineChange | None = None,
    over_limit: bool = False,
) -> ContractChange:
    """A new version with what changed, the old one kept, and its lines (one of them
    added, changed or removed by ``line``). The amount cannot fall below what has been
    received; raising a signed contract's amount passes the credit check signing passes
    (a manager may pass the limit with ``over_limit``, the reason recorded); a schedule
    that no longer adds up is said, not rewritten; lines that no longer add up to the
    amount are warned of, saying by how much."""
    if not reason.strip():
        raise InvalidValue("say why the contract is amended (--reason)")
    contract = yours(session, ref)
    if contract.status in (ContractStatus.CLOSED.value, ContractStatus.TERMINATED.value):
        raise Refused(f"contract {contract.number} is {contract.status}; it cannot be amended")
    if amount is None and end_on is None and title is None and terms is None and line is None:
        raise UsageProblem(
            "nothing to amend",
            hint="give --amount, --end, --title, --terms or a line (--add-line, --edit-line N,"
            " --remove-line N) with --reason",
        )
    current = version_of(session, contract, None)
    fields: dict[str, Any] = {
        "amount": current.amount if amount is None else amount,
        "title": current.title if title is None else tidy(title),
        "start_on": current.start_on,
        "end_on": current.end_on if end_on is None else end_on,
        "terms": current.terms if terms is None else tidy(terms),
    }
    refuse_negative(fields["amount"])
    dates_in_order(fields["start_on"], fields["end_on"])
    if fields["amount"] < contract.received:
        raise Refused(
            f"contract {contract.number} has received {contract.received:,.2f};"
            f" its amount cannot be less ({fields['amount']:,.2f})",
            hint="reverse a mistaken receipt first: salescli receivable unpay P --reason TEXT",
        )
    scheduled = from_minor(
        int(
            session.db.scalar(
                "SELECT coalesce(sum(amount), 0) FROM installment WHERE contract_id = ?",
                (contract.id,),
            )
        )
    )
    passed = _credit_check(session, contract, fields["amount"], scheduled, reason, over_limit)
    before = {key: stored(getattr(current, key)) for key in fields}
    changes: dict[str, Any] = {
        key: [before[key], stored(value)]
        for key, value in fields.items()
        if before[key] != stored(value)
    }
    if not changes and line is None:
        raise UsageProblem(f"contract {contract.number} already has these terms")
    version = contract.version + 1
    _write_version(session, contract.id, version, fields, reason.strip())
    session.db.execute(
        "INSERT INTO contract_line (contract_id, version, position, product_id, description,"
        " unit, quantity, unit_price, tax_rate, amount) SELECT contract_id, ?, position,"
        " product_id, description, unit, quantity, unit_price, tax_rate, amount"
        " FROM contract_line WHERE contract_id = ? AND version = ?",
        (version, contract.id, contract.version),
    )
    if line is not None:
        changes[f"line-{line.action}"] = contract_lines.change_line(
            session, contract, version, line
        )
    session.db.execute(
        "UPDATE contract SET amount = ?, title = ?, end_on = ?, terms = ?, version = ?,"
        " updated_at = ? WHERE id = ?",
        (
            stored(fields["amount"]),
            fields["title"],
            stored(fields["end_on"]),
            fields["terms"],
            version,
            session.now(),
            contract.id,
        ),
    )
    record_step(
        session,
        contract,
        action="amend",
        to_status=contract.status,
        version=version,
        note=reason,
        over_limit=passed,
    )
    record_event(
        session,
        entity="contract",
        entity_id=contract.id,
        action="amend",
        changes={
            **changes,
            "version": [contract.version, version],
            "reason": reason.strip(),
            **({"over_limit": passed} if passed else {}),
        },
    )
    notes = []
    if scheduled and scheduled != fields["amount"]:
        notes.append(
            f"the payment schedule adds up to {scheduled:,.2f}, the contract is now"
            f" {fields['amount']:,.2f}: adjust it with"
            f" 'salescli receivable plan {contract.number} ...' or 'receivable add'"
        )
    warning = contract_lines.mismatch(
        contract_lines.lines_total(session, contract.id, version), fields["amount"]
    )
    return ContractChange(
        contract=get_contract(session, contract.id),
        action="amend",
        from_status=contract.status,
        to_status=contract.status,
        notes=notes,
        warnings=[warning] if warning else [],
    )


def _credit_check(
    session: Session,
    contract: Contract,
    amount: Decimal,
    scheduled: Decimal,
    reason: str,
    over_limit: bool,
) -> str | None:
    """Raising a signed contract adds to the account's exposure what its unbilled value
    grows by; that passes the credit check signing passes. The recorded reason, if a
    manager passed the limit."""
    if contract.status not in LIVE_CONTRACT_STATUSES or amount <= contract.amount:
        return None
    adding = max(amount, scheduled) - max(contract.amount, scheduled)
    if adding <= 0:
        return None
    return check_limit(
        session,
        account_id=contract.account_id,
        adding=adding,
        what=f"raising {contract.number} to {amount:,.2f}",
        over_limit=reason if over_limit else None,
    )


@writes
def report_progress(
    session: Session, *, ref: str, percent: int | None = None, milestone: str | None = None
) -> ContractChange:
    """How far a signed or running contract is carried out, or a milestone reached."""
    if percent is None and not tidy(milestone):
        raise UsageProblem("give a percentage (60%) or --milestone TEXT")
    if percent is not None and not 0 <= percent <= 100:
        raise InvalidValue(f"progress is between 0 and 100 %, not {percent}")
    contract = yours(session, ref)
    live = (
        ContractStatus.SIGNED.value,
        ContractStatus.ACTIVE.value,
        ContractStatus.SUSPENDED.value,
    )
    if contract.status not in live:
        raise Refused(
            f"contract {contract.number} is {contract.status}; progress is reported on a"
            " signed, active or suspended contract"
        )
    progress = contract.progress if percent is None else percent
    milestone = tidy(milestone) or contract.milestone
    session.db.execute(
        "UPDATE contract SET progress = ?, milestone = ?, updated_at = ? WHERE id = ?",
        (progress, milestone, session.now(), contract.id),
    )
    record_step(
        session,
        contract,
        action="progress",
        to_status=contract.status,
        progress=progress,
        note=tidy(milestone) if milestone != contract.milestone else None,
    )
    record_event(
        session,
        entity="contract",
        entity_id=contract.id,
        action="progress",
        changes={"progress": [contract.progress, progress], "milestone": milestone},
    )
    return ContractChange(
        contract=get_contract(session, contract.id),
        action="progress",
        from_status=contract.status,
        to_status=contract.status,
    )
