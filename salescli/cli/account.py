"""`salescli account`: customers and prospects, their facts and contacts."""

from __future__ import annotations

from typing import Annotated

import typer

from salescli import config
from salescli.cli import account_value, prompts
from salescli.cli.context import state
from salescli.cli.options import (
    AddressOpt,
    AllOpt,
    AmountOpt,
    AssignOpt,
    CheckedType,
    CsvOpt,
    DryRunOpt,
    EmailOpt,
    EncodingOpt,
    ExcelOpt,
    ExportFile,
    ImportFile,
    IndustryOpt,
    JsonOpt,
    KeepExtraOpt,
    MapOpt,
    NameOpt,
    OnConflict,
    OnConflictOpt,
    OwnerOpt,
    PhoneOpt,
    RegionOpt,
    WebsiteOpt,
    choice_flag,
)
from salescli.cli.transfer import run_export, run_import
from salescli.errors import UsageProblem
from salescli.models.enums import AccountStatus, DefectionReason, LifecycleStage
from salescli.models.records import Account, Fact
from salescli.render.cells import text
from salescli.render.output import done, emit, emit_line, emit_list, say
from salescli.services.customers import accounts

app = typer.Typer(
    help="Accounts: customers and prospects.", no_args_is_help=True, add_completion=False
)
Ref = Annotated[str, typer.Argument(metavar="REF", help="Account id, name, or a name prefix.")]
STATUS_FLAG = choice_flag(
    AccountStatus, "--status", what="account status", metavar="STATUS",
    text="Where the account stands",
)  # fmt: skip
Status = Annotated[AccountStatus | None, STATUS_FLAG]
LIFECYCLE_FLAG = choice_flag(
    LifecycleStage, "--lifecycle", what="lifecycle stage", metavar="STAGE",
    text="Only accounts at this stage (README \"Customer value\" has the rules)",
)  # fmt: skip


def class_flag(text: str) -> typer.models.OptionInfo:
    """--class, read by the service's own parser: another value is bad usage (exit 2)."""
    return typer.Option(
        "--class", metavar="A|B|C|D", click_type=CheckedType(accounts.abc_class, "class"), help=text
    )


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="The company's (or person's) name.")] = None,
    industry: IndustryOpt = None,
    region: RegionOpt = None,
    phone: PhoneOpt = None,
    email: EmailOpt = None,
    address: AddressOpt = None,
    website: WebsiteOpt = None,
    status: Annotated[AccountStatus, STATUS_FLAG] = AccountStatus.PROSPECT,
    owner: AssignOpt = None,
    json: JsonOpt = False,
) -> None:
    """Add an account (owned by you unless --owner says otherwise).

    Example: salescli account add "华为技术" --industry telecom --region Shenzhen --phone 0755-2878
    """
    account_name = prompts.require(name, label="Account name", flag="the NAME argument")
    with state(ctx).session() as session:
        account = accounts.add_account(
            session,
            name=account_name,
            industry=industry,
            region=region,
            phone=phone,
            email=email,
            address=address,
            website=website,
            status=status,
            owner=owner,
        )
    done(f"added account {account.id}: {account.name}", account, as_json=json)


@app.command("list")
def list_(
    ctx: typer.Context,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    status: Status = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            metavar="TEXT",
            help="Match every word in name, e-mail, external id, phone, industry, region or"
            " address, or a phone number however written.",
        ),
    ] = None,
    rank: Annotated[str | None, class_flag("Only accounts of this class.")] = None,
    sort: Annotated[
        str | None,
        typer.Option(
            "--sort",
            metavar="revenue",
            help="revenue: highest revenue of the last 12 months first, with the value columns.",
        ),
    ] = None,
    lifecycle: Annotated[LifecycleStage | None, LIFECYCLE_FLAG] = None,
    json: JsonOpt = False,
    csv: CsvOpt = False,
) -> None:
    """List your accounts (or --owner's, or --all). With --class, --sort revenue or
    --lifecycle, each row shows its class, VIP, revenue of the last 12 months and
    lifecycle stage.

    Example: salescli account list --all --class A --sort revenue
    """
    from salescli.render import views

    if sort is not None and sort.strip().lower() != "revenue":
        raise UsageProblem(f"--sort: '{sort}' is not a sort order", hint="use --sort revenue")
    with state(ctx).session(create=False) as session:
        found = accounts.list_accounts(
            session, owner=owner, everyone=all_, status=status, search=search, rank=rank
        )
        # A value filter (--class, --lifecycle) or order shows the value columns, so
        # the rows show what picked them, with the same keys in --json whichever it is.
        if sort is not None or lifecycle is not None or rank is not None:
            account_value.list_valued(
                session, found, lifecycle=lifecycle, by_revenue=sort is not None, json=json, csv=csv
            )
            return
    emit_list(
        found,
        as_json=json,
        as_csv=csv,
        human=lambda: views.accounts_table(found),
        record_type=Account,
    )


