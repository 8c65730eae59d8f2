"""``@record``: the frozen dataclass every service returns, made cheaply.

``@dataclass(frozen=True)`` generates six methods per class as source text and compiles
each: measured at 1.0-1.7 ms a class on this project's records (Python 3.11), which put
~95 ms of class making into one ``account show`` (107 classes). ``@record`` gives the
same class, a real dataclass (``dataclasses.fields``, ``replace``, ``asdict`` and
``is_dataclass`` work, mypy checks it as a frozen dataclass), for ~0.3 ms:

- ``dataclasses.dataclass(init=False, repr=False, eq=False)`` collects the fields and
  compiles nothing;
- ``__setattr__`` and ``__delattr__`` refuse with ``FrozenInstanceError``, and ``__eq__``,
  ``__hash__`` and ``__repr__`` compare, hash and show the fields, as the generated ones
  do; they are shared functions, not compiled per class;
- ``__init__`` is compiled on the class's first instance (most commands make a handful of
  the classes they load), and sets the fields straight into the instance's ``__dict__``,
  defaults and default factories as dataclasses apply them (measured: about as fast per
  instance as the generated frozen ``__init__``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Callable[[Any], Any]:
        return lambda function: function


T = TypeVar("T")

_collect_fields = dataclasses.dataclass(init=False, repr=False, eq=False)
# The default of a field with a default factory, in a compiled __init__'s signature.
_FACTORY = object()


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _compared(self: Any) -> tuple[object, ...]:
    return tuple([getattr(self, name) for name in self.__record_compared__])


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is self.__class__:
        return _compared(self) == _compared(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(_compared(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_shown__)
    return f"{type(self).__qualname__}({shown})"


def _compile_init(cls: type) -> Callable[..., None]:
    """The class's ``__init__``: every field an argument in order, as dataclasses makes it."""
    scope: dict[str, Any] = {"_FACTORY": _FACTORY}
    arguments: list[str] = []
    body: list[str] = []
    for found in dataclasses.fields(cls):
        name = found.name
        if found.default is not dataclasses.MISSING:
            scope[f"_default_{name}"] = found.default
            arguments.append(f"{name}=_default_{name}")
        elif found.default_factory is not dataclasses.MISSING:
            scope[f"_factory_{name}"] = found.default_factory
            arguments.append(f"{name}=_FACTORY")
            body.append(f"  if {name} is _FACTORY: {name} = _factory_{name}()")
        else:
            arguments.append(name)
        body.append(f"  d[{name!r}] = {name}")
    source = f"def __init__(self, {', '.join(arguments)}):\n  d = self.__dict__\n"
    exec(source + "\n".join(body) + "\n", scope)
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def _check_order(cls: type) -> None:
    """A field without a default after one with, refused when the class is made, as
    dataclasses refuses it."""
    defaulted = None
    for found in dataclasses.fields(cls):
        has_default = (
            found.default is not dataclasses.MISSING
            or found.default_factory is not dataclasses.MISSING
        )
        if has_default:
            defaulted = found.name
        elif defaulted is not None:
            raise TypeError(
                f"non-default argument {found.name!r} follows default argument {defaulted!r}"
                f" in {cls.__qualname__}"
            )


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: type[T]) -> type[T]:
    """Make ``cls`` a frozen dataclass (see the module's docstring)."""
    _collect_fields(cls)
    _check_order(cls)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    own = cls.__dict__
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    type.__setattr__(cls, "__record_compared__", tuple(f.name for f in fields if f.compare))
    type.__setattr__(cls, "__record_shown__", tuple(f.name for f in fields if f.repr))

    def first_init(self: object, *args: object, **kwargs: object) -> None:
        init = _compile_init(cls)
        type.__setattr__(cls, "__init__", init)
        init(self, *args, **kwargs)

    type.__setattr__(cls, "__init__", first_init)
    type.__setattr__(cls, "__setattr__", _frozen_setattr)
    type.__setattr__(cls, "__delattr__", _frozen_delattr)
    if "__repr__" not in own:
        type.__setattr__(cls, "__repr__", _repr)
    if "__eq__" not in own:
        type.__setattr__(cls, "__eq__", _eq)
    if not explicit_hash:
        type.__setattr__(cls, "__hash__", _hash)
    return cls
