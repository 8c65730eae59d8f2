"""``@record`` (models/frozen.py) behaves as ``@dataclass(frozen=True)`` does: each test
makes the same class both ways and compares what a caller sees."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from salescli.models.frozen import record


def twins(body: str) -> tuple[type, type]:
    """The class ``body`` describes, made by @record and by @dataclass(frozen=True)."""
    scope: dict[str, object] = {"record": record, "dataclass": dataclass, "field": field}
    source = f"@record\nclass Deal:\n{body}\n@dataclass(frozen=True)\nclass Deal2:\n{body}\n"
    exec(source, scope)
    made, reference = scope["Deal"], scope["Deal2"]
    assert isinstance(made, type) and isinstance(reference, type)
    return made, reference


PLAIN = """
    id: int
    name: str
    amount: float = 0.0
    tags: list = field(default_factory=list)
    note: str = field(default='', repr=False, compare=False)
"""


def test_instances_read_repr_and_compare_as_a_frozen_dataclass_does() -> None:
    made, reference = twins(PLAIN)
    deal = made(1, "Acme", amount=9.5)
    twin = reference(1, "Acme", amount=9.5)
    assert (
        repr(deal)
        == repr(twin).replace("Deal2", "Deal")
        == "Deal(id=1, name='Acme', amount=9.5, tags=[])"
    )
    assert dataclasses.asdict(deal) == dataclasses.asdict(twin)
    assert deal == made(1, "Acme", 9.5, [], note="ignored by compare")
    assert deal != made(2, "Acme", 9.5)
    assert deal != twin  # another class, as dataclasses compare
    assert made(1, "Acme", 9.5, (1,)).__hash__() == hash((1, "Acme", 9.5, (1,)))
    assert hash(made(1, "Acme", 9.5, (1,))) == hash(reference(1, "Acme", 9.5, (1,)))
    assert [f.name for f in dataclasses.fields(deal)] == ["id", "name", "amount", "tags", "note"]
    assert dataclasses.is_dataclass(deal) and made.__match_args__ == reference.__match_args__


def test_fields_cannot_be_changed_or_deleted() -> None:
    made, _ = twins(PLAIN)
    deal = made(1, "Acme")
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'name'"):
        deal.name = "Other"
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'name'"):
        del deal.name
    changed = dataclasses.replace(deal, name="Other")
    assert (changed.name, deal.name, changed.id) == ("Other", "Acme", 1)


def test_each_instance_gets_its_own_default_from_a_factory() -> None:
    made, _ = twins(PLAIN)
    first, second = made(1, "A"), made(2, "B")
    first.tags.append("vip")
    assert (first.tags, second.tags, made(3, "C", tags=["x"]).tags) == (["vip"], [], ["x"])


def test_wrong_arguments_are_refused_as_python_refuses_them() -> None:
    made, _ = twins(PLAIN)
    with pytest.raises(
        TypeError, match=r"Deal.__init__\(\) missing 1 required positional argument: 'name'"
    ):
        made(1)
    with pytest.raises(TypeError, match="unexpected keyword argument 'owner'"):
        made(1, "Acme", owner="maria")


def test_a_field_without_default_after_one_with_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(
        TypeError, match="non-default argument 'name' follows default argument 'id'"
    ):
        twins("    id: int = 0\n    name: str\n")


def test_a_class_keeps_its_own_repr_and_equality() -> None:
    made, reference = twins(
        "    id: int\n"
        "    def __repr__(self):\n        return f'deal {self.id}'\n"
        "    def __eq__(self, other):\n        return True\n"
    )
    assert repr(made(4)) == "deal 4"
    assert made(4) == "anything"
    # An __eq__ of its own and no __hash__: hashed by its fields, as dataclasses do.
    assert hash(made(4)) == hash(reference(4)) == hash((4,))


def test_a_record_extends_another_with_the_fields_of_both() -> None:
    scope: dict[str, object] = {"record": record}
    exec(
        "@record\nclass Base:\n    id: int\n@record\nclass Child(Base):\n    name: str = 'x'\n",
        scope,
    )
    child_type = scope["Child"]
    assert isinstance(child_type, type)
    child = child_type(7)
    assert (child.id, child.name, repr(child)) == (7, "x", "Child(id=7, name='x')")
