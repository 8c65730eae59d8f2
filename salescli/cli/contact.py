"""`salescli contact`: the people at an account."""

from __future__ import annotations

from typing import Annotated

import typer

from salescli.cli import prompts
from salescli.cli.account_value import ProfileClearOpt, ProfileSetOpt
from salescli.cli.context import state
from salescli.cli.options import (
    RECORD_ID,
    AllOpt,
    CsvOpt,
    DateFormatOpt,
    DateOpt,
    DryRunOpt,
    EditDateOpt,
    EmailOpt,
    EncodingOpt,
    ExcelOpt,
    ExportFile,
    ImportFile,
    JsonOpt,
    KeepExtraOpt,
    MapOpt,
    NameOpt,
    OnConflict,
    OnConflictOpt,
    OwnerOpt,
    PhoneOpt,
    SearchOpt,
    TitleOpt,
    ValueMapFileOpt,
    ValueMapOpt,
    choice_flag,
)
from salescli.cli.transfer import run_export, run_import
from salescli.models.enums import ContactRole
from salescli.models.records import Contact
from salescli.render import views
from salescli.render.output import done, emit, emit_list
from salescli.services.customers import contacts

app = typer.Typer(
    help="Contacts: the people at your accounts.", no_args_is_help=True, add_completion=False
)
RoleOpt = Annotated[
    ContactRole | None,
    choice_flag(
        ContactRole,
        "--role",
        what="decision role",
        metavar="ROLE",
        text="Their part in the buying decision",
    ),
]


