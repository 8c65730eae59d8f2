"""What keeps start-up cheap, checked for behaviour (never for time: benchmarks/ measures
that): records and commands made on first use, exactly as before."""

from __future__ import annotations

import dataclasses
import gc
import importlib
import inspect
import pkgutil
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from salescli.cli import app as cli_app
from salescli.models import records


def test_every_record_is_found_where_the_facade_says() -> None:
    defined = {}
    for module_info in pkgutil.iter_modules(records.__path__):
        module = importlib.import_module(f"{records.__name__}.{module_info.name}")
        for name, value in vars(module).items():
            if inspect.isclass(value) and value.__module__ == module.__name__:
                defined[name] = module_info.name
    assert defined == records.HOMES
    assert sorted(records.__all__) == sorted(records.HOMES)


# Records built by the hundred thousand are named tuples (DESIGN.md "Services").
NAMED_TUPLES = {"ClassRow"}


@pytest.mark.parametrize("name", sorted(records.HOMES))
def test_each_record_is_a_frozen_dataclass_from_its_home(name: str) -> None:
    record: type = getattr(records, name)
    assert record.__module__ == f"{records.__name__}.{records.HOMES[name]}"
    if name in NAMED_TUPLES:
        assert issubclass(record, tuple) and hasattr(record, "_fields")
    else:
        assert dataclasses.is_dataclass(record)
        # Made by @record (models/frozen.py): an instance's fields cannot be changed.
        made = record(*[None] * len(dataclasses.fields(record)))
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.id = 0
    assert record.__qualname__ == name  # its repr, Lead(id=1, ...), is unchanged


def test_a_name_that_is_no_record_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        records.Nothing  # type: ignore[attr-defined]  # noqa: B018


def _help_outputs() -> dict[tuple[str, ...], tuple[int, str, str]]:
    """Every group's and command's help, and a mistyped command in each group."""
    runner = CliRunner()
    outputs = {}
    cases: list[tuple[str, ...]] = [("--help",)]
    for group in cli_app.LAZY_COMMANDS:
        cases += [(group, "--help"), (group, "no-such-command")]
        command = cli_app._load_command(group)
        for name in getattr(command, "commands", {}):
            cases.append((group, name, "--help"))
            nested = command.commands[name]
            cases += [(group, name, sub, "--help") for sub in getattr(nested, "commands", {})]
    for case in cases:
        result = runner.invoke(cli_app.app, list(case))
        outputs[case] = (result.exit_code, result.stdout, result.stderr)
    return outputs


def test_groups_made_on_demand_show_the_help_typer_would(monkeypatch: pytest.MonkeyPatch) -> None:
    cli_app._load_command.cache_clear()
    on_demand = _help_outputs()
    cli_app._load_command.cache_clear()
    monkeypatch.setattr(cli_app, "_group_command", typer.main.get_command)
    try:
        made_by_typer = _help_outputs()
    finally:
        cli_app._load_command.cache_clear()
    assert len(on_demand) > 100
    assert on_demand == made_by_typer


def test_a_group_makes_only_the_command_that_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    from salescli.cli import lead

    made: list[str] = []
    make = typer.main.get_command_from_info

    def counted(info: Any, **options: Any) -> Any:
        command = make(info, **options)
        made.append(str(command.name))
        return command

    monkeypatch.setattr(typer.main, "get_command_from_info", counted)
    group = cli_app._group_command(lead.app)
    assert "list" in group.commands and "import" in list(group.commands)
    assert group.commands["list"] is group.commands["list"]
    assert made == ["list"]


def test_the_collector_is_on_again_once_a_command_is_loaded() -> None:
    frozen = gc.get_freeze_count()
    cli_app._loaded()  # as in a test run: the collector was never turned off
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen  # nothing frozen behind a test's back
    gc.disable()  # as main() leaves it
    try:
        cli_app._loaded()
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()
        gc.enable()
