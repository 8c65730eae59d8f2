"""`salescli config`: the settings file."""

from __future__ import annotations

from typing import Annotated

import typer

from salescli import config
from salescli.cli.context import state
from salescli.cli.options import JsonOpt
from salescli.render import views
from salescli.render.output import done, emit_json

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
            "Store a setting in the config file, checked first (a bad value is refused).",
            "Settings:",
            *lines,
            "Example: salescli config set contract.renewal_days 45",
        ]
    )


@app.command("set", help=_settings_help())
def set_(
    key: Annotated[str, typer.Argument(help=f"One of: {', '.join(sorted(config.SETTINGS))}.")],
    value: Annotated[str, typer.Argument()],
    json: JsonOpt = False,
) -> None:
    setting = config.set_config_value(key, value)
    done(f"{setting.key} = {setting.value} (in {config.config_path()})", setting, as_json=json)


@app.command("unset")
def unset(
    key: Annotated[str, typer.Argument(help=f"One of: {', '.join(sorted(config.SETTINGS))}.")],
    json: JsonOpt = False,
) -> None:
    """Remove a setting from the config file, so its default (or environment) applies.

    Example: salescli config unset db
    """
    setting = config.unset_config_value(key)
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
