"""`salescli account classify`, `vip` and `profile`: customer value, registered on the
account app by cli/account.py (kept apart so that module stays one about records)."""

from __future__ import annotations

from typing import Annotated

import typer

from salescli import config
from salescli.cli.context import state
from salescli.cli.options import AllOpt, CsvOpt, JsonOpt, OwnerOpt, WholeNumber, choice_flag
from salescli.errors import UsageProblem
from salescli.models.enums import LifecycleStage, RevenueBasis
from salescli.models.records import Account
from salescli.render.output import done, emit, emit_list
from salescli.services.core.session import Session

BASIS_FLAG = choice_flag(
    RevenueBasis, "--basis", what="revenue basis", metavar="BASIS",
    text="What counts as revenue: won deals by close date, contracted: signed contracts by"
    " signing date, collected: receipts by receipt date",
)  # fmt: skip
BasisOpt = Annotated[RevenueBasis, BASIS_FLAG]
MonthsOpt = Annotated[
    int,
    typer.Option(
        "--months",
        click_type=WholeNumber(1, 120),
        metavar="N",
        help="Revenue over the N months to today.",
    ),
]
Ref = Annotated[str, typer.Argument(metavar="REF", help="Account id, name, or a name prefix.")]
ProfileSetOpt = Annotated[
    tuple[str, str] | None,
    typer.Option(
        "--set",
        metavar="KEY VALUE",
        help="Answer a question: heading.question and the answer (family.children 'two').",
    ),
]
ProfileClearOpt = Annotated[
    str | None, typer.Option("--clear", metavar="KEY", help="Forget an answer.")
]


def classify(
    ctx: typer.Context,
    months: MonthsOpt = 12,
    basis: BasisOpt = RevenueBasis.WON,
    apply: Annotated[
        bool, typer.Option("--apply", help="Write the proposed classes and VIP flags.")
    ] = False,
    changed: Annotated[
        bool, typer.Option("--changed", help="Show only the accounts whose class or VIP changes.")
    ] = False,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    json: JsonOpt = False,
    csv: CsvOpt = False,
) -> None:
    """Compute ABC classes and VIP flags from revenue (README "Customer value" has the
    rules) and show them next to the current ones; --apply writes them, pinned classes kept.

    Example: salescli account classify --all --months 12 --apply
    """
    from salescli.models.records import ClassRow
    from salescli.render.value_views import classification_view
    from salescli.services.value.classify import classify_accounts

    rules = config.value_rules()
    with state(ctx).session(create=False) as session:
        result = classify_accounts(
            session,
            rules=rules,
            basis=basis,
            months=months,
            owner=owner,
            everyone=all_,
            apply=apply,
            changed_only=changed,
        )
    if csv:
        emit_list(result.rows, as_json=json, as_csv=True, human=lambda: None, record_type=ClassRow)
    else:
        emit(result, as_json=json, human=lambda: classification_view(result))
    if apply:
        done(f"classified: {result.changed} accounts changed", None, as_json=False)


def vip(
    ctx: typer.Context,
    ref: Ref,
    reason: Annotated[
        str | None,
        typer.Option("--reason", metavar="TEXT", help="Why the company makes it a VIP."),
    ] = None,
    remove: Annotated[bool, typer.Option("--remove", help="Take the nomination back.")] = False,
    json: JsonOpt = False,
) -> None:
    """Nominate an account VIP with a reason (a manager's decision, kept whatever the VIP
    rule computes), or take the nomination back.

    Example: salescli account vip Acme --reason "strategic partner for 2027"
    """
    from salescli.services.value.classify import nominate_vip

    if (reason is None) == (not remove):
        raise UsageProblem("give --reason TEXT or --remove")
    with state(ctx).session() as session:
        account = nominate_vip(session, ref=ref, reason=None if remove else reason)
    said = "no longer nominated VIP" if remove else "nominated VIP"
    done(f"account {account.id}: {account.name} {said}", account, as_json=json)


def list_valued(
    session: Session,
    found: list[Account],
    *,
    lifecycle: LifecycleStage | None,
    by_revenue: bool,
    json: bool,
    csv: bool,
) -> None:
    """`account list --sort revenue` / `--lifecycle` / `--class`: the accounts with their
    value."""
    from salescli.models.records import ValuedAccount
    from salescli.render.value_views import valued_accounts_table
    from salescli.services.value.listing import valued_accounts

    rows = valued_accounts(
        session,
        accounts=found,
        rules=config.value_rules(),
        lifecycle=lifecycle,
        by_revenue=by_revenue,
    )
    emit_list(
        rows,
        as_json=json,
        as_csv=csv,
        human=lambda: valued_accounts_table(rows, with_reason=lifecycle is not None),
        record_type=ValuedAccount,
    )


def profile(
    ctx: typer.Context,
    ref: Ref,
    set_: ProfileSetOpt = None,
    clear: ProfileClearOpt = None,
    json: JsonOpt = False,
) -> None:
    """The account's structured profile: a checklist of questions a successor needs
    answered (company, person, family, education, career, interests, history, plans),
    what is known, when and by whom, and what is missing.

    Example: salescli account profile Acme --set family.children "two, daughter abroad"
    """
    show_profile(ctx, "account", ref, set_, clear, json)


def show_profile(
    ctx: typer.Context,
    kind: str,
    ref: str,
    set_: tuple[str, str] | None,
    clear: str | None,
    json: bool,
) -> None:
    from salescli.render.value_views import profile_view
    from salescli.services.value.profile import checklist, profile_of, set_profile

    if set_ is not None and clear is not None:
        raise UsageProblem("give --set or --clear, not both")
    changing = set_ is not None or clear is not None
    with state(ctx).session(create=changing) as session:
        if set_ is not None:
            found = set_profile(session, kind=kind, ref=ref, key=set_[0], value=set_[1])
        elif clear is not None:
            found = set_profile(session, kind=kind, ref=ref, key=clear, value=None)
        else:
            found = profile_of(session, kind=kind, ref=ref)
    if changing:
        key = set_[0] if set_ is not None else clear
        done(f"{kind} {found.id}: {key} {'saved' if set_ else 'forgotten'}", found, as_json=json)
    else:
        emit(found, as_json=json, human=lambda: profile_view(found, checklist().titles))
