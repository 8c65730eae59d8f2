"""What the delete and merge commands of every group share: the confirmation, and the
service run in the book with its result reported."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from salescli.cli import prompts
from salescli.cli.context import state
from salescli.errors import Refused
from salescli.render import undo_views
from salescli.render.output import done, warn
from salescli.services.core.session import Session


def deleting(
    ctx: typer.Context,
    question: str,
    run: Callable[[Session], Any],
    *,
    yes: bool,
    as_json: bool,
) -> None:
    """Ask ``question`` on a terminal (elsewhere --yes is needed), then run the deletion
    or merge and say what it did."""
    if not yes:
        prompts.confirm_or_refuse(question, flag="--yes")
    with state(ctx).session(create=False) as session:
        result = run(session)
    done(undo_views.change_message(result), result, as_json=as_json)


ForceOpt = Annotated[
    bool, typer.Option("--force", help="Add it even if a lead or contact has its phone or email.")
]


def allow_look_alikes(
    session: Session, *, phone: str | None, email: str | None, what: str, force: bool
) -> bool:
    """Whether to add a record that looks like an existing one: on a terminal the user is
    shown the look-alikes and asked; elsewhere only --force adds it (the service refuses,
    naming them), since a warning in a script's or cron's output goes unread."""
    if force or not prompts.interactive():
        return force
    from salescli.services.core.duplicates import look_alikes

    found = look_alikes(session, phone=phone, email=email)
    if not found:
        return False
    for alike in found:
        warn(alike.describe())
    if not prompts.confirm(f"Add {what} anyway?"):
        raise Refused("nothing added")
    return True
