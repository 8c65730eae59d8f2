"""What keeps start-up cheap, checked for behaviour (never for time: benchmarks/ measures
that): records made on first use, exactly as before."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil

import pytest

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


@pytest.mark.parametrize("name", sorted(records.HOMES))
def test_each_record_is_a_frozen_dataclass_from_its_home(name: str) -> None:
    record: type = getattr(records, name)
    assert record.__module__ == f"{records.__name__}.{records.HOMES[name]}"
    assert dataclasses.is_dataclass(record)
    assert getattr(record, "__dataclass_params__").frozen  # noqa: B009
    assert record.__qualname__ == name  # its repr, Lead(id=1, ...), is unchanged


def test_a_name_that_is_no_record_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        records.Nothing  # type: ignore[attr-defined]  # noqa: B018
