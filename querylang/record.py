"""Frozen record classes: the ``dataclass(frozen=True)`` interface, cheaper to define.

Every tree node, diagnostic and compiled query is a small frozen record.
``dataclasses`` builds each class from about six generated functions,
each compiled on its own, and importing it pulls in ``inspect``; for the
thirty records ``querylang compile`` needs, that was a fifth of its start
(bench/vs_search_query.py measures the start against search-query's).
:func:`record` generates the same methods from one piece of source per
class, and imports nothing; ``__eq__``, ``__hash__`` and ``__repr__`` are
compiled the first time one of them is called (most records are never
compared, hashed or printed in a given command, and compiling their source
was most of what defining a record cost: about a sixth of the instructions
of ``querylang compile``'s start).

What it supports is what querylang uses: fields from the class's own
annotations (after its bases' fields), defaults, ``field(default=...,
compare=..., repr=...)``, frozen instances (assignment raises
:class:`FrozenInstanceError`, an ``AttributeError`` like dataclasses'),
equality on the compared fields of the same class, a hash of those
fields, the dataclass ``repr`` and :func:`replace`.

Type checkers see :func:`dataclasses.dataclass` itself (the names are
imported from it under ``TYPE_CHECKING``), so mypy checks every record,
its constructor calls and its immutability exactly as it would a dataclass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["FrozenInstanceError", "field", "field_names", "record", "replace"]


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen record."""


class _Field:
    __slots__ = ("default", "compare", "repr")

    def __init__(self, default: Any, compare: bool, repr: bool) -> None:
        self.default = default
        self.compare = compare
        self.repr = repr


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


_MISSING: Any = _Missing()

#: The fields of each record class, in order: (name, default, compare, repr).
_FIELDS = "__record_fields__"


def _setattr(self: object, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: object, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _install(cls: type, method: str, function: Any) -> None:
    function.__qualname__ = f"{cls.__qualname__}.{method}"
    setattr(cls, method, function)


def _on_first_call(cls: type, method: str, source: list[str]) -> Any:
    """A stand-in for ``method`` that compiles ``source``, puts the result on
    ``cls`` in its place and calls it."""

    def first_call(self: Any, *args: Any) -> Any:
        namespace: dict[str, Any] = {}
        exec("\n".join(source), namespace)  # noqa: S102 - our own generated source
        _install(cls, method, namespace[method])
        return namespace[method](self, *args)

    return first_call


def _build(cls: type) -> type:
    fields: dict[str, tuple[str, Any, bool, bool]] = {}
    for base in reversed(cls.__mro__[1:]):
        for spec in base.__dict__.get(_FIELDS, ()):
            fields[spec[0]] = spec
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
            continue
        default = cls.__dict__.get(name, _MISSING)
        compare = in_repr = True
        if isinstance(default, _Field):
            default, compare, in_repr = default.default, default.compare, default.repr
            if default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, default)
        fields[name] = (name, default, compare, in_repr)
    specs = tuple(fields.values())
    setattr(cls, _FIELDS, specs)

    # __init__ fills the instance dictionary directly: assignment is what a
    # frozen class forbids, and object.__setattr__ per field (the dataclass
    # way) costs more on the thirty-odd records of every parse.
    namespace: dict[str, Any] = {"_MISSING": _MISSING}
    parameters, body = [], []
    seen_default = False
    for name, default, _, _ in specs:
        if default is _MISSING:
            if seen_default:
                raise TypeError(f"non-default field {name!r} follows a default field")
            parameters.append(name)
        else:
            seen_default = True
            namespace[f"_default_{name}"] = default
            parameters.append(f"{name}=_default_{name}")
        body.append(f"    fields[{name!r}] = {name}")
    compared = [name for name, _, compare, _ in specs if compare]
    shown = [name for name, _, _, show in specs if show]
    own = "".join(f"self.{name}, " for name in compared)
    other = "".join(f"other.{name}, " for name in compared)
    init = [
        f"def __init__(self, {', '.join(parameters)}):",
        "    fields = self.__dict__",
        *body,
    ]
    exec("\n".join(init), namespace)  # noqa: S102 - our own generated source, as dataclasses does
    _install(cls, "__init__", namespace["__init__"])
    # The other methods are compiled the first time one is called: most
    # records are never compared, hashed or printed in a given command, and
    # compiling each one's source is most of what defining the class costs.
    methods = {
        "__eq__": [
            "def __eq__(self, other):",
            "    if other.__class__ is not self.__class__:",
            "        return NotImplemented",
            f"    return ({own}) == ({other})",
        ],
        "__hash__": [
            "def __hash__(self):",
            f"    return hash(({own}))",
        ],
        "__repr__": [
            "def __repr__(self):",
            "    return (self.__class__.__qualname__ + '('"
            + "".join(f" + {(', ' if i else '') + name + '='!r} + repr(self.{name})"
                      for i, name in enumerate(shown))
            + " + ')')",
        ],
    }
    for method, source in methods.items():
        _install(cls, method, _on_first_call(cls, method, source))
    cls.__setattr__ = _setattr  # type: ignore[assignment]
    cls.__delattr__ = _delattr  # type: ignore[assignment]
    setattr(cls, "__match_args__", tuple(spec[0] for spec in specs))  # noqa: B010 - mypy refuses the plain assignment
    return cls


def field_names(obj: object) -> tuple[str, ...]:
    """The field names of a record (or a dataclass), in order."""
    specs = getattr(type(obj), _FIELDS, None)
    if specs is None:  # a real dataclass
        return tuple(getattr(type(obj), "__dataclass_fields__", ()))
    return tuple(spec[0] for spec in specs)


if TYPE_CHECKING:
    from dataclasses import dataclass as record
    from dataclasses import field, replace
else:

    def record(cls: type | None = None, /, *, frozen: bool = True) -> Any:
        """``@record(frozen=True)``: a frozen record class (see the module)."""
        if not frozen:
            raise TypeError("records are always frozen")
        return _build if cls is None else _build(cls)

    def field(*, default: Any = _MISSING, compare: bool = True, repr: bool = True) -> Any:
        """A field's default and whether it takes part in equality and repr."""
        return _Field(default, compare, repr)

    def replace(obj: Any, /, **changes: Any) -> Any:
        """A copy of the record ``obj`` with some fields changed."""
        values = {name: getattr(obj, name) for name, *_ in getattr(obj, _FIELDS)}
        unknown = set(changes) - set(values)
        if unknown:
            raise TypeError(f"{type(obj).__name__} has no field {sorted(unknown)[0]!r}")
        values.update(changes)
        return type(obj)(**values)