@app.command("add")
def add(
    ctx: typer.Context,
    account: Annotated[str | None, typer.Argument(help="Account id, name or name prefix.")] = None,
    name: Annotated[str | None, typer.Argument(help="The contact's name.")] = None,
    title: TitleOpt = None,
    role: RoleOpt = None,
    phone: PhoneOpt = None,
    email: EmailOpt = None,
    birthday: DateOpt = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Add it even if a lead or contact has its phone or email."),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Add a contact to an account; a lead or contact with the same phone or email is
    named, and the contact added only on confirmation or with --force.

    Example: salescli contact add Acme "Dana Wu" --title CTO --role decision-maker --birthday 1980-04-02
    """
    account_ref = prompts.require(account, label="Account", flag="the ACCOUNT argument")
    contact_name = prompts.require(name, label="Contact name", flag="the NAME argument")
    with state(ctx).session() as session:
        from salescli.cli.cleanup import allow_look_alikes

        force = allow_look_alikes(
            session, phone=phone, email=email, what=f"contact {contact_name}", force=force
        )
        contact = contacts.add_contact(
            session,
            force=force,
            account=account_ref,
            name=contact_name,
            title=title,
            role=role,
            phone=phone,
            email=email,
            birthday=birthday,
        )
    done(f"added contact {contact.id}: {contact.name} at {contact.account}", contact, as_json=json)


@app.command("list")
def list_(
    ctx: typer.Context,
    account: Annotated[str | None, typer.Argument(help="Only this account's contacts.")] = None,
    search: SearchOpt = None,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    json: JsonOpt = False,
    csv: CsvOpt = False,
) -> None:
    """List contacts: one account's, or those of your accounts (or --owner's, or --all).

    Example: salescli contact list Acme
    """
    with state(ctx).session(create=False) as session:
        found = contacts.list_contacts(
            session, account=account, owner=owner, everyone=all_, search=search
        )
    emit_list(
        found,
        as_json=json,
        as_csv=csv,
        human=lambda: views.contacts_table(found),
        record_type=Contact,
    )


@app.command("show")
def show(
    ctx: typer.Context,
    contact_id: Annotated[int, typer.Argument(metavar="ID", click_type=RECORD_ID)],
    json: JsonOpt = False,
) -> None:
    """Show one contact.

    Example: salescli contact show 12
    """
    with state(ctx).session(create=False) as session:
        contact = contacts.get_contact(session, contact_id)
    emit(contact, as_json=json, human=lambda: views.contact_detail(contact))


@app.command("profile")
def profile(
    ctx: typer.Context,
    contact_id: Annotated[int, typer.Argument(metavar="ID", click_type=RECORD_ID)],
    set_: ProfileSetOpt = None,
    clear: ProfileClearOpt = None,
    json: JsonOpt = False,
) -> None:
    """A contact's structured profile, the same checklist as an account's: what is
    known, when and by whom, and what is missing.

    Example: salescli contact profile 12 --set interests.sports "marathons"
    """
    from salescli.cli.account_value import show_profile

    show_profile(ctx, "contact", str(contact_id), set_, clear, json)


@app.command("edit")
def edit(
    ctx: typer.Context,
    contact_id: Annotated[int, typer.Argument(metavar="ID", click_type=RECORD_ID)],
    name: NameOpt = None,
    title: TitleOpt = None,
    role: RoleOpt = None,
    phone: PhoneOpt = None,
    email: EmailOpt = None,
    birthday: EditDateOpt = None,
    account: Annotated[str | None, typer.Option("--account", help="Move to this account.")] = None,
    json: JsonOpt = False,
) -> None:
    """Change a contact's fields; an empty value ("") clears a field.

    Example: salescli contact edit 12 --title "VP Engineering" --phone "+86 138 0000 1111"
    """
    with state(ctx).session() as session:
        contact = contacts.edit_contact(
            session,
            contact_id=contact_id,
            name=name,
            title=title,
            role=role,
            phone=phone,
            email=email,
            birthday=birthday,
            account=account,
        )
    done(f"contact {contact.id}: {contact.name} saved", contact, as_json=json)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: ImportFile,
    map_: MapOpt = None,
    on_conflict: OnConflictOpt = OnConflict.UPDATE,
    dry_run: DryRunOpt = False,
    encoding: EncodingOpt = None,
    date_format: DateFormatOpt = None,
    value_map: ValueMapOpt = None,
    value_map_file: ValueMapFileOpt = None,
    keep_extra: KeepExtraOpt = False,
    json: JsonOpt = False,
) -> None:
    """Import contacts from CSV; the account column names an existing account (or its id).
    With --keep-extra, the columns it does not read become contact facts.

    Example: salescli contact import people.csv --map "Firma=account"
    """
    from salescli.services.customers import contacts_csv as csv_contacts

    run_import(
        ctx,
        csv_contacts.import_contacts,
        what="contacts",
        file=file,
        mapping=map_,
        on_conflict=on_conflict,
        dry_run=dry_run,
        encoding=encoding,
        as_json=json,
        date_format=date_format,
        value_maps=value_map,
        value_map_file=value_map_file,
        keep_extra=keep_extra,
    )


@app.command("export")
def export(
    ctx: typer.Context,
    file: ExportFile = None,
    account: Annotated[str | None, typer.Option("--account", help="Only this account's.")] = None,
    excel: ExcelOpt = False,
) -> None:
    """Export contacts as CSV.

    Example: salescli contact export contacts.csv --excel
    """
    from salescli.services.customers import contacts_csv as csv_contacts

    run_export(
        ctx,
        lambda session: csv_contacts.export_contacts(session, account=account),
        what="contacts",
        file=file,
        excel=excel,
    )


@app.command("delete")
def delete(
    ctx: typer.Context,
    contact_id: Annotated[int, typer.Argument(metavar="ID", click_type=RECORD_ID)],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask (needed off a terminal).")] = False,
    json: JsonOpt = False,
) -> None:
    """Delete a contact entered by mistake; deals, visits and leads that named them stay,
    naming nobody. 'salescli undo' puts it back.

    Example: salescli contact delete 12 --yes
    """
    from salescli.cli.cleanup import deleting
    from salescli.services.cleanup.delete import delete_contact

    deleting(
        ctx,
        f"Delete contact {contact_id}?",
        lambda session: delete_contact(session, contact_id=contact_id),
        yes=yes,
        as_json=json,
    )


@app.command("merge")
def merge(
    ctx: typer.Context,
    keep_id: Annotated[
        int, typer.Argument(metavar="KEEP", click_type=RECORD_ID, help="The contact to keep.")
    ],
    merge_id: Annotated[
        int,
        typer.Argument(
            metavar="DUPLICATE", click_type=RECORD_ID, help="The contact merged into it."
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask (needed off a terminal).")] = False,
    json: JsonOpt = False,
) -> None:
    """Merge a duplicate contact into another at the same account: its deals, visits and
    leads move over, its details fill the kept contact's empty ones, and it is deleted.
    'salescli undo' takes the merge back.

    Example: salescli contact merge 12 15
    """
    from salescli.cli.cleanup import deleting
    from salescli.services.cleanup.merge import merge_contacts

    deleting(
        ctx,
        f"Merge contact {merge_id} into contact {keep_id}, deleting {merge_id}?",
        lambda session: merge_contacts(session, keep_id=keep_id, merge_id=merge_id),
        yes=yes,
        as_json=json,
    )