@app.command("show")
def show(ctx: typer.Context, ref: Ref, json: JsonOpt = False) -> None:
    """Show an account: its details, value (revenue, class, lifecycle, lifetime value),
    facts, contacts, leads, deals and activities.

    Example: salescli account show 华为
    """
    # Here, not at the top: the page's services and views are imported by this command
    # only, not by every account command (classify paid 50-80 ms for them).
    from salescli.render import views
    from salescli.services.overview import account as overview_account

    rules = config.value_rules()
    with state(ctx).session(create=False) as session:
        detail = overview_account.show_account(session, ref=ref, rules=rules)
        today = session.today
    emit(detail, as_json=json, human=lambda: views.account_detail(detail, today))


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: Ref,
    name: NameOpt = None,
    industry: IndustryOpt = None,
    region: RegionOpt = None,
    phone: PhoneOpt = None,
    email: EmailOpt = None,
    address: AddressOpt = None,
    website: WebsiteOpt = None,
    status: Status = None,
    owner: AssignOpt = None,
    rank: Annotated[
        str | None,
        class_flag("ABC class by value (A: the most valuable; contacted most often)."),
    ] = None,
    pin: Annotated[
        bool | None,
        typer.Option(
            "--pin/--unpin",
            help="Keep the class through 'account classify --apply' (or no longer).",
            show_default=False,
        ),
    ] = None,
    lost_reason: Annotated[
        str | None,
        typer.Option(
            "--lost-reason",
            metavar="REASON",
            help="Why the customer left or buys less: "
            + ", ".join(DefectionReason.values())
            + ' ("" clears it).',
        ),
    ] = None,
    lost_note: Annotated[
        str | None,
        typer.Option("--lost-note", metavar="TEXT", help="What they said, in words."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Change an account's fields; an empty value ("") clears a field.

    Example: salescli account edit Acme --status customer --class A --phone "+1 555 0100"
    """
    with state(ctx).session() as session:
        account = accounts.edit_account(
            session,
            ref=ref,
            name=name,
            industry=industry,
            region=region,
            phone=phone,
            email=email,
            address=address,
            website=website,
            status=status,
            owner=owner,
            rank=rank,
            pinned=pin,
            lost_reason=lost_reason,
            lost_note=lost_note,
        )
    done(f"account {account.id}: {account.name} saved", account, as_json=json)


@app.command("fact")
def fact(
    ctx: typer.Context,
    ref: Ref,
    key: Annotated[
        str | None, typer.Argument(help="What it is about: family, interests... Leave out to list.")
    ] = None,
    value: Annotated[str | None, typer.Argument(help="Leave out to show the fact.")] = None,
    remove: Annotated[bool, typer.Option("--remove", help="Delete the fact.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Delete without asking.")] = False,
    json: JsonOpt = False,
) -> None:
    """Record a profile fact a successor would need; without VALUE show it, without KEY
    list them all.

    Example: salescli account fact Acme family "two kids, daughter at MIT"
    """
    from salescli.render import views

    if key is None:
        if value is not None or remove:
            raise UsageProblem("name the fact (KEY) to set or remove")
        with state(ctx).session(create=False) as session:
            facts = accounts.facts_of(session, ref=ref)
        emit_list(
            facts,
            as_json=json,
            as_csv=False,
            human=lambda: views.facts_table(facts),
            record_type=Fact,
        )
        return
    if remove and value is not None:
        raise UsageProblem("give a VALUE or --remove, not both")
    if remove and not yes:
        prompts.confirm_or_refuse(f"Remove the fact '{key}' of {ref}?", flag="--yes")
    with state(ctx).session(create=value is not None) as session:
        if remove:
            found = accounts.remove_fact(session, ref=ref, key=key)
        elif value is None:
            found = accounts.get_fact(session, ref=ref, key=key)
        else:
            found = accounts.set_fact(session, ref=ref, key=key, value=value)
    if remove or value is not None:
        done(f"fact '{found.key}' {'removed' if remove else 'saved'}", found, as_json=json)
    else:
        emit(found, as_json=json, human=lambda: emit_line(found.value))


@app.command("import")
def import_(
    ctx: typer.Context,
    file: ImportFile,
    map_: MapOpt = None,
    on_conflict: OnConflictOpt = OnConflict.UPDATE,
    dry_run: DryRunOpt = False,
    encoding: EncodingOpt = None,
    keep_extra: KeepExtraOpt = False,
    json: JsonOpt = False,
) -> None:
    """Import accounts from CSV; rows match existing ones by id, external_id or name.
    With --keep-extra, the columns it does not read become account facts.

    Example: salescli account import customers.csv --map "Client=name" --dry-run
    """
    from salescli.services.customers import accounts_csv as csv_accounts

    run_import(
        ctx,
        csv_accounts.import_accounts,
        what="accounts",
        file=file,
        mapping=map_,
        on_conflict=on_conflict,
        dry_run=dry_run,
        encoding=encoding,
        as_json=json,
        keep_extra=keep_extra,
    )


@app.command("export")
def export(
    ctx: typer.Context,
    file: ExportFile = None,
    owner: OwnerOpt = None,
    excel: ExcelOpt = False,
) -> None:
    """Export accounts as CSV (every account, or --owner's), with what the book computes
    of their value: revenue of the last 12 months, pinned class, VIP, lifecycle stage and
    lifetime value (read-only: an import leaves them out).

    Example: salescli account export accounts.csv --excel
    """
    from salescli.services.value.export import export_accounts_with_value

    rules = config.value_rules()
    run_export(
        ctx,
        lambda session: export_accounts_with_value(session, rules=rules, owner=owner),
        what="accounts",
        file=file,
        excel=excel,
    )


@app.command("delete")
def delete(
    ctx: typer.Context,
    ref: Ref,
    cascade: Annotated[
        bool, typer.Option("--cascade", help="Delete the account's deals too.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask (needed off a terminal).")] = False,
    json: JsonOpt = False,
) -> None:
    """Delete an account entered by mistake, with its contacts, activities and facts;
    refused while it has deals unless --cascade. 'salescli undo' puts it all back.

    Example: salescli account delete "Acme Corp" --yes
    """
    from salescli.cli.cleanup import deleting
    from salescli.services.cleanup.delete import delete_account

    deals = " and its deals" if cascade else ""
    deleting(
        ctx,
        f"Delete account {ref} with its contacts, activities, facts{deals}?",
        lambda session: delete_account(session, ref=ref, cascade=cascade),
        yes=yes,
        as_json=json,
    )


@app.command("merge")
def merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(metavar="KEEP", help="The account to keep.")],
    duplicate: Annotated[
        str, typer.Argument(metavar="DUPLICATE", help="The account merged into it.")
    ],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask (needed off a terminal).")] = False,
    json: JsonOpt = False,
) -> None:
    """Merge a duplicate account into another: its contacts, deals, activities and leads
    move over, its facts and details fill the kept account's empty ones, and it is
    deleted. 'salescli undo' takes the merge back.

    Example: salescli account merge "Acme Corp" "ACME Corporation"
    """
    from salescli.cli.cleanup import deleting
    from salescli.services.cleanup.merge import merge_accounts

    deleting(
        ctx,
        f"Merge account {duplicate} into {keep}, deleting {duplicate}?",
        lambda session: merge_accounts(session, keep=keep, merge=duplicate),
        yes=yes,
        as_json=json,
    )


@app.command("credit")
def credit(
    ctx: typer.Context,
    ref: Ref,
    limit: AmountOpt = None,
    rating: Annotated[
        str | None, typer.Option("--rating", metavar="A|B|C|D", help="Set the rating.")
    ] = None,
    score: Annotated[
        str | None,
        typer.Option(
            "--score",
            metavar="5C",
            help="A 5C assessment, each 1-5: character=4,capacity=3,capital=3,collateral=2,"
            "conditions=4. The rating follows from the total: A 21-25, B 17-20, C 13-16, D 5-12.",
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="Why, kept with the assessment.")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Show an account's credit: rating, limit, outstanding, exposure and headroom. With
    --limit, --rating or --score, a manager sets them (every assessment is kept).

    Example: salescli account credit Acme --limit 500000 --score character=4,capacity=3,capital=3,collateral=2,conditions=4
    """
    from salescli.render import contract_views
    from salescli.services.orders import credit as credit_service

    setting = limit is not None or rating is not None or score is not None
    flag_days = config.reminder_settings().receivable_overdue
    with state(ctx).session(create=setting) as session:
        if setting:
            result = credit_service.set_credit(
                session,
                ref=ref,
                limit=limit,
                rating=rating,
                scores=credit_service.parse_scores(score) if score is not None else None,
                note=note,
                flag_days=flag_days,
            )
        else:
            result = credit_service.show_credit(session, ref=ref, flag_days=flag_days)
    if setting and not json:
        say(
            f"credit of {result.account}: rating {result.rating or '-'}, limit"
            f" {text(result.credit_limit) or 'none'}"
        )
    emit(result, as_json=json, human=lambda: contract_views.credit_view(result))


# Customer value: classes, VIP nomination and the profile (cli/account_value.py).
app.command("classify")(account_value.classify)
app.command("vip")(account_value.vip)
app.command("profile")(account_value.profile)
