"""A contract's life: one function per transition, each checking the move against
``TRANSITIONS`` and saying, when it is not allowed, which are.

    draft → submitted → approved → signed → active → completed → closed
    active → suspended (with a reason) → active (resume)
    any state before completed → terminated (with a reason)

Approving is for managers. Signing checks the account's credit limit (``credit``), and
may win the contract's deal when it is still open.
"""

from __future__ import annotations

from salescli.errors import InvalidValue, Refused
from salescli.models.enums import ContractStatus, OpportunityStatus
from salescli.models.records import Contract, ContractChange
from salescli.services.core.edits import tidy
from salescli.services.core.events import record_event
from salescli.services.core.permissions import require_manager
from salescli.services.core.session import Session, writes
from salescli.services.orders.contracts import get_contract, record_step, yours
from salescli.services.orders.credit import check_limit
from salescli.services.pipeline.lifecycle import win_opportunity
from salescli.services.pipeline.opportunities import get_opportunity

S = ContractStatus
# command: (the statuses it leaves, the status it reaches)
TRANSITIONS: dict[str, tuple[tuple[ContractStatus, ...], ContractStatus]] = {
    "submit": ((S.DRAFT,), S.SUBMITTED),
    "approve": ((S.SUBMITTED,), S.APPROVED),
    "sign": ((S.APPROVED,), S.SIGNED),
    "start": ((S.SIGNED,), S.ACTIVE),
    "complete": ((S.ACTIVE,), S.COMPLETED),
    "close": ((S.COMPLETED,), S.CLOSED),
    "suspend": ((S.ACTIVE,), S.SUSPENDED),
    "resume": ((S.SUSPENDED,), S.ACTIVE),
    "terminate": (
        (S.DRAFT, S.SUBMITTED, S.APPROVED, S.SIGNED, S.ACTIVE, S.SUSPENDED),
        S.TERMINATED,
    ),
}
NEEDS_REASON = ("suspend", "terminate")


def allowed_from(status: str) -> list[str]:
    """The commands that may move a contract on from ``status``."""
    return [command for command, (sources, _) in TRANSITIONS.items() if status in sources]


def check_transition(contract: Contract, command: str) -> ContractStatus:
    sources, target = TRANSITIONS[command]
    if contract.status not in sources:
        allowed = allowed_from(contract.status)
        raise Refused(
            f"contract {contract.number} is {contract.status}; it cannot {command}"
            + (f" (from {contract.status}: {', '.join(allowed)})" if allowed else ""),
            hint=None if allowed else f"a {contract.status} contract is at its end",
        )
    return target


def _move(
    session: Session,
    contract: Contract,
    command: str,
    *,
    reason: str | None = None,
    over_limit: str | None = None,
    notes: list[str] | None = None,
) -> ContractChange:
    target = check_transition(contract, command)
    reason = tidy(reason)
    if command in NEEDS_REASON and not reason:
        raise InvalidValue(f"say why the contract is {target.value} (--reason)")
    fields = "status = ?, status_on = ?, updated_at = ?"
    params: list[object] = [target.value, session.today.isoformat(), session.now()]
    if command in NEEDS_REASON:
        fields += ", status_reason = ?"
        params.append(reason)
    elif command == "resume":
        fields += ", status_reason = NULL"
    if command == "sign":
        fields += ", signed_on = ?"
        params.append(session.today.isoformat())
    # A completed contract is carried out: 100 %.
    progress = 100 if command == "complete" else None
    if progress is not None:
        fields += ", progress = 100"
    session.db.execute(f"UPDATE contract SET {fields} WHERE id = ?", (*params, contract.id))
    record_step(
        session,
        contract,
        action=command,
        to_status=target.value,
        progress=progress,
        note=reason,
        over_limit=over_limit,
    )
    record_event(
        session,
        entity="contract",
        entity_id=contract.id,
        action=command,
        changes={
            "status": [contract.status, target.value],
            **({"reason": reason} if reason else {}),
            **({"over_limit": over_limit} if over_limit else {}),
            **({"progress": [contract.progress, progress]} if progress is not None else {}),
        },
    )
    warnings = []
    if command == "close" and contract.balance > 0:
        warnings.append(
            f"contract {contract.number} is closed with {contract.balance:,.2f} of"
            f" {contract.amount:,.2f} unpaid; it stays owed"
            f" (salescli receivable list --contract {contract.number})"
        )
    return ContractChange(
        contract=get_contract(session, contract.id),
        action=command,
        from_status=contract.status,
        to_status=target.value,
        notes=notes or [],
        warnings=warnings,
    )


@writes
def change_status(
    session: Session, *, ref: str, command: str, reason: str | None = None
) -> ContractChange:
    """submit, approve (managers), start, complete, close, suspend, resume, terminate."""
    if command == "sign":
        return sign_contract(session, ref=ref)
    contract = yours(session, ref)
    if command == "approve":
        check_transition(contract, command)
        require_manager(session, "approve contracts")
    return _move(session, contract, command, reason=reason)


def open_deal(session: Session, *, ref: str) -> int | None:
    """The contract's deal, if it is still open or suspended (signing offers to win it)."""
    contract = yours(session, ref)
    if contract.opportunity_id is None:
        return None
    deal = get_opportunity(session, contract.opportunity_id)
    live = (OpportunityStatus.OPEN.value, OpportunityStatus.SUSPENDED.value)
    return deal.id if deal.status in live and not deal.archived_at else None


@writes
def sign_contract(
    session: Session,
    *,
    ref: str,
    win_deal: bool = False,
    over_limit: str | None = None,
) -> ContractChange:
    """Sign an approved contract, within the account's credit limit unless a manager
    passes it; with ``win_deal``, its deal is won too."""
    contract = yours(session, ref)
    check_transition(contract, "sign")
    passed = check_limit(
        session,
        account_id=contract.account_id,
        adding=contract.amount,
        what=f"signing {contract.number}",
        over_limit=over_limit,
    )
    notes: list[str] = []
    deal_id = open_deal(session, ref=str(contract.id))
    if deal_id is not None:
        if win_deal:
            won = win_opportunity(
                session,
                opportunity_id=deal_id,
                summary=f"contract {contract.number} signed",
            )
            notes.append(f"opportunity {won.id} ({won.name}) won")
        else:
            notes.append(
                f"opportunity {deal_id} is still open: win it with"
                f" 'salescli opp win {deal_id} --summary TEXT'"
            )
    return _move(session, contract, "sign", over_limit=passed, notes=notes)
