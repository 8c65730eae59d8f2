"""What the delete and merge commands of every group share: the confirmation, and the
service run in the book with its result reported."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

from salescli.cli import prompts
from salescli.cli.context import state
from salescli.render import undo_views
from salescli.render.output import done
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
