"""`salescli remind`: the daily digest, for a rep at the terminal or for cron."""

from __future__ import annotations

from typing import Annotated

import typer

from salescli import config
from salescli.cli.context import state
from salescli.cli.options import JsonOpt, WholeNumber
from salescli.render.output import emit, warn
from salescli.render.remind_views import digest_view
from salescli.services.activities import remind as reminders

OwnerOpt = Annotated[
    str | None,
    typer.Option("--owner", metavar="HANDLE", help="This rep's digest instead of yours."),
]
AllOpt = Annotated[bool, typer.Option("--all", help="Every active rep's, grouped by rep.")]
DaysOpt = Annotated[
    int,
    typer.Option(
        "--days",
        click_type=WholeNumber(0, reminders.MAX_DAYS),
        metavar="N",
        help="How many days ahead 'coming up' looks.",
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print nothing at all when nothing is due (cron).")
]


def remind(
    ctx: typer.Context,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    days: DaysOpt = reminders.DEFAULT_DAYS,
    quiet: QuietOpt = False,
    json: JsonOpt = False,
) -> None:
    """What is due: overdue, collections, today, contacts due by cadence, stalled deals,
    close dates passed, quotes unanswered or expiring, contracts, campaigns, and what is
    coming up (your records; --owner's, or --all grouped by rep). Day counts are
    settings ('salescli config show').

    Exit 0 whether or not anything is due.

    Example: salescli remind --days 14
    """
    with state(ctx).session(create=False) as session:
        digest = reminders.remind(
            session, owner=owner, everyone=all_, days=days, settings=config.reminder_settings()
        )
    if quiet and not digest.items:
        return
    if digest.rep is not None and not digest.rep.active:
        warn(f"rep {digest.rep.handle} is inactive: their records are reminded to no one")
    emit(digest.items, as_json=json, human=lambda: digest_view(digest))


app = typer.Typer(add_completion=False)
app.command("remind")(remind)
