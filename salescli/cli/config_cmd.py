"""`salescli config`: the settings file."""

from __future__ import annotations

from typing import Annotated

import typer

from salescli import config
from salescli.cli.context import state
from salescli.cli.options import JsonOpt
from salescli.render import views
from salescli.render.output import done, emit_json, warn

app = typer.Typer(
    help="Settings: show, set, unset, path.", no_args_is_help=True, add_completion=False
)


@app.command("show")
def show(ctx: typer.Context, json: JsonOpt = False) -> None:
    """Show every setting in force and where it comes from (option, env, config, default).

    Example: salescli config show
    """
    app_state = state(ctx)
    settings = config.all_settings(db_option=app_state.db_option, rep_option=app_state.rep_option)
    if app_state.db_path.exists():
        from salescli.services.core import book_settings

        with app_state.session(create=False) as session:
            found = book_settings.currency(session)
        settings = [
            config.Setting(setting.key, found.value, found.source)
            if setting.key == book_settings.CURRENCY
            else setting
            for setting in settings
        ]
    if json:
        emit_json(settings)
    else:
        views.settings_table(settings)


def _settings_help() -> str:
    """Every setting with what it does and its default, for `config set --help`."""
    lines = [
        f"{spec.key}: {spec.help}" + ("" if spec.default is None else f" (default {spec.default})")
        for spec in config.SETTINGS.values()
    ]
    return "\n\n".join(
        [
            "Store a setting in the config file, checked first (a bad value is refused);"
            " currency is the book's, stored in the book (amounts in it are not converted).",
            "Settings:",
            *lines,
            "Example: salescli config set contract.renewal_days 45",
        ]
    )


@app.command("set", help=_settings_help())
def set_(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help=f"One of: {', '.join(sorted(config.SETTINGS))}.")],
    value: Annotated[str, typer.Argument()],
    json: JsonOpt = False,
) -> None:
    if key == "currency":
        _set_currency(ctx, value, as_json=json)
        return
    setting = config.set_config_value(key, value)
    done(f"{setting.key} = {setting.value} (in {config.config_path()})", setting, as_json=json)


def _set_currency(ctx: typer.Context, value: str, *, as_json: bool) -> None:
    """The currency is the book's: two users of one book must not import in two."""
    from salescli.services.core import book_settings

    app_state = state(ctx)
    with app_state.session() as session:
        change = book_settings.set_currency(session, value)
    if change.unconverted_deals:
        warn(
            f"amounts are not converted: the book's {change.unconverted_deals}"
            f" deal{'s' if change.unconverted_deals != 1 else ''} in {change.previous}"
            f" now read as {change.value}"
        )
    done(f"currency = {change.value} (in the book {app_state.db_path})", change, as_json=as_json)


@app.command("unset")
def unset(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help=f"One of: {', '.join(sorted(config.SETTINGS))}.")],
    json: JsonOpt = False,
) -> None:
    """Remove a setting from the config file, so its default (or environment) applies
    (currency: from the book and the config file).

    Example: salescli config unset db
    """
    setting = config.unset_config_value(key)
    if key == "currency" and state(ctx).db_path.exists():
        from salescli.services.core import book_settings

        with state(ctx).session(create=False) as session:
            found = book_settings.unset_currency(session)
        setting = config.Setting(key, found.value, found.source)
    shown = "" if setting.value is None else f" = {setting.value}"
    done(
        f"{key} removed from {config.config_path()}; now{shown} ({setting.source})",
        setting,
        as_json=json,
    )


@app.command("path")
def path() -> None:
    """Print the config file's path.

    Example: salescli config path
    """
    typer.echo(str(config.config_path()))
